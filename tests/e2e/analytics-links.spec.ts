/**
 * Analytics that connect (issue 13): the links between years compared, gaps and what-if keep the
 * bloc and the year; the what-if ranking downloads as CSV and Excel; a chart's PNG carries a title;
 * without JavaScript the tables stand where the charts would be; at 390 px no page scrolls
 * sideways. Screenshots of each page at 1366×768, 390×844 and 1920×1080 go to test-results.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';

const SCREENS = 'test-results/screens/analytics-links';
mkdirSync(SCREENS, { recursive: true });

async function signIn(page: Page, username: string) {
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill('thidua2025');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByText(/Đang đăng nhập:/)).toBeVisible();
}

function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
	return errors;
}

/** The chart was drawn: its canvas holds painted pixels (scrolled to first: charts load near the screen). */
async function expectDrawn(chart: Locator) {
	await chart.scrollIntoViewIfNeeded();
	const canvas = chart.locator('canvas').first();
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
		.toBeGreaterThan(2000);
}

/** Every chart on the page drawn (scrolling through it), then back to the top. */
async function drawAll(page: Page) {
	const charts = page.locator('[data-chart]');
	for (let i = 0; i < (await charts.count()); i++) await expectDrawn(charts.nth(i));
	await page.evaluate(() => window.scrollTo(0, 0));
}

const nav = (page: Page) => page.locator('[data-analytics-nav]');

test.describe('an analyst moving between the analytics of one bloc-year', () => {
	test.beforeEach(async ({ page }) => signIn(page, 'phantich'));

	test('gaps → what-if → years compared → gaps keep the bloc and the year', async ({ page }) => {
		const errors = watchErrors(page);
		await page.goto('/analytics/gaps?bloc=K06&year=2023');
		await expect(nav(page).locator('[aria-current="page"]')).toHaveText('Khoảng cách theo tiêu chí');

		await nav(page).getByRole('link', { name: 'Giả định hệ số' }).click();
		await expect(page).toHaveURL(/\/analytics\/whatif\?bloc=K06&year=2023$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('năm 2023');

		await nav(page).getByRole('link', { name: 'So sánh qua các năm' }).click();
		await expect(page).toHaveURL(/\/analytics\/trends\?bloc=K06&from=2022&to=2023$/);
		await expect(
			page.getByRole('heading', { name: 'Thay đổi theo tiêu chí: năm 2022 so với năm 2023' })
		).toBeVisible();

		await nav(page).getByRole('link', { name: 'Khoảng cách theo tiêu chí' }).click();
		await expect(page).toHaveURL(/\/analytics\/gaps\?bloc=K06&year=2023$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('năm 2023');

		await nav(page).getByRole('link', { name: 'Bảng xếp hạng của khối' }).click();
		await expect(page).toHaveURL(/\/blocs\/K06\/2023$/);
		expect(errors).toEqual([]);
	});

	test('downloads the what-if ranking with the weights typed, as CSV and as Excel', async ({ page }) => {
		const errors = watchErrors(page);
		await page.goto('/analytics/whatif?bloc=K04&year=2024', { waitUntil: 'networkidle' });
		await page.locator('input[name="g.I"]').fill('4');
		// the page ranks again at once; the file must hold the same ranking
		await expect(page.locator('tr.moved-up').first()).toBeVisible();
		const first = await page.locator('table[data-table="whatif"] tbody tr').first().getAttribute('data-unit');

		const [csv] = await Promise.all([
			page.waitForEvent('download'),
			page.locator('[data-download="csv"]').click()
		]);
		expect(csv.suggestedFilename()).toBe('xep-hang-gia-dinh-K04-2024.csv');
		const text = readFileSync((await csv.path())!, 'utf8');
		expect(text.charCodeAt(0)).toBe(0xfeff);
		const rows = text.slice(1).split('\r\n');
		expect(rows[0]).toContain('Hạng giả định');
		expect(rows[0]).toContain('Hạng theo giao ước');
		expect(rows[1]).toContain(`,${first},`);
		// some unit moved: its change column is not 0
		expect(rows.slice(1).some((r) => /^2024,K04,\d+,-?[1-9]/.test(r))).toBe(true);

		const [xlsx] = await Promise.all([
			page.waitForEvent('download'),
			page.locator('[data-download="xlsx"]').click()
		]);
		expect(xlsx.suggestedFilename()).toBe('xep-hang-gia-dinh-K04-2024.xlsx');
		expect(
			readFileSync((await xlsx.path())!)
				.subarray(0, 2)
				.toString('latin1')
		).toBe('PK');
		expect(errors).toEqual([]);
	});

	test('saves a trend chart as a PNG titled with the bloc and the years', async ({ page }) => {
		const errors = watchErrors(page);
		await page.goto('/analytics/trends?bloc=K06');
		const chart = page.locator('[data-chart="trend-percent"]');
		await expect(chart).toHaveAttribute('data-png-title', /Khối các trường THPT · 2020–2025/);
		await expectDrawn(chart);
		const height = (await chart.boundingBox())!.height;
		const [png] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Tải ảnh PNG' }).first().click()
		]);
		expect(png.suggestedFilename()).toBe('trend-percent.png');
		await png.saveAs(`${SCREENS}/trend-percent-download.png`);
		const bytes = readFileSync((await png.path())!);
		expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
		// twice the screen resolution, and a title band above the chart
		expect(bytes.readUInt32BE(20)).toBeGreaterThan(2 * height + 30);
		expect(errors).toEqual([]);
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the years compared show the table where the charts would be, not blank boxes', async ({ page }) => {
		await signIn(page, 'phantich');
		await page.goto('/analytics/trends?bloc=K06');
		await expect(page.locator('[data-chart="trend-percent"]')).toBeHidden();
		await expect(page.locator('[data-chart="trend-rank"]')).toBeHidden();
		await expect(page.locator('[data-noscript-chart="trend-percent"]')).toBeVisible();
		const heading = (await page.locator('#percent-heading').boundingBox())!;
		const table = (await page.locator('table[data-table="trends"]').boundingBox())!;
		// heading, intro, the no-JavaScript note and the legend lines: then the table (a chart was 460 px)
		expect(table.y - (heading.y + heading.height)).toBeLessThan(260);
		await page.setViewportSize({ width: 1366, height: 768 });
		await page.screenshot({ path: `${SCREENS}/trends-nojs-1366.png` });
	});
});

