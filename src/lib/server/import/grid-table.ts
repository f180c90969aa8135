/**
 * Every file of an import into DuckDB, inside the import's transaction: its grid of text cells
 * becomes a temporary table, and the records it holds are staged in the import table's check
 * table (checkTable), which checks.ts then checks against each other and the database.
 *
 * The grid: a plain CSV (UTF-8, no quotes, one newline style, no empty line, every row as wide
 * as the header, long layout) is read by DuckDB's read_csv, every cell as text; any other file
 * is read by grid.ts (papaparse, Excel through its worker) and appended. Both give the same
 * table: `__row` (the spreadsheet row), `__cells` (how many cells the row has), `c0` … (the
 * cells under the header, NULL where the row has none) and `__rest` (the cells beyond the
 * header, as JSON). A workbook's cells that hold numbers or formulas without a saved value are
 * in `<grid>_flags`.
 *
 * The long layout's cell rules run once per distinct text of a column: each goes through
 * parse.ts `convertCell` (the one definition of what a cell may hold) into `import_cell`; one
 * query then joins every row to its cells' verdicts and gives the rows in error (a blank row is
 * skipped, a short row or one wider than the header is refused, each bad cell located) and the
 * typed records. A column whose texts the rules take as written is cast without the join; a
 * plain file with only such columns and no blank row is checked through a view of its grid.
 * A wide scoring sheet is read by wide.ts, which gives the same records.
 *
 * The check table of an import table (tables.ts checkTable) holds its staged records: the
 * database table's columns (staged types: numbers as doubles), the file (`__file_no`), the
 * record's place (`__rec`, recOf), its row, the fields it keeps as stored (`__keep`,
 * comma-separated) and whether it passed its table's checks (`__ok`). The first file of a
 * table makes it (checkRecords); the others add to it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { isBlankCell } from '../../domain/cells';
import type { ColumnSpec, TableName, TableSpec } from '../../domain/csv-schema';
import { normalizeKey } from '../../domain/text';
import { allOn } from '../db';
import {
	columnLetter,
	PENDING_FORMULA,
	readGrid,
	sniffFormat,
	type Grid,
	type TextEncodingName
} from './grid';
import type { ImportIssue } from './issues';
import {
	convertCell,
	DecimalStyles,
	decimalStyle,
	fileIssue,
	leftOut,
	mapHeader,
	type CellLocation,
	type CellValue,
	type InputFile,
	type Layout,
	type ParsedRecord,
	runAsync,
	type WideInfo
} from './parse';
import { chooseLayout } from './read';
import { parseWide, type WideCatalogue } from './wide';
import {
	checkTable,
	lit,
	materialize,
	q,
	stageType,
	tableColumns,
	TARGET,
	type CheckTables,
	type StageType
} from './tables';

/** A staged record's place: file (input order, from 1), spreadsheet row and column, in one number. */
export const recOf = (file: number, row: number, column = 0) => file * 2 ** 40 + row * 16_384 + column;
export const placeOf = (rec: number) => ({
	file: Math.floor(rec / 2 ** 40),
	row: Math.floor((rec % 2 ** 40) / 16_384),
	column: rec % 16_384
});

/** What the import knows of a file once it is staged (or could not be). */
export interface StagedFile {
	/** Input order, from 1. */
	no: number;
	file: string;
	table: TableSpec;
	layout: Layout;
	format: 'csv' | 'xlsx';
	encoding: TextEncodingName | null;
	delimiter: string;
	wide?: WideInfo;
	/** Column letter and header per field (long layout; a wide sheet: the unit column). */
	columns: Map<string, CellLocation>;
	/** Fields the file does not carry: kept as stored for rows it replaces. */
	keep: string[];
	/** Records staged (rows without a bad cell). */
	rows: number;
	/** Long layout: the grid table and the column of each field, for the cells of messages. */
	grid?: { table: string; index: Map<string, number> };
	/** Wide layout: per record, the cells as written and where they are. */
	records?: Map<number, { raw: Record<string, string>; cells: Record<string, CellLocation> }>;
}

