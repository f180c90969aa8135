import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SCREENS = 'test-results/screens';
mkdirSync(SCREENS, { recursive: true });

async function signIn(page: Page, username: string, password = 'thidua2025') {
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByText(/Đang đăng nhập:/)).toBeVisible();
}

/** "1.234,5" → 1234.5 */
const viNumber = (s: string) => Number(s.trim().replace(/\./g, '').replace(',', '.'));

test('the K04 bloc leader reviews a score: the ranking moves and the history shows it', async ({ page }) => {
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	page.on('pageerror', (e) => errors.push(e.message));
	await signIn(page, 'truongkhoi.k04');

	// Before: SO03's total on the (draft) ranking of K04, 2025.
	await page.goto('/blocs/K04/2025');
	await expect(page.getByText('dự kiến', { exact: false }).first()).toBeVisible();
	const row = page.locator('tr[data-unit="SO03"]');
	const before = viNumber(await row.locator('td.total').innerText());

	// The grid: I.1 (weight 2, max 30) was reviewed at 24,5; the leader lowers it to 20,5.
	await page.goto('/blocs/K04/2025/units/SO03');
	const cell = page.getByLabel(/Khối chấm, tiêu chí I\.1 \(tối đa 30\)/);
	await expect(cell).toHaveValue('24,5');
	await cell.fill('31');
	await expect(page.getByText(/vượt|tối đa/).first()).toBeVisible(); // inline message before saving
	await cell.fill('20,5');
	await page.getByRole('button', { name: 'Lưu điểm khối chấm' }).click();
	await expect(page.getByText(/Đã lưu 1 thay đổi/).first()).toBeVisible();
	await page.screenshot({ path: `${SCREENS}/grid-K04-SO03-saved.png`, fullPage: true });

	// The ranking moved: 2 × (24,5 − 20,5) = 8 points fewer.
	await page.goto('/blocs/K04/2025');
	const after = viNumber(await page.locator('tr[data-unit="SO03"] td.total').innerText());
	expect(after).toBeCloseTo(before - 8, 2);
	await page.screenshot({ path: `${SCREENS}/bloc-K04-2025-after-review.png`, fullPage: true });

	// The audit trail shows who changed what.
	await page.goto('/blocs/K04/2025/units/SO03/history?criterion=I.1');
	const entry = page.locator('tr', { hasText: 'Điểm khối chấm' }).filter({ hasText: '20,5' }).first();
	await expect(entry).toContainText('24,5');
	await expect(entry).toContainText('truongkhoi.k04');
	await page.screenshot({ path: `${SCREENS}/history-K04-SO03.png`, fullPage: true });
	expect(errors).toEqual([]);
});

test('the K04 bloc leader gets 403 on another bloc’s scoring pages', async ({ page }) => {
	await signIn(page, 'truongkhoi.k04');
	for (const path of ['/blocs/K03/2025/scoring', '/blocs/K03/2025/units/DG01', '/blocs/K03/2025']) {
		const res = await page.goto(path);
		expect(res?.status(), path).toBe(403);
		// The bloc page and its sheets tell an account that may read them once finalised that they are not yet.
		await expect(page.locator('body')).toContainText(
			path.endsWith('/scoring') ? 'Không có quyền' : 'Kết quả chưa được chốt'
		);
	}
	// The form action too (the browser's own session, same origin).
	const status = await page.evaluate(async () => {
		const body = new URLSearchParams({ version: '1', 'value.I.1': '1' });
		const res = await fetch('/blocs/K03/2025/units/DG01?/review', {
			method: 'POST',
			body,
			headers: { accept: 'text/html' }
		});
		return res.status;
	});
	expect(status).toBe(403);
});
