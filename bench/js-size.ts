/**
 * JavaScript shipped to one page, as bench/run.ts measures it: every script response Chromium
 * loads for the page (gzip-compressed, summed) after the network is idle; then again once every
 * chart of the page has been scrolled into view and drawn (charts load their code when shown).
 * Starts nothing: point it at a running server (`node build/start.js`).
 *
 *   BASE=http://127.0.0.1:4711 npx tsx bench/js-size.ts /blocs/K04/2025 [screenshot.png]
 */
import { chromium } from '@playwright/test';
import { gzipSync } from 'node:zlib';

const base = process.env.BASE ?? 'http://127.0.0.1:3000';
const path = process.argv[2] ?? '/blocs/K04/2025';
const shot = process.argv[3];
const user = process.env.BENCH_USER ?? 'admin';
const password = process.env.BENCH_PASSWORD ?? 'thidua2025';

const login = await fetch(base + '/login', {
	method: 'POST',
	redirect: 'manual',
	headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
	body: new URLSearchParams({ username: user, password, next: '/' }).toString()
});
const cookie = login.headers
	.getSetCookie()
	.find((c) => c.startsWith('session='))
	?.split(';')[0];
if (!cookie) throw new Error(`login failed: ${login.status}`);

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
});
try {
	const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
	const [name, value] = cookie.split('=');
	await context.addCookies([{ name: name!, value: value!, url: base }]);
	const page = await context.newPage();
	const scripts = new Map<string, number>();
	page.on('response', async (res) => {
		if (res.request().resourceType() === 'script' || res.url().endsWith('.js')) {
			try {
				scripts.set(res.url(), gzipSync(await res.body()).length);
			} catch {
				/* redirects have no body */
			}
		}
	});
	const report = (label: string, seen = new Set<string>()) => {
		const rows = [...scripts].filter(([url]) => !seen.has(url)).sort((a, b) => b[1] - a[1]);
		for (const [url, size] of rows)
			console.log(`${(size / 1024).toFixed(1).padStart(7)} KB  ${url.replace(base, '')}`);
		const total = [...scripts.values()].reduce((a, s) => a + s, 0);
		console.log(
			`${(total / 1024).toFixed(1).padStart(7)} KB  total, ${scripts.size} files (${path}, ${label})\n`
		);
		return new Set(scripts.keys());
	};
	await page.goto(base + path, { waitUntil: 'networkidle' });
	await page.waitForTimeout(500);
	const first = report('as loaded');
	const charts = page.locator('[data-chart]');
	const count = await charts.count();
	for (let i = 0; i < count; i++) {
		await charts.nth(i).scrollIntoViewIfNeeded();
		await charts.nth(i).locator('canvas').first().waitFor();
	}
	if (count > 0) {
		await page.waitForLoadState('networkidle');
		await page.waitForTimeout(500);
		report(`${count} chart(s) scrolled into view and drawn`, first);
	}
	if (shot) await page.screenshot({ path: shot, fullPage: true });
} finally {
	await browser.close();
}