/** The first rows of a CSV text and its separator, as grid.ts (papaparse) finds them. */
function headOf(text: string): { text: string; rows: string[][]; delimiter: string } {
	const parsed = Papa.parse<string[]>(text, {
		header: false,
		preview: 20,
		skipEmptyLines: false,
		delimitersToGuess: [',', ';', '\t', '|']
	});
	return { text, rows: parsed.data, delimiter: parsed.meta.delimiter };
}

/** Longest line (bytes) read_csv is given (its own limit is 2 MB). */
const MAX_LINE = 1 << 20;

/**
 * Whether every line of the UTF-8 bytes is one row of `width` cells for papaparse and read_csv
 * alike: no quote, no NUL or U+0001 (read_csv's null text), one newline style (no lone carriage
 * return), no empty line, no line longer than MAX_LINE, and as many separators on every line
 * as on the header's. One pass over the bytes (separators and newlines are ASCII: no byte of a
 * multi-byte character is one).
 */
function evenLines(bytes: Uint8Array, delimiter: string, width: number): boolean {
	const sep = delimiter.charCodeAt(0);
	const crlf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('\r\n');
	// Bytes that need a look: the separator, newlines, and what refuses the file.
	const special = new Uint8Array(256);
	for (const c of [sep, 10, 13, 34 /* " */, 0, 1]) special[c] = 1;
	let cells = 1;
	let start = 0;
	const n = bytes.length;
	for (let i = 0; i < n; i++) {
		const c = bytes[i]!;
		if (special[c] === 0) continue;
		if (c === sep) cells++;
		else if (c === 10) {
			const end = crlf ? i - 1 : i;
			if (end <= start || end - start > MAX_LINE || cells !== width) return false;
			if (crlf && bytes[i - 1] !== 13) return false;
			cells = 1;
			start = i + 1;
		} else if (c === 13) {
			if (!crlf || bytes[i + 1] !== 10) return false;
		} else return false;
	}
	return start >= n || (cells === width && n - start <= MAX_LINE);
}

/**
 * A CSV that DuckDB's read_csv may read as grid.ts (papaparse) would, when its lines are even
 * too (evenLines): UTF-8, no `sep=` line, in the long layout. Its bytes without the BOM, and its
 * header and separator as papaparse finds them.
 */
