/**
 * Issue 15, the vote: the secret ballots of a bloc-year (bloc_vote, bloc_vote_unit), recorded
 * and cleared by its leader or an admin while the bloc is in review, each in one transaction
 * with its audit row. The ranking rule (ranking/queries.ts, the single source of truth) reads
 * them: the stored outcome follows a vote while it applies to the tie as it is now.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { can, type BlocYear, type Principal } from '../../domain/policy';
import { resolveSettings } from '../../domain/ranking';
import { parseTier } from '../../domain/ranking';
import type { RankingRow } from '../../domain/types';
import {
	checkBallot,
	openTies,
	viDate,
	VOTE_KINDS,
	type Ballot,
	type BallotForm,
	type BallotProblem,
	type VoteKind,
	type VoteTie
} from '../../domain/vote';
import { translator, type Translator } from '../../i18n';
import { allOn, type Database } from '../db';
import { dep } from '../db/freshness';
import { COUNCIL_DEFAULTS_SQL, PLEDGE_SETTINGS_SQL, RANKING_SQL } from '../ranking/queries';
import type { CouncilRow, PledgeSettingsRow } from '../ranking';

/** The ballots of one bloc-year ($1 year, $2 bloc), with their units (votes first). */
const BALLOTS_SQL = `
SELECT
	v.kind,
	strftime(v.vote_date, '%Y-%m-%d') AS date,
	v.members_total AS "membersTotal",
	v.members_present AS "membersPresent",
	v.places,
	u.unit_code AS "unitCode",
	u.votes,
	u.chosen
FROM bloc_vote v
JOIN bloc_vote_unit u ON u.year = v.year AND u.bloc_code = v.bloc_code AND u.kind = v.kind
WHERE v.year = $1::INTEGER AND v.bloc_code = $2::VARCHAR
ORDER BY v.kind, u.votes DESC, u.unit_code`;

type BallotRow = Omit<Ballot, 'units'> & { unitCode: string; votes: number; chosen: boolean };

function toBallots(rows: BallotRow[]): Ballot[] {
	const out = new Map<string, Ballot>();
	for (const r of rows) {
		let b = out.get(r.kind);
		if (!b) {
			b = {
				kind: r.kind,
				date: r.date,
				membersTotal: r.membersTotal,
				membersPresent: r.membersPresent,
				places: r.places,
				units: []
			};
			out.set(r.kind, b);
		}
		b.units.push({ unitCode: r.unitCode, votes: r.votes, chosen: r.chosen });
	}
	return VOTE_KINDS.map((k) => out.get(k)).filter((b): b is Ballot => b !== undefined);
}

/** The recorded ballots of a bloc-year, flag first (read with the bloc-year's pledge data). */
export async function readBallots(db: Database, year: number, blocCode: string): Promise<Ballot[]> {
	return db.cached(
		`ballots:${year}:${blocCode}`,
		async () => toBallots(await db.all<BallotRow>(BALLOTS_SQL, [year, blocCode])),
		[dep.pledge(year, blocCode)]
	);
}

/** Whether a recorded ballot decides the ranking now (some unit's proposal follows it). */
export function ballotApplies(rows: readonly RankingRow[], kind: VoteKind): boolean {
	return rows.some((r) => r.vote === kind);
}

/** One proposal's vote on the bloc page: the tie now, the ballot recorded, whether it applies. */
export interface VoteLine {
	kind: VoteKind;
	/** The tie that needs a vote now, or null. */
	tie: VoteTie | null;
	ballot: Ballot | null;
	/** The ballot decides the ranking now. */
	applies: boolean;
	/** The ballot's lines with unit names, votes first. */
	units: { unitCode: string; unitName: string; votes: number; chosen: boolean }[];
}

