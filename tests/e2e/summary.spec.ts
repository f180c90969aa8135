/**
 * Issue 15, part 2: the summary table («Bảng tổng hợp kết quả chấm điểm thi đua») printed and
 * downloaded as Excel.
 *
 * The print: K04 2025 finalised (the admin finalises it, and puts it back in review at the end)
 * printed to PDF by Chromium as the page's own @page says (A4 landscape); section II and the
 * signatures must stand on a page that also holds the table's last rows, never alone. The PDF's
 * pages are read back with pdftotext and kept as PNG under test-results/summary/ (poppler-utils).
 *
 * The Excel file: downloaded from the report page's link by the bloc's leader and read back.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import readWorkbook from 'read-excel-file/node';

const OUT = 'test-results/summary';
mkdirSync(OUT, { recursive: true });
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const QUERY = '?place=S%C6%A1n%20H%C3%A0&date=05/12/2025&preparer=Nguy%E1%BB%85n%20Th%E1%BB%8B%20Lan';

async function signIn(page: Page, username: string, password = 'thidua2025') {
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByText(/Đang đăng nhập:/)).toBeVisible();
}

/** Moves K04 2025 to `to` through the bloc page's stage action (as its form posts it). */
async function setStage(page: Page, to: string, reason = '') {
	const origin = new URL(page.url()).origin;
	const res = await page.request.post('/blocs/K04/2025?/stage', {
		form: { to, reason },
		headers: { origin, 'x-sveltekit-action': 'true' }
	});
	const body = await res.text();
	expect(body, `K04 2025 → ${to}: ${body}`).toContain('"type":"success"');
}

/** The text of each page of a PDF (pdftotext, one call per page), and the pages as PNG. */
function pdfPages(path: string, name: string): string[] {
	const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
	const count = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
	for (const f of readdirSync(OUT)) if (f.startsWith(`${name}-`) && f.endsWith('.png')) rmSync(`${OUT}/${f}`);
	execFileSync('pdftoppm', ['-png', '-r', '80', path, `${OUT}/${name}`]);
	return Array.from({ length: count }, (_, i) =>
		squash(
			execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), path, '-'], {
				encoding: 'utf8'
			})
		)
	);
}

