/**
 * The council's settings an admin changes on the Quản trị page: who gives the bloc score of the
 * bloc leader's own unit (council_setting.deputy_reviews_leader_unit, migration 008). Every
 * change is recorded in the audit trail (action 'setting', old → new).
 */
import { can, type Principal } from '../../domain/policy';
import type { Database } from '../db';
import { dep } from '../db/freshness';

/** Whether the deputy, not the leader, reviews the bloc leader's own unit (default: no). */
export async function deputyReviewsLeaderUnit(db: Database): Promise<boolean> {
	const [row] = await db.reads(dep.catalog, () =>
		db.all<{ on: boolean | null }>(
			'SELECT deputy_reviews_leader_unit AS "on" FROM council_setting WHERE id = 1'
		)
	);
	return row?.on === true;
}

/**
 * Sets it; false (nothing written) when the account may not change the council's settings.
 * Every cached read and page is stale afterwards (a catalog write).
 */
export async function setDeputyReviewsLeaderUnit(
	db: Database,
	user: Principal,
	on: boolean
): Promise<boolean> {
	if (!can(user, { kind: 'manage:settings' })) return false;
	await db.transaction(
		async (conn) => {
			const reader = await conn.runAndReadAll(
				'SELECT COALESCE(deputy_reviews_leader_unit, false) AS was FROM council_setting WHERE id = 1'
			);
			const was = (reader.getRowObjectsJS()[0]?.was ?? false) === true;
			if (was === on) return;
			await conn.run('UPDATE council_setting SET deputy_reviews_leader_unit = $1 WHERE id = 1', [on]);
			await conn.run(
				`INSERT INTO audit_log (user_id, username, action, criterion_code, old_value, new_value)
				 VALUES ($1, $2, 'setting', 'deputy_reviews_leader_unit', $3, $4)`,
				[user.userId, user.username, String(was), String(on)]
			);
		},
		{ changes: [{ kind: 'catalog' }] }
	);
	return true;
}
