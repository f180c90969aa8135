/**
 * The council's optional setting "advance the stage by itself at the deadline" (issue 14,
 * part 6; council_setting.auto_advance_at_deadline, migration 014, off by default): the
 * housekeeping loop moves a bloc-year from self-scoring to review once its self-scoring
 * deadline and every unit's extension have passed in Vietnam time. Finalising stays a person's
 * decision. Each move is its own transaction, names its stage change, and is audited as done by
 * the system ('stage', old → new, the reason naming the deadline).
 */
import { isPast } from '../../domain/deadline';
import { formatDate } from '../../domain/numbers';
import { can, type Principal } from '../../domain/policy';
import { t } from '../../i18n';
import { allOn, type Database } from '../db';
import { dep } from '../db/freshness';

/** The name the audit trail gives the housekeeping's own changes. */
export const SYSTEM_USERNAME = 'system:deadline';

/** Whether the council has the stage advance by itself at the self-scoring deadline (default: no). */
export async function autoAdvanceAtDeadline(db: Database): Promise<boolean> {
	const [row] = await db.reads(dep.catalog, () =>
		db.all<{ on: boolean | null }>(
			'SELECT auto_advance_at_deadline AS "on" FROM council_setting WHERE id = 1'
		)
	);
	return row?.on === true;
}

/** Sets it (an admin: `manage:settings`), audited ('setting'); false when refused. */
export async function setAutoAdvanceAtDeadline(db: Database, user: Principal, on: boolean): Promise<boolean> {
	if (!can(user, { kind: 'manage:settings' })) return false;
	await db.transaction(
		async (conn) => {
			const [row] = await allOn<{ was: boolean }>(
				conn,
				'SELECT COALESCE(auto_advance_at_deadline, false) AS was FROM council_setting WHERE id = 1'
			);
			const was = row?.was === true;
			if (was === on) return;
			await conn.run('UPDATE council_setting SET auto_advance_at_deadline = $1 WHERE id = 1', [on]);
			await conn.run(
				`INSERT INTO audit_log (user_id, username, action, criterion_code, old_value, new_value)
				 VALUES ($1, $2, 'setting', 'auto_advance_at_deadline', $3, $4)`,
				[user.userId, user.username, String(was), String(on)]
			);
		},
		{ changes: [{ kind: 'catalog' }] }
	);
	return true;
}

/** A bloc-year in self-scoring with a deadline: the last day of its window (deadline or latest extension). */
interface Candidate {
	year: number;
	blocCode: string;
	selfUntil: string;
	lastDay: string;
}

const CANDIDATES_SQL = `
SELECT p.year, p.bloc_code AS "blocCode", strftime(d.self_until, '%Y-%m-%d') AS "selfUntil",
       strftime(greatest(d.self_until, COALESCE(
         (SELECT max(e.until) FROM deadline_extension e WHERE e.year = p.year AND e.bloc_code = p.bloc_code),
         d.self_until)), '%Y-%m-%d') AS "lastDay"
FROM pledge p JOIN bloc_deadline d ON d.year = p.year AND d.bloc_code = p.bloc_code
WHERE p.stage = 'self_scoring' AND d.self_until IS NOT NULL
ORDER BY p.year, p.bloc_code`;

/**
 * With the setting on: moves every bloc-year whose self-scoring window has ended at `now` to
 * review, one transaction each (the stage and the window read again inside it). Returns the
 * bloc-years moved. With the setting off: nothing.
 */
export async function advanceAtDeadlines(
	db: Database,
	now: number = Date.now()
): Promise<{ year: number; blocCode: string }[]> {
	if (!(await autoAdvanceAtDeadline(db))) return [];
	const due = (await db.withConnection((conn) => allOn<Candidate>(conn, CANDIDATES_SQL))).filter((c) =>
		isPast(c.lastDay, now)
	);
	const moved: { year: number; blocCode: string }[] = [];
	const vi = t('vi');
	for (const c of due) {
		const done = await db.transaction(
			async (conn) => {
				const [again] = await allOn<Candidate>(
					conn,
					`SELECT * FROM (${CANDIDATES_SQL}) WHERE year = $1 AND "blocCode" = $2`,
					[c.year, c.blocCode]
				);
				if (!again || !isPast(again.lastDay, now)) return false;
				await conn.run(
					"UPDATE pledge SET stage = 'review' WHERE year = $1 AND bloc_code = $2 AND stage = 'self_scoring'",
					[c.year, c.blocCode]
				);
				await conn.run(
					`INSERT INTO audit_log (user_id, username, action, year, bloc_code, old_value, new_value, reason)
					 VALUES (NULL, $1, 'stage', $2, $3, 'self_scoring', 'review', $4)`,
					[
						SYSTEM_USERNAME,
						c.year,
						c.blocCode,
						vi('deadline.auto.reason', { date: formatDate(again.lastDay) })
					]
				);
				return true;
			},
			{
				retryOnConflict: true,
				// As a stage change by a person (scoring/stage.ts): the stage and the bloc-year's trail.
				changes: [
					{ kind: 'stage', year: c.year, bloc: c.blocCode },
					{ kind: 'score', year: c.year, bloc: c.blocCode }
				],
				scope: () => [{ table: 'pledge', year: c.year, blocCode: c.blocCode }]
			}
		);
		if (done) moved.push({ year: c.year, blocCode: c.blocCode });
	}
	return moved;
}
