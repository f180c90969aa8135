/**
 * The award balance, rules and upload pages as a reader sees them: numbers with thousands
 * separators, no internal names, no sideways page scroll on a phone, and an upload report that
 * puts the same problem on many rows on one line. Screenshots go to test-results/screens/awards.
 */
import { expect, test, type Page } from '@playwright/test';
import { signIn, watchErrors } from './session';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';

const SCREENS = 'test-results/screens/awards';
const FILES = 'test-results/awards';
mkdirSync(SCREENS, { recursive: true });
mkdirSync(FILES, { recursive: true });

/** Internal names a reader must never see: settings, tables, rule ids, import sources, field names. */
const INTERNAL = [
	'direct_worker_per_leader_target',
	'rule_setting',
	'cstdcs_cap',
	'ttldxs_standard',
	'gov_flag_cap',
	'@nd',
	'import:sample',
	'Phiên bản phiếu'
];
/** A snake_case identifier (`self_score`, `council_setting`) in the visible text. */
const SNAKE = /\b[a-z]+_[a-z_]+\b/;

async function visibleText(page: Page): Promise<string> {
	return page.locator('main').innerText();
}

async function expectNoInternalNames(page: Page) {
	const text = await visibleText(page);
	for (const name of INTERNAL) expect(text, name).not.toContain(name);
	expect(text.match(SNAKE)?.[0] ?? null).toBeNull();
}

async function pageScroll(page: Page) {
	return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test('the award tables write numbers with thousands separators, like the cards', async ({ page }) => {
	const errors = watchErrors(page);
	await signIn(page, 'admin');
	await page.goto('/awards?year=2024');
	const individuals = (await page.locator('[data-figure="individuals"]').innerText()).trim();
	expect(individuals).toMatch(/^\d{1,3}(\.\d{3})+$/); // 1.115 individual awards in 2024
	// The whole province's line of the favoured groups: `288/1.115`, as the card writes it.
	const total = page.locator('table[data-table="groups"] tfoot tr').first();
	await expect(total).toContainText(`/${individuals}`);
	// No number cell of any award table has four digits in a row ("1065", "260/1037").
	const cells = await page.locator('table[data-table] td.num').allInnerTexts();
	expect(cells.length).toBeGreaterThan(100);
	expect(cells.filter((c) => /\d{4}/.test(c))).toEqual([]);
	// The by-bloc table keeps bloc names readable: at most two lines in the first column.
	const first = page.locator('table[data-table="by-bloc"] tbody th').first();
	const box = await first.boundingBox();
	const lineHeight = await first.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
	expect(box!.height).toBeLessThan(lineHeight * 3 + 24);
	// The table's CSV is what it shows: the caption, the header and one line per bloc.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.locator('[data-csv="by-bloc"]').click()
	]);
	const lines = Papa.parse<string[]>(readFileSync((await download.path())!, 'utf8').slice(1), {
		skipEmptyLines: true
	}).data;
	const blocs = await page.locator('table[data-table="by-bloc"] tbody th').allInnerTexts();
	expect(lines.slice(2).map((l) => l[0])).toEqual(blocs.map((b) => b.trim()));
	expect(lines[1]![0]).toBe('Khối thi đua');
	await page.screenshot({ path: `${SCREENS}/awards-1366.png` });
	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.screenshot({ path: `${SCREENS}/awards-1920.png` });
	expect(errors).toEqual([]);
});

test('the awards, rules, upload and sheet pages show no internal names', async ({ page }) => {
	const errors = watchErrors(page);
	await signIn(page, 'admin');
	for (const path of [
		'/awards?year=2024',
		'/rules',
		'/upload',
		'/awards/2024/SO11',
		'/blocs/K04/2025/units/SO09'
	]) {
		await page.goto(path);
		await expectNoInternalNames(page);
	}
	// English too; its numbers are written the Vietnamese way, as on the files and in the inputs.
	await page.getByRole('link', { name: 'English' }).click();
	await page.goto('/awards?year=2024');
	await expectNoInternalNames(page);
	await expect(page.locator('[data-figure="individuals"]')).toHaveText(/^\d{1,3}(\.\d{3})+$/);
	await expect(page.locator('main')).not.toContainText(/\b1 individual awards\b/);
	await page.goto('/rules');
	await expectNoInternalNames(page);
	expect(errors).toEqual([]);
});

