/**
 * From file bytes to a grid of text cells, whatever the file is: CSV (UTF-8 with or without a
 * BOM, UTF-16 LE/BE as Excel writes "Unicode text"; comma, semicolon, tab or bar) or an Excel
 * workbook (.xlsx). Anything else is refused with a reason an office can act on. The grid keeps
 * spreadsheet coordinates: `rows[i][j]` is row i + 1, column `columnLetter(j)`.
 */
import Papa from 'papaparse';
import readWorkbook from 'read-excel-file/node';
import { readXlsxOffThread } from './xlsx-thread';
import { separatorLine } from '../../domain/cells';
import { cellAddress, inspectWorkbook, type PendingFormulas } from './workbook';

/** Spreadsheet column letter: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
	let s = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
		s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export type Decoded = { ok: true; text: string; encoding: TextEncodingName } | { ok: false; reason: string };

/**
 * Bytes to text. UTF-8 with or without BOM; UTF-16 (LE/BE, with BOM) as Excel writes
 * "Unicode text". Anything else (Windows-1258, TCVN3, binary) is refused with a reason.
 */
export function decodeText(
	content: Uint8Array | string
): { ok: true; text: string } | { ok: false; reason: string } {
	const d = decodeBytes(content);
	return d.ok ? { ok: true, text: d.text } : d;
}

/** `decodeText`, also saying which encoding it found. */
export function decodeBytes(content: Uint8Array | string): Decoded {
	if (typeof content === 'string')
		return {
			ok: true,
			text: content.replace(/^\uFEFF/, ''),
			encoding: content.startsWith('\uFEFF') ? 'utf-8-bom' : 'utf-8'
		};
	const b = content;
	if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe)
		return { ok: true, text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'utf-16le' };
	if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff)
		return { ok: true, text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'utf-16be' };
	const bom = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
	const body = b.subarray(bom ? 3 : 0);
	if (body.includes(0)) return { ok: false, reason: 'tệp chứa byte rỗng (NUL): không phải tệp CSV văn bản' };
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
		return { ok: true, text, encoding: bom ? 'utf-8-bom' : 'utf-8' };
	} catch {
		return {
			ok: false,
			reason:
				'tệp không được mã hóa UTF-8 (có thể là Windows-1258 hoặc TCVN3); hãy lưu lại từ Excel dạng "CSV UTF-8 (Comma delimited)"'
		};
	}
}

/** A file read into rows of text cells. */
export interface Grid {
	format: 'csv' | 'xlsx';
	rows: string[][];
	/** CSV: the encoding found; null for a workbook. */
	encoding: TextEncodingName | null;
	/** CSV: the separator found (`,` `;` tab `|`); '' for a workbook. */
	delimiter: string;
	/** Workbook: the sheet read and every sheet's name. */
	sheet: string | null;
	sheets: string[];
	/**
	 * Workbook: cells that hold a number (not text), by `cellKey`: their text is ours, so their
	 * decimal point says nothing about how the office writes numbers.
	 */
	numbers?: ReadonlySet<number>;
	/**
	 * Workbook: cells with a formula but no saved value (written by a program that does not
	 * calculate), by `cellKey`. Their text is '' but they are not empty: what they hold is unknown.
	 */
	pending?: ReadonlySet<number>;
}

/** Key of a cell in `Grid.numbers`. */
export const cellKey = (row: number, column: number) => row * 16_384 + column;

/** Whether a cell of a workbook is a formula without a saved value (see `Grid.pending`). */
export const pendingCell = (grid: Grid, row: number, column: number) =>
	grid.pending?.has(cellKey(row, column)) ?? false;

/** What the import says of a cell that is a formula without a saved value. */
export const PENDING_FORMULA =
	'ô có công thức nhưng chưa có giá trị đã tính (tệp được lưu bởi một chương trình không tính công thức), nên không biết ô chứa gì: hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại (công thức sẽ được tính), hoặc sao chép và dán giá trị (Paste Values) trước khi tải lên';

/** Whether the text of a cell was typed by a person (CSV, or an Excel text cell). */
export const typedText = (grid: Grid, row: number, column: number) =>
	!grid.numbers?.has(cellKey(row, column));

export type GridResult = { ok: true; grid: Grid } | { ok: false; reason: string };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** What kind of file the bytes are, before reading them. */
export function sniffFormat(name: string, content: Uint8Array | string): 'csv' | 'xlsx' | 'xls' | 'zip' {
	if (typeof content !== 'string') {
		if (startsWith(content, ZIP))
			return /\.(xlsx|xlsm)$/i.test(name) || !/\.zip$/i.test(name) ? 'xlsx' : 'zip';
		if (startsWith(content, OLE2)) return 'xls';
	}
	return 'csv';
}

/**
 * CSV text to rows; the separator is the one a first line `sep=;` names (as Excel reads it; the
 * line is not part of the grid, so row 1 is the header as Excel shows it), else guessed among
 * comma, semicolon, tab and bar.
 */
export function csvGrid(text: string, encoding: TextEncodingName | null): Grid {
	const sep = separatorLine(text);
	const parsed = Papa.parse<string[]>(sep ? sep.rest : text, {
		header: false,
		skipEmptyLines: false,
		...(sep ? { delimiter: sep.delimiter } : { delimitersToGuess: [',', ';', '\t', '|'] })
	});
	return {
		format: 'csv',
		rows: parsed.data,
		encoding,
		delimiter: parsed.meta.delimiter,
		sheet: null,
		sheets: []
	};
}

