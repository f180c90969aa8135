/**
 * Analytics in the browser, on the sample province: an analyst compares years for a bloc whose
 * communes merged in 2025 and tries other weights; leadership checks the 2024 award balance and
 * drills down to a unit's award rows. Any console error fails the test.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';

const SCREENS = 'test-results/screens';
mkdirSync(SCREENS, { recursive: true });

async function signIn(page: Page, username: string) {
	// After hydration, so that nothing typed is reset by it.
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill('thidua2025');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByText(/Đang đăng nhập:/)).toBeVisible();
}

function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
	return errors;
}

/**
 * The chart was drawn in the browser: its canvas holds painted pixels. Charts load their code when
 * they come into view, so it is scrolled to first, as a person would.
 */
async function expectDrawn(chart: Locator) {
	await expect(chart).toHaveAttribute('aria-label', /.+/);
	await chart.scrollIntoViewIfNeeded();
	const canvas = chart.locator('canvas').first();
	await expect
		.poll(() =>
			canvas.evaluate((c: HTMLCanvasElement) => {
				const ctx = c.getContext('2d');
				if (!ctx || c.width === 0) return 0;
				const data = ctx.getImageData(0, 0, c.width, c.height).data;
				let painted = 0;
				for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
				return painted;
			})
		)
		.toBeGreaterThan(2000);
}

