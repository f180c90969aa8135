/**
 * The upload page's server side: the form's choices (bloc-year, kind of score, and per file the
 * layout, table, sheet, header row and column mapping) to read options; the check (preview plus
 * a dry run of the real import) and the commit (the same import, for real, as the signed-in
 * user), both in one transaction; and what the page shows of them.
 */
import { TABLES_BY_NAME, type TableName } from '../../domain/csv-schema';
import { can, type Principal } from '../../domain/policy';
import type { Translate } from '../../i18n';
import type { ConflictScope, Database } from '../db';
import { uploadApprover, uploadScreen } from './authorize';
import type { ImportIssue } from './issues';
import { groupIssues, limitGroups, type IssueGroup } from '../../domain/issue-groups';
import {
	importFiles,
	type BlocYearCounts,
	type ImportedFile,
	type ImportProgress,
	type TableCounts
} from '.';
import type { CellChanges } from '../../domain/cell-changes';
import type { InputFile, ReadOptions, ScoreField } from './parse';
import { basisOf, previewInputs, type FilePreview } from './preview';

/** The choices of the upload form that apply to every file. */
export interface UploadChoices {
	/** `K04|2025`, or '' to take it from the file. */
	blocYear: string;
	/** '' to take it from the file. */
	scoreField: ScoreField | '';
}

/** How many issues the page lists (the downloadable report keeps more: issues.ts `shortenIssues`). */
export const SHOWN_ISSUES = 300;
/** How many lines of identical problems grouped the page lists, and row ranges per line. */
export const SHOWN_GROUPS = 300;
export const SHOWN_RANGES = 40;

/** Every issue grouped (identical problems on one line), cut to what the page lists. */
function shownGroups(all: ImportIssue[]): { groups: IssueGroup<ImportIssue>[]; groupCount: number } {
	const groups = groupIssues(all);
	return { groups: limitGroups(groups, SHOWN_GROUPS, SHOWN_RANGES), groupCount: groups.length };
}

export interface UploadSummary {
	committed: boolean;
	files: ImportedFile[];
	counts: (TableCounts & { label: string })[];
	blocYears: (BlocYearCounts & { label: string; blocName: string | null })[];
	errors: number;
	warnings: number;
}

export interface UploadCheck {
	previews: FilePreview[];
	/** Every score cell the upload changes (issue 15), and the digest the commit must meet. */
	changes: CellChanges;
	digest: string | null;
	summary: UploadSummary;
	/** The first `SHOWN_ISSUES` issues, errors first. */
	issues: ImportIssue[];
	/** Every issue, identical problems grouped (first `SHOWN_GROUPS` lines), errors first. */
	groups: IssueGroup<ImportIssue>[];
	/** How many lines the grouped report has in all. */
	groupCount: number;
	/** Every issue (the report download keeps the first of each kind). */
	allIssues: ImportIssue[];
}

const field = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.trim() : '';
};

/** The form's global choices. */
export function readChoices(form: FormData): UploadChoices {
	const blocYear = /^[^|]{1,64}\|\d{4}$/.test(field(form, 'blocYear')) ? field(form, 'blocYear') : '';
	const s = field(form, 'scoreField');
	return { blocYear, scoreField: s === 'self_score' || s === 'reviewed_score' ? s : '' };
}

/**
 * Read options of file `i` from the form: `layout.i`, `table.i`, `sheet.i`, `header.i` and the
 * column choices `col.i.j` (a field, `-` to skip). Column choices were offered for the layout,
 * table, sheet and header row in `basis.i`; when the user changed one of those, the columns are
 * mapped afresh from the headers.
 */
export function readFileOptions(form: FormData, i: number, choices: UploadChoices): ReadOptions {
	const options: ReadOptions = {};
	const layout = field(form, `layout.${i}`);
	if (layout === 'long' || layout === 'wide') options.layout = layout;
	const table = field(form, `table.${i}`);
	if (TABLES_BY_NAME.has(table as TableName)) options.table = table as TableName;
	const sheet = field(form, `sheet.${i}`);
	if (sheet) options.sheet = sheet.slice(0, 100);
	const header = Number(field(form, `header.${i}`));
	if (Number.isInteger(header) && header >= 1 && header <= 1000) options.headerRow = header;
	if (choices.blocYear) {
		const [bloc, year] = choices.blocYear.split('|');
		options.blocCode = bloc!;
		options.year = Number(year);
	}
	if (choices.scoreField) options.scoreField = choices.scoreField;
	const basis = field(form, `basis.${i}`);
	if (
		basis &&
		basis ===
			basisOf(options.layout ?? null, options.table ?? null, options.sheet ?? null, options.headerRow ?? null)
	) {
		const columns: Record<number, string | null> = {};
		const prefix = `col.${i}.`;
		for (const [name, value] of form.entries()) {
			if (!name.startsWith(prefix) || typeof value !== 'string') continue;
			const j = Number(name.slice(prefix.length));
			if (!Number.isInteger(j) || j < 0 || j > 5000) continue;
			columns[j] = value === '-' ? null : value.slice(0, 100);
		}
		options.columns = columns;
	}
	return options;
}

