/**
 * Which bloc-years a reader may see in analytics: the rule of `read:bloc` (drafts only for admin,
 * analyst and that bloc's own leader and deputy; finalised results for every account), asked once
 * per bloc-year. Queries take the readable bloc-years as one bound parameter (`allowedParam`).
 */
import { can, isStage, type Principal, type Stage } from '../../domain/policy';
import type { Database } from '../db';
import { dep } from '../db/freshness';

export interface BlocYearRef {
	blocCode: string;
	year: number;
	stage: Stage;
}

export interface Access {
	user: Principal;
	/** Every bloc-year with a pledge, with its stage. */
	all: BlocYearRef[];
	/** The bloc-years this reader may see. */
	readable: BlocYearRef[];
	canRead(blocCode: string, year: number): boolean;
	/** Readable but not finalised: results are provisional (dự kiến). */
	provisional(blocCode: string, year: number): boolean;
	/** The readable bloc-years as one SQL parameter: 'K01:2020,K01:2021,…' (see `ALLOWED_SQL`). */
	allowedParam: string;
	/** Some bloc-year of `year` exists but cannot be read (a draft hidden from this reader). */
	hiddenIn(year: number): boolean;
}

const key = (blocCode: string, year: number) => `${blocCode}:${year}`;

/**
 * SQL condition "this bloc-year is readable", for a query whose parameter `$n` is `allowedParam`:
 * `${allowedSql('m.bloc_code', 'm.year', 3)}`.
 */
export function allowedSql(bloc: string, year: string, param: number): string {
	return `list_contains(string_split($${param}::VARCHAR, ','), ${bloc} || ':' || CAST(${year} AS VARCHAR))`;
}

export async function analyticsAccess(db: Database, user: Principal): Promise<Access> {
	const rows = await db.cached(
		'analyticsStages',
		() =>
			db.all<{ blocCode: string; year: number; stage: string | null }>(
				`SELECT bloc_code AS "blocCode", CAST(year AS INTEGER) AS year, stage FROM pledge ORDER BY year, bloc_code`
			),
		[dep.stage(null, null), dep.pledge(null, null)]
	);
	const all: BlocYearRef[] = rows.map((r) => ({
		blocCode: r.blocCode,
		year: r.year,
		stage: isStage(r.stage) ? r.stage : 'open'
	}));
	const readable = all.filter((b) => can(user, { kind: 'read:bloc', bloc: b }));
	const readableKeys = new Map(readable.map((b) => [key(b.blocCode, b.year), b]));
	return {
		user,
		all,
		readable,
		canRead: (blocCode, year) => readableKeys.has(key(blocCode, year)),
		provisional: (blocCode, year) => readableKeys.get(key(blocCode, year))?.stage !== 'finalised',
		allowedParam: readable.map((b) => key(b.blocCode, b.year)).join(','),
		hiddenIn: (year) => all.some((b) => b.year === year && !readableKeys.has(key(b.blocCode, b.year)))
	};
}
