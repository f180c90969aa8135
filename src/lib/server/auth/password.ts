/**
 * Passwords hashed with scrypt (memory-hard, in node:crypto): `scrypt$N$r$p$salt$hash`, salt and
 * hash in base64. The parameters are OWASP's current minimum (Password Storage Cheat Sheet:
 * N=2^17, r=8, p=1, i.e. 128 MiB a hash); they are kept in every stored hash, so that a hash made
 * with older parameters still verifies and is recognised (`needsRehash`) and replaced at the next
 * successful login. Verification recomputes with the stored parameters and compares in constant
 * time.
 *
 * A hash takes about half a second of one core and 128 MiB: it runs on libuv's thread pool (the
 * async `scrypt`, never blocking the event loop), and at most MAX_PARALLEL at once, so that a
 * flood of logins queues instead of taking the server's memory and every core.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';

export interface ScryptParams {
	N: number;
	r: number;
	p: number;
}

/** OWASP's minimum for scrypt (2025). */
export const SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;
/** scrypt needs 128·N·r bytes (128 MiB at N=2^17, r=8) plus a little: 256 MiB leaves room. */
const MAXMEM = 256 * 1024 * 1024;
/**
 * Hashes computed at the same time, at most (each holds 128 MiB and one core while it runs):
 * half the cores, so that a wave of sign-ins at year-end leaves the others to the pages and
 * the saves (on a 2-core server, one hash at a time; logins queue instead).
 */
const MAX_PARALLEL = Math.max(1, Math.floor(availableParallelism() / 2));

let running = 0;
const waiting: (() => void)[] = [];

/** One of MAX_PARALLEL slots; a released slot goes straight to the next in line. */
async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
	if (running < MAX_PARALLEL) running++;
	else await new Promise<void>((resolve) => waiting.push(resolve));
	try {
		return await fn();
	} finally {
		const next = waiting.shift();
		if (next) next();
		else running--;
	}
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
	return withSlot(
		() =>
			new Promise((resolve, reject) =>
				scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: MAXMEM }, (err, key) =>
					err ? reject(err) : resolve(key)
				)
			)
	);
}

/** Parameters this server accepts in a stored hash (a damaged row must not ask for 1 GiB). */
function acceptable({ N, r, p }: ScryptParams): boolean {
	const powerOfTwo = Number.isInteger(N) && N >= 2 ** 10 && (N & (N - 1)) === 0;
	return (
		powerOfTwo &&
		Number.isInteger(r) &&
		r >= 1 &&
		Number.isInteger(p) &&
		p >= 1 &&
		p <= 16 &&
		128 * N * r <= MAXMEM / 2
	);
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
	const [, n, r, p, salt, hash] = parts;
	const params = { N: Number(n), r: Number(r), p: Number(p) };
	if (!acceptable(params)) return null;
	return { params, salt: Buffer.from(salt!, 'base64'), hash: Buffer.from(hash!, 'base64') };
}

/** A new hash with the current parameters (`params` only for tests of older hashes). */
export async function hashPassword(
	password: string,
	salt: Buffer = randomBytes(16),
	params: ScryptParams = SCRYPT_PARAMS
): Promise<string> {
	const key = await derive(password, salt, params);
	return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parsed = parse(stored);
	if (!parsed) return false;
	const key = await derive(password, parsed.salt, parsed.params);
	return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** Whether a stored hash was made with other parameters than the current ones. */
export function needsRehash(stored: string): boolean {
	const parsed = parse(stored);
	if (!parsed) return true;
	const { N, r, p } = parsed.params;
	return (
		N !== SCRYPT_PARAMS.N ||
		r !== SCRYPT_PARAMS.r ||
		p !== SCRYPT_PARAMS.p ||
		parsed.hash.length !== KEY_LENGTH
	);
}

/** A hash no password matches, verified against when the account does not exist (same cost). */
export const UNKNOWN_USER_HASH = [
	'scrypt',
	SCRYPT_PARAMS.N,
	SCRYPT_PARAMS.r,
	SCRYPT_PARAMS.p,
	Buffer.alloc(16).toString('base64'),
	Buffer.alloc(KEY_LENGTH).toString('base64')
].join('$');

/** At least 8 characters; the message says what is missing. */
export function passwordProblem(password: string): string | null {
	if (password.length < 8) return 'mật khẩu cần ít nhất 8 ký tự';
	return null;
}
