/**
 * Spreadsheet-like keys for the scoring grid's inputs, without trapping anyone: Tab and
 * Shift+Tab keep their normal order. Enter / ArrowDown go to the cell below in the same column,
 * Shift+Enter / ArrowUp to the cell above; ArrowLeft / ArrowRight go to the neighbouring cell of
 * the row only when the caret is already at that edge of the text (or all of it is selected);
 * Ctrl+Enter (⌘+Enter) submits the form.
 *
 * A note is a multi-line field (textarea): there Enter and Shift+Enter start a new line, and ↓ / ↑
 * leave the field only from the end / the start of its text.
 *
 * Every navigable input carries `data-row` (its row index in the grid) and `data-col` (its
 * column); `columns` gives the left-to-right order of the editable columns.
 */

type Field = HTMLInputElement | HTMLTextAreaElement;

function atStart(input: Field): boolean {
	const { selectionStart: s, selectionEnd: e, value } = input;
	if (s === null || e === null) return true;
	return (s === 0 && e === 0) || (s === 0 && e === value.length);
}

function atEnd(input: Field): boolean {
	const { selectionStart: s, selectionEnd: e, value } = input;
	if (s === null || e === null) return true;
	return (s === value.length && e === value.length) || (s === 0 && e === value.length);
}

function cell(form: HTMLFormElement, row: number, col: string): Field | null {
	return form.querySelector<Field>(
		`input[data-row="${row}"][data-col="${col}"], textarea[data-row="${row}"][data-col="${col}"]`
	);
}

export function gridKeydown(event: KeyboardEvent, columns: readonly string[]): void {
	const input = event.currentTarget;
	if (!(input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement) || !input.form) return;
	const multiLine = input instanceof HTMLTextAreaElement;
	const form = input.form;
	if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
		event.preventDefault();
		form.requestSubmit();
		return;
	}
	if (event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
	const row = Number(input.dataset.row);
	const col = input.dataset.col ?? '';
	const c = columns.indexOf(col);
	let target: Field | null = null;
	switch (event.key) {
		case 'Enter':
			// A new line in a note; elsewhere, with JavaScript, Enter moves like in a spreadsheet and
			// the save button (or Ctrl+Enter) saves.
			if (multiLine) return;
			event.preventDefault();
			target = cell(form, event.shiftKey ? row - 1 : row + 1, col);
			break;
		case 'ArrowDown':
			if (!event.shiftKey && (!multiLine || atEnd(input))) target = cell(form, row + 1, col);
			break;
		case 'ArrowUp':
			if (!event.shiftKey && (!multiLine || atStart(input))) target = cell(form, row - 1, col);
			break;
		case 'ArrowLeft':
			if (!event.shiftKey && c > 0 && atStart(input)) target = cell(form, row, columns[c - 1]!);
			break;
		case 'ArrowRight':
			if (!event.shiftKey && c >= 0 && c < columns.length - 1 && atEnd(input))
				target = cell(form, row, columns[c + 1]!);
			break;
	}
	if (target) {
		event.preventDefault();
		target.focus();
		target.select();
	}
}
