/**
 * Denial of service through uploads, against the BUILT app (build/start.js and its Excel worker,
 * build/xlsx-worker.js): a zip bomb renamed .xlsx once held the server for over a minute at
 * 1.9 GB while GET /login timed out for everyone else. Now, while hostile workbooks are checked,
 * other requests keep being answered, each workbook is refused with its reason, and the server's
 * peak memory (VmHWM of /proc/<pid>/status, the child's high-water mark) stays far below that.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app-server';
import {
	endlessSheet,
	plainWorkbook,
	repeatedPart,
	workbookParts,
	zipArchive,
	zipBombs
} from '../fixtures/bad/workbooks';

/** Generous: the server with the sample province loaded uses about a third of it. */
const PEAK_RSS_MB = 600;

let app: RunningApp;
/** The app's UPLOAD_DIR, to see what uploads leave on disk. */
const uploads = mkdtempSync(join(tmpdir(), 'ktd-dos-uploads-'));
let cookie = '';
let bombs: Awaited<ReturnType<typeof zipBombs>>;
/** Within every limit, but its 1.2 million shared strings keep the reader busy for a while. */
let large: Uint8Array;

beforeAll(async () => {
	app = await startApp({ BACKUP_AT: 'off', UPLOAD_DIR: uploads });
	cookie = await app.login('phantich');
	bombs = await zipBombs();
	const strings = await repeatedPart(
		'xl/sharedStrings.xml',
		'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
		'<si><t>x</t></si>',
		1_200_000,
		'</sst>'
	);
	large = zipArchive(
		workbookParts(
			'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
			strings
		)
	);
}, 150_000);

afterAll(async () => {
	await app?.stop();
	rmSync(uploads, { recursive: true, force: true });
}, 30_000);

/** Bytes under `dir`, every file of every folder. */
function bytesUnder(dir: string): number {
	return readdirSync(dir, { withFileTypes: true }).reduce(
		(n, e) => n + (e.isDirectory() ? bytesUnder(join(dir, e.name)) : statSync(join(dir, e.name)).size),
		0
	);
}

/** Peak resident memory of the server process so far, in MB. */
function peakRssMb(): number {
	const status = readFileSync(`/proc/${app.server.child.pid}/status`, 'utf8');
	const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]);
	expect(kb).toBeGreaterThan(0);
	return kb / 1024;
}

/** Uploads one file to the check step, as the upload page does without JavaScript. */
function upload(name: string, content: Uint8Array, seconds = 20) {
	const form = new FormData();
	form.set('files', new Blob([new Uint8Array(content)]), name);
	return app.request('/upload?/check', {
		method: 'POST',
		cookie,
		headers: { origin: app.base, accept: 'text/html' },
		body: form,
		signal: AbortSignal.timeout(seconds * 1000)
	});
}

/**
 * Sends `upload` and, until it is answered, GET /login one after another: every one must be
 * answered (each within the helper's request timeout). Returns the upload's page and the order
 * in which things were answered.
 */
async function uploadWhileOthersBrowse(name: string, content: Uint8Array) {
	const events: string[] = [];
	let uploading = true;
	const sent = upload(name, content).then(async (res) => {
		const html = await res.text();
		uploading = false;
		events.push('upload');
		return { status: res.status, html };
	});
	const logins: number[] = [];
	do {
		const res = await app.request('/login');
		await res.arrayBuffer();
		logins.push(res.status);
		if (uploading) events.push('login');
	} while (uploading);
	return { ...(await sent), logins, events };
}

