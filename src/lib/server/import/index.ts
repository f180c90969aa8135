/**
 * The validated import: parse every file, check every row, and only when nothing is wrong
 * write everything in one transaction. Any error leaves the database as it was.
 *
 * The scoring lifecycle applies to imports too (see write.ts): nothing of a bloc-year that was
 * finalised before the import may change (identical rows are fine), every score value or note
 * an import changes is written to the audit trail with the import's source as the user, and
 * the version of every scoring sheet it changes goes up.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Database } from '../db';
import type { ImportIssue } from './issues';
import { parseFile, type InputFile, type ParsedFile } from './parse';
import { loadReferenceState, validateBatch } from './validate';
import { writeBatch, type LockViolation, type TableCounts } from './write';

export type { ImportIssue } from './issues';
export { formatIssue } from './issues';

export interface ImportResult {
	/** True when the data was committed (no error). */
	committed: boolean;
	issues: ImportIssue[];
	files: { file: string; table: string; label: string; rows: number; delimiter: string }[];
	counts: TableCounts[];
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

class RollBack extends Error {}

export async function importFiles(
	db: Database,
	inputs: InputFile[],
	options: ImportOptions = {}
): Promise<ImportResult> {
	const issues: ImportIssue[] = [];
	const parsed: ParsedFile[] = [];
	for (const input of inputs) {
		const p = parseFile(input, issues);
		if (p) parsed.push(p);
	}
	const files = parsed.map((p) => ({
		file: p.file,
		table: p.table.name,
		label: p.table.label,
		rows: p.rows.length,
		delimiter: p.delimiter
	}));
	if (inputs.length === 0)
		issues.push({
			severity: 'error',
			file: '',
			row: null,
			column: null,
			field: null,
			value: null,
			message: 'không có tệp nào để nhập'
		});

	let counts: TableCounts[] = [];
	const hasErrors = () => issues.some((i) => i.severity === 'error');
	try {
		await db.transaction(async (conn) => {
			if (hasErrors()) throw new RollBack();
			const batch = validateBatch(parsed, await loadReferenceState(conn), issues);
			if (hasErrors()) throw new RollBack();
			const written = await writeBatch(conn, batch, {
				username: importUsername(options.source),
				userId: options.userId ?? null
			});
			for (const v of written.violations) issues.push(lockIssue(v, parsed));
			if (hasErrors()) throw new RollBack();
			counts = written.counts;
			if (options.dryRun) throw new RollBack();
			const sum = (k: 'added' | 'replaced' | 'unchanged') => counts.reduce((s, c) => s + c[k], 0);
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
		});
	} catch (e) {
		if (!(e instanceof RollBack)) throw e;
	}
	return { committed: !hasErrors() && !options.dryRun, issues, files, counts: hasErrors() ? [] : counts };
}

/** CSV files named directly, or found (not recursively) in the folders named. */
export function readInputs(paths: string[]): InputFile[] {
	const files: string[] = [];
	for (const p of paths) {
		if (statSync(p).isDirectory())
			for (const f of readdirSync(p).sort()) {
				if (/\.(csv|tsv|txt)$/i.test(f)) files.push(join(p, f));
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
