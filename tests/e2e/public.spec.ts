/**
 * Issue 15 part 5, publication: the admin makes 2024 public on the council's settings page; an
 * anonymous browser (no session, JavaScript off) finds the link on the login page and reads the
 * finalised rankings of 2024; the admin withdraws the year again and the anonymous browser gets
 * 404 at once. The setting is put back as the spec found it (nothing public): other specs read
 * the login page and the settings.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { signIn, watchErrors } from './session';

const SCREENS = 'test-results/screens';
mkdirSync(SCREENS, { recursive: true });

test('the admin publishes 2024, an anonymous visitor reads it without JavaScript, the admin withdraws it', async ({
	page,
	browser,
	baseURL
}) => {
	const errors = watchErrors(page);
	await signIn(page, 'admin');
	await page.goto('/admin/settings');
	const section = page.locator('[data-setting="publication"]');
	await expect(page.getByRole('heading', { level: 2, name: 'Công khai kết quả' })).toBeVisible();
	const year = section.locator('[data-public-setting="2024"]');
	await expect(year).toHaveAttribute('data-state', 'private');
	await expect(year).toContainText('7/7 khối đã chốt');
	await section.getByLabel('Công khai năm 2024').check();
	await section.getByRole('button', { name: 'Lưu công khai kết quả' }).click();
	await expect(section.locator('[data-outcome="saved"]')).toHaveText('Đã lưu: 1 năm thay đổi.');
	await expect(year).toHaveAttribute('data-state', 'public');
	await page.screenshot({ path: `${SCREENS}/public-settings.png`, fullPage: true });

	// An anonymous browser, JavaScript off: from the login page to the year and one bloc.
	const anon = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'vi-VN' });
	try {
		const visitor = await anon.newPage();
		await visitor.goto('/login');
		await visitor.getByRole('link', { name: /Xem kết quả thi đua đã công khai/ }).click();
		await expect(visitor).toHaveURL(/\/cong-khai$/);
		await expect(visitor.getByRole('heading', { level: 1, name: 'Kết quả thi đua công khai' })).toBeVisible();
		await visitor.getByRole('link', { name: 'Kết quả thi đua năm 2024' }).click();
		await expect(visitor.locator('[data-public-bloc]')).toHaveCount(7);
		await visitor.getByRole('link', { name: 'Chỉ xem Khối các sở, ngành kinh tế' }).click();
		await expect(visitor).toHaveURL(/\/cong-khai\/2024\/K04$/);
		const rows = visitor.locator('[data-public-row]');
		await expect(rows).toHaveCount(10);
		await expect(rows.first()).toContainText('Cục Thuế tỉnh');
		await expect(rows.first()).toContainText('916,5');
		await expect(rows.first()).toContainText('Đề nghị Cờ thi đua');
		await expect(visitor.getByText('Đang đăng nhập:')).toHaveCount(0);
		await visitor.screenshot({ path: `${SCREENS}/public-bloc.png`, fullPage: true });
		// Nothing else without an account: the bloc's own page asks for a sign-in.
		await visitor.goto('/blocs/K04/2024');
		await expect(visitor).toHaveURL(/\/login\?next=%2Fblocs%2FK04%2F2024$/);

		// Withdrawn by the admin: gone at once for the anonymous visitor.
		await page.goto('/admin/settings');
		await section.getByLabel('Công khai năm 2024').uncheck();
		await section.getByRole('button', { name: 'Lưu công khai kết quả' }).click();
		await expect(section.locator('[data-outcome="saved"]')).toHaveText('Đã lưu: 1 năm thay đổi.');
		await expect(year).toHaveAttribute('data-state', 'private');
		const gone = await visitor.goto('/cong-khai/2024/K04');
		expect(gone?.status()).toBe(404);
		await visitor.goto('/cong-khai');
		await expect(visitor.locator('[data-public-none]')).toBeVisible();
		await visitor.goto('/login');
		await expect(visitor.locator('[data-public-link]')).toHaveCount(0);
	} finally {
		await anon.close();
		// Put back: nothing public, whatever happened above.
		await page.goto('/admin/settings');
		const box = section.getByLabel('Công khai năm 2024');
		if (await box.isChecked()) {
			await box.uncheck();
			await section.getByRole('button', { name: 'Lưu công khai kết quả' }).click();
			await expect(year).toHaveAttribute('data-state', 'private');
		}
	}
	// The settings history names both changes.
	await expect(page.locator('[data-history="public_year:2024"]')).toHaveCount(2);
	expect(errors).toEqual([]);
});
