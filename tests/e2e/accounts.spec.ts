import { expect, test } from '@playwright/test';
import { signIn, watchErrors } from './session';

/**
 * The accounts page (issue 14, part 1) as an admin uses it: find truongkhoi.k04 by a search
 * typed without tone marks, grant it a role, reset its password; the temporary password shown
 * once signs in, and the old one no longer does. The account is then put back as it was (its own
 * password chosen again, the role removed): every browser test shares one database, and later
 * specs sign in as truongkhoi.k04.
 */
test('the admin finds a bloc leader, grants a role, resets the password; the new password signs in', async ({
	page,
	browser
}) => {
	const errors = watchErrors(page);
	await signIn(page, 'admin');
	await page.goto('/admin');
	await page.getByRole('link', { name: 'Tài khoản', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Tài khoản' })).toBeVisible();

	// «so xay dung» finds «Sở Xây dựng (Trưởng khối …)»; the list shows its role in Vietnamese.
	await page.getByLabel('Tên đăng nhập hoặc tên hiển thị').fill('so xay dung truong khoi');
	await page.getByRole('button', { name: 'Lọc' }).click();
	const row = page.locator('tr[data-account="truongkhoi.k04"]');
	await expect(row).toContainText('Trưởng khối K04 năm 2025');
	await expect(page.locator('tr[data-account]')).toHaveCount(1);
	await row.getByRole('link', { name: 'truongkhoi.k04' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Tài khoản truongkhoi.k04' })).toBeVisible();

	// Grant: deputy of K01 in 2025 (an existing bloc-year).
	const grant = page.locator('form[data-grant-form]');
	await grant.locator('select[name="role"]').selectOption('bloc_deputy');
	await grant.locator('select[name="bloc"]').selectOption('K01');
	await grant.locator('select[name="year"]').selectOption('2025');
	await grant.getByRole('button', { name: 'Giao vai trò' }).click();
	await expect(page.locator('[data-done]')).toHaveText('Đã giao vai trò: Phó khối K01 năm 2025.');
	await expect(page.locator('[data-roles]')).toContainText('Phó khối K01 năm 2025');

	// A refused grant says which field and writes nothing.
	await grant.locator('select[name="role"]').selectOption('unit_officer');
	await grant.getByRole('button', { name: 'Giao vai trò' }).click();
	await expect(page.locator('[data-problems]')).toContainText('Đơn vị: cần chọn đơn vị');

	// Reset: the temporary password is shown once.
	await page.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
	const shown = page.locator('[data-temporary-password] [data-password]');
	await expect(shown).toHaveText(/^[a-z2-9]{12}$/);
	const password = (await shown.textContent())!.trim();
	await expect(page.locator('[data-account-status]')).toHaveText(/Phải đổi mật khẩu/);
	const history = page.locator('table[data-table="account-history"]');
	await expect(history).toContainText('Đặt lại mật khẩu');
	await expect(history).toContainText('Giao vai trò');
	await expect(history).not.toContainText(password);

	// Shown once: the page opened again does not hold it.
	await page.goto(page.url());
	await expect(page.locator('[data-temporary-password]')).toHaveCount(0);
	expect(await page.content()).not.toContain(password);

	// In another browser: the old password is refused, the temporary one signs in.
	const other = await browser.newContext();
	const leader = await other.newPage();
	await leader.goto('/login', { waitUntil: 'networkidle' });
	await leader.getByLabel('Tên đăng nhập').fill('truongkhoi.k04');
	await leader.getByLabel('Mật khẩu').fill('thidua2025');
	await leader.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(leader.getByText(/Đang đăng nhập:/)).toHaveCount(0);
	await signIn(leader, 'truongkhoi.k04', password);
	// A temporary password: the leader chooses one (the sample's again) before anything else.
	await expect(leader).toHaveURL(/\/account\/password$/);
	await leader.getByLabel('Mật khẩu hiện tại (hoặc mật khẩu tạm thời)').fill(password);
	await leader.getByLabel('Mật khẩu mới', { exact: true }).fill('thidua2025');
	await leader.getByLabel('Nhập lại mật khẩu mới').fill('thidua2025');
	await leader.getByRole('button', { name: 'Đổi mật khẩu' }).click();
	await expect(leader).toHaveURL(/\/$/);
	await other.close();

	// The role granted above removed again.
	await page.goto(page.url(), { waitUntil: 'networkidle' });
	await page.getByRole('button', { name: 'Bỏ vai trò Phó khối K01 năm 2025' }).click();
	await expect(page.locator('[data-roles]')).not.toContainText('Phó khối K01 năm 2025');
	await expect(page.locator('[data-account-status]')).not.toHaveText(/Phải đổi mật khẩu/);

	expect(errors).toEqual([]);
});
