/**
 * The validated import: read every file (CSV or Excel, long or wide layout), check every row,
 * and only when nothing is wrong write everything in one transaction. Any error leaves the
 * database as it was.
 *
 * Score rows of sheets the account may not read are refused before anything is compared with
 * stored data (ImportOptions.screen), and a transaction that loses against a concurrent writer
 * (a sheet save) is run once more from scratch, then fails as a WriteConflictError, nothing
 * written.
 *
 * The scoring lifecycle applies to imports too (see write.ts): nothing of a bloc-year that was
 * finalised before the import may change (identical rows are fine), every score value or note
 * an import changes is written to the audit trail with the import's source as the user, and
 * the version of every scoring sheet it changes goes up.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TABLES_BY_NAME, type TableName } from '../../domain/csv-schema';
import { allOn, type Change, type ConflictScope, type Database } from '../db';
import type { ImportIssue } from './issues';
import { readInput } from './read';
import type { InputFile, Layout, ParsedFile, WideInfo } from './parse';
import { catalogueOf, loadReferenceState, validateBatch } from './validate';
import { stageScoresFast } from './fast-scores';
import { claimTotals, totalsScope } from '../ranking/totals';
import {
	writeBatch,
	typedTable,
	writeTypedScores,
	type BlocYearCounts,
	type LockViolation,
	type TableCounts,
	type WriteResult
} from './write';

export type { ImportIssue } from './issues';
export { formatIssue } from './issues';
export type { InputFile, ReadOptions } from './parse';
export type { BlocYearCounts, TableCounts } from './write';

export interface ImportedFile {
	file: string;
	table: TableName;
	label: string;
	rows: number;
	delimiter: string;
	layout: Layout;
	format: 'csv' | 'xlsx';
	encoding: string | null;
	wide?: WideInfo;
}

export interface ImportResult {
	/** True when the data was committed (no error). */
	committed: boolean;
	issues: ImportIssue[];
	files: ImportedFile[];
	counts: TableCounts[];
	/** The same counts per bloc-year, for the summary before committing. */
	blocYears: BlocYearCounts[];
	/** Whether DuckDB read and checked the file (one large clean scores CSV), else row by row. */
	setBased: boolean;
}

/** The refusal of one score row (see ImportOptions.screen), or null when the row may be imported. */
export type RowScreen = (row: { year: number; blocCode: string; unitCode: string }) => string | null;

/** Where a running import is: for a progress bar. */
export interface ImportProgress {
	phase: 'read' | 'check' | 'write' | 'done';
	/** The file being read. */
	file?: string;
	done: number;
	total: number;
}

export interface ImportOptions {
	/** Validate and count, then roll back. */
	dryRun?: boolean;
	/**
	 * Recorded in import_log (e.g. "cli", "sample"); the audit trail names the import
	 * `import:<source>` (a source already starting with "import" is kept as it is).
	 */
	source?: string;
	/** The signed-in account that runs the import, for the audit trail. */
	userId?: number | null;
	/** `audit_log.username` instead of `import:<source>` (the signed-in user of the upload page). */
	username?: string;
	/**
	 * Which score rows the account may see, asked on the import's transaction once the files are
	 * read, before any row is checked against or compared with stored data: a row it answers
	 * with a message for (a refusal, in Vietnamese) is an error at that row whatever its values,
	 * and is checked no further, so that neither the report nor the counts tell anything about
	 * what is stored for it (authorisation, see authorize.ts).
	 */
	screen?: (conn: DuckDBConnection) => Promise<RowScreen>;
	/**
	 * A last check once every row is valid and written, before the commit (or the dry run's roll
	 * back), on the same transaction: errors it returns refuse the import (authorisation).
	 */
	approve?: (
		scope: { files: ImportedFile[]; blocYears: BlocYearCounts[] },
		conn: DuckDBConnection
	) => Promise<ImportIssue[]> | ImportIssue[];
	onProgress?: (progress: ImportProgress) => void;
	/**
	 * The set-based reading of one large scores CSV (fast-scores.ts): 'auto' (default) tries it
	 * on files from 256 KB, 'always' on any size, 'never' reads row by row. The result is the
	 * same either way; the tests compare both.
	 */
	setBased?: 'auto' | 'always' | 'never';
}

