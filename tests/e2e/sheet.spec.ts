import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

/**
 * Issue 13, the scoring sheet and the history: what fits on the first screen, the header that
 * stays, the marks where the bloc's score differs, the standing after a save, the phone layout,
 * the leader's own unit, and the history as one timeline. Screenshots go to test-results.
 * SO22 (Sở Tài chính, K04 2025, in review) is changed here; scoring.spec.ts changes SO03.
 */
const SCREENS = 'test-results/screens/sheet';
mkdirSync(SCREENS, { recursive: true });
const SHEET = '/blocs/K04/2025/units/SO22';

async function signIn(page: Page, username: string) {
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill('thidua2025');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByText(/Đang đăng nhập:/)).toBeVisible();
}

/** Criterion rows wholly inside the window. */
const rowsOnScreen = (page: Page) =>
	page.evaluate(
		() =>
			[...document.querySelectorAll('tr[data-criterion]')].filter((r) => {
				const b = r.getBoundingClientRect();
				return b.top >= 0 && b.bottom <= window.innerHeight;
			}).length
	);

/** "1.234,5" → 1234.5 */
const viNumber = (s: string) => Number(s.trim().replace(/\./g, '').replace(',', '.'));

test.describe('at 1366×768', () => {
	test.use({ viewport: { width: 1366, height: 768 } });

	test('several criteria on the first screen, the header stays while scrolling, differences marked', async ({
		page
	}) => {
		await signIn(page, 'truongkhoi.k04');
		await page.goto(SHEET);
		expect(await rowsOnScreen(page)).toBeGreaterThanOrEqual(5);
		await page.screenshot({ path: `${SCREENS}/sheet-1366x768.png` });

		// I.2: self 40, bloc 39,5 → "−0,5", and said in words to a screen reader.
		const mark = page.locator('tr[data-criterion="I.2"] .diff');
		await expect(mark).toHaveText(/−0,5/);
		await expect(mark).toContainText('khối chấm thấp hơn tự chấm 0,5 điểm');
		// I.1 is the same on both sides: no mark.
		await expect(page.locator('tr[data-criterion="I.1"] .diff')).toHaveCount(0);
		// The mark follows what is typed.
		await page.getByLabel(/Khối chấm, tiêu chí I\.1 \(tối đa 30\)/).fill('28,5');
		await expect(page.locator('tr[data-criterion="I.1"] .diff')).toContainText('+1');

		await page.evaluate(() => window.scrollTo(0, 1400));
		const header = page.getByRole('columnheader', { name: 'Tiêu chí' });
		await expect(header).toBeInViewport();
		const top = await header.evaluate((th) => th.getBoundingClientRect().top);
		expect(top).toBeGreaterThanOrEqual(0);
		expect(top).toBeLessThan(5);
		await page.screenshot({ path: `${SCREENS}/sheet-1366x768-scrolled.png` });
	});

	test('after a save: the new total and rank with the move; the history shows the change first, with its reason', async ({
		page
	}) => {
		await signIn(page, 'truongkhoi.k04');
		await page.goto(SHEET);
		const before = viNumber(await page.locator('[data-total="counted"]').innerText());
		// I.1 (weight 2) from 27,5 to 7,5: 40 points fewer.
		await page.getByLabel(/Khối chấm, tiêu chí I\.1 \(tối đa 30\)/).fill('7,5');
		await page.getByLabel('Ghi chú, tiêu chí I.1', { exact: true }).fill('Dòng một\nDòng hai');
		await page
			.getByLabel('Lý do sửa điểm khối chấm (không bắt buộc)')
			.fill('Theo biên bản kiểm tra ngày 12/11');
		await page.getByRole('button', { name: 'Lưu điểm khối chấm' }).click();
		const saved = page.locator('[data-saved]');
		await expect(saved).toContainText('Đã lưu 2 thay đổi');
		const total = before - 40;
		const totalText = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(total);
		await expect(saved).toContainText(
			new RegExp(`Tổng ${totalText.replace('.', '\\.')} điểm · hạng \\d+/\\d+ \\((↓\\d+|giữ hạng)\\)`)
		);
		// The note kept its two lines.
		await expect(page.getByLabel('Ghi chú, tiêu chí I.1', { exact: true })).toHaveValue('Dòng một\nDòng hai');
		await page.screenshot({ path: `${SCREENS}/sheet-1366x768-saved.png` });

		await page.goto(`${SHEET}/history`);
		await expect(page.locator('table')).toHaveCount(1);
		const rows = page.locator('table[data-timeline] tbody tr');
		const first = rows.first();
		await expect(first).toContainText('I.1');
		await expect(first).toContainText('truongkhoi.k04');
		await expect(first).toContainText('Phiếu chấm');
		await expect(first).toContainText('Theo biên bản kiểm tra ngày 12/11');
		// Newest first, all the way down.
		const times = await page
			.locator('table[data-timeline] time')
			.allInnerTexts()
			.then((list) =>
				list.map((t) => {
					const [d, m, y, hh, mm] = t.split(/[/ :]/).map(Number);
					return Date.UTC(y!, m! - 1, d!, hh!, mm!);
				})
			);
		expect(times.length).toBeGreaterThan(27);
		expect(times).toEqual([...times].sort((a, b) => b - a));
		// An imported value names its file.
		await expect(page.locator('tbody tr[data-source="file"]').first()).toContainText('Tệp ');
		await page.screenshot({ path: `${SCREENS}/history-1366x768.png` });

		// Filtered by criterion (a GET form).
		await page.getByLabel('Tiêu chí', { exact: true }).selectOption('I.2');
		await page.getByRole('button', { name: 'Lọc' }).click();
		await expect(page).toHaveURL(/\?criterion=I\.2$/);
		const codes = await page
			.locator('tbody tr')
			.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-criterion')));
		expect(codes.length).toBeGreaterThan(0);
		expect(new Set(codes)).toEqual(new Set(['I.2']));
	});

	test('the bloc leader on the leader’s own unit is warned', async ({ page }) => {
		await signIn(page, 'truongkhoi.k04');
		await page.goto('/blocs/K04/2025/units/SO24');
		await expect(page.locator('[data-own-unit]')).toContainText('đang chấm đơn vị của mình');
		await page.goto(SHEET);
		await expect(page.locator('[data-own-unit]')).toHaveCount(0);
	});
});

