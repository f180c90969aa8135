/**
 * Column-wise tables between the server and the browser. The same schema drives both encodings:
 * Apache Arrow IPC (streams over `ARROW_MIN_ROWS` rows) and column-wise JSON (smaller ones).
 * Either decodes into the same typed columns (`DecodedTable`), which feed ECharts directly.
 *
 * Column kinds and their Arrow types (always explicit, never inferred):
 * - int16 → Int16 (not nullable; years) → Int16Array
 * - int32 → Int32 (not nullable) → Int32Array
 * - float64 → Float64 (nullable; null decodes to NaN) → Float64Array
 * - dict → Dictionary<Utf8, Int16> (at most 32 767 distinct strings; nullable, null decodes to
 *   index −1) → Int32Array of indices + the dictionary
 * - bool → Bool (not nullable) → Uint8Array of 0/1
 */

export type ColumnKind = 'int16' | 'int32' | 'float64' | 'dict' | 'bool';

export interface ColumnDef {
	name: string;
	kind: ColumnKind;
}

export type TableSchema = readonly ColumnDef[];

export type DecodedColumn =
	| { kind: 'int16'; values: Int16Array }
	| { kind: 'int32'; values: Int32Array }
	| { kind: 'float64'; values: Float64Array }
	| { kind: 'dict'; indices: Int32Array; dictionary: string[] }
	| { kind: 'bool'; values: Uint8Array };

export interface DecodedTable {
	rowCount: number;
	columns: Record<string, DecodedColumn>;
}

/** Input of an encoder: one array of plain values per column, as DuckDB's `getColumnsObjectJS` gives. */
export type ColumnValues = Record<string, readonly unknown[]>;

export const ARROW_MIME = 'application/vnd.apache.arrow.stream';
export const JSON_MIME = 'application/json';

/** Result sets with more rows than this travel as Arrow IPC; smaller ones as JSON. */
export const ARROW_MIN_ROWS = 1000;

export type WireFormat = 'arrow' | 'json';

/** The format for a result of `rowCount` rows: the one asked for, else by size. */
export function pickFormat(rowCount: number, requested: WireFormat | null = null): WireFormat {
	return requested ?? (rowCount > ARROW_MIN_ROWS ? 'arrow' : 'json');
}

/** Row count of column-wise values (the length of the first column; all must agree). */
export function rowCountOf(schema: TableSchema, columns: ColumnValues): number {
	const first = schema[0];
	const n = first ? (columns[first.name]?.length ?? 0) : 0;
	for (const c of schema) {
		const col = columns[c.name];
		if (!col) throw new Error(`Thiếu cột ${c.name}`);
		if (col.length !== n) throw new Error(`Cột ${c.name} có ${col.length} dòng, cần ${n}`);
	}
	return n;
}

function column(table: DecodedTable, name: string): DecodedColumn {
	const c = table.columns[name];
	if (!c) throw new Error(`Bảng không có cột ${name}`);
	return c;
}

export function floatColumn(table: DecodedTable, name: string): Float64Array {
	const c = column(table, name);
	if (c.kind !== 'float64') throw new Error(`Cột ${name} là ${c.kind}, không phải float64`);
	return c.values;
}

export function intColumn(table: DecodedTable, name: string): Int32Array | Int16Array {
	const c = column(table, name);
	if (c.kind !== 'int32' && c.kind !== 'int16')
		throw new Error(`Cột ${name} là ${c.kind}, không phải số nguyên`);
	return c.values;
}

export function dictColumn(table: DecodedTable, name: string): { indices: Int32Array; dictionary: string[] } {
	const c = column(table, name);
	if (c.kind !== 'dict') throw new Error(`Cột ${name} là ${c.kind}, không phải dict`);
	return c;
}

export function boolColumn(table: DecodedTable, name: string): Uint8Array {
	const c = column(table, name);
	if (c.kind !== 'bool') throw new Error(`Cột ${name} là ${c.kind}, không phải bool`);
	return c.values;
}

/** A dictionary-encoded string column from plain values (null → −1), dictionary in first-seen order. */
export function dictionaryEncode(values: readonly unknown[]): { indices: Int32Array; dictionary: string[] } {
	const index = new Map<string, number>();
	const dictionary: string[] = [];
	const indices = new Int32Array(values.length);
	values.forEach((v, i) => {
		if (v === null || v === undefined) {
			indices[i] = -1;
			return;
		}
		const s = String(v);
		let k = index.get(s);
		if (k === undefined) {
			k = dictionary.length;
			index.set(s, k);
			dictionary.push(s);
		}
		indices[i] = k;
	});
	return { indices, dictionary };
}

// ---------------------------------------------------------------------------------------------
// The analytics fact table

/**
 * One unit's result on one content criterion in one bloc-year (see `CriterionCell`): the largest
 * analytics result (every sample score row), used by the criteria distribution chart.
 */
export const CELL_SCHEMA = [
	{ name: 'year', kind: 'int16' },
	{ name: 'blocCode', kind: 'dict' },
	{ name: 'unitCode', kind: 'dict' },
	{ name: 'criterionCode', kind: 'dict' },
	{ name: 'points', kind: 'float64' },
	{ name: 'maxPoints', kind: 'float64' },
	{ name: 'percent', kind: 'float64' },
	{ name: 'unreviewed', kind: 'bool' },
	{ name: 'missing', kind: 'bool' }
] as const satisfies TableSchema;
