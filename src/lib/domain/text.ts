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

/** Vietnamese collation for names: Đ after D, tone marks after the base letter. */
export const viCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

export function compareVi(a: string, b: string): number {
	return viCollator.compare(a, b);
}
