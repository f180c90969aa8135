/**
 * The validated import: every file (CSV or Excel, long or wide layout) is staged in DuckDB
 * (grid-table.ts), every record is checked there in SQL (checks.ts), and only when nothing is
 * wrong is everything written, in one transaction (write.ts). Any error leaves the database as
 * it was; the report lists every problem of every file, each at its file, row and column.
 *
 * Score rows of sheets the account may not read are refused before anything is compared with
 * stored data (ImportOptions.screen), and a transaction that loses against a concurrent writer
 * (a sheet save) is run once more from scratch, then fails as a WriteConflictError, nothing
 * written.
 *
 * The scoring lifecycle applies to imports too (see write.ts): nothing of a bloc-year that was
 * finalised before the import may change (identical rows are fine), every file that writes rows
 * is recorded as an import batch with the score rows it wrote (the history of a new row is read
 * from there), every stored value or note an import replaces is written to the audit trail with
 * the import's source as the user, and the version of every scoring sheet it changes goes up.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { IMPORT_ORDER, type TableName } from '../../domain/csv-schema';
import type { CellChanges } from '../../domain/cell-changes';
import { allOn, type Change, type ConflictScope, type Database } from '../db';
import { claimTotals, totalsScope } from '../ranking/totals';
import { importDigest, NO_CHANGES } from './changes';
import { checkStaged, loadCatalogue, screenScores, type RowScreen } from './checks';
import { stageFile, type StagedFile } from './grid-table';
import type { ImportIssue } from './issues';
import type { InputFile, Layout, WideInfo } from './parse';
import { checkTable, SCORE_GROUPS, type CheckTables } from './tables';
import {
	writeStaged,
	type BlocYearCounts,
	type FileDigest,
	type LockViolation,
	type TableCounts,
	type WriteResult
} from './write';

export type { ImportIssue } from './issues';
export { formatIssue } from './issues';
export type { InputFile, ReadOptions } from './parse';
export type { BlocYearCounts, TableCounts } from './write';
export type { RowScreen } from './checks';

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
	/** Every score cell the import changes (or would: a dry run), issue 15. */
	cells: CellChanges;
	/** What the import changes as one string (cells and counts), for `expect`. */
	digest: string | null;
	/** True when `expect` was given and the import would have changed something else. */
	stale: boolean;
}

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
	 * The digest (ImportResult.digest) of the check the user saw: the import commits only when
	 * it changes exactly the same (else it rolls back, `stale`), so that the data changed since
	 * the check is never overwritten unseen (issue 15).
	 */
	expect?: string;
}

/** `audit_log.username` of an import: "cli" → "import:cli". */
export function importUsername(source = 'import'): string {
	return source.startsWith('import') ? source : `import:${source}`;
}

/** The error of a record that would change a finalised bloc-year, at its file, row and bloc column. */
function lockIssue(v: LockViolation, files: Iterable<StagedFile>): ImportIssue {
	const col = [...files].find((p) => p.file === v.file)?.columns.get('bloc_code');
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

function describeFile(p: StagedFile): ImportedFile {
	return {
		file: p.file,
		table: p.table.name,
		label: p.table.label,
		rows: p.rows,
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
	userId: options.userId ?? null,
	source: options.source ?? 'import'
});

/** The result of an import that ran to its end (committed, refused by approve, or a dry run). */
function outcome(
	issues: ImportIssue[],
	files: ImportedFile[],
	written: WriteResult | null,
	options: ImportOptions,
	stale = false
): ImportResult {
	const failed = hasErrors(issues) || !written || stale;
	return {
		committed: !failed && !options.dryRun,
		issues,
		files,
		counts: failed || !written ? [] : written.counts,
		blocYears: failed || !written ? [] : written.blocYears,
		cells: written && !hasErrors(issues) ? written.cells : NO_CHANGES,
		digest: written && !hasErrors(issues) ? importDigest(written.cells, written.counts) : null,
		stale
	};
}

/**
 * The SHA-256 and size of a file's bytes (a string as UTF-8), for its import batch: hashed off
 * the main thread while the file is read and checked.
 */
async function digestOf(content: Uint8Array | string): Promise<FileDigest> {
	const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
	const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
	return { sha256: Buffer.from(hash).toString('hex'), bytes: bytes.byteLength };
}

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

/** The bloc-years (or years) of the staged records, once each, for a WriteConflictError. */
async function scopeOf(conn: DuckDBConnection, made: CheckTables): Promise<ConflictScope[]> {
	const scope: ConflictScope[] = [];
	for (const table of IMPORT_ORDER.filter((t) => made.has(t))) {
		const columns = await allOn<{ name: string }>(
			conn,
			`SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1`,
			[checkTable(table)]
		);
		const has = (c: string) => columns.some((x) => x.name === c);
		// Score sheets were grouped by the checks (checks.ts SCORE_GROUPS).
		const rows = await allOn<{ year: number | null; bloc: string | null }>(
			conn,
			`SELECT DISTINCT ${has('year') ? 'year' : 'NULL::INTEGER'} AS year, ${has('bloc_code') ? 'bloc_code' : 'NULL::VARCHAR'} AS bloc
			 FROM ${table === 'scores' ? `${SCORE_GROUPS} WHERE sheet` : checkTable(table)}`
		);
		rows.sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || (a.bloc ?? '').localeCompare(b.bloc ?? ''));
		for (const r of rows) scope.push({ table, year: r.year, blocCode: r.bloc });
	}
	return scope;
}

