/**
 * Login limits against the built app (issue 11, part 3), every request from 127.0.0.1 as from
 * one office behind a NAT: parallel guesses at one account are checked at most up to the limit,
 * the right password then waits (with a Vietnamese message saying how long, the same for an
 * unknown username), failures against other accounts from the same address never stop the admin,
 * and the admin sees the held account on /admin/logins and in the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE } from '../../src/lib/domain/login-throttle';
import { Database } from '../../src/lib/server/db';
import { SAMPLE_PASSWORD, startApp, type RunningApp } from '../helpers/app-server';

let app: RunningApp;

beforeAll(async () => {
	app = await startApp();
}, 180_000);

afterAll(async () => {
	await app?.stop();
}, 30_000);

interface Answer {
	status: number;
	alert: string;
	session: boolean;
	retryAfter: string | null;
}

async function attempt(username: string, password: string): Promise<Answer> {
	const res = await app.post('/login', { username, password, next: '/' });
	const html = await res.text();
	return {
		status: res.status,
		alert: /<p class="form-error[^"]*" role="alert">([^<]*)<\/p>/.exec(html)?.[1]?.trim() ?? '',
		session: res.headers.getSetCookie().some((c) => c.startsWith('session=')),
		retryAfter: res.headers.get('retry-after')
	};
}

const parallel = (n: number, username: string, password: string) =>
	Promise.all(Array.from({ length: n }, () => attempt(username, password)));

const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

/** Checked, and wrong: 400. Refused before the password is looked at: 429. */
describe('login limits (built app, one address)', () => {
	const limit = LOGIN_THROTTLE.accountAddressFailures;
	let heldMessage = '';

	it(`checks at most ${limit} of 30 parallel wrong passwords for one account`, async () => {
		const answers = await parallel(30, 'so03', 'sai-mat-khau');
		expect(count(answers, 400), JSON.stringify(answers.map((a) => a.status))).toBe(limit);
		expect(count(answers, 429)).toBe(30 - limit);
		expect(answers.some((a) => a.session)).toBe(false);

		const right = await attempt('so03', SAMPLE_PASSWORD);
		expect(right.status).toBe(429);
		expect(right.session).toBe(false);
		expect(right.alert).toBe(
			'Tạm thời chưa đăng nhập được vì đã nhập sai nhiều lần. Hãy thử lại sau 1 phút.'
		);
		expect(Number(right.retryAfter)).toBeGreaterThan(0);
		expect(Number(right.retryAfter)).toBeLessThanOrEqual(LOGIN_THROTTLE.firstDelaySeconds);
		heldMessage = right.alert;
	});

	it('gives an unknown username exactly the same answers', async () => {
		const answers = await parallel(30, 'khong-co-tai-khoan', 'sai-mat-khau');
		expect(count(answers, 400)).toBe(limit);
		expect(count(answers, 429)).toBe(30 - limit);
		const next = await attempt('khong-co-tai-khoan', SAMPLE_PASSWORD);
		expect([next.status, next.alert]).toEqual([429, heldMessage]);
	});

	it('lets the admin in with the right password after 25 failures from the same address', async () => {
		const real = [
			'xa08',
			'xa09',
			'ph03',
			'ph04',
			'dg01',
			'dg02',
			'so09',
			'so10',
			'so11',
			'so12',
			'tr01',
			'dn01'
		];
		const others = [...real, ...Array.from({ length: 25 - real.length }, (_, i) => `nguoi-la-${i}`)];
		// One wrong password each for other real and unknown accounts, from this address.
		const answers: Answer[] = [];
		for (const u of others) answers.push(await attempt(u, `sai-${u}`));
		expect(count(answers, 400)).toBe(25);
		const admin = await attempt('admin', SAMPLE_PASSWORD);
		expect([admin.status, admin.session], admin.alert).toEqual([303, true]);
		// And any other account not guessed at from here.
		expect((await attempt('phantich', SAMPLE_PASSWORD)).status).toBe(303);
	}, 180_000); // 25 checked passwords, one after the other: about half a second each

	it('shows the held account to the admin on /admin/logins, and in the log', async () => {
		const admin = await app.login('admin');
		const res = await app.request('/admin/logins', { cookie: admin });
		const html = await res.text();
		expect(res.status, html.slice(0, 500)).toBe(200);
		const row = new RegExp(`<tr data-held="so03"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
		expect(row).toContain('127.0.0.1');
		expect(row).toMatch(new RegExp(`<td[^>]*data-failures[^>]*>${limit}</td>`));
		expect(row).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/); // until when, vi-VN
		// Unknown usernames are never written out (a password typed into the name field).
		expect(html).not.toContain('khong-co-tai-khoan');
		expect(html).not.toContain('data-held="admin"');

		const officer = await app.login('phantich');
		expect((await app.request('/admin/logins', { cookie: officer })).status).toBe(403);

		const line = app.server.output
			.join('')
			.split('\n')
			.filter((l) => l.startsWith('{'))
			.map((l) => JSON.parse(l) as Record<string, unknown>)
			.find((l) => l.account === 'so03' && l.event === 'login_held');
		expect(line).toMatchObject({ level: 'warn', address: '127.0.0.1', failures: limit });
		expect(JSON.stringify(line)).not.toContain('sai-mat-khau');
	});

	it('recorded only the checked attempts, and lets the right password in once the wait is over', async () => {
		const dir = app.dir;
		await app.stop({ keepFiles: true });
		const db = await Database.open(app.dbPath);
		try {
			// The record: exactly the checked attempts, for the real account and the unknown name.
			const rows = await db.all<{ username: string; n: number }>(
				`SELECT username, count(*)::INTEGER AS n FROM login_attempt
				 WHERE username IN ('so03', 'khong-co-tai-khoan') GROUP BY ALL ORDER BY username`
			);
			expect(rows).toEqual([
				{ username: 'khong-co-tai-khoan', n: limit },
				{ username: 'so03', n: limit }
			]);
			// As if the minute had passed: the attempts move back, nothing else changes.
			await db.run(
				"UPDATE login_attempt SET attempted_at = attempted_at - INTERVAL 61 SECOND WHERE username = 'so03'"
			);
		} finally {
			db.close();
		}
		app = await startApp({}, { dir });
		const right = await attempt('so03', SAMPLE_PASSWORD);
		expect([right.status, right.session], right.alert).toEqual([303, true]);
	}, 120_000);
});