/** `audit_log.username` of an import: "cli" → "import:cli". */
export function importUsername(source = 'import'): string {
	return source.startsWith('import') ? source : `import:${source}`;
}

/** The error of a record that would change a finalised bloc-year, at its file, row and bloc column. */
function lockIssue(v: LockViolation, parsed: ParsedFile[]): ImportIssue {
	const col = parsed.find((p) => p.file === v.file)?.columns.get('bloc_code');
	return {
		severity: 'error',
		file: v.file,
		row: v.row,
		column: col ? `${col.letter} "${col.header}"` : null,
		field: 'bloc_code',
		value: v.blocCode,
		message: `khối ${v.blocCode} năm ${v.year} đã chốt kết quả: không thể thay đổi; quản trị viên cần mở lại trước`
	};
}

function describeFile(p: ParsedFile): ImportedFile {
	return {
		file: p.file,
		table: p.table.name,
		label: p.table.label,
		rows: p.rows.length,
		delimiter: p.delimiter,
		layout: p.layout,
		format: p.format,
		encoding: p.encoding,
		...(p.wide ? { wide: p.wide } : {})
	};
}

class RollBack extends Error {}

const hasErrors = (issues: ImportIssue[]) => issues.some((i) => i.severity === 'error');

/**
 * Once everything is written without error: the caller's last check (approve), the dry run's
 * roll back, and the import log. Throws RollBack unless the import is to be committed.
 */
async function conclude(
	conn: DuckDBConnection,
	written: WriteResult,
	files: ImportedFile[],
	issues: ImportIssue[],
	options: ImportOptions
): Promise<void> {
	if (options.approve) issues.push(...(await options.approve({ files, blocYears: written.blocYears }, conn)));
	if (hasErrors(issues)) throw new RollBack();
	if (options.dryRun) throw new RollBack();
	const sum = (k: 'added' | 'replaced' | 'unchanged') => written.counts.reduce((s, c) => s + c[k], 0);
	await conn.run(
		'INSERT INTO import_log (source, files, added, replaced, unchanged) VALUES ($1, $2, $3, $4, $5)',
		[
			options.source ?? 'import',
			files.map((f) => f.file).join(', '),
			sum('added'),
			sum('replaced'),
			sum('unchanged')
		]
	);
}

/** Who the audit trail names for an import. */
const writeContext = (options: ImportOptions) => ({
	username: options.username ?? importUsername(options.source),
	userId: options.userId ?? null
});

/** The result of an import that ran to its end (committed, refused by approve, or a dry run). */
function outcome(
	issues: ImportIssue[],
	files: ImportedFile[],
	written: WriteResult | null,
	options: ImportOptions,
	setBased: boolean
): ImportResult {
	const failed = hasErrors(issues) || !written;
	return {
		committed: !failed && !options.dryRun,
		issues,
		files,
		counts: failed ? [] : written.counts,
		blocYears: failed ? [] : written.blocYears,
		setBased
	};
}

export async function importFiles(
	db: Database,
	inputs: InputFile[],
	options: ImportOptions = {}
): Promise<ImportResult> {
	const setBased = options.setBased ?? 'auto';
	if (setBased !== 'never' && inputs.length === 1) {
		const fast = await importScoresSetBased(db, inputs[0]!, options, setBased === 'always');
		if (fast) return fast;
	}
	return importRowByRow(db, inputs, options);
}

/**
 * One large, clean scores file read and checked by DuckDB (fast-scores.ts); null when the file
 * is not for that path or has anything to report beyond warnings: nothing was written, and the
 * row-by-row import then gives the full report.
 */
