import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE, waitMinutes } from '../../src/lib/domain/login-throttle';
import { heldLogins } from '../../src/lib/server/auth/login-attempts';
import {
	hashPassword,
	hashPasswordScrypt,
	needsRehash,
	SCRYPT_PARAMS,
	unknownUserHash,
	verifyPassword
} from '../../src/lib/server/auth/password';
import { deleteSession, login, sessionPrincipal, type LoginResult } from '../../src/lib/server/auth/sessions';
import { createUser } from '../../src/lib/server/auth/users';
import { loadSampleAccounts } from '../../src/lib/server/import/sample';
import { tempDatabase } from '../helpers/db';

describe('passwords', () => {
	it('are stored as salted Argon2id hashes and verified in constant time', async () => {
		const a = await hashPassword('mật khẩu dài');
		const b = await hashPassword('mật khẩu dài');
		// OWASP's first recommendation: Argon2id, 19 MiB, 2 passes, 1 lane, kept in the hash.
		expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]{43}$/);
		expect(await unknownUserHash()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword('', await unknownUserHash())).toBe(false);
		expect(a).not.toBe(b); // different salts
		expect(await verifyPassword('mật khẩu dài', a)).toBe(true);
		expect(await verifyPassword('mật khẩu dai', a)).toBe(false);
		expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
		expect(needsRehash(a)).toBe(false);
	});

	it('still verify a hash made with scrypt or older parameters, which is marked for rehashing', async () => {
		const old = await hashPasswordScrypt('mật khẩu cũ', undefined, { N: 2 ** 14, r: 8, p: 1 });
		expect(old).toMatch(/^scrypt\$16384\$8\$1\$/);
		expect(await verifyPassword('mật khẩu cũ', old)).toBe(true);
		expect(await verifyPassword('mật khẩu cu', old)).toBe(false);
		expect(needsRehash(old)).toBe(true);
		const scrypt = await hashPasswordScrypt('mật khẩu cũ', undefined, SCRYPT_PARAMS);
		expect(await verifyPassword('mật khẩu cũ', scrypt)).toBe(true);
		expect(needsRehash(scrypt)).toBe(true);
		const weaker = (await hashPassword('mật khẩu cũ')).replace('m=19456,t=2', 'm=19456,t=1');
		expect(needsRehash(weaker)).toBe(true);
	});

	it('refuse a damaged hash asking for more memory than allowed, without trying', async () => {
		const huge = `scrypt$${2 ** 22}$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
		expect(await verifyPassword('x', huge)).toBe(false);
		expect(await verifyPassword('x', 'scrypt$1000$8$1$AAAA$AAAA')).toBe(false); // N not a power of 2
		const argon = await hashPassword('x');
		expect(await verifyPassword('x', argon.replace('m=19456', 'm=4194304'))).toBe(false); // 4 GiB
		expect(await verifyPassword('x', argon.replace('t=2', 't=999'))).toBe(false);
		expect(await verifyPassword('x', argon.slice(0, -5))).toBe(false);
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

	it('lets the right password in, and counts nothing against it', async () => {
		const r = await login(env.db, 'truongkhoi', 'dung-mat-khau', '10.0.0.1');
		expect(r.ok).toBe(true);
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

describe('login throttling', () => {
	let env: Awaited<ReturnType<typeof tempDatabase>>;
	const limit = LOGIN_THROTTLE.accountAddressFailures;
	beforeAll(async () => {
		env = await tempDatabase();
		for (const username of ['chu', 'xa01', 'xa02', 'quantri'])
			await createUser(env.db, {
				username,
				displayName: `Tài khoản ${username}`,
				password: `dung-${username}`,
				grants: [{ role: username === 'quantri' ? 'admin' : 'viewer' }]
			});
	});
	afterAll(() => env.cleanup());

	const failuresOf = async (username: string) =>
		(
			await env.db.all<{ n: number }>(
				'SELECT count(*)::INTEGER AS n FROM login_attempt WHERE username = $1 AND NOT success',
				[username]
			)
		)[0]?.n;
	/** Earlier failures of `username`, one from each address (written as login() writes them). */
	const earlierFailures = (username: string, addresses: string[]) =>
		env.db.run(
			`INSERT INTO login_attempt (username, address, success) SELECT $1, unnest(string_split($2, ' ')), false`,
			[username, addresses.join(' ')]
		);
	/** As if `seconds` had passed for these attempts. */
	const age = (username: string, seconds: number) =>
		env.db.run(
			`UPDATE login_attempt SET attempted_at = attempted_at - to_seconds($2::INTEGER) WHERE username = $1`,
			[username, seconds]
		);

	it(`checks at most ${limit} of 30 parallel wrong passwords for one account at one address`, async () => {
		const answers = await Promise.all(
			Array.from({ length: 30 }, () => login(env.db, 'chu', 'sai-mat-khau', '10.1.0.1'))
		);
		const checked = answers.filter((a) => !a.ok && a.reason === 'invalid');
		expect(checked).toHaveLength(limit);
		expect(answers.filter((a) => !a.ok && a.reason === 'held')).toHaveLength(30 - limit);
		expect(await failuresOf('chu')).toBe(limit); // the record holds exactly the checked ones
		// The failure that starts the wait says so.
		expect(checked.map((a) => (a.ok ? null : (a.waitSeconds ?? null)))).toEqual([null, null, null, null, 60]);
	});

	it('refuses the right password at that address until the delay is over, then lets it in', async () => {
		const held = await login(env.db, 'chu', 'dung-chu', '10.1.0.1');
		expect(held).toMatchObject({ ok: false, reason: 'held' });
		expect(!held.ok && held.waitSeconds).toBeGreaterThan(0);
		expect(!held.ok && held.waitSeconds).toBeLessThanOrEqual(LOGIN_THROTTLE.firstDelaySeconds);
		// The owner at another machine is not held by guesses made at this one.
		expect((await login(env.db, 'chu', 'dung-chu', '10.1.0.2')).ok).toBe(true);

		await age('chu', LOGIN_THROTTLE.firstDelaySeconds / 2);
		expect(await login(env.db, 'chu', 'dung-chu', '10.1.0.1')).toMatchObject({ ok: false, reason: 'held' });
		await age('chu', LOGIN_THROTTLE.firstDelaySeconds / 2 + 1);
		expect((await login(env.db, 'chu', 'dung-chu', '10.1.0.1')).ok).toBe(true);
	});

	it('doubles the delay with every further failure, up to the cap', async () => {
		await earlierFailures('xa01', Array<string>(limit).fill('10.2.0.1'));
		const waits: number[] = [];
		for (let i = 0; i < 4; i++) {
			const r = await login(env.db, 'xa01', 'sai', '10.2.0.1');
			expect(r).toMatchObject({ ok: false, reason: 'held' });
			await age('xa01', r.ok ? 0 : (r.waitSeconds ?? 0));
			const next = await login(env.db, 'xa01', 'sai', '10.2.0.1');
			expect(next).toMatchObject({ ok: false, reason: 'invalid' });
			waits.push(!next.ok ? (next.waitSeconds ?? 0) : 0);
		}
		expect(waits).toEqual([120, 240, 480, 900]);
	});

	it(`holds an account guessed at from ${LOGIN_THROTTLE.accountFailures} addresses, except where its owner signs in`, async () => {
		expect((await login(env.db, 'xa02', 'dung-xa02', '10.3.0.99')).ok).toBe(true); // the owner's desk
		const n = LOGIN_THROTTLE.accountFailures;
		await earlierFailures(
			'xa02',
			Array.from({ length: n - 1 }, (_, i) => `10.3.1.${i}`)
		);
		expect(await login(env.db, 'xa02', 'sai', `10.3.1.${n}`)).toMatchObject({
			ok: false,
			reason: 'invalid',
			waitSeconds: 60
		});
		expect(await login(env.db, 'xa02', 'dung-xa02', '10.3.2.1')).toMatchObject({ ok: false, reason: 'held' });
		expect((await heldLogins(env.db)).accounts.find((a) => a.username === 'xa02')).toMatchObject({
			everywhere: true,
			heldAt: [],
			failures: LOGIN_THROTTLE.accountFailures
		});
		expect((await login(env.db, 'xa02', 'dung-xa02', '10.3.0.99')).ok).toBe(true);
	});

	it('never holds an account nobody guessed at from an address, however many failures come from it', async () => {
		await env.db.run(
			`INSERT INTO login_attempt (username, address, success)
			 SELECT 'nguoi-la-' || i, '10.4.0.1', false FROM range($1::INTEGER) t(i)`,
			[LOGIN_THROTTLE.addressFailures + 25]
		);
		expect((await login(env.db, 'quantri', 'dung-quantri', '10.4.0.1')).ok).toBe(true);
		// At such an address an account that already failed there waits from its first failure.
		expect(await login(env.db, 'quantri', 'sai', '10.4.0.1')).toMatchObject({
			ok: false,
			reason: 'invalid',
			waitSeconds: 60
		});
		expect(await login(env.db, 'quantri', 'dung-quantri', '10.4.0.1')).toMatchObject({
			ok: false,
			reason: 'held'
		});
		expect((await login(env.db, 'quantri', 'dung-quantri', '10.4.0.2')).ok).toBe(true);
	});

	it('gives an unknown username the same answers as a real one', async () => {
		const answers: LoginResult[] = [];
		const real: LoginResult[] = [];
		for (const [name, list] of [
			['khong-co', answers],
			['chu', real]
		] as const) {
			await earlierFailures(name, Array<string>(limit - 1).fill('10.5.0.1'));
			for (let i = 0; i < 2; i++) list.push(await login(env.db, name, 'sai', '10.5.0.1'));
		}
		const shape = (r: LoginResult) =>
			r.ok ? 'ok' : `${r.reason} ${r.waitSeconds ? waitMinutes(r.waitSeconds) : ''}`;
		expect(answers.map(shape)).toEqual(real.map(shape));
		expect(answers.map(shape)).toEqual(['invalid 1', 'held 1']);
	});

	it('lists for the admin the held accounts, their failures, addresses and until when', async () => {
		const held = await heldLogins(env.db);
		const chu = held.accounts.find((a) => a.username === 'chu');
		expect(chu).toMatchObject({ displayName: 'Tài khoản chu', heldAt: ['10.5.0.1'], everywhere: false });
		expect(chu?.failures).toBe(limit);
		expect(chu?.until).toBeGreaterThan(Date.now());
		expect(held.accounts.map((a) => a.username)).not.toContain('khong-co');
		// khong-co, and the names tried once each from the busy address.
		expect(held.unknownNames).toBe(1 + LOGIN_THROTTLE.addressFailures + 25);
		expect(held.busyAddresses).toEqual([
			{ address: '10.4.0.1', failures: LOGIN_THROTTLE.addressFailures + 26 }
		]);
	});
});

describe('password upgrade at login', () => {
	it('replaces a scrypt hash (made before Argon2id) at the next successful login only', async () => {
		const env = await tempDatabase();
		try {
			const id = await createUser(env.db, {
				username: 'taikhoancu',
				displayName: 'Tài khoản cũ',
				password: 'mat-khau-cu-1',
				grants: [{ role: 'viewer' }]
			});
			const old = await hashPasswordScrypt('mat-khau-cu-1', undefined, { N: 2 ** 15, r: 8, p: 1 });
			await env.db.run('UPDATE app_user SET password_hash = $1 WHERE user_id = $2', [old, id]);
			const stored = async () =>
				(
					await env.db.all<{ h: string }>('SELECT password_hash AS h FROM app_user WHERE user_id = $1', [id])
				)[0]?.h ?? '';

			expect(await login(env.db, 'taikhoancu', 'sai-mat-khau', '10.0.0.1')).toMatchObject({ ok: false });
			expect(await stored()).toBe(old);

			const r = await login(env.db, 'taikhoancu', 'mat-khau-cu-1', '10.0.0.1');
			expect(r.ok).toBe(true);
			const upgraded = await stored();
			expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
			expect(needsRehash(upgraded)).toBe(false);
			expect(await verifyPassword('mat-khau-cu-1', upgraded)).toBe(true);
			if (r.ok) expect((await sessionPrincipal(env.db, r.token))?.username).toBe('taikhoancu');

			expect((await login(env.db, 'taikhoancu', 'mat-khau-cu-1', '10.0.0.1')).ok).toBe(true);
			expect(await stored()).toBe(upgraded); // once only
		} finally {
			env.cleanup();
		}
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
			const hashOf = async () =>
				(
					await env.db.all<{ h: string }>(
						"SELECT password_hash AS h FROM app_user WHERE username = 'truongkhoi.k04'"
					)
				)[0]?.h;
			const before = await hashOf();
			const r = await login(env.db, 'truongkhoi.k04', 'thidua2025', '127.0.0.1');
			expect(r.ok).toBe(true);
			expect(await hashOf()).toBe(before); // already current: not rehashed
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
