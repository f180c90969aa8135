/**
 * Refuses hostile or absurd Excel workbooks before they cost the server memory or time. A
 * workbook is a ZIP archive: its central directory, at the end, lists each entry with its sizes;
 * read-excel-file inflates the entries as it meets them from the start of the file, trusting
 * them. So, in three steps, each refusing with a reason an office can act on:
 *
 * 1. `inspectZip` (cheap, on the request thread) reads the central directory itself and refuses,
 *    before anything is inflated, an archive with too many entries, whose entries declare more
 *    inflated bytes than the cap or compress absurdly well (a zip bomb), or whose directory lies:
 *    entries that overlap, leave gaps, disagree with their local headers or data descriptors, run
 *    past the end, or are encrypted or compressed in a way no workbook is.
 * 2. `checkWorkbook` (in the worker, before the real reader) inflates each entry with its declared
 *    size as a hard limit and checks its length and CRC: an entry that inflates to more than it
 *    declared stops there.
 * 3. Meanwhile it measures every sheet (`sheetExtent`): the rows × columns the reader would fill,
 *    which a few bytes can make astronomical (one value in cell XFD1048576), and refuses a
 *    workbook with too many cells.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { formatNumber } from '../../domain/numbers';

export interface XlsxLimits {
	/** Entries in the archive. */
	entries: number;
	/** Bytes of all entries once inflated (declared, and then actually). */
	inflatedBytes: number;
	/** Inflated ÷ compressed size beyond which an entry is a zip bomb… */
	ratio: number;
	/** …when it inflates to more than this (small entries compress well and cost nothing). */
	ratioFloorBytes: number;
	/** Cells the reader would hold, every sheet together (rows × columns of each sheet's data). */
	cells: number;
}

const MiB = 1024 * 1024;

/**
 * A 200,000-row scores workbook (the largest file the product is sized for, 7 columns) is 4.5 MB,
 * inflates to 43 MB at a ratio of 10, and holds 1.4 million cells: these leave room for it with
 * long texts, while a zip bomb (ratio ~1,000) and a sheet stretched to XFD1048576 are refused.
 */
export const XLSX_LIMITS: XlsxLimits = {
	entries: 2_000,
	inflatedBytes: 128 * MiB,
	ratio: 500,
	ratioFloorBytes: MiB,
	cells: 2_000_000
};

