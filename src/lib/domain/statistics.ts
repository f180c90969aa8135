/**
 * The official yearly statistics of awards, Biểu 0602.N/BNV-TĐKT (state-level awards) and
 * 0603.N/BNV-TĐKT (ministry / province-level awards), "ban hành theo Thông tư số 2/2023/TT-BNV":
 * from award rows to the form's grid. Pure; the layouts are data (statistics-forms.ts), so that
 * a later circular's version (Thông tư 18/2025/TT-BNV) can stand beside them.
 *
 * What it counts: award instances (one award row, not distinct people) decided inside the
 * council's emulation year (by decision date; default 01/12 of the year before to 30/11), of
 * the council's units only. Every row of a form is a filter over the same award rows and every
 * value column a disjoint part of them (each award falls in exactly one column), so that the
 * totals equal the sums of their parts by construction: `checkSums` says where one does not.
 * The vendor defects the brief lists are avoided: no count outside the council's own awards,
 * no row that is structurally zero (the award method and the household are recorded), the
 * collective/individual cells filtered by the recipient kind everywhere.
 */
import type { AwardLevel, AwardMethod, OfficialClass, RecipientKind } from './types';
import { FORMS, type FormDef, type FormRowDef } from './statistics-forms';

export { FORMS, FORM_CODES, type FormCode, type FormDef } from './statistics-forms';

/** One award row as the forms read it. */
export interface StatAward {
	awardId: string;
	unitCode: string;
	recipientKind: RecipientKind;
	/** Individuals: the official class (domain/official-class.ts officialClassOf); else null. */
	officialClass: OfficialClass | null;
	/** Collectives: whether it is an enterprise; false for the others. */
	enterprise: boolean;
	awardCode: string;
	level: AwardLevel;
	method: AwardMethod;
	/** ISO date (yyyy-mm-dd). */
	decisionDate: string;
}

/** How the council submits to the Prime Minister (0602 section 1): as a province, or a ministry. */
export type Submitter = 'province' | 'ministry';

export interface Period {
	/** First and last day, ISO (yyyy-mm-dd), both inside the period. */
	from: string;
	to: string;
}