test('on a phone the awards and upload pages never scroll sideways; tables scroll in their box', async ({
	page
}) => {
	const errors = watchErrors(page);
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, 'admin');
	await page.goto('/awards?year=2024');
	expect(await pageScroll(page)).toBe(0);
	const filters = await page.locator('form[data-filters="awards"]').boundingBox();
	expect(filters!.x).toBeGreaterThanOrEqual(0);
	expect(filters!.x + filters!.width).toBeLessThanOrEqual(390);
	for (const select of await page.locator('form[data-filters="awards"] select').all()) {
		const b = await select.boundingBox();
		expect(b!.x + b!.width).toBeLessThanOrEqual(390);
	}
	await page.screenshot({ path: `${SCREENS}/awards-390-filter.png` });
	// The by-bloc table is wider than the phone: it scrolls inside its box, the bloc column stays.
	const table = page.locator('table[data-table="by-bloc"]');
	await table.scrollIntoViewIfNeeded();
	const scroller = table.locator('xpath=..');
	expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
	const name = table.locator('tbody th').first();
	const before = await name.boundingBox();
	await scroller.evaluate((el) => (el.scrollLeft = 300));
	const after = await name.boundingBox();
	expect(after!.x).toBeCloseTo(before!.x, 0);
	await page.screenshot({ path: `${SCREENS}/awards-390-table.png` });
	await page.goto('/upload');
	expect(await pageScroll(page)).toBe(0);
	await page.screenshot({ path: `${SCREENS}/upload-390.png` });
	expect(errors).toEqual([]);
});

test('the upload report puts one unknown unit code on 25 rows on one line, and keeps every row downloadable', async ({
	page
}) => {
	const errors = watchErrors(page);
	// The 25 criteria of K05 in 2025 (a criterion twice for one unit would be a problem of its own).
	const criteria = (
		'I.1 I.2 I.3 I.4 I.5 I.6 II.1 II.2 II.3 II.5 III.1 III.2 III.3 III.4 IV.1 IV.2 IV.3 IV.5 ' +
		'V.1 V.2 TH.1 TH.2 TH.3 TRU.1 TRU.2'
	).split(' ');
	const lines = ['Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Ghi chú', '2025,K05,SO11,I.1,999,'];
	lines.push('2025,K05,SO11,I.2,10,');
	// Rows 4–28: a unit code that does not exist, 25 times.
	for (const [i, code] of criteria.entries()) lines.push(`2025,K05,SO99,${code},${i % 5},`);
	const path = `${FILES}/so99.csv`;
	writeFileSync(path, lines.join('\n') + '\n');

	await signIn(page, 'admin');
	await page.goto('/upload');
	await page.getByLabel('Kéo thả tệp vào đây, hoặc chọn tệp (CSV, Excel .xlsx)').setInputFiles(path);
	await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
	const report = page.locator('table.issues[data-groups]');
	await expect(report).toBeVisible();
	const rows = report.locator('tbody tr');
	// The unknown code is one line (rows 4–28, 25 rows), the other problem is not buried under it.
	const so99 = rows.filter({ hasText: 'không có đơn vị mã SO99' });
	await expect(so99).toHaveCount(1);
	await expect(so99.locator('td.rows')).toContainText('4–28');
	await expect(so99.locator('td.rows')).toContainText('25 dòng');
	await expect(rows.filter({ hasText: '999 vượt điểm tối đa' })).toHaveCount(1);
	expect(await rows.count()).toBeLessThanOrEqual(3);
	// The value column is wide enough to read a value on one line.
	const value = await so99.locator('td.value').boundingBox();
	expect(value!.width).toBeGreaterThan(100);
	await page.screenshot({ path: `${SCREENS}/upload-grouped-1366.png`, fullPage: true });

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Tải báo cáo lỗi (CSV, mở bằng Excel)' }).click()
	]);
	const csv = readFileSync((await download.path())!, 'utf8');
	const items = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data.slice(1);
	const unknown = items.filter((r) => r[5] === 'SO99');
	expect(unknown.map((r) => Number(r[2]))).toEqual(Array.from({ length: 25 }, (_, i) => 4 + i));
	await page.setViewportSize({ width: 390, height: 844 });
	expect(await pageScroll(page)).toBe(0);
	await page.screenshot({ path: `${SCREENS}/upload-grouped-390.png`, fullPage: true });
	expect(errors).toEqual([]);
});
