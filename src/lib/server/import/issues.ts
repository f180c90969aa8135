import type { ImportIssue } from '../../domain/issue-groups';

/** A problem found in an imported file (the type is in the domain, which groups them for the page). */
export type { ImportIssue };

/** `scores.csv, dòng 5, cột F "Điểm khối chấm" (reviewed_score), giá trị "12": vượt …` */
export function formatIssue(i: ImportIssue): string {
	const where = [i.file];
	if (i.row !== null) where.push(`dòng ${i.row}`);
	if (i.column !== null) where.push(`cột ${i.column}${i.field ? ` (${i.field})` : ''}`);
	else if (i.field !== null) where.push(`trường ${i.field}`);
	if (i.value !== null && i.value !== '') where.push(`giá trị "${i.value}"`);
	return `${i.severity === 'error' ? 'LỖI' : 'Cảnh báo'} ${where.join(', ')}: ${i.message}`;
}

/** How many issues of one kind the stored report keeps (the first ones, in report order). */
export const ISSUES_PER_KIND = 1000;
/** How many issues the stored report keeps at most, every kind together. */
export const ISSUES_STORED = 10_000;

/**
 * The kind of an issue: its severity, file, column and message with the values left out
 * (`31 vượt điểm tối đa 30 của tiêu chí I.1` and `12 vượt điểm tối đa 10 của tiêu chí I.4` are
 * one kind), so that a file wrong on every row keeps a few examples of each problem.
 */
export function issueKind(i: ImportIssue): string {
	const message = i.message.replace(/"[^"]*"/g, '""').replace(/\d+(?:[.,]\d+)*/g, '#');
	return [i.severity, i.file, i.column ?? '', message].join('\u0000');
}

/** A report as stored: the issues kept, and how many there were of each kind cut short. */
export interface StoredIssues {
	issues: ImportIssue[];
	/** Every issue of the check. */
	total: number;
	/** Per kind cut short: an example (its first issue), how many there were and how many are kept. */
	shortened: { example: ImportIssue; total: number; kept: number }[];
}

/**
 * Keeps the first `perKind` issues of each kind, at most `max` in all, in their order (a check
 * of a 5.8 MB file wrong on every row once stored 68 MB of issues). The counts say what was cut.
 */
export function shortenIssues(
	issues: readonly ImportIssue[],
	perKind = ISSUES_PER_KIND,
	max = ISSUES_STORED
): StoredIssues {
	const kinds = new Map<string, { example: ImportIssue; total: number; kept: number }>();
	const kept: ImportIssue[] = [];
	for (const issue of issues) {
		const key = issueKind(issue);
		let kind = kinds.get(key);
		if (!kind) kinds.set(key, (kind = { example: issue, total: 0, kept: 0 }));
		kind.total++;
		if (kind.kept < perKind && kept.length < max) {
			kind.kept++;
			kept.push(issue);
		}
	}
	return {
		issues: kept,
		total: issues.length,
		shortened: [...kinds.values()].filter((k) => k.kept < k.total)
	};
}
