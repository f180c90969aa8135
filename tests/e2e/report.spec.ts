/**
 * The printable ranking report, printed to PDF by headless Chromium as "Print → Save as PDF"
 * would: A4 pages, every unit of the bloc, Vietnamese text intact, the draft mark on a draft.
 * The PDF and its pages as PNG are kept under test-results/report/ to look at (pdftoppm and
 * pdftotext, from Debian's poppler-utils, read the PDF back when they are installed).
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const OUT = 'test-results/report';
mkdirSync(OUT, { recursive: true });

async function signIn(page: Page, username: string, password = 'thidua2025') {
	// After hydration, so that nothing typed is reset.
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByText(/Đang đăng nhập:/)).toBeVisible();
}

function has(tool: string): boolean {
	try {
		execFileSync(tool, ['-v'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

const POPPLER = has('pdftotext') && has('pdftoppm');
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Prints the open page to `name`.pdf; returns the PDF and (with poppler) its text, saving PNG pages. */
async function printToPdf(
	page: Page,
	name: string
): Promise<{ pdf: Buffer; text: string | null; pages: number }> {
	const path = `${OUT}/${name}.pdf`;
	const pdf = await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
	const latin1 = pdf.toString('latin1');
	const pages = (latin1.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
	// Every page is A4 landscape: 842 × 595 points.
	for (const box of latin1.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)) {
		expect(Math.round(Number(box[1]))).toBe(842);
		expect(Math.round(Number(box[2]))).toBe(595);
	}
	if (!POPPLER) {
		test.info().annotations.push({
			type: 'note',
			description: 'poppler-utils missing: PDF text and PNG pages not checked'
		});
		return { pdf, text: null, pages };
	}
	for (const f of readdirSync(OUT)) if (f.startsWith(`${name}-`) && f.endsWith('.png')) rmSync(`${OUT}/${f}`);
	execFileSync('pdftoppm', ['-png', '-r', '80', path, `${OUT}/${name}`]);
	const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
	return { pdf, text: squash(text), pages };
}

test('the printed report of a draft bloc: A4 pages, every unit, Vietnamese text, the draft mark', async ({
	page
}) => {
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	page.on('pageerror', (e) => errors.push(e.message));
	await signIn(page, 'truongkhoi.k04');
	await page.goto('/blocs/K04/2025');
	await page.locator('[data-report-link]').click();
	await expect(page).toHaveURL(/\/blocs\/K04\/2025\/report$/);
	// The place, date and preparer printed at the bottom, set on the page.
	await page.getByLabel('Địa danh').fill('Sơn Hà');
	await page.getByLabel(/^Ngày/).fill('05/12/2025');
	await page.getByLabel('Họ tên người lập biểu').fill('Nguyễn Thị Lan');
	await page.getByRole('button', { name: 'Cập nhật' }).click();
	await expect(page).toHaveURL(/place=S%C6%A1n\+H%C3%A0|place=Sơn/);
	const units = (await page.locator('table.results tbody tr[data-unit] th').allInnerTexts()).map(squash);
	expect(units.length).toBeGreaterThanOrEqual(5);
	await page.screenshot({ path: `${OUT}/report-K04-2025-screen.png`, fullPage: true });

	// In print: no navigation, no form, the document only.
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('.site-header')).toBeHidden();
	await expect(page.locator('.toolbar')).toBeHidden();
	await expect(page.locator('.watermark')).toBeVisible();

	const { pages, text } = await printToPdf(page, 'bao-cao-K04-2025');
	expect(pages).toBeGreaterThanOrEqual(1);
	if (text !== null) {
		for (const heading of [
			'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
			'Độc lập - Tự do - Hạnh phúc',
			'BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA',
			'DỰ THẢO',
			'ĐỀ NGHỊ KHEN THƯỞNG (DỰ KIẾN)',
			'Sơn Hà, ngày 05 tháng 12 năm 2025',
			'NGƯỜI LẬP BIỂU',
			'TRƯỞNG KHỐI',
			'PHÓ KHỐI',
			'Nguyễn Thị Lan'
		])
			expect(text, heading).toContain(heading);
		// Every unit, whole (a name may wrap inside its cell).
		for (const unit of units)
			expect(
				text.includes(unit) || unit.split(' ').every((w) => text.includes(w)),
				`${unit} missing from the PDF`
			).toBe(true);
		const pngs = readdirSync(OUT).filter((f) => f.startsWith('bao-cao-K04-2025-') && f.endsWith('.png'));
		expect(pngs).toHaveLength(pages);
	}
	expect(errors).toEqual([]);
});

test('a finalised bloc prints without the draft mark', async ({ page }) => {
	await signIn(page, 'lanhdao');
	await page.goto('/blocs/K04/2024/report?place=S%C6%A1n%20H%C3%A0&date=');
	await expect(page.locator('.draft-stamp')).toHaveCount(0);
	await expect(page.locator('.place-date')).toHaveText('Sơn Hà, ngày …… tháng …… năm ……');
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('.watermark')).toHaveCount(0);
	const { text } = await printToPdf(page, 'bao-cao-K04-2024');
	if (text !== null) {
		expect(text).not.toContain('DỰ THẢO');
		expect(text).toContain('II. ĐỀ NGHỊ KHEN THƯỞNG');
		expect(text).not.toContain('(DỰ KIẾN)');
	}
});

test('another bloc’s leader gets 403 on its report, downloads and template', async ({ page }) => {
	await signIn(page, 'truongkhoi.k04');
	const res = await page.goto('/blocs/K06/2025/report');
	expect(res?.status()).toBe(403);
	await expect(page.locator('body')).toContainText('Không có quyền');
	for (const path of [
		'/blocs/K06/2025/export/ranking.csv',
		'/blocs/K06/2025/export/scores.xlsx',
		'/blocs/K06/2025/template/diem_K06_2025.xlsx',
		'/blocs/K04/2025/export/ranking.parquet'
	])
		expect((await page.request.get(path)).status(), path).toBe(403);
	// Their own bloc's files are theirs.
	const own = await page.request.get('/blocs/K04/2025/export/ranking.xlsx');
	expect(own.status()).toBe(200);
	expect(own.headers()['content-type']).toContain('spreadsheetml');
});

test('every chart can be saved as a PNG image from its own button', async ({ page }) => {
	const errors: string[] = [];
	page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
	page.on('pageerror', (e) => errors.push(e.message));
	await signIn(page, 'phantich');
	await page.goto('/blocs/K03/2023');
	// The chart (and its button) is drawn when it comes into view.
	await page.locator('.chart').scrollIntoViewIfNeeded();
	const button = page.getByRole('button', { name: 'Tải ảnh PNG' });
	await expect(button).toBeVisible();
	const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
	expect(download.suggestedFilename()).toBe('tong-diem-K03-2023.png');
	const path = `${OUT}/tong-diem-K03-2023.png`;
	await download.saveAs(path);
	const png = readFileSync(path);
	expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	// Twice the chart's size on screen, for print.
	const width = png.readUInt32BE(16);
	const box = await page.locator('.chart').boundingBox();
	expect(Math.abs(width - box!.width * 2)).toBeLessThanOrEqual(2);
	expect(errors).toEqual([]);
});
