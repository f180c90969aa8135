/**
 * Column-wise JSON for small tables: the same schema and the same decoded typed columns as the
 * Arrow path, so a chart does not care which one arrived.
 */
import {
	dictionaryEncode,
	rowCountOf,
	type ColumnValues,
	type DecodedColumn,
	type DecodedTable,
	type TableSchema
} from './schema';

export interface ColumnsJson {
	format: 'columns';
	rowCount: number;
	schema: TableSchema;
	/** int32/float64: numbers (null allowed for float64); bool: 0/1; dict: { dictionary, indices }. */
	columns: Record<string, number[] | (number | null)[] | { dictionary: string[]; indices: number[] }>;
}

export function encodeJson(schema: TableSchema, columns: ColumnValues): ColumnsJson {
	const rowCount = rowCountOf(schema, columns);
	const out: ColumnsJson['columns'] = {};
	for (const c of schema) {
		const values = columns[c.name]!;
		switch (c.kind) {
			case 'int16':
			case 'int32':
				out[c.name] = values.map((v) => Number(v));
				break;
			case 'float64':
				out[c.name] = values.map((v) => (v === null || v === undefined ? null : Number(v)));
				break;
			case 'bool':
				out[c.name] = values.map((v) => (v ? 1 : 0));
				break;
			case 'dict': {
				const { indices, dictionary } = dictionaryEncode(values);
				out[c.name] = { dictionary, indices: Array.from(indices) };
				break;
			}
		}
	}
	return { format: 'columns', rowCount, schema, columns: out };
}

/** Decodes column-wise JSON, checking it has every column of `schema` with the same kind. */
export function decodeJson(body: ColumnsJson, schema: TableSchema): DecodedTable {
	if (body.format !== 'columns') throw new TypeError('Không phải bảng dạng cột');
	const kinds = new Map(body.schema.map((c) => [c.name, c.kind]));
	const columns: Record<string, DecodedColumn> = {};
	for (const c of schema) {
		const raw = body.columns[c.name];
		if (raw === undefined || kinds.get(c.name) !== c.kind)
			throw new TypeError(`Cột ${c.name}: thiếu hoặc khác kiểu ${c.kind}`);
		if (c.kind === 'dict') {
			const d = raw as { dictionary: string[]; indices: number[] };
			columns[c.name] = { kind: 'dict', dictionary: d.dictionary, indices: Int32Array.from(d.indices) };
		} else {
			const values = raw as (number | null)[];
			if (c.kind === 'int16')
				columns[c.name] = { kind: c.kind, values: Int16Array.from(values, (v) => v ?? 0) };
			else if (c.kind === 'int32')
				columns[c.name] = { kind: c.kind, values: Int32Array.from(values, (v) => v ?? 0) };
			else if (c.kind === 'bool')
				columns[c.name] = { kind: c.kind, values: Uint8Array.from(values, (v) => (v ? 1 : 0)) };
			else columns[c.name] = { kind: c.kind, values: Float64Array.from(values, (v) => v ?? NaN) };
		}
	}
	return { rowCount: body.rowCount, columns };
}
