/**
 * Print setup for `write-excel-file` workbooks, as one of its "features" (its documented way to
 * add what the library itself does not write): per sheet, the paper (A4 = `paperSize` 9) and
 * orientation, fitting the columns to the page width (`fitToWidth` 1, `fitToHeight` 0, with
 * `sheetPr/pageSetUpPr fitToPage`), the page margins, a "page n/N" footer, and in
 * `xl/workbook.xml` the print area and the rows repeated at the top of every printed page
 * (`_xlnm.Print_Area`, `_xlnm.Print_Titles`, defined names local to the sheet).
 *
 * Each element is replaced when the library (or another feature) already wrote it, else inserted
 * in the order the schema dictates (Excel calls a file with misordered elements corrupt).
 */
import type { Blob } from 'node:buffer';
import type { Stream } from 'node:stream';
import type { Feature } from 'write-excel-file/node';
import {
	appendMarkupInsideElement,
	findElement,
	findElementInsideElement,
	getMarkupInsideElement,
	getOrderOfSiblings,
	getSelfClosingTagMarkup,
	insertElementMarkupAccordingToOrderOfSiblings,
	replaceElement,
	sanitizeTextContent,
	type Attributes
} from 'write-excel-file/utility';

/** A sheet's print setup. Rows and columns count from 1, as Excel shows them. */
export interface PrintSetup {
	/** The printed cells: rows `fromRow`–`toRow`, columns `fromColumn`–`toColumn`. */
	area: { fromRow: number; toRow: number; fromColumn: number; toColumn: number };
	/** Rows printed again at the top of every page (the table's header), e.g. [9, 10]. */
	titleRows?: [number, number];
	orientation: 'portrait' | 'landscape';
	/** Page margins in millimetres. */
	marginsMm?: { top: number; right: number; bottom: number; left: number };
	/** A "1/3" footer at the bottom right of every page. */
	pageNumbers?: boolean;
}

/** Excel's paper size code of A4 (210 × 297 mm). */
export const PAPER_A4 = 9;

/** Column number → letters: 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
	let s = '';
	for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

/** A sheet name as a formula writes it: quoted, inner quotes doubled. */
function quotedSheet(name: string): string {
	return `'${name.replace(/'/g, "''")}'`;
}

/** `'Bảng'!$A$1:$N$40`. */
export function printAreaFormula(sheet: string, a: PrintSetup['area']): string {
	return `${quotedSheet(sheet)}!$${columnLetters(a.fromColumn)}$${a.fromRow}:$${columnLetters(a.toColumn)}$${a.toRow}`;
}

/** `'Bảng'!$9:$10`. */
export function printTitlesFormula(sheet: string, rows: [number, number]): string {
	return `${quotedSheet(sheet)}!$${rows[0]}:$${rows[1]}`;
}

const WORKSHEET_ORDER = () => getOrderOfSiblings('xl/worksheets/sheet{id}.xml', 'worksheet') ?? [];

/** Puts `<tag …/>` (or `markup`) in the worksheet: over an existing one, else in schema order. */
function putWorksheetElement(xml: string, tag: string, markup: string): string {
	const found = findElement(xml, tag);
	if (found) return replaceElement(xml, found, markup);
	return insertElementMarkupAccordingToOrderOfSiblings(xml, markup, WORKSHEET_ORDER(), 'worksheet');
}

/** `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`, keeping whatever else sheetPr holds. */
function withFitToPage(xml: string): string {
	const sheetPr = findElement(xml, 'sheetPr');
	const pageSetUpPr = (attributes: Attributes) => getSelfClosingTagMarkup('pageSetUpPr', attributes);
	if (!sheetPr)
		return insertElementMarkupAccordingToOrderOfSiblings(
			xml,
			`<sheetPr>${pageSetUpPr({ fitToPage: 1 })}</sheetPr>`,
			WORKSHEET_ORDER(),
			'worksheet'
		);
	if (sheetPr.selfClosingTag)
		return replaceElement(
			xml,
			sheetPr,
			`${getSelfClosingTagMarkup('sheetPr', sheetPr.openingTagAttributes).replace(/\s*\/>$/, '>')}${pageSetUpPr({ fitToPage: 1 })}</sheetPr>`
		);
	const existing = findElementInsideElement(xml, 'pageSetUpPr', sheetPr);
	if (existing)
		return replaceElement(xml, existing, pageSetUpPr({ ...existing.openingTagAttributes, fitToPage: 1 }));
	// CT_SheetPr: tabColor, outlinePr, then pageSetUpPr: it goes last.
	return appendMarkupInsideElement(xml, sheetPr, pageSetUpPr({ fitToPage: 1 }));
}