export interface ZipEntry {
	name: string;
	method: number;
	flags: number;
	crc: number;
	compressedSize: number;
	size: number;
	/** Where its local header starts. */
	offset: number;
	/** Where its compressed bytes start. */
	dataOffset: number;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const mb = (bytes: number) => formatNumber(bytes / MiB, bytes < 10 * MiB ? 1 : 0);
const n0 = (n: number) => formatNumber(n, 0);

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const STORED = 0;
const DEFLATED = 8;
const U16 = 0xffff;
const U32 = 0xffffffff;

/** The archive's directory contradicts its content: a damaged or forged file. */
class Lie extends Error {}

function lie(detail: string): never {
	throw new Lie(detail);
}

const lieReason = (detail: string) =>
	`không đọc được tệp Excel (.xlsx): tệp bị hỏng hoặc bị sửa, mục lục của tệp nén không khớp với nội dung (${detail}); hãy mở bằng Excel và lưu lại`;

class Reader {
	readonly view: DataView;
	constructor(readonly bytes: Uint8Array) {
		this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	}
	need(at: number, length: number, what: string) {
		if (at < 0 || length < 0 || at + length > this.bytes.length) lie(`${what} vượt quá cuối tệp`);
	}
	u16(at: number) {
		return this.view.getUint16(at, true);
	}
	u32(at: number) {
		return this.view.getUint32(at, true);
	}
	u64(at: number, what: string) {
		const v = this.view.getBigUint64(at, true);
		if (v > BigInt(Number.MAX_SAFE_INTEGER)) lie(`${what} khai báo ${v} byte`);
		return Number(v);
	}
}

/** The ZIP64 extended information of an extra field: the 64-bit values of fields set to 0xFFFFFFFF. */
function zip64Extra(
	r: Reader,
	start: number,
	length: number,
	wanted: { size: boolean; compressedSize: boolean; offset: boolean },
	what: string
) {
	const out: { size?: number; compressedSize?: number; offset?: number } = {};
	for (let at = start; at + 4 <= start + length;) {
		const id = r.u16(at);
		const len = r.u16(at + 2);
		if (at + 4 + len > start + length) lie(`trường phụ của ${what} vượt quá chỗ của nó`);
		if (id === 0x0001) {
			let p = at + 4;
			const take = (key: 'size' | 'compressedSize' | 'offset') => {
				if (!wanted[key]) return;
				if (p + 8 > at + 4 + len) lie(`trường ZIP64 của ${what} thiếu giá trị`);
				out[key] = r.u64(p, what);
				p += 8;
			};
			take('size');
			take('compressedSize');
			take('offset');
		}
		at += 4 + len;
	}
	return out;
}

/** Where the central directory is and how many entries it says it has. */
function endOfDirectory(r: Reader) {
	const bytes = r.bytes;
	if (bytes.length < 22) lie('tệp quá ngắn để có mục lục');
	let end = -1;
	for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - U16); at--) {
		if (r.u32(at) === SIG_END && at + 22 + r.u16(at + 20) === bytes.length) {
			end = at;
			break;
		}
	}
	if (end < 0) lie('không thấy phần kết của mục lục');
	if (r.u16(end + 4) !== 0 || r.u16(end + 6) !== 0) lie('tệp nén chia nhiều phần');
	let count = r.u16(end + 10);
	let size = r.u32(end + 12);
	let offset = r.u32(end + 16);
	let directoryEnd = end;
	if (r.u16(end + 8) !== count) lie('số mục trên đĩa khác tổng số mục');
	if (count === U16 || size === U32 || offset === U32) {
		const locator = end - 20;
		if (locator < 0 || r.u32(locator) !== SIG_LOCATOR64) lie('thiếu phần kết ZIP64 của mục lục');
		const record = r.u64(locator + 8, 'phần kết ZIP64');
		r.need(record, 56, 'phần kết ZIP64');
		if (r.u32(record) !== SIG_END64) lie('phần kết ZIP64 không đúng chỗ');
		if (r.u64(record + 24, 'số mục') !== r.u64(record + 32, 'số mục'))
			lie('số mục trên đĩa khác tổng số mục');
		count = r.u64(record + 32, 'số mục');
		size = r.u64(record + 40, 'mục lục');
		offset = r.u64(record + 48, 'mục lục');
		directoryEnd = record;
	}
	if (offset + size !== directoryEnd) lie('mục lục không nằm ngay trước phần kết của nó');
	return { count, size, offset };
}

/**
 * The entries of a ZIP archive, checked against every rule of step 1 above, without inflating
 * anything.
 */
export function inspectZip(bytes: Uint8Array, limits: XlsxLimits = XLSX_LIMITS): Checked<ZipEntry[]> {
	try {
		return { ok: true, value: readDirectory(bytes, limits) };
	} catch (e) {
		if (e instanceof Refusal) return { ok: false, reason: e.message };
		if (e instanceof Lie) return { ok: false, reason: lieReason(e.message) };
		if (e instanceof RangeError) return { ok: false, reason: lieReason('tệp bị cắt cụt') };
		throw e;
	}
}

/** A workbook refused for its size: not a lie, a limit. */
class Refusal extends Error {}