export interface VotePanel {
	lines: VoteLine[];
	/** The bloc's member units (the most who can be present). */
	members: number;
	/** This account may record and clear the ballots now. */
	mayRecord: boolean;
	/** Today in Vietnam, ISO (the latest date a ballot may have). */
	today: string;
	/** The bloc-year is finalised: its outcome is frozen, a tie left is history. */
	finalised: boolean;
}

const vietnamIso = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Asia/Ho_Chi_Minh',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** Today in Vietnam as yyyy-mm-dd. */
export function todayIso(now = new Date()): string {
	return vietnamIso.format(now);
}

/**
 * The vote panel of a bloc-year: a line per proposal that has a tie now or a recorded ballot.
 * `settings`: the bloc-year's resolved places (the bloc header's pledge).
 */
export async function votePanel(
	db: Database,
	user: Principal | null,
	bloc: BlocYear,
	rows: readonly RankingRow[],
	settings: { flagCount: number; certificateCount: number; certificateMinTier: RankingRow['tier'] }
): Promise<VotePanel> {
	const ballots = await readBallots(db, bloc.year, bloc.blocCode);
	const ties = openTies(rows, settings);
	const names = new Map(rows.map((r) => [r.unitCode, r.unitName]));
	const lines = VOTE_KINDS.map((kind): VoteLine => {
		const ballot = ballots.find((b) => b.kind === kind) ?? null;
		return {
			kind,
			tie: ties.find((t) => t.kind === kind) ?? null,
			ballot,
			applies: ballot !== null && ballotApplies(rows, kind),
			units: (ballot?.units ?? []).map((u) => ({ ...u, unitName: names.get(u.unitCode) ?? u.unitCode }))
		};
	}).filter((l) => l.tie !== null || l.ballot !== null);
	return {
		lines,
		members: rows.length,
		mayRecord: can(user, { kind: 'vote:record', bloc }),
		today: todayIso(),
		finalised: bloc.stage === 'finalised'
	};
}

/** What keeps a bloc-year from being finalised: a tie without a vote, or a vote no longer applying. */
export type VoteBlocker =
	{ reason: 'unresolved'; kind: VoteKind; count: number } | { reason: 'stale'; kind: VoteKind };

/**
 * The vote blockers of a bloc-year, read on a write's connection (inside the finalising
 * transaction, from the stored outcome it is about to freeze).
 */
export async function voteBlockers(
	conn: DuckDBConnection,
	year: number,
	blocCode: string
): Promise<VoteBlocker[]> {
	const rows = await allOn<{ kind: string; reason: string; n: bigint | number }>(
		conn,
		`SELECT proposal AS kind, 'unresolved' AS reason, COUNT(*) AS n
		 FROM unit_total
		 WHERE year = $1::INTEGER AND bloc_code = $2::VARCHAR AND proposal_tie
		 GROUP BY proposal
		 UNION ALL
		 SELECT v.kind, 'stale', 0
		 FROM bloc_vote v
		 WHERE v.year = $1::INTEGER AND v.bloc_code = $2::VARCHAR
			AND NOT EXISTS (
				SELECT 1 FROM unit_total t WHERE t.year = v.year AND t.bloc_code = v.bloc_code AND t.vote = v.kind
			)`,
		[year, blocCode]
	);
	const out: VoteBlocker[] = [];
	for (const kind of VOTE_KINDS)
		for (const r of rows.filter((x) => x.kind === kind))
			out.push(
				r.reason === 'unresolved'
					? { reason: 'unresolved', kind, count: Number(r.n) }
					: { reason: 'stale', kind }
			);
	return out;
}

/** A blocker in Vietnamese (or the interface's language). */
export function blockerText(tr: Translator, b: VoteBlocker): string {
	const kind = tr.t(`vote_kind.${b.kind}`);
	return b.reason === 'unresolved'
		? tr.t('vote_refuse.unresolved', { kind, units: b.count })
		: tr.t('vote_refuse.stale', { kind });
}

