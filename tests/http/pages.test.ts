/**
 * The BUILT app over HTTP (see tests/helpers/app-server.ts), signed in as the sample analyst.
 * Only one process may open a DuckDB file: the ranking the page must match is computed by
 * opening the same file here only after the server has stopped (last test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/lib/server/db';
import { rankBloc } from '../../src/lib/server/ranking';
import { startApp, type RunningApp } from '../helpers/app-server';

let app: RunningApp;
/** Signed in as the sample council analyst, who reads every bloc. */
let analyst = '';

function get(path: string, init: RequestInit & { cookie?: string } = {}): Promise<Response> {
	return app.request(path, { cookie: analyst, ...init });
}

beforeAll(async () => {
	app = await startApp();
	analyst = await app.login('phantich');
}, 150_000);

afterAll(async () => {
	await app?.stop();
}, 30_000);

/**
 * Bloc page paths in the overview's order, e.g. `/blocs/K01/2025`. SvelteKit writes relative
 * links during server rendering (`./blocs/K01/2025`), so each is resolved against the page.
 */
const blocLinks = (html: string, pagePath: string) =>
	[...html.matchAll(/href="([^"]*blocs\/[^"/]+\/\d{4})"/g)].map(
		(m) => new URL(m[1] ?? '', `http://x${pagePath}`).pathname
	);
/** Unit codes of the ranking table's rows, top to bottom. */
const rankedUnits = (html: string) =>
	[...html.matchAll(/<tr[^>]*\sdata-unit="([^"]+)"/g)].map((m) => m[1] ?? '');

