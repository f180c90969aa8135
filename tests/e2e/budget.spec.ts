/**
 * What the bloc page costs a browser in JavaScript, measured as bench/run.ts measures it: every
 * script response Chromium loads for the page, gzip-compressed, summed. Sizes, not times, so the
 * figures do not depend on the machine. ECharts is most of a chart page's code: it must be loaded
 * only when a chart is shown, and then only the parts that chart uses.
 */
import { expect, test, type Page, type Response } from '@playwright/test';
import { gzipSync } from 'node:zlib';

const KB = 1024;
/** Budget of the bloc page as it loads (issue 12). */
const PAGE_BUDGET = 200 * KB;
/**
 * Budget once its bar chart has been scrolled to and drawn (it was 279 KB with every ECharts part).
 * 275 KB since issue 14: every page ships the whole of its language's messages, and the accounts,
 * settings, deadline and pledge editor pages added ~10 KB of them (gzip); splitting the messages
 * by area is the way back under 250 KB.
 */
const WITH_CHART_BUDGET = 275 * KB;

/** Strings only ECharts' code holds: zrender's core, and the model type of each series or component. */
const ECHARTS_CORE = '__zr_style_';
const BAR = 'series.bar';
const UNUSED_PARTS = [
	'series.line',
	'series.heatmap',
	'series.scatter',
	'legend.scroll',
	'visualMap.continuous'
];

async function signIn(page: Page) {
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill('phantich');
	await page.getByLabel('Mật khẩu').fill('thidua2025');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByText(/Đang đăng nhập:/)).toBeVisible();
}

/** Records every script the page loads from now on: its gzip size and its text. */
function recordScripts(page: Page) {
	const scripts = new Map<string, { gzip: number; text: string }>();
	const pending = new Set<Promise<void>>();
	const onResponse = (res: Response) => {
		if (res.request().resourceType() !== 'script' && !res.url().endsWith('.js')) return;
		const done = res
			.body()
			.then(
				(body) => void scripts.set(res.url(), { gzip: gzipSync(body).length, text: body.toString('utf8') })
			)
			.catch(() => {
				/* redirects have no body */
			})
			.finally(() => pending.delete(done));
		pending.add(done);
	};
	page.on('response', onResponse);
	return {
		/** Waits for the network to be idle and every body to be read. */
		async settle() {
			await page.waitForLoadState('networkidle');
			await Promise.all(pending);
		},
		total: () => [...scripts.values()].reduce((sum, s) => sum + s.gzip, 0),
		holding: (marker: string) => [...scripts].filter(([, s]) => s.text.includes(marker)).map(([url]) => url),
		list: () => [...scripts].map(([url, s]) => `${(s.gzip / KB).toFixed(1)} KB ${new URL(url).pathname}`)
	};
}

test('the bloc page ships at most 200 KB of JavaScript, and ECharts only for a chart on screen', async ({
	page
}) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	await signIn(page);

	const scripts = recordScripts(page);
	await page.goto('/blocs/K04/2025', { waitUntil: 'networkidle' });
	await scripts.settle();
	const chart = page.locator('.chart[role="img"]');
	// The chart is below the first screen, after the ranking table.
	await expect(chart).not.toBeInViewport();
	await expect(page.locator('tr[data-unit]').first()).toBeVisible();

	// As loaded: no ECharts, one language's messages (the page is in Vietnamese), within budget.
	expect(scripts.holding(ECHARTS_CORE), 'ECharts loaded before a chart is shown').toEqual([]);
	expect(scripts.holding('Emulation & Commendation'), 'English messages on a Vietnamese page').toEqual([]);
	expect(scripts.holding('Thi đua – Khen thưởng').length).toBeGreaterThan(0);
	expect(scripts.total(), scripts.list().join('\n')).toBeLessThanOrEqual(PAGE_BUDGET);
	await expect(chart.locator('canvas')).toHaveCount(0);

	// Scrolled to, the chart loads its code and is drawn: its canvas has painted pixels.
	await chart.scrollIntoViewIfNeeded();
	const canvas = chart.locator('canvas');
	await expect(canvas).toHaveCount(1);
	await expect
		.poll(() =>
			canvas.evaluate((c: HTMLCanvasElement) => {
				const ctx = c.getContext('2d');
				if (!ctx || c.width === 0) return 0;
				const data = ctx.getImageData(0, 0, c.width, c.height).data;
				let painted = 0;
				for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
				return painted;
			})
		)
		.toBeGreaterThan(1000);
	await expect(page.getByRole('button', { name: 'Tải ảnh PNG' })).toBeVisible();
	await scripts.settle();

	// Only the parts a bar chart needs came with it.
	expect(scripts.holding(ECHARTS_CORE).length).toBeGreaterThan(0);
	expect(scripts.holding(BAR).length).toBeGreaterThan(0);
	for (const part of UNUSED_PARTS) expect(scripts.holding(part), part).toEqual([]);
	expect(scripts.total(), scripts.list().join('\n')).toBeLessThanOrEqual(WITH_CHART_BUDGET);
	expect(errors).toEqual([]);
});
