import { describe, expect, it } from 'vitest';
import { decimalStyle, decodeStart, previewText } from '../../src/lib/components/upload/sniff';
import { placeOf, parseReportDate } from '../../src/lib/server/report';
import { uploadMaxBytes, uploadMaxMb } from '../../src/lib/server/import/limits';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('the browser’s first look at a CSV file', () => {
	it('tells the encodings apart: UTF-8 with and without BOM, UTF-16 LE and BE', () => {
		expect(decodeStart(utf8('Năm,Mã'))).toEqual({ ok: true, text: 'Năm,Mã', encoding: 'utf-8' });
		expect(decodeStart(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Năm')]))).toEqual({
			ok: true,
			text: 'Năm',
			encoding: 'utf-8-bom'
		});
		const le = new Uint8Array([0xff, 0xfe, 0x4e, 0x00, 0x03, 0x01]); // "Nă"
		expect(decodeStart(le)).toEqual({ ok: true, text: 'Nă', encoding: 'utf-16le' });
		const be = new Uint8Array([0xfe, 0xff, 0x00, 0x4e, 0x01, 0x03]);
		expect(decodeStart(be)).toEqual({ ok: true, text: 'Nă', encoding: 'utf-16be' });
	});

	it('refuses Windows-1258 bytes and binary data, but not a character cut at the end of the part read', () => {
		expect(decodeStart(new Uint8Array([0x4d, 0x61, 0xde, 0x0a]))).toEqual({ ok: false, problem: 'encoding' });
		expect(decodeStart(new Uint8Array([0x41, 0x00, 0x42]))).toEqual({ ok: false, problem: 'binary' });
		const cut = utf8('Mã đơn vị').subarray(0, 10); // ends inside "ơ"
		expect(decodeStart(cut)).toMatchObject({ ok: true, encoding: 'utf-8' });
	});

	it('finds the separator, the decimal style and the row count; estimates it from a partial read', () => {
		const text = 'Năm;Mã đơn vị;Điểm\n2025;SO11;8,5\n2025;SO12;9\n';
		expect(previewText(text, true, text.length, text.length)).toMatchObject({
			delimiter: ';',
			decimal: 'comma',
			rowCount: 2
		});
		// Excel's sep=; first line names the separator and is no row of the file.
		const sep = 'sep=;\r\nNăm;Mã đơn vị;Ghi chú\r\n2025;SO11;a,b\r\n';
		expect(previewText(sep, true, sep.length, sep.length)).toMatchObject({
			delimiter: ';',
			rows: [
				['Năm', 'Mã đơn vị', 'Ghi chú'],
				['2025', 'SO11', 'a,b']
			],
			rowCount: 1
		});
		const partial = previewText('a,b\n1,2\n3,4\n5,6\n7,', false, 1000, 20);
		expect(partial.rows).toEqual([
			['a', 'b'],
			['1', '2'],
			['3', '4'],
			['5', '6']
		]);
		expect(partial.rowCount).toBe(150); // 3 rows in 20 bytes of 1000
		expect(decimalStyle([['8,5', '8.5']])).toBe('mixed');
		expect(decimalStyle([['1.000', '12']])).toBeNull(); // a thousands dot is not a decimal point
	});
});

describe('the printed report', () => {
	it('takes the place of the date line from the council’s name', () => {
		expect(placeOf('Hội đồng Thi đua - Khen thưởng tỉnh Sơn Hà')).toBe('Sơn Hà');
		expect(placeOf('Hội đồng Thi đua - Khen thưởng thành phố Hải Phòng')).toBe('Hải Phòng');
		expect(placeOf('Hội đồng Thi đua - Khen thưởng')).toBe('');
	});

	it('reads the date typed on the page, dd/mm/yyyy, and refuses dates that do not exist', () => {
		expect(parseReportDate('05/12/2025')).toEqual({ day: 5, month: 12, year: 2025 });
		expect(parseReportDate('2025-12-05')).toEqual({ day: 5, month: 12, year: 2025 });
		expect(parseReportDate('31/02/2025')).toBeNull();
		expect(parseReportDate('')).toBeNull();
	});
});

describe('the upload size limit', () => {
	it('is UPLOAD_MAX_MB, 50 MB by default; a value that is not a positive number is refused', () => {
		const saved = process.env.UPLOAD_MAX_MB;
		try {
			delete process.env.UPLOAD_MAX_MB;
			expect(uploadMaxMb()).toBe(50);
			process.env.UPLOAD_MAX_MB = 'năm mươi';
			expect(() => uploadMaxMb()).toThrow(/UPLOAD_MAX_MB="năm mươi" không hợp lệ/);
			process.env.UPLOAD_MAX_MB = '2';
			expect(uploadMaxBytes()).toBe(2 * 1024 * 1024);
		} finally {
			if (saved === undefined) delete process.env.UPLOAD_MAX_MB;
			else process.env.UPLOAD_MAX_MB = saved;
		}
	});
});
