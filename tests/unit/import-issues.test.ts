/**
 * The stored error report is cut short (src/lib/server/import/issues.ts): a check of a 5.8 MB
 * file wrong on every row once left 68 MB of issues on disk. The first issues of each kind are
 * kept, in order, with the count of every kind cut short.
 */
import { describe, expect, it } from 'vitest';
import {
	ISSUES_PER_KIND,
	ISSUES_STORED,
	issueKind,
	shortenIssues,
	type ImportIssue
} from '../../src/lib/server/import/issues';

const issue = (
	row: number,
	column: string,
	message: string,
	severity: 'error' | 'warning' = 'error'
): ImportIssue => ({
	severity,
	file: 'scores.csv',
	row,
	column,
	field: null,
	value: null,
	message
});

describe('the kind of an issue', () => {
	it('is its severity, file, column and message without the values', () => {
		const a = issue(2, 'E "Điểm tự chấm"', '31 vượt điểm tối đa 30 của tiêu chí I.1 (nội dung)');
		const b = issue(9, 'E "Điểm tự chấm"', '12,5 vượt điểm tối đa 10 của tiêu chí I.4 (nội dung)');
		expect(issueKind(a)).toBe(issueKind(b));
		expect(issueKind(issue(3, 'C "Mã đơn vị"', 'không có đơn vị mã XX12'))).toBe(
			issueKind(issue(4, 'C "Mã đơn vị"', 'không có đơn vị mã XX999'))
		);
		expect(issueKind(issue(3, 'C', 'giá trị "abc" không phải số'))).toBe(
			issueKind(issue(3, 'C', 'giá trị "x y" không phải số'))
		);
		// Another column, another severity, another reason: another kind.
		expect(issueKind(a)).not.toBe(issueKind({ ...a, column: 'F "Điểm khối chấm"' }));
		expect(issueKind(a)).not.toBe(issueKind({ ...a, severity: 'warning' }));
		expect(issueKind(a)).not.toBe(issueKind({ ...a, message: 'không phải số' }));
	});
});

describe('cutting the stored report short', () => {
	it('keeps the first 1,000 of each kind in their order, and counts the rest', () => {
		// 2,500 rows above the maximum and, among them, 10 unknown units (rows 101, 201, …, 1001).
		const all: ImportIssue[] = [];
		for (let row = 2; row <= 2501; row++) {
			all.push(issue(row, 'E "Điểm tự chấm"', `${row} vượt điểm tối đa 30 của tiêu chí I.1 (nội dung)`));
			if (row % 100 === 1 && row <= 1001)
				all.push(issue(row, 'C "Mã đơn vị"', `không có đơn vị mã XX${row}`));
		}
		expect(all).toHaveLength(2510);
		const r = shortenIssues(all);
		expect(ISSUES_PER_KIND).toBe(1000);
		// 1,000 above the maximum (rows 2 to 1001) and the 10 unknown units.
		expect(r.issues).toHaveLength(1010);
		expect(r.issues.filter((i) => i.column === 'E "Điểm tự chấm"').map((i) => i.row)).toEqual(
			Array.from({ length: 1000 }, (_, k) => k + 2)
		);
		expect(r.issues.filter((i) => i.column === 'C "Mã đơn vị"')).toHaveLength(10);
		// In the order of the report.
		expect(r.issues.map((i) => all.indexOf(i))).toEqual(
			[...r.issues.map((i) => all.indexOf(i))].sort((x, y) => x - y)
		);
		expect(r.total).toBe(2510);
		expect(r.shortened).toEqual([{ example: all[0], total: 2500, kept: 1000 }]);
	});

	it('keeps 10,000 at most, every kind together', () => {
		// 15 columns of 1,000 issues: the first 10 columns are kept whole, the other 5 not at all.
		const all = Array.from({ length: 15_000 }, (_, k) =>
			issue(2 + (k % 1000), `C${Math.floor(k / 1000)}`, 'không phải số')
		);
		const r = shortenIssues(all);
		expect(ISSUES_STORED).toBe(10_000);
		expect(r.issues).toHaveLength(10_000);
		expect(r.total).toBe(15_000);
		expect(r.shortened.map((k) => [k.example.column, k.total, k.kept])).toEqual(
			[10, 11, 12, 13, 14].map((c) => [`C${c}`, 1000, 0])
		);
	});

	it('keeps a report within the limits whole', () => {
		const all = [issue(2, 'A', 'x'), issue(3, 'A', 'y', 'warning')];
		expect(shortenIssues(all)).toEqual({ issues: all, total: 2, shortened: [] });
	});
});
