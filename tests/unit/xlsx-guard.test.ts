/**
 * The workbook guard (src/lib/server/import/xlsx-guard.ts), without I/O: real workbooks pass;
 * a zip bomb is refused from its directory alone; every way a ZIP directory can lie about what
 * the reader will meet is caught; a sheet's extent is counted as the reader would fill it.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import {
	checkWorkbook,
	inspectZip,
	type Checked,
	sheetExtent,
	XLSX_LIMITS,
	type XlsxLimits
} from '../../src/lib/server/import/xlsx-guard';
import {
	endlessSheet,
	part,
	plainWorkbook,
	workbookParts,
	zipArchive,
	zipBombs,
	type ZipPart
} from '../fixtures/bad/workbooks';

const enc = (s: string) => new TextEncoder().encode(s);
const reasonOf = (r: { ok: boolean; reason?: string }) => (r.ok ? 'ok' : r.reason);
const limits = (l: Partial<XlsxLimits>): XlsxLimits => ({ ...XLSX_LIMITS, ...l });
const LIE =
	/^không đọc được tệp Excel \(\.xlsx\): tệp bị hỏng hoặc bị sửa, mục lục của tệp nén không khớp với nội dung \((.*)\); hãy mở bằng Excel và lưu lại$/;

/** Offsets of every record with `signature` in `bytes`. */
function records(bytes: Uint8Array, signature: number): number[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const out: number[] = [];
	for (let i = 0; i + 4 <= bytes.length; i++) if (view.getUint32(i, true) === signature) out.push(i);
	return out;
}
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const DESCRIPTOR = 0x08074b50;

/** A copy of `bytes` with the little-endian `value` written at `at`. */
function patched(bytes: Uint8Array, at: number, value: number, size: 2 | 4 = 4): Uint8Array {
	const copy = new Uint8Array(bytes);
	const view = new DataView(copy.buffer);
	if (size === 2) view.setUint16(at, value, true);
	else view.setUint32(at, value, true);
	return copy;
}

const two = (): ZipPart[] => [part('a.xml', '<a>' + 'x'.repeat(100) + '</a>'), part('b.xml', '<b/>')];

describe('workbooks as writers write them pass', () => {
	it('write-excel-file (data descriptors), sizes in the local headers, and the plain workbook', async () => {
		const xlsx = new Uint8Array(
			await writeExcelFile([
				['Mã đơn vị', 'I.1'],
				['SO11', 28.5]
			]).toBuffer()
		);
		for (const book of [
			xlsx,
			plainWorkbook(),
			zipArchive(workbookParts('<worksheet/>'), { descriptor: false })
		]) {
			expect(reasonOf(inspectZip(book))).toBe('ok');
			expect(reasonOf(checkWorkbook(book))).toBe('ok');
		}
	});

	it('an empty directory entry and a stored (uncompressed) entry', () => {
		const folder: ZipPart = { name: 'xl/', stored: new Uint8Array(0), size: 0, crc: 0, method: 0 };
		const text = enc('<?xml version="1.0"?><a/>');
		const stored: ZipPart = { ...part('docProps/app.xml', text), stored: text, method: 0 };
		const book = zipArchive([...workbookParts('<worksheet/>'), folder, stored]);
		expect(reasonOf(checkWorkbook(book))).toBe('ok');
	});
});

describe('a zip bomb is refused from the directory, before anything is inflated', () => {
	it('the 430 KB bomb that inflates to 300 MB: as a zip bomb, with its figures', async () => {
		const { honest } = await zipBombs();
		const r = inspectZip(honest);
		expect(reasonOf(r)).toMatch(
			/^tệp Excel có thành phần "xl\/sharedStrings\.xml" nén [\d.]+ byte thành 286 MB \(gấp \d{3} lần, tối đa 500 lần\): đây là "bom nén" \(zip bomb\), không phải bảng tính; tệp không được đọc$/
		);
	});

	it('declared sizes alone: data that is not even deflate is refused for what it declares', () => {
		const fake: ZipPart = {
			name: 'xl/worksheets/sheet1.xml',
			stored: new Uint8Array(1000),
			size: 900_000_000,
			crc: 0
		};
		expect(reasonOf(inspectZip(zipArchive([fake])))).toMatch(/gấp 900\.000 lần.*bom nén/);
		const wide: ZipPart = {
			name: 'xl/worksheets/sheet1.xml',
			stored: new Uint8Array(1_000_000),
			size: 200_000_000,
			crc: 0
		};
		expect(reasonOf(inspectZip(zipArchive([wide])))).toBe(
			'tệp Excel khi giải nén lớn hơn 128 MB (riêng các thành phần đầu đã 191 MB): quá lớn để đọc; hãy chia nhỏ tệp hoặc lưu thành "CSV UTF-8"'
		);
	});

	it('too many entries', () => {
		expect(reasonOf(inspectZip(zipArchive(two()), limits({ entries: 1 })))).toBe(
			'tệp Excel có 2 thành phần nén (tối đa 1): không phải một bảng tính bình thường'
		);
	});

	it('encrypted entries and compression methods no workbook uses', () => {
		const book = zipArchive(two());
		const cd = records(book, CENTRAL)[0]!;
		expect(reasonOf(inspectZip(patched(book, cd + 8, 0x0809, 2)))).toMatch(
			/"a\.xml" bị mã hóa: hãy bỏ mật khẩu/
		);
		expect(reasonOf(inspectZip(patched(book, cd + 10, 12, 2)))).toMatch(
			/"a\.xml" nén theo cách không dùng trong bảng tính \(phương pháp 12\)/
		);
	});
});

