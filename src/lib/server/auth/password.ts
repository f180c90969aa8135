/**
 * Passwords hashed with Argon2id (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`, the PHC string),
 * at OWASP's first recommendation (Password Storage Cheat Sheet: 19 MiB of memory, 2 passes, 1
 * lane). OWASP gives scrypt at N=2^17, r=8, p=1 as the equal choice where Argon2id is missing;
 * this server used it until issue 12, and it costs ~0,5 s of one core and 128 MiB a hash
 * against ~25 ms and 19 MiB: at year-end, 5 sign-ins a second were more than two cores. Hashes
 * made with scrypt (or older parameters) still verify and are recognised (`needsRehash`) and
 * replaced at the next successful login. Verification recomputes with the stored parameters
 * (bounded, so a damaged row cannot ask for gigabytes) and compares in constant time.
 *
 * Hashes run off the event loop (libuv's thread pool), at most MAX_PARALLEL at once, so that a
 * flood of logins queues instead of taking the server's memory and every core.
 */
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { COMMON_PASSWORDS, commonForm } from './common-passwords';

export interface ScryptParams {
	N: number;
	r: number;
	p: number;
}

/** OWASP's minimum for scrypt (2025): what hashes made before Argon2id carry. */
export const SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

export interface Argon2Params {
	/** KiB of memory. */
	m: number;
	/** Passes. */
	t: number;
	/** Lanes. */
	p: number;
}

/** OWASP's first recommendation for Argon2id (2025): 19 MiB, 2 passes, 1 lane. */
export const ARGON2_PARAMS: Argon2Params = { m: 19_456, t: 2, p: 1 };
/** Argon2id (the `algorithm` option of @node-rs/argon2, a const enum TypeScript cannot import here). */
const ARGON2ID = 2;
const KEY_LENGTH = 32;
/** scrypt needs 128·N·r bytes (128 MiB at N=2^17, r=8) plus a little: 256 MiB leaves room. */
const MAXMEM = 256 * 1024 * 1024;
/**
 * Hashes computed at the same time, at most (each holds its memory and one core while it runs):
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

/** Argon2id parameters this server accepts in a stored hash (at most 256 MiB, 10 passes). */
function acceptableArgon2({ m, t, p }: Argon2Params): boolean {
	const int = (x: number, lo: number, hi: number) => Number.isInteger(x) && x >= lo && x <= hi;
	return int(m, 8 * p, MAXMEM / 1024) && int(t, 1, 10) && int(p, 1, 16);
}

const ARGON2_FORMAT =
	/^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{22,}$/;

function parseArgon2(stored: string): Argon2Params | null {
	const m = ARGON2_FORMAT.exec(stored);
	if (!m) return null;
	const params = { m: Number(m[1]), t: Number(m[2]), p: Number(m[3]) };
	return acceptableArgon2(params) ? params : null;
}

/** A new hash with the current parameters (Argon2id; `salt` only for a reproducible file). */
export async function hashPassword(password: string, salt: Buffer = randomBytes(16)): Promise<string> {
	return withSlot(() =>
		argon2Hash(password.normalize('NFC'), {
			algorithm: ARGON2ID,
			memoryCost: ARGON2_PARAMS.m,
			timeCost: ARGON2_PARAMS.t,
			parallelism: ARGON2_PARAMS.p,
			outputLen: KEY_LENGTH,
			salt
		})
	);
}

/** A scrypt hash as stored before Argon2id (tests of older hashes, and their upgrade). */
export async function hashPasswordScrypt(
	password: string,
	salt: Buffer = randomBytes(16),
	params: ScryptParams = SCRYPT_PARAMS
): Promise<string> {
	const key = await derive(password, salt, params);
	return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	if (parseArgon2(stored))
		return withSlot(() => argon2Verify(stored, password.normalize('NFC'))).catch(() => false);
	const parsed = parse(stored);
	if (!parsed) return false;
	const key = await derive(password, parsed.salt, parsed.params);
	return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** Whether a stored hash is not Argon2id with the current parameters (scrypt, older ones). */
export function needsRehash(stored: string): boolean {
	const params = parseArgon2(stored);
	return (
		!params || params.m !== ARGON2_PARAMS.m || params.t !== ARGON2_PARAMS.t || params.p !== ARGON2_PARAMS.p
	);
}

/**
 * A hash no password matches, verified against when the account does not exist (the same cost
 * as a real account's): Argon2id of a random password, made once at start.
 */
let unknown: Promise<string> | null = null;
export function unknownUserHash(): Promise<string> {
	unknown ??= hashPassword(randomBytes(32).toString('base64'));
	return unknown;
}

/**
 * A hash of a temporary password (a bulk creation, a reset): the same Argon2id as any other, at
 * ~25 ms a hash several hundred accounts take seconds (scrypt at N=2^17 took minutes, which is
 * why this used cheaper parameters before). A login with it does not rehash it: the account must
 * choose its own password first (sessions.ts).
 */
export function hashTemporaryPassword(password: string): Promise<string> {
	return hashPassword(password);
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
