/**
 * The tables a bloc-year can be downloaded as: its ranking, its scores and its units' awards
 * (or a whole year's awards). Each is built once, column-typed, and written by formats.ts as
 * CSV, Excel, Parquet or Arrow.
 *
 * Column keys are snake_case (Parquet, Arrow: for Python and R); headers are Vietnamese (CSV,
 * Excel: for offices). Values are stored as codes (`good`, `individual`) and shown to offices
 * through `label` (`Tốt`, `Cá nhân`). The scores and awards files use the import's own headers
 * and words, so a downloaded file can be edited and uploaded again.
 */
import { TABLES_BY_NAME, type TableName } from '../../domain/csv-schema';
import { translator, type MessageKey } from '../../i18n';
import type { Database } from '../db';
import type { BlocHeader } from '../overview/bloc';
import { ENTERPRISE_SQL, OFFICIAL_CLASS_SQL } from '../statistics/queries';
import { rankBloc } from '../ranking';

export type ExportType = 'text' | 'int' | 'number' | 'bool';
export type ExportValue = string | number | boolean | null;

export interface ExportColumn {
	key: string;
	header: string;
	type: ExportType;
	/** How an office reads a stored code (CSV, Excel only). */
	label?: (value: ExportValue) => string;
	/** Decimals shown in CSV (numbers). */
	digits?: number;
}

export interface ExportTable {
	/** Sheet name and file stem, e.g. `xep-hang`. */
	name: string;
	/** Shown on the sheet tab (≤ 31 characters). */
	sheet: string;
	columns: ExportColumn[];
	rows: ExportValue[][];
}

export const DATASETS = ['ranking', 'scores', 'awards', 'year-awards'] as const;
export type Dataset = (typeof DATASETS)[number];

export function isDataset(s: string): s is Dataset {
	return (DATASETS as readonly string[]).includes(s);
}

const tr = translator('vi');
const h = (key: MessageKey, params?: Record<string, string | number>) => tr.t(key, params);

/** The import format's Vietnamese header of a column. */
function importHeader(table: TableName, column: string): string {
	return TABLES_BY_NAME.get(table)!.columns.find((c) => c.name === column)!.vi[0]!;
}

/** The import format's first Vietnamese word for an enumerated value ('individual' → 'Cá nhân'). */
function importWord(table: TableName, column: string): (v: ExportValue) => string {
	const type = TABLES_BY_NAME.get(table)!.columns.find((c) => c.name === column)!.type;
	return (v) => {
		if (v === null) return '';
		if (type.kind !== 'enum') return String(v);
		return type.values[String(v)]?.[0] ?? String(v);
	};
}

const yesNo = (v: ExportValue) => (v === null ? '' : v ? 'Có' : 'Không');

/** The ranking as the bloc page shows it, one row per unit, group subtotals as columns. */
export async function rankingTable(db: Database, header: BlocHeader): Promise<ExportTable> {
	const rows = await rankBloc(db, header.year, header.blocCode);
	const groups = header.groups.filter((g) => g.criteria.some((c) => c.kind === 'content'));
	const columns: ExportColumn[] = [
		{ key: 'year', header: h('export.col.year'), type: 'int' },
		{ key: 'bloc_code', header: h('export.col.blocCode'), type: 'text' },
		{ key: 'rank', header: h('export.col.rank'), type: 'int' },
		{ key: 'tied', header: h('export.col.tied'), type: 'bool', label: yesNo },
		{ key: 'unit_code', header: h('export.col.unitCode'), type: 'text' },
		{ key: 'unit_name', header: h('export.col.unitName'), type: 'text' },
		{ key: 'role', header: h('export.col.role'), type: 'text', label: (v) => tr.t(`role.${v as 'member'}`) },
		...groups.map((g): ExportColumn => ({
			key: `group_${g.groupCode}`,
			header: h('export.col.group', { group: g.groupName, max: tr.num(g.contentMax) }),
			type: 'number'
		})),
		{
			key: 'content',
			header: h('export.col.content', { max: tr.num(header.pledge.contentMax) }),
			type: 'number'
		},
		{ key: 'bonus_raw', header: h('export.col.bonusRaw'), type: 'number' },
		{ key: 'bonus', header: h('export.col.bonus'), type: 'number' },
		{ key: 'deduction', header: h('export.col.deduction'), type: 'number' },
		{ key: 'total', header: h('export.col.total'), type: 'number' },
		{ key: 'percent', header: h('export.col.percent'), type: 'number' },
		{ key: 'tier', header: h('export.col.tier'), type: 'text', label: (v) => tr.t(`tier.${v as 'good'}`) },
		{
			key: 'proposal',
			header: h('export.col.proposal'),
			type: 'text',
			label: (v) => (v ? tr.proposal(v as 'flag') : '')
		},
		{ key: 'vote_needed', header: h('export.col.vote'), type: 'bool', label: yesNo },
		{ key: 'unreviewed_count', header: h('export.col.unreviewed'), type: 'int' },
		{ key: 'missing_count', header: h('export.col.missing'), type: 'int' },
		{
			key: 'stage',
			header: h('export.col.stage'),
			type: 'text',
			label: (v) => tr.t(`stage.${v as 'open'}`)
		}
	];
	return {
		name: 'xep-hang',
		sheet: `Xếp hạng ${header.blocCode} ${header.year}`,
		columns,
		rows: rows.map((r) => [
			header.year,
			header.blocCode,
			r.rank,
			r.tied,
			r.unitCode,
			r.unitName,
			r.role,
			...groups.map((g) => r.groups.find((x) => x.groupCode === g.groupCode)?.points ?? 0),
			r.content,
			r.bonusRaw,
			r.bonus,
			r.deduction,
			r.total,
			Math.round(r.percent * 100) / 100,
			r.tier,
			r.proposal,
			r.proposalTie,
			r.unreviewedCount,
			r.missingCount,
			header.pledge.stage
		])
	};
}

