import { describe, expect, it } from 'vitest';
import {
	groupIssues,
	limitGroups,
	rangesText,
	rowRanges,
	type GroupableIssue
} from '../../src/lib/domain/issue-groups';

const issue = (row: number | null, over: Partial<GroupableIssue> = {}): GroupableIssue => ({
	severity: 'error',
	file: 'diem.csv',
	row,
	column: 'C "Mã đơn vị"',
	field: 'unit_code',
	value: 'SO99',
	message: 'mã đơn vị "SO99" không có trong danh mục',
	...over
});

describe('row ranges', () => {
	it('compacts consecutive rows, sorted, without duplicates', () => {
		expect(rowRanges([4, 5, 6, 9, 11, 12])).toEqual([
			[4, 6],
			[9, 9],
			[11, 12]
		]);
		expect(rowRanges([30, 4, 5, 5, 29])).toEqual([
			[4, 5],
			[29, 30]
		]);
		expect(rowRanges([])).toEqual([]);
	});
});

describe('grouping identical problems', () => {
	it('makes one line of one unknown unit code on 27 rows: rows 4–30', () => {
		const issues = Array.from({ length: 27 }, (_, i) => issue(4 + i));
		const groups = groupIssues(issues);
		expect(groups).toHaveLength(1);
		expect(groups[0]!.count).toBe(27);
		expect(groups[0]!.ranges).toEqual([[4, 30]]);
		expect(rangesText(groups[0]!)).toEqual({ text: '4–30', more: 0 });
	});

	it('keeps apart problems that differ in value, message, column, file or severity, in first-seen order', () => {
		const other = issue(7, { value: 'XA99', message: 'mã đơn vị "XA99" không có trong danh mục' });
		const warning = issue(8, { severity: 'warning' });
		const otherFile = issue(4, { file: 'b.csv' });
		const otherColumn = issue(5, { column: 'D "Mã tiêu chí"' });
		const groups = groupIssues([issue(4), other, issue(5), warning, otherFile, otherColumn, issue(9)]);
		expect(groups.map((g) => [g.issue.row, g.count, rangesText(g).text])).toEqual([
			[4, 3, '4–5, 9'],
			[7, 1, '7'],
			[8, 1, '8'],
			[4, 1, '4'],
			[5, 1, '5']
		]);
	});

	it('counts problems of the whole file (no row) apart from the rows', () => {
		const groups = groupIssues([issue(null), issue(null), issue(3)]);
		expect(groups).toHaveLength(1);
		expect(groups[0]).toMatchObject({ count: 3, withoutRow: 2, ranges: [[3, 3]] });
	});

	it('limits what a page lists and says how many ranges are left out', () => {
		const every = Array.from({ length: 40 }, (_, i) => issue(2 + 2 * i)); // 40 separate rows
		const groups = groupIssues([...every, issue(1, { value: 'X', message: 'khác' })]);
		const [first, ...rest] = limitGroups(groups, 1, 3);
		expect(rest).toEqual([]);
		expect(first!.count).toBe(40);
		expect(rangesText(first!)).toEqual({ text: '2, 4, 6', more: 37 });
	});
});