test('finalised K04 2025 printed: section II and the signatures stand with the table’s last rows', async ({
	page
}) => {
	await signIn(page, 'admin');
	await page.goto('/blocs/K04/2025');
	await setStage(page, 'finalised');
	try {
		await page.goto(`/blocs/K04/2025/report${QUERY}`);
		await expect(page.locator('.draft-stamp')).toHaveCount(0);
		const units = (await page.locator('table.results tbody tr[data-unit] th').allInnerTexts()).map((u) =>
			squash(u.replace('⚠', ''))
		);
		expect(units.length).toBeGreaterThanOrEqual(3);
		// Section II and the signatures are part of the table's last row group, after its rows.
		await expect(page.locator('table.results tfoot .proposals-block')).toHaveCount(1);
		await expect(page.locator('table.results tfoot .signing')).toHaveCount(1);

		await page.emulateMedia({ media: 'print' });
		// Not repeated as a footer on every page; the last row holds on to the one before it.
		expect(await page.locator('table.results tfoot').evaluate((el) => getComputedStyle(el).display)).toBe(
			'table-row-group'
		);
		expect(
			await page
				.locator('table.results tbody tr:last-child')
				.evaluate((el) => getComputedStyle(el).breakBefore)
		).toBe('avoid');

		const path = `${OUT}/bang-tong-hop-K04-2025.pdf`;
		// The page's own @page: A4 landscape, 842 × 595 points.
		const pdf = await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
		for (const box of pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g))
			expect([Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([842, 595]);
		const pages = pdfPages(path, 'bang-tong-hop-K04-2025');
		expect(pages.length).toBe(2);
		const last = pages.at(-1)!;
		for (const s of [
			'II. ĐỀ NGHỊ KHEN THƯỞNG',
			'Sơn Hà, ngày 05 tháng 12 năm 2025',
			'NGƯỜI LẬP BIỂU',
			'PHÓ KHỐI'
		])
			expect(last, s).toContain(s);
		expect(last).toContain('TRƯỞNG KHỐI');
		expect(last).toContain('Nguyễn Thị Lan');
		// The table's last two rows and its header, repeated, stand on that page too.
		expect(last).toContain('Hạng');
		for (const unit of units.slice(-2)) expect(last, unit).toContain(unit);
		// And the first page holds the heading and the first rows, not section II.
		expect(pages[0]).toContain('BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA');
		expect(pages[0]).toContain(units[0]!);
		expect(pages[0]).not.toContain('II. ĐỀ NGHỊ KHEN THƯỞNG');
		// Every unit printed (the table's rows on page 1 stop before the last two).
		for (const unit of units) expect(pages.join(' '), unit).toContain(unit);
		for (const unit of units.slice(-2)) expect(pages[0], unit).not.toContain(unit);
	} finally {
		await setStage(page, 'review', 'Trả lại giai đoạn chấm sau khi kiểm tra bản in');
	}
});

test('the bloc leader downloads the summary table as Excel from the report page, and reads it back', async ({
	page
}) => {
	await signIn(page, 'truongkhoi.k04');
	await page.goto(`/blocs/K04/2025/report${QUERY}`);
	const proposals = await page.locator('table.results tbody tr[data-unit]').evaluateAll((rows) =>
		rows.map((r) => ({
			unit: r.getAttribute('data-unit'),
			proposal: (r.querySelector('.c-proposal')?.textContent ?? '').replace(/\s+/g, ' ').trim()
		}))
	);
	const totals = await page.locator('table.results tbody td.total').allInnerTexts();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Tải bảng tổng hợp dạng Excel (.xlsx)' }).click()
	]);
	expect(download.suggestedFilename()).toBe('bang-tong-hop-K04-2025.xlsx');
	const path = `${OUT}/bang-tong-hop-K04-2025.xlsx`;
	await download.saveAs(path);
	const [sheet] = await readWorkbook(readFileSync(path));
	const data = sheet!.data;
	const rowOf = (s: string) => data.findIndex((r) => r.some((v) => v === s));
	expect(data[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
	expect(data.flat()).toContain('DỰ THẢO');
	expect(data.flat()).toContain('BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA');
	const header = rowOf('Hạng');
	expect(header).toBeGreaterThan(0);
	const body = data.slice(header + 2, header + 2 + proposals.length);
	// Ranks and totals as numbers, as the page shows them; proposals as the page has them.
	const num = (s: string) => Number(s.replace(/\./g, '').replace(',', '.'));
	body.forEach((row, i) => {
		expect(typeof row[0]).toBe('number');
		const total = row.find((v, j) => j > 1 && typeof v === 'number' && v === num(totals[i]!));
		expect(total, `total of row ${i + 1}`).toBeDefined();
		const shown = proposals[i]!.proposal.replace('(cần bỏ phiếu)', ' (cần bỏ phiếu)')
			.replace(/\s+/g, ' ')
			.trim();
		expect(String(row.at(-1) ?? ''), proposals[i]!.unit!).toBe(shown);
	});
	expect(data.flat()).toContain('Sơn Hà, ngày 05 tháng 12 năm 2025');
	expect(data.flat()).toContain('Nguyễn Thị Lan');
	expect(data.at(-1)).toContain('Nguyễn Thị Lan');

	// The bloc's downloads page links the same file.
	await page.goto('/blocs/K04/2025/export');
	const link = page.locator('a[data-summary-xlsx]');
	await expect(link).toHaveAttribute('href', '/blocs/K04/2025/report.xlsx');
	const res = await page.request.get('/blocs/K04/2025/report.xlsx');
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toContain('spreadsheetml');
	// Another bloc’s leader may not have the draft.
	await page.context().clearCookies();
	await signIn(page, 'truongkhoi.k03');
	expect((await page.request.get('/blocs/K04/2025/report.xlsx')).status()).toBe(403);
});
