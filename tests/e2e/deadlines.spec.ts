/**
 * Deadlines in the browser (issue 14, part 6), on the sample province: K05 2025 is in
 * self-scoring (K04, in review, has no self-scores left to write). Its leader sets a
 * self-scoring deadline of yesterday on the bloc page's stage panel; the officer of SO13 sees
 * its home task and sheet overdue and read-only, and a save it sends anyway is refused with the
 * deadline and who to ask; the leader extends SO13 and the officer saves. The deadlines are
 * cleared at the end, so the other specs find the sample as it was. Screenshots go to
 * test-results/screens/deadlines (not committed).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { vietnamDate } from '../../src/lib/domain/deadline';
import { signIn, watchErrors } from './session';

const SCREENS = 'test-results/screens/deadlines';
mkdirSync(SCREENS, { recursive: true });

const DAY = 86_400_000;
/** A day from today in Vietnam, as dd/mm/yyyy. */
const dmy = (days: number) =>
	vietnamDate(Date.now() + days * DAY)
		.split('-')
		.reverse()
		.join('/');
const BLOC = '/blocs/K05/2025';
const SHEET = '/blocs/K05/2025/units/SO13';

async function screens(page: Page, name: string) {
	for (const size of [
		{ width: 1366, height: 768 },
		{ width: 390, height: 844 }
	]) {
		await page.setViewportSize(size);
		await page.screenshot({ path: `${SCREENS}/${name}-${size.width}x${size.height}.png`, fullPage: false });
	}
	await page.setViewportSize({ width: 1366, height: 900 });
}

async function asUser(browser: Browser, username: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	const errors = watchErrors(page);
	await signIn(page, username);
	return { context, page, errors };
}

test('the leader closes self-scoring with a deadline, the officer is read-only until the leader extends it', async ({
	browser,
	baseURL
}) => {
	const leader = await asUser(browser, 'truongkhoi.k05');
	const officer = await asUser(browser, 'so13');

	// The leader sets a self-scoring deadline of yesterday (and a review deadline in a week).
	await leader.page.goto(`${BLOC}#deadlines`);
	const panel = leader.page.locator('#deadlines');
	await panel.getByLabel('Hạn khối chấm', { exact: true }).fill('01/01/2000');
	await panel.getByLabel('Hạn tự chấm', { exact: true }).fill(dmy(-1));
	await panel.getByRole('button', { name: 'Lưu thời hạn' }).click();
	// A review deadline before self-scoring is refused, saying so; nothing saved.
	await expect(panel.getByRole('alert')).toContainText('không được trước hạn tự chấm');
	await expect(panel.locator('[data-deadline="self"]')).toContainText('chưa đặt');
	await panel.getByLabel('Hạn khối chấm', { exact: true }).fill(dmy(7));
	await panel.getByLabel('Hạn tự chấm', { exact: true }).fill(dmy(-1));
	await panel.getByRole('button', { name: 'Lưu thời hạn' }).click();
	await expect(panel.getByRole('status')).toContainText('Đã lưu thời hạn.');
	await expect(panel.locator('[data-deadline="self"]')).toHaveText(`${dmy(-1)} — đã quá hạn 1 ngày`);
	await expect(panel.locator('[data-deadline="review"]')).toHaveText(`${dmy(7)} — còn 7 ngày`);
	await screens(leader.page, 'bloc-panel');

	// The officer's home: the task overdue; the sheet read-only, with the deadline.
	await officer.page.goto('/');
	const card = officer.page.locator('[data-sheet="SO13"]');
	await expect(card).toContainText(`${dmy(-1)} — đã quá hạn 1 ngày`);
	await expect(card).toContainText('Đã quá hạn tự chấm của đơn vị');
	await screens(officer.page, 'home-overdue');
	await officer.page.goto(SHEET);
	await expect(officer.page.locator('[data-readonly="afterDeadline"]')).toContainText(
		'Muốn sửa, hãy đề nghị Trưởng khối hoặc Phó khối gia hạn'
	);
	await expect(officer.page.locator('[data-sheet-deadline] [data-deadline="self"]')).toContainText(
		`Hạn tự chấm: ${dmy(-1)} — đã quá hạn 1 ngày`
	);
	await expect(officer.page.getByRole('button', { name: 'Lưu điểm tự chấm' })).toHaveCount(0);
	await screens(officer.page, 'sheet-overdue');

	// A save sent anyway (an old tab, a script) is refused with the deadline and who to ask.
	const version = (await officer.page.locator('[data-version]').textContent())?.trim() ?? '0';
	const criterion = await officer.page.locator('tr[data-criterion]').first().getAttribute('data-criterion');
	const refused = await officer.page.request.post(`${SHEET}?/self`, {
		form: { version, [`value.${criterion}`]: '5' },
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(refused.status(), (await refused.text()).slice(0, 3000)).toBe(403);
	expect(await refused.text()).toContain(
		`Không lưu được: đã quá hạn tự chấm (${dmy(-1)}), phiếu chấm chỉ còn để xem. Muốn sửa, hãy đề nghị Trưởng khối hoặc Phó khối`
	);

	// The leader extends SO13 for two days, with a reason.
	await leader.page.reload();
	await panel.getByLabel('Đơn vị', { exact: true }).selectOption('SO13');
	await panel.getByLabel('Gia hạn đến ngày').fill(dmy(2));
	await panel.getByLabel('Lý do (bắt buộc)').fill('Đơn vị mất điện ngày cuối');
	await panel.getByRole('button', { name: 'Gia hạn cho đơn vị' }).click();
	await expect(panel.getByRole('status').last()).toContainText(`đến ${dmy(2)}`);
	await expect(panel.locator('[data-extension="SO13"]')).toContainText('Đơn vị mất điện ngày cuối');
	await expect(panel.locator('[data-extension="SO13"]')).toContainText('còn 2 ngày');

	// The officer saves again.
	await officer.page.goto(SHEET);
	await expect(officer.page.locator('[data-extended]')).toContainText(`Đơn vị được gia hạn đến ${dmy(2)}`);
	await officer.page.locator(`tr[data-criterion="${criterion}"] input`).first().fill('5');
	await officer.page.getByRole('button', { name: 'Lưu điểm tự chấm' }).click();
	await expect(officer.page.locator('[data-saved]')).toContainText('Đã lưu 1 thay đổi');
	await screens(officer.page, 'sheet-extended');

	// Cleared: the sample as it was for the other specs (no deadline: the extension opens nothing).
	await leader.page.reload();
	await panel.getByLabel('Hạn tự chấm', { exact: true }).fill('');
	await panel.getByLabel('Hạn khối chấm', { exact: true }).fill('');
	await panel.getByRole('button', { name: 'Lưu thời hạn' }).click();
	await expect(panel.locator('[data-deadline="self"]')).toContainText('chưa đặt');

	expect([...leader.errors, ...officer.errors]).toEqual([]);
	await leader.context.close();
	await officer.context.close();
});
