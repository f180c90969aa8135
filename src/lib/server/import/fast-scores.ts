/**
 * The set-based import of one large scores file: DuckDB reads the CSV (every cell as text), the
 * cell rules of parse.ts run once per DISTINCT text of a column (a million rows hold a few
 * thousand distinct scores and codes), and the rules between rows and against the database are
 * one SQL query. It only ever answers for a clean file: on anything unusual or wrong it returns
 * null, the transaction rolls back and the row-by-row import (the reference) reads the file
 * again and writes the full error report. tests/integration/import-fast.test.ts checks that
 * both give the same result, issues and database.
 *
 * Taken: a single long-layout scores CSV in UTF-8, without quotes (`"`) or lone carriage
 * returns, so that every line is one record for both readers, with every column of the format
 * (a column left out keeps stored values) and every row as wide as the header.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { ColumnSpec } from '../../domain/csv-schema';
import { allOn } from '../db';
import { decodeBytes, sniffFormat, type TextEncodingName } from './grid';
import type { ImportIssue } from './issues';
import {
	convertCell,
	DecimalStyles,
	detectTable,
	fileIssue,
	leftOut,
	mapHeader,
	type CellValue,
	type InputFile
} from './parse';
import { FILE_FIELD, KEEP_FIELD, ROW_FIELD } from './validate';
import { typedTable } from './write';

/** Smallest file worth the set-based path (below it the row-by-row import is as fast). */
export const FAST_FROM_BYTES = 256 * 1024;

export interface FastScores {
	file: string;
	rows: number;
	delimiter: string;
	encoding: TextEncodingName;
	/** Warnings (unknown columns, mixed decimal styles): a clean file has no error. */
	issues: ImportIssue[];
}

/** What JavaScript's String.prototype.trim removes, as an RE2 class. */
const JS_SPACE =
	'[\\t\\n\\x0B\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';

const RAW = 'import_fast_raw';
const LOOKUP = 'import_fast_cells';

/** The header row and separator, as the row-by-row reader (papaparse) finds them. */
function headerOf(text: string): { header: string[]; delimiter: string } | null {
	const head = text.slice(0, 1 << 20);
	const parsed = Papa.parse<string[]>(head, {
		header: false,
		preview: 10,
		skipEmptyLines: false,
		delimitersToGuess: [',', ';', '\t', '|']
	});
	const header = parsed.data[0];
	return header ? { header, delimiter: parsed.meta.delimiter } : null;
}

/**
 * Validates and stages one scores file into typedTable('scores') on `conn` (inside the import's
 * transaction). Null when the file is not for this path or is not clean: the caller rolls back
 * and imports row by row.
 */