describe('hostile workbooks uploaded to the built app', () => {
	it('a 430 KB zip bomb (300 MB inflated) is refused at once as a zip bomb; /login keeps answering', async () => {
		expect(bombs.honest.length).toBeLessThan(600 * 1024);
		expect(bombs.inflated).toBeGreaterThan(250 * 1024 * 1024);
		const r = await uploadWhileOthersBrowse('bang-diem.xlsx', bombs.honest);
		expect(r.status, app.server.log()).toBe(200);
		expect(r.html).toContain('bang-diem.xlsx');
		expect(r.html).toMatch(/nén [\d.]+ byte thành \d+ MB .*bom nén.*\(zip bomb\)/);
		expect(r.logins.length).toBeGreaterThan(0);
		expect(r.logins.every((s) => s === 200)).toBe(true);
		expect(peakRssMb()).toBeLessThan(PEAK_RSS_MB);
	});

	it('the same bomb with a directory that declares 1 KB: refused in the worker as soon as it inflates past that', async () => {
		const r = await uploadWhileOthersBrowse('bang-diem.xlsx', bombs.lying);
		expect(r.status, app.server.log()).toBe(200);
		expect(r.html).toContain('giải nén ra nhiều hơn 1.024 byte đã khai');
		expect(r.logins.every((s) => s === 200)).toBe(true);
		expect(peakRssMb()).toBeLessThan(PEAK_RSS_MB);
	});

	it('a 2 KB workbook with a value in XFD1048576 is refused for its cells, not read', async () => {
		const r = await uploadWhileOthersBrowse('bang-diem.xlsx', endlessSheet());
		expect(r.status, app.server.log()).toBe(200);
		expect(r.html).toMatch(/trang tính .Bảng điểm. của tệp Excel trải tới ô XFD1048576/);
		expect(r.logins.every((s) => s === 200)).toBe(true);
		expect(peakRssMb()).toBeLessThan(PEAK_RSS_MB);
	});

	it('a large workbook within the limits is read off the request thread: /login is answered meanwhile', async () => {
		const r = await uploadWhileOthersBrowse('bang-diem.xlsx', large);
		expect(r.status, app.server.log()).toBe(200);
		expect(r.html).toContain('Excel (.xlsx), trang tính «Bảng điểm»');
		// Pages were served while the workbook was being read, not after it.
		expect(r.events[0]).toBe('login');
		expect(r.logins.every((s) => s === 200)).toBe(true);
	});

	it('after all that, an ordinary workbook is still read (by the worker of build/xlsx-worker.js)', async () => {
		const r = await uploadWhileOthersBrowse('scores.xlsx', plainWorkbook());
		expect(r.status, app.server.log()).toBe(200);
		expect(r.html).toContain('Excel (.xlsx), trang tính «Bảng điểm»');
		expect(r.html).not.toContain('không đọc được tệp Excel');
		console.log(`Bộ nhớ đỉnh của máy chủ sau mọi tệp (VmHWM): ${Math.round(peakRssMb())} MB`);
	});
});

describe('a check of a file wrong on every row', () => {
	it('a 6 MB file with 240,000 wrong rows leaves little more than itself on disk, and the page says the report is shortened', async () => {
		const lines = ['Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm'];
		for (let i = 1; i <= 240_000; i++) lines.push(`2025,K05,XX${String(i).padStart(6, '0')},I.1,10`);
		const csv = new TextEncoder().encode(lines.join('\n'));
		expect(csv.length).toBeGreaterThan(5.5 * 1024 * 1024);
		const before = bytesUnder(uploads);
		const res = await upload('scores.csv', csv, 300);
		const html = await res.text();
		expect(res.status, app.server.log()).toBe(200);
		// Before: 68 MB of issues beside the 5.8 MB file. Now the file and at most 10,000 issues.
		const left = bytesUnder(uploads) - before;
		console.log(
			`Tệp ${(csv.length / 1048576).toFixed(1)} MB, để lại trên đĩa ${(left / 1048576).toFixed(1)} MB`
		);
		expect(left).toBeLessThan(csv.length + 5 * 1024 * 1024);
		const note = /<p[^>]*data-report-shortened[^>]*>([^<]*)</.exec(html)?.[1];
		expect(note).toMatch(/Báo cáo tải xuống được rút gọn: giữ 1\.000 trên tổng số 240\.000 mục/);
	}, 300_000);
});