function plainCsv(input: InputFile) {
	// What grid.ts readGrid reads as CSV (a text named .xlsx is refused there).
	const content = input.content;
	if (typeof content === 'string' || sniffFormat(input.name, content) !== 'csv') return null;
	if (/\.xlsx$/i.test(input.name)) return null;
	if (content[0] === 0xff || content[0] === 0xfe) return null; // UTF-16, or no UTF-8
	const bom = content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf;
	const body = content.subarray(bom ? 3 : 0);
	if (!isUtf8(body)) return null;
	const head = headOf(new TextDecoder().decode(body.subarray(0, 1 << 20)));
	if (/^\s*"?sep=/i.test(head.text)) return null;
	const header = head.rows[0];
	if (!header || header.every((c) => normalizeKey(c) === '')) return null;
	if (chooseLayout(input.name, { rows: head.rows }, input.options ?? {}) !== 'long') return null;
	return {
		body,
		header,
		delimiter: head.delimiter,
		encoding: (bom ? 'utf-8-bom' : 'utf-8') as TextEncodingName
	};
}

/** A staged grid: its table, header and how it was read. */
interface GridTable {
	table: string;
	header: string[];
	/** Whether `<table>_flags` holds a workbook's number and formula cells. */
	flags: boolean;
	format: 'csv' | 'xlsx';
	encoding: TextEncodingName | null;
	delimiter: string;
	rows: number;
	/** Read by read_csv: every row as wide as the header. */
	plain: boolean;
}

/**
 * DuckDB's read_csv of a plain CSV (see plainCsv); null when a line is not one row of the
 * header's width (evenLines: read_csv could fail, which would end the transaction). The file
 * read_csv reads is written while the lines are measured.
 */
async function readPlain(
	conn: DuckDBConnection,
	no: number,
	plain: NonNullable<ReturnType<typeof plainCsv>>
): Promise<GridTable | null> {
	const path = join(tmpdir(), `khoi-thi-dua-import-${randomBytes(8).toString('hex')}.csv`);
	const raw = `import_raw_${no}`;
	const width = plain.header.length;
	const cols = Array.from({ length: width }, (_, i) => `c${i}`);
	const written = writeFile(path, plain.body, { mode: 0o600 });
	try {
		const even = evenLines(plain.body, plain.delimiter, width);
		await written;
		if (!even) return null;
		await conn.run(
			`CREATE TEMP TABLE ${raw} AS
			 SELECT * FROM read_csv($1, header = false, skip = 1, delim = $2, quote = '', escape = '',
			   auto_detect = false, null_padding = false, strict_mode = true, nullstr = '\u0001',
			   columns = {${cols.map((c) => `'${c}': 'VARCHAR'`).join(', ')}})`,
			[path, plain.delimiter]
		);
	} finally {
		await written.catch(() => undefined);
		await rm(path, { force: true });
	}
	// Inside a transaction row ids start at a large offset: rows are numbered from the first.
	const [{ base, n } = { base: 0, n: 0 }] = await allOn<{ base: number | null; n: number }>(
		conn,
		`SELECT min(rowid)::DOUBLE AS base, count(*)::INTEGER AS n FROM ${raw}`
	);
	const table = `import_grid_${no}`;
	await conn.run(
		`CREATE TEMP VIEW ${table} AS
		 SELECT (rowid - ${base ?? 0} + 2)::INTEGER AS __row, ${width} AS __cells, ${cols.join(', ')}, NULL::VARCHAR AS __rest
		 FROM ${raw}`
	);
	return {
		table,
		header: plain.header,
		flags: false,
		format: 'csv',
		encoding: plain.encoding,
		delimiter: plain.delimiter,
		rows: n,
		plain: true
	};
}

/** A grid read by grid.ts, appended (the rows below the header). */
async function appendGrid(conn: DuckDBConnection, no: number, grid: Grid): Promise<GridTable> {
	const header = grid.rows[0] ?? [];
	const width = header.length;
	const table = `import_grid_${no}`;
	const cols = Array.from({ length: width }, (_, i) => `c${i} VARCHAR`);
	await conn.run(
		`CREATE TEMP TABLE ${table} (__row INTEGER, __cells INTEGER, ${[...cols, '__rest VARCHAR'].join(', ')})`
	);
	const appender = await conn.createAppender(table, 'main', 'temp');
	try {
		for (let r = 1; r < grid.rows.length; r++) {
			const cells = grid.rows[r]!;
			appender.appendInteger(r + 1);
			appender.appendInteger(cells.length);
			for (let i = 0; i < width; i++) {
				const c = cells[i];
				if (c === undefined) appender.appendNull();
				else appender.appendVarchar(c);
			}
			if (cells.length > width) appender.appendVarchar(JSON.stringify(cells.slice(width)));
			else appender.appendNull();
			appender.endRow();
		}
		appender.flushSync();
	} finally {
		appender.closeSync();
	}
	const flagged = new Set([...(grid.numbers ?? []), ...(grid.pending ?? [])]);
	if (flagged.size > 0) {
		await conn.run(
			`CREATE TEMP TABLE ${table}_flags (row INTEGER, col INTEGER, number BOOLEAN, pending BOOLEAN)`
		);
		const flags = await conn.createAppender(`${table}_flags`, 'main', 'temp');
		try {
			for (const key of flagged) {
				flags.appendInteger(Math.floor(key / 16_384) + 1);
				flags.appendInteger(key % 16_384);
				flags.appendBoolean(grid.numbers?.has(key) ?? false);
				flags.appendBoolean(grid.pending?.has(key) ?? false);
				flags.endRow();
			}
			flags.flushSync();
		} finally {
			flags.closeSync();
		}
	}
	return {
		table,
		header,
		flags: flagged.size > 0,
		format: grid.format,
		encoding: grid.encoding,
		delimiter: grid.delimiter,
		rows: Math.max(0, grid.rows.length - 1),
		plain: false
	};
}

/** Whether a grid has no cell with text. */
const blankGrid = (grid: Grid) =>
	!grid.pending?.size && grid.rows.every((r) => r.every((c) => normalizeKey(c) === ''));

/** Stages the records of one file; null (the reason in `issues`) when it cannot be read at all. */
export async function stageFile(
	conn: DuckDBConnection,
	no: number,
	input: InputFile,
	catalogue: WideCatalogue,
	issues: ImportIssue[],
	made: CheckTables
): Promise<StagedFile | null> {
	const options = input.options ?? {};
	const plain = plainCsv(input);
	const read = plain && (await readPlain(conn, no, plain));
	if (read) return stageLong(conn, no, input, read, issues, made);
	const got = await readGrid(input.name, input.content, options.sheet);
	if (!got.ok) {
		issues.push(fileIssue(input.name, got.reason));
		return null;
	}
	const grid = got.grid;
	if (blankGrid(grid)) {
		issues.push(fileIssue(input.name, 'tệp rỗng'));
		return null;
	}
	if (chooseLayout(input.name, grid, options) === 'wide')
		return stageWide(conn, no, input, grid, catalogue, issues, made);
	return stageLong(conn, no, input, await appendGrid(conn, no, grid), issues, made);
}

/** A cell's verdict: blank, or the value it holds, or why it cannot be read. */
interface CellFacts {
	blank: boolean;
	reason: string | null;
	num: number | null;
	txt: string | null;
	bool: boolean | null;
	style: 1 | 2 | null;
}

const NUMERIC = new Set(['number', 'int']);

function factsOf(raw: string, col: ColumnSpec | null): CellFacts {
	const blank = isBlankCell(raw);
	if (!col) return { blank, reason: null, num: null, txt: null, bool: null, style: null };
	const cell = convertCell(raw, col);
	const style = NUMERIC.has(col.type.kind) ? decimalStyle(raw) : null;
	const facts: CellFacts = {
		blank,
		reason: null,
		num: null,
		txt: null,
		bool: null,
		style: style === 'comma' ? 1 : style === 'point' ? 2 : null
	};
	if ('reason' in cell) return { ...facts, reason: cell.reason };
	const v: CellValue = cell.value;
	if (typeof v === 'number') facts.num = v;
	else if (typeof v === 'boolean') facts.bool = v;
	else if (typeof v === 'string') facts.txt = v;
	return facts;
}

/** The value of field `col` in a staged column of type `type`, from its cell verdict `l`. */
function valueSql(l: string, col: ColumnSpec, type: StageType): string {
	if (type === 'BOOLEAN') return `${l}.bool`;
	if (type === 'INTEGER') return `CAST(${l}.num AS INTEGER)`;
	if (type === 'DOUBLE') return `${l}.num`;
	// A text column: what a bool or number cell holds, as the appender wrote it (String(value)).
	if (col.type.kind === 'bool') return `CAST(${l}.bool AS VARCHAR)`;
	return `COALESCE(${l}.txt, CAST(${l}.num AS VARCHAR))`;
}

/**
 * A column whose every distinct text the cell rules take as it is (a code, `2025`, `28.5`, an
 * empty cell for nothing): its values are the texts cast by SQL, and the join with its verdicts
 * can be left out. `cast` is the SQL of the value from the cell `c`; null when it needs the join.
 */
function plainCast(
	texts: Map<string, CellFacts>,
	col: ColumnSpec,
	type: StageType
): ((c: string) => string) | null {
	for (const [raw, f] of texts) {
		if (f.reason !== null) return null;
		const value = f.num ?? f.txt ?? f.bool;
		if (value === null) {
			if (raw !== '') return null;
		} else if (type === 'INTEGER') {
			if (!/^\d{1,9}$/.test(raw) || Number(raw) !== value) return null;
		} else if (type === 'DOUBLE') {
			if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) !== value) return null;
		} else if (type !== 'VARCHAR' || col.type.kind === 'bool' || value !== raw) return null;
	}
	if (type === 'INTEGER') return (c) => `CAST(NULLIF(${c}, '') AS INTEGER)`;
	if (type === 'DOUBLE') return (c) => `CAST(NULLIF(${c}, '') AS DOUBLE)`;
	return (c) => `NULLIF(${c}, '')`;
}

