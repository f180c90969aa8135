/**
 * The scoring sheet an office fills in for one bloc-year, generated from its pledge: title rows
 * that name the bloc-year (and the kind of score, when chosen), a header with one column per
 * criterion (`I.1 – Tên tiêu chí`), two note rows with each criterion's maximum and weight (the
 * importer skips them), and one row per member unit. As CSV (UTF-8 with BOM) or Excel; the
 * upload page reads it back as a wide scoring sheet (import/wide.ts).
 *
 * Issue 15 (the sheet round trip): filled, it carries the stored self-scores or bloc scores of
 * the units the account may read (`fillTemplate`), so that an office corrects a few cells and
 * sends it back; the upload check then lists exactly the cells that differ. In Excel every cell
 * is locked but the score cells (pale yellow), the sheet protected without a password
 * (xlsx-protection.ts): Review → Unprotect Sheet lifts it, the importer does not care.
 */
import { formatNumber } from '../../domain/numbers';
import { compareVi } from '../../domain/text';
import { translator } from '../../i18n';
import type { Database } from '../db';
import type { ScoreField } from '../import/parse';
import type { BlocHeader } from '../overview/bloc';
import writeExcelFile from 'write-excel-file/node';
import { csvDocument, neutralizeCell } from './csv';
import { SCORE_CELL_FILL, sheetProtection } from './xlsx-protection';

export interface TemplateCriterion {
	code: string;
	name: string;
	kind: 'content' | 'bonus' | 'deduction';
	max: number;
	weight: number;
}

export interface ScoreTemplate {
	blocCode: string;
	blocName: string;
	year: number;
	scoreField: ScoreField | null;
	/** Title and instruction rows above the header. */
	titles: string[];
	criteria: TemplateCriterion[];
	units: { code: string; name: string }[];
	/**
	 * Filled templates: the stored score of `scoreField` per unit and criterion (unit code →
	 * criterion code → points; absent: not scored). Null: a blank template.
	 */
	values?: Map<string, Map<string, number>> | null;
}

const tr = translator('vi');

/** The instruction row of a filled template (a document text: kept here, not in the messages). */
export const FILLED_INSTRUCTIONS =
	'Mẫu đã điền điểm đang lưu: chỉ sửa những ô cần sửa (ô nền vàng; các ô khác bị khóa, bỏ khóa không cần mật khẩu: Xem lại → Bỏ bảo vệ trang tính) rồi tải lên ở trang Nhập dữ liệu; trang kiểm tra liệt kê từng ô thay đổi trước khi ghi. Ô để trống không xóa điểm đang lưu.';

/** The template of a bloc-year (criteria in pledge order, units by Vietnamese name). */
export async function scoreTemplate(
	db: Database,
	header: BlocHeader,
	scoreField: ScoreField | null
): Promise<ScoreTemplate> {
	const units = (
		await db.all<{ code: string; name: string }>(
			`SELECT m.unit_code AS code, u.unit_name AS name FROM bloc_membership m
			 JOIN unit u ON u.unit_code = m.unit_code WHERE m.year = $1 AND m.bloc_code = $2`,
			[header.year, header.blocCode]
		)
	).sort((a, b) => compareVi(a.name, b.name) || a.code.localeCompare(b.code));
	const criteria = header.groups.flatMap((g) =>
		g.criteria.map((c) => ({ code: c.code, name: c.name, kind: c.kind, max: c.maxPoints, weight: c.weight }))
	);
	const kind =
		scoreField === 'self_score'
			? tr.t('template.kind.self')
			: scoreField === 'reviewed_score'
				? tr.t('template.kind.review')
				: tr.t('template.kind.choose');
	return {
		blocCode: header.blocCode,
		blocName: header.blocName,
		year: header.year,
		scoreField,
		titles: [
			tr.t('template.title', { bloc: header.blocCode, year: header.year }),
			tr.t('template.subtitle', { name: header.blocName, kind }),
			tr.t('template.instructions')
		],
		criteria,
		units,
		values: null
	};
}

/**
 * The template filled with the stored `scoreField` of the units `mayRead` lets through (the
 * others are left out: a unit officer gets the own unit's row only). Titles say it is filled.
 */
export async function fillTemplate(
	db: Database,
	template: ScoreTemplate,
	mayRead: (unitCode: string) => boolean
): Promise<ScoreTemplate> {
	const field = template.scoreField;
	if (!field) throw new Error('a filled template needs a kind of score');
	const units = template.units.filter((u) => mayRead(u.code));
	const rows = await db.all<{ unit: string; criterion: string; value: number }>(
		`SELECT unit_code AS unit, criterion_code AS criterion, ${field}::DOUBLE AS value
		 FROM score WHERE year = $1 AND bloc_code = $2 AND ${field} IS NOT NULL`,
		[template.year, template.blocCode]
	);
	const wanted = new Set(units.map((u) => u.code));
	const values = new Map<string, Map<string, number>>();
	for (const r of rows) {
		if (!wanted.has(r.unit)) continue;
		let m = values.get(r.unit);
		if (!m) values.set(r.unit, (m = new Map()));
		m.set(r.criterion, r.value);
	}
	const titles = [...template.titles];
	titles[2] = FILLED_INSTRUCTIONS;
	return { ...template, titles, units, values };
}

