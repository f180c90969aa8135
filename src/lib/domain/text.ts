/** Text helpers for matching what people type in spreadsheets. Pure. */

/**
 * A comparison key: lower case, no tone marks or diacritics (đ → d), words joined by `_`.
 * "Mã đơn vị" → "ma_don_vi"; "Điểm tự chấm (%)" → "diem_tu_cham".
 */
export function normalizeKey(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

/**
 * Vietnamese collation for sorting names: Đ after D, tone marks after the base letter in the
 * dictionary order (Hoa, Hòa, Hỏa, Hóa), numbers by value ("Phường 2" before "Phường 10").
 * Default sensitivity: names that differ only by a tone mark ("Binh", "Bình") are different
 * names and never tie. For matching what someone typed, see `sameViBase`.
 */
export const viCollator = new Intl.Collator('vi', { numeric: true });

export function compareVi(a: string, b: string): number {
	return viCollator.compare(a, b);
}

/** Ignores case, tone marks and diacritics: for matching and search only, never for sorting. */
const viBaseCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** "binh" matches "Bình" and "Hòa" matches "Hoà" (search, lookup of a typed name). */
export function sameViBase(a: string, b: string): boolean {
	return viBaseCollator.compare(a, b) === 0;
}
