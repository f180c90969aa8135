/**
 * The stage (giai đoạn) of a bloc-year, read from its pledge, and the one way to change it:
 * open → self_scoring → review → finalised, or back with a reason (a finalised bloc: admin only).
 */
import { can, isStage, STAGES, type BlocYear, type Principal, type Stage } from '../../domain/policy';
import { allOn, type Database } from '../db';
import { dep } from '../db/freshness';
import { voteBlockers, type VoteBlocker } from '../vote';

/** The bloc-year with its stage, or null when the bloc signed no pledge that year. */
export async function getBlocYear(db: Database, year: number, blocCode: string): Promise<BlocYear | null> {
	const [row] = await db.cached(
		`stage:${year}:${blocCode}`,
		() =>
			db.all<{ stage: string | null }>('SELECT stage FROM pledge WHERE year = $1 AND bloc_code = $2', [
				year,
				blocCode
			]),
		[dep.stage(year, blocCode), dep.pledge(year, blocCode)]
	);
	if (!row) return null;
	return { blocCode, year, stage: isStage(row.stage) ? row.stage : 'open' };
}

/** Stages of every bloc in a year, by bloc code. */
export async function stagesOfYear(db: Database, year: number): Promise<Map<string, BlocYear>> {
	const rows = await db.cached(
		`stages:${year}`,
		() =>
			db.all<{ bloc_code: string; stage: string | null }>(
				'SELECT bloc_code, stage FROM pledge WHERE year = $1',
				[year]
			),
		[dep.stage(year, null), dep.pledge(year, null)]
	);
	return new Map(
		rows.map((r) => [
			r.bloc_code,
			{ blocCode: r.bloc_code, year, stage: isStage(r.stage) ? r.stage : 'open' }
		])
	);
}

/** Longest reason kept with a stage change (the rest is refused, not cut). */
export const REASON_MAX = 1000;

export type StageChange =
	| { ok: true; bloc: BlocYear; from: Stage; to: Stage }
	| {
			ok: false;
			/**
			 * forbidden: `can` refuses; reason_required: moving back without a reason; reason_too_long;
			 * same: already at that stage (told only to someone who may move the bloc); stale: the stage changed since `bloc` was read (another
			 * change won); not_found: the bloc has no pledge that year.
			 */
			refusal: 'forbidden' | 'reason_required' | 'reason_too_long' | 'same' | 'stale' | 'not_found' | 'vote';
			/** The stage stored now, when known. */
			current?: Stage;
			/**
			 * Issue 15, refusal 'vote': finalising with a tie that needs a secret ballot, or with a
			 * recorded ballot that no longer applies (ranking's stored outcome, read in the transaction).
			 */
			votes?: VoteBlocker[];
	  };

/** Whether moving from `from` to `to` is an advance (forward) or a reopen (back). */
export function stageActionKind(from: Stage, to: Stage): 'stage:advance' | 'stage:reopen' {
	return STAGES.indexOf(to) > STAGES.indexOf(from) ? 'stage:advance' : 'stage:reopen';
}

/** The stages `user` may move `bloc` to from where it is, in lifecycle order, with the kind of move. */
export function allowedStageMoves(
	user: Principal | null,
	bloc: BlocYear
): { to: Stage; kind: 'stage:advance' | 'stage:reopen' }[] {
	return STAGES.filter((s) => s !== bloc.stage)
		.map((to) => ({ to, kind: stageActionKind(bloc.stage, to) }))
		.filter((m) => can(user, { kind: m.kind, bloc, to: m.to }));
}

/**
 * Moves a bloc-year to another stage. Checks `can` itself (defence in depth: the route has
 * already authorised), requires a reason to move back, and in one transaction re-reads the
 * stored stage, refuses when it is no longer `bloc.stage` (someone else moved it meanwhile),
 * updates `pledge.stage` and inserts one `audit_log` row (action 'stage', old → new, reason).
 * `bloc` is the bloc-year as the caller read it; refusals write nothing.
 */
export async function changeStage(
	db: Database,
	user: Principal,
	bloc: BlocYear,
	to: Stage,
	reason: string
): Promise<StageChange> {
	const from = bloc.stage;
	// "Already there" tells where the bloc is: only to someone who may move it at all.
	if (to === from)
		return {
			ok: false,
			refusal: allowedStageMoves(user, bloc).length > 0 ? 'same' : 'forbidden',
			current: from
		};
	const kind = stageActionKind(from, to);
	if (!can(user, { kind, bloc, to })) return { ok: false, refusal: 'forbidden', current: from };
	const why = reason.trim();
	if (kind === 'stage:reopen' && why === '') return { ok: false, refusal: 'reason_required', current: from };
	if (why.length > REASON_MAX) return { ok: false, refusal: 'reason_too_long', current: from };
	// Two changes at once: DuckDB lets one commit and refuses the other, which runs once more and
	// then finds the stage moved (stale). Losing twice throws WriteConflictError (nothing written).
	return db.transaction(
		async (conn): Promise<StageChange> => {
			const [row] = await allOn<{ stage: string | null }>(
				conn,
				'SELECT stage FROM pledge WHERE year = $1 AND bloc_code = $2',
				[bloc.year, bloc.blocCode]
			);
			if (!row) return { ok: false, refusal: 'not_found' };
			const stored: Stage = isStage(row.stage) ? row.stage : 'open';
			if (stored !== from) return { ok: false, refusal: 'stale', current: stored };
			// Issue 15: the outcome finalised is the one stored now; a tie still needing its vote, or a
			// vote that no longer applies, would freeze a proposal nobody decided.
			if (to === 'finalised') {
				const votes = await voteBlockers(conn, bloc.year, bloc.blocCode);
				if (votes.length > 0) return { ok: false, refusal: 'vote', current: stored, votes };
			}
			await conn.run('UPDATE pledge SET stage = $1 WHERE year = $2 AND bloc_code = $3', [
				to,
				bloc.year,
				bloc.blocCode
			]);
			await conn.run(
				`INSERT INTO audit_log (user_id, username, action, year, bloc_code, old_value, new_value, reason)
				 VALUES ($1, $2, 'stage', $3, $4, $5, $6, $7)`,
				[user.userId, user.username, bloc.year, bloc.blocCode, from, to, why === '' ? null : why]
			);
			return { ok: true, bloc: { ...bloc, stage: to }, from, to };
		},
		{
			retryOnConflict: true,
			// The stage, and the bloc-year's audit trail (read with its scores).
			changes: [
				{ kind: 'stage', year: bloc.year, bloc: bloc.blocCode },
				{ kind: 'score', year: bloc.year, bloc: bloc.blocCode }
			],
			scope: () => [{ table: 'pledge', year: bloc.year, blocCode: bloc.blocCode }]
		}
	);
}
