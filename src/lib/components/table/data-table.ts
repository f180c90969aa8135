/**
 * Cells of a DataTable and the CSV of what it shows. Pure (the translator formats numbers the
 * Vietnamese way in every language: `1.065`, `25,1%`).
 */
import { csvDocument, type CsvValue } from '$lib/domain/csv';
import type { Translator } from '$lib/i18n';

/** A number is written `1.065` (at most the column's digits); null is a dash. */
export type CellValue = string | number | null;

export interface CellSpec {
	value: CellValue;
	/** At most this many decimals (default: the column's, else 2). */
	digits?: number;
	/** Shown (and written in the CSV) instead of the formatted value, e.g. `260/1.037`. */
	text?: string;
	/** A second, small line (the CSV puts it in brackets after the text). */
	sub?: string;
	href?: string;
	/** Attributes of the link (data-drill, …). */
	linkAttrs?: Record<string, string>;
	/** Extra classes of the cell (meets, misses, …). */
	class?: string;
	strong?: boolean;
	/** Attributes of the cell. */
	attrs?: Record<string, string>;
}

export type Cell = CellValue | CellSpec;

export interface Column {
	label: string;
	/** A number column: right-aligned, on one line. */
	num?: boolean;
	digits?: number;
	/** A colour swatch before the label (the chart's colour of the series). */
	color?: string;
}

export interface Row {
	/** Unique within the table. */
	key: string;
	cells: Cell[];
	/** Attributes of the row (data-unit, data-year, …). */
	attrs?: Record<string, string | number>;
}

export function spec(cell: Cell): CellSpec {
	return cell !== null && typeof cell === 'object' ? cell : { value: cell };
}

/** What a cell shows: its text, or its number in the Vietnamese format, or a dash. */
export function cellText(c: CellSpec, col: Column | undefined, tr: Translator): string {
	if (c.text !== undefined) return c.text;
	if (c.value === null || c.value === '') return '—';
	if (typeof c.value === 'number') return tr.num(c.value, c.digits ?? col?.digits ?? 2);
	return c.value;
}

export function cellClass(c: CellSpec, col: Column | undefined): string {
	return [col?.num ? 'num' : '', c.class ?? ''].filter(Boolean).join(' ');
}

/** A number in a CSV cell: decimal comma, no thousands dots (a spreadsheet reads `1065`). */
function csvNumber(value: number, digits: number): CsvValue {
	return { number: value.toLocaleString('vi-VN', { maximumFractionDigits: digits, useGrouping: false }) };
}

/** The CSV of a table as shown: caption line, header, one line per row (sub-lines in brackets). */
export function tableCsv(caption: string, columns: Column[], rows: Row[], tr: Translator): string {
	const cell = (raw: Cell, i: number): CsvValue => {
		const c = spec(raw);
		const col = columns[i];
		if (typeof c.value === 'number' && c.text === undefined && !c.sub)
			return csvNumber(c.value, c.digits ?? col?.digits ?? 2);
		const text = cellText(c, col, tr);
		return c.sub ? `${text} (${c.sub})` : text;
	};
	return csvDocument([[caption], columns.map((c) => c.label), ...rows.map((r) => r.cells.map(cell))]);
}
