/**
 * The wide scoring sheet, the layout offices fill in: one row per unit (`Mã đơn vị`, optionally
 * `Tên đơn vị`, `STT`), one column per criterion code of ONE bloc-year's pledge (header `I.1`,
 * `I.1 – Tên tiêu chí`, `I.1 (tối đa 30)`…), for one score column (self or bloc score).
 *
 * Title rows above the header may name the bloc-year ("Mã khối: K04 – Năm: 2025") and the kind of
 * score ("Điểm khối chấm"); so may the file name (`diem_K04_2025.xlsx`); the upload form wins,
 * and a file that says otherwise is refused rather than guessed. Rows below the header whose
 * unit cell says `Điểm tối đa` or `Hệ số` (the template's note rows) are skipped. The header may
 * take two rows: group names merged above the criterion codes (see `wideHeader`).
 *
 * Each filled cell becomes one record of the long `scores` format, validated by the same rules;
 * a problem names the original cell (row and column letter). Empty cells are not imported (the
 * stored score stays), and the other score column and the notes are kept as stored.
 */
import { cellValue, isBlankCell } from '../../domain/cells';
import { TABLES_BY_NAME, type ColumnSpec } from '../../domain/csv-schema';
import { parseViNumber } from '../../domain/numbers';
import { normalizeKey } from '../../domain/text';
import { columnLetter, PENDING_FORMULA, pendingCell, typedText, type Grid } from './grid';
import type { ImportIssue } from './issues';
import {
	columnForHeader,
	convertCell,
	DecimalStyles,
	fileIssue,
	isInfoHeader,
	STEP_ROWS,
	type CellLocation,
	type ParsedFile,
	type ParsedRecord,
	type ParsedRow,
	type ReadOptions,
	type ScoreField,
	type Steps,
	type WideInfo
} from './parse';

const SCORES = TABLES_BY_NAME.get('scores')!;
const col = (name: string): ColumnSpec => SCORES.columns.find((c) => c.name === name)!;
const UNIT = col('unit_code');

/** What the database knows that a wide sheet refers to. */
export interface WideCatalogue {
	blocs: ReadonlySet<string>;
	/** The criterion codes of a bloc-year's pledge, or null when it has no pledge. */
	criteria(blocCode: string, year: number): readonly string[] | null;
}

/** Rows under the header that the template uses for notes, by their unit cell. */
const NOTE_ROWS = new Set(
	['Điểm tối đa', 'Tối đa', 'Điểm chuẩn', 'max', 'max_points', 'Hệ số', 'Trọng số', 'weight'].map(
		normalizeKey
	)
);
const NOTE_PREFIX = /^(ghi_chu|chu_thich|luu_y)/;

/** Whether a unit cell marks a note row of the template (maxima, weights) or a note. */
export function isNoteCell(unitCell: string): boolean {
	const k = normalizeKey(unitCell);
	return NOTE_ROWS.has(k) || NOTE_PREFIX.test(k);
}

/** How many rows from the top may hold titles before the header. */
const HEADER_SEARCH_ROWS = 20;

const isUnitHeader = (h: string) => columnForHeader('scores', h)?.name === 'unit_code';

/** Index (0-based) of the header row: the first with a `Mã đơn vị` cell; -1 if none. */
export function findHeaderRow(rows: string[][]): number {
	const n = Math.min(rows.length, HEADER_SEARCH_ROWS);
	for (let i = 0; i < n; i++) if (rows[i]!.some(isUnitHeader)) return i;
	return -1;
}

/**
 * Whether a grid looks like a wide sheet: a header row with `Mã đơn vị` but neither year, bloc
 * nor criterion columns (which a file of the long layout has).
 */
export function looksWide(rows: string[][]): boolean {
	const h = findHeaderRow(rows);
	if (h < 0) return false;
	return !rows[h]!.some((c) => {
		const name = columnForHeader('scores', c)?.name;
		return name === 'year' || name === 'bloc_code' || name === 'criterion_code';
	});
}

/** Lower case without tone marks, punctuation kept: "Mã khối: K04" → "ma khoi: k04". */
function fold(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase();
}

export interface BlocYearHint {
	blocCodes: string[];
	years: number[];
	scoreFields: ScoreField[];
}

const uniq = <T>(xs: T[]) => [...new Set(xs)];

