/**
 * Issue 15, the vote, in the browser. On the empty server (tests/e2e/empty-server.ts), which no
 * other spec reads for this bloc-year, the admin loads the sample province's catalogue and
 * K04 2024 through the product's own upload page: in the sample, Sở Kế hoạch và Đầu tư (SO01)
 * and Sở Xây dựng (SO07) share 903,5 for the last certificate place. The admin reopens K04 2024 to
 * review, loads its scores and makes its leader's account. The leader finds the bloc cannot be
 * finalised before the vote, records the secret ballot (a mistake first, told where), sees the
 * proposals follow it on the bloc page and the printout's minutes line, and finalises.
 *
 * Then the year is closed as the council files it (issue 15's "done when"): the leader downloads
 * the Excel summary from the printout and the draft decision from the decision page, both read
 * back (the ballot's choice among the proposals, the collectives listed); the admin enters the
 * decision's number and date, and the award balance of 2024 counts the new awards. The empty
 * server keeps K04 2024 finalised with its ballot and decision. Screenshots go to
 * test-results/screens/vote.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import PizZip from 'pizzip';
import readWorkbook from 'read-excel-file/node';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMPTY_ADMIN, EMPTY_URL } from './empty-server';
import { signIn, watchErrors } from './session';

test.use({ baseURL: EMPTY_URL });

const SCREENS = 'test-results/screens/vote';
mkdirSync(SCREENS, { recursive: true });

const BLOC = '/blocs/K04/2024';
const LEADER = { username: 'truongkhoi.k04.2024', password: 'Phieu-kin-chon-bang-khen' };
const DECISION = '2468/QĐ-UBND';
const CATALOGUE = ['units', 'blocs', 'memberships', 'pledges', 'criteria'].map((f) => `data/sample/${f}.csv`);

/** The sample's K04 2024 scores alone, as a file of the import's long format. */
function k04Scores(): string {
	const dir = mkdtempSync(join(tmpdir(), 'ktd-vote-'));
	const [header, ...rows] = readFileSync('data/sample/scores.csv', 'utf8').split(/\r?\n/);
	const path = join(dir, 'diem_K04_2024.csv');
	writeFileSync(path, [header, ...rows.filter((r) => r.startsWith('2024,K04,'))].join('\r\n') + '\r\n');
	return path;
}

/** Uploads files on /upload, checked then written. */
async function upload(page: Page, files: string[], last: string) {
	await page.goto('/upload', { waitUntil: 'networkidle' });
	await page.getByLabel('Kéo thả tệp vào đây, hoặc chọn tệp (CSV, Excel .xlsx)').setInputFiles(files);
	await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
	await expect(page.locator('[data-issues="0"]')).toBeVisible({ timeout: 60_000 });
	// The empty server is shared with council-year.spec, which may have loaded the same
	// catalogue already: a check that changes nothing has nothing to commit.
	const commit = page.getByRole('button', { name: 'Ghi vào cơ sở dữ liệu' });
	if (await commit.isDisabled()) return;
	await commit.click();
	await expect(page.locator('[data-committed]')).toContainText(last, { timeout: 60_000 });
}

/** The proposal cell of a unit's row in the ranking table. */
const proposalOf = (page: Page, unit: string) =>
	page.locator(`table.ranking tbody tr[data-unit="${unit}"] td.proposal`);