export type VoteWrite =
	| { ok: true; kind: VoteKind }
	| {
			ok: false;
			/**
			 * forbidden: `can` refuses (or the stage moved out of review meanwhile); no_tie: no tie
			 * needs this vote now; invalid: the ballot's problems; none: nothing to clear.
			 */
			refusal: 'forbidden' | 'no_tie' | 'invalid' | 'none';
			problems?: BallotProblem[];
	  };

/** The stored ranking of a bloc-year and its ties now, on a write's connection. */
async function tiesOn(
	conn: DuckDBConnection,
	year: number,
	blocCode: string
): Promise<{ rows: RankingRow[]; ties: VoteTie[] }> {
	const rows = await allOn<RankingRow>(conn, RANKING_SQL, [year, blocCode]);
	const [p] = await allOn<PledgeSettingsRow>(conn, PLEDGE_SETTINGS_SQL, [year, blocCode]);
	const [c] = await allOn<CouncilRow>(conn, COUNCIL_DEFAULTS_SQL);
	if (!c) throw new Error('Thiếu cấu hình hội đồng (council_setting)');
	const settings = resolveSettings(
		p
			? {
					...p,
					flagMinTier: p.flagMinTier === null ? null : parseTier(p.flagMinTier),
					certificateMinTier: p.certificateMinTier === null ? null : parseTier(p.certificateMinTier)
				}
			: null,
		{
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
		}
	);
	return { rows, ties: openTies(rows, settings) };
}

/** A ballot as one audit line: «Bằng khen, 05/12/2025: 12/15 có mặt; SO01 8 phiếu (chọn), SO07 4 phiếu». */
export function ballotSummary(tr: Translator, b: Ballot): string {
	return tr.t('vote_summary', {
		kind: tr.t(`vote_kind.${b.kind}`),
		date: viDate(b.date),
		present: b.membersPresent,
		members: b.membersTotal,
		units: [...b.units]
			.sort((x, y) => y.votes - x.votes || (x.unitCode < y.unitCode ? -1 : 1))
			.map((u) => `${u.unitCode} ${u.votes}${u.chosen ? ` (${tr.t('vote_chosenMark')})` : ''}`)
			.join(', ')
	});
}

/** The audit trail keeps Vietnamese text, whatever the interface language. */
const AUDIT_TEXT = translator('vi');

/** What a vote write changes: the bloc-year's ranking (as a pledge change does) and its audit trail. */
function voteChanges(bloc: BlocYear) {
	return [
		{ kind: 'pledge' as const, year: bloc.year, bloc: bloc.blocCode },
		{ kind: 'score' as const, year: bloc.year, bloc: bloc.blocCode }
	];
}

async function stageOn(conn: DuckDBConnection, bloc: BlocYear): Promise<string | null> {
	const [row] = await allOn<{ stage: string | null }>(
		conn,
		'SELECT stage FROM pledge WHERE year = $1 AND bloc_code = $2',
		[bloc.year, bloc.blocCode]
	);
	return row ? (row.stage ?? 'open') : null;
}

/**
 * Records the ballot of `kind` held on the tie as it is now, replacing a recorded one that no
 * longer applies. In one transaction: the stage re-read (still in review), the tie computed from
 * the stored outcome, the ballot checked against it, written, audited ('vote.record'); the
 * bloc-year ranked again before COMMIT (a 'pledge' change), so the proposals follow it.
 * Refusals write nothing.
 */