/** Reads a CSV file synchronously (the command line and the tests). */
export function readCsv(content: Uint8Array | string): GridResult {
	const decoded = decodeBytes(content);
	if (!decoded.ok) return decoded;
	if (decoded.text.trim() === '') return { ok: false, reason: 'tệp rỗng' };
	return { ok: true, grid: csvGrid(decoded.text, decoded.encoding) };
}

/** An Excel cell as the text a person would have typed: numbers without float noise, dates dd/mm/yyyy. */
export function cellText(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') {
		if (!Number.isFinite(v)) return '';
		// 12 significant digits drop binary noise (24.499999999999996 → 24.5) and keep any score.
		return String(Number(v.toPrecision(12)));
	}
	if (typeof v === 'boolean') return v ? 'Có' : 'Không';
	if (v instanceof Date) {
		const dd = String(v.getUTCDate()).padStart(2, '0');
		const mm = String(v.getUTCMonth() + 1).padStart(2, '0');
		return `${dd}/${mm}/${v.getUTCFullYear()}`;
	}
	return String(v);
}

/**
 * Which sheet of a workbook to read, by its index in the workbook: the one named (a hidden sheet
 * too, when named), the n-th visible one, or the first visible one (what Excel shows on opening;
 * a hidden sheet often holds an old copy or lookup lists). `visible` lists the visible sheets.
 */
export function pickSheet(
	names: readonly string[],
	hidden: readonly boolean[],
	sheet?: number | string
): { index: number; visible: string[] } {
	const shown = names.map((_, i) => i).filter((i) => !hidden[i]);
	const order = shown.length > 0 ? shown : names.map((_, i) => i);
	const visible = order.map((i) => names[i]!);
	if (typeof sheet === 'string') return { index: names.indexOf(sheet), visible };
	return { index: order[(typeof sheet === 'number' ? sheet : 1) - 1] ?? -1, visible };
}

/** The formula cells without a saved value of a sheet, by `cellKey`. */
function pendingKeys(pending: PendingFormulas | null): Set<number> | undefined {
	if (!pending || pending.cells.length === 0) return undefined;
	const keys = new Set<number>();
	for (const a of pending.cells) {
		const at = cellAddress(a);
		if (at) keys.add(cellKey(at.row, at.column));
	}
	return keys;
}

/** Reads one sheet of a workbook (the first visible one by default). */
export async function readXlsx(content: Uint8Array, sheet?: number | string): Promise<GridResult> {
	const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
	try {
		const sheets = await readWorkbook(buffer);
		const book = inspectWorkbook(content);
		const all = sheets.map((s) => s.sheet);
		const hidden = book && book.sheets.length === sheets.length ? book.sheets.map((s) => s.hidden) : [];
		const { index, visible: names } = pickSheet(all, hidden, sheet);
		const picked = sheets[index];
		if (!picked)
			return {
				ok: false,
				reason: `tệp Excel không có trang tính ${typeof sheet === 'string' ? `"${sheet}"` : `số ${sheet}`} (các trang: ${names.join(', ')})`
			};
		const pending = pendingKeys(book?.pendingFormulas(index) ?? null);
		const numbers = new Set<number>();
		const rows = picked.data.map((r, i) =>
			r.map((v, j) => {
				if (typeof v === 'number') numbers.add(cellKey(i, j));
				return cellText(v);
			})
		);
		// The reader drops empty rows and columns at the edges: a formula without a value is not empty.
		if (pending) {
			let height = rows.length;
			let width = rows[0]?.length ?? 0;
			for (const key of pending) {
				height = Math.max(height, Math.floor(key / 16_384) + 1);
				width = Math.max(width, (key % 16_384) + 1);
			}
			while (rows.length < height) rows.push([]);
			for (const r of rows) while (r.length < width) r.push('');
		}
		if (!pending && rows.every((r) => r.every((c) => c.trim() === '')))
			return { ok: false, reason: `trang tính "${picked.sheet}" của tệp Excel trống` };
		return {
			ok: true,
			grid: {
				format: 'xlsx',
				rows,
				encoding: null,
				delimiter: '',
				sheet: picked.sheet,
				sheets: names,
				numbers,
				...(pending ? { pending } : {})
			}
		};
	} catch (e) {
		const code = (e as { code?: string }).code;
		if (code === 'XLS_FILE_NOT_SUPPORTED') return { ok: false, reason: XLS_REASON };
		return {
			ok: false,
			reason:
				'không đọc được tệp Excel (.xlsx): tệp bị hỏng hoặc không phải bảng tính; hãy mở bằng Excel và lưu lại'
		};
	}
}

const XLS_REASON =
	'tệp Excel 97-2003 (.xls) không được hỗ trợ: hãy mở bằng Excel và lưu lại dạng "Excel Workbook (.xlsx)" hoặc "CSV UTF-8"';

/** Any accepted file to a grid. */
export async function readGrid(
	name: string,
	content: Uint8Array | string,
	sheet?: number | string
): Promise<GridResult> {
	switch (sniffFormat(name, content)) {
		case 'xlsx':
			// Checked, then read by `readXlsx` in a worker thread within limits (xlsx-thread.ts).
			return readXlsxOffThread(content as Uint8Array, sheet);
		case 'xls':
			return { ok: false, reason: XLS_REASON };
		case 'zip':
			return { ok: false, reason: 'tệp nén .zip: hãy giải nén và tải lên từng tệp CSV hoặc Excel' };
		default:
			if (/\.xlsx$/i.test(name) && typeof content !== 'string' && content.length > 0)
				return {
					ok: false,
					reason: 'tệp có đuôi .xlsx nhưng không phải bảng tính Excel: tệp bị hỏng hoặc bị đổi tên'
				};
			return readCsv(content);
	}
}