/** Every score row of a bloc-year, in the import's long format plus names, maxima and weights. */
export async function scoresTable(db: Database, year: number, blocCode: string): Promise<ExportTable> {
	const rows = await db.all<{
		unit: string;
		unitName: string;
		code: string;
		name: string;
		groupName: string;
		kind: string;
		max: number;
		weight: number;
		self: number | null;
		reviewed: number | null;
		note: string | null;
	}>(
		`SELECT m.unit_code AS unit, u.unit_name AS "unitName", c.criterion_code AS code,
		        c.criterion_name AS name, c.group_name AS "groupName", c.kind,
		        c.max_points::DOUBLE AS max, c.weight::DOUBLE AS weight,
		        s.self_score::DOUBLE AS self, s.reviewed_score::DOUBLE AS reviewed, s.note
		 FROM bloc_membership m
		 JOIN unit u ON u.unit_code = m.unit_code
		 JOIN criterion c ON c.year = m.year AND c.bloc_code = m.bloc_code
		 JOIN score s ON s.year = m.year AND s.bloc_code = m.bloc_code AND s.unit_code = m.unit_code
		             AND s.criterion_code = c.criterion_code
		 WHERE m.year = $1 AND m.bloc_code = $2
		 ORDER BY m.unit_code, c.sort_order, c.criterion_code`,
		[year, blocCode]
	);
	const ih = (c: string) => importHeader('scores', c);
	const columns: ExportColumn[] = [
		{ key: 'year', header: ih('year'), type: 'int' },
		{ key: 'bloc_code', header: ih('bloc_code'), type: 'text' },
		{ key: 'unit_code', header: ih('unit_code'), type: 'text' },
		{ key: 'unit_name', header: h('export.col.unitName'), type: 'text' },
		{ key: 'criterion_code', header: ih('criterion_code'), type: 'text' },
		{ key: 'criterion_name', header: h('export.col.criterionName'), type: 'text' },
		{ key: 'group_name', header: h('export.col.groupName'), type: 'text' },
		{ key: 'kind', header: h('export.col.kind'), type: 'text', label: (v) => tr.kind(v as 'content') },
		{ key: 'max_points', header: h('export.col.max'), type: 'number' },
		{ key: 'weight', header: h('export.col.weight'), type: 'number', digits: 3 },
		{ key: 'self_score', header: ih('self_score'), type: 'number' },
		{ key: 'reviewed_score', header: ih('reviewed_score'), type: 'number' },
		{ key: 'note', header: ih('note'), type: 'text' }
	];
	return {
		name: 'diem',
		sheet: `Điểm ${blocCode} ${year}`,
		columns,
		rows: rows.map((r) => [
			year,
			blocCode,
			r.unit,
			r.unitName,
			r.code,
			r.name,
			r.groupName,
			r.kind,
			r.max,
			r.weight,
			r.self,
			r.reviewed,
			r.note
		])
	};
}

