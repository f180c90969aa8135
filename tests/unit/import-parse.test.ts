import { describe, expect, it } from 'vitest';
import { TABLES_BY_NAME } from '../../src/lib/domain/csv-schema';
import { normalizeKey } from '../../src/lib/domain/text';
import type { ImportIssue } from '../../src/lib/server/import/issues';
import { formatIssue } from '../../src/lib/server/import/issues';
import {
	columnLetter,
	convertCell,
	decodeText,
	detectTable,
	parseFile
} from '../../src/lib/server/import/parse';

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

describe('parseFile', () => {
	it('locates a bad cell by file, spreadsheet row, column letter and header', () => {
		const issues: ImportIssue[] = [];
		const csv =
			'Năm;Mã khối;Mã đơn vị;Mã tiêu chí;Điểm tự chấm\n2024;K01;XA01;TC01;8,5\n\n2024;K01;XA02;TC01;tám\n';
		const f = parseFile({ name: 'diem.csv', content: utf8(csv) }, issues);
		expect(f?.delimiter).toBe(';');
		expect(f?.rows).toHaveLength(1);
		expect(issues).toEqual([
			{
				severity: 'error',
				file: 'diem.csv',
				row: 4,
				column: 'E "Điểm tự chấm"',
				field: 'self_score',
				value: 'tám',
				message: '"tám" không phải là số (viết 8,5 hoặc 1.000)'
			}
		]);
		expect(formatIssue(issues[0]!)).toBe(
			'LỖI diem.csv, dòng 4, cột E "Điểm tự chấm" (self_score), giá trị "tám": "tám" không phải là số (viết 8,5 hoặc 1.000)'
		);
	});
	it('names missing required columns', () => {
		const issues: ImportIssue[] = [];
		expect(
			parseFile({ name: 'scores.csv', content: 'year,bloc_code,unit_code\n2024,K01,XA01\n' }, issues)
		).toBeNull();
		expect(issues[0]?.message).toContain('thiếu cột bắt buộc "Mã tiêu chí" (criterion_code)');
	});
	it('warns about unknown columns and refuses a column given twice', () => {
		const issues: ImportIssue[] = [];
		parseFile({ name: 'blocs.csv', content: 'bloc_code,Mã khối,bloc_name,Màu\nK1,K1,Khối 1,đỏ\n' }, issues);
		expect(issues.map((i) => [i.severity, i.column])).toEqual([
			['error', 'B "Mã khối"'],
			['warning', 'D "Màu"']
		]);
	});
	it('refuses an empty file and warns on a header-only file', () => {
		const issues: ImportIssue[] = [];
		expect(parseFile({ name: 'units.csv', content: '' }, issues)).toBeNull();
		parseFile({ name: 'units.csv', content: 'unit_code,unit_name,unit_type\n' }, issues);
		expect(issues.map((i) => [i.severity, i.message])).toEqual([
			['error', 'tệp rỗng'],
			['warning', 'tệp chỉ có dòng tiêu đề, không có dữ liệu']
		]);
	});
	it('refuses a row with fewer cells than the header, naming the missing columns, never reading them as empty', () => {
		const issues: ImportIssue[] = [];
		const header = 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú';
		const f = parseFile(
			{ name: 'diem.csv', content: `${header}\n2025,K04,SO03,I.1,25\n2025,K04,SO03,I.2,29,,\n` },
			issues
		);
		expect(issues).toEqual([
			{
				severity: 'error',
				file: 'diem.csv',
				row: 2,
				column: 'F "Điểm khối chấm", G "Ghi chú"',
				field: null,
				value: null,
				message:
					'dòng chỉ có 5 ô nhưng tiêu đề có 7 cột: thiếu ô của cột F "Điểm khối chấm" (reviewed_score), G "Ghi chú" (note); ô bị thiếu không được hiểu là ô trống: để xóa một giá trị, hãy giữ đủ dấu phân cách và để trống ô đó'
			}
		]);
		// The explicitly empty cells of row 3 do empty the values.
		expect(f?.rows.map((r) => [r.row, r.values.reviewed_score, r.values.note])).toEqual([[3, null, null]]);
	});
	it('does not count a missing cell under an unnamed header column', () => {
		const issues: ImportIssue[] = [];
		const f = parseFile(
			{
				name: 'diem.csv',
				content: 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,\n2025,K04,SO03,I.1,25\n'
			},
			issues
		);
		expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
		expect(f?.rows).toHaveLength(1);
	});
	it('says which columns a file left out, so that the stored values stay', () => {
		const issues: ImportIssue[] = [];
		const f = parseFile(
			{
				name: 'scores.csv',
				content: 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm\n2025,K04,SO03,I.1,25\n'
			},
			issues
		);
		expect(f?.keep).toEqual(['reviewed_score', 'note']);
		const full = parseFile(
			{
				name: 'scores.csv',
				content: 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú\n'
			},
			issues
		);
		expect(full?.keep).toBeUndefined();
		// A key column left out (awards' award_id) is derived, never kept.
		const awards = parseFile(
			{
				name: 'awards.csv',
				content:
					'year,unit_code,recipient_kind,recipient_name,recipient_category,award_code\n2024,XA01,Cá nhân,An,Lãnh đạo,LDTT\n'
			},
			issues
		);
		expect(awards?.keep).not.toContain('award_id');
		expect(awards?.keep).toContain('decision_no');
	});
	it("reads Excel's sep=; line and numbers the rows as Excel shows them", () => {
		const issues: ImportIssue[] = [];
		const f = parseFile(
			{
				name: 'diem.csv',
				content: 'sep=;\r\nNăm;Mã khối;Mã đơn vị;Mã tiêu chí;Điểm tự chấm\r\n2025;K04;SO03;I.1;tám\r\n'
			},
			issues
		);
		expect(f?.delimiter).toBe(';');
		expect(issues.map((i) => [i.row, i.column, i.value])).toEqual([[2, 'E "Điểm tự chấm"', 'tám']]);
	});
	it('skips a row of invisible characters only', () => {
		const issues: ImportIssue[] = [];
		const f = parseFile(
			{
				name: 'diem.csv',
				content: 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm\n\u200b,\u00a0,,,\n2025,K04,SO03,I.1,25\n'
			},
			issues
		);
		expect(issues).toEqual([]);
		expect(f?.rows.map((r) => r.row)).toEqual([3]);
	});
	it('gives column letters past Z', () => {
		expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
	});
});