describe('a directory that lies is caught', () => {
	const lie = (bytes: Uint8Array, check: (b: Uint8Array) => Checked<unknown> = inspectZip) =>
		LIE.exec(reasonOf(check(bytes)) ?? '')?.[1];

	it('the bomb declaring 1 KB everywhere: passes the directory, stops at the 1,025th inflated byte', async () => {
		const { lying } = await zipBombs();
		expect(reasonOf(inspectZip(lying))).toBe('ok');
		expect(lie(lying, checkWorkbook)).toBe('"xl/sharedStrings.xml" giải nén ra nhiều hơn 1.024 byte đã khai');
	});

	it('an entry that inflates to less than declared, or with a wrong CRC', () => {
		const short = zipArchive([{ ...part('a.xml', '<a/>'), declaredSize: 10 }]);
		expect(lie(short, checkWorkbook)).toBe('"a.xml" giải nén ra 4 byte, khác 10 byte đã khai');
		const crc = zipArchive([{ ...part('a.xml', '<a/>'), crc: 1234 }]);
		expect(lie(crc, checkWorkbook)).toBe('mã kiểm tra của "a.xml" sai');
	});

	it('a deflate stream that ends before its entry does (room to hide another entry after it)', () => {
		const data = deflateRawSync(enc('<a/>'));
		const padded: ZipPart = { ...part('a.xml', '<a/>'), stored: new Uint8Array([...data, 1, 2, 3, 4]) };
		expect(lie(zipArchive([padded]), checkWorkbook)).toBe(
			`dữ liệu nén của "a.xml" kết thúc ở byte thứ ${data.length}, trước ${data.length + 4} byte đã khai`
		);
	});

	it('two entries of the directory on the same data (overlap), and the same name twice', () => {
		const book = zipArchive(two());
		const [, second] = records(book, CENTRAL);
		expect(lie(patched(book, second! + 42, 0))).toBe('"b.xml" chồng lên thành phần trước nó');
		const same = zipArchive([part('a.xml', '<a/>'), part('a.xml', '<b/>')]);
		expect(lie(same)).toBe('hai thành phần cùng tên "a.xml"');
	});

	it('an entry hidden from the directory, which a reader from the start would still meet', () => {
		const book = zipArchive(two());
		const [first, second] = records(book, CENTRAL);
		const end = records(book, END).at(-1)!;
		// The directory without its second entry: the data of b.xml is left where a reader meets it.
		const secondLength = end - second!;
		const hidden = new Uint8Array([...book.subarray(0, second), ...book.subarray(end)]);
		const view = new DataView(hidden.buffer);
		const at = hidden.length - 22;
		view.setUint16(at + 8, 1, true);
		view.setUint16(at + 10, 1, true);
		view.setUint32(at + 12, second! - first!, true);
		expect(secondLength).toBeGreaterThan(0);
		expect(lie(hidden)).toMatch(/^có \d+ byte không thuộc thành phần nào trước mục lục$/);
	});

	it('sizes of the local header, or of the data descriptor, that differ from the directory', () => {
		const plain = zipArchive(two(), { descriptor: false });
		const cd = records(plain, CENTRAL)[0]!;
		expect(lie(patched(plain, cd + 24, 99))).toBe(
			'kích thước hoặc mã kiểm tra của "a.xml" khác nhau ở hai nơi'
		);
		const described = zipArchive(two());
		const descriptor = records(described, DESCRIPTOR)[0]!;
		expect(lie(patched(described, descriptor + 12, 99))).toBe(
			'phần mô tả sau dữ liệu của "a.xml" khác mục lục'
		);
	});

	it('a directory that is not where its end says, a truncated file, a directory past the end', () => {
		const book = zipArchive(two());
		const end = records(book, END).at(-1)!;
		const cdOffset = new DataView(book.buffer, book.byteOffset).getUint32(end + 16, true);
		expect(lie(patched(book, end + 16, cdOffset + 1))).toBe('mục lục không nằm ngay trước phần kết của nó');
		expect(lie(book.subarray(0, book.length - 5))).toBe('không thấy phần kết của mục lục');
		expect(lie(patched(book, end + 12, 0xfffff))).toBe('mục lục không nằm ngay trước phần kết của nó');
		expect(lie(enc('PK\u0003\u0004'))).toBe('tệp quá ngắn để có mục lục');
	});
});