/** The personal columns of an individual's award row, blanked when the reader may not see them. */
const PERSONAL_COLUMNS = ['award_id', 'recipient_name', 'gender', 'ethnic_minority'] as const;

/**
 * Awards of one year in the import's format plus the unit's name: of the bloc's member units
 * that year, or (blocCode null) of every unit. An individual's row of a unit for which
 * `named(unitCode)` is false keeps its counts (kind, category, award, level, decision) but not
 * the person: no name (a placeholder says why), gender, ethnic-minority flag, nor the award id
 * (by default it is made from the name). See the policy's `read:award-recipients`.
 */
export async function awardsTable(
	db: Database,
	year: number,
	blocCode: string | null,
	named: (unitCode: string) => boolean
): Promise<ExportTable> {
	const rows = await db.all<Record<string, ExportValue>>(
		`SELECT a.award_id, a.year, a.unit_code, u.unit_name, a.recipient_kind, a.recipient_name,
		        a.recipient_category, a.award_code, a.award_class, a.level, a.gender, a.ethnic_minority,
		        a.remote_area, a.small_collective, a.decision_no,
		        strftime(a.decision_date, '%d/%m/%Y') AS decision_date,
		        ${OFFICIAL_CLASS_SQL} AS official_class, ${ENTERPRISE_SQL} AS enterprise, a.award_method
		 FROM award a
		 JOIN unit u ON u.unit_code = a.unit_code
		 WHERE a.year = $1
		   AND ($2::VARCHAR IS NULL OR EXISTS (
		     SELECT 1 FROM bloc_membership m WHERE m.year = a.year AND m.unit_code = a.unit_code AND m.bloc_code = $2))
		 ORDER BY a.unit_code, a.recipient_kind, a.recipient_name, a.award_code, a.award_id`,
		[year, blocCode]
	);
	const ih = (c: string) => importHeader('awards', c);
	const word = (c: string) => importWord('awards', c);
	const columns: ExportColumn[] = [
		{ key: 'award_id', header: ih('award_id'), type: 'text' },
		{ key: 'year', header: ih('year'), type: 'int' },
		{ key: 'unit_code', header: ih('unit_code'), type: 'text' },
		{ key: 'unit_name', header: h('export.col.unitName'), type: 'text' },
		{ key: 'recipient_kind', header: ih('recipient_kind'), type: 'text', label: word('recipient_kind') },
		{ key: 'recipient_name', header: ih('recipient_name'), type: 'text' },
		{
			key: 'recipient_category',
			header: ih('recipient_category'),
			type: 'text',
			label: word('recipient_category')
		},
		{ key: 'official_class', header: ih('official_class'), type: 'text', label: word('official_class') },
		{ key: 'award_code', header: ih('award_code'), type: 'text', label: word('award_code') },
		{
			key: 'award_class',
			header: h('export.col.awardClass'),
			type: 'text',
			label: (v) => (v === 'title' ? h('export.awardClass.title') : h('export.awardClass.form'))
		},
		{ key: 'level', header: ih('level'), type: 'text', label: word('level') },
		{ key: 'award_method', header: ih('award_method'), type: 'text', label: word('award_method') },
		{ key: 'gender', header: ih('gender'), type: 'text', label: word('gender') },
		{ key: 'ethnic_minority', header: ih('ethnic_minority'), type: 'bool', label: yesNo },
		{ key: 'remote_area', header: ih('remote_area'), type: 'bool', label: yesNo },
		{ key: 'small_collective', header: ih('small_collective'), type: 'bool', label: yesNo },
		{ key: 'enterprise', header: ih('enterprise'), type: 'bool', label: yesNo },
		{ key: 'decision_no', header: ih('decision_no'), type: 'text' },
		{ key: 'decision_date', header: ih('decision_date'), type: 'text' }
	];
	return {
		name: 'khen-thuong',
		sheet: blocCode ? `Khen thưởng ${blocCode} ${year}` : `Khen thưởng ${year}`,
		columns,
		rows: rows.map((r) => {
			// A household is named after a person (Hộ ông / bà …): personal data like an individual.
			if (r.recipient_kind !== 'collective' && !named(String(r.unit_code))) {
				r = { ...r };
				for (const k of PERSONAL_COLUMNS) r[k] = null;
				r.recipient_name = h('export.personalHidden');
			}
			return columns.map((c) => r[c.key] ?? null);
		})
	};
}
