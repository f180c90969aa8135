/**
 * The shared reads of the analytics: blocs and their readable years, criterion cells (row and
 * column form), criteria, memberships, lineage, rankings of the readable bloc-years.
 */
import type { CriterionCell } from '../../domain/gaps';
import type { LineageLink, MembershipRow } from '../../domain/trends';
import type { LineageEvent, Role } from '../../domain/types';
import type { Database } from '../db';
import { dep } from '../db/freshness';
import { rankAll, rankBlocYears, type BlocRankingRow } from '../ranking';
import type { Access } from './access';
import { BLOCS_SQL, CELLS_SQL, CRITERIA_SQL, LINEAGE_SQL, MEMBERSHIPS_SQL } from './queries';

export interface BlocChoice {
	blocCode: string;
	blocName: string;
	/** Years this reader may see, ascending. */
	years: number[];
}

/** Every bloc with at least one readable year, by code. */
export async function readableBlocs(db: Database, access: Access): Promise<BlocChoice[]> {
	const blocs = await db.reads(dep.catalog, () => db.all<{ blocCode: string; blocName: string }>(BLOCS_SQL));
	return blocs
		.map((b) => ({
			...b,
			years: access.readable.filter((r) => r.blocCode === b.blocCode).map((r) => r.year)
		}))
		.filter((b) => b.years.length > 0);
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

export async function criteriaOf(
	db: Database,
	access: Access,
	blocCode: string | null
): Promise<CriterionRow[]> {
	return db.all<CriterionRow & Record<string, unknown>>(CRITERIA_SQL, [blocCode, access.allowedParam]);
}

export interface MembershipInfo extends MembershipRow {
	unitName: string;
	role: Role;
}

export async function memberships(db: Database): Promise<MembershipInfo[]> {
	return db.all<MembershipInfo & Record<string, unknown>>(MEMBERSHIPS_SQL);
}

export interface LineageInfo extends LineageLink {
	event: LineageEvent;
	note: string | null;
}

export async function lineage(db: Database): Promise<LineageInfo[]> {
	return db.all<LineageInfo & Record<string, unknown>>(LINEAGE_SQL);
}

/** The SQL ranking of every readable bloc-year (the single source of truth for ranks and totals). */
export async function readableRankings(
	db: Database,
	access: Access,
	/** Only this bloc's (in every year): a page of one bloc depends on that bloc only. */
	blocCode: string | null = null
): Promise<BlocRankingRow[]> {
	const rows = blocCode === null ? await rankAll(db) : await rankBlocYears(db, blocCode);
	return rows.filter((r) => access.canRead(r.blocCode, r.year));
}
