/** Formatting and writing of the sample CSV files, driven by the table specs in csv-schema. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { TABLES_BY_NAME, type ColumnSpec, type TableName } from '../../src/lib/domain/csv-schema';

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

/** Points are kept as integer hundredths; weights as integer thousandths. */
export const CENT = 100;
export const MILL = 1000;

function fixed(value: number, scale: number, decimals: number, sep: string): string {
	const neg = value < 0;
	const abs = Math.abs(value);
	const int = Math.floor(abs / scale);
	let frac = String(abs % scale).padStart(decimals, '0');
	frac = frac.replace(/0+$/, '');
	return `${neg ? '-' : ''}${int}${frac ? sep + frac : ''}`;
}

/** Hundredths → `8,5` (Vietnamese decimal comma, no thousands separator). */
export function viPoints(cents: number): string {
	return fixed(cents, CENT, 2, ',');
}

/** Hundredths → `8.5` (decimal point, for the machine-style English files). */
export function enPoints(cents: number): string {
	return fixed(cents, CENT, 2, '.');
}

/** Thousandths → `1.5`. Weights never have three decimals here, so `1.500` cannot be misread. */
export function enWeight(mills: number): string {
	return fixed(mills, MILL, 3, '.');
}

export function viDate(year: number, month: number, day: number): string {
	return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

function column(table: TableName, name: string): ColumnSpec {
	const spec = TABLES_BY_NAME.get(table);
	const col = spec?.columns.find((c) => c.name === name);
	if (!col) throw new Error(`no column ${table}.${name}`);
	return col;
}

/** The first Vietnamese alias of an enum value, as a template would write it. */
export function viEnum(table: TableName, name: string, value: string): string {
	const type = column(table, name).type;
	if (type.kind !== 'enum') throw new Error(`${table}.${name} is not an enum`);
	const alias = type.values[value]?.[0];
	if (alias === undefined) throw new Error(`${table}.${name}: unknown value ${value}`);
	return alias;
}

export function viBool(value: boolean): string {
	return value ? 'Có' : 'Không';
}

/**
 * Writes one table: columns in spec order, headers in English (`english`) or by the first
 * Vietnamese alias. CRLF line endings, fields quoted only when needed, no trailing newline.
 */
export function writeTable(
	dir: string,
	table: TableName,
	rows: readonly Row[],
	opts: { vietnameseHeaders: boolean; bom: boolean }
): string {
	const spec = TABLES_BY_NAME.get(table);
	if (!spec) throw new Error(`unknown table ${table}`);
	const fields = spec.columns.map((c) => c.name);
	for (const row of rows)
		for (const key of Object.keys(row))
			if (!fields.includes(key)) throw new Error(`${table}: unexpected field ${key}`);
	const headers = spec.columns.map((c) => (opts.vietnameseHeaders ? (c.vi[0] ?? c.name) : c.name));
	const data = rows.map((row) => fields.map((f) => row[f] ?? null));
	const text = Papa.unparse({ fields: headers, data }, { newline: '\r\n', quotes: false });
	mkdirSync(dir, { recursive: true });
	const path = join(dir, `${table}.csv`);
	writeFileSync(path, (opts.bom ? '\uFEFF' : '') + text, 'utf8');
	return path;
}
