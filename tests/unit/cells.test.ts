import { describe, expect, it } from 'vitest';
import {
	cellValue,
	codeProblem,
	isBlankCell,
	nameChar,
	separatorLine,
	trimCell,
	unquoteFormula
} from '../../src/lib/domain/cells';
import { neutralizeCell } from '../../src/lib/server/export/csv';

describe('a cell as Excel and people write it', () => {
	it('trims spaces of every kind and invisible characters at the edges, not inside', () => {
		expect(trimCell('\u00a0 SO03\u200b\ufeff')).toBe('SO03');
		expect(trimCell('\u2060\u202fGhi chú\u200d ')).toBe('Ghi chú');
		expect(trimCell('a\u200bb')).toBe('a\u200bb');
		expect(isBlankCell('\u200b\u00a0 ')).toBe(true);
		expect(isBlankCell('0')).toBe(false);
	});

	it('takes back the quote an export puts before a formula sign, and only that', () => {
		for (const s of ['=1+1', '+84 912', '-Đã hoàn thành', '@SUM(A1)', '\tx'])
			expect(unquoteFormula(neutralizeCell(s))).toBe(s);
		expect(unquoteFormula("'Trích dẫn'")).toBe("'Trích dẫn'");
		expect(unquoteFormula("'")).toBe("'");
		expect(unquoteFormula('Ghi chú')).toBe('Ghi chú');
		// Trimmed first: an export's quoted cell read with a stray space is the same text.
		expect(cellValue(' \'=HYPERLINK("x") ')).toBe('=HYPERLINK("x")');
	});

	it('stores text NFC: a name typed on a Mac (NFD) equals the same name typed on Windows', () => {
		const mac = 'Nguyễn Thị Hồng'.normalize('NFD');
		expect(mac).not.toBe('Nguyễn Thị Hồng');
		expect(cellValue(mac)).toBe('Nguyễn Thị Hồng');
	});

	it('refuses a code with an invisible character inside, naming it and where it is', () => {
		expect(codeProblem('SO\u200b03')).toBe(
			'mã "SO\u200b03" chứa ký tự vô hình U+200B (dấu cách độ rộng 0 (zero width space)) ở vị trí 3: hãy xóa ô và gõ lại mã'
		);
		expect(codeProblem('I\u00a0.1')).toContain(
			'U+00A0 (dấu cách không ngắt dòng (no-break space)) ở vị trí 2'
		);
		expect(codeProblem('K\u200e04')).toContain('U+200E');
		expect(codeProblem('A\u0007')).toContain('U+0007 (ký tự điều khiển)');
		expect(codeProblem('SO03')).toBeNull();
		expect(codeProblem('I.1 a')).toBeNull(); // a visible space is the user's to see
	});

	it('names characters a person cannot see', () => {
		expect(nameChar(' ')).toBe('U+0020 (dấu cách)');
		expect(nameChar('\u202f')).toBe('U+202F (dấu cách hẹp không ngắt dòng (narrow no-break space))');
		expect(nameChar('\u2003')).toBe('U+2003 (dấu cách đặc biệt)');
		expect(nameChar('\u2061')).toBe('U+2061 (ký tự định dạng vô hình)');
	});

	it("understands Excel's sep= first line, with any line end", () => {
		expect(separatorLine('sep=;\r\nNăm;Mã khối\r\n')).toEqual({ delimiter: ';', rest: 'Năm;Mã khối\r\n' });
		expect(separatorLine('SEP=|\nNăm|Mã khối')).toEqual({ delimiter: '|', rest: 'Năm|Mã khối' });
		expect(separatorLine('"sep=,"\nNăm,Mã')).toEqual({ delimiter: ',', rest: 'Năm,Mã' });
		expect(separatorLine('sep=\t\nNăm')).toEqual({ delimiter: '\t', rest: 'Năm' });
		expect(separatorLine('Năm,Mã khối\nsep=;')).toBeNull();
		expect(separatorLine('separator,x\n')).toBeNull();
	});
});