const PAGES = [
	{ name: 'trends', path: '/analytics/trends?bloc=K06' },
	{ name: 'gaps', path: '/analytics/gaps?bloc=K06&year=2025' },
	{ name: 'whatif', path: '/analytics/whatif?bloc=K06&year=2025' },
	{ name: 'unit', path: '/units/SO22' }
];

test.describe('on a phone, a laptop and a projector', () => {
	test.beforeEach(async ({ page }) => signIn(page, 'phantich'));

	for (const p of PAGES)
		test(`${p.name}: no sideways page scroll at 390 px, charts drawn at every size`, async ({ page }) => {
			const errors = watchErrors(page);
			for (const [w, h] of [
				[390, 844],
				[1366, 768],
				[1920, 1080]
			] as const) {
				await page.setViewportSize({ width: w, height: h });
				await page.goto(p.path, { waitUntil: 'networkidle' });
				await drawAll(page);
				const overflow = await page.evaluate(
					() => document.documentElement.scrollWidth - document.documentElement.clientWidth
				);
				expect(overflow, `${p.path} at ${w} px scrolls sideways`).toBe(0);
				if (w === 390) {
					// the tables scroll inside their box, the unit column staying in view
					const sticky = page.locator('.table-wrap .sticky-col').first();
					if ((await sticky.count()) > 0)
						expect(await sticky.evaluate((e) => getComputedStyle(e).position)).toBe('sticky');
				}
				await page.screenshot({ path: `${SCREENS}/${p.name}-${w}x${h}.png`, fullPage: true });
			}
			expect(errors).toEqual([]);
		});
});
