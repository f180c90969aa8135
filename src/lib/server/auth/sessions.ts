/**
 * Sessions: a random token in an HttpOnly cookie; the database keeps only its SHA-256, with an
 * expiry. Login attempts are limited per account and per address.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../domain/policy';
import { config } from '../config';
import type { Database } from '../db';
import { UNKNOWN_USER_HASH, verifyPassword } from './password';
import { loadPrincipal } from './users';

export const SESSION_COOKIE = 'session';

/** Session lifetime, SESSION_HOURS (default 12, see config.ts). */
export function sessionHours(): number {
	return config().sessionHours;
}

export const LOGIN_LIMITS = {
	/** Failed attempts on one account within the window before it is held. */
	perAccount: 5,
	/** Failed attempts from one address within the window before it is held. */
	perAddress: 20,
	windowMinutes: 15
};

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(
	db: Database,
	userId: number,
	address: string
): Promise<{ token: string; expires: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expires = new Date(Date.now() + sessionHours() * 3600_000);
	await db.run(
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
	const [row] = await db.cached(`session:${hash}`, () =>
		db
			.all<{ user_id: number; ms_left: number }>(
				`SELECT user_id, CAST(epoch_ms(expires_at) - epoch_ms(now()::TIMESTAMP) AS DOUBLE) AS ms_left
			 FROM user_session WHERE token_hash = $1`,
				[hash]
			)
			.then((rows) => rows.map((r) => ({ userId: r.user_id, expiresAt: Date.now() + r.ms_left })))
	);
	if (!row || row.expiresAt <= Date.now()) return null;
	return db.cached(`principal:${row.userId}`, () => loadPrincipal(db, row.userId));
}

export async function deleteSession(db: Database, token: string | undefined): Promise<void> {
	if (token) await db.run('DELETE FROM user_session WHERE token_hash = $1', [digest(token)]);
}

export type LoginResult =
	| { ok: true; userId: number; token: string; expires: Date }
	| { ok: false; reason: 'invalid' | 'account_held' | 'address_held'; minutes?: number };

/**
 * Checks the limits, then the password (always paying the scrypt cost, so that timing does not
 * tell whether an account exists), records the attempt and opens a session.
 */
export async function login(
	db: Database,
	username: string,
	password: string,
	address: string
): Promise<LoginResult> {
	const name = username.trim().toLowerCase();
	const w = LOGIN_LIMITS.windowMinutes;
	const [counts] = await db.all<{ account: number; addr: number }>(
		`SELECT
			count(*) FILTER (WHERE username = $1 AND NOT success)::INTEGER AS account,
			count(*) FILTER (WHERE address = $2 AND NOT success)::INTEGER AS addr
		 FROM login_attempt WHERE attempted_at > now()::TIMESTAMP - to_minutes($3::INTEGER)`,
		[name, address, w]
	);
	if ((counts?.account ?? 0) >= LOGIN_LIMITS.perAccount)
		return { ok: false, reason: 'account_held', minutes: w };
	if ((counts?.addr ?? 0) >= LOGIN_LIMITS.perAddress)
		return { ok: false, reason: 'address_held', minutes: w };

	const [user] = await db.all<{ user_id: number; password_hash: string }>(
		'SELECT user_id, password_hash FROM app_user WHERE username = $1 AND active',
		[name]
	);
	const ok = await verifyPassword(password, user?.password_hash ?? UNKNOWN_USER_HASH);
	await db.run('INSERT INTO login_attempt (username, address, success) VALUES ($1, $2, $3)', [
		name,
		address,
		ok && !!user
	]);
	if (!ok || !user) return { ok: false, reason: 'invalid' };
	const session = await createSession(db, user.user_id, address);
	return { ok: true, userId: user.user_id, ...session };
}
