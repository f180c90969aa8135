/**
 * From file bytes to typed records: decoding, CSV parsing, header mapping and per-cell
 * validation. No database access: references between tables are checked in validate.ts.
 */
import Papa from 'papaparse';
import {
	TABLES,
	TRUE_WORDS,
	FALSE_WORDS,
	type ColumnSpec,
	type TableSpec,
	type TableName
} from '../../domain/csv-schema';
import { decimalPlaces, parseViDate, parseViNumber } from '../../domain/numbers';
import { normalizeKey } from '../../domain/text';
import type { ImportIssue } from './issues';

export type CellValue = string | number | boolean | null;
export type ParsedRecord = Record<string, CellValue>;

export interface ParsedRow {
	/** Row number as a spreadsheet shows it: the header is row 1. */
	row: number;
	values: ParsedRecord;
	/** The cells as written in the file, by field, for messages. */
	raw: Record<string, string>;
}

export interface ParsedFile {
	file: string;
	table: TableSpec;
	/** Column letter and header text per field, for messages. */
	columns: Map<string, { letter: string; header: string }>;
	rows: ParsedRow[];
	delimiter: string;
}

export interface InputFile {
	name: string;
	content: Uint8Array | string;
}

/** Spreadsheet column letter: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
	let s = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
		s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

/**
 * Bytes to text. UTF-8 with or without BOM; UTF-16 (LE/BE, with BOM) as Excel writes
 * "Unicode text". Anything else (Windows-1258, TCVN3, binary) is refused with a reason.
 */
export function decodeText(
	content: Uint8Array | string
): { ok: true; text: string } | { ok: false; reason: string } {
	if (typeof content === 'string') return { ok: true, text: content.replace(/^\uFEFF/, '') };
	const b = content;
	if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe)
		return { ok: true, text: new TextDecoder('utf-16le').decode(b.subarray(2)) };
	if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff)
		return { ok: true, text: new TextDecoder('utf-16be').decode(b.subarray(2)) };
	const start = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
	const body = b.subarray(start);
	if (body.includes(0)) return { ok: false, reason: 'tệp chứa byte rỗng (NUL): không phải tệp CSV văn bản' };
	try {
		return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
	} catch {
		return {
			ok: false,
			reason:
				'tệp không được mã hóa UTF-8 (có thể là Windows-1258 hoặc TCVN3); hãy lưu lại từ Excel dạng "CSV UTF-8 (Comma delimited)"'
		};
	}
}

const headerIndex = new Map<TableName, Map<string, ColumnSpec>>(
	TABLES.map((t) => {
		const m = new Map<string, ColumnSpec>();
		for (const c of t.columns) for (const h of [c.name, ...c.vi]) m.set(normalizeKey(h), c);
		return [t.name, m];
	})
);

/** The table a file holds: by its name first (`scores.csv`, `diem_2024.csv`), else by its headers. */
export function detectTable(fileName: string, headers: string[]): TableSpec | { error: string } {
	const base = normalizeKey(fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '')).replace(/^\d+_/, '');
	const byName = TABLES.filter((t) => t.fileNames.some((n) => base === n || base.startsWith(n + '_')));
	if (byName.length === 1 && byName[0]) return byName[0];
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

function describe(c: ColumnSpec): string {
	return `"${c.vi[0]}" (${c.name})`;
}

/** Converts one cell; returns the value or a Vietnamese reason. */
export function convertCell(raw: string, col: ColumnSpec): { value: CellValue } | { reason: string } {
	const s = raw.trim();
	if (s === '') return col.required ? { reason: `thiếu giá trị bắt buộc ${describe(col)}` } : { value: null };
	const t = col.type;
	switch (t.kind) {
		case 'code':
			if (s.length > 64) return { reason: 'mã dài quá 64 ký tự' };
			return { value: s };
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

/**
 * Parses one file. Issues (errors and warnings) are appended to `issues`; the result is null
 * when the file cannot be read at all.
 */
export function parseFile(input: InputFile, issues: ImportIssue[]): ParsedFile | null {
	const file = input.name;
	const firstIssue = issues.length;
	const fileIssue = (message: string, severity: 'error' | 'warning' = 'error') =>
		issues.push({ severity, file, row: null, column: null, field: null, value: null, message });

	const decoded = decodeText(input.content);
	if (!decoded.ok) {
		fileIssue(decoded.reason);
		return null;
	}
	if (decoded.text.trim() === '') {
		fileIssue('tệp rỗng');
		return null;
	}
	const parsed = Papa.parse<string[]>(decoded.text, {
		header: false,
		skipEmptyLines: false,
		delimitersToGuess: [',', ';', '\t', '|']
	});
	const records = parsed.data;
	const headerRow = records[0] ?? [];
	const detected = detectTable(file, headerRow);
	if ('error' in detected) {
		fileIssue(detected.error);
		return null;
	}
	const table = detected;
	const index = headerIndex.get(table.name)!;

	// Map header cells to columns.
	const fieldAt: (ColumnSpec | null)[] = [];
	const columns = new Map<string, { letter: string; header: string }>();
	headerRow.forEach((h, i) => {
		const header = h.trim();
		const col = index.get(normalizeKey(header)) ?? null;
		const letter = columnLetter(i);
		if (!col) {
			if (header !== '')
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
		fileIssue(`${table.label}: thiếu cột bắt buộc ${missing.map(describe).join(', ')}`);
		return null;
	}

	const rows: ParsedRow[] = [];
	for (let r = 1; r < records.length; r++) {
		const cells = records[r]!;
		const rowNo = r + 1;
		if (cells.every((c) => c.trim() === '')) continue;
		if (cells.length > headerRow.length && cells.slice(headerRow.length).some((c) => c.trim() !== '')) {
			issues.push({
				severity: 'error',
				file,
				row: rowNo,
				column: null,
				field: null,
				value: null,
				message: `dòng có ${cells.length} ô nhưng tiêu đề chỉ có ${headerRow.length} cột (kiểm tra dấu phân cách và dấu ngoặc kép)`
			});
			continue;
		}
		const values: ParsedRecord = {};
		const rawCells: Record<string, string> = {};
		let ok = true;
		for (const c of table.columns) values[c.name] = null;
		fieldAt.forEach((col, i) => {
			if (!col) return;
			const raw = cells[i] ?? '';
			rawCells[col.name] = raw;
			const res = convertCell(raw, col);
			if ('reason' in res) {
				ok = false;
				issues.push({
					severity: 'error',
					file,
					row: rowNo,
					column: `${columnLetter(i)} "${headerRow[i]?.trim() ?? ''}"`,
					field: col.name,
					value: raw,
					message: res.reason
				});
			} else values[col.name] = res.value;
		});
		if (ok) rows.push({ row: rowNo, values, raw: rawCells });
	}
	if (rows.length === 0 && !issues.slice(firstIssue).some((i) => i.severity === 'error'))
		fileIssue('tệp chỉ có dòng tiêu đề, không có dữ liệu', 'warning');
	return { file, table, columns, rows, delimiter: parsed.meta.delimiter };
}
