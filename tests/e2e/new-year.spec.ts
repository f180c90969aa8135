/**
 * A new year from the last one (issue 14, part 4), in the browser: the admin previews 2026 from
 * 2025 for two blocs, chooses one bloc's leader by hand, previews again and creates; the 2026
 * bloc page (stage open) shows the chosen leader, and the other bloc the rotated one (2025's
 * deputy). A second attempt is refused, naming the blocs that exist.
 */
import { expect, test } from '@playwright/test';
import { signIn, watchErrors } from './session';

test('the admin makes 2026 from 2025 for two blocs, one leader chosen by hand', async ({ page }) => {
	const errors = watchErrors(page);
	await signIn(page, 'admin');
	await page.goto('/admin', { waitUntil: 'networkidle' });
	await page.locator('[data-tool="new-year"] a').click();
	await expect(page).toHaveURL(/\/admin\/years\/new$/);
	await expect(page.getByLabel('Năm mới')).toHaveValue('2026');

	// Two blocs: K04 and K07.
	for (const box of await page.locator('input[name="bloc"]').all()) {
		const code = await box.getAttribute('value');
		if (code === 'K04' || code === 'K07') await box.check();
		else await box.uncheck();
	}
	await page.getByRole('button', { name: 'Xem trước', exact: true }).click();
	await expect(page.locator('[data-plan-bloc]')).toHaveCount(2);
	await expect(page.locator('[data-summary]')).toContainText('2 khối');
	// By rotation: 2025's deputy leads (K04: SO25, K07: DN07).
	const k04 = page.locator('[data-plan-bloc="K04"]');
	await expect(k04.locator('tr[data-role="leader"]')).toHaveAttribute('data-unit', 'SO25');
	await expect(page.locator('[data-plan-bloc="K07"] tr[data-role="leader"]')).toHaveAttribute(
		'data-unit',
		'DN07'
	);

	// K04's leader by hand: Cục Thuế tỉnh (SO09), then a new preview.
	await k04.locator('select[data-choice="leader"]').selectOption('SO09');
	await page.getByRole('button', { name: 'Xem trước lại' }).click();
	await expect(k04.locator('tr[data-role="leader"]')).toHaveAttribute('data-unit', 'SO09');
	await expect(k04.locator('tr[data-role="leader"]')).toContainText('chọn tay');

	await page.locator('button[data-create]').click();
	const created = page.locator('[data-created="2026"]');
	await expect(created).toContainText('Đã tạo năm 2026 cho 2 khối');

	await created.getByRole('link', { name: 'K04 – 2026' }).click();
	await expect(page).toHaveURL(/\/blocs\/K04\/2026$/);
	await expect(page.locator('[data-stage]').first()).toHaveAttribute('data-stage', 'open');
	const leaderRow = page.locator('table.ranking tbody tr[data-unit="SO09"]');
	await expect(leaderRow).toContainText('Trưởng khối');
	await page.goto('/blocs/K07/2026', { waitUntil: 'networkidle' });
	await expect(page.locator('table.ranking tbody tr[data-unit="DN07"]')).toContainText('Trưởng khối');

	// Again: refused, naming both blocs; no create button.
	await page.goto('/admin/years/new?year=2026&from=2025&blocs=1&bloc=K04&bloc=K07', {
		waitUntil: 'networkidle'
	});
	await expect(page.locator('[data-refusal="pledge_exists"]')).toHaveCount(2);
	await expect(page.locator('[data-refusals]')).toContainText('Khối K04 đã có giao ước năm 2026.');
	await expect(page.locator('button[data-create]')).toHaveCount(0);
	expect(errors).toEqual([]);
});
