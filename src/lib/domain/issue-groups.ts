/**
 * Grouping of an import's problems for the page: the same problem on many rows (one unknown unit
 * code on 27 rows) is one line, "mã SO99 không có: dòng 4–30", instead of 27 lines that bury the
 * rest. Pure. The downloadable report keeps every item (one row each).
 */

/** A problem found in an imported file, located as precisely as the file allows. */
export interface ImportIssue {
	severity: 'error' | 'warning';
	file: string;
	/** Spreadsheet row number (header = 1), or null for the whole file. */
	row: number | null;
	/** Column letter and header as written in the file, e.g. `F "Điểm khối chấm"`. */
	column: string | null;
	/** The field (English column name) concerned. */
	field: string | null;
	/** The value as written. */
	value: string | null;
	/** What is wrong, in Vietnamese. */
	message: string;
}

/** What is grouped: an import issue, or anything with its fields. */
export type GroupableIssue = ImportIssue;

/** Consecutive rows `[from, to]` (from = to for a single row). */
export type RowRange = [number, number];

export interface IssueGroup<T extends GroupableIssue = GroupableIssue> {
	/** The first issue of the group (all of them say the same but for the row). */
	issue: T;
	/** How many issues the group holds. */
	count: number;
	/** Their rows, compacted into ranges, ascending; empty when none has a row (whole file). */
	ranges: RowRange[];
	/** How many ranges there are (more than `ranges` holds once cut by `limitGroups`). */
	rangeCount: number;
	/** Issues of the group without a row (a problem of the whole file). */
	withoutRow: number;
}

/** Two issues are the same problem when they differ only by row. */
function sameProblem(i: GroupableIssue): string {
	return JSON.stringify([i.severity, i.file, i.column, i.field, i.value, i.message]);
}

/** `[4, 5, 6, 9, 11, 12]` → `[[4, 6], [9, 9], [11, 12]]` (sorted, duplicates dropped). */
export function rowRanges(rows: readonly number[]): RowRange[] {
	const sorted = [...new Set(rows)].sort((a, b) => a - b);
	const out: RowRange[] = [];
	for (const r of sorted) {
		const last = out[out.length - 1];
		if (last && r === last[1] + 1) last[1] = r;
		else out.push([r, r]);
	}
	return out;
}

/**
 * Groups identical problems, in the order their first issue comes (the report's order: errors
 * first, then by file and row). Each group's rows are compacted into ranges.
 */
export function groupIssues<T extends GroupableIssue>(issues: readonly T[]): IssueGroup<T>[] {
	const groups = new Map<string, { issue: T; rows: number[]; count: number; withoutRow: number }>();
	for (const issue of issues) {
		const key = sameProblem(issue);
		let g = groups.get(key);
		if (!g) groups.set(key, (g = { issue, rows: [], count: 0, withoutRow: 0 }));
		g.count++;
		if (issue.row === null) g.withoutRow++;
		else g.rows.push(issue.row);
	}
	return [...groups.values()].map((g) => {
		const ranges = rowRanges(g.rows);
		return { issue: g.issue, count: g.count, ranges, rangeCount: ranges.length, withoutRow: g.withoutRow };
	});
}

/** The first `maxGroups` groups, each with its first `maxRanges` ranges (what a page lists). */
export function limitGroups<T extends GroupableIssue>(
	groups: readonly IssueGroup<T>[],
	maxGroups: number,
	maxRanges: number
): IssueGroup<T>[] {
	return groups.slice(0, maxGroups).map((g) => ({ ...g, ranges: g.ranges.slice(0, maxRanges) }));
}

/**
 * A group's rows as text: `4–30, 35, 40–41` (an en dash between the ends; row numbers as the
 * spreadsheet writes them), and how many ranges are left out (cut by `limitGroups`).
 */
export function rangesText(g: Pick<IssueGroup, 'ranges' | 'rangeCount'>): { text: string; more: number } {
	const shown = g.ranges.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`));
	return { text: shown.join(', '), more: Math.max(0, g.rangeCount - g.ranges.length) };
}
