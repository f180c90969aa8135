/**
 * The validated import: parse every file, check every row, and only when nothing is wrong
 * write everything in one transaction. Any error leaves the database as it was.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Database } from '../db';
import type { ImportIssue } from './issues';
import { parseFile, type InputFile, type ParsedFile } from './parse';
import { loadReferenceState, validateBatch } from './validate';
import { writeBatch, type TableCounts } from './write';

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
	/** Recorded in import_log (e.g. "cli", "sample"). */
	source?: string;
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
			counts = await writeBatch(conn, batch);
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