function readDirectory(bytes: Uint8Array, limits: XlsxLimits): ZipEntry[] {
	const r = new Reader(bytes);
	const dir = endOfDirectory(r);
	if (dir.count > limits.entries)
		throw new Refusal(
			`tệp Excel có ${n0(dir.count)} thành phần nén (tối đa ${n0(limits.entries)}): không phải một bảng tính bình thường`
		);
	r.need(dir.offset, dir.size, 'mục lục');
	const entries: ZipEntry[] = [];
	const names = new Set<string>();
	const decoder = new TextDecoder('utf-8');
	let at = dir.offset;
	let declared = 0;
	for (let i = 0; i < dir.count; i++) {
		r.need(at, 46, 'mục lục');
		if (r.u32(at) !== SIG_CENTRAL) lie(`mục thứ ${i + 1} của mục lục không đúng chỗ`);
		const flags = r.u16(at + 8);
		const method = r.u16(at + 10);
		const crc = r.u32(at + 16);
		let compressedSize = r.u32(at + 20);
		let size = r.u32(at + 24);
		const nameLength = r.u16(at + 28);
		const extraLength = r.u16(at + 30);
		const commentLength = r.u16(at + 32);
		let offset = r.u32(at + 42);
		r.need(at + 46, nameLength + extraLength + commentLength, 'mục lục');
		const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
		const wide = zip64Extra(
			r,
			at + 46 + nameLength,
			extraLength,
			{ size: size === U32, compressedSize: compressedSize === U32, offset: offset === U32 },
			`"${name}"`
		);
		size = wide.size ?? size;
		compressedSize = wide.compressedSize ?? compressedSize;
		offset = wide.offset ?? offset;
		at += 46 + nameLength + extraLength + commentLength;
		if (names.has(name)) lie(`hai thành phần cùng tên "${name}"`);
		names.add(name);
		if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION))
			throw new Refusal(
				`tệp Excel có thành phần "${name}" bị mã hóa: hãy bỏ mật khẩu, lưu lại bằng Excel rồi tải lên`
			);
		if (method !== STORED && method !== DEFLATED)
			throw new Refusal(
				`tệp Excel có thành phần "${name}" nén theo cách không dùng trong bảng tính (phương pháp ${method}): hãy mở bằng Excel và lưu lại`
			);
		if (method === STORED && size !== compressedSize)
			lie(`"${name}" không nén mà kích thước nén khác kích thước thật`);
		if (size > limits.ratioFloorBytes && size / Math.max(compressedSize, 1) > limits.ratio)
			throw new Refusal(
				`tệp Excel có thành phần "${name}" nén ${n0(compressedSize)} byte thành ${mb(size)} MB (gấp ${n0(size / Math.max(compressedSize, 1))} lần, tối đa ${n0(limits.ratio)} lần): đây là "bom nén" (zip bomb), không phải bảng tính; tệp không được đọc`
			);
		declared += size;
		if (declared > limits.inflatedBytes)
			throw new Refusal(
				`tệp Excel khi giải nén lớn hơn ${mb(limits.inflatedBytes)} MB (riêng các thành phần đầu đã ${mb(declared)} MB): quá lớn để đọc; hãy chia nhỏ tệp hoặc lưu thành "CSV UTF-8"`
			);
		entries.push({ name, method, flags, crc, compressedSize, size, offset, dataOffset: 0 });
	}
	if (at !== dir.offset + dir.size) lie('kích thước mục lục khác tổng các mục của nó');
	// The reader meets entries from the start of the file: each must begin where the previous
	// one ends, and the last end where the directory begins, so that it sees these entries only.
	const ordered = [...entries].sort((a, b) => a.offset - b.offset);
	let expected = 0;
	for (const e of ordered) {
		if (e.offset !== expected)
			lie(
				e.offset < expected
					? `"${e.name}" chồng lên thành phần trước nó`
					: `có ${n0(e.offset - expected)} byte không thuộc thành phần nào trước "${e.name}"`
			);
		expected = localEntry(r, e, decoder);
	}
	if (expected !== dir.offset)
		lie(`có ${n0(dir.offset - expected)} byte không thuộc thành phần nào trước mục lục`);
	return entries;
}

