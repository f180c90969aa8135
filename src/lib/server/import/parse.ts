/**
 * What a file's cells mean: the table a header names and the field of each column (the long
 * layout: one record per row, the CSV formats of csv-schema.ts), and what one cell may hold
 * (`convertCell`, the one definition of a cell's rules). No database access: grid-table.ts runs
 * the cell rules on a file staged in DuckDB, wide.ts reads the wide scoring sheet into the same
 * records, and checks.ts checks the records against each other and the stored data.
 */
import {
	TABLES,
	TABLES_BY_NAME,
	TRUE_WORDS,
	FALSE_WORDS,
	mayLeaveOut,
	type ColumnSpec,
	type TableSpec,
	type TableName
} from '../../domain/csv-schema';
import { cellValue, codeProblem } from '../../domain/cells';
import { decimalPlaces, parseViDate, parseViNumber } from '../../domain/numbers';
import { normalizeKey } from '../../domain/text';
import { columnLetter, type TextEncodingName } from './grid';
import type { ImportIssue } from './issues';

export { columnLetter, decodeText } from './grid';

export type CellValue = string | number | boolean | null;
export type ParsedRecord = Record<string, CellValue>;

/** Where a field of a record was written: column letter and header as in the file. */
export interface CellLocation {
	letter: string;
	header: string;
}

export interface ParsedRow {
	/** Row number as a spreadsheet shows it: the first row of the file is row 1. */
	row: number;
	values: ParsedRecord;
	/** The cells as written in the file, by field, for messages. */
	raw: Record<string, string>;
	/** Per-field locations of this row when they differ from the file's (a wide sheet's criterion column). */
	cells?: Record<string, CellLocation>;
	/** A wide sheet: the column (0 = A) of the record's cell. */
	column?: number;
}

export interface ParsedFile {
	file: string;
	table: TableSpec;
	/** Column letter and header text per field, for messages. */
	columns: Map<string, CellLocation>;
	rows: ParsedRow[];
	/** CSV separator; '' for a workbook. */
	delimiter: string;
	/** One record per row (the CSV formats) or a wide scoring sheet. */
	layout: Layout;
	format: 'csv' | 'xlsx';
	encoding: TextEncodingName | null;
	/**
	 * Fields the file does not carry: a row that replaces a stored one keeps their stored values
	 * (a wide sheet of bloc scores leaves the self-scores and notes as they are).
	 */
	keep?: string[];
	/** A wide sheet: the bloc-year and score column it was read as. */
	wide?: WideInfo;
}

export type Layout = 'long' | 'wide';
export type ScoreField = 'self_score' | 'reviewed_score';

export interface WideInfo {
	blocCode: string;
	year: number;
	scoreField: ScoreField;
	/** Where the bloc-year came from. */
	source: 'form' | 'title' | 'file name';
	/** Spreadsheet row of the header (1-based). */
	headerRow: number;
}

/**
 * How to read a file; every part is optional (detected when absent). Sent by the upload page
 * after the user checked the preview and the column mapping.
 */
export interface ReadOptions {
	layout?: Layout;
	/** Long layout: the table (else by file name, then by headers). */
	table?: TableName;
	/**
	 * Column index (0 = A) → what it holds, overriding the header: a field of the table (long),
	 * `unit_code` or `criterion:<code>` (wide), or null to skip the column.
	 */
	columns?: Record<number, string | null>;
	/** Wide layout: the bloc-year (else from a title row or the file name) and the score column. */
	blocCode?: string;
	year?: number;
	scoreField?: ScoreField;
	/** Wide layout: the spreadsheet row (1-based) of the header; else the first with `Mã đơn vị`. */
	headerRow?: number;
	/** Workbook: sheet number (1-based) or name; the first by default. */
	sheet?: number | string;
}

export interface InputFile {
	name: string;
	content: Uint8Array | string;
	options?: ReadOptions;
}

