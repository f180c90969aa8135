/**
 * Bloc rankings from the database. The rule lives in SQL (`./queries.ts`); the TypeScript
 * reference in `src/lib/domain/ranking.ts` must agree with it (see the property test).
 */
import type { Database } from '../db';
import { dep } from '../db/freshness';
import {
	compareCodes,
	compareRankingRows,
	parseTier,
	resolveSettings,
	type CouncilRankingDefaults,
	type PledgeRankingSettings
} from '../../domain/ranking';
import type { DuckDBDataChunk, DuckDBVector } from '@duckdb/node-api';
import {
	ROLES,
	TIERS,
	type BlocInput,
	type BlocMember,
	type CriterionDef,
	type RankingRow,
	type RecordedVote,
	type ScoreEntry
} from '../../domain/types';
import {
	COUNCIL_DEFAULTS_SQL,
	CRITERIA_SQL,
	MEMBERS_SQL,
	MEMBER_SCORES_SQL,
	PLEDGE_SETTINGS_SQL,
	RANKED_BLOCS_SQL,
	RANKED_UNITS_SQL,
	RANKING_SQL,
	rankingCodedSql,
	CODED_PACKING
} from './queries';

/** A ranking row of a bloc-year, as returned for many blocs at once. */
export type BlocRankingRow = RankingRow & { year: number; blocCode: string };
/** A ranking row without its content groups (see rankAll). */
export type BlocRankingSummary = Omit<BlocRankingRow, 'groups'>;

/** The ranking rows of the bloc-years selected (NULL = every), read once per write. */
function query(db: Database, year: number | null, blocCode: string | null): Promise<BlocRankingRow[]> {
	// Unit names are catalog data: a catalog write makes every read stale.
	return db.cached(
		`ranking:${year}:${blocCode}`,
		async () => inRankOrder(toRows(await db.columns(RANKING_SQL, [year, blocCode]))),
		[dep.score(year, blocCode), dep.pledge(year, blocCode)]
	);
}

/**
 * The ranking query's rows in ranking order. SQL orders each bloc by rank only: rows of equal rank are put here in
 * the app's own Vietnamese order of unit names (`compareVi`, numeric: "Phường 2" before
 * "Phường 10"), then unit code, exactly as the TypeScript reference does. Blocs stay in the SQL
 * order (year, bloc code).
 */
function inRankOrder<R extends BlocRankingSummary>(rows: R[]): R[] {
	// SQL gives each bloc-year in rank order: only a run of equal ranks (a tie) is put in order
	// again, in place, so that a national read of 204 000 rows copies nothing.
	let start = 0;
	for (let i = 1; i <= rows.length; i++) {
		const a = rows[start]!;
		const b = rows[i];
		if (b && b.year === a.year && b.blocCode === a.blocCode && b.rank === a.rank) continue;
		if (i - start > 1) {
			const run = rows.slice(start, i).sort(compareRankingRows);
			for (let j = 0; j < run.length; j++) rows[start + j] = run[j]!;
		}
		start = i;
	}
	return rows;
}

/** A ranking read's columns by field, each as long as the rows (the SQL's camelCase names). */
type SummaryColumns = { [K in keyof BlocRankingSummary]: readonly BlocRankingSummary[K][] };

/** Row `i` of the columns. */
function summaryAt(c: SummaryColumns, i: number): BlocRankingSummary {
	return {
		year: c.year[i]!,
		blocCode: c.blocCode[i]!,
		unitCode: c.unitCode[i]!,
		unitName: c.unitName[i]!,
		role: c.role[i]!,
		content: c.content[i]!,
		contentMax: c.contentMax[i]!,
		bonusRaw: c.bonusRaw[i]!,
		bonus: c.bonus[i]!,
		deduction: c.deduction[i]!,
		total: c.total[i]!,
		percent: c.percent[i]!,
		rank: c.rank[i]!,
		tied: c.tied[i]!,
		tier: c.tier[i]!,
		proposal: c.proposal[i]!,
		proposalTie: c.proposalTie[i]!,
		vote: c.vote[i]!,
		unreviewedCount: c.unreviewedCount[i]!,
		missingCount: c.missingCount[i]!
	};
}

/**
 * The query's columns as RankingRow objects plus year and blocCode (read as columns: faster).
 */
