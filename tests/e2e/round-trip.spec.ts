/**
 * The sheet round trip in the browser (issue 15, "done when"): the K03 leader downloads the
 * bloc scores of K03 2025 as a filled Excel template, changes two cells, uploads it: the check
 * lists exactly those two cells (unit, criterion, field, stored → new) before anything is
 * written, and filters them by unit. Committed, the same sheet downloaded again changes nothing;
 * the first download uploaded puts the two cells back as they were (K03 2025 is read by no
 * other spec; this one leaves it as it found it).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import PizZip from 'pizzip';
import readWorkbook from 'read-excel-file/node';
import { signIn, watchErrors } from './session';

const SCREENS = 'test-results/screens';
const FILES = 'test-results/round-trip';
mkdirSync(SCREENS, { recursive: true });
mkdirSync(FILES, { recursive: true });

const letter = (j: number): string =>
	(j >= 26 ? letter(Math.floor(j / 26) - 1) : '') + String.fromCharCode(65 + (j % 26));

/** The filled template of the bloc scores, as the export page's link downloads it. */
async function downloadFilled(page: Page, name: string): Promise<string> {
	await page.goto('/blocs/K03/2025/export');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.locator('a[data-filled="review-xlsx"]').click()
	]);
	expect(download.suggestedFilename()).toBe('diem_K03_2025_khoi-cham.xlsx');
	const path = `${FILES}/${name}`;
	await download.saveAs(path);
	return path;
}

/** Sets cells of the first sheet to numbers, as a person editing them in Excel. */
function edit(path: string, out: string, edits: Record<string, number>): string {
	const zip = new PizZip(readFileSync(path));
	let sheet = zip.file('xl/worksheets/sheet1.xml')!.asText();
	for (const [ref, value] of Object.entries(edits)) {
		const cell = new RegExp(`<c r="${ref}"([^>]*?)(?:/>|>[\\s\\S]*?</c>)`);
		expect(sheet).toMatch(cell);
		sheet = sheet.replace(
			cell,
			(_m, attrs: string) => `<c r="${ref}"${attrs.replace(/ t="\w+"/, '')}><v>${value}</v></c>`
		);
	}
	zip.file('xl/worksheets/sheet1.xml', sheet);
	writeFileSync(out, zip.generate({ type: 'nodebuffer' }));
	return out;
}

async function upload(page: Page, path: string) {
	await page.goto('/upload');
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Kéo thả tệp vào đây, hoặc chọn tệp (CSV, Excel .xlsx)').setInputFiles(path);
	await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
	await expect(page.locator('section[data-changes]')).toBeVisible({ timeout: 30_000 });
}

test('a filled template changed in two cells shows exactly those two changes before commit', async ({
	page
}) => {
	test.setTimeout(120_000);
	const errors = watchErrors(page);
	await signIn(page, 'truongkhoi.k03');
	const original = await downloadFilled(page, 'filled.xlsx');
	const [sheet] = await readWorkbook(readFileSync(original));
	const rows = sheet!.data as (string | number | null)[][];
	const h = rows.findIndex((r) => r[1] === 'Mã đơn vị');
	expect(rows[h + 1]![1]).toBe('Điểm tối đa');
	expect(rows[h + 2]![1]).toBe('Hệ số');
	const codes = (rows[h]!.slice(3) as string[]).map((c) => c.split(' – ')[0]!);
	// Two scored cells of two units, each lowered by one point.
	const picks: { unit: string; name: string; code: string; ref: string; old: number }[] = [];
	for (let r = h + 3; r < rows.length && picks.length < 2; r++) {
		const j = codes.findIndex(
			(_, k) => typeof rows[r]![3 + k] === 'number' && (rows[r]![3 + k] as number) >= 1
		);
		if (j < 0) continue;
		picks.push({
			unit: rows[r]![1] as string,
			name: rows[r]![2] as string,
			code: codes[j]!,
			ref: `${letter(3 + j)}${r + 1}`,
			old: rows[r]![3 + j] as number
		});
	}
	expect(picks).toHaveLength(2);
	const changed = edit(
		original,
		`${FILES}/changed.xlsx`,
		Object.fromEntries(picks.map((p) => [p.ref, p.old - 1]))
	);

	await upload(page, changed);
	const list = page.locator('section[data-changes]');
	await expect(list.locator('[data-change-count]')).toHaveAttribute('data-change-count', '2');
	const lines = list.locator('tr[data-change]');
	await expect(lines).toHaveCount(2);
	const vi = (n: number) => String(n).replace('.', ',');
	for (const [i, p] of picks.entries()) {
		const line = lines.nth(i);
		await expect(line).toHaveAttribute('data-change', `${p.unit}|${p.code}|review`);
		await expect(line).toContainText(p.name);
		await expect(line).toContainText('Điểm khối chấm');
		await expect(line.locator('[data-old]')).toHaveText(vi(p.old));
		await expect(line.locator('[data-new]')).toHaveText(vi(p.old - 1));
	}
	// Filtered by the second unit: its line only.
	await list.locator('select[data-filter-unit]').selectOption(picks[1]!.unit);
	await expect(lines).toHaveCount(1);
	await expect(lines.first()).toHaveAttribute('data-change', `${picks[1]!.unit}|${picks[1]!.code}|review`);
	await page.screenshot({ path: `${SCREENS}/round-trip-check.png`, fullPage: true });
	await list.locator('select[data-filter-unit]').selectOption('');
	await expect(lines).toHaveCount(2);

	// Written: exactly those two.
	await page.getByRole('button', { name: 'Ghi vào cơ sở dữ liệu' }).click();
	await expect(page.locator('[data-committed]')).toBeVisible({ timeout: 30_000 });
	await expect(page.locator('section[data-changes] tr[data-change]')).toHaveCount(2);

	// The same sheet downloaded again and uploaded unchanged: nothing changes, and the page says so.
	await upload(page, await downloadFilled(page, 'again.xlsx'));
	await expect(page.locator('[data-no-changes]')).toContainText('Không ô nào thay đổi');
	await expect(page.getByRole('button', { name: 'Ghi vào cơ sở dữ liệu' })).toBeDisabled();
	await page.screenshot({ path: `${SCREENS}/round-trip-unchanged.png`, fullPage: true });

	// Put back: the first download differs in exactly those two cells, the other way.
	await upload(page, original);
	await expect(lines).toHaveCount(2);
	await expect(lines.first().locator('[data-new]')).toHaveText(vi(picks[0]!.old));
	await page.getByRole('button', { name: 'Ghi vào cơ sở dữ liệu' }).click();
	await expect(page.locator('[data-committed]')).toBeVisible({ timeout: 30_000 });
	await upload(page, await downloadFilled(page, 'restored.xlsx'));
	await expect(page.locator('[data-no-changes]')).toBeVisible();
	expect(errors).toEqual([]);
});