/** Bloc codes, years and score kinds named in some text (title rows or a file name). */
export function hintsIn(text: string, blocs: ReadonlySet<string>): BlocYearHint {
	const t = fold(text);
	const byLower = new Map([...blocs].map((b) => [b.toLowerCase(), b]));
	const tokens = t.split(/[^a-z0-9.]+/).map((x) => x.replace(/^\.+|\.+$/g, ''));
	// "Mã khối: K04", "Khối K04", "Cụm K04" first; any token that is a bloc code otherwise.
	const named = [...t.matchAll(/(?:khoi|cum)(?: thi dua)?\s*[:：]?\s*([a-z0-9][a-z0-9._-]*)/g)]
		.map((m) => byLower.get(m[1]!))
		.filter((b): b is string => !!b);
	const blocCodes = uniq(
		named.length > 0 ? named : tokens.map((x) => byLower.get(x)).filter((b): b is string => !!b)
	);
	const inRange = (y: number) => y >= 1990 && y <= 2100;
	const namedYears = [...t.matchAll(/(?:nam|year)(?: thi dua)?\s*[:：]?\s*(\d{4})\b/g)]
		.map((m) => Number(m[1]))
		.filter(inRange);
	const anyYears = uniq([...t.matchAll(/(?<!\d)(\d{4})(?!\d)/g)].map((m) => Number(m[1])).filter(inRange));
	const years = uniq(namedYears.length > 0 ? namedYears : anyYears);
	const scoreFields: ScoreField[] = [];
	if (/tu cham/.test(t)) scoreFields.push('self_score');
	if (/khoi cham|tham dinh|kiem tra cheo/.test(t)) scoreFields.push('reviewed_score');
	return { blocCodes, years, scoreFields };
}

