/**
 * What an upload leaves on the server's disk is bounded, through the upload page's real actions
 * on the sample province: the stored error report keeps the first issues of each kind (a check
 * of a file wrong on every row once stored 68 MB of them) and says it was shortened; each
 * account has UPLOAD_ACCOUNT_MB of room for its waiting uploads, its oldest ones making way, one
 * upload at a time; a folder a crash left half-written is ignored, then removed.
 */
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
	statSync,
	utimesSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import { loadPrincipal } from '../../src/lib/server/auth/users';
import { getDatabase, type Database } from '../../src/lib/server/db';
import { importPaths } from '../../src/lib/server/import';
import { loadSampleAccounts } from '../../src/lib/server/import/sample';
import { openStaged, sweepStaged, waitingUploads } from '../../src/lib/server/import/staging';
import { GET as issuesGet } from '../../src/routes/upload/issues/[token]/+server';
import { actions, type UploadState } from '../../src/routes/upload/+page.server';
import { contentDigest } from '../helpers/snapshot';

const dir = mkdtempSync(join(tmpdir(), 'ktd-upload-limits-'));
const uploads = join(dir, 'uploads');
process.env.DATABASE_PATH = join(dir, 'app.duckdb');
process.env.UPLOAD_DIR = uploads;
let db: Database;
const who: Record<string, Principal> = {};

beforeAll(async () => {
	db = await getDatabase();
	expect((await importPaths(db, ['data/sample'])).committed).toBe(true);
	await loadSampleAccounts(db, 'data/sample');
	for (const u of ['phantich', 'truongkhoi.k04']) {
		const [row] = await db.all<{ id: number }>('SELECT user_id AS id FROM app_user WHERE username = $1', [u]);
		who[u] = (await loadPrincipal(db, row!.id))!;
	}
});
afterAll(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
	delete process.env.UPLOAD_ACCOUNT_MB;
});

function event(path: string, user: Principal, params: Record<string, string>, init?: RequestInit) {
	const url = new URL(`http://127.0.0.1${path}`);
	return {
		params,
		url,
		locals: { user, lang: 'vi' as const },
		request: new Request(url, init),
		route: { id: null },
		cookies: { get: () => undefined }
	} as never;
}

/** The check action with `files`, as the page posts it; its answer (or its refusal's). */
async function check(user: string, files: File[]): Promise<UploadState & { status?: number }> {
	const form = new FormData();
	for (const f of files) form.append('files', f);
	const r = (await actions.check!(
		event('/upload?/check', who[user]!, {}, { method: 'POST', body: form })
	)) as UploadState | { status: number; data: UploadState };
	return 'data' in r ? { ...r.data, status: r.status } : r;
}

async function status(run: () => unknown): Promise<number> {
	try {
		await run();
		return 200;
	} catch (e) {
		return (e as { status?: number }).status ?? 500;
	}
}

const MB = 1024 * 1024;
/** A CSV file of `bytes` that the check reads (and refuses: it is no table of the product). */
const filler = (name: string, bytes: number) =>
	new File([`Ho va ten,Ghi chu\n${'Nguyen Van An,x\n'.repeat(Math.ceil(bytes / 16))}`.slice(0, bytes)], name);

describe('the stored error report', () => {
	it('keeps the first 1,000 issues of each kind with the counts, says so, and stays small', async () => {
		// 3,000 rows of units that do not exist, and 5 rows of a criterion that does not exist.
		const rows = ['Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm'];
		for (let i = 1; i <= 3000; i++) rows.push(`2025,K05,XX${String(i).padStart(5, '0')},I.1,10`);
		for (let i = 1; i <= 5; i++) rows.push(`2025,K05,SO11,Z.${i},10`);
		const before = await contentDigest(db);
		const r = await check('phantich', [new File([rows.join('\n')], 'scores.csv')]);
		expect(r.step).toBe('checked');
		const total = r.check!.summary.errors + r.check!.summary.warnings;
		expect(total).toBeGreaterThanOrEqual(3005);
		expect(r.report).toEqual({ kept: total - (3000 - 1000), total, perKind: 1000 });

		const res = await issuesGet(event('/upload/issues/x', who['phantich']!, { token: r.token! }));
		const lines = (await res.text()).split('\r\n');
		const unknown = lines.filter((l) => /,không có đơn vị mã XX\d{5}$/.test(l));
		expect(unknown).toHaveLength(1000);
		// The first ones, in order.
		expect(unknown[0]).toContain(',2,');
		expect(unknown[999]).toContain(',1001,');
		expect(lines.filter((l) => l.includes('Z.'))).toHaveLength(5);
		expect(lines).toContain(
			`"Báo cáo đã rút gọn: giữ ${r.report!.kept.toLocaleString('vi-VN')} trên tổng số ${total.toLocaleString('vi-VN')} mục; mỗi loại lỗi giữ tối đa 1.000 mục đầu tiên. Số mục của từng loại bị rút gọn:"`
		);
		const kind = lines.find((l) =>
			l.includes('3.000 mục cùng loại, báo cáo giữ 1.000 mục đầu. Ví dụ: không có đơn vị mã XX00001')
		);
		expect(kind).toMatch(/^Lỗi,scores\.csv,,"C ""Mã đơn vị""",/);
		const stored = statSync(join(uploads, r.token!, 'issues.json')).size;
		expect(stored).toBeLessThan(1000 * 400 + 50_000);
		expect(await contentDigest(db)).toBe(before);
	});

	it('a report within the limits is whole and says nothing more', async () => {
		const r = await check('phantich', [
			new File(['Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm\n2025,K05,XX1,I.1,10\n'], 'scores.csv')
		]);
		const total = r.check!.summary.errors + r.check!.summary.warnings;
		expect(total).toBeGreaterThan(0);
		expect(r.report).toEqual({ kept: total, total, perKind: 1000 });
		const text = await (
			await issuesGet(event('/upload/issues/x', who['phantich']!, { token: r.token! }))
		).text();
		expect(text).not.toContain('rút gọn');
	});
});

