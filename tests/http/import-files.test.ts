/**
 * Files as careless offices and other programs write them, uploaded to the BUILT app through the
 * /upload page's form actions (check, then commit) as the sample admin, on K04 2025 (in review):
 * each reproduction of issue 11's parsing holes gets the safe answer. What is stored is read back
 * through the bloc's scores download, as an office would see it.
 */
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	formulasWithoutValues,
	hiddenFirstSheet,
	textFormulaWithoutValue,
	twoRowHeader
} from '../fixtures/bad/workbooks';
import { startApp, type RunningApp } from '../helpers/app-server';

let app: RunningApp;
let admin = '';

beforeAll(async () => {
	app = await startApp();
	admin = await app.login('admin');
}, 150_000);

afterAll(async () => {
	await app?.stop();
}, 30_000);

const HEADER = 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú';
const csv = (lines: string[]) => new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
const corpus = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/bad/${name}`));

interface Checked {
	status: number;
	html: string;
	token: string;
	/** The error report the page offers, as rows of [severity, file, row, column, field, value, reason]. */
	issues: string[][];
	/** Added, replaced, unchanged rows of the scores table, from the change summary. */
	counts: number[] | null;
}

/** The check step: uploads one file through the form, nothing is written. */
async function check(name: string, content: Uint8Array): Promise<Checked> {
	const form = new FormData();
	form.append('files', new Blob([new Uint8Array(content)]), name);
	form.append('blocYear', '');
	form.append('scoreField', '');
	const res = await app.request('/upload?/check', {
		method: 'POST',
		cookie: admin,
		headers: { origin: app.base, accept: 'text/html' },
		body: form
	});
	const html = await res.text();
	const token = /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
	expect(token, html.slice(0, 2000)).not.toBe('');
	const report = await app.request(`/upload/issues/${token}`, { cookie: admin });
	expect(report.status).toBe(200);
	const issues = Papa.parse<string[]>((await report.text()).replace(/^\uFEFF/, ''), {
		skipEmptyLines: true
	}).data.slice(1);
	const row = /<tr data-table="scores">([\s\S]*?)<\/tr>/.exec(html)?.[1];
	const counts = row
		? [...row.matchAll(/<td class="num[^"]*">([^<]*)<\/td>/g)]
				.slice(1)
				.map((m) => Number(m[1]!.replace(/\./g, '')))
		: null;
	return { status: res.status, html, token, issues, counts };
}

/** The commit step of a checked upload. */
async function commit(token: string): Promise<{ status: number; html: string }> {
	const form = new FormData();
	form.append('token', token);
	form.append('blocYear', '');
	form.append('scoreField', '');
	const res = await app.request('/upload?/commit', {
		method: 'POST',
		cookie: admin,
		headers: { origin: app.base, accept: 'text/html' },
		body: form
	});
	return { status: res.status, html: await res.text() };
}

/** Checks and commits a file that must have no error. */
async function upload(name: string, content: Uint8Array) {
	const c = await check(name, content);
	expect(
		c.issues.filter((i) => i[0] === 'Lỗi'),
		name
	).toEqual([]);
	const done = await commit(c.token);
	expect(done.status, name).toBe(200);
	expect(done.html).toContain('data-committed');
}

/** A K04 2025 row of the scores download: self-score, bloc score and note as the file shows them. */
async function stored(unit: string, criterion: string) {
	const res = await app.request('/blocs/K04/2025/export/scores.csv', { cookie: admin });
	expect(res.status).toBe(200);
	const rows = Papa.parse<Record<string, string>>((await res.text()).replace(/^\uFEFF/, ''), {
		header: true,
		skipEmptyLines: true
	}).data;
	const r = rows.find((x) => x['Mã đơn vị'] === unit && x['Mã tiêu chí'] === criterion)!;
	return { self: r['Điểm tự chấm'], reviewed: r['Điểm khối chấm'], note: r['Ghi chú'] };
}

const errorsOf = (c: Checked) => c.issues.filter((i) => i[0] === 'Lỗi');

describe('uploading files as Excel and offices write them', () => {
	it('a short row (5 of 7 columns) is refused with the missing columns named; 24,5 and the note stay', async () => {
		await upload('diem.csv', csv([HEADER, '2025,K04,SO03,I.1,"24,5","24,5",Biên bản kiểm tra số 7']));
		expect(await stored('SO03', 'I.1')).toEqual({
			self: '24,5',
			reviewed: '24,5',
			note: 'Biên bản kiểm tra số 7'
		});

		const c = await check('short-row.csv', corpus('short-row.csv'));
		expect(c.html).toContain('dòng chỉ có 5 ô nhưng tiêu đề có 7 cột');
		expect(errorsOf(c)).toEqual([
			[
				'Lỗi',
				'short-row.csv',
				'2',
				'F "Điểm khối chấm", G "Ghi chú"',
				'',
				'',
				'dòng chỉ có 5 ô nhưng tiêu đề có 7 cột: thiếu ô của cột F "Điểm khối chấm" (reviewed_score), G "Ghi chú" (note); ô bị thiếu không được hiểu là ô trống: để xóa một giá trị, hãy giữ đủ dấu phân cách và để trống ô đó'
			]
		]);
		// Even a commit forced past the disabled button writes nothing.
		expect((await commit(c.token)).status).toBe(422);
		expect(await stored('SO03', 'I.1')).toEqual({
			self: '24,5',
			reviewed: '24,5',
			note: 'Biên bản kiểm tra số 7'
		});
	});

	it('a no-break space inside 2 9 is refused like the space of 1 000, each with the character named', async () => {
		const before = await stored('SO09', 'I.1');
		const c = await check('space-in-number.csv', corpus('space-in-number.csv'));
		expect(errorsOf(c).map((i) => [i[2], i[3], i[6]])).toEqual([
			['2', 'E "Điểm tự chấm"', expect.stringMatching(/^"2\u00a09" có U\+00A0 \(dấu cách không ngắt dòng/)],
			['3', 'E "Điểm tự chấm"', expect.stringMatching(/^"1 000" có U\+0020 \(dấu cách\) giữa các chữ số/)]
		]);
		expect((await commit(c.token)).status).toBe(422);
		expect(await stored('SO09', 'I.1')).toEqual(before);
	});

	it('a zero-width space inside a code is refused, named; at the edges it is trimmed, and NFD text is stored NFC', async () => {
		const c = await check('invisible-in-code.csv', corpus('invisible-in-code.csv'));
		expect(errorsOf(c).map((i) => [i[2], i[3], i[6]])).toEqual([
			['2', 'C "Mã đơn vị"', expect.stringMatching(/chứa ký tự vô hình U\+200B .* ở vị trí 3/)]
		]);
		await upload('nfd-and-edges.csv', corpus('nfd-and-edges.csv'));
		const row = await stored('SO23', 'I.1');
		expect(row).toEqual({ self: '28', reviewed: '27,5', note: 'Nguyễn Thị Hồng đã kiểm tra minh chứng' });
		expect(row.note).toBe(row.note!.normalize('NFC'));
	});

	it("Excel's sep=; line is understood", async () => {
		await upload('sep-line.csv', corpus('sep-line.csv'));
		expect(await stored('SO22', 'I.1')).toEqual({ self: '26,5', reviewed: '26', note: 'Đã rà soát' });
	});

	it('the scores downloaded as CSV and Excel, with notes starting with = and -, upload back with 0 changes', async () => {
		await upload(
			'ghi-chu.csv',
			csv([
				HEADER,
				'2025,K04,SO24,I.1,"27,5",27,"=HYPERLINK(""http://vi-du.invalid"",""Bấm vào đây"")"',
				'2025,K04,SO24,I.2,36,34,-Đã hoàn thành'
			])
		);
		expect((await stored('SO24', 'I.2')).note).toBe("'-Đã hoàn thành"); // as the download writes it
		for (const file of ['scores.csv', 'scores.xlsx']) {
			const res = await app.request(`/blocs/K04/2025/export/${file}`, { cookie: admin });
			expect(res.status).toBe(200);
			const c = await check(`diem-K04-2025.${file.split('.')[1]}`, new Uint8Array(await res.arrayBuffer()));
			expect(errorsOf(c), file).toEqual([]);
			const [added, replaced, unchanged] = c.counts ?? [];
			expect([added, replaced], file).toEqual([0, 0]);
			expect(unchanged, file).toBeGreaterThan(100);
			expect(c.html).toContain('Không có gì thay đổi so với dữ liệu đang có.');
		}
	});

	it('a workbook whose formulas have no saved values is refused with that reason, not "no data"', async () => {
		for (const [make, column] of [
			[formulasWithoutValues, 'E "Điểm tự chấm"'],
			[textFormulaWithoutValue, 'G "Ghi chú"']
		] as const) {
			const c = await check('scores.xlsx', await make());
			expect(c.html).not.toContain('tệp chỉ có dòng tiêu đề');
			expect(errorsOf(c)[0]).toEqual([
				'Lỗi',
				'scores.xlsx',
				'2',
				column,
				expect.any(String),
				'',
				expect.stringMatching(/^ô có công thức nhưng chưa có giá trị đã tính .*Paste Values/)
			]);
			expect((await commit(c.token)).status).toBe(422);
		}
	});

	it('the first visible sheet is read, not a hidden one', async () => {
		const c = await check('scores.xlsx', await hiddenFirstSheet());
		expect(c.html).toContain('Excel (.xlsx), trang tính «Điểm»');
		expect(errorsOf(c)).toEqual([]);
		expect(await commit(c.token)).toMatchObject({ status: 200 });
		expect(await stored('SO22', 'I.2')).toEqual({ self: '39', reviewed: '39,5', note: '' });
	});

	it('a wide sheet with a two-row header (group names merged above the codes) is read', async () => {
		const self = (await stored('SO10', 'I.1')).self;
		const c = await check('bang-diem.xlsx', await twoRowHeader());
		expect(errorsOf(c)).toEqual([]);
		expect(c.counts).toEqual([0, 3, 0]);
		expect((await commit(c.token)).status).toBe(200);
		expect(await stored('SO10', 'I.1')).toEqual({ self, reviewed: '26', note: '' });
		expect((await stored('SO10', 'I.2')).reviewed).toBe('32');
		expect((await stored('SO10', 'II.1')).reviewed).toBe('45');
	});
});
