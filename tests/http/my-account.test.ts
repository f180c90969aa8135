/**
 * Issue 14 over HTTP against the built app and the sample province: the admin creates officer
 * accounts in bulk and downloads their temporary passwords once; such an account, signed in, is
 * sent to the password page from every page, form action and page data, refused (403, in
 * Vietnamese) by the API and downloads, and reaches its pages once it chose its own password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app-server';

let app: RunningApp;
let admin = '';
let officer = '';
let account = { username: '', password: '' };
const HTML = { accept: 'text/html' };

beforeAll(async () => {
	app = await startApp();
	admin = await app.login('admin');
}, 180_000);
afterAll(async () => {
	await app?.stop();
}, 30_000);

describe('bulk creation, the one download, the forced password change', () => {
	it('creates the officer accounts of K02 2025 without one and gives their passwords once', async () => {
		const preview = await (
			await app.request('/admin/accounts/bulk?year=2025&bloc=K02', { cookie: admin })
		).text();
		const units = [...preview.matchAll(/<tr data-unit="([^"]+)"/g)].map((m) => m[1]!);
		expect(units.length).toBeGreaterThan(0);
		const created = await app.post(
			'/admin/accounts/bulk?/fromUnits',
			{ year: '2025', bloc: 'K02', units: units.join(',') },
			admin
		);
		const html = await created.text();
		const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
		expect(token).toBeTruthy();
		// Another session of the same admin may not take them.
		const other = await app.login('admin');
		const refused = await app.post('/admin/accounts/bulk/download', { token: token!, format: 'csv' }, other);
		expect(refused.status).toBe(410);
		const res = await app.post('/admin/accounts/bulk/download', { token: token!, format: 'csv' }, admin);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toContain('mat-khau-tam-thoi.csv');
		expect(res.headers.get('cache-control')).toBe('no-store');
		const csv = (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
		expect(csv[0]).toBe('Tên đăng nhập,Tên hiển thị,Vai trò,Mật khẩu tạm thời (đổi ở lần đăng nhập đầu)');
		expect(csv.filter((l) => l !== '')).toHaveLength(units.length + 1);
		const [username, , , password] = csv[1]!.split(',');
		account = { username: username!, password: password! };
		expect(username).toBe(`cb.${units[0]!.toLowerCase()}`);
		// Once: the second download, CSV or Excel, is gone.
		for (const format of ['csv', 'xlsx']) {
			const again = await app.post('/admin/accounts/bulk/download', { token: token!, format }, admin);
			expect([format, again.status]).toEqual([format, 410]);
			expect(await again.text()).toContain('không còn');
		}
		// Never in the server's log.
		expect(app.server.log()).not.toContain(password);
	});

	it('a temporary password signs in and is sent to the password page from everywhere', async () => {
		officer = await app.login(account.username, account.password);
		for (const path of [
			'/',
			'/awards',
			'/account',
			`/blocs/K02/2025/units/${account.username.slice(3).toUpperCase()}`
		]) {
			const res = await app.request(path, { cookie: officer, headers: HTML });
			await res.arrayBuffer();
			expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/account/password']);
		}
		// A form action, without JavaScript and with use:enhance; a page's data.
		const action = await app.post('/account?/signOutOthers', {}, officer);
		await action.arrayBuffer();
		expect([action.status, action.headers.get('location')]).toEqual([303, '/account/password']);
		const enhanced = await app.request('/account?/signOutOthers', {
			method: 'POST',
			cookie: officer,
			headers: {
				origin: app.base,
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: ''
		});
		expect(await enhanced.json()).toMatchObject({ type: 'redirect', location: '/account/password' });
		const data = await app.request('/awards/__data.json', { cookie: officer });
		expect(await data.json()).toMatchObject({ type: 'redirect', location: '/account/password' });
		// The API and a download asked for by a script: 403, in Vietnamese.
		for (const path of ['/api/analytics/cells?year=2025', '/blocs/K02/2025/export/ranking.csv']) {
			const res = await app.request(path, { cookie: officer });
			expect([path, res.status]).toEqual([path, 403]);
			expect((await res.json()).message).toMatch(/mật khẩu tạm thời/);
		}
		// Open: the password page, the health probe, the language switch.
		const page = await app.request('/account/password', { cookie: officer, headers: HTML });
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('data-forced');
		expect((await app.request('/healthz')).status).toBe(200);
		const lang = await app.request('/lang?to=vi&back=/', { cookie: officer });
		await lang.arrayBuffer();
		expect(lang.status).toBe(303);
	});

	it('refuses a common password, then takes the account’s own and lets it through', async () => {
		const common = await app.post(
			'/account/password',
			{ current: account.password, next: '12345678', confirm: '12345678' },
			officer
		);
		expect(common.status).toBe(400);
		expect(await common.text()).toContain('quá phổ biến');
		const done = await app.post(
			'/account/password',
			{ current: account.password, next: 'Hoa sen nở 2026', confirm: 'Hoa sen nở 2026' },
			officer
		);
		await done.arrayBuffer();
		expect([done.status, done.headers.get('location')]).toEqual([303, '/']);
		const home = await app.request('/', { cookie: officer, headers: HTML });
		expect(home.status).toBe(200);
		const mine = await app.request('/account', { cookie: officer, headers: HTML });
		expect(mine.status).toBe(200);
		expect(await mine.text()).toMatch(
			new RegExp(`data-username[^>]*>${account.username.replace('.', '\\.')}<`)
		);
		// The temporary password is gone; the new one signs in.
		const old = await app.post('/login', {
			username: account.username,
			password: account.password,
			next: '/'
		});
		await old.arrayBuffer();
		expect(old.status).toBe(400);
		expect(await app.login(account.username, 'Hoa sen nở 2026')).toBeTruthy();
	});
});