export async function stageScoresFast(
	conn: DuckDBConnection,
	input: InputFile,
	anySize = false
): Promise<FastScores | null> {
	const options = input.options ?? {};
	if (typeof input.content === 'string' || (!anySize && input.content.byteLength < FAST_FROM_BYTES))
		return null;
	if (options.layout === 'wide' || (options.table && options.table !== 'scores')) return null;
	if (sniffFormat(input.name, input.content) !== 'csv') return null;
	const decoded = decodeBytes(input.content);
	if (!decoded.ok || (decoded.encoding !== 'utf-8' && decoded.encoding !== 'utf-8-bom')) return null;
	const text = decoded.text;
	if (text.includes('"') || /\r(?!\n)/.test(text)) return null;
	const found = headerOf(text);
	if (!found) return null;
	const { header, delimiter } = found;
	// A complete long header by itself (else the reader might take the file for a wide sheet).
	if ('error' in detectTable('', header)) return null;
	const issues: ImportIssue[] = [];
	const map = mapHeader(input.name, header, options, issues);
	if (!map || map.table.name !== 'scores' || issues.some((i) => i.severity === 'error')) return null;
	// Columns left out keep their stored values: the row-by-row import does that.
	if (leftOut(map.table, map.columns).length > 0) return null;

	const path = join(tmpdir(), `khoi-thi-dua-import-${randomBytes(8).toString('hex')}.csv`);
	await writeFile(path, text, { mode: 0o600 });
	try {
		const width = header.length;
		const cols = Array.from({ length: width }, (_, i) => `c${i}`);
		try {
			await conn.run(
				`CREATE OR REPLACE TEMP TABLE ${RAW} AS
				 SELECT * FROM read_csv($1, header = false, skip = 1, delim = $2, quote = '', escape = '',
				   auto_detect = false, null_padding = false, strict_mode = true,
				   columns = {${cols.map((c) => `'${c}': 'VARCHAR'`).join(', ')}})`,
				[path, delimiter]
			);
		} catch {
			// A row wider or shorter than the header (a short row is refused, never padded with
			// empty cells), or anything DuckDB reads otherwise.
			return null;
		}
		// Rows whose every cell is blank are skipped, as the row-by-row reader does. Rows are
		// numbered in file order (inside a transaction, rowids start at a large offset).
		const blank = (c: string) => `regexp_full_match(COALESCE(${c}, ''), '${JS_SPACE}*')`;
		await conn.run(
			`CREATE OR REPLACE TEMP TABLE ${RAW}_rows AS
			 SELECT (rowid - (SELECT min(rowid) FROM ${RAW}) + 2)::INTEGER AS ${ROW_FIELD}, * FROM ${RAW} WHERE NOT (${cols.map(blank).join(' AND ')})`
		);
		await conn.run(`DROP TABLE ${RAW}`);
		const raw = `${RAW}_rows`;
		const [{ n: rows } = { n: 0 }] = await allOn<{ n: number }>(
			conn,
			`SELECT count(*)::INTEGER AS n FROM ${raw}`
		);
		if (rows === 0) return null;

		// Each column's distinct texts through the cell rules of parse.ts.
		const fields = map.fieldAt
			.map((col, i) => (col ? { col, i } : null))
			.filter((f): f is { col: ColumnSpec; i: number } => f !== null);
		// Numeric cells in file order (row, then column) for the decimal-style warning: only the
		// first example of each style and the counts matter, so each distinct text counts once at
		// its first place, as many times as it occurs.
		const numericCells: { raw: string; at: number; n: number }[] = [];
		await conn.run(
			`CREATE OR REPLACE TEMP TABLE ${LOOKUP} (field VARCHAR, raw VARCHAR, num DOUBLE, txt VARCHAR)`
		);
		const appender = await conn.createAppender(LOOKUP, 'main', 'temp');
		try {
			for (const { col, i } of fields) {
				const distinct = await allOn<{ raw: string; first: number; n: number }>(
					conn,
					`SELECT COALESCE(c${i}, '') AS raw, min(${ROW_FIELD})::INTEGER AS first, count(*)::INTEGER AS n
					 FROM ${raw} GROUP BY ALL`
				);
				const numeric = col.type.kind === 'number' || col.type.kind === 'int' || col.type.kind === 'year';
				if (!numeric && col.type.kind !== 'code' && col.type.kind !== 'text') return null;
				for (const d of distinct) {
					const cell = convertCell(d.raw, col);
					if ('reason' in cell) return null;
					if (col.type.kind === 'number' || col.type.kind === 'int')
						numericCells.push({ raw: d.raw, at: d.first * 16_384 + i, n: d.n });
					appender.appendVarchar(col.name);
					appender.appendVarchar(d.raw);
					const v: CellValue = cell.value;
					if (numeric && typeof v === 'number') appender.appendDouble(v);
					else appender.appendNull();
					if (!numeric && v !== null) appender.appendVarchar(String(v));
					else appender.appendNull();
					appender.endRow();
				}
			}
			appender.flushSync();
		} finally {
			appender.closeSync();
		}
		const decimals = new DecimalStyles();
		for (const c of numericCells.sort((a, b) => a.at - b.at)) decimals.see(c.raw, c.n);
		const mixed = decimals.warning();
		if (mixed) issues.push(fileIssue(input.name, mixed, 'warning'));

		// Typed records, as validate.ts would accept them (the doubles for its checks, the DECIMALs
		// written, cast from the same doubles as the row-by-row import's staging does).
		const at = (field: string) => fields.findIndex((f) => f.col.name === field);
		const value = (field: string, kind: 'num' | 'txt', cast: string) =>
			at(field) < 0 ? `NULL::${cast}` : `CAST(l${at(field)}.${kind} AS ${cast})`;
		const lookups = fields
			.map(
				(f, k) =>
					`LEFT JOIN (SELECT raw, num, txt FROM ${LOOKUP} WHERE field = '${f.col.name}') l${k} ON l${k}.raw = COALESCE(r.c${f.i}, '')`
			)
			.join('\n');
		await conn.run(
			`CREATE OR REPLACE TEMP TABLE ${typedTable('scores')} AS
			 SELECT ${value('year', 'num', 'INTEGER')} AS year,
			        ${value('bloc_code', 'txt', 'VARCHAR')} AS bloc_code,
			        ${value('unit_code', 'txt', 'VARCHAR')} AS unit_code,
			        ${value('criterion_code', 'txt', 'VARCHAR')} AS criterion_code,
			        ${value('self_score', 'num', 'DOUBLE')} AS self_num,
			        ${value('reviewed_score', 'num', 'DOUBLE')} AS reviewed_num,
			        CAST(self_num AS DECIMAL(9, 2)) AS self_score,
			        CAST(reviewed_num AS DECIMAL(9, 2)) AS reviewed_score,
			        ${value('note', 'txt', 'VARCHAR')} AS note,
			        $1::VARCHAR AS ${FILE_FIELD}, r.${ROW_FIELD}, NULL::VARCHAR AS ${KEEP_FIELD}
			 FROM ${raw} r ${lookups}`,
			[input.name]
		);
		await conn.run(`DROP TABLE ${raw}`);
		await conn.run(`DROP TABLE ${LOOKUP}`);
		if (await anyRuleBroken(conn)) return null;
		return { file: input.name, rows, delimiter, encoding: decoded.encoding, issues };
	} finally {
		await rm(path, { force: true });
	}
}

