import { Float64, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { decodeArrow, encodeArrow } from '../../src/lib/transport/arrow';
import { decodeJson, encodeJson } from '../../src/lib/transport/json';
import {
	ARROW_MIN_ROWS,
	CELL_SCHEMA,
	boolColumn,
	dictColumn,
	floatColumn,
	intColumn,
	pickFormat
} from '../../src/lib/transport/schema';

/** Three cells as DuckDB's getColumnsObjectJS gives them. */
const columns = {
	year: [2024, 2024, 2025],
	blocCode: ['K01', 'K01', 'K01'],
	unitCode: ['XA08', 'XA09', 'XA08'],
	criterionCode: ['I.1', 'I.1', 'II.6'],
	points: [17.5, 20, 8.25],
	maxPoints: [20, 20, 10],
	percent: [87.5, 100, 82.5],
	unreviewed: [false, true, false],
	missing: [false, false, true]
};

describe('Arrow IPC', () => {
	it('encodes with explicit types and decodes into typed columns with the same values', () => {
		const bytes = encodeArrow(CELL_SCHEMA, columns);
		const raw = tableFromIPC(bytes);
		expect(raw.schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual([
			'year: Int16',
			'blocCode: Dictionary<Int16, Utf8>',
			'unitCode: Dictionary<Int16, Utf8>',
			'criterionCode: Dictionary<Int16, Utf8>',
			'points: Float64',
			'maxPoints: Float64',
			'percent: Float64',
			'unreviewed: Bool',
			'missing: Bool'
		]);

		const t = decodeArrow(bytes, CELL_SCHEMA);
		expect(t.rowCount).toBe(3);
		expect(intColumn(t, 'year')).toBeInstanceOf(Int16Array);
		expect([...intColumn(t, 'year')]).toEqual([2024, 2024, 2025]);
		expect(floatColumn(t, 'points')).toBeInstanceOf(Float64Array);
		expect([...floatColumn(t, 'points')]).toEqual([17.5, 20, 8.25]);
		expect([...floatColumn(t, 'percent')]).toEqual([87.5, 100, 82.5]);
		const unit = dictColumn(t, 'unitCode');
		expect(unit.indices).toBeInstanceOf(Int32Array);
		expect([...unit.indices].map((i) => unit.dictionary[i])).toEqual(['XA08', 'XA09', 'XA08']);
		expect(unit.dictionary).toEqual(['XA08', 'XA09']);
		expect([...boolColumn(t, 'unreviewed')]).toEqual([0, 1, 0]);
		expect([...boolColumn(t, 'missing')]).toEqual([0, 0, 1]);
	});

	it('keeps nulls apart: NaN for numbers, −1 for strings', () => {
		const schema = [
			{ name: 'x', kind: 'float64' },
			{ name: 's', kind: 'dict' }
		] as const;
		const t = decodeArrow(encodeArrow(schema, { x: [1.5, null], s: [null, 'a'] }), schema);
		expect([...floatColumn(t, 'x')]).toEqual([1.5, NaN]);
		expect([...dictColumn(t, 's').indices]).toEqual([-1, 0]);
	});

	it('refuses a stream whose column types are not the expected ones', () => {
		const wrong = tableToIPC(
			new Table({ year: vectorFromArray([2024], new Float64()), other: vectorFromArray(['x'], new Utf8()) }),
			'stream'
		);
		expect(() => decodeArrow(wrong, CELL_SCHEMA)).toThrow(/year/);
		expect(() => encodeArrow(CELL_SCHEMA, { ...columns, points: ['17,5', 20, 8] })).toThrow(/points/);
		expect(() => encodeArrow(CELL_SCHEMA, { ...columns, year: [2024] })).toThrow(/3 dòng, cần 1/);
	});
});

describe('column-wise JSON', () => {
	it('decodes into the same typed columns as Arrow', () => {
		const body = JSON.parse(JSON.stringify(encodeJson(CELL_SCHEMA, columns)));
		const fromJson = decodeJson(body, CELL_SCHEMA);
		const fromArrow = decodeArrow(encodeArrow(CELL_SCHEMA, columns), CELL_SCHEMA);
		expect(fromJson).toEqual(fromArrow);
		expect(body.columns.unitCode).toEqual({ dictionary: ['XA08', 'XA09'], indices: [0, 1, 0] });
	});
});

describe('pickFormat', () => {
	it('sends results over a thousand rows as Arrow, smaller ones as JSON, unless asked', () => {
		expect(ARROW_MIN_ROWS).toBe(1000);
		expect(pickFormat(1000)).toBe('json');
		expect(pickFormat(1001)).toBe('arrow');
		expect(pickFormat(10, 'arrow')).toBe('arrow');
		expect(pickFormat(5000, 'json')).toBe('json');
	});
});