test.describe('at 390×844', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('the sheet and the history have no horizontal page scroll; the inputs are on screen', async ({
		page
	}) => {
		await signIn(page, 'truongkhoi.k04');
		for (const path of [SHEET, `${SHEET}/history`]) {
			await page.goto(path);
			const { scroll, inner } = await page.evaluate(() => ({
				scroll: document.scrollingElement!.scrollWidth,
				inner: window.innerWidth
			}));
			expect(scroll, path).toBeLessThanOrEqual(inner);
		}
		await page.goto(SHEET);
		const input = page.getByLabel(/Khối chấm, tiêu chí I\.3 \(tối đa 25\)/);
		await input.scrollIntoViewIfNeeded();
		const box = (await input.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(390);
		await page.screenshot({ path: `${SCREENS}/sheet-390x844.png` });
		await page.evaluate(() => window.scrollTo(0, 900));
		await page.screenshot({ path: `${SCREENS}/sheet-390x844-cards.png` });
		await page.goto(`${SHEET}/history`);
		await page.screenshot({ path: `${SCREENS}/history-390x844.png` });
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false, viewport: { width: 1366, height: 768 } });

	test('a save with a reason works as a plain form', async ({ page }) => {
		await signIn(page, 'phokhoi.k04');
		await page.goto(SHEET);
		await page.getByLabel(/Khối chấm, tiêu chí I\.3 \(tối đa 25\)/).fill('22');
		await page.getByLabel('Lý do sửa điểm khối chấm (không bắt buộc)').fill('Phó khối chấm lại');
		await page.getByRole('button', { name: 'Lưu điểm khối chấm' }).click();
		await expect(page.locator('[data-saved]')).toContainText('Đã lưu 1 thay đổi');
		await expect(page.locator('[data-saved]')).toContainText(/hạng \d+\/\d+/);
		await page.goto(`${SHEET}/history?criterion=I.3`);
		await expect(page.locator('tbody tr').first()).toContainText('Phó khối chấm lại');
	});
});