test.describe('a council analyst', () => {
	test.beforeEach(async ({ page }) => signIn(page, 'phantich'));

	test('compares the years of the mountain communes, where three communes were formed by mergers in 2025', async ({
		page
	}) => {
		const errors = watchErrors(page);
		await page.goto('/');
		await page
			.getByRole('navigation', { name: 'Điều hướng chính' })
			.getByRole('link', { name: 'Phân tích' })
			.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Phân tích thi đua');
		await page.locator('tr[data-bloc="K01"]').getByRole('link', { name: 'So sánh qua các năm' }).click();
		await expect(page).toHaveURL(/\/analytics\/trends\?bloc=K01$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'So sánh qua các năm – Cụm thi đua các xã miền núi'
		);

		// Lines and the bump chart, drawn in the browser.
		await expectDrawn(page.locator('[data-chart="trend-percent"]'));
		await expectDrawn(page.locator('[data-chart="trend-rank"]'));
		await expect(page.locator('[data-chart="trend-rank"]')).toHaveAttribute(
			'aria-label',
			/hạng 1 ở trên cùng/
		);

		// The merged commune continues its predecessors' line: in the table (inherited values,
		// in italics) and in the chart (hovering 2025 lists it with the others).
		const xa17 = page.locator('table[data-table="trends"] tr[data-unit="XA17"]');
		await expect(xa17).toContainText('kế thừa Xã Tân Lập, Xã Nà Khoang');
		await expect(xa17.locator('.inherited')).toHaveCount(5);
		await expect(page.locator('table[data-table="trends"] tr[data-unit="XA01"]')).toContainText(
			'sáp nhập vào Xã Tân Khoang'
		);
		await expect(page.locator('tr[data-event="merged_in"]').first()).toContainText(
			'Hình thành năm 2025 do sáp nhập Xã Tân Lập, Xã Nà Khoang'
		);
		const chart = page.locator('[data-chart="trend-percent"]');
		await chart.scrollIntoViewIfNeeded();
		const box = (await chart.boundingBox())!;
		// the last year is at the plot's right edge, left of the names at the ends of the lines
		await page.mouse.move(box.x + box.width - 200, box.y + box.height / 2);
		await expect(chart).toContainText('Xã Tân Khoang');

		// Criteria matched by code between 2024 and 2025: one new, one dropped.
		await expect(
			page.getByRole('heading', { name: 'Thay đổi theo tiêu chí: năm 2024 so với năm 2025' })
		).toBeVisible();
		await expectDrawn(page.locator('[data-chart="criteria-change"]'));
		await expect(page.locator('tr[data-criterion="II.6"]')).toContainText('Mới');
		await expect(page.locator('tr[data-criterion="II.5"]')).toContainText('Bỏ');
		await page.screenshot({ path: `${SCREENS}/analytics-trends-K01.png`, fullPage: true });

		// Following the merged unit: its 2024 values are its predecessors' mean, marked.
		await page.locator('select[name="focus"]').selectOption('XA17');
		await expect(page).toHaveURL(/focus=XA17/);
		await expect(page.locator('table[data-table="criteria-changes"] thead')).toContainText(
			'Xã Tân Khoang 2024'
		);
		await expect(page.locator('tr[data-criterion="I.1"] .inherited')).toContainText('*');
		expect(errors).toEqual([]);
	});

	test('exports the ranking of a bloc as a CSV Excel can read (BOM, Vietnamese intact)', async ({ page }) => {
		await page.goto('/blocs/K03/2023/export');
		const link = page.locator('a[href$="ranking.csv"]');
		await expect(link).toBeVisible();
		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		const path = await download.path();
		const bytes = readFileSync(path);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
		const text = bytes.subarray(3).toString('utf8');
		// Both units that share the top total are there, with their total in the file.
		expect(text).toContain('Đảng ủy Khối các cơ quan tỉnh');
		expect(text).toContain('Tỉnh đoàn');
		expect(text).toMatch(/920[,.]5/);
	});

	test('sees the gaps heatmap and every cell of the years, received as Arrow', async ({ page }) => {
		const errors = watchErrors(page);
		await page.goto('/analytics/gaps?bloc=K05&year=2024');
		await expectDrawn(page.locator('[data-chart="gaps-heatmap"]'));
		await expect(page.locator('table[data-table="gaps"] tbody tr')).not.toHaveCount(0);
		await expect(page.locator('[data-wire-format]')).toHaveAttribute('data-wire-format', 'arrow');
		await expectDrawn(page.locator('[data-chart="cells-distribution"]'));
		expect(errors).toEqual([]);
	});

	test('changes a group weight, sees the ranking recomputed at once, and resets it', async ({ page }) => {
		const errors = watchErrors(page);
		await page.goto('/analytics/whatif?bloc=K04&year=2024');
		const status = page.getByRole('status').filter({ hasText: 'hệ số' });
		await expect(status).toContainText('bảng xếp hạng giống kết quả tính bằng SQL');
		const before = await page
			.locator('table[data-table="whatif"] tbody tr')
			.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')));
		await page.locator('input[name="g.I"]').fill('4');
		await expect(status).toContainText(/đơn vị đổi hạng/);
		await expect(page.locator('tr.moved-up').first()).toBeVisible();
		await expect(page.locator('tr.moved-down').first()).toBeVisible();
		const after = await page
			.locator('table[data-table="whatif"] tbody tr')
			.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')));
		expect(after).not.toEqual(before);
		await expectDrawn(page.locator('[data-chart="whatif-slope"]'));
		await page.screenshot({ path: `${SCREENS}/analytics-whatif-K04.png`, fullPage: true });
		await page.getByRole('link', { name: 'Khôi phục hệ số giao ước' }).click();
		await expect(status).toContainText('bảng xếp hạng giống kết quả tính bằng SQL');
		await expect(page.locator('tr.moved-up, tr.moved-down')).toHaveCount(0);
		expect(errors).toEqual([]);
	});

	test('opens the folded table of every unit of all blocs’ years from its link', async ({ page }) => {
		const errors = watchErrors(page);
		await page.goto('/analytics/trends', { waitUntil: 'networkidle' });
		await expectDrawn(page.locator('[data-chart="trend-all-percent"]'));
		await expect(page.locator('table[data-table="units"]')).toHaveCount(0);
		await page.locator('#units summary').click();
		await page.locator('[data-units-link]').click();
		await expect(page).toHaveURL(/\/analytics\/trends\?units=1#units$/);
		const table = page.locator('table[data-table="units"]');
		await expect(table).toBeVisible();
		await expect(table.locator('tbody tr')).not.toHaveCount(0);
		expect(errors).toEqual([]);
	});

	test('lists the rule violations with the numbers behind them', async ({ page }) => {
		const errors = watchErrors(page);
		await page.goto('/rules');
		const row = page.locator('tr[data-finding="cstdcs_over_cap"][data-unit="XA04"]');
		await expect(row).toContainText(
			'3 Chiến sĩ thi đua cơ sở trên 10 Lao động tiên tiến = 30%, vượt mức 15%'
		);
		await expect(page.locator('tr[data-finding="ttldxs_ldtt_share"][data-unit="SO11"]')).toContainText(
			'dưới mức 70%'
		);
		expect(errors).toEqual([]);
	});
});

test.describe('leadership', () => {
	test.beforeEach(async ({ page }) => signIn(page, 'lanhdao'));

	test('checks the 2024 award balance against the target and drills down to a unit’s award rows', async ({
		page
	}) => {
		const errors = watchErrors(page);
		await page.goto('/');
		await page
			.getByRole('navigation', { name: 'Điều hướng chính' })
			.getByRole('link', { name: 'Khen thưởng', exact: true })
			.click();
		await expect(page).toHaveURL(/\/awards$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cơ cấu khen thưởng năm 2025');
		await page.locator('select[name="year"]').selectOption('2024');
		await expect(page).toHaveURL(/\/awards\?year=2024/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cơ cấu khen thưởng năm 2024');

		// Share and ratio against the council's target (direct workers ≥ leaders and managers).
		await expect(page.locator('[data-figure="share"]')).toHaveText(/^\d+(,\d+)?%$/);
		await expect(page.locator('[data-figure="ratio"]')).toHaveText(/^\d+ : \d+$/);
		await expect(page.getByText('mục tiêu ≥ 1', { exact: false })).toBeVisible();
		await expect(page.locator('[data-verdict]')).toHaveText(/Đạt mục tiêu|Chưa đạt \(thiếu \d+\)/);
		await expectDrawn(page.locator('[data-chart="awards-categories"]'));
		await expectDrawn(page.locator('[data-chart="awards-ratio-trend"]'));

		// The units that miss it, the largest shortfall first; drill down to the first one's rows.
		const missing = page.locator('table[data-table="missing"] tbody tr');
		await expect(missing.first()).toBeVisible();
		const count = Number(await page.locator('[data-figure="missing"]').textContent());
		await expect(missing).toHaveCount(count);
		const first = missing.first();
		const leaders = Number(await first.locator('td').nth(2).textContent());
		const direct = Number(await first.locator('td').nth(3).textContent());
		expect(direct).toBeLessThan(leaders);
		const unitName = (await first.locator('td').first().textContent())!.trim();
		await page.screenshot({ path: `${SCREENS}/awards-2024.png`, fullPage: true });
		await first.getByRole('link').click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Khen thưởng của ${unitName} năm 2024`);
		const rows = page.locator('table[data-table="award-rows"] tbody tr');
		await expect(
			page.locator(
				'table[data-table="award-rows"] tbody tr[data-category="leader"], table[data-table="award-rows"] tbody tr[data-category="manager"]'
			)
		).toHaveCount(leaders);
		await expect(
			page.locator('table[data-table="award-rows"] tbody tr[data-category="direct_worker"]')
		).toHaveCount(direct);
		expect(await rows.count()).toBeGreaterThanOrEqual(leaders + direct);
		await page.screenshot({ path: `${SCREENS}/awards-2024-drilldown.png`, fullPage: true });
		expect(errors).toEqual([]);
	});

	test('does not see the 2025 drafts in the years compared', async ({ page }) => {
		const errors = watchErrors(page);
		await page.goto('/analytics/trends?bloc=K01');
		await expect(page.locator('table[data-table="trends"] thead')).not.toContainText('2025');
		await expect(page.locator('table[data-table="trends"] tr[data-unit="XA17"]')).toHaveCount(0);
		expect(errors).toEqual([]);
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the years compared table and the what-if form still work', async ({ page }) => {
		await signIn(page, 'phantich');
		await page.goto('/analytics/trends?bloc=K01');
		await expect(page.locator('table[data-table="trends"] tr[data-unit="XA17"]')).toContainText('kế thừa');
		await page.goto('/analytics/whatif?bloc=K04&year=2024');
		await page.locator('input[name="g.I"]').fill('4');
		await page.getByRole('button', { name: 'Tính lại' }).click();
		await expect(page).toHaveURL(/g\.I=4/);
		await expect(page.locator('tr.moved-up').first()).toBeVisible();
	});
});
