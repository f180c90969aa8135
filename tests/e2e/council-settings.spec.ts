/**
 * The council's settings page (issue 14 part 7): the admin opens it from Quản trị, finds every
 * setting with its help, a bad default threshold is refused by field and changes nothing, a good
 * one is saved and shown (with the change in the recent changes). The default is put back at the
 * end: other specs rank with the sample's thresholds.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { signIn, watchErrors } from './session';

const SCREENS = 'test-results/screens';
mkdirSync(SCREENS, { recursive: true });

test('the admin changes a default threshold: a bad value is refused, a good one saved and shown', async ({
	page
}) => {
	const errors = watchErrors(page);
	await signIn(page, 'admin');
	await page.goto('/admin');
	await page.getByRole('link', { name: 'Cấu hình hội đồng' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Cấu hình hội đồng thi đua' })).toBeVisible();

	// Every setting says what it means, with its value and default.
	for (const help of [
		'Tên hiện ở đầu mọi trang, dưới tên ứng dụng.',
		'Số khen thưởng cá nhân cho người lao động trực tiếp cần có trên mỗi khen thưởng cho lãnh đạo, quản lý',
		'được xếp loại Xuất sắc.',
		'Từ tỉ lệ này đến dưới ngưỡng Xuất sắc: xếp loại Tốt.',
		'Số đơn vị dẫn đầu mỗi khối được đề nghị tặng Cờ thi đua',
		'Ngày đầu của năm thi đua',
		'Khi bật, phó khối (hoặc quản trị viên) chấm điểm khối cho đơn vị của trưởng khối',
		'Khi bật, cán bộ của đơn vị được khối phân công là Trưởng khối / Phó khối'
	])
		await expect(page.getByText(help, { exact: false })).toBeVisible();
	await expect(page.locator('[data-rule="cstdcs_cap@2024"]')).toContainText('Đang áp dụng: 2024–nay');

	const good = page.getByLabel('Ngưỡng Tốt (%)');
	const current = page.locator('[data-current="tierGoodPct"]');
	await expect(good).toHaveValue('85');
	await expect(current).toHaveText('Hiện tại: 85%');
	await expect(page.locator('[data-setting="tierGoodPct"]')).toContainText('Mặc định: 85%');

	// Above the Excellent threshold: refused by field, nothing saved.
	await good.fill('96');
	await page.getByRole('button', { name: 'Lưu cấu hình' }).click();
	await expect(page.locator('[data-outcome="invalid"]')).toHaveText(
		'Chưa lưu gì: có 1 lỗi, xem ghi chú đỏ ở từng mục.'
	);
	await expect(page.locator('[data-problem="tierGoodPct"]')).toHaveText(
		'Cần nhỏ hơn ngưỡng trên (95%): các ngưỡng giảm dần.'
	);
	await expect(good).toHaveAttribute('aria-invalid', 'true');
	await expect(current).toHaveText('Hiện tại: 85%');
	await page.screenshot({ path: `${SCREENS}/council-settings-invalid.png`, fullPage: true });
	await page.reload();
	await expect(good).toHaveValue('85');

	// A good value, written the Vietnamese way.
	await good.fill('82,5');
	await page.getByRole('button', { name: 'Lưu cấu hình' }).click();
	await expect(page.locator('[data-outcome="saved"]')).toContainText('Đã lưu 1 thay đổi.');
	await expect(page.locator('[data-outcome="saved"]')).toContainText(
		'mọi khối, mọi năm đã được xếp hạng lại'
	);
	await expect(current).toHaveText('Hiện tại: 82,5%');
	await expect(page.locator('[data-history="tier_good_pct"]').first()).toContainText('85 → 82,5');
	await page.reload();
	await expect(good).toHaveValue('82,5');
	await page.screenshot({ path: `${SCREENS}/council-settings-1366.png`, fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });
	await page.screenshot({ path: `${SCREENS}/council-settings-390.png`, fullPage: true });
	await page.setViewportSize({ width: 1366, height: 900 });

	// Back to the sample's default for the other specs.
	await good.fill('85');
	await page.getByRole('button', { name: 'Lưu cấu hình' }).click();
	await expect(current).toHaveText('Hiện tại: 85%');
	expect(errors).toEqual([]);
});
