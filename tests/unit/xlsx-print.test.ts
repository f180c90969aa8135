/**
 * The print setup feature of write-excel-file workbooks: formulas of the defined names, and the
 * XML it writes into a sheet and the workbook, whether the elements exist already or not (the
 * library writes `pageSetup` only with an orientation, `definedNames` empty; another feature
 * may have written `sheetPr`).
 */
import PizZip from 'pizzip';
import writeExcelFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import {
	columnLetters,
	printAreaFormula,
	printSetupFeature,
	printTitlesFormula,
	type PrintSetup
} from '../../src/lib/server/export/xlsx-print';

const SETUP: PrintSetup = {
	area: { fromRow: 1, toRow: 12, fromColumn: 1, toColumn: 3 },
	titleRows: [2, 3],
	orientation: 'landscape',
	marginsMm: { top: 10, right: 10, bottom: 10, left: 25.4 },
	pageNumbers: true
};

type Transform = (xml: string, options: unknown, properties?: unknown) => string;
const feature = printSetupFeature({ "Bảng 'A'": SETUP });
const transforms = feature.files!.transform!;
const sheetTransform = transforms['xl/worksheets/sheet{id}.xml']!.transform as unknown as Transform;
const workbookTransform = transforms['xl/workbook.xml']!.transform as unknown as Transform;
const WS = '<worksheet xmlns="x">';

describe('print setup formulas', () => {
	it('names columns as Excel does', () => {
		expect([1, 2, 26, 27, 52, 53, 702, 703].map(columnLetters)).toEqual([
			'A',
			'B',
			'Z',
			'AA',
			'AZ',
			'BA',
			'ZZ',
			'AAA'
		]);
	});

	it('quotes the sheet name, doubling its quotes', () => {
		expect(printAreaFormula("Bảng 'A'", { fromRow: 1, toRow: 40, fromColumn: 1, toColumn: 14 })).toBe(
			"'Bảng ''A'''!$A$1:$N$40"
		);
		expect(printTitlesFormula('Bảng', [9, 10])).toBe("'Bảng'!$9:$10");
	});
});

describe('the sheet XML', () => {
	it('inserts sheetPr first and pageSetup, margins, footer in the schema’s order', () => {
		const xml = sheetTransform(`${WS}<sheetViews/><sheetData/><mergeCells/></worksheet>`, {
			sheet: "Bảng 'A'"
		});
		expect(xml).toBe(
			`${WS}<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews/><sheetData/><mergeCells/>` +
				'<pageMargins left="1" right="0.394" top="0.394" bottom="0.394" header="0.197" footer="0.197"/>' +
				'<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>' +
				'<headerFooter><oddFooter>&amp;R&amp;P/&amp;N</oddFooter></headerFooter></worksheet>'
		);
	});

	it('replaces what exists, keeping the other attributes and children', () => {
		const xml = sheetTransform(
			`${WS}<sheetPr><tabColor rgb="FF0000"/><pageSetUpPr autoPageBreaks="0"/></sheetPr><sheetData/>` +
				'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
				'<pageSetup paperSize="1" orientation="portrait" copies="2"/></worksheet>',
			{ sheet: "Bảng 'A'" }
		);
		expect(xml).toContain(
			'<sheetPr><tabColor rgb="FF0000"/><pageSetUpPr autoPageBreaks="0" fitToPage="1"/></sheetPr>'
		);
		expect(xml).toContain(
			'<pageSetup paperSize="9" orientation="landscape" copies="2" fitToWidth="1" fitToHeight="0"/>'
		);
		expect(xml.match(/<pageSetup /g)).toHaveLength(1);
		expect(xml.match(/<pageMargins /g)).toHaveLength(1);
		expect(xml).toContain('left="1"');
	});

	it('leaves other sheets alone', () => {
		const xml = `${WS}<sheetData/></worksheet>`;
		expect(sheetTransform(xml, { sheet: 'Khác' })).toBe(xml);
	});
});

describe('the workbook XML', () => {
	const sheets = [{ sheet: 'Khác' }, { sheet: "Bảng 'A'" }];
	const names =
		`<definedName name="_xlnm.Print_Area" localSheetId="1">'Bảng ''A'''!$A$1:$C$12</definedName>` +
		`<definedName name="_xlnm.Print_Titles" localSheetId="1">'Bảng ''A'''!$2:$3</definedName>`;

	it('fills an empty definedNames, local to the sheet’s index', () => {
		expect(workbookTransform('<workbook><sheets/><definedNames/><calcPr/></workbook>', sheets)).toBe(
			`<workbook><sheets/><definedNames>${names}</definedNames><calcPr/></workbook>`
		);
	});

	it('adds to the names there are, or inserts definedNames before calcPr', () => {
		expect(
			workbookTransform(
				'<workbook><sheets/><definedNames><definedName name="x">1</definedName></definedNames></workbook>',
				sheets
			)
		).toBe(
			`<workbook><sheets/><definedNames><definedName name="x">1</definedName>${names}</definedNames></workbook>`
		);
		expect(workbookTransform('<workbook><sheets/><calcPr/></workbook>', sheets)).toBe(
			`<workbook><sheets/><definedNames>${names}</definedNames><calcPr/></workbook>`
		);
	});

	it('is written by write-excel-file into a real file', async () => {
		const file = await writeExcelFile(
			[[{ value: 'a', type: String }], [{ value: 1, type: Number }]],
			{ sheet: "Bảng 'A'", orientation: 'landscape' },
			{ features: [printSetupFeature({ "Bảng 'A'": { ...SETUP, titleRows: undefined } })] }
		).toBuffer();
		const zip = new PizZip(file);
		const workbook = zip.file('xl/workbook.xml')!.asText();
		expect(workbook).toContain(
			`<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">'Bảng ''A'''!$A$1:$C$12</definedName></definedNames>`
		);
		const sheet = zip.file('xl/worksheets/sheet1.xml')!.asText();
		expect(sheet).toContain(
			'<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
		);
		expect(sheet.indexOf('<sheetPr>')).toBeLessThan(sheet.indexOf('<sheetData>'));
	});
});
