/**
 * The "Bảng tổng hợp kết quả chấm điểm thi đua" as an Excel workbook an office edits and files:
 * the printed report's administrative layout in cells (issuing body and national motto, title,
 * bloc and year, the table with a subtotal per criterion group, content, bonus, deduction, total,
 * percent, tier and proposal, the notes, section II, place and date, three signature blocks),
 * numbers as numbers, merged header cells, column widths, and the print setup of the printout
 * (A4 landscape fitted to the page width, the table's header repeated on every page, the print
 * area; see `../export/xlsx-print`).
 *
 * The proposals are the report's own (`BlocReport.rows[].proposal` and its slates): whatever
 * decides them for the printed report decides them here. Text from the data (names, titles) is
 * neutralised as in every other download, so that no cell starts a formula.
 */
import writeExcelFile from 'write-excel-file/node';
import { translator, type Translator } from '../../i18n';
import type { ProposalSlate } from '../../domain/ranking';
import { minutesLine } from '../../domain/vote';
import type { RankingRow } from '../../domain/types';
import { neutralizeCell } from '../export/csv';
import { printSetupFeature, type PrintSetup } from '../export/xlsx-print';
import type { BlocReport } from './index';

/** Words of the workbook that the printed page does not carry (the page's are in the messages). */
export const SUMMARY_XLSX_TEXT = {
	sheet: 'Bảng tổng hợp',
	groupsHeader: 'Điểm các nhóm tiêu chí',
	tieMark: ' (cần bỏ phiếu)'
} as const;

export interface SummaryOptions {
	/** The place of the date line ('' for dots to fill in by hand). */
	place: string;
	/** The date of the date line, or null for dots. */
	date: { day: number; month: number; year: number } | null;
	/** The preparer's name under «Người lập biểu». */
	preparer: string;
}

type CellValue = string | number;
interface Cell {
	value?: CellValue;
	type?: typeof String | typeof Number;
	[style: string]: unknown;
}
type Row = (Cell | null)[];

/** The workbook's layout: where things are, for the print setup and for tests. */
export interface SummaryLayout {
	columnCount: number;
	/** 1-based rows of the table's two header rows, its first and last unit rows. */
	headerRows: [number, number];
	firstUnitRow: number;
	lastUnitRow: number;
	/** 1-based row of section II's heading, of the date line and the last row printed. */
	proposalsRow: number;
	placeDateRow: number;
	lastRow: number;
}

const FONT = 'Times New Roman';
const BORDER = { borderStyle: 'thin', borderColor: '#000000' };
const dots = '……';
const pad = (n: number) => String(n).padStart(2, '0');
const text = (s: string) => neutralizeCell(s);

/** Column widths (characters): rank, unit, the groups, content … proposal. */
function columnWidths(groupCount: number): number[] {
	return [7, 34, ...Array<number>(groupCount).fill(13), 10, 10, 9, 10, 9, 11, 24];
}

/** Rows a text needs across `width` characters of merged columns, at `size` points. */
function linesFor(s: string, width: number, size = 12): number {
	// Times New Roman is narrow: about 1.15 characters per width unit at 11 points.
	const perLine = Math.max(10, Math.floor((width * 1.15 * 11) / size));
	return s.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil(part.length / perLine)), 0);
}

/** The flag or certificate line of section II, as the printed report words it. */
function proposalLine(
	doc: Translator,
	kind: 'flag' | 'certificate',
	s: ProposalSlate,
	count: number,
	tier: Parameters<Translator['tier']>[0]
): { line: string; vote: string | null } {
	const unit = (x: RankingRow) =>
		doc.t('report.proposalUnit', {
			unit: x.unitName,
			rank: x.rank,
			total: doc.num(x.total),
			tier: doc.tier(x.tier)
		});
	const parts = s.outright.map(unit);
	if (s.runnersUpPlaces > 0) parts.unshift(doc.t('report.runnersUp', { places: s.runnersUpPlaces }));
	const outright =
		parts.length > 0 ? `${parts.join('; ')}.` : s.vote.length === 0 ? doc.t('report.none') : '';
	const head = doc.t(kind === 'flag' ? 'report.flagLine' : 'report.certificateLine', {
		count,
		tier: doc.tier(tier)
	});
	const vote =
		s.vote.length > 0
			? `${doc.t('report.voteAmong', { places: s.votePlaces, count: s.vote.length })} ${s.vote.map(unit).join('; ')}.`
			: null;
	return { line: `${head} ${outright}`.trim(), vote };
}