/** The long layout: header, cell rules per distinct text, row rules in SQL, records staged. */
async function stageLong(
	conn: DuckDBConnection,
	no: number,
	input: InputFile,
	g: GridTable,
	issues: ImportIssue[],
	made: CheckTables
): Promise<StagedFile | null> {
	const file = input.name;
	const firstIssue = issues.length;
	const header = g.header;
	const width = header.length;
	if (g.flags) {
		const pending = await allOn<{ col: number }>(
			conn,
			`SELECT col FROM ${g.table}_flags WHERE row = 1 AND pending ORDER BY col`
		);
		if (pending.length > 0)
			issues.push({
				...fileIssue(file, `tiêu đề: ${PENDING_FORMULA}`),
				row: 1,
				column: pending.map((p) => columnLetter(p.col)).join(', ')
			});
	}
	const map = mapHeader(file, header, input.options ?? {}, issues);
	if (!map) return null;
	const { table, fieldAt } = map;
	const columns = (await tableColumns(conn, TARGET[table.name])).map((c) => ({
		name: c.name,
		type: stageType(c.type)
	}));
	const typeOf = new Map(columns.map((c) => [c.name, c.type]));

	// Every distinct text of every column through the cell rules (one scan of the grid).
	const [lists = {}] = await allOn<Record<string, string[] | null>>(
		conn,
		`SELECT ${header.map((_, i) => `list(DISTINCT c${i}) FILTER (WHERE c${i} IS NOT NULL) AS c${i}`).join(', ')},
		        list(DISTINCT __rest) FILTER (WHERE __rest IS NOT NULL) AS rest
		 FROM ${g.table}`
	);
	const texts = header.map((_, i) => {
		const facts = new Map<string, CellFacts>();
		for (const raw of lists[`c${i}`] ?? []) facts.set(raw, factsOf(raw, fieldAt[i] ?? null));
		return facts;
	});
	const rests = lists.rest ?? [];
	await conn.run(
		`CREATE TEMP TABLE IF NOT EXISTS import_cell (file INTEGER, col INTEGER, raw VARCHAR, blank BOOLEAN,
		 reason VARCHAR, num DOUBLE, txt VARCHAR, bool BOOLEAN, style TINYINT, filled BOOLEAN)`
	);
	const appender = await conn.createAppender('import_cell', 'main', 'temp');
	try {
		const put = (col: number, raw: string, f: CellFacts, filled: boolean | null) => {
			appender.appendInteger(no);
			appender.appendInteger(col);
			appender.appendVarchar(raw);
			appender.appendBoolean(f.blank);
			if (f.reason === null) appender.appendNull();
			else appender.appendVarchar(f.reason);
			if (f.num === null) appender.appendNull();
			else appender.appendDouble(f.num);
			if (f.txt === null) appender.appendNull();
			else appender.appendVarchar(f.txt);
			if (f.bool === null) appender.appendNull();
			else appender.appendBoolean(f.bool);
			if (f.style === null) appender.appendNull();
			else appender.appendTinyInt(f.style);
			if (filled === null) appender.appendNull();
			else appender.appendBoolean(filled);
			appender.endRow();
		};
		texts.forEach((facts, i) => {
			for (const [raw, f] of facts) put(i, raw, f, null);
		});
		// The cells beyond the header: blank when every one is, filled when one has text (trimmed).
		for (const raw of rests) {
			const cells = JSON.parse(raw) as string[];
			put(
				-1,
				raw,
				{ ...factsOf('', null), blank: cells.every(isBlankCell) },
				cells.some((c) => c.trim() !== '')
			);
		}
		appender.flushSync();
	} finally {
		appender.closeSync();
	}

	// Per row: blank (skipped), short or too wide (refused), a bad cell, or a record. A column
	// the cell rules take as written needs no join with its verdicts (plainCast), nor a column
	// whose only blank text is the empty one for its blankness.
	const mapped = fieldAt.flatMap((c, i) => (c ? [i] : []));
	const numericCols = mapped.filter((i) => NUMERIC.has(fieldAt[i]!.type.kind));
	const styles = new Set(numericCols.flatMap((i) => [...texts[i]!.values()].map((f) => f.style)));
	// Only a file that writes decimals both ways may be warned about: then each cell's style counts.
	const counted = styles.has(1) && styles.has(2) ? numericCols : [];
	const cast = header.map((_, i) =>
		fieldAt[i] && !counted.includes(i)
			? plainCast(texts[i]!, fieldAt[i]!, typeOf.get(fieldAt[i]!.name) ?? 'VARCHAR')
			: null
	);
	const plainBlank = texts.map((t) => [...t].every(([raw, f]) => !f.blank || raw === ''));
	const joined = header.map((_, i) => (fieldAt[i] ? cast[i] === null : !plainBlank[i]));
	const lookup = (i: number) =>
		`LEFT JOIN (SELECT * FROM import_cell WHERE file = ${no} AND col = ${i}) l${i} ON l${i}.raw = g.c${i}`;
	const hasRest = rests.length > 0;
	const flags = g.flags
		? `LEFT JOIN (SELECT row, list(col) FILTER (WHERE pending) AS pend, list(col) FILTER (WHERE number) AS nums
		              FROM ${g.table}_flags GROUP BY row) f ON f.row = g.__row`
		: '';
	const pend = (i: number) => (g.flags ? `COALESCE(list_contains(f.pend, ${i}), false)` : 'false');
	const blankCell = (i: number) =>
		joined[i] ? `COALESCE(l${i}.blank, true)` : `COALESCE(g.c${i} = '', true)`;
	const blankRow = [
		...header.map((_, i) => `${blankCell(i)}${fieldAt[i] ? ` AND NOT ${pend(i)}` : ''}`),
		...(hasRest ? ['COALESCE(lr.blank, true)'] : []),
		...(g.flags ? [`NOT COALESCE(len(list_filter(f.pend, x -> x >= ${width})) > 0, false)`] : [])
	].join(' AND ');
	const lastMapped = Math.max(-1, ...mapped);
	const short = `g.__cells <= ${lastMapped}`;
	const wide = hasRest ? `(g.__cells > ${width} AND COALESCE(lr.filled, false))` : 'false';
	const bad = (i: number) => (joined[i] ? `(l${i}.reason IS NOT NULL OR ${pend(i)})` : pend(i));
	const anyBad = [short, wide, ...mapped.map(bad)].join(' OR ');
	const style = (i: number) =>
		g.flags
			? `CASE WHEN COALESCE(list_contains(f.nums, ${i}), false) THEN NULL ELSE l${i}.style END`
			: `l${i}.style`;
	const at = new Map(mapped.map((i) => [fieldAt[i]!.name, i]));
	const keep = leftOut(table, map.columns);
	const value = (c: { name: string; type: StageType }) => {
		const i = at.get(c.name);
		if (i === undefined) return `NULL::${c.type}`;
		return cast[i] ? cast[i]!(`g.c${i}`) : valueSql(`l${i}`, fieldAt[i]!, c.type);
	};
	const record = `${columns.map((c) => `${value(c)} AS ${q(c.name)}`).join(', ')},
		        ${no} AS __file_no, ${no}::BIGINT * ${2 ** 40} + g.__row::BIGINT * 16384 AS __rec, g.__row,
		        ${keep.length > 0 ? lit(keep.join(',')) : 'NULL::VARCHAR'} AS __keep, true AS __ok`;
	// A plain file whose every cell the rules take as written and with a column never empty (no
	// row is blank) has no row to refuse: its check table is its grid cast as it is read (a view).
	const staged: Omit<StagedFile, 'rows'> = {
		no,
		file,
		table,
		layout: 'long',
		format: g.format,
		encoding: g.encoding,
		delimiter: g.delimiter,
		columns: map.columns,
		keep,
		grid: { table: g.table, index: at }
	};
	const neverBlank = texts.some((t) => !t.has(''));
	if (g.plain && !g.flags && !joined.some(Boolean) && neverBlank && !made.has(table.name)) {
		await conn.run(`CREATE TEMP VIEW ${checkTable(table.name)} AS SELECT ${record} FROM ${g.table} g`);
		made.set(table.name, 'view');
		if (g.rows === 0 && !issues.slice(firstIssue).some((i) => i.severity === 'error'))
			issues.push(fileIssue(file, 'tệp chỉ có dòng tiêu đề, không có dữ liệu', 'warning'));
		return { ...staged, rows: g.rows };
	}
	// The table is the check table's columns, then the row's verdicts (`__bad`, the styles).
	const conv = `import_conv_${no}`;
	await conn.run(
		`CREATE TEMP TABLE ${conv} AS
		 SELECT ${record},
		        ${anyBad} AS __bad, (${short}) OR (${wide}) AS __shape
		        ${counted.map((i) => `, ${style(i)} AS __s${i}`).join('')}
		 FROM ${g.table} g
		 ${header.flatMap((_, i) => (joined[i] ? [lookup(i)] : [])).join('\n')}
		 ${hasRest ? `LEFT JOIN (SELECT * FROM import_cell WHERE file = ${no} AND col = -1) lr ON lr.raw = g.__rest` : ''}
		 ${flags}
		 WHERE NOT (${blankRow})`
	);
	const [{ rows, wrong: bads } = { rows: 0, wrong: 0 }] = await allOn<{ rows: number; wrong: number }>(
		conn,
		`SELECT count(*) FILTER (WHERE NOT __bad)::INTEGER AS rows, count(*) FILTER (WHERE __bad)::INTEGER AS wrong
		 FROM ${conv}`
	);

	// The rows in error, in file order: a short or too wide row once, else each bad cell.
	const wrong =
		bads === 0
			? []
			: await allOn<Record<string, unknown> & { __row: number; __cells: number; __shape: boolean }>(
					conn,
					`SELECT g.__row, g.__cells, c.__shape,
					        ${mapped.map((i) => `g.c${i} AS raw${i}, ${joined[i] ? `l${i}.reason` : 'NULL'} AS reason${i}, ${pend(i)} AS pend${i}`).join(', ')}
					 FROM (SELECT __row, __shape FROM ${conv} WHERE __bad) c JOIN ${g.table} g ON g.__row = c.__row
					 ${mapped.flatMap((i) => (joined[i] ? [lookup(i)] : [])).join('\n')}
					 ${flags}
					 ORDER BY g.__row`
				);
	const loc = (i: number) => `${columnLetter(i)} "${header[i]?.trim() ?? ''}"`;
	for (const w of wrong) {
		const row = w.__row;
		const cells = w.__cells;
		if (w.__shape) {
			const missing = mapped.filter((i) => i >= cells);
			if (missing.length > 0)
				issues.push({
					severity: 'error',
					file,
					row,
					column: missing.map(loc).join(', '),
					field: null,
					value: null,
					message: `dòng chỉ có ${cells} ô nhưng tiêu đề có ${width} cột: thiếu ô của cột ${missing.map((i) => `${loc(i)} (${fieldAt[i]!.name})`).join(', ')}; ô bị thiếu không được hiểu là ô trống: để xóa một giá trị, hãy giữ đủ dấu phân cách và để trống ô đó`
				});
			else
				issues.push({
					severity: 'error',
					file,
					row,
					column: null,
					field: null,
					value: null,
					message: `dòng có ${cells} ô nhưng tiêu đề chỉ có ${width} cột (kiểm tra dấu phân cách và dấu ngoặc kép)`
				});
			continue;
		}
		for (const i of mapped) {
			const reason = w[`pend${i}`] ? PENDING_FORMULA : (w[`reason${i}`] as string | null);
			if (reason === null) continue;
			issues.push({
				severity: 'error',
				file,
				row,
				column: loc(i),
				field: fieldAt[i]!.name,
				value: (w[`raw${i}`] as string | null) ?? '',
				message: reason
			});
		}
	}

	// Decimal commas and points in the numeric cells people typed, rows in file order.
	if (counted.length > 0) {
		const seen = await allOn<{ style: number; n: number; pos: number }>(
			conn,
			`SELECT style, count(*)::INTEGER AS n, min(pos)::DOUBLE AS pos FROM (
			   ${counted.map((i) => `SELECT __s${i} AS style, __row::BIGINT * 16384 + ${i} AS pos FROM ${conv} WHERE NOT __shape`).join(' UNION ALL ')}
			 ) WHERE style IS NOT NULL GROUP BY style`
		);
		const decimals = new DecimalStyles();
		for (const s of seen.sort((a, b) => a.pos - b.pos)) {
			const [cell] = await allOn<{ raw: string }>(
				conn,
				`SELECT c${s.pos % 16_384} AS raw FROM ${g.table} WHERE __row = $1`,
				[Math.floor(s.pos / 16_384)]
			);
			decimals.see(cell?.raw ?? '', s.n);
		}
		const mixed = decimals.warning();
		if (mixed) issues.push(fileIssue(file, mixed, 'warning'));
	}

	// The records of the rows without error into the table's check table (this table, when it
	// is the first file of its table).
	await checkRecords(conn, conv, table.name, columns, made, bads > 0 ? 'NOT __bad' : null);
	if (rows === 0 && !issues.slice(firstIssue).some((i) => i.severity === 'error'))
		issues.push(fileIssue(file, 'tệp chỉ có dòng tiêu đề, không có dữ liệu', 'warning'));
	return { ...staged, rows };
}

