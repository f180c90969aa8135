/**
 * Sheet protection for workbooks written with write-excel-file, which has none: a "feature" (the
 * package's documented extension, README § Features) that
 * - unlocks every cell style whose fill is `unlockedFill` (`<protection locked="0"/>` on its
 *   `<xf>` in `xl/styles.xml`: every other cell stays locked, Excel's default), and
 * - protects each sheet (`<sheetProtection>` right after `<sheetData>`, where ECMA-376 orders
 *   it), WITHOUT a password: the cells are locked against slips, not against a person, who lifts
 *   it with Review → Unprotect Sheet (Xem lại → Bỏ bảo vệ trang tính). Columns and rows may
 *   still be resized, and locked cells selected and copied.
 *
 * The unlocked cells are the ones to fill in, so they are also visibly marked: the fill that
 * unlocks them is a colour (SCORE_CELL_FILL, pale yellow) the sheet uses for nothing else.
 */
import type { Feature } from 'write-excel-file/node';

/** The fill of the cells a person writes in (scores): unlocked, and shown pale yellow. */
export const SCORE_CELL_FILL = '#FFF4C2';

/** `#FFF4C2` → `FFFFF4C2`, as styles.xml writes a colour. */
const argb = (hex: string) => `FF${hex.replace(/^#/, '').toUpperCase()}`;

/** The `<sheetProtection>` element: locked, no password, resizing and selecting allowed. */
export const SHEET_PROTECTION =
	'<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0" selectLockedCells="0" selectUnlockedCells="0"/>';

/** Indexes (0-based, in `<fills>`) of the solid fills of colour `hex`. */
function fillIndexes(styles: string, hex: string): Set<number> {
	const fills = /<fills\b[^>]*>([\s\S]*?)<\/fills>/.exec(styles)?.[1] ?? '';
	const out = new Set<number>();
	const color = argb(hex);
	[...fills.matchAll(/<fill\b[^>]*?(?:\/>|>[\s\S]*?<\/fill>)/g)].forEach((m, i) => {
		if (new RegExp(`<fgColor\\b[^>]*\\brgb="${color}"`, 'i').test(m[0])) out.add(i);
	});
	return out;
}

/** styles.xml with `<protection locked="0"/>` on every cell format (`<cellXfs>`) of those fills. */
export function unlockFills(styles: string, hex: string): string {
	const fills = fillIndexes(styles, hex);
	if (fills.size === 0) return styles;
	return styles.replace(/<cellXfs\b[^>]*>[\s\S]*?<\/cellXfs>/, (xfs) =>
		xfs.replace(/<xf\b([^>]*?)(\/>|>([\s\S]*?)<\/xf>)/g, (xf, attrs: string, _end, inner?: string) => {
			const fillId = /\bfillId="(\d+)"/.exec(attrs)?.[1];
			if (fillId === undefined || !fills.has(Number(fillId))) return xf;
			const body = (inner ?? '').replace(/<protection\b[^>]*\/>/, '');
			// `<protection>` follows `<alignment>` and precedes `<extLst>` (ECMA-376 CT_Xf).
			const withProtection = /<extLst\b/.test(body)
				? body.replace(/<extLst\b/, '<protection locked="0"/><extLst')
				: `${body}<protection locked="0"/>`;
			const applied = /\bapplyProtection=/.test(attrs)
				? attrs.replace(/\bapplyProtection="[^"]*"/, 'applyProtection="1"')
				: `${attrs} applyProtection="1"`;
			return `<xf${applied}>${withProtection}</xf>`;
		})
	);
}

/** A sheet's XML protected: `<sheetProtection>` right after its `<sheetData>` (replacing one). */
export function protectSheet(sheet: string): string {
	const clean = sheet.replace(/<sheetProtection\b[^>]*\/>/g, '');
	const end = /<\/sheetData>|<sheetData\s*\/>/.exec(clean);
	if (!end) return clean;
	const at = end.index + end[0].length;
	return `${clean.slice(0, at)}${SHEET_PROTECTION}${clean.slice(at)}`;
}

/** The feature: every sheet protected, the cells filled `unlockedFill` left editable. */
export function sheetProtection(unlockedFill: string = SCORE_CELL_FILL): Feature<Buffer> {
	return {
		files: {
			transform: {
				'xl/styles.xml': { transform: (content) => unlockFills(content, unlockedFill) },
				'xl/worksheets/sheet{id}.xml': { transform: (content) => protectSheet(content) }
			}
		}
	};
}
