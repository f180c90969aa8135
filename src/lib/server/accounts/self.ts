/**
 * My account (issue 14, part 2): every account changes its own password (the current one
 * required, the one password rule of auth/password.ts), sees its roles and its sessions, and
 * signs its other sessions out. A changed password ends the account's other sessions and clears
 * a temporary password's `must_change_password`; it is audited as 'account.password' (who and
 * when, never the password).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Grant, Principal } from '../../domain/policy';
import { allOn, type Database } from '../db';
import { oneAtATime } from '../auth/login-attempts';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password';
import { sessionDigest } from '../auth/sessions';

/** One of the account's open sessions. */
export interface OwnSession {
	/** Epoch milliseconds. */
	createdAt: number;
	expiresAt: number;
	address: string | null;
	/** The session of this request. */
	current: boolean;
}

/** A grant with the names of what it names (for the page, in Vietnamese). */
export interface OwnRole {
	grant: Grant;
	/** The bloc's or unit's name, when the grant names one that exists. */
	name: string | null;
}

export interface MyAccount {
	username: string;
	displayName: string;
	roles: OwnRole[];
	sessions: OwnSession[];
	mustChangePassword: boolean;
	/** Epoch milliseconds of the last change of the password by the account or an admin; null: never. */
	passwordChangedAt: number | null;
}

/** Milliseconds before now of a DuckDB timestamp column, on DuckDB's own clock (as login-attempts.ts). */
const AGO = (column: string) => `CAST(epoch_ms(now()::TIMESTAMP) - epoch_ms(${column}) AS DOUBLE)`;

export async function myAccount(
	db: Database,
	user: Principal,
	sessionToken: string | undefined
): Promise<MyAccount> {
	const current = sessionToken ? sessionDigest(sessionToken) : '';
	const [row] = await db.all<{ changed_ago: number | null; must: boolean }>(
		`SELECT ${AGO('password_changed_at')} AS changed_ago, must_change_password AS must
		 FROM app_user WHERE user_id = $1`,
		[user.userId]
	);
	const sessions = await db.all<{
		created_ago: number;
		expires_in: number;
		address: string | null;
		current: boolean;
	}>(
		`SELECT ${AGO('created_at')} AS created_ago, -${AGO('expires_at')} AS expires_in, address,
		        token_hash = $2 AS current
		 FROM user_session WHERE user_id = $1 AND expires_at > now()::TIMESTAMP
		 ORDER BY current DESC, created_at DESC`,
		[user.userId, current]
	);
	const names = new Map<string, string>();
	for (const r of await db.all<{ key: string; name: string }>(
		`SELECT 'unit:' || unit_code AS key, unit_name AS name FROM unit
		 UNION ALL SELECT 'bloc:' || bloc_code, bloc_name FROM bloc`
	))
		names.set(r.key, r.name);
	const now = Date.now();
	return {
		username: user.username,
		displayName: user.displayName,
		roles: user.grants.map((grant) => ({
			grant,
			name:
				'unitCode' in grant
					? (names.get(`unit:${grant.unitCode}`) ?? null)
					: 'blocCode' in grant
						? (names.get(`bloc:${grant.blocCode}`) ?? null)
						: null
		})),
		sessions: sessions.map((s) => ({
			createdAt: now - s.created_ago,
			expiresAt: now + s.expires_in,
			address: s.address,
			current: s.current
		})),
		mustChangePassword: row?.must === true,
		passwordChangedAt:
			row?.changed_ago === null || row?.changed_ago === undefined ? null : now - row.changed_ago
	};
}

export interface PasswordChange {
	current: string;
	next: string;
	confirm: string;
}

export type PasswordChangeResult =
	{ ok: true; signedOut: number } | { ok: false; field: 'current' | 'next' | 'confirm'; problem: string };

/**
 * Changes the account's own password: the current one must match, the new one must pass the
 * password rule, differ from the current one and be typed twice alike. Then, in one transaction:
 * the new hash (full scrypt parameters), `must_change_password` cleared, `password_changed_at`
 * set, every other session of the account ended (this one stays), one audit row. One change at a
 * time per account (each check costs a full scrypt hash).
 */
export function changeOwnPassword(
	db: Database,
	user: Principal,
	sessionToken: string | undefined,
	change: PasswordChange
): Promise<PasswordChangeResult> {
	return oneAtATime(`password:${user.userId}`, async () => {
		const [row] = await db.all<{ hash: string }>(
			'SELECT password_hash AS hash FROM app_user WHERE user_id = $1 AND active',
			[user.userId]
		);
		if (!row || change.current === '' || !(await verifyPassword(change.current, row.hash)))
			return { ok: false, field: 'current', problem: 'mật khẩu hiện tại không đúng' };
		const problem = passwordProblem(change.next, user);
		if (problem) return { ok: false, field: 'next', problem };
		if (change.next.normalize('NFC') === change.current.normalize('NFC'))
			return { ok: false, field: 'next', problem: 'mật khẩu mới phải khác mật khẩu hiện tại' };
		if (change.next !== change.confirm)
			return { ok: false, field: 'confirm', problem: 'hai lần nhập mật khẩu mới không giống nhau' };
		const hash = await hashPassword(change.next);
		const keep = sessionToken ? sessionDigest(sessionToken) : '';
		return db.transaction(
			async (conn) => {
				const updated = await allOn<{ id: number }>(
					conn,
					`UPDATE app_user SET password_hash = $1, must_change_password = false,
					        password_changed_at = now()::TIMESTAMP
					 WHERE user_id = $2 AND password_hash = $3 RETURNING user_id AS id`,
					[hash, user.userId, row.hash]
				);
				// Changed meanwhile (another tab, an admin's reset): the current password checked is not it.
				if (updated.length === 0)
					return { ok: false, field: 'current', problem: 'mật khẩu hiện tại không đúng' } as const;
				const ended = await signOutOthersOn(conn, user.userId, keep);
				await conn.run(
					// criterion_code names the account, as every account.* row does (accounts/admin.ts)
					`INSERT INTO audit_log (user_id, username, action, criterion_code, reason)
					 VALUES ($1, $2, 'account.password', $2, $3)`,
					[user.userId, user.username, user.mustChangePassword ? 'self: temporary replaced' : 'self']
				);
				return { ok: true, signedOut: ended } as const;
			},
			// The account (catalog: its principal is cached) and its sessions.
			{ changes: [{ kind: 'catalog' }, { kind: 'sessions' }] }
		);
	});
}

async function signOutOthersOn(conn: DuckDBConnection, userId: number, keep: string): Promise<number> {
	const rows = await allOn<{ n: number }>(
		conn,
		'DELETE FROM user_session WHERE user_id = $1 AND token_hash <> $2 RETURNING 1 AS n',
		[userId, keep]
	);
	return rows.length;
}

/** Ends the account's sessions but this one; how many were ended. */
export function signOutOtherSessions(
	db: Database,
	user: Principal,
	sessionToken: string | undefined
): Promise<number> {
	const keep = sessionToken ? sessionDigest(sessionToken) : '';
	return db.transaction((conn) => signOutOthersOn(conn, user.userId, keep), {
		changes: [{ kind: 'sessions' }]
	});
}
