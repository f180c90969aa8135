/**
 * What the upload page shows before anything is checked: per file, how it was read (CSV or
 * Excel, encoding, separator, decimal style), its layout and table, the header, the first rows,
 * and what each column is taken to hold (pre-mapped from Vietnamese and English headers), with
 * the choices the user may switch each column to.
 */
import { TABLES, TABLES_BY_NAME, type TableName } from '../../domain/csv-schema';
import { formatNumber } from '../../domain/numbers';
import type { Database } from '../db';
import { columnLetter, readGrid, typedText, type Grid } from './grid';
import {
	columnForHeader,
	detectTable,
	describe as describeColumn,
	type InputFile,
	type Layout,
	type ScoreField,
	type WideInfo
} from './parse';
import { chooseLayout } from './read';
import { criterionFromHeader, findHeaderRow, isNoteCell, resolveContext, wideHeader } from './wide';

export interface ColumnChoice {
	/** A field of the table (long), `unit_code` or `criterion:<code>` (wide). */
	value: string;
	label: string;
	required: boolean;
}

export interface WidePreview {
	blocCode: string | null;
	year: number | null;
	scoreField: ScoreField | null;
	source: WideInfo['source'] | null;
	/** Why the bloc-year or score column is not known yet. */
	problem: string | null;
}

export interface FilePreview {
	index: number;
	file: string;
	size: number;
	/** Why the file cannot be read at all (then nothing else is filled in). */
	error: string | null;
	/** Why the table is not known (the user may choose it). */
	problem: string | null;
	format: 'csv' | 'xlsx' | null;
	encoding: string | null;
	delimiter: string;
	sheet: string | null;
	sheets: string[];
	/** Decimal numbers seen: with a comma (`8,5`), a point (`8.5`), both, or none. */
	decimal: 'comma' | 'point' | 'mixed' | null;
	layout: Layout;
	table: TableName | null;
	/** Spreadsheet row (1-based) of the header. */
	headerRow: number;
	headers: string[];
	/** Column letters of the headers (A, B, …). */
	letters: string[];
	/** What each column is read as (null: skipped). */
	mapping: (string | null)[];
	choices: ColumnChoice[];
	/** The first rows after the header, as written. */
	sample: { row: number; cells: string[] }[];
	/** Non-empty rows after the header. */
	dataRows: number;
	wide: WidePreview | null;
	/** What the column choices are offered for (sent back with them; see upload.ts). */
	basis: string;
}

/** Layout, table, sheet and header row as the upload form sends them back, in one string. */
export function basisOf(
	layout: string | null,
	table: string | null,
	sheet: string | number | null,
	headerRow: number | null
): string {
	return [layout ?? '', table ?? '', sheet ?? '', headerRow ?? ''].join('|');
}

export const SAMPLE_ROWS = 8;
export const MAX_COLUMNS = 120;

function decimalStyle(grid: Grid, from: number): FilePreview['decimal'] {
	let comma = false;
	let point = false;
	const limit = Math.min(grid.rows.length, from + 5000);
	for (let r = from; r < limit; r++)
		for (const [j, c] of grid.rows[r]!.entries()) {
			if (!typedText(grid, r, j)) continue;
			const s = c.trim();
			if (/^-?\d+,\d+$/.test(s)) comma = true;
			else if (/^-?\d+\.\d+$/.test(s) && !/^-?\d{1,3}(\.\d{3})+$/.test(s)) point = true;
		}
	return comma && point ? 'mixed' : comma ? 'comma' : point ? 'point' : null;
}

type CriterionInfo = { code: string; name: string; max: number; weight: number };

async function pledgeCriteria(db: Database, blocCode: string, year: number): Promise<CriterionInfo[]> {
	return db.all<CriterionInfo>(
		`SELECT criterion_code AS code, criterion_name AS name, max_points::DOUBLE AS max, weight::DOUBLE AS weight
		 FROM criterion WHERE year = $1 AND bloc_code = $2 ORDER BY sort_order, criterion_code`,
		[year, blocCode]
	);
}