describe('the built app', () => {
	let blocPath = '';
	let pageOrder: string[] = [];

	it('serves the overview in Vietnamese with the sample data loaded', async () => {
		const res = await get('/');
		const html = await res.text();
		expect(res.status, app.server.log()).toBe(200);
		expect(html).toContain('<html lang="vi"');
		expect(html).toContain('Thi đua – Khen thưởng');
		expect(html).toMatch(/Tổng quan năm \d{4}/);
		expect(html).toContain('Đơn vị dẫn đầu');
		expect(html).toContain('Trưởng khối');
		expect(html).toContain('<caption>');
		const links = blocLinks(html, '/');
		expect(links.every((l) => /^\/blocs\/[^/]+\/\d{4}$/.test(l))).toBe(true);
		expect(links.length).toBeGreaterThan(0);
		blocPath = links[0] ?? '';
	});

	it('serves a bloc page whose ranking table lists the units', async () => {
		const res = await get(blocPath);
		const html = await res.text();
		expect(res.status, app.server.log()).toBe(200);
		expect(html).toContain('<html lang="vi"');
		expect(html).toContain('Bảng xếp hạng');
		expect(html).toContain('Giao ước thi đua');
		expect(html).toContain('Chú giải');
		expect(html).toContain('role="img"');
		pageOrder = rankedUnits(html);
		expect(pageOrder.length).toBeGreaterThan(0);
	});

	it('answers 404 in Vietnamese for an unknown bloc or year', async () => {
		const res = await get('/blocs/NOPE/2020');
		const html = await res.text();
		expect(res.status).toBe(404);
		expect(html).toContain('<html lang="vi"');
		expect(html).toContain('Không tìm thấy');
		expect(html).not.toMatch(/at \S+ \(.*:\d+:\d+\)/); // no stack trace
		expect((await get('/?year=1900')).status).toBe(404);
		expect((await get('/khong-co-trang-nay')).status).toBe(404);
	});

	it('switches to English through the lang cookie and back to the same page', async () => {
		const res = await get(`/lang?to=en&back=${encodeURIComponent(blocPath)}`);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(blocPath);
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lang='));
		expect(cookie).toBeDefined();
		expect(cookie).toMatch(/^lang=en;/);
		expect(cookie).toMatch(/Max-Age=31536000/);
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).toMatch(/HttpOnly/);
		expect(cookie).toMatch(/SameSite=Lax/i);

		const en = await get(blocPath, { cookie: `${analyst}; lang=en` });
		const html = await en.text();
		expect(en.status).toBe(200);
		expect(html).toContain('<html lang="en"');
		expect(html).toContain('Ranking');
		expect(rankedUnits(html)).toEqual(pageOrder);
	});

	it('redirects the language switch only to paths of this site', async () => {
		for (const back of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
			const res = await get(`/lang?to=vi&back=${encodeURIComponent(back)}`);
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe('/');
		}
	});

	it('sends anonymous readers to the login page and back afterwards', async () => {
		const res = await app.request(blocPath);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(blocPath)}`);
		const login = await app.request('/login');
		expect(login.status).toBe(200);
		expect(await login.text()).toContain('Đăng nhập');
	});

	it('refuses a wrong password in Vietnamese and sets no session', async () => {
		const res = await app.post('/login', { username: 'phantich', password: 'sai-mat-khau', next: '/' });
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('Tên đăng nhập hoặc mật khẩu không đúng');
		expect(res.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(false);
	});

	it('sends security headers and a Content-Security-Policy the pages pass', async () => {
		const res = await get(blocPath);
		await res.arrayBuffer();
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('same-origin');
		expect(res.headers.get('x-frame-options')).toBe('DENY');
		expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
		// Hashes, not nonces: the same page is the same bytes, which the page cache relies on.
		expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);
		expect(res.headers.get('content-security-policy')).not.toMatch(/nonce-/);
		expect(res.headers.get('cache-control')).toBe('private, no-store');
	});

	it('serves each account its own page, also from the page cache', async () => {
		const leadership = await app.login('lanhdao');
		// No write between these requests: the analyst's page is in the cache when leadership asks.
		const first = await (await get('/')).text();
		const again = await (await get('/')).text();
		expect(again).toBe(first);
		expect(first).toContain('Chuyên viên Ban Thi đua - Khen thưởng tỉnh');
		const theirs = await (await app.request('/', { cookie: leadership })).text();
		expect(theirs).toContain('Lãnh đạo UBND tỉnh');
		expect(theirs).not.toContain('Chuyên viên Ban Thi đua - Khen thưởng tỉnh');
		// Signed out (no session): never a cached page.
		const anonymous = await app.request('/');
		expect(anonymous.status).toBe(303);
	});

	it('refuses a cross-site form post (origin check stays on)', async () => {
		const res = await app.request('/login', {
			method: 'POST',
			headers: {
				origin: 'https://evil.example',
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: 'username=phantich&password=thidua2025'
		});
		expect(res.status).toBe(403);
	});

	it('marks «cần bỏ phiếu» on K04 2024 only on the two units tied at rank 3, and prints 2 suất as 1 + 1 of 2', async () => {
		// 1 flag, 2 certificates: SO09 flag; SO02 alone at rank 2 → certificate outright; SO01 and SO07
		// share rank 3 → 2 units for the 1 certificate place left → vote.
		const page = await (await get('/blocs/K04/2024')).text();
		const rowsOf = (html: string) =>
			[...html.matchAll(/<tr[^>]*\sdata-unit="([^"]+)"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => ({
				unit: m[1] ?? '',
				html: m[2] ?? ''
			}));
		const voted = rowsOf(page)
			.filter((r) => r.html.includes('badge-vote'))
			.map((r) => r.unit);
		expect(voted).toEqual(['SO01', 'SO07']);

		const report = await get('/blocs/K04/2024/report');
		const html = await report.text();
		expect(report.status).toBe(200);
		const line = (kind: string) =>
			[...html.matchAll(/<li[^>]*data-proposal="([a-z]+)"[^>]*>([\s\S]*?)<\/li>/g)].find(
				(m) => m[1] === kind
			)?.[2] ?? '';
		const attr = (s: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(s)?.[1];
		expect(attr(line('flag'), 'data-outright')).toBe('SO09');
		expect(attr(line('flag'), 'data-vote')).toBeUndefined();
		expect(attr(line('certificate'), 'data-outright')).toBe('SO02');
		expect(attr(line('certificate'), 'data-vote')).toBe('SO01 SO07');
		expect(line('certificate')).toContain('Bỏ phiếu kín chọn 1 trong 2 đơn vị đồng hạng:');
		// in the results table too, the vote mark is on those two rows only
		expect(
			rowsOf(html)
				.filter((r) => r.html.includes('cần bỏ phiếu'))
				.map((r) => r.unit)
		).toEqual(['SO01', 'SO07']);
	});

	it('folds away the table of every unit of years compared until asked for', async () => {
		const folded = await (await get('/analytics/trends')).text();
		expect(folded).toContain('data-units-link');
		expect(folded).not.toContain('data-table="units"');
		expect(folded).toContain('data-table="blocs"');
		const res = await get('/analytics/trends?units=1');
		const html = await res.text();
		expect(res.status, app.server.log()).toBe(200);
		expect(html).toMatch(/<details id="units" open/);
		expect(html).toContain('data-table="units"');
		expect(html).not.toContain('data-units-link');
		// One row per unit the folded page counts.
		const count = Number(/tất cả (\d+) đơn vị/.exec(folded)?.[1]);
		expect(count).toBeGreaterThan(50);
		const rows = [...html.matchAll(/<th scope="row" class="sticky-col"><a href="[^"]*units\/([^"?]+)"/g)];
		expect(rows.length).toBe(count);
		expect(html.length).toBeGreaterThan(folded.length);
	});

	it('ranks the units in the order rankBloc gives for the same database (after the server stops)', async () => {
		await app.server.stop();
		const [, code = '', year = ''] = /^\/blocs\/([^/]+)\/(\d{4})$/.exec(blocPath) ?? [];
		const db = await Database.open(app.dbPath);
		try {
			const rows = await rankBloc(db, Number(year), decodeURIComponent(code));
			expect(pageOrder).toEqual(rows.map((r) => r.unitCode));
		} finally {
			db.close();
		}
	});
});
