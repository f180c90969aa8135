/**
 * Biểu 0602/0603 (Thông tư 2/2023/TT-BNV) as leadership uses them: open 0602 for the sample's
 * 2024 emulation year from the award page, see the form's code, circular and reporting unit, the
 * totals adding up on screen, drill a cell down to its award rows, print it to an A4 landscape PDF
 * and download the Excel file (read back). Reads only: nothing the other specs read changes.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import readWorkbook from 'read-excel-file/node';
import { signIn, watchErrors } from './session';

const OUT = 'test-results/statistics';
mkdirSync(OUT, { recursive: true });

const num = (s: string | null) => Number((s ?? '').replace(/\./g, '').trim());

test('leadership views Biểu 0602 of 2024, drills a cell, prints and downloads it', async ({ page }) => {
	const errors = watchErrors(page);
	await signIn(page, 'lanhdao');
	await page.goto('/awards?year=2024');
	await page.locator('a[data-link="statistics"]').click();
	await expect(page).toHaveURL(/\/awards\/statistics$/);
	await page.getByRole('link', { name: '2024', exact: true }).first().click();
	await expect(page).toHaveURL(/\/awards\/statistics\/0602\?year=2024/);

	const sheet = page.locator('article.sheet[data-form="0602"]');
	await expect(sheet).toContainText('Biểu số: 0602.N/BNV-TĐKT');
	await expect(sheet).toContainText('Ban hành theo Thông tư số 2/2023/TT-BNV');
	await expect(sheet).toContainText('SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC');
	await expect(sheet).toContainText('từ ngày 01/12/2023 đến ngày 30/11/2024');
	await expect(sheet.locator('[data-line="reporter"]')).toContainText('Đơn vị báo cáo: ');
	await expect(page.locator('[data-note="sums"]')).toContainText('Mọi tổng số đều bằng tổng các phần');

	// On screen too: the total is the sum of collectives, households and individuals.
	const cell = (row: string, col = 'total') =>
		sheet.locator(`tr[data-row="${row}"] td[data-col="${col}"]`).textContent().then(num);
	const total = await cell('01');
	expect(total).toBeGreaterThan(0);
	expect((await cell('06')) + (await cell('08')) + (await cell('09'))).toBe(total);

	// The print fields go onto the sheet.
	await page.locator('details.print-fields summary').click();
	await page.getByLabel('Địa danh').fill('Sơn Hà');
	await page.getByLabel('Họ tên thủ trưởng').fill('Nguyễn Văn Hùng');
	await page.getByRole('button', { name: 'Áp dụng' }).click();
	await expect(sheet.locator('[data-line="place-date"]')).toContainText('Sơn Hà, ngày');
	await expect(sheet).toContainText('Nguyễn Văn Hùng');

	// Drill the individuals' Prime Minister's certificates down to their award rows.
	const link = sheet.locator('tr[data-row="09"] td[data-col="BK_TTG.individual"] a');
	const n = num(await link.textContent());
	expect(n).toBeGreaterThan(0);
	await link.click();
	await expect(page).toHaveURL(/\/drill\?year=2024&row=09&col=BK_TTG\.individual/);
	await expect(page.locator('[data-drill="col"]')).toContainText(
		'Bằng khen của Thủ tướng Chính phủ – Cá nhân'
	);
	const rows = page.locator('table[data-table="drill"] tbody tr');
	await expect(rows).toHaveCount(n);
	// Leadership may see recipients: every name is there.
	await expect(page.locator('table[data-table="drill"]')).not.toContainText('(không hiển thị)');
	await page.screenshot({ path: `${OUT}/drill.png`, fullPage: true });
	await page.goBack();
	await expect(page).toHaveURL(/\/awards\/statistics\/0602\?/);
	await expect(sheet.locator('[data-line="place-date"]')).toContainText('Sơn Hà, ngày');

	// Printed as the browser's «Save as PDF» would: one A4 landscape page (842 × 595 points), so the
	// signature blocks stand with the table, never alone on a page of their own.
	const pdf = await page.pdf({
		path: `${OUT}/0602-2024.pdf`,
		preferCSSPageSize: true,
		printBackground: true
	});
	const latin1 = pdf.toString('latin1');
	expect((latin1.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length).toBe(1);
	for (const box of latin1.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g))
		expect([Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([842, 595]);
	await page.screenshot({ path: `${OUT}/0602-2024.png`, fullPage: true });

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Tải Excel' }).click()
	]);
	expect(download.suggestedFilename()).toBe('bieu-0602-2024.xlsx');
	const path = `${OUT}/bieu-0602-2024.xlsx`;
	await download.saveAs(path);
	const [book] = await readWorkbook(path);
	const data = book!.data;
	expect(data[0]![0]).toBe('Biểu số: 0602.N/BNV-TĐKT');
	const totalRow = data.find((r) => r[0] === 'Tổng số')!;
	expect(totalRow[3]).toBe(total);
	expect(data.flat()).toContain('Nguyễn Văn Hùng');
	expect(errors).toEqual([]);
});

test('a bloc leader sees the counts but not the names of individuals', async ({ page }) => {
	await signIn(page, 'truongkhoi.k04');
	await page.goto('/awards/statistics/0602/drill?year=2024&row=09&col=total');
	await expect(page.locator('[data-drill="hidden"]')).toContainText('không hiển thị');
	const rows = page.locator('table[data-table="drill"] tbody tr');
	expect(await rows.count()).toBeGreaterThan(0);
	await expect(rows.first()).toContainText('(không hiển thị)');
});
