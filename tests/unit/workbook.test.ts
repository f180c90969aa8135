import { describe, expect, it } from 'vitest';
import { pickSheet, readXlsx } from '../../src/lib/server/import/grid';
import { cellAddress, formulasWithoutValues, inspectWorkbook } from '../../src/lib/server/import/workbook';
import { formulasWithoutValues as formulaBook, hiddenFirstSheet } from '../fixtures/bad/workbooks';

describe('what the workbook XML says and read-excel-file does not', () => {
	it('finds formula cells without a saved value, shared and prefixed ones too, not those with one', () => {
		const xml =
			'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><f>1+1</f></c>' +
			'<c r="C1"><f>1+1</f><v>2</v></c><c r="D1" t="str"><f t="shared" si="0"/></c>' +
			'<c r="E1" t="str"><f>"a"</f><v></v></c></row>' +
			'<row r="2"><x:c r="AC7"><x:f>SUM(A1:B1)</x:f></x:c><c r="F2"/></row></sheetData>';
		expect(formulasWithoutValues(xml)).toEqual({ cells: ['B1', 'D1', 'AC7'] });
		expect(formulasWithoutValues('<sheetData><row><c r="A1"><v>1</v></c></row></sheetData>')).toEqual({
			cells: []
		});
	});

	it('reads cell addresses', () => {
		expect(cellAddress('A1')).toEqual({ row: 0, column: 0 });
		expect(cellAddress('AC7')).toEqual({ row: 6, column: 28 });
		expect(cellAddress('$B$3')).toEqual({ row: 2, column: 1 });
		expect(cellAddress('7A')).toBeNull();
	});

	it('picks the first visible sheet, counts visible ones, and reads a hidden one only when named', () => {
		const names = ['Bản cũ', 'Điểm', 'Danh mục'];
		const hidden = [true, false, true];
		expect(pickSheet(names, hidden)).toEqual({ index: 1, visible: ['Điểm'] });
		expect(pickSheet(names, hidden, 1).index).toBe(1);
		expect(pickSheet(names, hidden, 2).index).toBe(-1);
		expect(pickSheet(names, hidden, 'Danh mục').index).toBe(2);
		expect(pickSheet(names, []).index).toBe(0);
	});

	it('tells hidden sheets and pending formulas of a real workbook', async () => {
		const book = inspectWorkbook(await hiddenFirstSheet());
		expect(book?.sheets.map((s) => [s.name, s.hidden, s.path])).toEqual([
			['Bản cũ', true, 'xl/worksheets/sheet1.xml'],
			['Điểm', false, 'xl/worksheets/sheet2.xml']
		]);
		expect(book?.pendingFormulas(1)).toEqual({ cells: [] });
		const formulas = inspectWorkbook(await formulaBook());
		expect(formulas?.pendingFormulas(0)).toEqual({ cells: ['E2', 'E3'] });
		expect(inspectWorkbook(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBeNull();
	});

	it('reads the visible sheet and marks the cells whose formulas were never calculated', async () => {
		const hidden = await readXlsx(await hiddenFirstSheet());
		expect(hidden.ok && [hidden.grid.sheet, hidden.grid.sheets, hidden.grid.rows[1]]).toEqual([
			'Điểm',
			['Điểm'],
			['2025', 'K04', 'SO22', 'I.2', '39', '39,5', '']
		]);
		const named = await readXlsx(await hiddenFirstSheet(), 'Bản cũ');
		expect(named.ok && named.grid.rows[1]?.[4]).toBe('10');
		const pending = await readXlsx(await formulaBook());
		expect(pending.ok && [...(pending.grid.pending ?? [])]).toEqual([1 * 16_384 + 4, 2 * 16_384 + 4]);
	});
});