/** Checks the local header (and data descriptor) of `e` against the directory; returns where it ends. */
function localEntry(r: Reader, e: ZipEntry, decoder: TextDecoder): number {
	const at = e.offset;
	r.need(at, 30, `đầu thành phần "${e.name}"`);
	if (r.u32(at) !== SIG_LOCAL) lie(`không có thành phần "${e.name}" ở chỗ mục lục chỉ`);
	const flags = r.u16(at + 6);
	const method = r.u16(at + 8);
	const nameLength = r.u16(at + 26);
	const extraLength = r.u16(at + 28);
	r.need(at + 30, nameLength + extraLength, `đầu thành phần "${e.name}"`);
	const name = decoder.decode(r.bytes.subarray(at + 30, at + 30 + nameLength));
	if (name !== e.name) lie(`mục lục gọi là "${e.name}" thành phần tên "${name}"`);
	if (method !== e.method || (flags & FLAG_DESCRIPTOR) !== (e.flags & FLAG_DESCRIPTOR))
		lie(`cách nén của "${e.name}" khác nhau ở hai nơi`);
	const crc = r.u32(at + 14);
	let compressedSize = r.u32(at + 18);
	let size = r.u32(at + 22);
	const wide = zip64Extra(
		r,
		at + 30 + nameLength,
		extraLength,
		{ size: size === U32, compressedSize: compressedSize === U32, offset: false },
		`"${e.name}"`
	);
	size = wide.size ?? size;
	compressedSize = wide.compressedSize ?? compressedSize;
	e.dataOffset = at + 30 + nameLength + extraLength;
	const sameSizes = crc === e.crc && compressedSize === e.compressedSize && size === e.size;
	const zip64 = wide.size !== undefined || wide.compressedSize !== undefined;
	r.need(e.dataOffset, e.compressedSize, `dữ liệu của "${e.name}"`);
	let end = e.dataOffset + e.compressedSize;
	if (!(flags & FLAG_DESCRIPTOR)) {
		if (!sameSizes) lie(`kích thước hoặc mã kiểm tra của "${e.name}" khác nhau ở hai nơi`);
		return end;
	}
	// Sizes follow the data: zero (or the same) in the local header, then a data descriptor.
	const zeroOr = (local: number, central: number) => local === 0 || local === central;
	if (!zeroOr(crc, e.crc) || !zeroOr(compressedSize, e.compressedSize) || !zeroOr(size, e.size))
		lie(`kích thước hoặc mã kiểm tra của "${e.name}" khác nhau ở hai nơi`);
	r.need(end, 4, `phần mô tả của "${e.name}"`);
	if (r.u32(end) === SIG_DESCRIPTOR) end += 4;
	const long = zip64 || e.size > U32 || e.compressedSize > U32;
	r.need(end, long ? 20 : 12, `phần mô tả của "${e.name}"`);
	const d = {
		crc: r.u32(end),
		compressedSize: long ? r.u64(end + 4, e.name) : r.u32(end + 4),
		size: long ? r.u64(end + 12, e.name) : r.u32(end + 8)
	};
	if (d.crc !== e.crc || d.compressedSize !== e.compressedSize || d.size !== e.size)
		lie(`phần mô tả sau dữ liệu của "${e.name}" khác mục lục`);
	return end + (long ? 20 : 12);
}

/** The extent of one part (a sheet, the shared strings) as the reader would hold it. */
export interface SheetExtent {
	/** Last row holding a value (1-based; 0 for none) and the rightmost column holding one. */
	rows: number;
	columns: number;
	/** Last row mentioned at all (the reader keeps an empty array per row up to it). */
	lastRow: number;
	/** Shared strings (`<si>`): the reader holds each. */
	strings: number;
	/** What the reader would hold: `rows × columns + lastRow + strings`. */
	cells: number;
}

