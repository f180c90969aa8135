/**
 * Issue 15 part 5, publication, over HTTP against the built app with the sample data (2024:
 * every bloc finalised; 2025: K04 in review). Anonymous visitors reach the public pages, and
 * only them, while a year is public; the admin's switch takes effect at once (through the page
 * cache: a withdrawn year answers 404, not a replayed page); an anonymous visitor never gets
 * the page drawn for an account (its name) and the other way round; no award recipient's name,
 * no note, no account name is in the public HTML; the answers carry the cache and security
 * headers; the pages are plain HTML links (no form, nothing that needs JavaScript).
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app-server';

let app: RunningApp;
let admin: string;
let viewer: string;

const csv = (file: string) =>
	Papa.parse<string[]>(readFileSync(`data/sample/${file}`, 'utf8').replace(/^\uFEFF/, ''), {
		skipEmptyLines: true
	}).data.slice(1);
/** Names of the 2024 award recipients who are persons (personal data). */
const recipients2024 = csv('awards.csv')
	.filter((r) => r[1] === '2024' && r[3] === 'Cá nhân')
	.map((r) => r[4]!);
/** The bloc's notes on the 2024 scores. */
const notes2024 = csv('scores.csv')
	.filter((r) => r[0] === '2024' && (r[6] ?? '').trim() !== '')
	.map((r) => r[6]!.trim());
const accounts = JSON.parse(readFileSync('data/sample/accounts.json', 'utf8')) as {
	accounts?: { username: string; displayName: string }[];
};
const accountList = Array.isArray(accounts) ? accounts : (accounts.accounts ?? []);

const PAGES = ['/cong-khai', '/cong-khai/2024', '/cong-khai/2024/K04'];

async function get(path: string, cookie?: string) {
	const res = await app.request(path, { cookie, headers: { accept: 'text/html' } });
	return { res, html: await res.text() };
}

async function publish(year: number, on: boolean) {
	const res = await app.post(
		'/admin/settings?/publication',
		on ? { [`public.${year}`]: 'on' } : { [`public.${year}`]: 'off' },
		admin
	);
	const html = await res.text();
	expect(res.status, html.slice(0, 300)).toBe(200);
	return html;
}

beforeAll(async () => {
	app = await startApp();
	admin = await app.login('admin');
	viewer = await app.login('lanhdao');
}, 180_000);
afterAll(async () => {
	await app?.stop();
}, 30_000);