/** Parsers yield the number of rows done every so often; see `runSync` / `runAsync`. */
export type Steps<T> = Generator<number, T, void>;
export const STEP_ROWS = 20_000;

export function runSync<T>(steps: Steps<T>): T {
	for (;;) {
		const r = steps.next();
		if (r.done) return r.value;
	}
}

/** Runs a parser, reporting progress and letting the server answer other requests between steps. */
export async function runAsync<T>(steps: Steps<T>, onStep?: (rowsDone: number) => void): Promise<T> {
	for (;;) {
		const r = steps.next();
		if (r.done) return r.value;
		onStep?.(r.value);
		await new Promise((ok) => setImmediate(ok));
	}
}

const headerIndex = new Map<TableName, Map<string, ColumnSpec>>(
	TABLES.map((t) => {
		const m = new Map<string, ColumnSpec>();
		for (const c of t.columns) for (const h of [c.name, ...c.vi]) m.set(normalizeKey(h), c);
		return [t.name, m];
	})
);

/** The column of `table` a header names, if any. */
export function columnForHeader(table: TableName, header: string): ColumnSpec | null {
	return headerIndex.get(table)!.get(normalizeKey(header)) ?? null;
}

/**
 * Headers that describe a row for a person and are not data of the table (row number, names,
 * totals a spreadsheet computed): skipped without a warning.
 */
const INFO_HEADERS = new Set(
	[
		'STT',
		'TT',
		'Số thứ tự',
		'Tên đơn vị',
		'Tên tiêu chí',
		'Tên khối',
		'Tổng',
		'Tổng điểm',
		'Tổng cộng',
		'Xếp loại',
		'Xếp hạng',
		'Hạng',
		// Columns of the product's own downloads (scores, awards) that are not read back.
		'Nhóm tiêu chí',
		'Loại tiêu chí',
		'Điểm tối đa',
		'Hệ số',
		'Phân loại khen thưởng'
	].map(normalizeKey)
);

export function isInfoHeader(header: string): boolean {
	return INFO_HEADERS.has(normalizeKey(header));
}

/** The table named by the file name (`scores.csv`, `diem_2024.csv`), if exactly one. */
export function tableByName(fileName: string): TableSpec | null {
	const base = normalizeKey(fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '')).replace(/^\d+_/, '');
	const byName = TABLES.filter((t) => t.fileNames.some((n) => base === n || base.startsWith(n + '_')));
	return byName.length === 1 && byName[0] ? byName[0] : null;
}

/** The table a file holds: by its name first (`scores.csv`, `diem_2024.csv`), else by its headers. */
export function detectTable(fileName: string, headers: string[]): TableSpec | { error: string } {
	const byName = tableByName(fileName);
	if (byName) return byName;
	const keys = headers.map(normalizeKey);
	const scored = TABLES.map((t) => {
		const index = headerIndex.get(t.name)!;
		const matched = new Set(keys.map((k) => index.get(k)?.name).filter(Boolean));
		const complete = t.columns.every((c) => !c.required || matched.has(c.name));
		return { t, matched: matched.size, complete };
	})
		.filter((s) => s.complete)
		.sort((a, b) => b.matched - a.matched);
	if (scored.length === 0 || (scored[1] && scored[1].matched === scored[0]!.matched))
		return {
			error:
				'không nhận ra loại dữ liệu của tệp: hãy đặt tên tệp theo loại (units, blocs, lineage, memberships, pledges, criteria, scores, awards hoặc don_vi, khoi, sap_nhap, thanh_vien_khoi, giao_uoc, tieu_chi, diem, khen_thuong) hoặc dùng đúng tiêu đề cột'
		};
	return scored[0]!.t;
}

export function describe(c: ColumnSpec): string {
	return `"${c.vi[0]}" (${c.name})`;
}

/**
 * Converts one cell; returns the value or a Vietnamese reason. The cell is read as cells.ts
 * says (edges trimmed, an export's `'` before a formula sign removed, NFC).
 */
