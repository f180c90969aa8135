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
import { COMMON_PASSWORDS, commonForm } from './common-passwords';

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

/**
 * Temporary passwords (a bulk creation, a reset): 60 random bits (temporary.ts), used once and
 * replaced at the first sign-in, so guessing them offline from a stolen hash is out of reach even
 * at a fraction of the full cost. N=2^14 takes about 1/8 of N=2^17 (measured in the README), so
 * that an admin creating several hundred accounts waits seconds rather than minutes. The stored
 * hash keeps its parameters; a login does not upgrade it (the account must choose its own
 * password first, hashed with SCRYPT_PARAMS).
 */
export const TEMPORARY_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 14, r: 8, p: 1 };

/** A hash of a temporary password (cheaper parameters, see TEMPORARY_SCRYPT_PARAMS). */
export function hashTemporaryPassword(password: string): Promise<string> {
	return hashPassword(password, randomBytes(16), TEMPORARY_SCRYPT_PARAMS);
}

export const PASSWORD_MIN_LENGTH = 8;
/** The login form reads at most 500 characters: a longer password could never sign in. */
export const PASSWORD_MAX_LENGTH = 128;

/** Who is choosing the password: it may not be their username or their name. */
export interface PasswordContext {
	username?: string;
	displayName?: string;
}

/**
 * The one rule for a chosen password (my account, user:add, an account created with a
 * password): 8–128 characters, not a very common password (common-passwords.ts), not the
 * username or the display name (in any case, with or without diacritics and spaces), not one
 * character repeated. Returns what is wrong in Vietnamese, or null. Only applied when a password
 * is chosen: existing hashes (the sample's accounts) keep signing in.
 */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN_LENGTH) return `mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự`;
	if (length > PASSWORD_MAX_LENGTH) return `mật khẩu dài quá ${PASSWORD_MAX_LENGTH} ký tự`;
	const form = commonForm(password);
	if (/^(.)\1*$/u.test(form)) return 'mật khẩu không được chỉ gồm một ký tự lặp lại';
	if (COMMON_PASSWORDS.has(form))
		return 'mật khẩu này quá phổ biến (nằm trong danh sách mật khẩu hay bị dò nhất): hãy chọn mật khẩu khác';
	const username = context.username ? commonForm(context.username) : '';
	if (username !== '' && form === username) return 'mật khẩu không được trùng tên đăng nhập';
	const name = context.displayName ? commonForm(context.displayName) : '';
	if (name !== '' && form === name) return 'mật khẩu không được trùng tên hiển thị';
	return null;
}