const iso = (y: number, m: number, d: number) =>
	`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The emulation year `year` of a council whose year starts on `day`/`month`: from that day of
 * the year before (of the same year when it starts on 1 January) to the day before it a year
 * later. 1 December: 01/12/(year−1) to 30/11/year. A day past the month's end is its last day.
 */
export function emulationPeriod(year: number, month = 12, day = 1): Period {
	const startYear = month === 1 && day === 1 ? year : year - 1;
	const start = new Date(Date.UTC(startYear, month - 1, Math.min(day, daysIn(startYear, month))));
	const endYear = startYear + 1;
	const next = new Date(Date.UTC(endYear, month - 1, Math.min(day, daysIn(endYear, month))));
	const end = new Date(next.getTime() - 86_400_000);
	return {
		from: iso(start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate()),
		to: iso(end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate())
	};
}

/** The value column an award falls in on the form, or null when the form does not count it. */
export function columnOf(form: FormDef, a: StatAward): string | null {
	if (!form.levels.includes(a.level)) return null;
	const side = a.recipientKind === 'individual' ? 'individual' : 'collective';
	const group =
		form.groups.find((g) => g.codes.includes(a.awardCode)) ?? form.groups.find((g) => g.otherwise);
	if (!group) return null;
	const col = group.columns.find((c) => c.side === null || c.side === side);
	if (col) return col.key;
	// A side the group has no column for (none in the catalogue: scopes forbid it) goes to "other".
	const other = form.groups.find((g) => g.otherwise)?.columns.find((c) => c.side === null || c.side === side);
	return other?.key ?? null;
}

/** Whether an award is counted in a row (header rows count nothing). */
export function inRow(row: FormRowDef, a: StatAward, submitter: Submitter): boolean {
	const f = row.filter;
	if (!f) return false;
	switch (f.kind) {
		case 'all':
			return true;
		case 'submitter':
			return f.submitter === submitter;
		case 'recipient':
			return a.recipientKind === f.recipient && (!f.enterprise || a.enterprise);
		case 'class':
			return a.recipientKind === 'individual' && a.officialClass === f.officialClass;
		case 'method':
			return a.method === f.method;
	}
}

export interface FormGrid {
	form: FormDef;
	period: Period;
	submitter: Submitter;
	/** Row code → column key → count; column 'total' is the row's «Tổng số». Header rows: none. */
	cells: Record<string, Record<string, number>>;
	/** Awards of the form's levels inside the period that no column of the form counts, by code. */
	outside: { awardCode: string; count: number }[];
	/** How many awards the form counts (its «Tổng số»). */
	counted: number;
}

export const TOTAL = 'total';

/** The form's grid from the award rows (any rows: those outside the period are left out). */
export function computeForm(
	form: FormDef,
	awards: readonly StatAward[],
	period: Period,
	submitter: Submitter = 'province'
): FormGrid {
	const keys = form.groups.flatMap((g) => g.columns.map((c) => c.key));
	const cells: Record<string, Record<string, number>> = {};
	for (const r of form.rows)
		if (r.filter) cells[r.code!] = Object.fromEntries([TOTAL, ...keys].map((k) => [k, 0]));
	const outside = new Map<string, number>();
	let counted = 0;
	for (const a of awards) {
		if (a.decisionDate < period.from || a.decisionDate > period.to) continue;
		if (!form.levels.includes(a.level)) continue;
		const col = columnOf(form, a);
		if (col === null) {
			outside.set(a.awardCode, (outside.get(a.awardCode) ?? 0) + 1);
			continue;
		}
		counted += 1;
		for (const r of form.rows)
			if (r.filter && inRow(r, a, submitter)) {
				const row = cells[r.code!]!;
				row[col]! += 1;
				row[TOTAL]! += 1;
			}
	}
	return {
		form,
		period,
		submitter,
		cells,
		outside: [...outside].map(([awardCode, count]) => ({ awardCode, count })),
		counted
	};
}

/** The awards behind one cell (column TOTAL: the whole row), in the order given. */
export function cellAwards<A extends StatAward>(
	form: FormDef,
	awards: readonly A[],
	period: Period,
	rowCode: string,
	colKey: string,
	submitter: Submitter = 'province'
): A[] | null {
	const row = form.rows.find((r) => r.code === rowCode && r.filter);
	const keys = new Set(form.groups.flatMap((g) => g.columns.map((c) => c.key)));
	if (!row || (colKey !== TOTAL && !keys.has(colKey))) return null;
	return awards.filter((a) => {
		if (a.decisionDate < period.from || a.decisionDate > period.to) return false;
		const col = columnOf(form, a);
		return col !== null && (colKey === TOTAL || col === colKey) && inRow(row, a, submitter);
	});
}

/** A total that is not the sum of its parts: which row, which column, expected and found. */
export interface SumBreak {
	row: string;
	column: string;
	total: number;
	sum: number;
	rule: string;
}

/**
 * Every sum the form states, checked: each row's «Tổng số» is the sum of its value columns, and
 * for every column each stated row total is the sum of its part rows (`form.sums`), and an «of
 * which» row is not above its row. Empty when everything adds up.
 */
export function checkSums(grid: FormGrid): SumBreak[] {
	const out: SumBreak[] = [];
	const keys = grid.form.groups.flatMap((g) => g.columns.map((c) => c.key));
	for (const [code, row] of Object.entries(grid.cells)) {
		const sum = keys.reduce((s, k) => s + (row[k] ?? 0), 0);
		if (sum !== row[TOTAL]) out.push({ row: code, column: TOTAL, total: row[TOTAL]!, sum, rule: 'columns' });
	}
	for (const rule of grid.form.sums)
		for (const k of [TOTAL, ...keys]) {
			const total = grid.cells[rule.total]![k]!;
			const sum = rule.parts.reduce((s, p) => s + grid.cells[p]![k]!, 0);
			if (rule.atMost ? sum > total : sum !== total)
				out.push({ row: rule.total, column: k, total, sum, rule: rule.parts.join('+') });
		}
	return out;
}

/** The form of a code, or null. */
export function formOf(code: string): FormDef | null {
	return FORMS.find((f) => f.code === code) ?? null;
}

/** A header cell of a form's table: its text and how many columns and rows it spans. */
export interface HeaderCell {
	text: string;
	colSpan: number;
	rowSpan: number;
}

const SIDE_LABEL = { collective: 'Tập thể', individual: 'Cá nhân' } as const;

/**
 * The header rows of a form's table, as an HTML table places them (a cell spanning rows leaves
 * its place empty in the rows below): A (row label), B «Mã số», C «Đơn vị tính», 1 «Tổng số»,
 * then «Chia ra» over the groups, each group over its award forms (when it lists them) and its
 * «Tập thể | Cá nhân» halves. The last row is the column numbers (A, B, C, 1, 2, …).
 */
export function formHeader(form: FormDef): HeaderCell[][] {
	const cols = form.groups.flatMap((g) => g.columns);
	const anyForm = cols.some((c) => c.form);
	const anySide = cols.some((c) => c.side);
	const depth = 2 + (anyForm ? 1 : 0) + (anySide ? 1 : 0);
	const cell = (text: string, colSpan = 1, rowSpan = 1): HeaderCell => ({ text, colSpan, rowSpan });
	const rows: HeaderCell[][] = Array.from({ length: depth }, () => []);
	rows[0]!.push(cell('', 1, depth), cell('Mã số', 1, depth), cell('Đơn vị tính', 1, depth));
	rows[0]!.push(cell('Tổng số', 1, depth), cell('Chia ra', cols.length));
	for (const g of form.groups) {
		const hasForm = g.columns.some((c) => c.form);
		const hasSide = g.columns.some((c) => c.side);
		const span = 1 + (anyForm && !hasForm ? 1 : 0) + (anySide && !hasSide ? 1 : 0);
		rows[1]!.push(cell(g.label, g.columns.length, span));
		if (hasForm) {
			const forms = [...new Set(g.columns.map((c) => c.form ?? ''))];
			for (const f of forms) rows[2]!.push(cell(f, g.columns.filter((c) => (c.form ?? '') === f).length));
		}
		if (hasSide) for (const c of g.columns) rows[depth - 1]!.push(cell(c.side ? SIDE_LABEL[c.side] : ''));
	}
	const numbers: HeaderCell[] = [cell('A'), cell('B'), cell('C'), cell('1')];
	for (const g of form.groups) numbers.push(cell(g.number, g.columns.length));
	return [...rows, numbers];
}

/** The value columns in order (the grid's keys after TOTAL). */
export function valueColumns(
	form: FormDef
): { key: string; group: string; side: string | null; form?: string }[] {
	return form.groups.flatMap((g) =>
		g.columns.map((c) => ({
			key: c.key,
			group: g.label,
			side: c.side ? SIDE_LABEL[c.side] : null,
			form: c.form
		}))
	);
}