/** A criterion's header: `I.1 – Tên tiêu chí`, with the kind for bonus and deduction lines. */
export function criterionHeader(c: TemplateCriterion): string {
	const kind = c.kind === 'content' ? '' : ` (${tr.kind(c.kind).toLowerCase()})`;
	return `${c.code} – ${c.name}${kind}`;
}

const FIXED = ['template.col.no', 'template.col.unitCode', 'template.col.unitName'] as const;

function grid(t: ScoreTemplate, num: (n: number) => string | number): (string | number | null)[][] {
	const scores = (unit: string) =>
		t.criteria.map((c) => {
			const v = t.values?.get(unit)?.get(c.code);
			return v === undefined ? null : num(v);
		});
	return [
		...t.titles.map((s) => [s]),
		[...FIXED.map((k) => tr.t(k)), ...t.criteria.map(criterionHeader)],
		[null, tr.t('template.row.max'), null, ...t.criteria.map((c) => num(c.max))],
		[null, tr.t('template.row.weight'), null, ...t.criteria.map((c) => num(c.weight))],
		...t.units.map((u, i) => [i + 1, u.code, u.name, ...scores(u.code)])
	];
}

/** The template as CSV for Excel (UTF-8 with BOM; numbers written the Vietnamese way). */
export function templateCsv(t: ScoreTemplate): string {
	return csvDocument(
		grid(t, (n) => formatNumber(n, 3).replace(/\./g, '')).map((r) =>
			r.map((v) => (v === null ? '' : typeof v === 'number' ? { number: String(v) } : v))
		)
	);
}

/**
 * The template as an Excel workbook: frozen titles, header and unit columns, cells for scores
 * (pale yellow, the only cells not locked: the sheet is protected without a password).
 */
export async function templateXlsx(t: ScoreTemplate): Promise<Buffer> {
	const rows = grid(t, (n) => n);
	const titleCount = t.titles.length;
	const width = 3 + t.criteria.length;
	const data = rows.map((r, i) => {
		const cells = Array.from({ length: width }, (_, j) => r[j] ?? null);
		if (i < titleCount)
			return cells.map((v, j) =>
				j === 0
					? {
							// Titles name the bloc (data): neutralised like every text cell.
							value: neutralizeCell(v as string),
							type: String,
							fontWeight: i === 0 ? 'bold' : undefined,
							fontSize: i === 0 ? 14 : 12,
							fontStyle: i === 2 ? 'italic' : undefined
						}
					: null
			);
		if (i === titleCount)
			return cells.map((v) => ({
				value: neutralizeCell(v as string),
				type: String,
				fontWeight: 'bold',
				wrap: true,
				alignVertical: 'top',
				backgroundColor: '#E9EEF4',
				borderStyle: 'thin',
				borderColor: '#8A99AA'
			}));
		if (i <= titleCount + 2)
			return cells.map((v) =>
				v === null
					? { value: '', type: String, fontStyle: 'italic', textColor: '#555555' }
					: typeof v === 'number'
						? { value: v, type: Number, fontStyle: 'italic', textColor: '#555555' }
						: { value: neutralizeCell(v), type: String, fontStyle: 'italic', textColor: '#555555' }
			);
		const score = { backgroundColor: SCORE_CELL_FILL, borderStyle: 'thin', borderColor: '#C9D2DC' };
		return cells.map((v, j) =>
			j >= 3
				? v === null
					? { value: '', type: String, ...score }
					: { value: v as number, type: Number, ...score }
				: v === null
					? null
					: typeof v === 'number'
						? { value: v, type: Number }
						: { value: neutralizeCell(v), type: String, format: '@' }
		);
	});
	return writeExcelFile(
		data as never,
		{
			sheet: `Chấm điểm ${t.blocCode} ${t.year}`.slice(0, 31),
			columns: [{ width: 5 }, { width: 12 }, { width: 38 }, ...t.criteria.map(() => ({ width: 16 }))],
			stickyRowsCount: titleCount + 1,
			stickyColumnsCount: 3,
			fontFamily: 'Times New Roman',
			fontSize: 12
		} as never,
		{ fontFamily: 'Times New Roman', fontSize: 12, features: [sheetProtection()] } as never
	).toBuffer();
}

/** `diem_K04_2025.xlsx`: a name the importer reads the bloc-year from. */
export function templateFileName(
	t: Pick<ScoreTemplate, 'blocCode' | 'year'> & Partial<Pick<ScoreTemplate, 'scoreField' | 'values'>>,
	format: 'csv' | 'xlsx'
): string {
	// A filled sheet says which score it holds: `diem_K04_2025_tu-cham.xlsx` (the importer reads
	// the kind from its title row either way).
	const filled = t.values ? (t.scoreField === 'self_score' ? '_tu-cham' : '_khoi-cham') : '';
	return `diem_${t.blocCode.replace(/[^A-Za-z0-9.-]/g, '-')}_${t.year}${filled}.${format}`;
}