/** Code of the criterion a header names: `I.1`, `I.1 – Tên`, `I.1: Tên`, `I.1 (tối đa 30)`, `I.1⏎Tên`. */
export function criterionFromHeader(header: string, codes: ReadonlyMap<string, string>): string | null {
	const h = cellValue(header);
	if (h === '') return null;
	const tries = [h, h.split(/\s+[–—-]\s+|\s*[:：\n(]\s*/)[0] ?? '', h.split(/\s+/)[0] ?? ''];
	for (const x of tries) {
		const code = codes.get(x.trim().replace(/\.$/, '').toUpperCase()) ?? codes.get(x.trim().toUpperCase());
		if (code) return code;
	}
	return null;
}

/** The header of a wide sheet: one cell per column, and the spreadsheet row each comes from. */
export interface WideHeader {
	cells: string[];
	/** Spreadsheet row (1-based) of each header cell. */
	rowOf: number[];
	/** How many rows the header takes: 1, or 2 when criterion codes sit under group names. */
	rows: 1 | 2;
}

/**
 * The header of a wide sheet whose `Mã đơn vị` row is `h` (0-based): that row, or that row and
 * the next one when the header has two rows (group names merged above the criterion codes,
 * `STT`, `Mã đơn vị` and `Tên đơn vị` merged down over both). The next row is a second header
 * row when its unit cell is empty, it names a criterion where row `h` does not, and it holds no
 * number that is not a criterion code (a data row without a unit code holds scores). Per column,
 * the lower row's text where it has one, else the upper row's.
 */
export function wideHeader(rows: string[][], h: number, codes: ReadonlyMap<string, string>): WideHeader {
	const top = rows[h] ?? [];
	const single: WideHeader = { cells: top, rowOf: top.map(() => h + 1), rows: 1 };
	const sub = rows[h + 1];
	if (!sub) return single;
	if (top.some((c, j) => isUnitHeader(c) && !isBlankCell(sub[j] ?? ''))) return single;
	let named = 0;
	for (const [j, c] of sub.entries()) {
		if (isBlankCell(c)) continue;
		const code = criterionFromHeader(c, codes);
		if (code && criterionFromHeader(top[j] ?? '', codes)) return single;
		if (code) named++;
		else if (parseViNumber(c).ok) return single;
	}
	if (named === 0) return single;
	const width = Math.max(top.length, sub.length);
	const lower = (j: number) => !isBlankCell(sub[j] ?? '');
	return {
		cells: Array.from({ length: width }, (_, j) => (lower(j) ? sub[j]! : (top[j] ?? ''))),
		rowOf: Array.from({ length: width }, (_, j) => (lower(j) ? h + 2 : h + 1)),
		rows: 2
	};
}

const FIELD_LABEL: Record<ScoreField, string> = {
	self_score: 'điểm tự chấm',
	reviewed_score: 'điểm khối chấm'
};

type Source = WideInfo['source'];
type Picked<T> =
	{ ok: true; value: T | undefined; source: Source | undefined } | { ok: false; reason: string };

/** One part of the context: the form's choice, else the title rows, else the file name; disagreement is refused. */
function pick<T extends string | number>(
	what: string,
	form: T | undefined,
	title: T[],
	name: T[],
	show: (x: T) => string
): Picked<T> {
	const fix = ': hãy kiểm tra lại tệp hoặc lựa chọn khi tải lên';
	for (const [where, xs] of [
		['dòng tiêu đề', title],
		['tên tệp', name]
	] as const)
		if (xs.length > 1)
			return { ok: false, reason: `${where} ghi nhiều ${what} khác nhau (${xs.map(show).join(', ')})${fix}` };
	const t: T | undefined = title[0];
	const n: T | undefined = name[0];
	if (form !== undefined) {
		if (t !== undefined && t !== form)
			return { ok: false, reason: `dòng tiêu đề ghi ${what} ${show(t)} nhưng bạn chọn ${show(form)}${fix}` };
		if (n !== undefined && n !== form)
			return { ok: false, reason: `tên tệp ghi ${what} ${show(n)} nhưng bạn chọn ${show(form)}${fix}` };
		return { ok: true, value: form, source: 'form' };
	}
	if (t !== undefined && n !== undefined && t !== n)
		return { ok: false, reason: `dòng tiêu đề ghi ${what} ${show(t)} nhưng tên tệp ghi ${show(n)}${fix}` };
	if (t !== undefined) return { ok: true, value: t, source: 'title' };
	if (n !== undefined) return { ok: true, value: n, source: 'file name' };
	return { ok: true, value: undefined, source: undefined };
}

/** Resolves the bloc-year and score column from the form, the title rows and the file name. */
export function resolveContext(
	file: string,
	rows: string[][],
	headerIndex: number,
	options: ReadOptions,
	catalogue: Pick<WideCatalogue, 'blocs'>
): { ok: true; info: Omit<WideInfo, 'headerRow'> } | { ok: false; reason: string } {
	const title = hintsIn(rows.slice(0, headerIndex).flat().join(' \n '), catalogue.blocs);
	const base = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
	const name = hintsIn(base.replace(/[_-]+/g, ' '), catalogue.blocs);
	const bloc = pick('khối', options.blocCode || undefined, title.blocCodes, name.blocCodes, String);
	if (!bloc.ok) return bloc;
	const year = pick('năm', options.year || undefined, title.years, name.years, String);
	if (!year.ok) return year;
	const field = pick('loại điểm', options.scoreField, title.scoreFields, [], (f) => FIELD_LABEL[f]);
	if (!field.ok) return field;
	if (!bloc.value || !year.value)
		return {
			ok: false,
			reason:
				'bảng điểm theo hàng ngang (mỗi đơn vị một dòng, mỗi tiêu chí một cột) cần biết của khối nào, năm nào: hãy chọn khối và năm khi tải lên, hoặc ghi "Mã khối: K04 – Năm: 2025" ở dòng tiêu đề, hoặc đặt tên tệp như diem_K04_2025.xlsx'
		};
	if (!field.value)
		return {
			ok: false,
			reason:
				'chưa rõ các ô điểm là điểm tự chấm hay điểm khối chấm: hãy chọn loại điểm khi tải lên, hoặc ghi "Điểm tự chấm" hay "Điểm khối chấm" ở dòng tiêu đề'
		};
	const source: Source =
		bloc.source === 'form' || year.source === 'form' ? 'form' : (bloc.source ?? year.source ?? 'title');
	return { ok: true, info: { blocCode: bloc.value, year: year.value, scoreField: field.value, source } };
}

/**
 * Reads a wide sheet into `scores` records. Issues are appended; null when it cannot be read
 * (no header, no bloc-year, no criterion column).
 */
export function* parseWide(
	file: string,
	grid: Grid,
	options: ReadOptions,
	catalogue: WideCatalogue,
	issues: ImportIssue[]
): Steps<ParsedFile | null> {
	const rows = grid.rows;
	const h = options.headerRow !== undefined ? options.headerRow - 1 : findHeaderRow(rows);
	if (h < 0 || h >= rows.length) {
		issues.push(
			fileIssue(
				file,
				'không tìm thấy dòng tiêu đề có cột "Mã đơn vị" trong 20 dòng đầu: bảng điểm theo hàng ngang cần một cột "Mã đơn vị" và mỗi tiêu chí một cột (tiêu đề là mã tiêu chí)'
			)
		);
		return null;
	}
	const context = resolveContext(file, rows, h, options, catalogue);
	if (!context.ok) {
		issues.push(fileIssue(file, context.reason));
		return null;
	}
	const { blocCode, year, scoreField } = context.info;
	if (!catalogue.blocs.has(blocCode)) {
		issues.push(fileIssue(file, `không có khối mã ${blocCode}`));
		return null;
	}
	const pledgeCodes = catalogue.criteria(blocCode, year);
	if (!pledgeCodes || pledgeCodes.length === 0) {
		issues.push(fileIssue(file, `khối ${blocCode} chưa có giao ước (bảng tiêu chí) năm ${year}`));
		return null;
	}
	const codes = new Map(pledgeCodes.map((c) => [c.toUpperCase(), c]));
	const head = wideHeader(rows, h, codes);
	const header = head.cells;
	const first = h + head.rows;
	const mapped = options.columns ?? {};

	// What each column holds.
	type Target =
		{ kind: 'unit' } | { kind: 'criterion'; code: string } | { kind: 'skip' } | { kind: 'unknown' };
	const targets: Target[] = header.map((raw, j) => {
		const choice = Object.hasOwn(mapped, j) ? mapped[j] : undefined;
		if (choice === null) return { kind: 'skip' };
		if (choice === 'unit_code') return { kind: 'unit' };
		if (choice?.startsWith('criterion:')) {
			const code = codes.get(choice.slice('criterion:'.length).toUpperCase());
			return code ? { kind: 'criterion', code } : { kind: 'unknown' };
		}
		if (isUnitHeader(raw)) return { kind: 'unit' };
		const code = criterionFromHeader(raw, codes);
		if (code) return { kind: 'criterion', code };
		return isBlankCell(raw) || isInfoHeader(raw) ? { kind: 'skip' } : { kind: 'unknown' };
	});
	const loc = (j: number): CellLocation => ({ letter: columnLetter(j), header: header[j]?.trim() ?? '' });
	const at = (j: number) => `${loc(j).letter} "${loc(j).header}"`;
	let failed = false;
	const headerError = (j: number | null, message: string, severity: 'error' | 'warning' = 'error') => {
		if (severity === 'error') failed = true;
		issues.push({
			severity,
			file,
			row: j === null ? null : (head.rowOf[j] ?? h + 1),
			column: j === null ? null : at(j),
			field: j === null ? null : 'criterion_code',
			value: j === null ? null : (header[j] ?? ''),
			message
		});
	};

	for (let j = 0; j < header.length; j++)
		if (pendingCell(grid, (head.rowOf[j] ?? h + 1) - 1, j)) headerError(j, `tiêu đề: ${PENDING_FORMULA}`);

	const unitCols = targets.flatMap((t, j) => (t.kind === 'unit' ? [j] : []));
	if (unitCols.length !== 1) {
		issues.push(
			fileIssue(
				file,
				unitCols.length === 0
					? 'thiếu cột "Mã đơn vị"'
					: `cột "Mã đơn vị" xuất hiện ${unitCols.length} lần (cột ${unitCols.map(columnLetter).join(', ')})`
			)
		);
		return null;
	}
	const unitCol = unitCols[0]!;
	const seen = new Map<string, number>();
	targets.forEach((t, j) => {
		if (t.kind !== 'criterion') return;
		const first = seen.get(t.code);
		if (first !== undefined)
			headerError(j, `tiêu chí ${t.code} có hai cột (cột ${columnLetter(first)} và cột ${columnLetter(j)})`);
		else seen.set(t.code, j);
	});
	const critCols = [...seen.values()];
	if (critCols.length === 0) {
		issues.push(
			fileIssue(
				file,
				`dòng tiêu đề (dòng ${h + 1}) không có cột nào là mã tiêu chí của giao ước khối ${blocCode} năm ${year} (các mã: ${pledgeCodes.join(', ')})`
			)
		);
		return null;
	}
	const isNoteRow = (r: string[]) => isNoteCell(r[unitCol] ?? '');
	const dataRows = rows.slice(first).filter((r) => !isNoteRow(r));
	targets.forEach((t, j) => {
		if (t.kind !== 'unknown') return;
		const filled = dataRows.filter((r) => !isBlankCell(r[j] ?? '')).length;
		if (filled > 0)
			headerError(
				j,
				`cột "${header[j]!.trim()}" có ${filled} ô số liệu nhưng không phải mã tiêu chí nào của giao ước khối ${blocCode} năm ${year} (các mã: ${pledgeCodes.join(', ')}); hãy sửa tiêu đề hoặc chọn "bỏ qua" cho cột này`
			);
		else headerError(j, `cột "${header[j]!.trim()}" không phải mã tiêu chí, bị bỏ qua`, 'warning');
	});
	const absent = pledgeCodes.filter((c) => !seen.has(c));
	if (absent.length > 0)
		issues.push(
			fileIssue(
				file,
				`tệp không có cột cho ${absent.length} tiêu chí của giao ước: ${absent.join(', ')}; điểm các tiêu chí này giữ nguyên`,
				'warning'
			)
		);

	const scoreCol = col(scoreField);
	const decimals = new DecimalStyles();
	const parsedRows: ParsedRow[] = [];
	const unitLoc = loc(unitCol);
	for (let r = first; r < rows.length; r++) {
		if ((r - h) % STEP_ROWS === 0) yield r;
		const cells = rows[r]!;
		const rowNo = r + 1;
		const unitRaw = (cells[unitCol] ?? '').trim();
		if (isNoteRow(cells)) continue;
		const pending = (j: number) => pendingCell(grid, r, j);
		const filled = critCols.filter((j) => !isBlankCell(cells[j] ?? '') || pending(j));
		if (pending(unitCol)) {
			issues.push({
				severity: 'error',
				file,
				row: rowNo,
				column: at(unitCol),
				field: 'unit_code',
				value: '',
				message: PENDING_FORMULA
			});
			continue;
		}
		if (isBlankCell(unitRaw)) {
			if (filled.length > 0)
				issues.push({
					severity: 'error',
					file,
					row: rowNo,
					column: at(unitCol),
					field: 'unit_code',
					value: '',
					message: `dòng có ${filled.length} ô điểm nhưng thiếu mã đơn vị`
				});
			continue;
		}
		const unit = convertCell(unitRaw, UNIT);
		if ('reason' in unit) {
			issues.push({
				severity: 'error',
				file,
				row: rowNo,
				column: at(unitCol),
				field: 'unit_code',
				value: unitRaw,
				message: unit.reason
			});
			continue;
		}
		for (const j of filled) {
			const raw = cells[j]!;
			if (typedText(grid, r, j)) decimals.see(raw);
			const code = (targets[j] as { code: string }).code;
			const value = pending(j) ? { reason: PENDING_FORMULA } : convertCell(raw, scoreCol);
			if ('reason' in value) {
				issues.push({
					severity: 'error',
					file,
					row: rowNo,
					column: at(j),
					field: scoreField,
					value: raw,
					message: `tiêu chí ${code}: ${value.reason}`
				});
				continue;
			}
			const values: ParsedRecord = {
				year,
				bloc_code: blocCode,
				unit_code: unit.value as string,
				criterion_code: code,
				self_score: null,
				reviewed_score: null,
				note: null
			};
			values[scoreField] = value.value;
			parsedRows.push({
				row: rowNo,
				values,
				raw: { unit_code: unitRaw, criterion_code: header[j]!.trim(), [scoreField]: raw },
				cells: { criterion_code: loc(j), [scoreField]: loc(j), unit_code: unitLoc },
				column: j
			});
		}
	}
	const mixed = decimals.warning();
	if (mixed) issues.push(fileIssue(file, mixed, 'warning'));
	if (failed) return null;
	if (parsedRows.length === 0 && !issues.some((i) => i.file === file && i.severity === 'error'))
		issues.push(fileIssue(file, 'bảng điểm không có ô điểm nào được điền', 'warning'));
	return {
		file,
		table: SCORES,
		columns: new Map([['unit_code', unitLoc]]),
		rows: parsedRows,
		delimiter: grid.delimiter,
		layout: 'wide',
		format: grid.format,
		encoding: grid.encoding,
		keep: [scoreField === 'self_score' ? 'reviewed_score' : 'self_score', 'note'],
		wide: { ...context.info, headerRow: h + 1 }
	};
}
