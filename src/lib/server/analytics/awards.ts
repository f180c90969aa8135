/**
 * Award balance: award rows counted by year, bloc, unit, award and level (one query), added up
 * and compared with the council's target by `src/lib/domain/award-balance.ts`; and the award
 * rows of one unit-year for the drill-down.
 */
import {
	balanceOf,
	categoryBreakdown,
	groupShares,
	missingTarget,
	rollUp,
	total,
	unitBalances,
	type AwardCounts,
	type AwardFact,
	type AwardFilter,
	type Balance,
	type GroupShare,
	type UnitBalance
} from '../../domain/award-balance';
import type { AwardClass } from '../../domain/awards';
import type { AwardLevel, Gender, RecipientCategory, RecipientKind } from '../../domain/types';
import type { Database } from '../db';
import { dep } from '../db/freshness';
import { AWARD_FACTS_SQL, AWARD_ROWS_SQL, BLOCS_SQL, TARGET_SQL } from './queries';

/** The council's target: direct-worker awards per leader-and-manager award (default 1). */
export async function councilTarget(db: Database): Promise<number> {
	const [row] = await db.cached('councilTarget', () => db.all<{ target: number }>(TARGET_SQL), dep.catalog);
	return row?.target ?? 1;
}

/** Every award counted (see AWARD_FACTS_SQL), shared by the award pages and unit profiles. */
export async function awardFacts(db: Database): Promise<readonly AwardFact[]> {
	return db.cached('awardFacts', () => db.all<AwardFact & Record<string, unknown>>(AWARD_FACTS_SQL), [
		dep.award(null),
		dep.pledge(null, null)
	]);
}

export interface Breakdown<K> {
	key: K;
	counts: AwardCounts;
	balance: Balance;
}

export interface AwardBalanceView {
	target: number;
	years: number[];
	filter: AwardFilter & { year: number };
	blocs: { blocCode: string; blocName: string }[];
	/** Award codes and levels present in the data (for the filter lists). */
	awardCodes: string[];
	levels: AwardLevel[];
	scope: {
		counts: AwardCounts;
		balance: Balance;
		shares: GroupShare[];
		categories: ReturnType<typeof categoryBreakdown>;
	};
	byBloc: Breakdown<string | null>[];
	byAward: Breakdown<string>[];
	byLevel: Breakdown<AwardLevel>[];
	units: UnitBalance[];
	missing: UnitBalance[];
	/** The same filter (without the year) for every year. */
	trend: { year: number; counts: AwardCounts; balance: Balance; shares: GroupShare[] }[];
}

/** Bloc codes in code order, units outside any bloc last. */
function byBlocCode(a: string | null, b: string | null): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	return a < b ? -1 : 1;
}

const LEVEL_ORDER: readonly AwardLevel[] = ['grassroots', 'district', 'province', 'ministry', 'national'];

function breakdown<K>(map: Map<K, AwardCounts>, target: number): Breakdown<K>[] {
	return [...map].map(([key, counts]) => ({ key, counts, balance: balanceOf(counts, target) }));
}

/** The award balance of a year (default: the latest with awards) under the filter. */
async function readAwardBalance(
	db: Database,
	filter: AwardFilter & { year?: number | null }
): Promise<AwardBalanceView | null> {
	const [facts, target, blocs] = await Promise.all([
		awardFacts(db),
		councilTarget(db),
		db.reads(dep.catalog, () => db.all<{ blocCode: string; blocName: string }>(BLOCS_SQL))
	]);
	const years = [...new Set(facts.map((f) => f.year))].sort((a, b) => a - b);
	if (years.length === 0) return null;
	const year = filter.year && years.includes(filter.year) ? filter.year : years[years.length - 1]!;
	const f = { ...filter, year };
	const counts = total(facts, f);
	const { year: _y, ...allYears } = f;
	const units = unitBalances(facts, target, f);
	return {
		target,
		years,
		filter: f,
		blocs,
		awardCodes: [...new Set(facts.map((x) => x.awardCode))],
		levels: LEVEL_ORDER.filter((l) => facts.some((x) => x.level === l)),
		scope: {
			counts,
			balance: balanceOf(counts, target),
			shares: groupShares(counts),
			categories: categoryBreakdown(counts)
		},
		byBloc: breakdown(
			rollUp(facts, (x) => x.blocCode, f),
			target
		).sort((a, b) => byBlocCode(a.key, b.key)),
		byAward: breakdown(
			rollUp(facts, (x) => x.awardCode, f),
			target
		),
		byLevel: breakdown(
			rollUp(facts, (x) => x.level, f),
			target
		).sort((a, b) => LEVEL_ORDER.indexOf(a.key) - LEVEL_ORDER.indexOf(b.key)),
		units: units.sort((a, b) => byBlocCode(a.blocCode, b.blocCode) || (a.unitCode < b.unitCode ? -1 : 1)),
		missing: missingTarget(units),
		trend: years.map((y) => {
			const c = total(facts, { ...allYears, year: y });
			return { year: y, counts: c, balance: balanceOf(c, target), shares: groupShares(c) };
		})
	};
}

export interface AwardRow {
	awardId: string;
	recipientKind: RecipientKind;
	recipientName: string;
	recipientCategory: RecipientCategory | null;
	awardCode: string;
	awardClass: AwardClass;
	level: AwardLevel;
	gender: Gender | null;
	ethnicMinority: boolean;
	remoteArea: boolean;
	smallCollective: boolean;
	decisionNo: string | null;
	decisionDate: string | null;
}

/**
 * The award rows of one unit in one year, with the unit-year's counts and balance. The rows of
 * individuals (names, gender, ethnic-minority flag: personal data) only with `individuals`
 * true, for a reader allowed `read:award-recipients` of the unit; the counts always.
 */
export async function unitAwards(
	db: Database,
	unitCode: string,
	year: number,
	{ individuals }: { individuals: boolean }
): Promise<{
	rows: AwardRow[];
	/** False: the individuals' rows were left out; `counts` still counts them. */
	individualsShown: boolean;
	counts: AwardCounts;
	balance: Balance;
	blocCode: string | null;
	target: number;
}> {
	// Awards of every year (the facts), the memberships that place units in blocs.
	const [rows, facts, target] = await db.reads([dep.award(null), dep.pledge(null, null)], () =>
		Promise.all([
			db.all<AwardRow & Record<string, unknown>>(AWARD_ROWS_SQL, [unitCode, year, individuals]),
			awardFacts(db),
			councilTarget(db)
		])
	);
	const counts = total(facts, { unitCode, year });
	const blocCode = facts.find((f) => f.unitCode === unitCode && f.year === year)?.blocCode ?? null;
	return {
		rows,
		individualsShown: individuals,
		counts,
		balance: balanceOf(counts, target),
		blocCode,
		target
	};
}

/** Cached until the next write (see Database.cached). */
export function awardBalance(
	db: Database,
	filter: AwardFilter & { year?: number | null }
): Promise<AwardBalanceView | null> {
	// Awards of every year (the years offered), and the memberships that place units in blocs.
	return db.cached(JSON.stringify(['awardBalance', filter]), () => readAwardBalance(db, filter), [
		dep.award(null),
		dep.pledge(null, null)
	]);
}