/** Previews every input (nothing is validated or written). */
export async function previewInputs(
	db: Database,
	inputs: InputFile[],
	onFile?: (file: string) => void
): Promise<FilePreview[]> {
	const blocs = new Set((await db.all<{ c: string }>('SELECT bloc_code AS c FROM bloc')).map((r) => r.c));
	const out: FilePreview[] = [];
	for (const [index, input] of inputs.entries()) {
		onFile?.(input.name);
		await new Promise((ok) => setImmediate(ok));
		const options = input.options ?? {};
		const size = typeof input.content === 'string' ? input.content.length : input.content.byteLength;
		const base: FilePreview = {
			index,
			file: input.name,
			size,
			error: null,
			problem: null,
			format: null,
			encoding: null,
			delimiter: '',
			sheet: null,
			sheets: [],
			decimal: null,
			layout: 'long',
			table: null,
			headerRow: 1,
			headers: [],
			letters: [],
			mapping: [],
			choices: [],
			sample: [],
			dataRows: 0,
			wide: null,
			basis: ''
		};
		const read = await readGrid(input.name, input.content, options.sheet);
		if (!read.ok) {
			out.push({ ...base, error: read.reason });
			continue;
		}
		const grid = read.grid;
		const p: FilePreview = {
			...base,
			format: grid.format,
			encoding: grid.encoding,
			delimiter: grid.delimiter,
			sheet: grid.sheet,
			sheets: grid.sheets,
			layout: chooseLayout(input.name, grid, options)
		};
		const mapped = options.columns ?? {};
		const choice = (j: number) => (Object.hasOwn(mapped, j) ? mapped[j] : undefined);
		// Index of the first row after the header.
		let from = 1;
		if (p.layout === 'wide') {
			const found = findHeaderRow(grid.rows);
			const h = options.headerRow !== undefined ? options.headerRow - 1 : Math.max(found, 0);
			p.headerRow = h + 1;
			p.table = 'scores';
			const context = resolveContext(input.name, grid.rows, h, options, { blocs });
			const wide: WidePreview = context.ok
				? { ...context.info, problem: null }
				: { blocCode: null, year: null, scoreField: null, source: null, problem: context.reason };
			// The criteria of the bloc-year, even when the score column is not chosen yet.
			const blocCode = context.ok ? context.info.blocCode : (options.blocCode ?? null);
			const year = context.ok ? context.info.year : (options.year ?? null);
			const criteria = blocCode && year ? await pledgeCriteria(db, blocCode, year) : [];
			if (!context.ok && blocCode && year) Object.assign(wide, { blocCode, year });
			if (blocCode && year && criteria.length === 0 && !wide.problem)
				wide.problem = `khối ${blocCode} chưa có giao ước (bảng tiêu chí) năm ${year}`;
			p.wide = wide;
			const codes = new Map(criteria.map((c) => [c.code.toUpperCase(), c.code]));
			const head = wideHeader(grid.rows, h, codes);
			p.headers = head.cells;
			from = h + head.rows;
			p.choices = [
				{ value: 'unit_code', label: 'Mã đơn vị (unit_code)', required: true },
				...criteria.map((c) => ({
					value: `criterion:${c.code}`,
					label: `${c.code} – ${c.name} (tối đa ${String(c.max).replace('.', ',')})`,
					required: false
				}))
			];
			p.mapping = p.headers.map((raw, j) => {
				const c = choice(j);
				if (c !== undefined) return c;
				if (columnForHeader('scores', raw)?.name === 'unit_code') return 'unit_code';
				const code = criterionFromHeader(raw, codes);
				return code ? `criterion:${code}` : null;
			});
		} else {
			p.headerRow = 1;
			p.headers = grid.rows[0] ?? [];
			const forced = options.table ? TABLES_BY_NAME.get(options.table) : undefined;
			const detected = forced ?? detectTable(input.name, p.headers);
			if ('error' in detected) {
				p.problem = detected.error;
			} else {
				p.table = detected.name;
				p.choices = detected.columns.map((c) => ({
					value: c.name,
					label: describeColumn(c),
					required: c.required
				}));
				p.mapping = p.headers.map((raw, j) => {
					const c = choice(j);
					if (c !== undefined) return c;
					return columnForHeader(detected.name, raw)?.name ?? null;
				});
			}
		}
		// The page maps at most this many columns; the others are read by their headers.
		p.headers = p.headers.slice(0, MAX_COLUMNS);
		p.mapping = p.mapping.slice(0, MAX_COLUMNS);
		p.letters = p.headers.map((_, j) => columnLetter(j));
		let dataRows = 0;
		const unitColumn = p.layout === 'wide' ? p.mapping.indexOf('unit_code') : -1;
		for (let r = from; r < grid.rows.length; r++) {
			const cells = grid.rows[r]!;
			if (cells.every((c) => c.trim() === '')) continue;
			if (p.sample.length < SAMPLE_ROWS)
				p.sample.push({
					row: r + 1,
					// A number cell of a workbook as Excel shows it in Vietnam: 57,5.
					cells: cells
						.slice(0, MAX_COLUMNS)
						.map((c, j) =>
							typedText(grid, r, j) ? c.slice(0, 200) : formatNumber(Number(c), 6).replace(/\./g, '')
						)
				});
			if (unitColumn >= 0 && isNoteCell(cells[unitColumn] ?? '')) continue;
			dataRows++;
		}
		p.dataRows = dataRows;
		p.decimal = decimalStyle(grid, from);
		p.basis = basisOf(
			p.layout,
			p.layout === 'long' ? p.table : null,
			p.sheets.length > 1 ? p.sheet : null,
			p.layout === 'wide' ? p.headerRow : null
		);
		out.push(p);
	}
	return out;
}

/** Every table a long file may be read as, for the table choice. */
export const TABLE_CHOICES = TABLES.map((t) => ({ value: t.name, label: t.label }));