/** `XFD1048576` → row 1048576 and column 16384 (in `cell`); false when it is no cell reference. */
function cellRef(text: string, cell: { row: number; column: number }): boolean {
	let i = text.charCodeAt(0) === 36 ? 1 : 0; // $
	const letters = i;
	let column = 0;
	for (let c = text.charCodeAt(i) | 0x20; c >= 0x61 && c <= 0x7a; c = text.charCodeAt(++i) | 0x20)
		column = column * 26 + c - 0x60;
	if (i === letters || i - letters > 3) return false;
	if (text.charCodeAt(i) === 36) i++;
	const digits = i;
	let row = 0;
	for (let c = text.charCodeAt(i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i))
		row = row * 10 + c - 0x30;
	if (i === digits || i - digits > 7 || i !== text.length) return false;
	cell.row = row;
	cell.column = column;
	return true;
}

/** A `<row>`, `<c>` or `<si>` tag, with or without a namespace prefix; group 2: its attributes. */
const ROW_OR_CELL = /<(?:[A-Za-z_][\w.-]*:)?(row|c|si)([\s/][^>]*)?>/g;
const R_ATTRIBUTE = /(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/**
 * The extent of the part in `xml` as the reader would hold it: every `<row>` and `<c>` of a sheet
 * is located as the reader locates it (by its `r` attribute, or next to the previous one), a cell
 * written `<c …/>` holding no value; every `<si>` of the shared strings is counted. Any part is
 * measured (what is not a sheet or the strings measures 0), so that no part escapes by looking
 * like something else. The markup is ASCII, so the bytes are read as Latin-1.
 */
export function sheetExtent(xml: Uint8Array): SheetExtent {
	const text = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength).toString('latin1');
	let row = 0;
	let column = 0;
	let rows = 0;
	let columns = 0;
	let lastRow = 0;
	let strings = 0;
	const ref = { row: 0, column: 0 };
	ROW_OR_CELL.lastIndex = 0;
	for (let m; (m = ROW_OR_CELL.exec(text));) {
		if (m[1] === 'si') {
			strings++;
			continue;
		}
		const attrs = m[2] ?? '';
		const r = attrs.length > 2 ? R_ATTRIBUTE.exec(attrs) : null;
		const at = r ? (r[1] ?? r[2] ?? '') : null;
		if (m[1] === 'row') {
			row = at !== null && /^\d{1,7}$/.test(at) ? Number(at) : row + 1;
			column = 0;
		} else {
			if (at !== null && cellRef(at, ref)) {
				row = Math.max(row, ref.row);
				column = ref.column;
			} else column++;
			row ||= 1;
			if (!attrs.endsWith('/')) {
				if (row > rows) rows = row;
				if (column > columns) columns = column;
			}
		}
		if (row > lastRow) lastRow = row;
	}
	return { rows, columns, lastRow, strings, cells: rows * columns + lastRow + strings };
}

/** Sheet names by part path, from xl/workbook.xml and its relationships (for messages). */
function sheetNames(parts: Map<string, Uint8Array>): Map<string, string> {
	const out = new Map<string, string>();
	const workbook = parts.get('xl/workbook.xml');
	const rels = parts.get('xl/_rels/workbook.xml.rels');
	if (!workbook || !rels) return out;
	const utf8 = (b: Uint8Array) => new TextDecoder().decode(b);
	const targets = new Map<string, string>();
	for (const m of utf8(rels).matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
		const id = /\bId\s*=\s*"([^"]*)"/.exec(m[1]!)?.[1];
		const target = /\bTarget\s*=\s*"([^"]*)"/.exec(m[1]!)?.[1];
		if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
	}
	for (const m of utf8(workbook).matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
		const name = /\bname\s*=\s*"([^"]*)"/.exec(m[1]!)?.[1];
		const id = /\br:id\s*=\s*"([^"]*)"/.exec(m[1]!)?.[1];
		const path = id ? targets.get(id) : undefined;
		if (name && path) out.set(path, name.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
	}
	return out;
}

