/**
 * Issue 14 in the browser: the admin creates the officer accounts of one bloc in bulk and
 * downloads their temporary passwords (CSV); a new officer signs in with one, is held on the
 * password page until it chose its own, and then reaches its unit's sheet.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { signIn, watchErrors } from './session';

test('bulk officer accounts, a temporary password, the forced change, the unit’s sheet', async ({
	browser,
	page
}) => {
	test.setTimeout(90_000);
	const errors = watchErrors(page);
	await signIn(page, 'admin');
	await page.goto('/admin');
	await page.getByRole('link', { name: 'Tạo tài khoản hàng loạt' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Tạo tài khoản hàng loạt' })).toBeVisible();
	await page.getByLabel('Năm').selectOption('2025');
	await page.getByLabel('Khối').selectOption('K06');
	await page.getByRole('button', { name: 'Xem danh sách' }).click();
	const rows = page.locator('[data-table="bulk-plan"] tbody tr');
	await expect(rows.first()).toBeVisible();
	const units = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')!));
	expect(units.length).toBeGreaterThan(0);
	await page.getByRole('button', { name: `Tạo ${units.length} tài khoản` }).click();
	await expect(page.getByRole('heading', { name: `Đã tạo ${units.length} tài khoản` })).toBeVisible();

	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Tải mật khẩu tạm thời (CSV)' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe('mat-khau-tam-thoi.csv');
	const lines = readFileSync(await file.path(), 'utf8')
		.replace(/^\uFEFF/, '')
		.split('\r\n')
		.filter(Boolean);
	expect(lines).toHaveLength(units.length + 1);
	const [username, , role, password] = lines[1]!.split(',');
	expect(username).toBe(`cb.${units[0]!.toLowerCase()}`);
	expect(role).toBe(`Cán bộ đơn vị ${units[0]}`);
	expect(errors).toEqual([]);

	// The new officer, in another browser.
	const context = await browser.newContext();
	const officer = await context.newPage();
	await signIn(officer, username!, password!);
	await expect(officer).toHaveURL(/\/account\/password$/);
	await expect(officer.locator('[data-forced]')).toBeVisible();
	await officer.goto(`/blocs/K06/2025/units/${units[0]}`);
	await expect(officer).toHaveURL(/\/account\/password$/);

	await officer.getByLabel('Mật khẩu hiện tại (hoặc mật khẩu tạm thời)').fill(password!);
	await officer.getByLabel('Mật khẩu mới', { exact: true }).fill('12345678');
	await officer.getByLabel('Nhập lại mật khẩu mới').fill('12345678');
	await officer.getByRole('button', { name: 'Đổi mật khẩu' }).click();
	await expect(officer.locator('[data-problem="next"]')).toContainText('quá phổ biến');
	await expect(officer).toHaveURL(/\/account\/password$/);

	await officer.getByLabel('Mật khẩu hiện tại (hoặc mật khẩu tạm thời)').fill(password!);
	await officer.getByLabel('Mật khẩu mới', { exact: true }).fill('Hoa sen nở giữa hồ 2026');
	await officer.getByLabel('Nhập lại mật khẩu mới').fill('Hoa sen nở giữa hồ 2026');
	await officer.getByRole('button', { name: 'Đổi mật khẩu' }).click();
	await expect(officer).toHaveURL(/\/$/);
	const sheet = officer.locator(`[data-sheet="${units[0]}"] a.card-title`);
	await sheet.click();
	await expect(officer).toHaveURL(new RegExp(`/blocs/K06/2025/units/${units[0]}$`));
	await expect(officer.getByRole('heading', { level: 1 })).toBeVisible();

	// My account: the role, and the password changed.
	await officer.getByRole('link', { name: /^Đang đăng nhập:/ }).click();
	await expect(officer.locator('[data-role="unit_officer"]')).toContainText(`Cán bộ đơn vị ${units[0]}`);
	await expect(officer.locator('[data-sessions]')).toHaveAttribute('data-sessions', '1');
	await context.close();
});
