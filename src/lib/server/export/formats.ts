/**
 * One export table, four file formats:
 * - CSV for Excel: UTF-8 with BOM, Vietnamese headers and words, numbers written the Vietnamese
 *   way (`28,5`), formula-like text neutralised (csv.ts);
 * - Excel (.xlsx): typed cells (numbers stay numbers), a frozen bold header, the same words, and
 *   the same neutralisation of text cells, headers included;
 * - Parquet (DuckDB's own writer: a temporary table, `COPY … (FORMAT parquet)` to a temporary
 *   file that is streamed back and removed) and Arrow IPC (apache-arrow, explicit column types),
 *   for analysts in Python or R: snake_case columns, stored codes, no labels.
 */
import type { DuckDBAppender } from '@duckdb/node-api';
import {
	Bool,
	Float64,
	Int32,
	Table,
	Utf8,
	tableToIPC,
	vectorFromArray,
	type DataType,
	type Vector
} from 'apache-arrow';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import writeExcelFile from 'write-excel-file/node';
import { formatNumber } from '../../domain/numbers';
import type { Database } from '../db';
import { csvDocument, neutralizeCell, type CsvValue } from './csv';
import type { ExportColumn, ExportTable, ExportType, ExportValue } from './datasets';

export const FORMATS = ['csv', 'xlsx', 'parquet', 'arrow'] as const;
export type ExportFormat = (typeof FORMATS)[number];

export function isFormat(s: string): s is ExportFormat {
	return (FORMATS as readonly string[]).includes(s);
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	parquet: 'application/vnd.apache.parquet',
	arrow: 'application/vnd.apache.arrow.file'
};

/** What an office sees in a cell: the label of a code, else the value as text. */
function shown(c: ExportColumn, v: ExportValue): string {
	if (c.label) return c.label(v);
	if (v === null) return '';
	if (typeof v === 'boolean') return v ? 'Có' : 'Không';
	return String(v);
}

/** The table as a CSV file for Excel. */
export function toCsv(t: ExportTable): string {
	const lines: CsvValue[][] = [t.columns.map((c) => c.header)];
	for (const r of t.rows)
		lines.push(
			t.columns.map((c, i): CsvValue => {
				const v = r[i] ?? null;
				if (v === null) return '';
				if ((c.type === 'number' || c.type === 'int') && typeof v === 'number' && !c.label)
					return { number: formatNumber(v, c.type === 'int' ? 0 : (c.digits ?? 2)).replace(/\./g, '') };
				return shown(c, v);
			})
		);
	return csvDocument(lines);
}

type Cell = {
	value: string | number | boolean;
	type?: typeof String | typeof Number;
	[k: string]: unknown;
} | null;

/** The table as an Excel workbook (one sheet). */
export async function toXlsx(t: ExportTable): Promise<Buffer> {
	const header: Cell[] = t.columns.map((c) => ({
		// Headers carry names from the data (group names of the ranking): neutralised like any text.
		value: neutralizeCell(c.header),
		type: String,
		fontWeight: 'bold',
		wrap: true,
		alignVertical: 'top',
		backgroundColor: '#E9EEF4'
	}));
	const body: Cell[][] = t.rows.map((r) =>
		t.columns.map((c, i) => {
			const v = r[i] ?? null;
			if (v === null) return null;
			if ((c.type === 'number' || c.type === 'int') && typeof v === 'number' && !c.label)
				return { value: v, type: Number };
			return { value: neutralizeCell(shown(c, v)), type: String };
		})
	);
	const width = (i: number) =>
		Math.min(
			50,
			Math.max(
				8,
				...[t.columns[i]!.header, ...t.rows.slice(0, 500).map((r) => shown(t.columns[i]!, r[i] ?? null))].map(
					(s) => s.length + 2
				)
			)
		);
	const sheet = t.sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
	return writeExcelFile(
		[header, ...body] as never,
		{
			sheet,
			columns: t.columns.map((_, i) => ({ width: width(i) })),
			stickyRowsCount: 1,
			fontFamily: 'Times New Roman',
			fontSize: 12
		} as never
	).toBuffer();
}

const ARROW_TYPE: Record<ExportType, () => DataType> = {
	text: () => new Utf8(),
	int: () => new Int32(),
	number: () => new Float64(),
	bool: () => new Bool()
};

/** The table as an Arrow IPC file (readable by pyarrow, R arrow, apache-arrow's `tableFromIPC`). */
export function toArrow(t: ExportTable): Uint8Array {
	const vectors: Record<string, Vector> = {};
	t.columns.forEach((c, i) => {
		const values = t.rows.map((r) => {
			const v = r[i] ?? null;
			if (v === null) return null;
			if (c.type === 'text') return String(v);
			if (c.type === 'bool') return Boolean(v);
			return Number(v);
		});
		vectors[c.key] = vectorFromArray(values, ARROW_TYPE[c.type]());
	});
	return tableToIPC(new Table(vectors), 'file');
}

const DUCK_TYPE: Record<ExportType, string> = {
	text: 'VARCHAR',
	int: 'INTEGER',
	number: 'DOUBLE',
	bool: 'BOOLEAN'
};

function append(a: DuckDBAppender, type: ExportType, v: ExportValue) {
	if (v === null) return a.appendNull();
	switch (type) {
		case 'int':
			return a.appendInteger(Number(v));
		case 'number':
			return a.appendDouble(Number(v));
		case 'bool':
			return a.appendBoolean(Boolean(v));
		default:
			return a.appendVarchar(String(v));
	}
}

/**
 * The table as a Parquet file written by DuckDB, as a stream that removes the temporary file
 * once it has been read (or the download is cancelled).
 */
export async function toParquet(
	db: Database,
	t: ExportTable
): Promise<{ stream: ReadableStream<Uint8Array>; size: number }> {
	const dir = await mkdtemp(join(tmpdir(), 'ktd-export-'));
	const path = join(dir, `${t.name}.parquet`);
	try {
		await db.withConnection(async (conn) => {
			const q = (k: string) => `"${k.replace(/"/g, '""')}"`;
			await conn.run(
				`CREATE TEMP TABLE export_rows (${t.columns.map((c) => `${q(c.key)} ${DUCK_TYPE[c.type]}`).join(', ')})`
			);
			const appender = await conn.createAppender('export_rows', 'main', 'temp');
			try {
				for (const r of t.rows) {
					t.columns.forEach((c, i) => append(appender, c.type, r[i] ?? null));
					appender.endRow();
				}
				appender.flushSync();
			} finally {
				appender.closeSync();
			}
			// The path is ours (mkdtemp), never the user's; quotes are doubled all the same.
			await conn.run(`COPY export_rows TO '${path.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION zstd)`);
			await conn.run('DROP TABLE export_rows');
		});
		const { size } = await stat(path);
		const node = createReadStream(path);
		let removed = false;
		const remove = () => {
			if (removed) return;
			removed = true;
			void rm(dir, { recursive: true, force: true });
		};
		node.once('close', remove);
		node.once('error', remove);
		return { stream: Readable.toWeb(node) as ReadableStream<Uint8Array>, size };
	} catch (e) {
		await rm(dir, { recursive: true, force: true });
		throw e;
	}
}

/** `xep-hang-K04-2025.csv`: ASCII, safe in a header. */
export function exportFileName(t: ExportTable, scope: string, format: ExportFormat): string {
	const safe = scope.replace(/[^A-Za-z0-9._-]/g, '_');
	return `${t.name}-${safe}.${format}`;
}

/** A `Content-Disposition` for a download. */
export function attachment(fileName: string): string {
	return `attachment; filename="${fileName.replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
