import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
	hashPassword,
	needsRehash,
	UNKNOWN_USER_HASH,
	verifyPassword
} from '../../src/lib/server/auth/password';
import { LOGIN_LIMITS, deleteSession, login, sessionPrincipal } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';
import { loadSampleAccounts } from '../../src/lib/server/import/sample';
import { tempDatabase } from '../helpers/db';

describe('passwords', () => {
	it('are stored as salted scrypt hashes and verified in constant time', async () => {
		const a = await hashPassword('mật khẩu dài');
		const b = await hashPassword('mật khẩu dài');
		// OWASP's minimum for scrypt: N=2^17, r=8, p=1, kept in the hash.
		expect(a).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
		expect(UNKNOWN_USER_HASH.startsWith('scrypt$131072$8$1$')).toBe(true);
		expect(a).not.toBe(b); // different salts
		expect(await verifyPassword('mật khẩu dài', a)).toBe(true);
		expect(await verifyPassword('mật khẩu dai', a)).toBe(false);
		expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
		expect(needsRehash(a)).toBe(false);
	});

	it('still verify a hash made with older parameters, which is marked for rehashing', async () => {
		const old = await hashPassword('mật khẩu cũ', undefined, { N: 2 ** 14, r: 8, p: 1 });
		expect(old).toMatch(/^scrypt\$16384\$8\$1\$/);
		expect(await verifyPassword('mật khẩu cũ', old)).toBe(true);
		expect(needsRehash(old)).toBe(true);
	});

	it('refuse a damaged hash asking for more memory than allowed, without trying', async () => {
		const huge = `scrypt$${2 ** 22}$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
		expect(await verifyPassword('x', huge)).toBe(false);
		expect(await verifyPassword('x', 'scrypt$1000$8$1$AAAA$AAAA')).toBe(false); // N not a power of 2
	});
});

describe('accounts, sessions and login limits', () => {
	let env: Awaited<ReturnType<typeof tempDatabase>>;
	beforeAll(async () => {
		env = await tempDatabase();
		await createUser(env.db, {
			username: 'truongkhoi',
			displayName: 'Trưởng khối K01',
			password: 'dung-mat-khau',
			grants: [{ role: 'bloc_leader', blocCode: 'K01', year: 2025 }]
		});
	});
	afterAll(() => env.cleanup());

	it('opens a session whose token gives back the account and its roles, until logout', async () => {
		const r = await login(env.db, ' TruongKhoi ', 'dung-mat-khau', '10.0.0.1');
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const stored = await env.db.all<{ token_hash: string }>('SELECT token_hash FROM user_session');
		expect(stored.map((s) => s.token_hash)).not.toContain(r.token); // only its hash is kept
		expect(await sessionPrincipal(env.db, r.token)).toMatchObject({
			username: 'truongkhoi',
			grants: [{ role: 'bloc_leader', blocCode: 'K01', year: 2025 }]
		});
		await deleteSession(env.db, r.token);
		expect(await sessionPrincipal(env.db, r.token)).toBeNull();
	});

	it('does not accept an expired session', async () => {
		const r = await login(env.db, 'truongkhoi', 'dung-mat-khau', '10.0.0.1');
		if (!r.ok) throw new Error('login failed');
		await env.db.run('UPDATE user_session SET expires_at = now()::TIMESTAMP - INTERVAL 1 MINUTE');
		expect(await sessionPrincipal(env.db, r.token)).toBeNull();
	});

	it(`holds an account after ${LOGIN_LIMITS.perAccount} wrong passwords, even with the right one`, async () => {
		for (let i = 0; i < LOGIN_LIMITS.perAccount; i++)
			expect(await login(env.db, 'truongkhoi', 'sai', `10.0.1.${i}`)).toEqual({
				ok: false,
				reason: 'invalid'
			});
		expect(await login(env.db, 'truongkhoi', 'dung-mat-khau', '10.0.2.1')).toEqual({
			ok: false,
			reason: 'account_held',
			minutes: LOGIN_LIMITS.windowMinutes
		});
	});

	it(`holds an address after ${LOGIN_LIMITS.perAddress} failures across accounts`, async () => {
		for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) await login(env.db, `khong-co-${i}`, 'sai', '10.9.9.9');
		const r = await login(env.db, 'ai-do', 'sai', '10.9.9.9');
		expect(r).toMatchObject({ ok: false, reason: 'address_held' });
	});

	it('refuses a duplicate username and a short password, in Vietnamese', async () => {
		await expect(
			createUser(env.db, {
				username: 'truongkhoi',
				displayName: 'X',
				password: 'dai-du-8-ky-tu',
				grants: [{ role: 'viewer' }]
			})
		).rejects.toThrow('tên đăng nhập truongkhoi đã có');
		await expect(
			createUser(env.db, {
				username: 'moi',
				displayName: 'X',
				password: 'ngan',
				grants: [{ role: 'viewer' }]
			})
		).rejects.toThrow('mật khẩu cần ít nhất 8 ký tự');
	});
});

describe('sample accounts', () => {
	it('carry hashes made with the current parameters (precomputed in accounts.json)', () => {
		const accounts = JSON.parse(readFileSync('data/sample/accounts.json', 'utf8')) as {
			passwordHash: string;
		}[];
		expect(accounts.length).toBeGreaterThan(20);
		expect(accounts.filter((a) => needsRehash(a.passwordHash))).toEqual([]);
	});

	it('load once, with their roles, and sign in with the published password', async () => {
		const env = await tempDatabase();
		try {
			const n = await loadSampleAccounts(env.db, 'data/sample');
			expect(n).toBeGreaterThan(20);
			expect(await loadSampleAccounts(env.db, 'data/sample')).toBe(0);
			const r = await login(env.db, 'truongkhoi.k04', 'thidua2025', '127.0.0.1');
			expect(r.ok).toBe(true);
			if (r.ok)
				expect((await sessionPrincipal(env.db, r.token))?.grants).toContainEqual({
					role: 'bloc_leader',
					blocCode: 'K04',
					year: 2025
				});
		} finally {
			env.cleanup();
		}
	});
});