describe('room for waiting uploads, per account', () => {
	const used = async (user: string) =>
		(await waitingUploads(who[user]!.userId)).reduce((n, w) => n + w.bytes, 0);

	it('a new upload removes the account’s oldest waiting ones when it needs their room, not others’', async () => {
		process.env.UPLOAD_ACCOUNT_MB = '1';
		const leader = await check('truongkhoi.k04', [filler('khac.csv', 0.3 * MB)]);
		const first = await check('phantich', [filler('a.csv', 0.4 * MB)]);
		const second = await check('phantich', [filler('b.csv', 0.4 * MB)]);
		expect(await openStaged(who['phantich']!.userId, first.token)).not.toBeNull();
		const third = await check('phantich', [filler('c.csv', 0.4 * MB)]);
		expect(third.step).toBe('checked');
		expect(await openStaged(who['phantich']!.userId, first.token)).toBeNull();
		expect(await openStaged(who['phantich']!.userId, second.token)).not.toBeNull();
		expect(await openStaged(who['phantich']!.userId, third.token)).not.toBeNull();
		expect(await used('phantich')).toBeLessThanOrEqual(MB);
		// Its error report went with it; the other account's upload stays.
		expect(
			await status(() => issuesGet(event('/upload/issues/x', who['phantich']!, { token: first.token! })))
		).toBe(404);
		expect(await openStaged(who['truongkhoi.k04']!.userId, leader.token)).not.toBeNull();
	});

	it('an upload larger than the room alone is refused, saying why, and nothing is kept', async () => {
		process.env.UPLOAD_ACCOUNT_MB = '1';
		const before = await waitingUploads(who['phantich']!.userId);
		const r = await check('phantich', [filler('lon.csv', 1.2 * MB)]);
		expect(r.status).toBe(413);
		expect(r.message).toBe(
			'Tệp tải lên lớn hơn chỗ dành cho mỗi tài khoản trên máy chủ (1 MB): không có gì được ghi. Hãy tách tệp (ví dụ theo khối hoặc theo năm) rồi tải lên từng phần.'
		);
		expect(await waitingUploads(who['phantich']!.userId)).toEqual(before);
	});

	it('uploads of one account at once still fit its room, each answered', async () => {
		process.env.UPLOAD_ACCOUNT_MB = '1';
		const answers = await Promise.all(
			['p.csv', 'q.csv', 'r.csv', 's.csv', 't.csv'].map((n) => check('phantich', [filler(n, 0.3 * MB)]))
		);
		expect(answers.map((a) => a.step)).toEqual(['checked', 'checked', 'checked', 'checked', 'checked']);
		expect(await used('phantich')).toBeLessThanOrEqual(MB);
		expect((await waitingUploads(who['phantich']!.userId)).length).toBeGreaterThanOrEqual(3);
	});

	it('a folder a crash left without meta.json belongs to no one, and is removed after a quarter of an hour', async () => {
		const token = 'c'.repeat(32);
		const half = join(uploads, token);
		mkdirSync(half, { recursive: true });
		writeFileSync(join(half, '0.bin'), 'một nửa');
		expect(await openStaged(who['phantich']!.userId, token)).toBeNull();
		await sweepStaged();
		expect(existsSync(half)).toBe(true);
		const twentyMinutesAgo = new Date(Date.now() - 20 * 60_000);
		utimesSync(half, twentyMinutesAgo, twentyMinutesAgo);
		await sweepStaged();
		expect(existsSync(half)).toBe(false);
		// Complete uploads of the same age stay (they live six hours).
		const complete = readdirSync(uploads).filter((n) => /^[0-9a-f]{32}$/.test(n));
		for (const n of complete) utimesSync(join(uploads, n), twentyMinutesAgo, twentyMinutesAgo);
		await sweepStaged();
		expect(readdirSync(uploads).filter((n) => /^[0-9a-f]{32}$/.test(n))).toEqual(complete);
	});
});
