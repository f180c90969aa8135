/**
 * Sessions: a random token in an HttpOnly cookie; the database keeps only its SHA-256, with an
 * expiry. Login attempts are throttled per account and per account and address, with growing
 * delays (src/lib/domain/login-throttle.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash, randomBytes } from 'node:crypto';
import { afterFailure, loginThrottle } from '../../domain/login-throttle';
import type { Principal } from '../../domain/policy';
import { config } from '../config';
import type { Database } from '../db';
import { dep } from '../db/freshness';
import { log } from '../log';
import { oneAtATime, recordAttempt, throttleInput } from './login-attempts';
import { hashPassword, needsRehash, unknownUserHash, verifyPassword } from './password';
import { loadPrincipal } from './users';

export const SESSION_COOKIE = 'session';

/** What a signed-in account's principal is read from (see loadPrincipal). */
const PRINCIPAL_DEPS = [dep.pledge(null, null), dep.stage(null, null)];

/** Session lifetime, SESSION_HOURS (default 12, see config.ts). */
export function sessionHours(): number {
	return config().sessionHours;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');
/** What the database keeps of a session token (its SHA-256, hex). */
export const sessionDigest = digest;

async function openSession(
	conn: DuckDBConnection,
	userId: number,
	address: string
): Promise<{ token: string; expires: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expires = new Date(Date.now() + sessionHours() * 3600_000);
	await conn.run(
		`INSERT INTO user_session (token_hash, user_id, expires_at, address)
		 VALUES ($1, $2, now()::TIMESTAMP + to_minutes($3::INTEGER), $4)`,
		[digest(token), userId, Math.round(sessionHours() * 60), address]
	);
	return { token, expires };
}

/** The signed-in account of a session token, or null (unknown, expired, or account disabled). */
export async function sessionPrincipal(db: Database, token: string | undefined): Promise<Principal | null> {
	if (!token || token.length > 200) return null;
	const hash = digest(token);
	// Cached until the next write (logout, login, any change); the expiry is checked on every call.
	const [row] = await db.cached(
		`session:${hash}`,
		() =>
			db
				.all<{ user_id: number; ms_left: number }>(
					`SELECT user_id, CAST(epoch_ms(expires_at) - epoch_ms(now()::TIMESTAMP) AS DOUBLE) AS ms_left
			 FROM user_session WHERE token_hash = $1`,
					[hash]
				)
				.then((rows) => rows.map((r) => ({ userId: r.user_id, expiresAt: Date.now() + r.ms_left }))),
		dep.sessions
	);
	if (!row || row.expiresAt <= Date.now()) return null;
	// Accounts and grants are catalog data; the grants derived from memberships (users.ts) also
	// change with a bloc-year's membership (a pledge write) and stage.
	return db.cached(`principal:${row.userId}`, () => loadPrincipal(db, row.userId), PRINCIPAL_DEPS);
}

export async function deleteSession(db: Database, token: string | undefined): Promise<void> {
	if (!token) return;
	// Bookkeeping: only the cached session lookups become stale.
	await db.transaction(
		(conn) => conn.run('DELETE FROM user_session WHERE token_hash = $1', [digest(token)]),
		{
			changes: [{ kind: 'sessions' }]
		}
	);
}

export type LoginResult =
	| { ok: true; userId: number; token: string; expires: Date }
	/** Checked and wrong (or no such account); `waitSeconds` when this failure starts a hold. */
	| { ok: false; reason: 'invalid'; waitSeconds?: number }
	/** Not checked: the throttling rule holds this username from this address for a while. */
	| { ok: false; reason: 'held'; waitSeconds: number };

/**
 * One login, in turn with every other attempt at the same username (oneAtATime): asks the
 * throttling rule (domain/login-throttle.ts), then checks the password (always paying the hash's
 * cost, so that timing does not tell whether an account exists), records the attempt, and on
 * success opens a session, replacing a hash made with scrypt or older parameters, in one transaction.
 */
export function login(
	db: Database,
	username: string,
	password: string,
	address: string
): Promise<LoginResult> {
	const name = username.trim().toLowerCase();
	return oneAtATime(`login:${name}`, async () => {
		const input = await throttleInput(db, name, address);
		const verdict = loginThrottle(input, Date.now());
		if (!verdict.allowed) return { ok: false, reason: 'held', waitSeconds: verdict.waitSeconds };

		const [user] = await db.all<{ user_id: number; password_hash: string; must_change_password: boolean }>(
			'SELECT user_id, password_hash, must_change_password FROM app_user WHERE username = $1 AND active',
			[name]
		);
		const stored = user?.password_hash ?? (await unknownUserHash());
		const ok = (await verifyPassword(password, stored)) && !!user;
		if (!ok || !user) {
			// Bookkeeping only: no page shows login attempts through the caches, which stay.
			await db.maintenance((conn) => recordAttempt(conn, name, address, false));
			const now = Date.now();
			const next = loginThrottle(afterFailure(input, now), now);
			if (next.allowed) return { ok: false, reason: 'invalid' };
			log.warn(
				{
					event: 'login_held',
					// Only an existing account is named: an unknown "username" may be a password typed in the wrong field.
					account: user ? name : null,
					userId: user?.user_id ?? null,
					address,
					failures: next.heldBy === 'account' ? input.account.count + 1 : input.accountAddress.count + 1,
					heldBy: next.heldBy,
					until: new Date(next.until).toISOString()
				},
				'Đăng nhập: tạm giữ sau nhiều lần sai mật khẩu'
			);
			return { ok: false, reason: 'invalid', waitSeconds: next.waitSeconds };
		}

		// A temporary password (cheaper parameters, password.ts) is not upgraded: it is replaced next.
		const upgraded = needsRehash(stored) && !user.must_change_password ? await hashPassword(password) : null;
		const session = await db.transaction(
			async (conn) => {
				await recordAttempt(conn, name, address, true);
				if (upgraded)
					await conn.run('UPDATE app_user SET password_hash = $1 WHERE user_id = $2 AND password_hash = $3', [
						upgraded,
						user.user_id,
						stored
					]);
				return openSession(conn, user.user_id, address);
				// A new session and the attempt: no data read changes (the hash is read by logins only).
			},
			{ changes: [{ kind: 'sessions' }] }
		);
		return { ok: true, userId: user.user_id, ...session };
	});
}
