import { describe, expect, it } from 'vitest';
import {
	decimalPlaces,
	formatDate,
	formatNumber,
	parseViDate,
	parseViNumber
} from '../../src/lib/domain/numbers';

const value = (s: string) => {
	const r = parseViNumber(s);
	return r.ok ? r.value : r.reason;
};

describe('parseViNumber', () => {
	it('reads the decimal comma: 8,5 is eight and a half', () => {
		expect(value('8,5')).toBe(8.5);
		expect(value('0,25')).toBe(0.25);
		expect(value('-3,5')).toBe(-3.5);
	});
	it('reads the dot as a thousands separator: 1.000 is one thousand', () => {
		expect(value('1.000')).toBe(1000);
		expect(value('12.500')).toBe(12500);
		expect(value('1.234.567')).toBe(1234567);
		expect(value('1.000,75')).toBe(1000.75);
	});
	it('accepts the decimal point English-locale Excel writes when it cannot be a thousands group', () => {
		expect(value('8.5')).toBe(8.5);
		expect(value('19.25')).toBe(19.25);
	});
	it('trims spaces, no-break spaces and invisible characters at the edges', () => {
		expect(value(' 12 ')).toBe(12);
		expect(value('\u00a07,5')).toBe(7.5);
		expect(value('\u200b28,5\u00a0\ufeff')).toBe(28.5);
	});
	it('refuses a space of any kind between digits alike, naming it: 2\u00a09 is not 29', () => {
		expect(value('2\u00a09')).toBe(
			'"2\u00a09" có U+00A0 (dấu cách không ngắt dòng (no-break space)) giữa các chữ số: không rõ là một số hay hai số; hãy xóa ký tự đó (một nghìn viết 1.000, tám phẩy năm viết 8,5)'
		);
		expect(value('1 000')).toBe(
			'"1 000" có U+0020 (dấu cách) giữa các chữ số: không rõ là một số hay hai số; hãy xóa ký tự đó (một nghìn viết 1.000, tám phẩy năm viết 8,5)'
		);
		expect(value('1\u202f000,5')).toContain('U+202F');
		expect(value('2\u200b9')).toContain('U+200B (dấu cách độ rộng 0 (zero width space))');
		// Words with spaces are just not numbers.
		expect(value('ba mươi')).toBe('"ba mươi" không phải là số (viết 8,5 hoặc 1.000)');
	});
	it('refuses what is not a number, naming the value', () => {
		expect(value('abc')).toContain('"abc" không phải là số');
		expect(value('1,2,3')).toContain('không phải là số');
		expect(value('1.00,5')).toContain('không phải là số');
		expect(value('')).toBe('trống');
		expect(value('=1+1')).toContain('không phải là số');
	});
	it('counts decimal places of either style', () => {
		expect(decimalPlaces('8,5')).toBe(1);
		expect(decimalPlaces('8,125')).toBe(3);
		expect(decimalPlaces('1.000')).toBe(0);
		expect(decimalPlaces('8.25')).toBe(2);
		expect(decimalPlaces('40')).toBe(0);
	});
});

describe('parseViDate', () => {
	it('reads dd/mm/yyyy and ISO dates', () => {
		expect(parseViDate('15/01/2024')).toEqual({ ok: true, value: '2024-01-15' });
		expect(parseViDate('5/3/2025')).toEqual({ ok: true, value: '2025-03-05' });
		expect(parseViDate('2025-03-05')).toEqual({ ok: true, value: '2025-03-05' });
	});
	it('refuses impossible dates and month-first dates that overflow', () => {
		expect(parseViDate('31/02/2024').ok).toBe(false);
		expect(parseViDate('12/31/2024').ok).toBe(false);
		expect(parseViDate('hôm qua').ok).toBe(false);
	});
});

describe('formatting', () => {
	it('writes numbers the vi-VN way', () => {
		expect(formatNumber(1234.5)).toBe('1.234,5');
		expect(formatNumber(950)).toBe('950');
		expect(formatNumber(95.126)).toBe('95,13');
	});
	it('writes dates as dd/mm/yyyy', () => {
		expect(formatDate('2024-01-15')).toBe('15/01/2024');
	});
});
