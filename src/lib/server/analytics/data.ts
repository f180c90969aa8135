/**
 * The shared reads of the analytics: blocs and their readable years, criterion cells (row and
 * column form), criteria, memberships, lineage, rankings of the readable bloc-years.
 */
import type { CriterionCell, PercentCell } from '../../domain/gaps';
import type { CriterionStatus, LineageLink, MembershipRow } from '../../domain/trends';
import type { LineageEvent, Role } from '../../domain/types';
import { listValue } from '@duckdb/node-api';
import type { Database } from '../db';
import { dep } from '../db/freshness';
import {
	rankAll,
	rankBloc,
	rankBlocYears,
	rankYear,
	type BlocRankingRow,
	type BlocRankingSummary
} from '../ranking';
import type { Access } from './access';
import {
	BLOCS_SQL,
	BLOC_MEMBERSHIPS_SQL,
	CELLS_SQL,
	CRITERIA_CHANGE_COUNTS_SQL,
	CRITERIA_SQL,
	LINEAGE_SQL,
	MEMBERSHIPS_SQL,
	PERCENTS_SQL,
	UNIT_MEMBERSHIPS_SQL
} from './queries';

export interface BlocChoice {
	blocCode: string;
	blocName: string;
	/** Years this reader may see, ascending. */
	years: number[];
}

/** Every bloc with at least one readable year, by code. */
export async function readableBlocs(db: Database, access: Access): Promise<BlocChoice[]> {
	const blocs = await db.cached(
		'analyticsBlocs',
		() => db.all<{ blocCode: string; blocName: string }>(BLOCS_SQL),
		dep.catalog
	);
	// access.readable is in year order, so each bloc's years come out ascending.
	const years = new Map<string, number[]>();
	for (const r of access.readable) {
		const list = years.get(r.blocCode);
		if (list) list.push(r.year);
		else years.set(r.blocCode, [r.year]);
	}
	const out: BlocChoice[] = [];
	for (const b of blocs) {
		const ys = years.get(b.blocCode);
		if (ys) out.push({ blocCode: b.blocCode, blocName: b.blocName, years: ys });
	}
	return out;
}

/** Years with at least one readable bloc, ascending. */
export function readableYears(access: Access): number[] {
	return [...new Set(access.readable.map((r) => r.year))].sort((a, b) => a - b);
}

export interface CellFilter {
	blocCode: string | null;
	year: number | null;
}

/** Criterion cells as columns (for the wire: Arrow or JSON), readable bloc-years only. */
export async function cellColumns(
	db: Database,
	access: Access,
	f: CellFilter
): Promise<Record<string, unknown[]>> {
	return db.cached(
		JSON.stringify(['cellColumns', access.allowedParam, f.blocCode, f.year]),
		() =>
			db.withConnection(async (conn) => {
				const reader = await conn.runAndReadAll(CELLS_SQL, [f.blocCode, f.year, access.allowedParam]);
				return reader.getColumnsObjectJS() as Record<string, unknown[]>;
			}),
		dep.blocYear(f.year, f.blocCode)
	);
}

/** Criterion cells as rows, readable bloc-years only. */
export async function cellRows(db: Database, access: Access, f: CellFilter): Promise<CriterionCell[]> {
	return db.all<CriterionCell & Record<string, unknown>>(CELLS_SQL, [
		f.blocCode,
		f.year,
		access.allowedParam
	]);
}

/** A bloc's cells of every readable year, only what statistics across years read. */
export async function percentRows(db: Database, access: Access, blocCode: string): Promise<PercentCell[]> {
	return db.all<PercentCell & Record<string, unknown>>(PERCENTS_SQL, [blocCode, access.allowedParam]);
}

export interface CriterionRow {
	year: number;
	blocCode: string;
	code: string;
	name: string;
	groupCode: string;
	groupName: string;
	maxPoints: number;
	weight: number;
	kind: string;
	sortOrder: number;
}

/** Criteria of the readable pledges of a bloc (null: every bloc), of one year when given. */
export async function criteriaOf(
	db: Database,
	access: Access,
	blocCode: string | null,
	year: number | null = null
): Promise<CriterionRow[]> {
	return db.all<CriterionRow & Record<string, unknown>>(CRITERIA_SQL, [blocCode, access.allowedParam, year]);
}

/**
 * How the content criteria changed between consecutive readable years of each bloc, by
 * `${blocCode}|${from}|${to}` (pairs without any criterion are absent: nothing changed), counted
 * by the database as `changeCounts(criteriaChanges(…))` counts them.
 */