/** The sheet's rows, column widths and layout. */
export function summarySheet(
	r: BlocReport,
	o: SummaryOptions
): { rows: Row[]; widths: number[]; heights: Map<number, number>; layout: SummaryLayout } {
	const doc = translator('vi');
	const h = r.header;
	const p = h.pledge;
	const draft = r.stage !== 'finalised';
	const groups = h.groups.filter((g) => g.criteria.some((c) => c.kind === 'content'));
	const widths = columnWidths(groups.length);
	const n = widths.length;
	const span = (from: number, to: number) => widths.slice(from, to).reduce((a, b) => a + b, 0);
	const rows: Row[] = [];
	const heights = new Map<number, number>();
	/** A row of `n` cells with `cells` placed at their column (0-based), the rest empty. */
	const row = (cells: [number, Cell][], height?: number): number => {
		const out: Row = Array<Cell | null>(n).fill(null);
		for (const [col, cell] of cells) out[col] = cell;
		rows.push(out);
		if (height) heights.set(rows.length, height);
		return rows.length;
	};
	/** One text across the whole width. */
	const wide = (value: string, style: Record<string, unknown> = {}, size = 12) =>
		row(
			[
				[
					0,
					{ value, type: String, columnSpan: n, wrap: true, alignVertical: 'top', fontSize: size, ...style }
				]
			],
			Math.max(1, linesFor(value, span(0, n), size)) * (size + 4)
		);

	// The heading: issuing body on the left, the national motto on the right.
	const left = Math.max(2, Math.round(n * 0.4));
	const centred = { align: 'center', alignVertical: 'center', wrap: true };
	row([
		[0, { value: text(r.councilName.toUpperCase()), type: String, columnSpan: left, ...centred }],
		[
			left,
			{ value: doc.t('report.nation'), type: String, columnSpan: n - left, fontWeight: 'bold', ...centred }
		]
	]);
	row([
		[
			0,
			{
				value: text(h.blocName.toUpperCase()),
				type: String,
				columnSpan: left,
				fontWeight: 'bold',
				...centred
			}
		],
		[
			left,
			{
				value: doc.t('report.motto'),
				type: String,
				columnSpan: n - left,
				fontWeight: 'bold',
				fontSize: 13,
				textDecoration: { underline: true },
				...centred
			}
		]
	]);
	if (draft)
		row([
			[
				0,
				{
					value: doc.t('report.draftMark'),
					type: String,
					columnSpan: n,
					fontWeight: 'bold',
					fontSize: 14,
					textColor: '#B00020',
					...centred
				}
			]
		]);
	else row([]);
	row(
		[
			[
				0,
				{
					value: doc.t('report.title'),
					type: String,
					columnSpan: n,
					fontWeight: 'bold',
					fontSize: 14,
					...centred
				}
			]
		],
		24
	);
	row([
		[
			0,
			{
				value: text(doc.t('report.subtitle', { bloc: h.blocName, code: h.blocCode, year: h.year })),
				type: String,
				columnSpan: n,
				fontWeight: 'bold',
				...centred
			}
		]
	]);
	row([
		[
			0,
			{
				value: text(doc.t('report.basis', { pledge: p.title })),
				type: String,
				columnSpan: n,
				fontStyle: 'italic',
				...centred
			}
		]
	]);
	row([[0, { value: doc.t('report.sectionResults'), type: String, columnSpan: n, fontWeight: 'bold' }]], 20);

	// The table's header: two rows, the groups under one merged cell.
	const head = {
		type: String,
		fontWeight: 'bold',
		backgroundColor: '#F1F1F1',
		fontSize: 11,
		...centred,
		...BORDER
	};
	const max = (v: number) => `(${doc.t('report.col.max', { max: doc.num(v) })})`;
	const g0 = 2;
	const after = g0 + groups.length;
	const tail: string[] = [
		`${doc.t('report.col.content')}\n${max(p.contentMax)}`,
		p.bonusCap === null ? doc.t('report.col.bonus') : `${doc.t('report.col.bonus')}\n${max(p.bonusCap)}`,
		doc.t('report.col.deduction'),
		doc.t('report.col.total'),
		doc.t('report.col.percent'),
		doc.t('report.col.tier'),
		draft ? doc.t('report.col.proposalDraft') : doc.t('report.col.proposal')
	];
	const top: [number, Cell][] = [
		[0, { value: doc.t('report.col.rank'), rowSpan: 2, ...head }],
		[1, { value: doc.t('report.col.unit'), rowSpan: 2, ...head }],
		...tail.map((value, i): [number, Cell] => [after + i, { value, rowSpan: 2, ...head }])
	];
	if (groups.length > 0)
		top.push([g0, { value: SUMMARY_XLSX_TEXT.groupsHeader, columnSpan: groups.length, ...head }]);
	const headerTop = row(top, 20);
	// Cells under a merged cell stay empty: write-excel-file gives them the merged cell's style.
	const headerBottom = row(
		[
			...groups.map((g, i): [number, Cell] => [
				g0 + i,
				{ value: text(`${g.groupCode}. ${g.groupName}\n${max(g.contentMax)}`), ...head }
			])
		],
		Math.max(
			32,
			...groups.map((g) => linesFor(`${g.groupCode}. ${g.groupName}`, 13, 11) + 1).map((l) => l * 14)
		)
	);
	// One row per unit, in rank order: numbers as numbers.
	const body = { fontSize: 11, alignVertical: 'center', ...BORDER };
	const num = (value: number, format?: string): Cell => ({
		value,
		type: Number,
		align: 'right',
		...(format ? { format } : {}),
		...body
	});
	let firstUnitRow = 0;
	let lastUnitRow = 0;
	for (const x of r.rows) {
		const at = row(
			[
				[0, { value: x.rank, type: Number, format: '0', align: 'center', ...body }],
				[
					1,
					{
						// ⚠ as on the printed page: a criterion scored by the unit only (see the note).
						value: text(x.unreviewedCount > 0 ? `${x.unitName} ⚠` : x.unitName),
						type: String,
						wrap: true,
						...body
					}
				],
				...groups.map((g, i): [number, Cell] => [
					g0 + i,
					num(x.groups.find((s) => s.groupCode === g.groupCode)?.points ?? 0)
				]),
				[after, num(x.content)],
				[after + 1, num(x.bonus)],
				// Deducted points as a negative number: total = content + bonus + deduction.
				[after + 2, num(x.deduction > 0 ? -x.deduction : 0)],
				[after + 3, { ...num(x.total), fontWeight: 'bold' }],
				[after + 4, num(x.percent, '0.00')],
				[after + 5, { value: doc.tier(x.tier), type: String, ...body }],
				[
					after + 6,
					{
						value: x.proposal
							? doc.proposal(x.proposal) + (x.proposalTie ? SUMMARY_XLSX_TEXT.tieMark : '')
							: '',
						type: String,
						wrap: true,
						...body
					}
				]
			],
			linesFor(x.unitName, widths[1]!, 11) > 1 ? 30 : undefined
		);
		firstUnitRow ||= at;
		lastUnitRow = at;
	}

	// The notes under the table.
	const note = { fontStyle: 'italic' };
	wide(doc.t('report.noteFormula', { max: doc.num(p.contentMax) }), note, 10);
	if (r.rows.some((x) => x.tied)) wide(doc.t('report.noteTie'), note, 10);
	if (r.rows.some((x) => x.unreviewedCount > 0)) wide(`⚠ ${doc.t('report.noteUnreviewed')}`, note, 10);
	row([]);

	// II. The proposals.
	const proposalsRow = row(
		[
			[
				0,
				{
					value: draft ? doc.t('report.sectionProposalsDraft') : doc.t('report.sectionProposals'),
					type: String,
					columnSpan: n,
					fontWeight: 'bold'
				}
			]
		],
		20
	);
	const lines = [
		proposalLine(doc, 'flag', r.slates.flag, p.flagCount, p.flagMinTier),
		proposalLine(doc, 'certificate', r.slates.certificate, p.certificateCount, p.certificateMinTier)
	];
	lines.forEach((l, i) => {
		wide(text(`${i + 1}. ${l.line}`));
		if (l.vote) wide(text(`    ${l.vote}`));
	});
	if (r.rows.some((x) => x.proposalTie)) wide(doc.t('report.vote'), note);
	// Issue 15: the minutes line of each recorded ballot that decides the proposals, as printed.
	const names = new Map(r.rows.map((x) => [x.unitCode, x.unitName]));
	for (const b of r.ballots)
		wide(
			minutesLine(doc, b, (code) => names.get(code) ?? code),
			note
		);
	row([]);

	// Place and date, then the three signature blocks: preparer, deputy, leader.
	const b1 = Math.max(2, Math.round(n / 3));
	const b2 = Math.max(b1 + 1, Math.round((2 * n) / 3));
	const blocks: [number, number][] = [
		[0, b1],
		[b1, b2 - b1],
		[b2, n - b2]
	];
	const placeDateRow = row([
		[
			b2,
			{
				value: text(
					doc.t('report.placeDate', {
						place: o.place || dots,
						day: o.date ? pad(o.date.day) : dots,
						month: o.date ? pad(o.date.month) : dots,
						year: o.date ? o.date.year : dots
					})
				),
				type: String,
				columnSpan: n - b2,
				fontStyle: 'italic',
				...centred
			}
		]
	]);
	const deputy = r.signers.find((s) => s.role === 'deputy');
	const leader = r.signers.find((s) => s.role === 'leader');
	const signers: { role: string; unit: string; hint: string; name: string }[] = [
		{ role: doc.t('report.preparerRole'), unit: '', hint: doc.t('report.signHint'), name: o.preparer },
		{
			role: doc.t('role.deputy').toUpperCase(),
			unit: deputy?.unitName ?? '',
			hint: doc.t('report.signSealHint'),
			name: ''
		},
		{
			role: doc.t('role.leader').toUpperCase(),
			unit: leader?.unitName ?? '',
			hint: doc.t('report.signSealHint'),
			name: ''
		}
	];
	const signRow = (
		pick: (s: (typeof signers)[number]) => string,
		style: Record<string, unknown>,
		height?: number
	) =>
		row(
			blocks.map(([col, width], i): [number, Cell] => [
				col,
				{ value: text(pick(signers[i]!)), type: String, columnSpan: width, ...centred, ...style }
			]),
			height
		);
	signRow((s) => s.role, { fontWeight: 'bold' });
	signRow((s) => s.unit, { fontWeight: 'bold', fontSize: 11 });
	signRow((s) => s.hint, { fontStyle: 'italic', fontSize: 11 });
	// Room to sign (and seal).
	row([], 72);
	const lastRow = signRow((s) => s.name, { fontWeight: 'bold' });

	return {
		rows,
		widths,
		heights,
		layout: {
			columnCount: n,
			headerRows: [headerTop, headerBottom],
			firstUnitRow,
			lastUnitRow,
			proposalsRow,
			placeDateRow,
			lastRow
		}
	};
}

