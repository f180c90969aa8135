/**
 * Which layout a grid is in: the long CSV formats (one record per row) or a wide scoring sheet.
 */
import { tableByName, detectTable, type Layout, type ReadOptions } from './parse';
import type { Grid } from './grid';
import { looksWide } from './wide';

/**
 * The layout of a grid, unless the user said: a file named or headed as another table than
 * scores is long; a complete long header in row 1 is long; a `Mã đơn vị` header without year,
 * bloc and criterion columns is a wide sheet; anything else is read as long (and its errors
 * say what is missing). Only the first rows are looked at.
 */
export function chooseLayout(name: string, grid: Pick<Grid, 'rows'>, options: ReadOptions = {}): Layout {
	if (options.layout) return options.layout;
	if (options.table && options.table !== 'scores') return 'long';
	const byName = tableByName(name);
	if (byName && byName.name !== 'scores') return 'long';
	const byHeaders = detectTable('', grid.rows[0] ?? []);
	if (!('error' in byHeaders)) return 'long';
	return looksWide(grid.rows) ? 'wide' : 'long';
}
