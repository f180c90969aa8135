/**
 * One uploaded or named file to records: its grid (CSV or Excel), its layout (the long CSV
 * formats or a wide scoring sheet) and its rows, with every problem located.
 */
import { normalizeKey } from '../../domain/text';
import { readGrid, type Grid } from './grid';
import type { ImportIssue } from './issues';
import {
	detectTable,
	fileIssue,
	parseLong,
	runAsync,
	tableByName,
	type InputFile,
	type Layout,
	type ParsedFile,
	type ReadOptions
} from './parse';
import { looksWide, parseWide, type WideCatalogue } from './wide';

/**
 * The layout of a grid, unless the user said: a file named or headed as another table than
 * scores is long; a complete long header in row 1 is long; a `Mã đơn vị` header without year,
 * bloc and criterion columns is a wide sheet; anything else is read as long (and its errors
 * say what is missing).
 */
export function chooseLayout(name: string, grid: Grid, options: ReadOptions = {}): Layout {
	if (options.layout) return options.layout;
	if (options.table && options.table !== 'scores') return 'long';
	const byName = tableByName(name);
	if (byName && byName.name !== 'scores') return 'long';
	const byHeaders = detectTable('', grid.rows[0] ?? []);
	if (!('error' in byHeaders)) return 'long';
	return looksWide(grid.rows) ? 'wide' : 'long';
}

/** Whether a grid has no cell with text. */
const blank = (grid: Grid) =>
	!grid.pending?.size && grid.rows.every((r) => r.every((c) => normalizeKey(c) === ''));

/**
 * Reads one input to a parsed file (null when it cannot be read at all; the reason is in
 * `issues`). `onRows(done, total)` reports progress on long files.
 */
export async function readInput(
	input: InputFile,
	catalogue: WideCatalogue,
	issues: ImportIssue[],
	onRows?: (done: number, total: number) => void
): Promise<ParsedFile | null> {
	const options = input.options ?? {};
	const read = await readGrid(input.name, input.content, options.sheet);
	if (!read.ok) {
		issues.push(fileIssue(input.name, read.reason));
		return null;
	}
	const grid = read.grid;
	if (blank(grid)) {
		issues.push(fileIssue(input.name, 'tệp rỗng'));
		return null;
	}
	const total = grid.rows.length;
	onRows?.(0, total);
	const layout = chooseLayout(input.name, grid, options);
	const steps =
		layout === 'wide'
			? parseWide(input.name, grid, options, catalogue, issues)
			: parseLong(input.name, grid, options, issues);
	const parsed = await runAsync(steps, (done) => onRows?.(done, total));
	onRows?.(total, total);
	return parsed;
}