const inches = (mm: number) => Math.round((mm / 25.4) * 1000) / 1000;

function sheetXml(xml: string, setup: PrintSetup): string {
	let out = withFitToPage(xml);
	if (setup.marginsMm) {
		const m = setup.marginsMm;
		out = putWorksheetElement(
			out,
			'pageMargins',
			getSelfClosingTagMarkup('pageMargins', {
				left: inches(m.left),
				right: inches(m.right),
				top: inches(m.top),
				bottom: inches(m.bottom),
				header: inches(Math.min(8, m.top / 2)),
				footer: inches(Math.min(8, m.bottom / 2))
			})
		);
	}
	const current = findElement(out, 'pageSetup');
	out = putWorksheetElement(
		out,
		'pageSetup',
		getSelfClosingTagMarkup('pageSetup', {
			...(current?.openingTagAttributes ?? {}),
			paperSize: PAPER_A4,
			orientation: setup.orientation,
			fitToWidth: 1,
			// 0: as many pages tall as the rows need.
			fitToHeight: 0
		})
	);
	if (setup.pageNumbers)
		out = putWorksheetElement(
			out,
			'headerFooter',
			`<headerFooter><oddFooter>${sanitizeTextContent('&R&P/&N')}</oddFooter></headerFooter>`
		);
	return out;
}

function definedNames(sheetsOptions: { sheet?: string }[], setups: Record<string, PrintSetup>): string {
	return sheetsOptions
		.map((o, index) => {
			const name = o.sheet;
			const setup = name === undefined ? undefined : setups[name];
			if (!name || !setup) return '';
			const names = [
				`<definedName name="_xlnm.Print_Area" localSheetId="${index}">${sanitizeTextContent(printAreaFormula(name, setup.area))}</definedName>`
			];
			if (setup.titleRows)
				names.push(
					`<definedName name="_xlnm.Print_Titles" localSheetId="${index}">${sanitizeTextContent(printTitlesFormula(name, setup.titleRows))}</definedName>`
				);
			return names.join('');
		})
		.join('');
}

function workbookXml(xml: string, markup: string): string {
	if (!markup) return xml;
	const found = findElement(xml, 'definedNames');
	if (!found)
		return insertElementMarkupAccordingToOrderOfSiblings(
			xml,
			`<definedNames>${markup}</definedNames>`,
			getOrderOfSiblings('xl/workbook.xml', 'workbook') ?? [],
			'workbook'
		);
	if (found.selfClosingTag) return replaceElement(xml, found, `<definedNames>${markup}</definedNames>`);
	return replaceElement(
		xml,
		found,
		`<definedNames>${getMarkupInsideElement(xml, found)}${markup}</definedNames>`
	);
}

/** A feature of write-excel-file's Node.js build (its file contents: streams, buffers, blobs). */
export type NodeFeature = Feature<Stream | Buffer | Blob>;

/** The feature: `setups` by sheet name (the `sheet` option of the sheets it applies to). */
export function printSetupFeature(setups: Record<string, PrintSetup>): NodeFeature {
	return {
		files: {
			transform: {
				'xl/worksheets/sheet{id}.xml': {
					transform: (xml, sheetOptions) => {
						const setup = sheetOptions.sheet === undefined ? undefined : setups[sheetOptions.sheet];
						return setup ? sheetXml(xml, setup) : xml;
					}
				},
				'xl/workbook.xml': {
					transform: (xml, sheetsOptions) => workbookXml(xml, definedNames(sheetsOptions, setups))
				}
			}
		}
	};
}
