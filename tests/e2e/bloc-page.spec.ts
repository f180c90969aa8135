/**
 * The bloc page puts the ranking first: its first row is on the first screen of a laptop, for a
 * bloc leader (who also has the stage forms) and for an analyst; on a phone the table scrolls
 * inside its own box, the unit column staying in view, and the page itself never scrolls
 * sideways; on a projector the pledge and the stage sit beside the ranking. Screenshots of each
 * go to test-results/screens/bloc-page/.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SCREENS = 'test-results/screens/bloc-page';
mkdirSync(SCREENS, { recursive: true });

async function signIn(page: Page, username: string, password = 'thidua2025') {
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByText(/Đang đăng nhập:/)).toBeVisible();
}

function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
	page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
	return errors;
}

const VISITS = [
	{ who: 'truongkhoi.k04', path: '/blocs/K04/2025', name: 'K04-2025-leader', leader: 'Cục Thuế tỉnh' },
	{ who: 'phantich', path: '/blocs/K03/2023', name: 'K03-2023-analyst', leader: null }
];

test.describe('at 1366×768', () => {
	test.use({ viewport: { width: 1366, height: 768 } });

	for (const v of VISITS)
		test(`the ranking's first row is on the first screen (${v.who})`, async ({ page }) => {
			const errors = watchErrors(page);
			await signIn(page, v.who);
			await page.goto(v.path, { waitUntil: 'networkidle' });
			const first = page.locator('table.ranking tbody tr').first();
			const box = await first.boundingBox();
			expect(box, 'first ranking row').not.toBeNull();
			// Measured from the top of the page, not scrolled: the whole row is in the first 768 px.
			expect(await page.evaluate(() => scrollY)).toBe(0);
			expect(box!.y + box!.height).toBeLessThanOrEqual(768);
			// The leading unit is named above the table; K03 2023 has two joint leaders.
			const lead = page.locator('[data-lead]');
			await expect(lead).toBeInViewport();
			if (v.leader) await expect(lead).toContainText(v.leader);
			else {
				await expect(lead).toContainText('Đồng dẫn đầu');
				expect((await lead.getAttribute('data-lead'))!.split(' ')).toHaveLength(2);
			}
			await page.screenshot({ path: `${SCREENS}/${v.name}-1366.png` });
			expect(errors).toEqual([]);
		});

	test('the leader reaches the stage forms from the strip above the ranking', async ({ page }) => {
		await signIn(page, 'truongkhoi.k04');
		await page.goto('/blocs/K04/2025');
		await page.getByRole('link', { name: /Chuyển giai đoạn/ }).click();
		await expect(page).toHaveURL(/#stage$/);
		await expect(page.getByRole('heading', { name: 'Giai đoạn', level: 2 })).toBeInViewport();
		await expect(page.getByRole('button', { name: /Chuyển sang «Đã chốt kết quả»/ })).toBeVisible();
	});

	test('each unit links to its sheet and to its results over the years', async ({ page }) => {
		await signIn(page, 'phantich');
		await page.goto('/blocs/K04/2024');
		const row = page.locator('table.ranking tbody tr').first();
		const code = await row.getAttribute('data-unit');
		expect(code).toBeTruthy();
		const sheet = row.locator('a[data-sheet-link]');
		const profile = row.locator('a[data-profile-link]');
		await expect(sheet).toHaveAttribute('href', `/blocs/K04/2024/units/${code}`);
		await expect(profile).toHaveAttribute('href', `/units/${code}`);
		const name = (await sheet.innerText()).trim();

		await profile.click();
		await expect(page).toHaveURL(new RegExp(`/units/${code}$`));
		expect((await page.goto(page.url()))?.status()).toBe(200);
		await expect(page.getByRole('heading', { level: 1 })).toContainText(name);

		await page.goBack();
		await page.locator(`tr[data-unit="${code}"] a[data-sheet-link]`).click();
		await expect(page).toHaveURL(new RegExp(`/blocs/K04/2024/units/${code}$`));
		await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
	});
});

test.describe('without JavaScript, at 1366×768', () => {
	test.use({ javaScriptEnabled: false, viewport: { width: 1366, height: 768 } });

	test('a stage move answers at the stage panel, below the ranking, with its notice in view', async ({
		page
	}) => {
		await signIn(page, 'truongkhoi.k07');
		await page.goto('/blocs/K07/2025');
		await expect(page.locator('table.ranking tbody tr').first()).toBeInViewport();
		await page.getByLabel('Lý do mở lại (bắt buộc)').fill('Kiểm tra lại điểm tự chấm');
		await page.getByLabel('Mở lại về giai đoạn').selectOption('self_scoring');
		await page.getByRole('button', { name: 'Mở lại (lùi giai đoạn)' }).click();
		await expect(page).toHaveURL(/\/blocs\/K07\/2025\?\/stage#stage$/);
		const notice = page.getByRole('status');
		await expect(notice).toContainText('Đã chuyển giai đoạn: Khối chấm, kiểm tra chéo → Đơn vị tự chấm');
		await expect(notice).toBeInViewport();
		await page.screenshot({ path: `${SCREENS}/K07-2025-stage-nojs.png` });
		// No empty chart box (a <noscript> note says the numbers are in the table; Playwright's
		// switch turns scripts off but still parses <noscript> as text, so it is not checked here).
		await expect(page.locator('.chart')).toHaveAttribute('aria-label', /.+/);
		expect((await page.locator('.chart-box').boundingBox())!.height).toBe(0);
		// Back to where the sample had it.
		await page.getByRole('button', { name: /Chuyển sang «Khối chấm, kiểm tra chéo»/ }).click();
		await expect(page.getByRole('status')).toContainText('→ Khối chấm, kiểm tra chéo');
	});
});

test.describe('on a phone, 390×844', () => {
	test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

	for (const v of VISITS)
		test(`no sideways page scroll; the total is reached by scrolling the table (${v.who})`, async ({
			page
		}) => {
			const errors = watchErrors(page);
			await signIn(page, v.who);
			await page.goto(v.path, { waitUntil: 'networkidle' });
			const overflow = () => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
			expect(await overflow()).toBeLessThanOrEqual(0);

			const box = page.locator('[data-ranking-scroll]');
			const row = page.locator('table.ranking tbody tr').first();
			const unit = row.locator('th.unit');
			const total = row.locator('td.total');
			// The first row on screen (vertically); the box is no wider than the screen, the table is.
			await page.evaluate(() => window.scrollTo(0, 0));
			await unit.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'nearest' }));
			expect(await box.evaluate((el) => el.scrollLeft)).toBe(0);
			await expect(unit).toBeInViewport();
			const wrap = (await box.boundingBox())!;
			expect(wrap.x + wrap.width).toBeLessThanOrEqual(390);
			expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
			await expect(total).not.toBeInViewport();
			await page.screenshot({ path: `${SCREENS}/${v.name}-390.png`, fullPage: false });

			// Swiped until the total comes out beside the unit column (which stays put): it is on screen.
			const unitWidth = await unit.evaluate((el) => (el as HTMLElement).offsetWidth);
			const totalLeft = await total.evaluate((el) => (el as HTMLElement).offsetLeft);
			await box.evaluate((el, left) => el.scrollTo({ left }), totalLeft - unitWidth);
			expect(await box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(100);
			await expect(total).toBeInViewport();
			const t = (await total.boundingBox())!;
			expect(t.x).toBeGreaterThanOrEqual(wrap.x);
			expect(t.x + t.width).toBeLessThanOrEqual(wrap.x + wrap.width + 1);
			const u = (await unit.boundingBox())!;
			expect(Math.abs(u.x - wrap.x)).toBeLessThanOrEqual(2);
			// The unit cell covers what scrolls under it: the total is to its right.
			expect(t.x).toBeGreaterThanOrEqual(u.x + u.width - 1);
			expect(await overflow()).toBeLessThanOrEqual(0);
			await page.screenshot({ path: `${SCREENS}/${v.name}-390-scrolled.png`, fullPage: false });
			await page.screenshot({ path: `${SCREENS}/${v.name}-390-full.png`, fullPage: true });
			expect(errors).toEqual([]);
		});
});

test.describe('on a projector, 1920×1080', () => {
	test.use({ viewport: { width: 1920, height: 1080 } });

	test('the stage and the pledge sit beside the ranking, which uses the width', async ({ page }) => {
		const errors = watchErrors(page);
		await signIn(page, 'truongkhoi.k04');
		await page.goto('/blocs/K04/2025', { waitUntil: 'networkidle' });
		const table = (await page.locator('table.ranking').boundingBox())!;
		const side = (await page.locator('aside.side').boundingBox())!;
		// Side by side: the panel right of the table, both starting on the first screen.
		expect(side.x).toBeGreaterThan(table.x + table.width);
		expect(side.y).toBeLessThan(1080);
		expect(table.y).toBeLessThan(1080);
		// Together they span most of the screen.
		expect(side.x + side.width - table.x).toBeGreaterThan(1920 * 0.85);
		await expect(page.locator('table.ranking tbody tr').first()).toBeInViewport();
		await expect(page.getByRole('button', { name: /Chuyển sang «Đã chốt kết quả»/ })).toBeInViewport();
		await page.screenshot({ path: `${SCREENS}/K04-2025-leader-1920.png` });
		expect(errors).toEqual([]);
	});
});

test.describe('the printable report on screen', () => {
	test.describe('on a phone', () => {
		test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

		test('the page does not scroll sideways; the results table scrolls in its box', async ({ page }) => {
			const errors = watchErrors(page);
			await signIn(page, 'truongkhoi.k04');
			await page.goto('/blocs/K04/2025/report', { waitUntil: 'networkidle' });
			expect(
				await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)
			).toBeLessThanOrEqual(0);
			const box = page.locator('.results-box');
			expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
			const total = page.locator('table.results tbody tr').first().locator('td.total');
			await total.scrollIntoViewIfNeeded();
			await expect(total).toBeInViewport();
			expect(await box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
			await page.screenshot({ path: `${SCREENS}/report-K04-2025-390.png`, fullPage: true });
			expect(errors).toEqual([]);
		});
	});

	test.describe('on a projector', () => {
		test.use({ viewport: { width: 1920, height: 1080 } });

		test('the document is drawn large enough to fill most of the width', async ({ page }) => {
			await signIn(page, 'lanhdao');
			await page.goto('/blocs/K04/2024/report', { waitUntil: 'networkidle' });
			const doc = (await page.locator('article.document').boundingBox())!;
			expect(doc.width).toBeGreaterThan(1920 * 0.7);
			expect(doc.x + doc.width).toBeLessThanOrEqual(1920);
			await page.screenshot({ path: `${SCREENS}/report-K04-2024-1920.png` });
		});
	});
});
