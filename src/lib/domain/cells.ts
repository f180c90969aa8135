/**
 * A spreadsheet cell as people and Excel write it, to the text the import reads. Pure.
 *
 * - Edges: spaces of every kind (no-break, narrow, ideographic…) and characters that take no
 *   room (zero-width space, word joiner, BOM, soft hyphen, direction marks) are trimmed: they
 *   cannot be seen, so they cannot have been meant.
 * - The `'` that an export puts before a text starting with `=`, `+`, `-`, `@`, a tab or a
 *   carriage return (so that no spreadsheet runs it as a formula) is removed, as Excel removes
 *   it when it reads what was typed: a file exported and imported again is unchanged.
 * - Text is stored NFC-normalised: a name typed on a Mac arrives decomposed (NFD), which looks
 *   the same but would not compare equal.
 * - Inside a code, an invisible character or a special space is refused, named (`U+200B`).
 */

/** What a spreadsheet takes for the start of a formula: `=`, `+`, `-`, `@`, tab, carriage return. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** Characters that take no room on screen. */
const ZERO_WIDTH = '\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF';
const EDGES = new RegExp(`^[\\s${ZERO_WIDTH}]+|[\\s${ZERO_WIDTH}]+$`, 'g');

/** A cell without the spaces and invisible characters at its edges. */
export function trimCell(raw: string): string {
	return raw.replace(EDGES, '');
}

/** Whether a cell holds nothing a person can see. */
export function isBlankCell(raw: string): boolean {
	return trimCell(raw) === '';
}

/** `'=SUM(A1)` (as an export writes it) → `=SUM(A1)`; anything else as it is. */
export function unquoteFormula(s: string): string {
	return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}

/** The text of a cell as it is stored: trimmed, the export's `'` removed, NFC. */
export function cellValue(raw: string): string {
	return unquoteFormula(trimCell(raw)).normalize('NFC');
}

const NAMES: Record<string, string> = {
	' ': 'dấu cách',
	'\u00A0': 'dấu cách không ngắt dòng (no-break space)',
	'\u00AD': 'dấu gạch nối mềm (soft hyphen)',
	'\u2007': 'dấu cách chữ số (figure space)',
	'\u2009': 'dấu cách hẹp (thin space)',
	'\u200B': 'dấu cách độ rộng 0 (zero width space)',
	'\u200C': 'ký tự không nối độ rộng 0 (zero width non-joiner)',
	'\u200D': 'ký tự nối độ rộng 0 (zero width joiner)',
	'\u200E': 'dấu hướng chữ trái sang phải (left-to-right mark)',
	'\u200F': 'dấu hướng chữ phải sang trái (right-to-left mark)',
	'\u202F': 'dấu cách hẹp không ngắt dòng (narrow no-break space)',
	'\u2060': 'ký tự nối từ (word joiner)',
	'\u3000': 'dấu cách chữ Hán (ideographic space)',
	'\uFEFF': 'dấu BOM, dấu cách không ngắt độ rộng 0 (zero width no-break space)',
	'\t': 'dấu tab'
};

/** `U+200B (dấu cách độ rộng 0 (zero width space))`: a character named so a person can find it. */
export function nameChar(ch: string): string {
	const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
	const name =
		NAMES[ch] ??
		(/\p{Cc}/u.test(ch)
			? 'ký tự điều khiển'
			: /\s/.test(ch)
				? 'dấu cách đặc biệt'
				: /\p{Cf}/u.test(ch)
					? 'ký tự định dạng vô hình'
					: 'ký tự không in được');
	return `${code} (${name})`;
}

/** A character no code may hold: control, format (zero-width), or a space other than ' '. */
const NOT_IN_CODE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/u;

/** Why a (trimmed) code cannot be stored, or null: an invisible character inside it, named. */
export function codeProblem(code: string): string | null {
	const m = NOT_IN_CODE.exec(code);
	if (!m) return null;
	return `mã "${code}" chứa ký tự vô hình ${nameChar(m[0])} ở vị trí ${[...code.slice(0, m.index)].length + 1}: hãy xóa ô và gõ lại mã`;
}

/**
 * Excel's `sep=;` first line (it tells Excel the separator; Excel does not show it): the
 * separator and the text after that line, or null when the text has none.
 */
export function separatorLine(text: string): { delimiter: string; rest: string } | null {
	const m = /^"?sep=([^\r\n"])"?[,;\t|]*(\r\n|\n|\r|$)/i.exec(text);
	return m ? { delimiter: m[1]!, rest: text.slice(m[0].length) } : null;
}