/** The summary table as an .xlsx file. */
export async function summaryXlsx(r: BlocReport, o: SummaryOptions): Promise<Buffer> {
	const { rows, widths, heights, layout } = summarySheet(r, o);
	// A row's height goes on its first cell (write-excel-file reads it from any cell of the row).
	rows.forEach((cells, i) => {
		const height = heights.get(i + 1);
		if (height === undefined) return;
		const first = cells.findIndex((c) => c !== null);
		if (first >= 0) cells[first] = { ...cells[first]!, height };
		else cells[0] = { value: '', type: String, height };
	});
	const setup: PrintSetup = {
		area: { fromRow: 1, toRow: layout.lastRow, fromColumn: 1, toColumn: layout.columnCount },
		titleRows: layout.headerRows,
		orientation: 'landscape',
		// As the printed page: @page margins 14mm 12mm 14mm 20mm.
		marginsMm: { top: 14, right: 12, bottom: 14, left: 20 },
		pageNumbers: true
	};
	return writeExcelFile(
		rows as never,
		{
			sheet: SUMMARY_XLSX_TEXT.sheet,
			columns: widths.map((width) => ({ width })),
			orientation: 'landscape',
			showGridLines: false
		},
		{ fontFamily: FONT, fontSize: 12, features: [printSetupFeature({ [SUMMARY_XLSX_TEXT.sheet]: setup })] }
	).toBuffer();
}

/** `bang-tong-hop-K04-2025.xlsx`: ASCII, safe in a header. */
export function summaryFileName(blocCode: string, year: number): string {
	return `bang-tong-hop-${blocCode.replace(/[^A-Za-z0-9._-]/g, '_')}-${year}.xlsx`;
}
