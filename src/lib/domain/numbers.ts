/**
 * Numbers and dates written the Vietnamese way. Pure.
 *
 * Accepted number forms: `8,5` (decimal comma), `1.000` and `1.000,5` (dot groups thousands),
 * `8.5` (decimal point, as English-locale Excel writes it), `-3`, ` 12 ` (spaces of any kind,
 * and invisible characters, trimmed at the edges). A dot followed by exactly three digits and
 * nothing else after a 1–3 digit head is read as a thousands separator: `1.000` = 1000,
 * `12.500` = 12500. Mixed or malformed forms are refused, and so is a space of any kind inside
 * the number (`1 000`, `2\u00A09`): whether it groups thousands or parts two numbers cannot be
 * told, so it is never silently dropped.
 */
import { nameChar, trimCell } from './cells';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const THOUSANDS_DOT = /^-?\d{1,3}(\.\d{3})+$/;
const COMMA_DECIMAL = /^-?(\d{1,3}(\.\d{3})+|\d+),\d+$/;
const POINT_DECIMAL = /^-?\d+\.\d+$/;
const INTEGER = /^-?\d+$/;

/** A space or an invisible character inside a trimmed number. */
const INNER_ODD = /[\s\p{Cc}\p{Cf}]/u;

export function parseViNumber(raw: string): ParseResult<number> {
	const s = trimCell(raw);
	if (s === '') return { ok: false, reason: 'trống' };
	const odd = INNER_ODD.exec(s);
	// `1 000`, `2\u00A09`: digits parted by a space are refused, saying which character it is.
	if (odd && readNumber(s.replace(new RegExp(INNER_ODD, 'gu'), ''), raw).ok)
		return {
			ok: false,
			reason: `"${s}" có ${nameChar(odd[0])} giữa các chữ số: không rõ là một số hay hai số; hãy xóa ký tự đó (một nghìn viết 1.000, tám phẩy năm viết 8,5)`
		};
	return readNumber(s, raw);
}

function readNumber(s: string, raw: string): ParseResult<number> {
	let normalized: string;
	if (INTEGER.test(s)) normalized = s;
	else if (THOUSANDS_DOT.test(s)) normalized = s.replace(/\./g, '');
	else if (COMMA_DECIMAL.test(s)) normalized = s.replace(/\./g, '').replace(',', '.');
	else if (POINT_DECIMAL.test(s)) normalized = s;
	else return { ok: false, reason: `"${raw}" không phải là số (viết 8,5 hoặc 1.000)` };
	const value = Number(normalized);
	if (!Number.isFinite(value)) return { ok: false, reason: `"${raw}" không phải là số hữu hạn` };
	return { ok: true, value };
}

/** Number of digits after the decimal separator of an accepted number string. */
export function decimalPlaces(raw: string): number {
	const s = trimCell(raw);
	if (THOUSANDS_DOT.test(s) || INTEGER.test(s)) return 0;
	const sep = s.includes(',') ? s.lastIndexOf(',') : s.lastIndexOf('.');
	return sep < 0 ? 0 : s.length - sep - 1;
}

/** `dd/mm/yyyy` (also `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`) or ISO `yyyy-mm-dd` → `yyyy-mm-dd`. */
export function parseViDate(raw: string): ParseResult<string> {
	const s = raw.trim();
	let d: number, m: number, y: number;
	let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
	if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)))
		[y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else return { ok: false, reason: `"${raw}" không phải ngày dạng dd/mm/yyyy` };
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
		return { ok: false, reason: `"${raw}" không phải ngày có thật` };
	return { ok: true, value: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** `1234.5` → `1.234,5` (vi-VN) with at most `digits` decimals. */
export function formatNumber(value: number, digits = 2, locale = 'vi-VN'): string {
	const key = `${locale}|${digits}`;
	let f = numberFormats.get(key);
	if (!f) {
		f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
		numberFormats.set(key, f);
	}
	return f.format(value);
}

/** `2025-03-04` → `04/03/2025`. */
export function formatDate(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
	return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** Time zone the council works in: every time on screen and in exports is given in it. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: TIME_ZONE,
	day: '2-digit',
	month: '2-digit',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

/** Epoch milliseconds → `dd/mm/yyyy HH:mm` in Vietnam's time; '' for null. */
export function formatDateTime(epochMs: number | null): string {
	if (epochMs === null || !Number.isFinite(epochMs)) return '';
	const part = Object.fromEntries(
		dateTimeFormat.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value])
	);
	return `${part.day}/${part.month}/${part.year} ${part.hour}:${part.minute}`;
}