describe('the extent of a sheet, as the reader fills it', () => {
	const extent = (xml: string) => sheetExtent(enc(xml));

	it('counts rows × columns up to the last value, plus one per row mentioned, plus shared strings', () => {
		// Values in B3 (the last row and column with one is 3 and B = 2); D3 is empty (<c/>); row 7 is mentioned.
		expect(
			extent('<sheetData><row r="3"><c r="B3"><v>1</v></c><c r="D3" s="1"/></row><row r="7"/></sheetData>')
		).toEqual({
			rows: 3,
			columns: 2,
			lastRow: 7,
			strings: 0,
			cells: 3 * 2 + 7
		});
		expect(extent('<sst><si><t>a</t></si><si/><si><r><t>b</t></r></si></sst>')).toMatchObject({
			strings: 3,
			cells: 3
		});
	});

	it('cells and rows without `r`, tags with a namespace prefix, and tags that only start alike', () => {
		// Two rows, the second with two values: 2 × 2 + 2.
		expect(extent('<row><c><v>1</v></c></row><row><c><v>2</v></c><c t="s"><v>0</v></c></row>').cells).toBe(
			2 * 2 + 2
		);
		expect(
			extent('<x:sheetData><x:row r="2"><x:c r="C2"><x:v>1</x:v></x:c></x:row></x:sheetData>')
		).toMatchObject({
			rows: 2,
			columns: 3,
			cells: 2 * 3 + 2
		});
		expect(extent('<cols><col min="1" max="16384"/></cols><cellXfs/><rowBreaks/><sheetView/>').cells).toBe(0);
	});

	it('the 1 KB sheet with a value in XFD1048576: 17 billion cells, refused with the sheet named', () => {
		const book = endlessSheet();
		expect(book.length).toBeLessThan(2048);
		expect(reasonOf(checkWorkbook(book))).toBe(
			'trang tính "Bảng điểm" của tệp Excel trải tới ô XFD1048576 (1.048.576 dòng × 16.384 cột): cả tệp cần hơn 2.000.000 ô, quá lớn để đọc; hãy xóa các dòng, cột thừa (kể cả ô trống có định dạng), chia nhỏ tệp hoặc lưu thành "CSV UTF-8"'
		);
	});

	it('every sheet and the shared strings count together against the limit', () => {
		const rows = Array.from(
			{ length: 3 },
			(_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>1</v></c><c r="B${i + 1}"><v>2</v></c></row>`
		).join('');
		const book = zipArchive(workbookParts(`<worksheet><sheetData>${rows}</sheetData></worksheet>`));
		// 3 rows × 2 columns + 3 rows = 9.
		expect(reasonOf(checkWorkbook(book, limits({ cells: 9 })))).toBe('ok');
		expect(reasonOf(checkWorkbook(book, limits({ cells: 8 })))).toMatch(
			/^trang tính "Bảng điểm" của tệp Excel trải tới ô B3 \(3 dòng × 2 cột\): cả tệp cần hơn 8 ô/
		);
		const strings = part('xl/sharedStrings.xml', `<sst>${'<si><t>x</t></si>'.repeat(20)}</sst>`);
		expect(
			reasonOf(checkWorkbook(zipArchive(workbookParts('<worksheet/>', strings)), limits({ cells: 19 })))
		).toBe(
			'tệp Excel có 20 chuỗi văn bản dùng chung: cùng với các ô, cả tệp cần hơn 19 ô và chuỗi, quá lớn để đọc; hãy chia nhỏ tệp hoặc lưu thành "CSV UTF-8"'
		);
	});
});