function toRows(c: Record<string, unknown[]>): BlocRankingRow[] {
	const columns = c as unknown as SummaryColumns;
	const groups = (c.groups ?? []) as string[];
	const out: BlocRankingRow[] = new Array(groups.length);
	for (let i = 0; i < groups.length; i++)
		out[i] = { ...summaryAt(columns, i), groups: JSON.parse(groups[i]!) as RankingRow['groups'] };
	return out;
}

/** The ranking of one bloc in one year: every member, best first. */
export async function rankBloc(db: Database, year: number, blocCode: string): Promise<RankingRow[]> {
	return (await query(db, year, blocCode)).map(({ year: _y, blocCode: _b, ...row }) => row);
}

/** Past this many bloc-years written since the last read, the year is read again whole. */
const WHOLE_YEAR_AFTER = 4;

/**
 * The rankings of every bloc with members in `year`, by bloc code. Read whole in one query the
 * first time; afterwards, when only a few bloc-years were written since (sheet saves at
 * year-end), those blocs are read again and the others kept: a save in one bloc costs the
 * year's overview one bloc's query, not the province's.
 */
export async function rankYear(db: Database, year: number): Promise<BlocRankingRow[]> {
	return db.cached(`ranking:${year}:null`, () => readYear(db, year), [
		dep.score(year, null),
		dep.pledge(year, null)
	]);
}

async function readYear(db: Database, year: number): Promise<BlocRankingRow[]> {
	const key = `rankYear:${year}`;
	const since = db.generation;
	const last = db.lastKept<BlocRankingRow[]>(key);
	const changed = last && changedBlocs(db, year, last.since);
	let rows: BlocRankingRow[];
	if (!last || !changed || changed.size > WHOLE_YEAR_AFTER) {
		rows = inRankOrder(toRows(await db.columns(RANKING_SQL, [year, null])));
	} else {
		const again = await Promise.all(
			[...changed].map(async (bloc) => inRankOrder(toRows(await db.columns(RANKING_SQL, [year, bloc]))))
		);
		rows = mergeBlocs(last.value, changed, again.flat());
	}
	db.keep(key, since, rows);
	return rows;
}

/** The blocs of `year` whose scores or pledge were written since `since`; null: the whole year. */
function changedBlocs(db: Database, year: number, since: number): Set<string> | null {
	const out = new Set<string>();
	for (const kind of ['score', 'pledge'] as const) {
		const paths = db.changedBelow(`${kind}/${year}`, since);
		if (!paths) return null;
		for (const p of paths) out.add(p.slice(`${kind}/${year}/`.length));
	}
	return out;
}

/**
 * `before` (every bloc of a year, by bloc code) with the blocs `changed` replaced by `fresh`
 * (read again, in ranking order; a bloc without members any more has no rows), by bloc code.
 */
export function mergeBlocs<R extends { blocCode: string }>(
	before: readonly R[],
	changed: ReadonlySet<string>,
	fresh: readonly R[]
): R[] {
	const byBloc = new Map<string, R[]>();
	for (const r of before) if (!changed.has(r.blocCode)) push(byBloc, r);
	for (const r of fresh) push(byBloc, r);
	return [...byBloc.keys()].sort(compareCodes).flatMap((b) => byBloc.get(b)!);
}

function push<R extends { blocCode: string }>(m: Map<string, R[]>, r: R): void {
	const rows = m.get(r.blocCode);
	if (rows) rows.push(r);
	else m.set(r.blocCode, [r]);
}

/** The rankings of one bloc in every year, by year, from one query. */
export async function rankBlocYears(db: Database, blocCode: string): Promise<BlocRankingRow[]> {
	return query(db, null, blocCode);
}

/**
 * The rankings of every bloc of every year, by year then bloc code, from one query: ranks,
 * totals, tiers and proposals without the content groups (a page of every bloc-year shows none).
 * Read as numbers (RANKING_CODED_SQL), the codes and names once each: the same rows as
 * RANKING_SQL without the groups (the ranking tests compare them).
 */
export async function rankAll(db: Database): Promise<BlocRankingSummary[]> {
	return db.cached('rankingSummary', async () => inRankOrder(await readCoded(db)), [
		dep.score(null, null),
		dep.pledge(null, null)
	]);
}

const PROPOSALS = ['flag', 'certificate'] as const;
const CODED_SQL = rankingCodedSql(ROLES, TIERS, PROPOSALS);

