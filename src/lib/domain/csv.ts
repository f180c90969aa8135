/**
 * The one CSV writer of the product (exports, error reports, the audit trail, templates). Pure.
 *
 * Files are made for Excel as offices use it: UTF-8 with a BOM (so Excel shows Vietnamese
 * correctly), comma-separated, CRLF line ends, and no cell that a spreadsheet would run as a
 * formula (CSV injection): a text starting with `=`, `+`, `-`, `@`, a tab or a carriage return
 * gets a leading `'`. The import removes that `'` again (domain/cells.ts), so a file exported
 * and imported back changes nothing.
 *
 * In the domain (no I/O) so that a page can write the CSV of a table it shows (DataTable).
 */
import { FORMULA_START } from './cells';

/** UTF-8 byte order mark: Excel needs it to read a CSV file as UTF-8. */
export const BOM = '\uFEFF';

/** A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'`. */
export function neutralizeCell(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV cell: neutralised, then quoted when it holds a separator, quote, line break or edge space. */
export function csvCell(text: string): string {
	const safe = neutralizeCell(text);
	return /[",;\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A cell that is a number as the program computed it, not text from a person: never neutralised. */
export interface CsvNumber {
	number: string;
}

export type CsvValue = string | CsvNumber;

function cell(v: CsvValue): string {
	if (typeof v === 'string') return csvCell(v);
	// A negative number must stay a number ("-3,5"); it only needs quotes for its comma.
	return /[",;\s]/.test(v.number) ? `"${v.number}"` : v.number;
}

/** A whole CSV file (BOM, header first, CRLF after every line). */
export function csvDocument(rows: readonly (readonly CsvValue[])[]): string {
	let out = BOM;
	for (const r of rows) out += r.map(cell).join(',') + '\r\n';
	return out;
}
