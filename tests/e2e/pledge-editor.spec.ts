/**
 * The pledge editor (issue 14 part 5) in a browser: the K04 leader reads a locked pledge (2025
 * is in review) without any form; the admin changes a criterion of K02 2025 (locked) with a
 * reason, sees the content maximum change as typed and the effect on the units' totals after
 * saving; the admin reopens K02 2025 to 'open' and its leader adds a criterion, without
 * JavaScript too; the printable «Bảng tiêu chí chấm điểm». K02 2025 is used by no other spec.
 */
import { expect, test } from '@playwright/test';
import { signIn, watchErrors } from './session';

const SCREENS = 'test-results/pledge-editor';

test.describe('pledge editor', () => {
	test('the K04 leader cannot edit 2025 once self-scoring has started', async ({ page }) => {
		await signIn(page, 'truongkhoi.k04');
		await page.goto('/blocs/K04/2025');
		await expect(page.locator('[data-pledge-link]')).toHaveText('Giao ước và bảng tiêu chí');
		await page.locator('[data-pledge-link]').click();
		await expect(page).toHaveURL(/\/blocs\/K04\/2025\/pledge$/);
		await expect(page.locator('[data-readonly="locked"]')).toContainText('giao ước và tiêu chí đã khóa');
		await expect(page.locator('tr[data-criterion="I.1"]')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Lưu thông tin giao ước' })).toHaveCount(0);
		await expect(page.getByRole('link', { name: 'Sửa', exact: true })).toHaveCount(0);
		await expect(page.locator('form[data-form]')).toHaveCount(0);
	});

	test('the admin changes a locked criterion with a reason and sees its effect', async ({ page }) => {
		const errors = watchErrors(page);
		await signIn(page, 'admin');
		await page.goto('/blocs/K02/2025');
		await expect(page.locator('[data-pledge-link]')).toHaveText('Sửa giao ước và bảng tiêu chí');
		await page.locator('[data-pledge-link]').click();
		await expect(page.locator('[data-locked]')).toContainText('mỗi thay đổi cần lý do');
		await expect(page.locator('[data-content-max]')).toContainText('950');

		// The maximum of I.2: 25 → 30; the content maximum 950 → 955 shown as typed.
		await page.locator('tr[data-criterion="I.2"]').getByRole('link', { name: 'Sửa' }).click();
		const form = page.locator('form[data-form="edit"]');
		await expect(form.getByRole('heading')).toHaveText('Sửa tiêu chí I.2');
		await form.getByLabel('Điểm tối đa').fill('30');
		await expect(form.locator('[data-live-max]')).toHaveText('Sau khi lưu: 955');
		// Without a reason: refused, nothing written.
		await form.getByRole('button', { name: 'Lưu tiêu chí' }).click();
		await expect(page.locator('[data-refused]')).toContainText('hãy ghi lý do thay đổi');
		await expect(page.locator('tr[data-criterion="I.2"] [data-max]')).toHaveText('25');
		await form.getByLabel(/Lý do thay đổi/).fill('Sửa theo biên bản hội nghị khối');
		await form.getByRole('button', { name: 'Lưu tiêu chí' }).click();
		await expect(page.locator('tr[data-criterion="I.2"] [data-max]')).toHaveText('30');
		await expect(page.locator('[data-content-max]')).toContainText('955');
		await expect(page.locator('[data-effect]')).toContainText('Đã lưu.');

		// Its weight 1 → 2: every unit scored on I.2 changes its total, listed before → after.
		await page.locator('tr[data-criterion="I.2"]').getByRole('link', { name: 'Sửa' }).click();
		await form.getByLabel('Hệ số').fill('2');
		await expect(form.locator('[data-live-max]')).toHaveText('Sau khi lưu: 985');
		await form.getByLabel(/Lý do thay đổi/).fill('Hệ số theo hướng dẫn mới');
		await form.getByRole('button', { name: 'Lưu tiêu chí' }).click();
		const effect = page.locator('[data-effect]');
		await expect(effect).toContainText('Ảnh hưởng đến tổng điểm');
		await expect(effect).toContainText('đơn vị đổi tổng điểm');
		const rows = effect.locator('tr[data-effect-unit]');
		expect(await rows.count()).toBeGreaterThan(0);
		const first = rows.first().locator('td');
		expect(await first.nth(1).textContent()).not.toBe(await first.nth(2).textContent());
		await expect(page.locator('[data-content-max]')).toContainText('985');
		await page.screenshot({ path: `${SCREENS}/admin-effect.png`, fullPage: true });
		expect(errors).toEqual([]);
	});

	test('reopened to open, the K02 leader adds a criterion, also without JavaScript', async ({ browser }) => {
		const admin = await browser.newPage();
		await signIn(admin, 'admin');
		await admin.goto('/blocs/K02/2025');
		await admin.getByLabel('Mở lại về giai đoạn').selectOption('open');
		await admin.getByLabel('Lý do mở lại (bắt buộc)').fill('Sửa giao ước trước khi chấm');
		await admin.getByRole('button', { name: 'Mở lại (lùi giai đoạn)' }).click();
		await expect(admin.getByRole('status')).toContainText('→ Mở');
		await admin.close();

		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto('/login');
		await page.getByLabel('Tên đăng nhập').fill('truongkhoi.k02');
		await page.getByLabel('Mật khẩu').fill('thidua2025');
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await page.goto('/blocs/K02/2025/pledge');
		await expect(page.locator('[data-locked]')).toHaveCount(0);
		const add = page.locator('form[data-form="add"]');
		await add.getByLabel('Mã tiêu chí').fill('TH.4');
		await add.getByLabel('Mã phần', { exact: true }).fill('TH');
		await add.getByLabel('Tên tiêu chí').fill('Có sáng kiến được Hội đồng sáng kiến tỉnh công nhận');
		await add.getByLabel('Điểm tối đa').fill('12,5');
		await add.getByLabel('Loại').selectOption('bonus');
		await add.getByRole('button', { name: 'Thêm tiêu chí' }).click();
		await expect(page.locator('tr[data-criterion="TH.4"]')).toContainText('12,5');
		await expect(page.locator('tr[data-criterion="TH.4"]')).toContainText('Điểm thưởng');
		// A bad number names the field.
		await add.getByLabel('Mã tiêu chí').fill('TH.5');
		await add.getByLabel('Mã phần', { exact: true }).fill('TH');
		await add.getByLabel('Tên tiêu chí').fill('Thử');
		await add.getByLabel('Điểm tối đa').fill('mười');
		await add.getByRole('button', { name: 'Thêm tiêu chí' }).click();
		await expect(page.locator('form[data-form="add"] .errors')).toContainText('Điểm tối đa:');
		await expect(page.locator('tr[data-criterion="TH.5"]')).toHaveCount(0);
		// Moves work without JavaScript: TH.4 up, above TH.3.
		await page.locator('button[data-move="TH.4:up"]').click();
		const codes = await page
			.locator('tbody[data-group="TH"] tr[data-criterion]')
			.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-criterion')));
		expect(codes).toEqual(['TH.1', 'TH.2', 'TH.4', 'TH.3']);
		await page.screenshot({ path: `${SCREENS}/leader-open-nojs.png`, fullPage: true });
		await context.close();
	});

	test('the printable «Bảng tiêu chí chấm điểm»', async ({ page }) => {
		await signIn(page, 'admin');
		await page.goto('/blocs/K04/2025/pledge');
		await page.locator('[data-print-link]').click();
		await expect(page).toHaveURL(/\/blocs\/K04\/2025\/pledge\/print$/);
		const doc = page.locator('article.document');
		await expect(doc.getByRole('heading', { level: 1 })).toHaveText('BẢNG TIÊU CHÍ CHẤM ĐIỂM THI ĐUA');
		await expect(doc).toContainText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		await expect(doc).toContainText(
			'Kèm theo Giao ước thi đua năm 2025 của Khối các sở, ngành kinh tế, ký ngày 15/03/2025'
		);
		await expect(doc.locator('tr[data-criterion="I.3"]')).toContainText('1,5');
		await expect(doc.locator('[data-doc-content-max]')).not.toBeEmpty();
		await expect(doc).toContainText('Điểm thưởng cộng tối đa 50 điểm.');
		await expect(doc).toContainText('Xuất sắc: đạt từ 95% tổng điểm tối đa phần nội dung trở lên;');
		await expect(doc).toContainText('TRƯỞNG KHỐI');
		const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
		// A4 portrait: 595 × 842 points.
		const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
		expect([Math.round(Number(box?.[1])), Math.round(Number(box?.[2]))]).toEqual([595, 842]);
		await page.screenshot({ path: `${SCREENS}/print.png`, fullPage: true });
	});
});