/** Whether `user` may commit uploads at all (admin, or a leader or deputy of some bloc-year). */
export function mayCommit(user: Principal): boolean {
	return (
		can(user, { kind: 'import' }) ||
		user.grants.some((g) => g.role === 'bloc_leader' || g.role === 'bloc_deputy')
	);
}

async function summarise(db: Database, r: Awaited<ReturnType<typeof importFiles>>): Promise<UploadSummary> {
	const names = new Map(
		(await db.all<{ c: string; n: string }>('SELECT bloc_code AS c, bloc_name AS n FROM bloc')).map((x) => [
			x.c,
			x.n
		])
	);
	return {
		committed: r.committed,
		files: r.files,
		counts: r.counts.map((c) => ({ ...c, label: TABLES_BY_NAME.get(c.table)?.label ?? c.table })),
		blocYears: r.blocYears.map((b) => ({
			...b,
			label: TABLES_BY_NAME.get(b.table)?.label ?? b.table,
			blocName: b.blocCode ? (names.get(b.blocCode) ?? null) : null
		})),
		errors: r.issues.filter((i) => i.severity === 'error').length,
		warnings: r.issues.filter((i) => i.severity === 'warning').length
	};
}

/** Errors before warnings, then in file order, row and column (as a person fixes them). */
function errorsFirst(issues: ImportIssue[], files: string[]): ImportIssue[] {
	const fileIndex = (f: string) => {
		const i = files.indexOf(f);
		return i < 0 ? files.length : i;
	};
	const letters = (c: string | null) => /^[A-Z]+/.exec(c ?? '')?.[0] ?? '';
	return issues
		.map((issue, order) => ({ issue, order }))
		.sort(
			(a, b) =>
				(a.issue.severity === 'error' ? 0 : 1) - (b.issue.severity === 'error' ? 0 : 1) ||
				fileIndex(a.issue.file) - fileIndex(b.issue.file) ||
				(a.issue.row ?? 0) - (b.issue.row ?? 0) ||
				letters(a.issue.column).length - letters(b.issue.column).length ||
				letters(a.issue.column).localeCompare(letters(b.issue.column)) ||
				a.order - b.order
		)
		.map((x) => x.issue);
}

/**
 * Checks an upload: preview of every file, then the real import as a dry run (every row
 * validated, changes counted, nothing written), with the same authorisation as the commit
 * unless the account only checks files (an analyst). Either way, score rows of sheets the
 * account may not read are refused before they are compared with anything (uploadScreen).
 */
export async function checkUpload(
	db: Database,
	user: Principal,
	inputs: InputFile[],
	onProgress?: (p: ImportProgress) => void
): Promise<UploadCheck> {
	const previews = await previewInputs(db, inputs, (file) =>
		onProgress?.({ phase: 'read', file, done: 0, total: 0 })
	);
	const result = await importFiles(db, inputs, {
		dryRun: true,
		screen: uploadScreen(user),
		approve: mayCommit(user) ? uploadApprover(user) : undefined,
		onProgress
	});
	const all = errorsFirst(
		result.issues,
		inputs.map((i) => i.name)
	);
	return {
		previews,
		changes: result.cells,
		digest: result.digest,
		summary: await summarise(db, result),
		issues: all.slice(0, SHOWN_ISSUES),
		...shownGroups(all),
		allIssues: all
	};
}

/**
 * Commits an upload in one transaction, as the signed-in user (the audit trail names them),
 * only if it changes exactly what its check listed (`expect`, the check's digest): else nothing
 * is written and the answer is `stale` (the data changed since the check).
 */
export async function commitUpload(
	db: Database,
	user: Principal,
	inputs: InputFile[],
	onProgress?: (p: ImportProgress) => void,
	expect?: string
): Promise<Omit<UploadCheck, 'previews'> & { stale: boolean }> {
	const result = await importFiles(db, inputs, {
		expect,
		source: `upload:${user.username}`,
		username: user.username,
		userId: user.userId,
		screen: uploadScreen(user),
		approve: uploadApprover(user),
		onProgress
	});
	const all = errorsFirst(
		result.issues,
		inputs.map((i) => i.name)
	);
	return {
		stale: result.stale,
		changes: result.cells,
		digest: result.digest,
		summary: await summarise(db, result),
		issues: all.slice(0, SHOWN_ISSUES),
		...shownGroups(all),
		allIssues: all
	};
}

/**
 * What an upload was writing when it lost against another writer (WriteConflictError.scope),
 * for the 409 message: "Kết quả chấm điểm khối K04 năm 2025; …".
 */
export function conflictScopeText(tt: Translate, scope: ConflictScope[]): string {
	if (scope.length === 0) return tt('upload.conflict.unknown');
	return scope
		.map((s) => {
			const table = TABLES_BY_NAME.get(s.table as TableName)?.label ?? s.table;
			if (s.year === null) return table;
			return s.blocCode === null
				? tt('upload.conflict.year', { table, year: s.year })
				: tt('upload.conflict.blocYear', { table, bloc: s.blocCode, year: s.year });
		})
		.join('; ');
}