/** The value at `code` of a list of codes (CODED_PACKING). */
function decode<T extends string>(codes: readonly T[], code: number, what: string): T {
	const v = codes[code];
	if (v === undefined) throw new RangeError(`Mã ${what} không hợp lệ trong tổng điểm lưu sẵn: ${code}`);
	return v;
}

/** The coded rows and their dictionaries, in one read transaction (one snapshot). */
async function readCoded(db: Database): Promise<BlocRankingSummary[]> {
	return db.withConnection(async (conn) => {
		await conn.run('BEGIN TRANSACTION');
		try {
			const blocs = (await conn.runAndReadAll(RANKED_BLOCS_SQL)).getColumnsJS()[0] as string[];
			const [unitCodes, unitNames] = (await conn.runAndReadAll(RANKED_UNITS_SQL)).getColumnsJS() as [
				string[],
				string[]
			];
			const result = await conn.run(CODED_SQL);
			const chunks = await result.fetchAllChunks();
			const rows = decodeChunks(chunks, result.columnNames(), blocs, unitCodes, unitNames);
			await conn.run('COMMIT');
			return rows;
		} catch (e) {
			await conn.run('ROLLBACK').catch(() => undefined);
			throw e;
		}
	});
}

/**
 * RANKING_CODED_SQL's chunks as row objects, built in one pass (no column arrays in between: at
 * 204 000 rows the garbage collector was a third of the read).
 */
function decodeChunks(
	chunks: readonly DuckDBDataChunk[],
	names: readonly string[],
	blocs: readonly string[],
	unitCodes: readonly string[],
	unitNames: readonly string[]
): BlocRankingSummary[] {
	const k = CODED_PACKING;
	const at = (name: string) => {
		const i = names.indexOf(name);
		if (i < 0) throw new Error(`RANKING_CODED_SQL thiếu cột ${name}`);
		return i;
	};
	const ix = {
		year: at('year'),
		bloc: at('bloc'),
		unit: at('unit'),
		codes: at('codes'),
		content: at('content'),
		contentMax: at('contentMax'),
		bonusRaw: at('bonusRaw'),
		bonus: at('bonus'),
		deduction: at('deduction'),
		total: at('total'),
		percent: at('percent'),
		rank: at('rank'),
		counts: at('counts')
	};
	const out: BlocRankingSummary[] = [];
	for (const chunk of chunks) {
		const v = (i: number) => chunk.getColumnVector(i) as DuckDBVector<number>;
		const [
			year,
			bloc,
			unit,
			codes,
			content,
			contentMax,
			bonusRaw,
			bonus,
			deduction,
			total,
			percent,
			rank,
			counts
		] = [
			ix.year,
			ix.bloc,
			ix.unit,
			ix.codes,
			ix.content,
			ix.contentMax,
			ix.bonusRaw,
			ix.bonus,
			ix.deduction,
			ix.total,
			ix.percent,
			ix.rank,
			ix.counts
		].map(v) as DuckDBVector<number>[];
		for (let i = 0; i < chunk.rowCount; i++) {
			const u = unit!.getItem(i)!;
			const c = codes!.getItem(i)!;
			const n = counts!.getItem(i)!;
			const p = Math.floor(c / k.proposal) % (k.tied / k.proposal);
			const v = Math.floor(c / k.vote) % 4;
			out.push({
				year: year!.getItem(i)!,
				blocCode: blocs[bloc!.getItem(i)!]!,
				unitCode: unitCodes[u]!,
				unitName: unitNames[u]!,
				role: decode(ROLES, c % k.tier, 'vai trò'),
				content: content!.getItem(i)!,
				contentMax: contentMax!.getItem(i)!,
				bonusRaw: bonusRaw!.getItem(i)!,
				bonus: bonus!.getItem(i)!,
				deduction: deduction!.getItem(i)!,
				total: total!.getItem(i)!,
				percent: percent!.getItem(i)!,
				rank: rank!.getItem(i)!,
				tied: (c & k.tied) !== 0,
				tier: decode(TIERS, Math.floor(c / k.tier) % (k.proposal / k.tier), 'xếp loại'),
				proposal: p === k.noProposal ? null : decode(PROPOSALS, p, 'đề nghị'),
				proposalTie: (c & k.proposalTie) !== 0,
				vote: v === k.noProposal ? null : decode(PROPOSALS, v, 'bỏ phiếu'),
				unreviewedCount: n % k.missing,
				missingCount: Math.floor(n / k.missing)
			});
		}
	}
	return out;
}

