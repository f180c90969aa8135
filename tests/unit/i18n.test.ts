import { describe, expect, it } from 'vitest';
import { en } from '../../src/lib/i18n/en';
import { interpolate, isLang, messages, pluralCategory, t, translator } from '../../src/lib/i18n';
import { vi } from '../../src/lib/i18n/vi';
import { TIERS, ROLES, UNIT_TYPES, CRITERION_KINDS } from '../../src/lib/domain/types';

const PLURAL_FORM = /\.(zero|one|two|few|many)$/;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
	it('vi and en have exactly the same keys, apart from the plural forms English adds', () => {
		const added = Object.keys(en).filter((k) => PLURAL_FORM.test(k));
		expect(added.length).toBeGreaterThan(0);
		for (const k of added) expect(Object.keys(vi), k).toContain(k.replace(PLURAL_FORM, '.other'));
		expect(Object.keys(vi).filter((k) => PLURAL_FORM.test(k))).toEqual([]);
		expect(
			Object.keys(en)
				.filter((k) => !PLURAL_FORM.test(k))
				.sort()
		).toEqual(Object.keys(vi).sort());
	});

	it('no message is empty', () => {
		for (const [lang, dict] of Object.entries(messages)) {
			for (const [key, text] of Object.entries(dict)) {
				expect(text.trim(), `${lang}.${key}`).not.toBe('');
			}
		}
	});

	it('each English message uses the same {parameters} as the Vietnamese one', () => {
		for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
			expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
		}
		for (const [key, text] of Object.entries(en).filter(([k]) => PLURAL_FORM.test(k))) {
			const other = key.replace(PLURAL_FORM, '.other') as keyof typeof vi;
			expect(placeholders(text), key).toEqual(placeholders(vi[other]));
		}
	});

	it('has a label for every tier, role, unit type and criterion kind', () => {
		const tr = translator('vi');
		expect(TIERS.map((x) => tr.tier(x))).toEqual(['Xuất sắc', 'Tốt', 'Khá', 'Trung bình', 'Yếu']);
		expect(ROLES.map((x) => tr.role(x))).toEqual(['Trưởng khối', 'Phó khối', 'Thành viên']);
		expect(tr.proposal('flag')).toBe('Đề nghị Cờ thi đua');
		expect(tr.proposal('certificate')).toBe('Đề nghị Bằng khen');
		for (const u of UNIT_TYPES) expect(tr.unitType(u)).not.toBe(u);
		for (const k of CRITERION_KINDS) expect(tr.kind(k)).not.toBe(k);
		expect(tr.unitType('unknown_type')).toBe('unknown_type');
	});
});

describe('interpolation', () => {
	it('fills {parameters} and leaves years as written', () => {
		expect(t('vi')('overview.title', { year: 2025 })).toBe('Tổng quan năm 2025');
		expect(t('en')('overview.title', { year: 2025 })).toBe('Overview 2025');
		expect(t('vi')('mark.unreviewed', { count: 3 })).toBe('⚠ 3 tiêu chí chưa được khối chấm');
	});

	it('keeps unknown placeholders and repeated ones', () => {
		expect(interpolate('{a} và {a}, {b}', { a: 'x' })).toBe('x và x, {b}');
		expect(interpolate('không tham số')).toBe('không tham số');
	});

	it('does not read inherited properties as parameters', () => {
		expect(interpolate('{toString}', {})).toBe('{toString}');
	});
});

describe('numbers, dates, languages', () => {
	it('formats numbers the Vietnamese way in both languages (one format: screen, files, inputs)', () => {
		expect(translator('vi').num(1234.5)).toBe('1.234,5');
		expect(translator('en').num(1234.5)).toBe('1.234,5');
		expect(translator('en').num(1065, 0)).toBe('1.065');
		expect(translator('en').pct(95.25)).toBe('95,3%');
		expect(translator('vi').pct(95.25)).toBe('95,3%');
		expect(translator('vi').date('2025-03-04')).toBe('04/03/2025');
	});

	it('recognises only the supported languages', () => {
		expect(isLang('vi')).toBe(true);
		expect(isLang('en')).toBe(true);
		expect(isLang('fr')).toBe(false);
		expect(isLang(undefined)).toBe(false);
	});
});

describe('plurals', () => {
	it('picks the English form of the count’s plural category, and Vietnamese’s one form', () => {
		expect(pluralCategory('en', 1)).toBe('one');
		expect(pluralCategory('en', 0)).toBe('other');
		expect(pluralCategory('en', 2)).toBe('other');
		expect(pluralCategory('vi', 1)).toBe('other');
		const en = t('en');
		expect(en('awards.fig.individuals', { count: 1, scope: 'K01' })).toBe('individual award (K01)');
		expect(en('awards.fig.individuals', { count: 2, scope: 'K01' })).toBe('individual awards (K01)');
		expect(en('awards.fig.individuals', { count: 0, scope: 'K01' })).toBe('individual awards (K01)');
		expect(en('mark.unitsUnreviewed', { count: 1 })).toBe('⚠ 1 unit not fully reviewed');
		expect(en('mark.unitsUnreviewed', { count: 3 })).toBe('⚠ 3 units not fully reviewed');
		expect(t('vi')('awards.fig.individuals', { count: 1, scope: 'K01' })).toBe('khen thưởng cá nhân (K01)');
	});

	it('writes the count in the number format (1.065), other numbers as they are', () => {
		expect(t('en')('awards.allUnits', { count: 1065 })).toBe('All 1.065 units with awards');
		expect(t('vi')('awards.allUnits', { count: 1065 })).toBe('Tất cả 1.065 đơn vị có khen thưởng');
		expect(t('vi')('mark.unreviewed', { count: 3 })).toBe('⚠ 3 tiêu chí chưa được khối chấm');
		const en = t('en');
		expect(
			en('upload.issues.count', {
				errors: en('upload.issues.errors', { count: 1 }),
				warnings: en('upload.issues.warnings', { count: 1200 })
			})
		).toBe('1 error, 1.200 warnings.');
	});

	it('takes the `other` form without a number count, and the key itself when nothing matches', () => {
		expect(t('en')('awards.allUnits', { count: 'x' })).toBe('All x units with awards');
		expect(t('en')('awards.allUnits')).toBe('All {count} units with awards');
		expect(t('en')('no.such.key' as never)).toBe('no.such.key');
	});
});
