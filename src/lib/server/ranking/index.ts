/**
 * Bloc rankings from the database. The rule lives in SQL (`./queries.ts`); the TypeScript
 * reference in `src/lib/domain/ranking.ts` must agree with it (see the property test).
 */
import type { Database } from '../db';
import { dep } from '../db/freshness';
import {
	compareRankingRows,
	parseTier,
	resolveSettings,
	type CouncilRankingDefaults,
	type PledgeRankingSettings
} from '../../domain/ranking';
import type { DuckDBDataChunk } from '@duckdb/node-api';
import {
	ROLES,
	TIERS,
	type BlocInput,
	type BlocMember,
	type CriterionDef,
	type Proposal,
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
	rankingCodedSql
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
	const out: R[] = [];
	let start = 0;
	for (let i = 1; i <= rows.length; i++) {
		const a = rows[i - 1]!;
		const b = rows[i];
		if (b && b.year === a.year && b.blocCode === a.blocCode) continue;
		const bloc = rows.slice(start, i).sort(compareRankingRows);
		out.push(...bloc);
		start = i;
	}
	return out;
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

/** The rankings of every bloc with members in `year`, by bloc code, from one query. */
export async function rankYear(db: Database, year: number): Promise<BlocRankingRow[]> {
	return query(db, year, null);
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

/** The value at `code` of a list of codes; 255 (none) is null, for proposals only. */
function decode<T extends string>(codes: readonly T[], code: number, what: string): T {
	const v = codes[code];
	if (v === undefined) throw new RangeError(`Mã ${what} không hợp lệ trong tổng điểm lưu sẵn: ${code}`);
	return v;
}

/** Every value of column `c` of the chunks, in order. */
function column<T>(chunks: DuckDBDataChunk[], c: number, rows: number): T[] {
	const out = new Array<T>(rows);
	let at = 0;
	for (const chunk of chunks) {
		const v = chunk.getColumnVector(c);
		const n = chunk.rowCount;
		for (let i = 0; i < n; i++) out[at + i] = v.getItem(i) as T;
		at += n;
	}
	return out;
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
			const n = chunks.reduce((sum, c) => sum + c.rowCount, 0);
			const names = result.columnNames();
			const col = <T>(name: string) => column<T>(chunks, names.indexOf(name), n);
			const numbers = (name: string) => col<number>(name);
			const unit = numbers('unit');
			const columns: SummaryColumns = {
				year: numbers('year'),
				blocCode: numbers('bloc').map((b) => blocs[b]!),
				unitCode: unit.map((u) => unitCodes[u]!),
				unitName: unit.map((u) => unitNames[u]!),
				role: numbers('role').map((r) => decode(ROLES, r, 'vai trò')),
				content: numbers('content'),
				contentMax: numbers('contentMax'),
				bonusRaw: numbers('bonusRaw'),
				bonus: numbers('bonus'),
				deduction: numbers('deduction'),
				total: numbers('total'),
				percent: numbers('percent'),
				rank: numbers('rank'),
				tied: col<boolean>('tied'),
				tier: numbers('tier').map((t) => decode(TIERS, t, 'xếp loại')),
				proposal: numbers('proposal').map((p): Proposal =>
					p === 255 ? null : decode(PROPOSALS, p, 'đề nghị')
				),
				proposalTie: col<boolean>('proposalTie'),
				vote: numbers('vote').map((p): Proposal => (p === 255 ? null : decode(PROPOSALS, p, 'bỏ phiếu'))),
				unreviewedCount: numbers('unreviewedCount'),
				missingCount: numbers('missingCount')
			};
			const out: BlocRankingSummary[] = new Array(n);
			for (let i = 0; i < n; i++) out[i] = summaryAt(columns, i);
			await conn.run('COMMIT');
			return out;
		} catch (e) {
			await conn.run('ROLLBACK').catch(() => undefined);
			throw e;
		}
	});
}

type PledgeSettingsRow = Omit<PledgeRankingSettings, 'flagMinTier' | 'certificateMinTier'> & {
	flagMinTier: string | null;
	certificateMinTier: string | null;
};
type CouncilRow = {
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