export function convertCell(raw: string, col: ColumnSpec): { value: CellValue } | { reason: string } {
	const s = cellValue(raw);
	if (s === '') return col.required ? { reason: `thiếu giá trị bắt buộc ${describe(col)}` } : { value: null };
	const t = col.type;
	switch (t.kind) {
		case 'code': {
			const invisible = codeProblem(s);
			if (invisible) return { reason: invisible };
			if (s.length > 64) return { reason: 'mã dài quá 64 ký tự' };
			return { value: s };
		}
		case 'text':
			if (s.length > 1000) return { reason: 'văn bản dài quá 1.000 ký tự' };
			return { value: s };
		case 'year': {
			if (!/^\d{4}$/.test(s)) return { reason: `"${s}" không phải năm (4 chữ số)` };
			const y = Number(s);
			if (y < 1990 || y > 2100) return { reason: `năm ${y} nằm ngoài khoảng 1990–2100` };
			return { value: y };
		}
		case 'int': {
			const n = parseViNumber(s);
			if (!n.ok) return { reason: n.reason };
			if (!Number.isInteger(n.value)) return { reason: `"${s}" phải là số nguyên` };
			if (t.min !== undefined && n.value < t.min) return { reason: `${s} nhỏ hơn ${t.min}` };
			return { value: n.value };
		}
		case 'number': {
			const n = parseViNumber(s);
			if (!n.ok) return { reason: n.reason };
			if (decimalPlaces(s) > t.maxDecimals)
				return { reason: `"${s}" có quá ${t.maxDecimals} chữ số thập phân` };
			if (t.min !== undefined && n.value < t.min)
				return { reason: n.value < 0 ? `"${s}" là số âm` : `"${s}" nhỏ hơn ${t.min}` };
			if (t.max !== undefined && n.value > t.max) return { reason: `"${s}" lớn hơn ${t.max}` };
			return { value: n.value };
		}
		case 'date': {
			const d = parseViDate(s);
			return d.ok ? { value: d.value } : { reason: d.reason };
		}
		case 'bool': {
			const k = normalizeKey(s);
			if (TRUE_WORDS.includes(k)) return { value: true };
			if (FALSE_WORDS.includes(k)) return { value: false };
			return { reason: `"${s}" không phải Có/Không` };
		}
		case 'enum': {
			const k = normalizeKey(s);
			for (const [value, aliases] of Object.entries(t.values))
				if (normalizeKey(value) === k || aliases.some((a) => normalizeKey(a) === k)) return { value };
			const allowed = Object.entries(t.values).map(([v, a]) => a[0] ?? v);
			return { reason: `"${s}" không thuộc các giá trị cho phép: ${allowed.join(', ')}` };
		}
	}
}

/** Whether a cell writes a decimal number with a comma (`8,5`, `1.234,5`) or a point (`8.5`). */
export function decimalStyle(raw: string): 'comma' | 'point' | null {
	const s = raw.trim();
	if (/^-?\d+,\d+$/.test(s) || /^-?\d{1,3}(\.\d{3})+,\d+$/.test(s)) return 'comma';
	if (/^-?\d+\.\d+$/.test(s) && !/^-?\d{1,3}(\.\d{3})+$/.test(s)) return 'point';
	return null;
}

