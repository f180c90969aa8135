/**
 * The cells an upload changes (issue 15, the sheet round trip): one line per score field that
 * differs from what is stored (unit, criterion, field, old → new, with the file and row it comes
 * from), listed before anything is written, filtered by unit and criterion and paged. Pure.
 */

/** Which stored value a line changes: the self-score, the bloc's score, or the note. */
export type ChangeField = 'self' | 'review' | 'note';

export interface CellChange {
	file: string;
	/** Spreadsheet row (1-based) of the record. */
	row: number;
	year: number;
	blocCode: string;
	unitCode: string;
	unitName: string | null;
	criterionCode: string;
	criterionName: string | null;
	field: ChangeField;
	/** As stored (null: empty), numbers as text with a point (`8.5`), notes as written. */
	old: string | null;
	new: string | null;
}

/** Every changed cell of an upload as far as kept, with how many there are in all. */
export interface CellChanges {
	/** Lines kept (at most CHANGE_LIMIT), in file, row, criterion, field order. */
	cells: CellChange[];
	/** How many cells change in all. */
	total: number;
	/**
	 * What the check saw, as one string (count and hash of every changed cell and every table's
	 * counts): the commit writes only when its own run sees the same.
	 */
	digest: string;
}

/** How many changed cells a check keeps for the list (the digest covers all of them). */
export const CHANGE_LIMIT = 20_000;
/** Lines per page of the list. */
export const CHANGES_PER_PAGE = 50;

export interface ChangeFilter {
	/** A unit code, or '' for all. */
	unit: string;
	/** `K04|I.1` (bloc and criterion code), or '' for all. */
	criterion: string;
}

export interface ChangeOption {
	value: string;
	label: string;
	count: number;
}

export interface ChangePage {
	filter: ChangeFilter;
	page: number;
	pages: number;
	/** Lines that pass the filter. */
	matching: number;
	total: number;
	/** Lines kept of `total` (fewer when the upload changes more than CHANGE_LIMIT cells). */
	kept: number;
	cells: CellChange[];
	units: ChangeOption[];
	criteria: ChangeOption[];
}

export const criterionKey = (c: Pick<CellChange, 'blocCode' | 'criterionCode'>) =>
	`${c.blocCode}|${c.criterionCode}`;

function options(cells: CellChange[], key: (c: CellChange) => string, label: (c: CellChange) => string) {
	const out = new Map<string, ChangeOption>();
	for (const c of cells) {
		const k = key(c);
		const o = out.get(k);
		if (o) o.count++;
		else out.set(k, { value: k, label: label(c), count: 1 });
	}
	return [...out.values()].sort((a, b) => a.label.localeCompare(b.label, 'vi'));
}

/** A page of the list, filtered; a page past the end shows the last one. */
export function changePage(
	changes: Pick<CellChanges, 'cells' | 'total'>,
	filter: ChangeFilter,
	page: number,
	perPage = CHANGES_PER_PAGE
): ChangePage {
	const matching = changes.cells.filter(
		(c) =>
			(filter.unit === '' || c.unitCode === filter.unit) &&
			(filter.criterion === '' || criterionKey(c) === filter.criterion)
	);
	const pages = Math.max(1, Math.ceil(matching.length / perPage));
	const p = Math.min(Math.max(1, Number.isInteger(page) ? page : 1), pages);
	return {
		filter,
		page: p,
		pages,
		matching: matching.length,
		total: changes.total,
		kept: changes.cells.length,
		cells: matching.slice((p - 1) * perPage, p * perPage),
		units: options(
			changes.cells,
			(c) => c.unitCode,
			(c) => (c.unitName ? `${c.unitName} (${c.unitCode})` : c.unitCode)
		),
		criteria: options(changes.cells, criterionKey, (c) =>
			c.criterionName ? `${c.criterionCode} – ${c.criterionName}` : c.criterionCode
		)
	};
}

/** The filter from request parameters (anything else: no filter). */
export function readChangeFilter(get: (name: string) => string | null): {
	filter: ChangeFilter;
	page: number;
} {
	const text = (v: string | null) => (v ?? '').trim().slice(0, 200);
	const page = Number(get('page'));
	return {
		filter: { unit: text(get('unit')), criterion: text(get('criterion')) },
		page: Number.isInteger(page) && page >= 1 ? page : 1
	};
}

/** A value of a line as shown: points the Vietnamese way (`8,5`), a note as written, '' empty. */
export function changeValueText(field: ChangeField, v: string | null, format: (n: number) => string): string {
	if (v === null) return '';
	return field === 'note' ? v : format(Number(v));
}
