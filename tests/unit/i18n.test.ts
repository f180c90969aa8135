import { describe, expect, it } from 'vitest';
import { en } from '../../src/lib/i18n/en';
import { interpolate, isLang, messages, t, translator } from '../../src/lib/i18n';
import { vi } from '../../src/lib/i18n/vi';
import { TIERS, ROLES, UNIT_TYPES, CRITERION_KINDS } from '../../src/lib/domain/types';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
	it('vi and en have exactly the same keys', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
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
	it('formats numbers the Vietnamese way in vi and the English way in en', () => {
		expect(translator('vi').num(1234.5)).toBe('1.234,5');
		expect(translator('en').num(1234.5)).toBe('1,234.5');
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
