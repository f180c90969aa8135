/**
 * Arrow IPC encoding of column-wise tables, with explicit Arrow types for every column (see
 * ./schema). Used by the server to send and by the browser to read; one copy of apache-arrow.
 */
import {
	Bool,
	Dictionary,
	Float64,
	Int16,
	Int32,
	Table,
	Utf8,
	DataType,
	makeVector,
	tableFromIPC,
	tableToIPC,
	util,
	vectorFromArray,
	type Vector
} from 'apache-arrow';
import {
	rowCountOf,
	type ColumnValues,
	type DecodedColumn,
	type DecodedTable,
	type TableSchema
} from './schema';

/** The Arrow type of each column kind: explicit, so the browser can check what it receives. */
export function arrowType(kind: TableSchema[number]['kind']) {
	switch (kind) {
		case 'int16':
			return new Int16();
		case 'int32':
			return new Int32();
		case 'float64':
			return new Float64();
		case 'dict':
			return new Dictionary(new Utf8(), new Int16());
		case 'bool':
			return new Bool();
	}
}

function toNumber(v: unknown, name: string): number {
	if (typeof v === 'number') return v;
	if (typeof v === 'bigint') return Number(v);
	throw new TypeError(`Cột ${name}: giá trị không phải số (${typeof v}); hãy CAST trong SQL`);
}

/** Encodes column-wise values as an Arrow IPC stream. */
export function encodeArrow(schema: TableSchema, columns: ColumnValues): Uint8Array {
	rowCountOf(schema, columns);
	const vectors: Record<string, Vector> = {};
	for (const c of schema) {
		const values = columns[c.name]!;
		switch (c.kind) {
			case 'int16':
				vectors[c.name] = makeVector(Int16Array.from(values, (v) => toNumber(v, c.name)));
				break;
			case 'int32':
				vectors[c.name] = makeVector(Int32Array.from(values, (v) => toNumber(v, c.name)));
				break;
			case 'float64':
				vectors[c.name] = vectorFromArray(
					values.map((v) => (v === null || v === undefined ? null : toNumber(v, c.name))),
					new Float64()
				);
				break;
			case 'dict':
				if (new Set(values).size > 32767) throw new RangeError(`Cột ${c.name}: quá 32 767 giá trị khác nhau`);
				vectors[c.name] = vectorFromArray(
					values.map((v) => (v === null || v === undefined ? null : String(v))),
					new Dictionary(new Utf8(), new Int16())
				);
				break;
			case 'bool':
				vectors[c.name] = vectorFromArray(
					values.map((v) => Boolean(v)),
					new Bool()
				);
				break;
		}
	}
	return tableToIPC(new Table(vectors), 'stream');
}

/** Same Arrow type; dictionaries by their index and value types (their ids differ per stream). */
function sameType(actual: DataType, expected: DataType): boolean {
	if (DataType.isDictionary(expected))
		return (
			DataType.isDictionary(actual) &&
			util.compareTypes(actual.indices, expected.indices) &&
			util.compareTypes(actual.dictionary, expected.dictionary)
		);
	return util.compareTypes(actual, expected);
}

function decodeColumn(
	name: string,
	kind: TableSchema[number]['kind'],
	vector: Vector,
	rows: number
): DecodedColumn {
	const expected = arrowType(kind);
	if (!sameType(vector.type, expected))
		throw new TypeError(`Cột ${name}: kiểu Arrow ${String(vector.type)}, cần ${String(expected)}`);
	switch (kind) {
		case 'int16':
			return { kind, values: vector.toArray() as Int16Array };
		case 'int32':
			return { kind, values: vector.toArray() as Int32Array };
		case 'float64': {
			const values = Float64Array.from(vector.toArray() as Float64Array);
			if (vector.nullCount > 0) for (let i = 0; i < rows; i++) if (!vector.isValid(i)) values[i] = NaN;
			return { kind, values };
		}
		case 'bool': {
			const values = new Uint8Array(rows);
			for (let i = 0; i < rows; i++) values[i] = vector.get(i) ? 1 : 0;
			return { kind, values };
		}
		case 'dict': {
			// One dictionary for the whole column: its indices are used as they are.
			const chunks = vector.data;
			const shared = chunks.every((d) => d.dictionary === chunks[0]?.dictionary);
			if (shared && chunks[0]?.dictionary) {
				const dictionary = [...chunks[0].dictionary].map((s) => String(s));
				const indices = new Int32Array(rows);
				let at = 0;
				for (const d of chunks) {
					const idx = d.values as Int16Array;
					for (let i = 0; i < d.length; i++) indices[at + i] = d.getValid(i) ? idx[i]! : -1;
					at += d.length;
				}
				return { kind, indices, dictionary };
			}
			// Dictionaries differ between batches: encode again from the strings.
			const index = new Map<string, number>();
			const dictionary: string[] = [];
			const indices = new Int32Array(rows);
			for (let i = 0; i < rows; i++) {
				const v = vector.get(i) as string | null;
				if (v === null) {
					indices[i] = -1;
					continue;
				}
				let k = index.get(v);
				if (k === undefined) index.set(v, (k = dictionary.push(v) - 1));
				indices[i] = k;
			}
			return { kind, indices, dictionary };
		}
	}
}

/** Decodes an Arrow IPC stream into typed columns, checking every column's type against `schema`. */
export function decodeArrow(bytes: Uint8Array | ArrayBuffer, schema: TableSchema): DecodedTable {
	const table = tableFromIPC(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
	const columns: Record<string, DecodedColumn> = {};
	for (const c of schema) {
		const vector = table.getChild(c.name);
		if (!vector) throw new TypeError(`Thiếu cột ${c.name} trong dữ liệu Arrow`);
		columns[c.name] = decodeColumn(c.name, c.kind, vector, table.numRows);
	}
	return { rowCount: table.numRows, columns };
}
