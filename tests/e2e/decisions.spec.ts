/**
 * Proposals become a decision and award records (issue 15 part 3), as the admin does it: the
 * decision page of a finalised bloc-year (K07 2022, which no other spec reads), the quyết định
 * and tờ trình downloaded and read back (word/document.xml lists the collectives and the typed
 * number), the decision's number and date entered, the award balance of 2022 counting the
 * collectives; then the decision removed, so that the sample is as it was. The templates page
 * lists the placeholders and refuses a bad file. Screenshots go to test-results/screens/decisions.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import PizZip from 'pizzip';
import { signIn, watchErrors } from './session';

const SCREENS = 'test-results/screens/decisions';
const NUMBER = '9321/QĐ-UBND';

/** The collectives column of one award's row in the award balance of 2022. */
async function collectives(page: Page, award: string): Promise<number> {
	await page.goto('/awards?year=2022');
	const table = page.locator('table[data-table="by-award"]');
	const headers = await table.locator('thead th').allTextContents();
	const col = headers.findIndex((h) => h.trim() === 'Tập thể');
	expect(col).toBeGreaterThan(0);
	const row = table.locator('tbody tr', { hasText: award });
	if ((await row.count()) === 0) return 0;
	const text = await row.locator('th, td').nth(col).textContent();
	return Number((text ?? '').replace(/\./g, '').trim());
}

async function documentText(page: Page, button: string): Promise<string> {
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: button }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/\.docx$/);
	const xml = new PizZip(readFileSync((await download.path())!)).file('word/document.xml')!.asText();
	return xml.replace(/<[^>]+>/g, '');
}

test('the admin drafts the K07 2022 decision, reads it back, records it and the award balance counts it', async ({
	page
}) => {
	// Five visits of the award balance and two downloads: longer than one page's 30 s.
	test.setTimeout(120_000);
	const errors = watchErrors(page);
	await signIn(page, 'admin');
	const flagsBefore = await collectives(page, 'Cờ thi đua của UBND tỉnh');
	const certificatesBefore = await collectives(page, 'Bằng khen của Chủ tịch UBND tỉnh');

	await page.goto('/blocs/K07/2022');
	await page.locator('[data-decision-link]').click();
	await expect(page).toHaveURL(/\/blocs\/K07\/2022\/decision$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Quyết định khen thưởng');
	const units = await page.locator('table.collectives tbody th').allTextContents();
	const flags = await page.locator('table[data-award="CO_TINH"] tbody tr').count();
	const certificates = await page.locator('table[data-award="BK_TINH"] tbody tr').count();
	expect(units.length).toBe(flags + certificates);
	expect(flags).toBeGreaterThan(0);
	await page.screenshot({ path: `${SCREENS}/K07-2022-decision.png`, fullPage: true });

	// The draft decision with the number, date and signer typed in the form.
	const form = page.locator('form[data-doc="decision"]');
	await form.getByLabel('Số, ký hiệu', { exact: true }).fill(NUMBER);
	await form.getByLabel('Ngày ban hành (dd/mm/yyyy)').fill('12/01/2023');
	await form.getByLabel('Người ký', { exact: true }).fill('Lê Thị Hoa');
	const decision = await documentText(page, 'Tải dự thảo Quyết định (.docx)');
	expect(decision).toContain(`Số: ${NUMBER}`);
	expect(decision).toContain('ngày 12 tháng 01 năm 2023');
	expect(decision).toContain('Lê Thị Hoa');
	expect(decision).toContain('Điều 1.');
	for (const u of units) expect(decision).toContain(u.trim());
	const submission = await documentText(page, 'Tải dự thảo Tờ trình (.docx)');
	expect(submission).toContain('TỜ TRÌNH');
	for (const u of units) expect(submission).toContain(u.trim());

	// The decision entered: its collectives are award records.
	await page.getByLabel('Số quyết định').fill(NUMBER);
	await page.getByLabel('Ngày quyết định (dd/mm/yyyy)').fill('12/01/2023');
	await page.getByRole('button', { name: 'Ghi quyết định và khen thưởng' }).click();
	await expect(page.locator('p.notice.ok[role="status"]')).toContainText(
		`Đã ghi ${units.length} khen thưởng`
	);
	await expect(page.locator('[data-recorded]')).toContainText(
		`Đã ghi Quyết định số ${NUMBER} ngày 12/01/2023`
	);
	await page.screenshot({ path: `${SCREENS}/K07-2022-recorded.png`, fullPage: true });

	expect(await collectives(page, 'Cờ thi đua của UBND tỉnh')).toBe(flagsBefore + flags);
	expect(await collectives(page, 'Bằng khen của Chủ tịch UBND tỉnh')).toBe(certificatesBefore + certificates);
	await page.screenshot({ path: `${SCREENS}/awards-2022-counted.png`, fullPage: true });

	// Entered again: the same records, not twice.
	await page.goto('/blocs/K07/2022/decision');
	await page.getByRole('button', { name: 'Ghi quyết định và khen thưởng' }).click();
	await expect(page.locator('p.notice.ok[role="status"]')).toContainText('Không có gì thay đổi');
	expect(await collectives(page, 'Cờ thi đua của UBND tỉnh')).toBe(flagsBefore + flags);

	// Put back: the decision removed, the balance as it was.
	await page.goto('/blocs/K07/2022/decision');
	await page.getByRole('button', { name: 'Xóa quyết định đã ghi' }).click();
	await expect(page.locator('p.notice.ok[role="status"]')).toContainText(
		`Đã xóa quyết định và ${units.length} khen thưởng`
	);
	expect(await collectives(page, 'Cờ thi đua của UBND tỉnh')).toBe(flagsBefore);
	expect(await collectives(page, 'Bằng khen của Chủ tịch UBND tỉnh')).toBe(certificatesBefore);
	expect(errors).toEqual([]);
});

test('the templates page lists the placeholders and refuses a bad file in Vietnamese', async ({ page }) => {
	const errors = watchErrors(page);
	await signIn(page, 'admin');
	await page.goto('/admin');
	await page.locator('[data-tool="decision-templates"] h2 a').click();
	await expect(page).toHaveURL(/\/admin\/decision-templates$/);
	await expect(page.locator('table.placeholders')).toContainText('{#tap_the} … {/tap_the}');
	await expect(page.locator('table.placeholders')).toContainText('{nguoi_ky}');
	const section = page.locator('section[data-doc="decision"]');
	await section.locator('input[type="file"]').setInputFiles({
		name: 'mau-sai.docx',
		mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		buffer: Buffer.from('không phải tệp Word')
	});
	await section.getByRole('button', { name: 'Kiểm tra và thay mẫu' }).click();
	await expect(page.locator('p.notice.error[role="alert"]')).toContainText(
		'Tệp mau-sai.docx: không đọc được tệp Word (.docx)'
	);
	await expect(section).toContainText('Đang dùng mẫu có sẵn.');
	await page.screenshot({ path: `${SCREENS}/templates.png`, fullPage: true });
	expect(errors).toEqual([]);
});