describe('public results over HTTP', () => {
	it('nothing public by default: the year pages answer 404 to anyone; no link on the login page', async () => {
		expect(recipients2024.length).toBeGreaterThan(50);
		expect(notes2024.length).toBeGreaterThan(5);
		const index = await get('/cong-khai');
		expect(index.res.status).toBe(200);
		expect(index.html).toContain('data-public-none');
		for (const path of PAGES.slice(1))
			for (const cookie of [undefined, viewer, admin]) {
				const { res } = await get(path, cookie);
				expect([path, !!cookie, res.status]).toEqual([path, !!cookie, 404]);
			}
		expect((await get('/login')).html).not.toContain('data-public-link');
	});

	it('the admin publishes 2024: anonymous visitors read its finalised rankings, with the headers', async () => {
		const saved = await publish(2024, true);
		expect(saved).toContain('data-outcome="saved"');
		expect(saved).toContain('data-public-setting="2024" data-state="public"');
		expect((await get('/login')).html).toContain('data-public-link');
		for (const path of PAGES) {
			const { res, html } = await get(path);
			expect([path, res.status]).toEqual([path, 200]);
			expect(res.headers.get('cache-control')).toBe('public, no-cache');
			expect(res.headers.get('vary')).toContain('Cookie');
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('x-frame-options')).toBe('DENY');
			expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
			expect(res.headers.get('set-cookie')).toBeNull();
			// Read without JavaScript: links only, no form to submit.
			expect(html).not.toContain('<form');
		}
		const bloc = (await get('/cong-khai/2024/K04')).html;
		expect(bloc).toContain('Khối các sở, ngành kinh tế');
		expect(bloc).toContain('Cục Thuế tỉnh');
		expect(bloc).toContain('916,5');
		expect(bloc).toContain('Xuất sắc');
		expect(bloc).toContain('Đề nghị Cờ thi đua');
		expect((bloc.match(/data-public-row/g) ?? []).length).toBe(10);
		const year = (await get('/cong-khai/2024')).html;
		expect((year.match(/data-public-bloc=/g) ?? []).length).toBe(7);
	});

	it('no personal data, no notes, no account names in the public HTML', async () => {
		for (const path of PAGES) {
			const { html } = await get(path);
			for (const name of recipients2024) expect(html, `${path}: ${name}`).not.toContain(name);
			for (const note of notes2024) expect(html, `${path}: ${note}`).not.toContain(note);
			for (const a of accountList) {
				expect(html).not.toContain(`>${a.username}<`);
				expect(html).not.toContain(a.displayName);
			}
			expect(html).not.toMatch(/data-table="award-rows"|Dân tộc thiểu số|Giới tính|"(male|female)"/);
		}
	});

	it('only the public pages without an account: every other page sends to the login page', async () => {
		for (const path of ['/', '/blocs/K04/2024', '/awards/2024/SO11', '/blocs/K04/2024/export/ranking.csv']) {
			const res = await app.request(path);
			await res.arrayBuffer();
			expect([path, res.status, res.headers.get('location')]).toEqual([
				path,
				303,
				`/login?next=${encodeURIComponent(path)}`
			]);
		}
		const post = await app.post('/admin/settings?/publication', { 'public.2024': 'off' });
		await post.arrayBuffer();
		expect(post.status).toBe(401);
		// A draft bloc-year of a public year, a bloc that does not exist: 404.
		expect((await get('/cong-khai/2025/K04')).res.status).toBe(404);
		expect((await get('/cong-khai/2024/KHONGCO')).res.status).toBe(404);
		expect((await get('/cong-khai/abc')).res.status).toBe(404);
	});

	it('an account’s page is never sent to an anonymous visitor, nor the other way round', async () => {
		// The anonymous page is cached: the second request replays it.
		await get('/cong-khai/2024');
		const anon = await get('/cong-khai/2024');
		expect(anon.res.headers.get('x-page-cache')).toBe('hit');
		const signed = await get('/cong-khai/2024', viewer);
		expect(signed.res.status).toBe(200);
		expect(signed.res.headers.get('cache-control')).toBe('private, no-store');
		expect(signed.html).toContain('Lãnh đạo');
		const anonAgain = await get('/cong-khai/2024');
		expect(anonAgain.html).not.toContain('/logout');
		expect(anonAgain.html).not.toMatch(/Đăng nhập: |account-name/);
		expect(anonAgain.res.headers.get('cache-control')).toBe('public, no-cache');
	});

	it('a bloc reopened (K06: the sample’s K04 2024 waits for its vote once reopened) leaves the public year at once; withdrawn, the year answers 404 at once', async () => {
		const reopen = await app.post('/blocs/K06/2024?/stage', { to: 'review', reason: 'Kiểm tra lại' }, admin);
		await reopen.arrayBuffer();
		expect(reopen.status).toBeLessThan(400);
		expect((await get('/cong-khai/2024/K06')).res.status).toBe(404);
		expect((await get('/cong-khai/2024')).html).not.toContain('data-public-bloc="K06"');
		const back = await app.post('/blocs/K06/2024?/stage', { to: 'finalised', reason: '' }, admin);
		await back.arrayBuffer();
		expect((await get('/cong-khai/2024/K06')).res.status).toBe(200);

		// Cached now (a hit), then withdrawn: 404, not the replayed page.
		expect((await get('/cong-khai/2024/K06')).res.headers.get('x-page-cache')).toBe('hit');
		const withdrawn = await publish(2024, false);
		expect(withdrawn).toContain('data-public-setting="2024" data-state="private"');
		for (const path of PAGES.slice(1)) {
			const { res } = await get(path);
			expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 404, 'no-store']);
		}
		expect((await get('/cong-khai')).html).toContain('data-public-none');
		expect((await get('/login')).html).not.toContain('data-public-link');
		// The settings history names both changes.
		const settings = (await get('/admin/settings', admin)).html;
		expect((settings.match(/data-history="public_year:2024"/g) ?? []).length).toBe(2);
		expect(settings).toContain('Công khai kết quả năm 2024');
	});
});