const NO_FILE: ImportIssue = {
	severity: 'error',
	file: '',
	row: null,
	column: null,
	field: null,
	value: null,
	message: 'không có tệp nào để nhập'
};

export async function importFiles(
	db: Database,
	inputs: InputFile[],
	options: ImportOptions = {}
): Promise<ImportResult> {
	const progress = options.onProgress ?? (() => {});
	if (inputs.length === 0) {
		progress({ phase: 'done', done: 1, total: 1 });
		return outcome([NO_FILE], [], null, options);
	}
	const hashing = Promise.all(inputs.map((input) => digestOf(input.content)));
	let issues: ImportIssue[] = [];
	let files = new Map<number, StagedFile>();
	let written: WriteResult | null = null;
	let scope: ConflictScope[] = [];
	let stale = false;
	try {
		// Re-run from scratch after a write conflict: everything it keeps is reset here.
		await db.transaction(
			async (conn) => {
				issues = [];
				files = new Map();
				written = null;
				scope = [];
				stale = false;
				const catalogue = await loadCatalogue(conn);
				const made: CheckTables = new Map();
				for (const [i, input] of inputs.entries()) {
					progress({ phase: 'read', file: input.name, done: i, total: inputs.length });
					const staged = await stageFile(conn, i + 1, input, catalogue, issues, made);
					if (staged) files.set(staged.no, staged);
				}
				// Rows the account may not see are refused before anything is compared with them.
				if (options.screen)
					for (const i of await screenScores(conn, await options.screen(conn), files, made)) issues.push(i);
				// Rows with a bad cell are left out, but every other row is still checked against the
				// rest, so that one report lists every problem of the files.
				const rows = [...files.values()].reduce((n, f) => n + f.rows, 0);
				progress({ phase: 'check', done: 0, total: rows });
				// A file wrong on every row has hundreds of thousands: no spread (the stack).
				for (const i of await checkStaged(conn, files, made)) issues.push(i);
				if (hasErrors(issues)) throw new RollBack();
				scope = await scopeOf(conn, made);
				// Long: claimed now, so that sheet saves committed meanwhile retry instead of this.
				await claimTotals(conn, totalsScope(changesOf(scope)));
				progress({ phase: 'write', done: 0, total: rows });
				const digests = new Map((await hashing).map((d, i) => [i + 1, d]));
				const result = await writeStaged(conn, files, digests, made, writeContext(options));
				for (const v of result.violations) issues.push(lockIssue(v, files.values()));
				if (hasErrors(issues)) throw new RollBack();
				written = result;
				// Not what the user checked (the data changed since): nothing written.
				if (options.expect !== undefined && importDigest(result.cells, result.counts) !== options.expect) {
					stale = true;
					throw new RollBack();
				}
				await conclude(conn, result, [...files.values()].map(describeFile), issues, options);
			},
			{ retryOnConflict: true, scope: () => scope, changes: () => changesOf(scope) }
		);
	} catch (e) {
		if (!(e instanceof RollBack)) throw e;
	}
	progress({ phase: 'done', done: 1, total: 1 });
	return outcome(issues, [...files.values()].map(describeFile), written, options, stale);
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
