/**
 * The login attempts behind the throttling rule (src/lib/domain/login-throttle.ts): what the rule
 * needs for one login, the one-at-a-time turn of each username, and the held accounts the admin
 * sees. `login_attempt` is the record; only attempts whose password was checked are written.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	accountAddressThreshold,
	heldUntil,
	LOGIN_THROTTLE,
	type Failures,
	type ThrottleInput
} from '../../domain/login-throttle';
import type { Database } from '../db';

const turns = new Map<string, Promise<void>>();

/**
 * Runs `fn` when every earlier call for the same key has finished. The server is one process, so
 * this is the atomic part of the limit: the caller's place in line is taken synchronously, before
 * any await, so that 30 parallel attempts at one account read the attempts one after the other,
 * each seeing the failures of those before it, and at most the limit reach the password check.
 */
export function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
	const before = turns.get(key) ?? Promise.resolve();
	let done!: () => void;
	const mine = new Promise<void>((resolve) => (done = resolve));
	turns.set(key, mine);
	return before.then(fn).finally(() => {
		done();
		if (turns.get(key) === mine) turns.delete(key);
	});
}

/** Milliseconds since an attempt: both clocks are DuckDB's, whatever its time zone setting. */
const AGO = 'CAST(epoch_ms(now()::TIMESTAMP) - epoch_ms(attempted_at) AS DOUBLE)';

const failures = (count: number | null, agoMs: number | null, now: number): Failures => ({
	count: count ?? 0,
	lastAt: agoMs === null ? null : now - agoMs
});

/** What the throttling rule needs for one login of `username` from `address`. */
export async function throttleInput(
	db: Database,
	username: string,
	address: string,
	now = Date.now()
): Promise<ThrottleInput> {
	const [row] = await db.all<{
		account: number | null;
		account_ago: number | null;
		pair: number | null;
		pair_ago: number | null;
		known: boolean | null;
		address_failures: number;
	}>(
		`WITH mine AS (
			SELECT address, success, ${AGO} AS ago FROM login_attempt WHERE username = $1
		), last_ok AS (
			SELECT
				coalesce(min(ago) FILTER (WHERE success), 'infinity'::DOUBLE) AS account,
				coalesce(min(ago) FILTER (WHERE success AND address = $2), 'infinity'::DOUBLE) AS pair
			FROM mine
		)
		SELECT
			count(*) FILTER (WHERE NOT success AND ago < $3 AND ago < last_ok.account)::INTEGER AS account,
			min(ago) FILTER (WHERE NOT success AND ago < $3 AND ago < last_ok.account) AS account_ago,
			count(*) FILTER (WHERE NOT success AND address = $2 AND ago < $3 AND ago < last_ok.pair)::INTEGER AS pair,
			min(ago) FILTER (WHERE NOT success AND address = $2 AND ago < $3 AND ago < last_ok.pair) AS pair_ago,
			bool_or(success AND address = $2) AS known,
			(SELECT count(*)::INTEGER FROM login_attempt
				WHERE address = $2 AND NOT success AND attempted_at > now()::TIMESTAMP - to_minutes($4::INTEGER)) AS address_failures
		FROM mine, last_ok`,
		[username, address, LOGIN_THROTTLE.windowMinutes * 60_000, LOGIN_THROTTLE.addressWindowMinutes]
	);
	return {
		account: failures(row?.account ?? 0, row?.account_ago ?? null, now),
		accountAddress: failures(row?.pair ?? 0, row?.pair_ago ?? null, now),
		knownAddress: row?.known === true,
		addressFailures: row?.address_failures ?? 0
	};
}

/** Records a checked attempt (on the caller's connection, inside its transaction). */
export async function recordAttempt(
	conn: DuckDBConnection,
	username: string,
	address: string,
	success: boolean
): Promise<void> {
	await conn.run('INSERT INTO login_attempt (username, address, success) VALUES ($1, $2, $3)', [
		username,
		address,
		success
	]);
}

/** An existing account held now, for the admin. */
export interface HeldAccount {
	username: string;
	displayName: string;
	/** Failures since its last successful login (rule 1), from any address. */
	failures: number;
	/** Addresses of its latest failures, most recent first (at most 5). */
	addresses: string[];
	/** Held for every address that has not signed in to it before (rule 3). */
	everywhere: boolean;
	/** Addresses from which it is held (rule 2 and 4). */
	heldAt: string[];
	/** Until when, epoch ms: the latest of its holds. */
	until: number;
}

