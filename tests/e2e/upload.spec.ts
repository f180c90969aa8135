/**
 * Uploading files in the browser. Uses bloc-years no other spec relies on: K06 2025 (bloc scores,
 * by its leader truongkhoi.k06) and K05 2025 (self-scores, checked by the admin, never changed).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import readWorkbook from 'read-excel-file/node';
import writeExcelFile from 'write-excel-file/node';

const SCREENS = 'test-results/screens';
const FILES = 'test-results/upload';
mkdirSync(SCREENS, { recursive: true });
mkdirSync(FILES, { recursive: true });

async function signIn(page: Page, username: string, password = 'thidua2025') {
	// After hydration, so that nothing typed is reset.
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
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

/** "1.234,5" → 1234.5 */
const viNumber = (s: string) => Number(s.trim().replace(/\./g, '').replace(',', '.'));

/** The score a unit's criterion counts with now (bloc score, else self-score), from the bloc's scores CSV. */
async function usedScores(page: Page, bloc: string, unit: string): Promise<Map<string, number>> {
	const res = await page.request.get(`/blocs/${bloc}/2025/export/scores.csv`);
	expect(res.status()).toBe(200);
	const rows = Papa.parse<Record<string, string>>((await res.text()).replace(/^\uFEFF/, ''), {
		header: true,
		skipEmptyLines: true
	}).data;
	return new Map(
		rows
			.filter((r) => r['Mã đơn vị'] === unit)
			.map((r) => [r['Mã tiêu chí']!, viNumber(r['Điểm khối chấm'] || r['Điểm tự chấm'] || '0')])
	);
}

test('a bloc leader fills in the Excel template, uploads it with a mistyped column, maps it, commits, and the ranking moves', async ({
	page
}) => {
	const errors = watchErrors(page);
	await signIn(page, 'truongkhoi.k06');
	await page.goto('/blocs/K06/2025');
	const before = viNumber(await page.locator('tr[data-unit="TR05"] td.total').innerText());
	const used = await usedScores(page, 'K06', 'TR05');

	// The template, from the bloc page, as the office gets it.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page
			.locator('section.exports li', { hasText: 'Mẫu bảng chấm điểm' })
			.getByRole('link', { name: 'Excel' })
			.click()
	]);
	expect(download.suggestedFilename()).toBe('diem_K06_2025.xlsx');
	const [sheet] = await readWorkbook(readFileSync((await download.path())!));
	const rows = sheet!.data as (string | number | null)[][];
	const h = rows.findIndex((r) => r[1] === 'Mã đơn vị');
	const col = (code: string) => rows[h]!.findIndex((c) => String(c).startsWith(`${code} –`));
	const weight = (code: string) => Number(rows[h + 2]![col(code)]);
	const tr05 = rows.findIndex((r) => r[1] === 'TR05');
	// Filled in as an office does: a number, a number typed as text with a decimal comma, a
	// header retyped by hand, and a totals column of its own.
	const [c1, c2] = [col('I.1'), col('I.2')];
	const [w1, w2] = [weight('I.1'), weight('I.2')];
	rows[tr05]![c1] = 30;
	rows[tr05]![c2] = '50,5';
	rows[h]![c2] = 'I.2a – Duy trì sĩ số';
	rows[h]!.push('Tổng cộng');
	const path = `${FILES}/diem_K06_2025.xlsx`;
	writeFileSync(path, await writeExcelFile(rows as never).toBuffer());

	await page.getByRole('link', { name: 'Nhập dữ liệu' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nhập dữ liệu từ tệp');
	await page.getByLabel('Kéo thả tệp vào đây, hoặc chọn tệp (CSV, Excel .xlsx)').setInputFiles(path);
	await expect(page.locator('[data-local-file="diem_K06_2025.xlsx"]')).toContainText('Tệp Excel');
	await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();

	// The server's preview: how the file was read, the bloc-year from its title, the mapping.
	const card = page.locator('[data-file="diem_K06_2025.xlsx"]');
	await expect(card.locator('.wide-context')).toContainText(
		'khối K06, năm 2025, Điểm khối chấm (theo dòng tiêu đề của tệp)'
	);
	await expect(card).toContainText('Excel (.xlsx)');
	await expect(card.locator(`select[name="col.0.${c1}"]`)).toHaveValue('criterion:I.1');
	await expect(card.locator('select[name="col.0.1"]')).toHaveValue('unit_code');
	await expect(page.locator('table.issues')).toContainText('I.2a – Duy trì sĩ số');
	await expect(page.getByRole('button', { name: 'Ghi vào cơ sở dữ liệu' })).toBeDisabled();
	await page.screenshot({ path: `${SCREENS}/upload-wide-mapping.png`, fullPage: true });

	// The user maps the mistyped column and checks again: no error, the summary says what changes.
	await card.locator(`select[name="col.0.${c2}"]`).selectOption('criterion:I.2');
	await page.getByRole('button', { name: 'Kiểm tra lại với lựa chọn này' }).click();
	await expect(page.locator('[data-issues="0"]')).toBeVisible();
	const summary = page.locator('table[data-summary="bloc-years"] tr[data-bloc-year="K06|2025"]');
	await expect(summary).toContainText('Khối các trường THPT (K06)');
	await expect(page.locator('table[data-summary="tables"] tr[data-table="scores"] td').first()).toHaveText(
		'2'
	);
	await page.screenshot({ path: `${SCREENS}/upload-wide-summary.png`, fullPage: true });

	await page.getByRole('button', { name: 'Ghi vào cơ sở dữ liệu' }).click();
	await expect(page.locator('[data-committed]')).toContainText('diem_K06_2025.xlsx');
	await page.screenshot({ path: `${SCREENS}/upload-wide-committed.png`, fullPage: true });

	// The ranking reflects it: weight × (new − old) for each filled cell.
	await page.getByRole('link', { name: /Khối các trường THPT – 2025/ }).click();
	await expect(page).toHaveURL(/\/blocs\/K06\/2025$/);
	const expected = before + w1 * (30 - used.get('I.1')!) + w2 * (50.5 - used.get('I.2')!);
	const after = viNumber(await page.locator('tr[data-unit="TR05"] td.total').innerText());
	expect(after).toBeCloseTo(expected, 2);
	await page.goto('/blocs/K06/2025/units/TR05/history?criterion=I.1');
	await expect(
		page.locator('tr', { hasText: 'Điểm khối chấm' }).filter({ hasText: '30' }).first()
	).toContainText('truongkhoi.k06');
	expect(errors).toEqual([]);
});