/** A pledge's ranking settings as PLEDGE_SETTINGS_SQL reads them (tiers as text). */
export type PledgeSettingsRow = Omit<PledgeRankingSettings, 'flagMinTier' | 'certificateMinTier'> & {
	flagMinTier: string | null;
	certificateMinTier: string | null;
};
/** The council's ranking defaults as COUNCIL_DEFAULTS_SQL reads them (tiers as text). */
export type CouncilRow = {
	tierExcellentPct: number;
	tierGoodPct: number;
	tierFairPct: number;
	tierAveragePct: number;
	flagCount: number;
	flagMinTier: string;
	certificateCount: number;
	certificateMinTier: string;
};

/** The units of a bloc-year's recorded votes (issue 15); $1 year, $2 bloc_code. */
const VOTE_UNITS_SQL = `
SELECT v.kind, v.places, u.unit_code AS "unitCode", u.chosen
FROM bloc_vote v
JOIN bloc_vote_unit u ON u.year = v.year AND u.bloc_code = v.bloc_code AND u.kind = v.kind
WHERE v.year = $1::INTEGER AND v.bloc_code = $2::VARCHAR
ORDER BY v.kind, u.unit_code`;
type VoteUnitRow = { kind: 'flag' | 'certificate'; places: number; unitCode: string; chosen: boolean };

/** An interface as a plain object type (row objects of `db.all` need an index signature). */
type Plain<T> = { [K in keyof T]: T[K] };

/** The council's ranking defaults (council_setting). */
export async function loadCouncilDefaults(db: Database): Promise<CouncilRankingDefaults> {
	const [c] = await db.reads(dep.catalog, () => db.all<CouncilRow>(COUNCIL_DEFAULTS_SQL));
	if (!c) throw new Error('Thiếu cấu hình hội đồng (council_setting)');
	return {
		thresholds: {
			excellent: c.tierExcellentPct,
			good: c.tierGoodPct,
			fair: c.tierFairPct,
			average: c.tierAveragePct
		},
		flagCount: c.flagCount,
		flagMinTier: parseTier(c.flagMinTier),
		certificateCount: c.certificateCount,
		certificateMinTier: parseTier(c.certificateMinTier)
	};
}

/**
 * Reads one bloc-year into the reference's input: resolved settings (pledge, else council),
 * criteria, members and the members' scores. Feeds `rankBloc` of `src/lib/domain/ranking.ts`
 * (tests, what-if).
 */
export async function loadBlocInput(db: Database, year: number, blocCode: string): Promise<BlocInput> {
	const params = [year, blocCode];
	const [council, pledges, criteria, members, scores, voteUnits] = await db.reads(
		[dep.score(year, blocCode), dep.pledge(year, blocCode)],
		() =>
			Promise.all([
				loadCouncilDefaults(db),
				db.all<PledgeSettingsRow>(PLEDGE_SETTINGS_SQL, params),
				db.all<Plain<CriterionDef>>(CRITERIA_SQL, params),
				db.all<Plain<BlocMember>>(MEMBERS_SQL, params),
				db.all<Plain<ScoreEntry>>(MEMBER_SCORES_SQL, params),
				db.all<VoteUnitRow>(VOTE_UNITS_SQL, params)
			])
	);
	const p = pledges[0];
	const pledge: PledgeRankingSettings | null = p
		? {
				...p,
				flagMinTier: p.flagMinTier === null ? null : parseTier(p.flagMinTier),
				certificateMinTier: p.certificateMinTier === null ? null : parseTier(p.certificateMinTier)
			}
		: null;
	// Issue 15: the recorded votes, as the rule reads them.
	const votes: RecordedVote[] = [];
	for (const u of voteUnits) {
		let v = votes.find((x) => x.kind === u.kind);
		if (!v) votes.push((v = { kind: u.kind, places: u.places, units: [], chosen: [] }));
		v.units.push(u.unitCode);
		if (u.chosen) v.chosen.push(u.unitCode);
	}
	return { settings: resolveSettings(pledge, council), criteria, members, scores, votes };
}
