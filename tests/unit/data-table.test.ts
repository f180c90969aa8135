import { describe, expect, it } from 'vitest';
import { cellClass, cellText, spec, tableCsv, type Column } from '../../src/lib/components/table/data-table';
import { translator } from '../../src/lib/i18n';

const vi = translator('vi');
const en = translator('en');
const columns: Column[] = [
	{ label: 'Khối' },
	{ label: 'Cá nhân', num: true, digits: 0 },
	{ label: 'Tỉ lệ', num: true }
];

describe('data-table cells', () => {
	it('writes numbers the Vietnamese way in both languages, a dash for nothing', () => {
		expect(cellText(spec(1065), columns[1], vi)).toBe('1.065');
		expect(cellText(spec(1065), columns[1], en)).toBe('1.065');
		expect(cellText(spec(0.6612), columns[2], vi)).toBe('0,66');
		expect(cellText(spec(null), columns[2], vi)).toBe('—');
		expect(cellText(spec('Khối K01'), columns[0], vi)).toBe('Khối K01');
		expect(cellText({ value: 260, text: '260/1.037' }, columns[1], vi)).toBe('260/1.037');
	});

	it('right-aligns number columns and keeps a cell’s own classes', () => {
		expect(cellClass(spec(3), columns[1])).toBe('num');
		expect(cellClass({ value: 'Đạt', class: 'meets' }, columns[0])).toBe('meets');
	});

	it('downloads what it shows: caption, header, rows; numbers a spreadsheet reads, sub-lines in brackets', () => {
		const csv = tableCsv(
			'Khen thưởng theo khối',
			columns,
			[
				{ key: 'a', cells: ['Cụm xã', 1065, 0.5] },
				{ key: 'b', cells: ['=Khối', { value: 260, text: '260/1.037', sub: '25,1%' }, null] }
			],
			vi
		);
		expect(csv.split('\r\n')).toEqual([
			'\uFEFFKhen thưởng theo khối',
			'Khối,Cá nhân,Tỉ lệ',
			'Cụm xã,1065,"0,5"',
			`'=Khối,"260/1.037 (25,1%)",—`,
			''
		]);
	});
});