function inflateEntry(bytes: Uint8Array, e: ZipEntry): Uint8Array {
	const data = bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
	let out: Uint8Array;
	let consumed = data.length;
	if (e.method === STORED) out = data;
	else {
		try {
			// One byte more than declared: inflating past it stops at once and is a lie.
			const r = inflateRawSync(data, { maxOutputLength: e.size + 1, info: true }) as unknown as {
				buffer: Buffer;
				engine: { bytesWritten: number };
			};
			out = r.buffer;
			// The deflate stream must end exactly where the directory says: a reader that finds the
			// end by inflating (entries with a data descriptor) must not find anything hidden after it.
			consumed = r.engine.bytesWritten;
		} catch (err) {
			const code = (err as { code?: string }).code;
			if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
				lie(`"${e.name}" giải nén ra nhiều hơn ${n0(e.size)} byte đã khai`);
			lie(`dữ liệu nén của "${e.name}" hỏng`);
		}
	}
	if (consumed !== e.compressedSize)
		lie(
			`dữ liệu nén của "${e.name}" kết thúc ở byte thứ ${n0(consumed)}, trước ${n0(e.compressedSize)} byte đã khai`
		);
	if (out.length !== e.size)
		lie(`"${e.name}" giải nén ra ${n0(out.length)} byte, khác ${n0(e.size)} byte đã khai`);
	if (crc32(out) >>> 0 !== e.crc) lie(`mã kiểm tra của "${e.name}" sai`);
	return out;
}

/**
 * Steps 1 to 3 on a whole workbook: every entry inflated under its declared size and checked,
 * every sheet measured. Meant for the worker (it inflates everything once, one entry at a time).
 */
export function checkWorkbook(bytes: Uint8Array, limits: XlsxLimits = XLSX_LIMITS): Checked<null> {
	const inspected = inspectZip(bytes, limits);
	if (!inspected.ok) return inspected;
	try {
		// The workbook and its relationships first (they name the sheets), then small parts first.
		const first = (e: ZipEntry) =>
			e.name === 'xl/workbook.xml' || e.name === 'xl/_rels/workbook.xml.rels' ? 0 : 1;
		const entries = [...inspected.value].sort((a, b) => first(a) - first(b) || a.size - b.size);
		const small = new Map<string, Uint8Array>();
		let names: Map<string, string> | null = null;
		let cells = 0;
		for (const e of entries) {
			const xml = inflateEntry(bytes, e);
			if (e.name === 'xl/workbook.xml' || e.name === 'xl/_rels/workbook.xml.rels') small.set(e.name, xml);
			const extent = sheetExtent(xml);
			cells += extent.cells;
			if (cells <= limits.cells) continue;
			if (extent.strings > extent.cells / 2)
				throw new Refusal(
					`tệp Excel có ${n0(extent.strings)} chuỗi văn bản dùng chung: cùng với các ô, cả tệp cần hơn ${n0(limits.cells)} ô và chuỗi, quá lớn để đọc; hãy chia nhỏ tệp hoặc lưu thành "CSV UTF-8"`
				);
			names ??= sheetNames(small);
			const sheet = names.get(e.name) ?? e.name;
			const last = extent.rows > 0 ? `${columnName(extent.columns)}${extent.rows}` : `A${extent.lastRow}`;
			throw new Refusal(
				`trang tính "${sheet}" của tệp Excel trải tới ô ${last} (${n0(extent.rows)} dòng × ${n0(extent.columns)} cột): cả tệp cần hơn ${n0(limits.cells)} ô, quá lớn để đọc; hãy xóa các dòng, cột thừa (kể cả ô trống có định dạng), chia nhỏ tệp hoặc lưu thành "CSV UTF-8"`
			);
		}
		return { ok: true, value: null };
	} catch (e) {
		if (e instanceof Refusal) return { ok: false, reason: e.message };
		if (e instanceof Lie) return { ok: false, reason: lieReason(e.message) };
		throw e;
	}
}

function columnName(column: number): string {
	let s = '';
	for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s || 'A';
}