/**
 * Makes the records of `source` (the check table's columns first) the check table of `table`,
 * or adds them to it when an earlier file made it; `where` keeps only some.
 */
async function checkRecords(
	conn: DuckDBConnection,
	source: string,
	table: TableName,
	columns: { name: string; type: StageType }[],
	made: CheckTables,
	where: string | null
) {
	if (!made.has(table)) {
		if (where) await conn.run(`DELETE FROM ${source} WHERE NOT (${where})`);
		await conn.run(`ALTER TABLE ${source} RENAME TO ${checkTable(table)}`);
		made.set(table, 'table');
		return;
	}
	await materialize(conn, made, table);
	const cols = [...columns.map((c) => q(c.name)), '__file_no', '__rec', '__row', '__keep', '__ok'].join(', ');
	await conn.run(
		`INSERT INTO ${checkTable(table)} (${cols}) SELECT ${cols} FROM ${source}${where ? ` WHERE ${where}` : ''}`
	);
	await conn.run(`DROP TABLE ${source}`);
}

/** A wide scoring sheet, read by wide.ts into score records, appended to the check table. */
async function stageWide(
	conn: DuckDBConnection,
	no: number,
	input: InputFile,
	grid: Grid,
	catalogue: WideCatalogue,
	issues: ImportIssue[],
	made: CheckTables
): Promise<StagedFile | null> {
	const steps = parseWide(input.name, grid, input.options ?? {}, catalogue, issues);
	const parsed = await runAsync(steps);
	if (!parsed) return null;
	const columns = (await tableColumns(conn, TARGET.scores)).map((c) => ({
		name: c.name,
		type: stageType(c.type)
	}));
	const keep = parsed.keep ?? [];
	const records = new Map<number, { raw: Record<string, string>; cells: Record<string, CellLocation> }>();
	const staged = `import_wide_${no}`;
	await conn.run(
		`CREATE TEMP TABLE ${staged} (${columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')},
		 __file_no INTEGER, __rec BIGINT, __row INTEGER, __keep VARCHAR, __ok BOOLEAN)`
	);
	const appender = await conn.createAppender(staged, 'main', 'temp');
	try {
		for (const r of parsed.rows) {
			const rec = recOf(no, r.row, r.column ?? 0);
			records.set(rec, { raw: r.raw, cells: r.cells ?? {} });
			for (const c of columns) appendValue(appender, c.type, r.values[c.name]);
			appender.appendInteger(no);
			appender.appendBigInt(BigInt(rec));
			appender.appendInteger(r.row);
			if (keep.length > 0) appender.appendVarchar(keep.join(','));
			else appender.appendNull();
			appender.appendBoolean(true);
			appender.endRow();
		}
		appender.flushSync();
	} finally {
		appender.closeSync();
	}
	await checkRecords(conn, staged, 'scores', columns, made, null);
	return {
		no,
		file: parsed.file,
		table: parsed.table,
		layout: 'wide',
		format: parsed.format,
		encoding: parsed.encoding,
		delimiter: parsed.delimiter,
		columns: parsed.columns,
		keep,
		rows: parsed.rows.length,
		records,
		...(parsed.wide ? { wide: parsed.wide } : {})
	};
}

function appendValue(
	appender: Awaited<ReturnType<DuckDBConnection['createAppender']>>,
	type: StageType,
	value: ParsedRecord[string] | undefined
) {
	if (value === null || value === undefined) return appender.appendNull();
	switch (type) {
		case 'INTEGER':
			return appender.appendInteger(value as number);
		case 'DOUBLE':
			return appender.appendDouble(value as number);
		case 'BOOLEAN':
			return appender.appendBoolean(value as boolean);
		default:
			return appender.appendVarchar(String(value));
	}
}