test('an upload of a bad file shows its error report, downloadable, and changes nothing', async ({
	page
}) => {
	const errors = watchErrors(page);
	await signIn(page, 'admin');
	const scoresBefore = await (await page.request.get('/blocs/K05/2025/export/scores.csv')).text();
	await page.goto('/upload');
	await page
		.getByLabel('Kéo thả tệp vào đây, hoặc chọn tệp (CSV, Excel .xlsx)')
		.setInputFiles('tests/fixtures/bad/above-max.csv');
	// The browser's own preview of a CSV: encoding, separator, first rows.
	const local = page.locator('[data-local-file="above-max.csv"]');
	await expect(local.locator('[data-encoding="utf-8"]')).toBeVisible();
	await expect(local.locator('[data-delimiter=","]')).toBeVisible();
	await expect(local).toContainText('SO26');
	await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();

	const report = page.locator('table.issues');
	await expect(page.locator('[data-issues="2"]')).toContainText('2 lỗi');
	await expect(report).toContainText('31 vượt điểm tối đa 30 của tiêu chí I.1');
	await expect(report).toContainText('60,5 vượt điểm tối đa 60 của tiêu chí I.2');
	await expect(report.locator('tbody tr').first()).toContainText('E "Điểm tự chấm"');
	await expect(page.getByRole('button', { name: 'Ghi vào cơ sở dữ liệu' })).toBeDisabled();
	await page.screenshot({ path: `${SCREENS}/upload-bad-file.png`, fullPage: true });

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Tải báo cáo lỗi (CSV, mở bằng Excel)' }).click()
	]);
	const csv = readFileSync((await download.path())!, 'utf8');
	expect(csv.startsWith('\uFEFFMức độ,Tệp,Dòng,Cột,Trường,Giá trị,Lý do\r\n')).toBe(true);
	const lines = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
	expect(lines.slice(1)).toEqual([
		[
			'Lỗi',
			'above-max.csv',
			'2',
			'E "Điểm tự chấm"',
			'self_score',
			'31',
			'31 vượt điểm tối đa 30 của tiêu chí I.1 (nội dung)'
		],
		[
			'Lỗi',
			'above-max.csv',
			'3',
			'E "Điểm tự chấm"',
			'self_score',
			'60,5',
			'60,5 vượt điểm tối đa 60 của tiêu chí I.2 (nội dung)'
		]
	]);

	// Even a commit forced past the disabled button writes nothing: the server checks again.
	const token = await page.locator('input[name="token"]').inputValue();
	const forced = await page.request.post('/upload?/commit', {
		multipart: { token },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' }
	});
	expect(forced.status()).toBe(422);
	expect(await (await page.request.get('/blocs/K05/2025/export/scores.csv')).text()).toBe(scoresBefore);
	expect(errors).toEqual([]);
});

test('a file over the size limit is stopped in the browser with a clear message', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/upload');
	const path = `${FILES}/qua-lon.csv`;
	writeFileSync(path, Buffer.alloc(51 * 1024 * 1024, 0x41));
	try {
		await page.getByLabel('Kéo thả tệp vào đây, hoặc chọn tệp (CSV, Excel .xlsx)').setInputFiles(path);
		await expect(page.locator('[data-too-large]')).toContainText('vượt giới hạn 50 MB');
		await expect(page.getByRole('button', { name: 'Tải lên và kiểm tra' })).toBeDisabled();
	} finally {
		rmSync(path, { force: true });
	}
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('upload, check and commit a wide CSV sheet with plain forms', async ({ page }) => {
		await signIn(page, 'truongkhoi.k06');
		const lines = [
			'BẢNG CHẤM ĐIỂM THI ĐUA – Mã khối: K06 – Năm: 2025',
			'Điểm khối chấm',
			'STT,Mã đơn vị,Tên đơn vị,I.3 – Kiểm định chất lượng',
			'1,TR08,Trường THPT,"44,5"'
		];
		const path = `${FILES}/diem_K06_2025_TR08.csv`;
		writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`);
		await page.goto('/upload');
		await page.getByLabel('Kéo thả tệp vào đây, hoặc chọn tệp (CSV, Excel .xlsx)').setInputFiles(path);
		await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
		await expect(page.locator('[data-issues="0"]')).toBeVisible();
		await expect(page.locator('.wide-context')).toContainText('khối K06, năm 2025, Điểm khối chấm');
		await page.getByRole('button', { name: 'Ghi vào cơ sở dữ liệu' }).click();
		await expect(page.locator('[data-committed]')).toContainText('1 dòng thay thế');
		const used = await usedScores(page, 'K06', 'TR08');
		expect(used.get('I.3')).toBe(44.5);
	});
});
