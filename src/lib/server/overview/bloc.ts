/**
 * What the bloc page shows around the ranking: the bloc, its pledge for the year (with council
 * defaults applied to unset settings), the other years with a pledge, and the criteria.
 */
import type { Stage } from '$lib/domain/policy';
import type { CriterionKind, Tier } from '$lib/domain/types';
import type { Database } from '$lib/server/db';
import { dep } from '$lib/server/db/freshness';

export interface PledgeInfo {
	title: string;
	stage: Stage;
	/** ISO date or null. */
	signedDate: string | null;
	contentMax: number;
	bonusCap: number | null;
	thresholds: { excellent: number; good: number; fair: number; average: number };
	flagCount: number;
	flagMinTier: Tier;
	certificateCount: number;
	certificateMinTier: Tier;
}

export interface CriterionRow {
	code: string;
	groupCode: string;
	groupName: string;
	name: string;
	kind: CriterionKind;
	maxPoints: number;
	weight: number;
	[key: string]: unknown;
}

export interface CriterionGroup {
	groupCode: string;
	groupName: string;
	/** Σ weight × max_points of the group's content criteria (0 for bonus/deduction groups). */
	contentMax: number;
	criteria: CriterionRow[];
}

export interface BlocHeader {
	blocCode: string;
	blocName: string;
	year: number;
	pledge: PledgeInfo;
	/** Years this bloc has a pledge, ascending. */
	years: number[];
	groups: CriterionGroup[];
	criteriaCount: number;
}

type PledgeRow = {
	blocName: string;
	title: string;
	stage: Stage;
	signedDate: string | null;
	contentMax: number;
	bonusCap: number | null;
	excellent: number;
	good: number;
	fair: number;
	average: number;
	flagCount: number;
	flagMinTier: Tier;
	certificateCount: number;
	certificateMinTier: Tier;
};

const PLEDGE_SQL = `
	SELECT
		COALESCE(b.bloc_name, p.bloc_code) AS "blocName",
		p.title,
		COALESCE(p.stage, 'open') AS stage,
		CAST(p.signed_date AS VARCHAR) AS "signedDate",
		CAST(COALESCE((
			SELECT SUM(c.weight * c.max_points) FROM criterion c
			WHERE c.year = $1 AND c.bloc_code = $2 AND c.kind = 'content'
		), 0) AS DOUBLE) AS "contentMax",
		CAST(p.bonus_cap AS DOUBLE) AS "bonusCap",
		CAST(COALESCE(p.tier_excellent_pct, s.tier_excellent_pct) AS DOUBLE) AS excellent,
		CAST(COALESCE(p.tier_good_pct, s.tier_good_pct) AS DOUBLE) AS good,
		CAST(COALESCE(p.tier_fair_pct, s.tier_fair_pct) AS DOUBLE) AS fair,
		CAST(COALESCE(p.tier_average_pct, s.tier_average_pct) AS DOUBLE) AS average,
		CAST(COALESCE(p.flag_count, s.flag_count) AS INTEGER) AS "flagCount",
		COALESCE(p.flag_min_tier, s.flag_min_tier) AS "flagMinTier",
		CAST(COALESCE(p.certificate_count, s.certificate_count) AS INTEGER) AS "certificateCount",
		COALESCE(p.certificate_min_tier, s.certificate_min_tier) AS "certificateMinTier"
	FROM pledge p
	CROSS JOIN council_setting s
	LEFT JOIN bloc b ON b.bloc_code = p.bloc_code
	WHERE p.year = $1 AND p.bloc_code = $2`;

const CRITERIA_SQL = `
	SELECT
		criterion_code AS code,
		group_code AS "groupCode",
		group_name AS "groupName",
		criterion_name AS name,
		kind,
		CAST(max_points AS DOUBLE) AS "maxPoints",
		CAST(weight AS DOUBLE) AS weight,
		sort_order AS "sortOrder"
	FROM criterion
	WHERE year = $1 AND bloc_code = $2
	ORDER BY sort_order, criterion_code`;

/** The bloc page's header data, or null when the bloc has no pledge that year. */
export function blocHeader(db: Database, year: number, blocCode: string): Promise<BlocHeader | null> {
	return db.cached(`blocHeader:${year}:${blocCode}`, () => readBlocHeader(db, year, blocCode), [
		dep.pledge(null, blocCode),
		dep.stage(year, blocCode)
	]);
}

async function readBlocHeader(db: Database, year: number, blocCode: string): Promise<BlocHeader | null> {
	const [pledges, years, criteria] = await Promise.all([
		db.all<PledgeRow>(PLEDGE_SQL, [year, blocCode]),
		db.all<{ year: number }>(
			'SELECT CAST(year AS INTEGER) AS year FROM pledge WHERE bloc_code = $1 ORDER BY year',
			[blocCode]
		),
		db.all<CriterionRow & { sortOrder: number }>(CRITERIA_SQL, [year, blocCode])
	]);
	const p = pledges[0];
	if (!p) return null;

	// Criteria come in the pledge's order; a group's place is that of its first criterion (then
	// its code), its criteria in their order.
	const byCode = new Map<string, CriterionGroup & { first: number }>();
	for (const { sortOrder, ...c } of criteria) {
		let g = byCode.get(c.groupCode);
		if (!g) {
			g = { groupCode: c.groupCode, groupName: c.groupName, contentMax: 0, criteria: [], first: sortOrder };
			byCode.set(c.groupCode, g);
		}
		g.criteria.push(c);
		if (c.kind === 'content') g.contentMax = Math.round((g.contentMax + c.weight * c.maxPoints) * 100) / 100;
	}
	const groups: CriterionGroup[] = [...byCode.values()]
		.sort((a, b) => a.first - b.first || (a.groupCode < b.groupCode ? -1 : a.groupCode > b.groupCode ? 1 : 0))
		.map(({ first: _, ...g }) => g);

	return {
		blocCode,
		blocName: p.blocName,
		year,
		pledge: {
			title: p.title,
			stage: p.stage,
			signedDate: p.signedDate,
			contentMax: p.contentMax,
			bonusCap: p.bonusCap,
			thresholds: { excellent: p.excellent, good: p.good, fair: p.fair, average: p.average },
			flagCount: p.flagCount,
			flagMinTier: p.flagMinTier,
			certificateCount: p.certificateCount,
			certificateMinTier: p.certificateMinTier
		},
		years: years.map((y) => y.year),
		groups,
		criteriaCount: criteria.length
	};
}