async function importScoresSetBased(
	db: Database,
	input: InputFile,
	options: ImportOptions,
	anySize: boolean
): Promise<ImportResult | null> {
	const progress = options.onProgress ?? (() => {});
	let written: WriteResult | null = null;
	let files: ImportedFile[] = [];
	let issues: ImportIssue[] = [];
	let scope: ConflictScope[] = [];
	try {
		// Re-run from scratch after a write conflict: everything it keeps is reset here.
		await db.transaction(
			async (conn) => {
				written = null;
				files = [];
				issues = [];
				scope = [];
				progress({ phase: 'read', file: input.name, done: 0, total: 1 });
				const staged = await stageScoresFast(conn, input, anySize);
				if (!staged) throw new RollBack();
				const typed = typedTable('scores');
				if (options.screen) {
					// Rows the account may not see: the row-by-row import refuses them at their rows.
					const refuse = await options.screen(conn);
					const sheets = await allOn<{ year: number; bloc: string; unit: string }>(
						conn,
						`SELECT DISTINCT year, bloc_code AS bloc, unit_code AS unit FROM ${typed}`
					);
					if (sheets.some((r) => refuse({ year: r.year, blocCode: r.bloc, unitCode: r.unit }) !== null))
						throw new RollBack();
				}
				scope = scopeOf(
					'scores',
					await allOn<{ year: number; bloc: string }>(
						conn,
						`SELECT DISTINCT year, bloc_code AS bloc FROM ${typed}`
					)
				);
				await claimTotals(conn, totalsScope(changesOf(scope)));
				progress({ phase: 'write', done: 0, total: staged.rows });
				const result = await writeTypedScores(conn, staged.rows, writeContext(options));
				if (result.violations.length > 0) throw new RollBack();
				files = [
					{
						file: staged.file,
						table: 'scores',
						label: TABLES_BY_NAME.get('scores')!.label,
						rows: staged.rows,
						delimiter: staged.delimiter,
						layout: 'long',
						format: 'csv',
						encoding: staged.encoding
					}
				];
				issues = [...staged.issues];
				written = result;
				await conclude(conn, result, files, issues, options);
			},
			{ retryOnConflict: true, scope: () => scope, changes: () => changesOf(scope) }
		);
	} catch (e) {
		if (!(e instanceof RollBack)) throw e;
	}
	if (!written) return null;
	progress({ phase: 'done', done: 1, total: 1 });
	return outcome(issues, files, written, options, true);
}

/** The bloc-years (or years) of a table's rows, once each, for a WriteConflictError. */
/**
 * What an import changed, for the caches and stored totals (db/freshness.ts): scores and
 * pledges or criteria of their bloc-years, awards of their years, and everything for
 * memberships (a unit that moves leaves another bloc's pages stale) or a row without a year
 * or bloc; units, blocs, lineage and headcounts are catalog data.
 */
export function changesOf(scope: readonly ConflictScope[]): Change[] | undefined {
	const out: Change[] = [];
	for (const { table, year, blocCode: bloc } of scope) {
		switch (table as TableName) {
			case 'scores':
			case 'pledges':
			case 'criteria':
				if (year === null || bloc === null) return undefined;
				out.push({ kind: table === 'scores' ? 'score' : 'pledge', year, bloc });
				break;
			case 'awards':
				if (year === null) return undefined;
				out.push({ kind: 'award', year });
				break;
			case 'memberships':
				return undefined;
			default:
				out.push({ kind: 'catalog' });
		}
	}
	return out;
}

function scopeOf(table: TableName, rows: { year?: unknown; bloc?: unknown }[]): ConflictScope[] {
	const seen = new Map<string, ConflictScope>();
	for (const r of rows) {
		const year = typeof r.year === 'number' ? r.year : null;
		const blocCode = typeof r.bloc === 'string' ? r.bloc : null;
		seen.set(`${year}|${blocCode}`, { table, year, blocCode });
	}
	return [...seen.values()].sort(
		(a, b) => (a.year ?? 0) - (b.year ?? 0) || (a.blocCode ?? '').localeCompare(b.blocCode ?? '')
	);
}

/**
 * The score rows `refuse` refuses, each as an error at its row (bloc column), and the files
 * without them: they are checked no further.
 */