export interface HeldLogins {
	accounts: HeldAccount[];
	/** Usernames with no account that are held: counted, never written out. */
	unknownNames: number;
	/** Addresses over the address limit (rule 4) and their failures. */
	busyAddresses: { address: string; failures: number }[];
}

/** Everything held now, computed with the same rule as the login itself. */
export async function heldLogins(db: Database, now = Date.now()): Promise<HeldLogins> {
	const w = LOGIN_THROTTLE.windowMinutes * 60_000;
	const pairs = await db.all<{
		username: string;
		address: string;
		failures: number;
		ago: number;
	}>(
		`WITH recent AS (
			SELECT username, address, success, ${AGO} AS ago FROM login_attempt
		), ok AS (
			SELECT username, address, min(ago) AS ago FROM recent WHERE success GROUP BY ALL
		)
		SELECT f.username, f.address, count(*)::INTEGER AS failures, min(f.ago) AS ago
		FROM recent f LEFT JOIN ok ON ok.username = f.username AND ok.address = f.address
		WHERE NOT f.success AND f.ago < $1 AND (ok.ago IS NULL OR f.ago < ok.ago)
		GROUP BY ALL ORDER BY f.username, min(f.ago)`,
		[w]
	);
	const accountFailures = await db.all<{ username: string; failures: number; ago: number }>(
		`WITH recent AS (
			SELECT username, address, success, ${AGO} AS ago FROM login_attempt
		), account_ok AS (
			SELECT username, min(ago) AS ago FROM recent WHERE success GROUP BY ALL
		)
		SELECT f.username, count(*)::INTEGER AS failures, min(f.ago) AS ago
		FROM recent f LEFT JOIN account_ok a ON a.username = f.username
		WHERE NOT f.success AND f.ago < $1 AND (a.ago IS NULL OR f.ago < a.ago)
		GROUP BY ALL`,
		[w]
	);
	const busy = await db.all<{ address: string; failures: number }>(
		`SELECT address, count(*)::INTEGER AS failures FROM login_attempt
		 WHERE NOT success AND attempted_at > now()::TIMESTAMP - to_minutes($1::INTEGER)
		 GROUP BY ALL ORDER BY failures DESC, address`,
		[LOGIN_THROTTLE.addressWindowMinutes]
	);
	const addressFailures = new Map(busy.map((b) => [b.address, b.failures]));
	const users = new Map(
		(
			await db.all<{ username: string; display_name: string }>('SELECT username, display_name FROM app_user')
		).map((u) => [u.username, u.display_name])
	);

	const held = new Map<string, { everywhere: boolean; heldAt: string[]; until: number }>();
	const hold = (username: string) => {
		let h = held.get(username);
		if (!h) held.set(username, (h = { everywhere: false, heldAt: [], until: 0 }));
		return h;
	};
	for (const p of pairs) {
		const threshold = accountAddressThreshold(addressFailures.get(p.address) ?? 0);
		const until = heldUntil({ count: p.failures, lastAt: now - p.ago }, threshold, now);
		if (until === null) continue;
		const h = hold(p.username);
		h.heldAt.push(p.address);
		h.until = Math.max(h.until, until);
	}
	for (const a of accountFailures) {
		const until = heldUntil({ count: a.failures, lastAt: now - a.ago }, LOGIN_THROTTLE.accountFailures, now);
		if (until === null) continue;
		const h = hold(a.username);
		h.everywhere = true;
		h.until = Math.max(h.until, until);
	}

	const lastAddresses = new Map<string, string[]>();
	for (const p of pairs) {
		const list = lastAddresses.get(p.username) ?? [];
		if (list.length < 5) list.push(p.address); // ordered by the most recent failure
		lastAddresses.set(p.username, list);
	}
	const failuresOf = new Map(accountFailures.map((a) => [a.username, a.failures]));
	const accounts: HeldAccount[] = [];
	let unknownNames = 0;
	for (const [username, h] of held) {
		const displayName = users.get(username);
		if (displayName === undefined) {
			unknownNames++;
			continue;
		}
		accounts.push({
			username,
			displayName,
			failures: failuresOf.get(username) ?? 0,
			addresses: lastAddresses.get(username) ?? [],
			...h
		});
	}
	accounts.sort((a, b) => b.until - a.until || a.username.localeCompare(b.username));
	return {
		accounts,
		unknownNames,
		busyAddresses: busy.filter((b) => b.failures >= LOGIN_THROTTLE.addressFailures)
	};
}
