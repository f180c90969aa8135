import { describe, expect, it } from 'vitest';
import { TABLES_BY_NAME } from '../../src/lib/domain/csv-schema';
import { normalizeKey } from '../../src/lib/domain/text';
import {
	columnLetter,
	convertCell,
	decimalStyle,
	decodeText,
	detectTable,
	leftOut,
	mapHeader
} from '../../src/lib/server/import/parse';
import type { ImportIssue } from '../../src/lib/server/import/issues';

const utf8 = (s: string) => new TextEncoder().encode(s);
const col = (table: 'scores' | 'units' | 'awards' | 'memberships', name: string) =>
	TABLES_BY_NAME.get(table)!.columns.find((c) => c.name === name)!;

describe('normalizeKey', () => {
	it('matches Vietnamese headers however they are typed', () => {
		expect(normalizeKey('Mã đơn vị')).toBe('ma_don_vi');
		expect(normalizeKey('MÃ ĐƠN VỊ')).toBe('ma_don_vi');
		expect(normalizeKey(' Điểm khối chấm ')).toBe('diem_khoi_cham');
		expect(normalizeKey('self_score')).toBe('self_score');
	});
});

describe('decodeText', () => {
	it('strips a UTF-8 BOM', () => {
		const r = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Năm')]));
		expect(r).toEqual({ ok: true, text: 'Năm' });
	});
	it('reads UTF-16 LE as Excel writes "Unicode text"', () => {
		const text = 'Mã đơn vị\tĐiểm';
		const bytes = new Uint8Array(2 + text.length * 2);
		bytes.set([0xff, 0xfe]);
		for (let i = 0; i < text.length; i++) {
			bytes[2 + i * 2] = text.charCodeAt(i) & 0xff;
			bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
		}
		expect(decodeText(bytes)).toEqual({ ok: true, text });
	});
	it('refuses Windows-1258 bytes with advice to save as CSV UTF-8', () => {
		// "Mã" in Windows-1258: M, a, combining tilde 0xDE
		const r = decodeText(new Uint8Array([0x4d, 0x61, 0xde, 0x0a]));
		expect(r.ok).toBe(false);
		expect(!r.ok && r.reason).toContain('CSV UTF-8');
	});
	it('refuses binary content', () => {
		expect(decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])).ok).toBe(false);
	});
});

describe('detectTable', () => {
	it('goes by the file name in English or Vietnamese', () => {
		expect(detectTable('scores.csv', [])).toMatchObject({ name: 'scores' });
		expect(detectTable('data/diem_2024.csv', [])).toMatchObject({ name: 'scores' });
		expect(detectTable('Khen_thuong.CSV', [])).toMatchObject({ name: 'awards' });
	});
	it('falls back to the headers: the table with the most matching columns wins', () => {
		expect(
			detectTable('bang1.csv', ['Năm', 'Mã khối', 'Mã đơn vị', 'Mã tiêu chí', 'Điểm tự chấm'])
		).toMatchObject({
			name: 'scores'
		});
		expect(detectTable('bang2.csv', ['Năm', 'Mã khối', 'Mã đơn vị', 'Vai trò'])).toMatchObject({
			name: 'memberships'
		});
	});
	it('says so when it cannot tell', () => {
		expect(detectTable('x.csv', ['a', 'b'])).toHaveProperty('error');
	});
});

describe('convertCell', () => {
	it('converts scores written the Vietnamese way and refuses negatives and extra decimals', () => {
		expect(convertCell('8,5', col('scores', 'self_score'))).toEqual({ value: 8.5 });
		expect(convertCell('', col('scores', 'self_score'))).toEqual({ value: null });
		expect(convertCell('-1', col('scores', 'self_score'))).toEqual({ reason: '"-1" là số âm' });
		expect(convertCell('8,125', col('scores', 'self_score'))).toEqual({
			reason: '"8,125" có quá 2 chữ số thập phân'
		});
	});
	it('maps Vietnamese enum words to their codes', () => {
		expect(convertCell('Trưởng khối', col('memberships', 'role'))).toEqual({ value: 'leader' });
		expect(convertCell('PHÓ KHỐI', col('memberships', 'role'))).toEqual({ value: 'deputy' });
		expect(convertCell('Người lao động trực tiếp', col('awards', 'recipient_category'))).toEqual({
			value: 'direct_worker'
		});
		expect(convertCell('Lao động tiên tiến', col('awards', 'award_code'))).toEqual({ value: 'LDTT' });
		expect(convertCell('Sếp', col('memberships', 'role'))).toHaveProperty('reason');
	});
	it('reads yes/no in Vietnamese', () => {
		expect(convertCell('Có', col('units', 'remote_area'))).toEqual({ value: true });
		expect(convertCell('không', col('units', 'remote_area'))).toEqual({ value: false });
	});
	it('stores text NFC, trims invisible edges of codes and refuses them inside, takes back an export quote', () => {
		expect(convertCell('Hồng'.normalize('NFD'), col('awards', 'recipient_name'))).toEqual({ value: 'Hồng' });
		expect(convertCell('\u200bSO03\u00a0', col('scores', 'unit_code'))).toEqual({ value: 'SO03' });
		expect(convertCell('SO\u200b03', col('scores', 'unit_code'))).toEqual({
			reason:
				'mã "SO\u200b03" chứa ký tự vô hình U+200B (dấu cách độ rộng 0 (zero width space)) ở vị trí 3: hãy xóa ô và gõ lại mã'
		});
		expect(convertCell("'-Đã hoàn thành", col('scores', 'note'))).toEqual({ value: '-Đã hoàn thành' });
		expect(convertCell("'=1+1", col('scores', 'unit_code'))).toEqual({ value: '=1+1' });
		expect(convertCell('2\u00a09', col('scores', 'self_score'))).toMatchObject({
			reason: expect.stringContaining('U+00A0')
		});
	});
	it('requires required cells', () => {
		expect(convertCell('  ', col('scores', 'unit_code'))).toEqual({
			reason: 'thiếu giá trị bắt buộc "Mã đơn vị" (unit_code)'
		});
	});
});

describe('columnLetter', () => {
	it('gives column letters past Z', () => {
		expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
	});
});

describe('leftOut', () => {
	const header = (table: 'scores' | 'awards', row: string) => {
		const issues: ImportIssue[] = [];
		const map = mapHeader(`${table}.csv`, row.split(','), {}, issues);
		expect(issues).toEqual([]);
		return leftOut(map!.table, map!.columns);
	};
	it('says which columns a file left out, so that the stored values stay', () => {
		expect(header('scores', 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm')).toEqual([
			'reviewed_score',
			'note'
		]);
		expect(header('scores', 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú')).toEqual(
			[]
		);
		// A key column left out (awards' award_id) is derived, never kept.
		const awards = header(
			'awards',
			'year,unit_code,recipient_kind,recipient_name,recipient_category,award_code'
		);
		expect(awards).not.toContain('award_id');
		expect(awards).toContain('decision_no');
	});
});

describe('decimalStyle', () => {
	it('tells a decimal comma from a decimal point, and neither from a thousands point', () => {
		expect(['8,5', ' 1.234,5 ', '-0,25'].map(decimalStyle)).toEqual(['comma', 'comma', 'comma']);
		expect(['8.5', '28.50', '-1.25'].map(decimalStyle)).toEqual(['point', 'point', 'point']);
		expect(['1.500', '12', '', 'tám', '1.234.567'].map(decimalStyle)).toEqual([null, null, null, null, null]);
	});
});
