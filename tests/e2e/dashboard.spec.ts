import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SCREENS = 'test-results/screens';
mkdirSync(SCREENS, { recursive: true });

/** Signs in through the login form (works with or without JavaScript). */
async function signIn(page: Page, username = 'phantich', password = 'thidua2025') {
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByText(/Đang đăng nhập:/)).toBeVisible();
}

/** Fails the test on any console error or uncaught page error. */
function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
	return errors;
}

test.describe('a council analyst browsing the sample province', () => {
	test.beforeEach(async ({ page }) => signIn(page));

	test('overview → another year → a bloc whose leaders tie, with the chart drawn', async ({ page }) => {
		const errors = watchErrors(page);
		await page.goto('/');
		await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
		await expect(page.getByRole('heading', { level: 2, name: 'Tổng quan năm 2025' })).toBeVisible();
		await expect(page.locator('tr[data-bloc]')).toHaveCount(7);
		await page.screenshot({ path: `${SCREENS}/overview-2025.png`, fullPage: true });

		// Picking a year navigates on change when JavaScript runs.
		await page.locator('#year-select').selectOption('2023');
		await expect(page).toHaveURL(/\?year=2023/);
		await expect(page.getByRole('heading', { level: 2, name: 'Tổng quan năm 2023' })).toBeVisible();

		// K03 2023: two units share the top total (920,5): both rank 1, both flagged, vote needed.
		await page.locator('tr[data-bloc="K03"] a').click();
		await expect(page).toHaveURL(/\/blocs\/K03\/2023$/);
		const rows = page.locator('tr[data-unit]');
		await expect(rows.first()).toBeVisible();
		const top = rows.filter({ hasText: '920,5' });
		await expect(top).toHaveCount(2);
		for (const row of await top.all()) {
			await expect(row).toContainText('đồng hạng');
			await expect(row).toContainText('Đề nghị Cờ thi đua');
			await expect(row).toContainText('cần bỏ phiếu');
		}
		await expect(page.getByText('Các đơn vị bằng tổng điểm', { exact: false })).toBeVisible();

		// The chart is drawn in the browser once scrolled to: its canvas has painted pixels and a
		// text alternative.
		const chart = page.locator('.chart[role="img"]');
		await expect(chart).toHaveAttribute('aria-label', /.+/);
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
		await page.screenshot({ path: `${SCREENS}/bloc-K03-2023.png`, fullPage: true });
		expect(errors).toEqual([]);
	});

	test('switches to English and back, keeping the page', async ({ page }) => {
		const errors = watchErrors(page);
		await page.goto('/blocs/K01/2024');
		await page.getByRole('link', { name: 'English' }).click();
		await expect(page).toHaveURL(/\/blocs\/K01\/2024$/);
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByText('Emulation pledge', { exact: false }).first()).toBeVisible();
		await page.screenshot({ path: `${SCREENS}/bloc-K01-2024-en.png`, fullPage: true });
		await page.getByRole('link', { name: 'Tiếng Việt' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
		expect(errors).toEqual([]);
	});

	test('unknown bloc shows a Vietnamese 404 page without a stack trace', async ({ page }) => {
		const res = await page.goto('/blocs/KHONGCO/2024');
		expect(res?.status()).toBe(404);
		await expect(page.locator('body')).toContainText('Không tìm thấy');
		await expect(page.locator('body')).not.toContainText(/at .*\.js:\d+/);
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('signing in, the bloc ranking and the year picker still work', async ({ page }) => {
		await signIn(page);
		await page.goto('/?year=2024');
		await expect(page.getByRole('heading', { level: 2, name: 'Tổng quan năm 2024' })).toBeVisible();
		await page.locator('#year-select').selectOption('2022');
		await page.getByRole('button', { name: 'Xem' }).click();
		await expect(page.getByRole('heading', { level: 2, name: 'Tổng quan năm 2022' })).toBeVisible();
		await page.goto('/blocs/K02/2022');
		const rows = page.locator('tr[data-unit]');
		expect(await rows.count()).toBeGreaterThanOrEqual(5);
		await expect(rows.first()).toContainText('1');
	});
});

test('a language chosen in another tab applies when the page reloads its data, messages and all', async ({
	page,
	context,
	baseURL
}) => {
	const errors = watchErrors(page);
	await signIn(page, 'admin');
	await page.goto('/admin/backups');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sao lưu cơ sở dữ liệu');
	// The browser holds only the Vietnamese messages; the cookie now asks for English. A form
	// sent without a reload has every load run again, the layout's with the new language.
	await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
	await page.getByRole('button', { name: 'Sao lưu ngay' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Database backups');
	await expect(page.getByRole('button', { name: 'Back up now' })).toBeEnabled();
	await expect(page.getByRole('link', { name: 'My work', exact: true })).toBeVisible();
	expect(errors).toEqual([]);
});