test('the K04 2024 leader records the vote on the last certificate place, finalises, files the summary and the draft decision; the admin records the decision', async ({
	page,
	browser
}) => {
	test.setTimeout(240_000);
	const errors = watchErrors(page);

	// --- The admin: the sample's catalogue and K04 2024, reopened to review, its scores, its leader.
	await signIn(page, EMPTY_ADMIN.username, EMPTY_ADMIN.password);
	await upload(page, CATALOGUE, 'criteria.csv');
	await page.goto(BLOC, { waitUntil: 'networkidle' });
	await page.locator('#reopen-to').selectOption('review');
	await page.locator('#reopen-reason').fill('Nạp điểm và bỏ phiếu kín chọn Bằng khen');
	await page.locator('button[data-kind="reopen"]').click();
	await expect(page.locator('#stage [role="status"]')).toBeVisible();
	await upload(page, [k04Scores()], 'diem_K04_2024.csv');

	await page.goto('/admin/accounts/new', { waitUntil: 'networkidle' });
	await page.locator('input[name="username"]').fill(LEADER.username);
	await page
		.locator('input[name="displayName"]')
		.fill('Sở Tài nguyên và Môi trường (Trưởng khối K04 năm 2024)');
	await page.locator('input[name="passwordMode"][value="typed"]').check();
	await page.locator('input[name="password"]').fill(LEADER.password);
	await page.locator('input[name="mustChange"]').uncheck();
	await page.locator('select[name="role"]').selectOption('bloc_leader');
	await page.locator('select[name="bloc"]').selectOption('K04');
	await page.locator('select[name="year"]').selectOption('2024');
	await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
	await expect(page.getByText(`Đã tạo tài khoản ${LEADER.username}.`)).toBeVisible();
	expect(errors).toEqual([]);

	// --- The leader, in another browser.
	const context = await browser.newContext({ baseURL: EMPTY_URL });
	const leader = await context.newPage();
	const leaderErrors = watchErrors(leader);
	await signIn(leader, LEADER.username, LEADER.password);
	await leader.goto(BLOC, { waitUntil: 'networkidle' });

	// The tie: SO01 and SO07 need a vote; SO02 (913) is proposed outright above them.
	await expect(proposalOf(leader, 'SO01')).toContainText('cần bỏ phiếu');
	await expect(proposalOf(leader, 'SO07')).toContainText('cần bỏ phiếu');
	await expect(proposalOf(leader, 'SO02')).not.toContainText('cần bỏ phiếu');
	const vote = leader.locator('#vote [data-vote-kind="certificate"]');
	await expect(vote.locator('h4')).toHaveText('Bằng khen: bỏ phiếu chọn 1 trong 2 đơn vị đồng hạng');
	await expect(vote.locator('[data-vote-state="needed"]')).toBeVisible();

	// Finalising before the vote is refused, saying why.
	const finalise = async () => {
		await leader.locator('#stage input[name="confirm"]').check();
		await leader.locator('#stage button[data-to="finalised"]').click();
	};
	await finalise();
	await expect(leader.locator('#stage [role="alert"]')).toContainText(
		'Chưa thể chốt: Bằng khen còn 2 đơn vị đồng hạng ở suất cuối cần bỏ phiếu kín'
	);

	// The ballot with a mistake: more votes for Sở Xây dựng than members present; told, nothing recorded.
	await vote.getByLabel('Ngày bỏ phiếu (dd/mm/yyyy)').fill('05/12/2024');
	await vote.getByLabel(/^Số thành viên có mặt/).fill('9');
	await vote.getByLabel('Số phiếu: Sở Kế hoạch và Đầu tư').fill('3');
	await vote.getByLabel('Số phiếu: Sở Xây dựng').fill('12');
	await vote.getByLabel('Được chọn: Sở Xây dựng').check();
	await vote.getByRole('button', { name: 'Ghi kết quả bỏ phiếu' }).click();
	const problems = leader.locator('#vote [role="alert"]');
	await expect(problems).toContainText('Số phiếu của Sở Xây dựng: 12 phiếu, nhiều hơn 9 thành viên có mặt.');
	await expect(vote.locator('[data-vote-state="needed"]')).toBeVisible();
	await leader.setViewportSize({ width: 1366, height: 900 });
	await vote.screenshot({ path: `${SCREENS}/ballot-refused.png` });

	// Corrected (the form kept what was typed): recorded; the proposals follow the vote.
	await vote.getByLabel('Số phiếu: Sở Xây dựng').fill('6');
	await vote.getByRole('button', { name: 'Ghi kết quả bỏ phiếu' }).click();
	await expect(leader.locator('#vote [role="status"]')).toHaveText('Đã ghi kết quả bỏ phiếu Bằng khen.');
	await expect(vote.locator('[data-vote-state="applied"]')).toHaveText(
		'Đã bỏ phiếu ngày 05/12/2024; đề nghị theo kết quả bỏ phiếu.'
	);
	await expect(proposalOf(leader, 'SO07')).toContainText('Đề nghị Bằng khen');
	await expect(proposalOf(leader, 'SO07')).toContainText('theo bỏ phiếu');
	await expect(proposalOf(leader, 'SO01')).not.toContainText('Đề nghị');
	await expect(leader.locator('table.ranking')).not.toContainText('cần bỏ phiếu');
	await leader.locator('#vote').screenshot({ path: `${SCREENS}/ballot-recorded.png` });

	// The printout: SO07 among the certificates, the ballot's minutes line.
	await leader.goto(`${BLOC}/report?place=S%C6%A1n%20H%C3%A0&date=06/12/2024`, { waitUntil: 'networkidle' });
	const certificates = leader.locator('[data-proposal="certificate"] [data-outright]');
	await expect(certificates).toHaveAttribute('data-outright', 'SO02 SO07');
	await expect(leader.locator('[data-minutes="certificate"]')).toHaveText(
		'Kết quả bỏ phiếu kín ngày 05/12/2024: 9/10 thành viên có mặt, Sở Xây dựng 6 phiếu, Sở Kế hoạch và Đầu tư 3 phiếu; đề nghị Bằng khen (1 suất): Sở Xây dựng.'
	);
	await leader.emulateMedia({ media: 'print' });
	await leader.pdf({ path: `${SCREENS}/report-after-vote.pdf`, format: 'A4', landscape: true });
	await leader.emulateMedia({ media: 'screen' });

	// Finalised with the vote's outcome.
	await leader.goto(BLOC, { waitUntil: 'networkidle' });
	await finalise();
	await expect(leader.locator('#stage [role="status"]')).toContainText('Đã chốt kết quả');
	await expect(proposalOf(leader, 'SO07')).toContainText('Đề nghị Bằng khen');
	// A finalised bloc: nobody records or clears a vote any more.
	await expect(leader.locator('#vote form')).toHaveCount(0);
	await expect(vote.locator('[data-vote-state="applied"]')).toBeVisible();

	// --- The Excel summary, from the printout's link: the layout, numbers as numbers, the
	// proposals as the ballot decided them and its minutes line.
	await leader.goto(`${BLOC}/report?place=S%C6%A1n%20H%C3%A0&date=06/12/2024`, { waitUntil: 'networkidle' });
	const [xlsx] = await Promise.all([
		leader.waitForEvent('download'),
		leader.getByRole('link', { name: 'Tải bảng tổng hợp dạng Excel (.xlsx)' }).click()
	]);
	expect(xlsx.suggestedFilename()).toBe('bang-tong-hop-K04-2024.xlsx');
	const [sheet] = await readWorkbook(readFileSync((await xlsx.path())!));
	const data = sheet!.data;
	const cells = data.flat();
	expect(data[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
	expect(cells).toContain('BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA');
	expect(cells).not.toContain('DỰ THẢO');
	const unitRow = (name: string) =>
		data.find((r) => r.some((v) => typeof v === 'string' && v.startsWith(name)))!;
	for (const [name, proposed] of [
		['Sở Xây dựng', true],
		['Sở Kế hoạch và Đầu tư', false]
	] as const) {
		const row = unitRow(name);
		expect(typeof row[0], `${name}: rank`).toBe('number');
		expect(row, `${name}: total`).toContain(903.5);
		expect(String(row.at(-1) ?? ''), `${name}: proposal`).toBe(proposed ? 'Đề nghị Bằng khen' : '');
	}
	expect(cells).toContain('Sơn Hà, ngày 06 tháng 12 năm 2024');
	expect(cells).toContain(
		'Kết quả bỏ phiếu kín ngày 05/12/2024: 9/10 thành viên có mặt, Sở Xây dựng 6 phiếu, Sở Kế hoạch và Đầu tư 3 phiếu; đề nghị Bằng khen (1 suất): Sở Xây dựng.'
	);

	// --- The draft decision, from the finalised bloc's decision page: the collectives it lists.
	await leader.goto(BLOC, { waitUntil: 'networkidle' });
	await leader.locator('[data-decision-link]').click();
	await expect(leader).toHaveURL(/\/blocs\/K04\/2024\/decision$/);
	const listed = (await leader.locator('table.collectives tbody th').allTextContents()).map((u) => u.trim());
	expect(listed).toContain('Sở Xây dựng');
	expect(listed).not.toContain('Sở Kế hoạch và Đầu tư');
	const form = leader.locator('form[data-doc="decision"]');
	await form.getByLabel('Số, ký hiệu', { exact: true }).fill(DECISION);
	await form.getByLabel('Ngày ban hành (dd/mm/yyyy)').fill('20/12/2024');
	const [docx] = await Promise.all([
		leader.waitForEvent('download'),
		leader.getByRole('button', { name: 'Tải dự thảo Quyết định (.docx)' }).click()
	]);
	const text = new PizZip(readFileSync((await docx.path())!))
		.file('word/document.xml')!
		.asText()
		.replace(/<[^>]+>/g, '');
	expect(text).toContain(`Số: ${DECISION}`);
	for (const u of listed) expect(text).toContain(u);
	expect(text).not.toContain('Sở Kế hoạch và Đầu tư');
	await leader.screenshot({ path: `${SCREENS}/decision-page.png`, fullPage: true });
	expect(leaderErrors).toEqual([]);
	await context.close();

	// --- The admin enters the decision's number and date: the award balance counts its awards.
	const counted = async () => {
		await page.goto('/awards?year=2024', { waitUntil: 'networkidle' });
		const table = page.locator('table[data-table="by-award"]');
		if ((await table.count()) === 0) return 0;
		const headers = await table.locator('thead th').allTextContents();
		const col = headers.findIndex((h) => h.trim() === 'Tập thể');
		let sum = 0;
		for (const row of await table.locator('tbody tr').all())
			sum +=
				Number(((await row.locator('th, td').nth(col).textContent()) ?? '').replace(/\./g, '').trim()) || 0;
		return sum;
	};
	const before = await counted();
	await page.goto(`${BLOC}/decision`, { waitUntil: 'networkidle' });
	await page.getByLabel('Số quyết định').fill(DECISION);
	await page.getByLabel('Ngày quyết định (dd/mm/yyyy)').fill('20/12/2024');
	await page.getByRole('button', { name: 'Ghi quyết định và khen thưởng' }).click();
	await expect(page.locator('p.notice.ok[role="status"]')).toContainText(
		`Đã ghi ${listed.length} khen thưởng`
	);
	expect(await counted()).toBe(before + listed.length);
	await page.screenshot({ path: `${SCREENS}/awards-2024-counted.png`, fullPage: true });
	expect(errors).toEqual([]);
});