/**
 * The rules of validate.ts for score rows (checkScore and duplicate keys), as one query: whether
 * any row breaks one. Numbers compare as the same doubles JavaScript compares.
 */
async function anyRuleBroken(conn: DuckDBConnection): Promise<boolean> {
	const t = typedTable('scores');
	const [dup] = await allOn<{ n: number }>(
		conn,
		`SELECT count(*)::INTEGER AS n FROM (
		   SELECT 1 FROM ${t} GROUP BY year, bloc_code, unit_code, criterion_code HAVING count(*) > 1)`
	);
	if ((dup?.n ?? 0) > 0) return true;
	const [bad] = await allOn<{ n: number }>(
		conn,
		`SELECT count(*)::INTEGER AS n
		 FROM ${t} s
		 LEFT JOIN main.unit u ON u.unit_code = s.unit_code
		 LEFT JOIN main.bloc b ON b.bloc_code = s.bloc_code
		 LEFT JOIN main.pledge p ON p.year = s.year AND p.bloc_code = s.bloc_code
		 LEFT JOIN main.bloc_membership m ON m.year = s.year AND m.unit_code = s.unit_code
		 LEFT JOIN main.criterion c ON c.year = s.year AND c.bloc_code = s.bloc_code AND c.criterion_code = s.criterion_code
		 WHERE u.unit_code IS NULL
		    OR b.bloc_code IS NULL
		    OR p.bloc_code IS NULL
		    OR m.bloc_code IS DISTINCT FROM s.bloc_code
		    OR c.criterion_code IS NULL
		    OR (s.self_num IS NULL AND s.reviewed_num IS NULL)
		    OR s.self_num > CAST(c.max_points AS DOUBLE)
		    OR s.reviewed_num > CAST(c.max_points AS DOUBLE)
		    OR (c.kind = 'bonus' AND p.bonus_cap IS NOT NULL
		        AND (s.self_num * CAST(c.weight AS DOUBLE) > CAST(p.bonus_cap AS DOUBLE)
		          OR s.reviewed_num * CAST(c.weight AS DOUBLE) > CAST(p.bonus_cap AS DOUBLE)))`
	);
	return (bad?.n ?? 0) > 0;
}