export async function recordVote(
	db: Database,
	tr: Translator,
	user: Principal,
	bloc: BlocYear,
	kind: VoteKind,
	form: BallotForm,
	today = todayIso()
): Promise<VoteWrite> {
	if (!can(user, { kind: 'vote:record', bloc })) return { ok: false, refusal: 'forbidden' };
	return db.transaction(
		async (conn): Promise<VoteWrite> => {
			if ((await stageOn(conn, bloc)) !== bloc.stage) return { ok: false, refusal: 'forbidden' };
			const { rows, ties } = await tiesOn(conn, bloc.year, bloc.blocCode);
			const tie = ties.find((t) => t.kind === kind);
			if (!tie) return { ok: false, refusal: 'no_tie' };
			const check = checkBallot(tr, form, tie, rows.length, today);
			if (!check.ok) return { ok: false, refusal: 'invalid', problems: check.problems };
			const b = check.ballot;
			const before = toBallots(await allOn<BallotRow>(conn, BALLOTS_SQL, [bloc.year, bloc.blocCode])).find(
				(x) => x.kind === kind
			);
			const key = [bloc.year, bloc.blocCode, kind];
			await conn.run('DELETE FROM bloc_vote_unit WHERE year = $1 AND bloc_code = $2 AND kind = $3', key);
			await conn.run('DELETE FROM bloc_vote WHERE year = $1 AND bloc_code = $2 AND kind = $3', key);
			await conn.run(
				`INSERT INTO bloc_vote (year, bloc_code, kind, vote_date, members_total, members_present, places, recorded_by)
				 VALUES ($1, $2, $3, CAST($4 AS DATE), $5, $6, $7, $8)`,
				[...key, b.date, b.membersTotal, b.membersPresent, b.places, user.username]
			);
			for (const u of b.units)
				await conn.run(
					`INSERT INTO bloc_vote_unit (year, bloc_code, kind, unit_code, votes, chosen) VALUES ($1, $2, $3, $4, $5, $6)`,
					[...key, u.unitCode, u.votes, u.chosen]
				);
			await conn.run(
				`INSERT INTO audit_log (user_id, username, action, year, bloc_code, old_value, new_value)
				 VALUES ($1, $2, 'vote.record', $3, $4, $5, $6)`,
				[
					user.userId,
					user.username,
					bloc.year,
					bloc.blocCode,
					before ? ballotSummary(AUDIT_TEXT, before) : null,
					ballotSummary(AUDIT_TEXT, b)
				]
			);
			return { ok: true, kind };
		},
		{
			retryOnConflict: true,
			changes: voteChanges(bloc),
			scope: () => [{ table: 'bloc_vote', year: bloc.year, blocCode: bloc.blocCode }]
		}
	);
}

/**
 * Clears the recorded ballot of `kind` (the tie then needs a vote again), audited
 * ('vote.clear'), in one transaction; the bloc-year ranked again before COMMIT.
 */
export async function clearVote(
	db: Database,
	user: Principal,
	bloc: BlocYear,
	kind: VoteKind
): Promise<VoteWrite> {
	if (!can(user, { kind: 'vote:record', bloc })) return { ok: false, refusal: 'forbidden' };
	return db.transaction(
		async (conn): Promise<VoteWrite> => {
			if ((await stageOn(conn, bloc)) !== bloc.stage) return { ok: false, refusal: 'forbidden' };
			const before = toBallots(await allOn<BallotRow>(conn, BALLOTS_SQL, [bloc.year, bloc.blocCode])).find(
				(x) => x.kind === kind
			);
			if (!before) return { ok: false, refusal: 'none' };
			const key = [bloc.year, bloc.blocCode, kind];
			await conn.run('DELETE FROM bloc_vote_unit WHERE year = $1 AND bloc_code = $2 AND kind = $3', key);
			await conn.run('DELETE FROM bloc_vote WHERE year = $1 AND bloc_code = $2 AND kind = $3', key);
			await conn.run(
				`INSERT INTO audit_log (user_id, username, action, year, bloc_code, old_value, new_value)
				 VALUES ($1, $2, 'vote.clear', $3, $4, $5, NULL)`,
				[user.userId, user.username, bloc.year, bloc.blocCode, ballotSummary(AUDIT_TEXT, before)]
			);
			return { ok: true, kind };
		},
		{
			retryOnConflict: true,
			changes: voteChanges(bloc),
			scope: () => [{ table: 'bloc_vote', year: bloc.year, blocCode: bloc.blocCode }]
		}
	);
}