export async function criteriaChangeCounts(
	db: Database,
	access: Access
): Promise<Map<string, Record<CriterionStatus, number>>> {
	const rows = await db.all<{ blocCode: string; from: number; to: number } & Record<CriterionStatus, number>>(
		CRITERIA_CHANGE_COUNTS_SQL,
		[access.allowedParam]
	);
	return new Map(
		rows.map((r) => [
			`${r.blocCode}|${r.from}|${r.to}`,
			{ kept: r.kept, changed: r.changed, added: r.added, removed: r.removed }
		])
	);
}

export interface MembershipInfo extends MembershipRow {
	unitName: string;
	role: Role;
}

export async function memberships(db: Database): Promise<MembershipInfo[]> {
	return db.all<MembershipInfo & Record<string, unknown>>(MEMBERSHIPS_SQL);
}

/**
 * The membership rows (every year, every bloc) of the units that were ever members of `blocCode`
 * and of the units one lineage link away from them: all that years compared of one bloc looks at.
 */
export async function blocMemberships(db: Database, blocCode: string): Promise<MembershipInfo[]> {
	return db.all<MembershipInfo & Record<string, unknown>>(BLOC_MEMBERSHIPS_SQL, [blocCode]);
}

/** The membership rows (every year, every bloc) of the given units. */
export async function unitMemberships(db: Database, unitCodes: readonly string[]): Promise<MembershipInfo[]> {
	if (unitCodes.length === 0) return [];
	return db.all<MembershipInfo & Record<string, unknown>>(UNIT_MEMBERSHIPS_SQL, [listValue([...unitCodes])]);
}

export interface LineageInfo extends LineageLink {
	event: LineageEvent;
	note: string | null;
}

/** Every lineage link (a small table, read by years compared and unit profiles). */
export async function lineage(db: Database): Promise<readonly LineageInfo[]> {
	return db.cached(
		'analyticsLineage',
		() => db.all<LineageInfo & Record<string, unknown>>(LINEAGE_SQL),
		dep.catalog
	);
}

/**
 * The SQL ranking of every readable bloc-year (the single source of truth for ranks and totals),
 * without the content groups.
 */
export async function readableRankings(
	db: Database,
	access: Access,
	/** Only this bloc's (in every year): a page of one bloc depends on that bloc only. */
	blocCode: string | null = null
): Promise<BlocRankingSummary[]> {
	const rows = blocCode === null ? await rankAll(db) : await rankBlocYears(db, blocCode);
	return rows.filter((r) => access.canRead(r.blocCode, r.year));
}

/** The SQL rankings of every readable bloc of the given years, by year as given, then bloc code. */
export async function readableYearRankings(
	db: Database,
	access: Access,
	years: readonly number[]
): Promise<BlocRankingRow[]> {
	const rankings = await Promise.all(years.map((y) => rankYear(db, y)));
	return rankings.flat().filter((r) => access.canRead(r.blocCode, r.year));
}

/**
 * The SQL rankings of the given bloc-years that are readable, in the order given (a page about a
 * few bloc-years does not rank the whole province). A bloc asked for in several years is read in
 * one query of its every year (`rankBlocYears`), the years not asked for left out: one query
 * costs about as much as a bloc-year's.
 */
export async function rankingsOf(
	db: Database,
	access: Access,
	blocYears: readonly { blocCode: string; year: number }[]
): Promise<BlocRankingRow[]> {
	const readable = blocYears.filter((b) => access.canRead(b.blocCode, b.year));
	const years = new Map<string, Set<number>>();
	for (const b of readable) {
		const set = years.get(b.blocCode);
		if (set) set.add(b.year);
		else years.set(b.blocCode, new Set([b.year]));
	}
	const byBlocYear = new Map<string, BlocRankingRow[]>();
	await Promise.all(
		[...years].map(async ([blocCode, wanted]) => {
			if (wanted.size === 1) {
				const [year] = wanted;
				const rows = await rankBloc(db, year!, blocCode);
				byBlocYear.set(
					`${blocCode}|${year}`,
					rows.map((r) => ({ ...r, year: year!, blocCode }))
				);
				return;
			}
			for (const r of await rankBlocYears(db, blocCode)) {
				if (!wanted.has(r.year)) continue;
				const key = `${blocCode}|${r.year}`;
				const list = byBlocYear.get(key);
				if (list) list.push(r);
				else byBlocYear.set(key, [r]);
			}
		})
	);
	return readable.flatMap((b) => byBlocYear.get(`${b.blocCode}|${b.year}`) ?? []);
}