/** Decimal comma (`8,5`) and decimal point (`8.5`) counts, to warn when a file mixes both. */
export class DecimalStyles {
	comma = 0;
	point = 0;
	firstComma = '';
	firstPoint = '';
	/** A cell's text, written `times` times in a row. */
	see(raw: string, times = 1) {
		const style = decimalStyle(raw);
		if (style === 'comma') {
			if (this.comma === 0) this.firstComma = raw.trim();
			this.comma += times;
		} else if (style === 'point') {
			if (this.point === 0) this.firstPoint = raw.trim();
			this.point += times;
		}
	}
	/** The warning of a file that mixes both styles, or null. */
	warning(): string | null {
		if (this.comma === 0 || this.point === 0) return null;
		return `tệp viết số thập phân theo cả hai kiểu: dấu phẩy (${this.comma} ô, ví dụ "${this.firstComma}") và dấu chấm (${this.point} ô, ví dụ "${this.firstPoint}"); cả hai đều được đọc là số thập phân, nhưng "1.500" luôn được hiểu là một nghìn năm trăm: hãy kiểm tra lại`;
	}
}

/** Issues of a file as a whole. */
export function fileIssue(
	file: string,
	message: string,
	severity: 'error' | 'warning' = 'error'
): ImportIssue {
	return { severity, file, row: null, column: null, field: null, value: null, message };
}

/** The table of a long-layout file and what each of its columns holds. */
export interface HeaderMap {
	table: TableSpec;
	/** Per column of the file: the field it holds, or null (skipped). */
	fieldAt: (ColumnSpec | null)[];
	/** Column letter and header text per field. */
	columns: Map<string, CellLocation>;
}

/**
 * Row 1 of a long-layout file to its table and columns: what the user chose first, else the
 * header. Unknown headers are warned about; a column named twice is an error; null (with the
 * error in `issues`) when the table cannot be told or a required column is missing.
 */
export function mapHeader(
	file: string,
	headerRow: string[],
	options: ReadOptions,
	issues: ImportIssue[]
): HeaderMap | null {
	const forced = options.table ? TABLES_BY_NAME.get(options.table) : undefined;
	const detected = forced ?? detectTable(file, headerRow);
	if ('error' in detected) {
		issues.push(fileIssue(file, detected.error));
		return null;
	}
	const table = detected;
	const mapped = options.columns ?? {};
	const fieldAt: (ColumnSpec | null)[] = [];
	const columns = new Map<string, CellLocation>();
	headerRow.forEach((h, i) => {
		const header = h.trim();
		const letter = columnLetter(i);
		const choice = Object.hasOwn(mapped, i) ? mapped[i] : undefined;
		const col =
			choice === null
				? null
				: choice !== undefined
					? (table.columns.find((c) => c.name === choice) ?? null)
					: (headerIndex.get(table.name)!.get(normalizeKey(header)) ?? null);
		if (!col) {
			if (header !== '' && choice === undefined && !isInfoHeader(header))
				issues.push({
					severity: 'warning',
					file,
					row: 1,
					column: `${letter} "${header}"`,
					field: null,
					value: header,
					message: `cột "${header}" không thuộc định dạng ${table.label}, bị bỏ qua`
				});
			fieldAt.push(null);
			return;
		}
		const seen = columns.get(col.name);
		if (seen) {
			issues.push({
				severity: 'error',
				file,
				row: 1,
				column: `${letter} "${header}"`,
				field: col.name,
				value: header,
				message: `cột ${describe(col)} xuất hiện hai lần (cột ${seen.letter} và cột ${letter})`
			});
			fieldAt.push(null);
			return;
		}
		columns.set(col.name, { letter, header });
		fieldAt.push(col);
	});
	const missing = table.columns.filter((c) => c.required && !columns.has(c.name));
	if (missing.length > 0) {
		issues.push(fileIssue(file, `${table.label}: thiếu cột bắt buộc ${missing.map(describe).join(', ')}`));
		return null;
	}
	return { table, fieldAt, columns };
}

/**
 * The columns a file left out (see `mayLeaveOut`): a row that replaces a stored one keeps their
 * stored values; only a cell that is there and empty empties a value.
 */
export function leftOut(table: TableSpec, columns: ReadonlyMap<string, CellLocation>): string[] {
	return mayLeaveOut(table)
		.filter((c) => !table.key.includes(c.name) && !columns.has(c.name))
		.map((c) => c.name);
}
