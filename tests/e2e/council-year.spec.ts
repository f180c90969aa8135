/**
 * Issue 14 done: a council's first day in the browser, on the empty server (SEED_SAMPLE=0, one
 * admin made on the command line: tests/e2e/empty-server.ts). The admin uploads the units, blocs,
 * memberships, pledges and criteria; makes 2026 from 2025 (leaders rotated); edits a criterion of
 * an open 2026 pledge; creates the officer accounts of a bloc in bulk; a new officer signs in with
 * a temporary password, must change it, and reaches the unit's sheet.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { EMPTY_ADMIN, EMPTY_URL } from './empty-server';
import { signIn, watchErrors } from './session';

test.use({ baseURL: EMPTY_URL });

const FILES = ['units', 'blocs', 'memberships', 'pledges', 'criteria'].map((f) => `data/sample/${f}.csv`);

test('from an empty database to an officer on the sheet of a year made from the last one', async ({
	page,
	browser
}) => {
	test.setTimeout(180_000);
	const errors = watchErrors(page);
	await signIn(page, EMPTY_ADMIN.username, EMPTY_ADMIN.password);

	// Nothing yet: no year.
	await page.goto('/admin', { waitUntil: 'networkidle' });
	await expect(page.locator('[data-tool="new-year"]')).toBeVisible();

	// The catalogue and 2020–2025 by upload, checked then written.
	await page.goto('/upload', { waitUntil: 'networkidle' });
	await page.getByLabel('Kéo thả tệp vào đây, hoặc chọn tệp (CSV, Excel .xlsx)').setInputFiles(FILES);
	await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
	await expect(page.locator('[data-issues="0"]')).toBeVisible({ timeout: 60_000 });
	await page.getByRole('button', { name: 'Ghi vào cơ sở dữ liệu' }).click();
	await expect(page.locator('[data-committed]')).toContainText('criteria.csv', { timeout: 60_000 });

	// 2026 from 2025, every bloc, leaders rotated (2025's deputy leads).
	await page.goto('/admin', { waitUntil: 'networkidle' });
	await page.locator('[data-tool="new-year"] a').click();
	await expect(page.getByLabel('Năm mới')).toHaveValue('2026');
	await page.getByRole('button', { name: 'Xem trước', exact: true }).click();
	await expect(page.locator('[data-plan-bloc]')).toHaveCount(7);
	await expect(page.locator('[data-plan-bloc="K04"] tr[data-role="leader"]')).toHaveAttribute(
		'data-unit',
		'SO25'
	);
	await page.locator('button[data-create]').click();
	await expect(page.locator('[data-created="2026"]')).toContainText('Đã tạo năm 2026 cho 7 khối');

	// One criterion of K04 2026 (open): its maximum 25 → 30.
	await page.goto('/blocs/K04/2026', { waitUntil: 'networkidle' });
	await expect(page.locator('table.ranking tbody tr[data-unit="SO25"]')).toContainText('Trưởng khối');
	await page.locator('[data-pledge-link]').click();
	await page.locator('tr[data-criterion="I.2"]').getByRole('link', { name: 'Sửa' }).click();
	const form = page.locator('form[data-form="edit"]');
	await form.getByLabel('Điểm tối đa').fill('30');
	await form.getByRole('button', { name: 'Lưu tiêu chí' }).click();
	await expect(page.locator('tr[data-criterion="I.2"] [data-max]')).toHaveText('30');

	// Officer accounts of K04 2026 in bulk; the temporary passwords downloaded once.
	await page.goto('/admin', { waitUntil: 'networkidle' });
	await page.getByRole('link', { name: 'Tạo tài khoản hàng loạt' }).click();
	await page.getByLabel('Năm').selectOption('2026');
	await page.getByLabel('Khối').selectOption('K04');
	await page.getByRole('button', { name: 'Xem danh sách' }).click();
	const rows = page.locator('[data-table="bulk-plan"] tbody tr');
	await expect(rows.first()).toBeVisible();
	const units = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')!));
	expect(units).toContain('SO25');
	await page.getByRole('button', { name: `Tạo ${units.length} tài khoản` }).click();
	await expect(page.getByRole('heading', { name: `Đã tạo ${units.length} tài khoản` })).toBeVisible();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Tải mật khẩu tạm thời (CSV)' }).click();
	const lines = readFileSync((await (await download).path())!, 'utf8')
		.replace(/^\uFEFF/, '')
		.split('\r\n')
		.filter(Boolean);
	expect(lines).toHaveLength(units.length + 1);
	const leader = lines.slice(1).find((l) => l.startsWith('cb.so25,'));
	expect(leader).toBeDefined();
	const [username, , , password] = leader!.split(',');
	expect(errors).toEqual([]);

	// The officer of SO25, in another browser: must choose a password, then reaches the sheet.
	const context = await browser.newContext({ baseURL: EMPTY_URL });
	const officer = await context.newPage();
	const officerErrors = watchErrors(officer);
	await signIn(officer, username!, password!);
	await expect(officer).toHaveURL(/\/account\/password$/);
	await officer.goto('/blocs/K04/2026/units/SO25');
	await expect(officer).toHaveURL(/\/account\/password$/);
	await officer.getByLabel('Mật khẩu hiện tại (hoặc mật khẩu tạm thời)').fill(password!);
	await officer.getByLabel('Mật khẩu mới', { exact: true }).fill('Cán bộ Sở 25 chấm điểm 2026');
	await officer.getByLabel('Nhập lại mật khẩu mới').fill('Cán bộ Sở 25 chấm điểm 2026');
	await officer.getByRole('button', { name: 'Đổi mật khẩu' }).click();
	await expect(officer).toHaveURL(/\/$/);
	await officer.goto('/blocs/K04/2026/units/SO25', { waitUntil: 'networkidle' });
	await expect(officer.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(officer.locator('body')).toContainText('I.2');
	// SO25 leads K04 in 2026 by the bloc's own decision: its officer reads the bloc's draft.
	const bloc = await officer.request.get('/blocs/K04/2026');
	expect(bloc.status()).toBe(200);
	expect(officerErrors).toEqual([]);
	await context.close();
});