function screenRows(parsed: ParsedFile[], refuse: RowScreen, issues: ImportIssue[]): ParsedFile[] {
	return parsed.map((p) => {
		if (p.table.name !== 'scores') return p;
		const rows = p.rows.filter(({ row, values: v, cells }) => {
			const message = refuse({
				year: v.year as number,
				blocCode: v.bloc_code as string,
				unitCode: v.unit_code as string
			});
			if (message === null) return true;
			// A wide sheet has no bloc column (its bloc-year is the sheet's): point at the unit.
			const field = cells?.bloc_code || p.columns.has('bloc_code') ? 'bloc_code' : 'unit_code';
			const col = cells?.[field] ?? p.columns.get(field);
			issues.push({
				severity: 'error',
				file: p.file,
				row,
				column: col ? `${col.letter} "${col.header}"` : null,
				field,
				value: String(v[field]),
				message
			});
			return false;
		});
		return rows.length === p.rows.length ? p : { ...p, rows };
	});
}

/** Every file read and checked row by row in JavaScript: the reference, with the full report. */
async function importRowByRow(
	db: Database,
	inputs: InputFile[],
	options: ImportOptions
): Promise<ImportResult> {
	const progress = options.onProgress ?? (() => {});
	const noFile: ImportIssue[] =
		inputs.length === 0
			? [
					{
						severity: 'error',
						file: '',
						row: null,
						column: null,
						field: null,
						value: null,
						message: 'không có tệp nào để nhập'
					}
				]
			: [];
	let issues: ImportIssue[] = [];
	let parsed: ParsedFile[] = [];
	let written: WriteResult | null = null;
	let scope: ConflictScope[] = [];
	try {
		// Re-run from scratch after a write conflict: everything it keeps is reset here.
		await db.transaction(
			async (conn) => {
				issues = [...noFile];
				parsed = [];
				written = null;
				scope = [];
				if (hasErrors(issues)) throw new RollBack();
				const state = await loadReferenceState(conn);
				const catalogue = catalogueOf(state);
				for (const input of inputs) {
					const p = await readInput(input, catalogue, issues, (done, total) =>
						progress({ phase: 'read', file: input.name, done, total })
					);
					if (p) parsed.push(p);
				}
				// Rows the account may not see are refused before anything is compared with them.
				const seen = options.screen ? screenRows(parsed, await options.screen(conn), issues) : parsed;
				// Rows with a bad cell are left out, but every other row is still checked against the
				// rest, so that one report lists every problem of the files.
				const rows = seen.reduce((n, p) => n + p.rows.length, 0);
				progress({ phase: 'check', done: 0, total: rows });
				const batch = validateBatch(seen, state, issues);
				if (hasErrors(issues)) throw new RollBack();
				scope = [...batch].flatMap(([table, records]) =>
					scopeOf(
						table,
						records.map((r) => ({ year: r.year, bloc: r.bloc_code }))
					)
				);
				await claimTotals(conn, totalsScope(changesOf(scope)));
				progress({ phase: 'write', done: 0, total: rows });
				const result = await writeBatch(conn, batch, writeContext(options));
				for (const v of result.violations) issues.push(lockIssue(v, parsed));
				if (hasErrors(issues)) throw new RollBack();
				written = result;
				await conclude(conn, result, parsed.map(describeFile), issues, options);
			},
			{ retryOnConflict: true, scope: () => scope, changes: () => changesOf(scope) }
		);
	} catch (e) {
		if (!(e instanceof RollBack)) throw e;
	}
	progress({ phase: 'done', done: 1, total: 1 });
	return outcome(issues, parsed.map(describeFile), written, options, false);
}

/** Files the import reads from a folder (not recursively); workbooks are imported when named. */
const IMPORTABLE = /\.(csv|tsv|txt)$/i;

/** Files named directly, or found (not recursively) in the folders named. */
export function readInputs(paths: string[]): InputFile[] {
	const files: string[] = [];
	for (const p of paths) {
		if (statSync(p).isDirectory())
			for (const f of readdirSync(p).sort()) {
				if (IMPORTABLE.test(f)) files.push(join(p, f));
			}
		else files.push(p);
	}
	return files.map((f) => ({ name: basename(f), content: readFileSync(f) }));
}

export async function importPaths(
	db: Database,
	paths: string[],
	options: ImportOptions = {}
): Promise<ImportResult> {
	return importFiles(db, readInputs(paths), options);
}
