/**
 * Issue 13 on a real DuckDB file: who reviews the bloc leader's own unit (the council's setting,
 * migration 008, enforced by saveSheet inside its transaction), and the optional reason of a
 * manual change of bloc scores (stored with the audit rows of that save, shown in the history
 * timeline with its source, and in the CSV's «Lý do» column).
 *
 * Data: tests/fixtures/small, bloc K01 in 2024. Members XA01 (leader), XA02 (deputy), XA03, PH01.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlocYear, Principal } from '../../src/lib/domain/policy';
import { translator } from '../../src/lib/i18n';
import { deputyReviewsLeaderUnit, setDeputyReviewsLeaderUnit } from '../../src/lib/server/admin/settings';
import { historyCsv, unitHistory, unitHistoryPage } from '../../src/lib/server/audit';
import type { Database } from '../../src/lib/server/db';
import { importFiles, importPaths } from '../../src/lib/server/import';
import { commitUpload } from '../../src/lib/server/import/upload';
import { loadSheet, saveSheet, type SaveResult } from '../../src/lib/server/scoring/sheet';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

const leader: Principal = {
	userId: 11,
	username: 'tk.k01',
	displayName: 'Xã Tân Lập (Trưởng khối)',
	grants: [{ role: 'bloc_leader', blocCode: 'K01', year: 2024 }]
};
const deputy: Principal = {
	userId: 12,
	username: 'pk.k01',
	displayName: 'Xã Đồng Tâm (Phó khối)',
	grants: [{ role: 'bloc_deputy', blocCode: 'K01', year: 2024 }]
};
const admin: Principal = {
	userId: 1,
	username: 'admin',
	displayName: 'Quản trị',
	grants: [{ role: 'admin' }]
};
const REVIEW: BlocYear = { blocCode: 'K01', year: 2024, stage: 'review' };

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;

beforeEach(async () => {
	env = await tempDatabase();
	db = env.db;
	expect((await importPaths(db, ['tests/fixtures/small'])).committed).toBe(true);
	await db.run("UPDATE pledge SET stage = 'review' WHERE year = 2024 AND bloc_code = 'K01'");
});
afterEach(() => env.cleanup());

async function review(user: Principal, unit: string, value: string, reason: string | null = null) {
	const { version } = await loadSheet(db, REVIEW, unit);
	return saveSheet(db, user, REVIEW, unit, 'review', version, [{ criterionCode: 'TC01', value }], reason);
}

const status = (r: SaveResult) => (r.status === 'refused' ? `refused:${r.reason}` : r.status);

describe('the bloc leader’s own unit', () => {
	it('is the bloc’s leader unit; by default the leader reviews it, and so does the deputy', async () => {
		const sheet = await loadSheet(db, REVIEW, 'XA01');
		expect(sheet.rule).toEqual({ leaderUnit: 'XA01', deputyReviews: false });
		expect(await deputyReviewsLeaderUnit(db)).toBe(false);
		expect(status(await review(leader, 'XA01', '30'))).toBe('saved');
		expect(status(await review(deputy, 'XA01', '31'))).toBe('saved');
	});

	it('with the council’s setting on: the leader is refused with its own message and nothing is written; the deputy saves', async () => {
		expect(await setDeputyReviewsLeaderUnit(db, admin, true)).toBe(true);
		expect(await deputyReviewsLeaderUnit(db)).toBe(true);
		expect((await loadSheet(db, REVIEW, 'XA01')).rule).toEqual({ leaderUnit: 'XA01', deputyReviews: true });

		const before = await contentDigest(db);
		const refused = await review(leader, 'XA01', '30', 'Tự chấm lại');
		expect(status(refused)).toBe('refused:ownUnit');
		expect(refused.status === 'refused' && refused.message).toBe(
			'Không lưu được: hội đồng quy định phó khối chấm đơn vị của trưởng khối; trưởng khối không sửa điểm khối chấm của đơn vị mình (giai đoạn «Khối chấm, kiểm tra chéo»).'
		);
		expect(await contentDigest(db)).toBe(before);

		// Other units as before; the deputy and an admin review the leader's unit.
		expect(status(await review(leader, 'XA03', '33'))).toBe('saved');
		expect(status(await review(deputy, 'XA01', '29'))).toBe('saved');
		expect(status(await review(admin, 'XA01', '28'))).toBe('saved');

		// Turned off again: the leader may.
		expect(await setDeputyReviewsLeaderUnit(db, admin, false)).toBe(true);
		expect(status(await review(leader, 'XA01', '27'))).toBe('saved');
	});

	it('with the setting on, the leader cannot change the own unit’s bloc scores by a file either; other units and the deputy can', async () => {
		const stored = new Map(
			(
				await db.all<{ unit: string; self: number | null; note: string | null }>(
					`SELECT unit_code AS unit, CAST(self_score AS DOUBLE) AS self, note FROM score
					 WHERE year = 2024 AND bloc_code = 'K01' AND criterion_code = 'TC01'`
				)
			).map((r) => [r.unit, r])
		);
		// the stored self-score and note kept: the file changes the bloc score only
		const file = (unit: string, value: number) => ({
			name: `diem-${unit}.csv`,
			content: new TextEncoder().encode(
				`year,bloc_code,unit_code,criterion_code,self_score,reviewed_score,note\n2024,K01,${unit},TC01,${stored.get(unit)?.self ?? ''},${value},${stored.get(unit)?.note ?? ''}\n`
			)
		});
		// setting off: the leader's file for the own unit passes
		const first = await commitUpload(db, leader, [file('XA01', 30)]);
		expect(first.summary.committed, JSON.stringify(first.issues)).toBe(true);
		await setDeputyReviewsLeaderUnit(db, admin, true);
		const before = await contentDigest(db);
		const refused = await commitUpload(db, leader, [file('XA01', 31)]);
		expect(refused.summary.committed).toBe(false);
		expect(refused.issues.map((i) => i.message).join('\n')).toMatch(
			/không có quyền thay đổi điểm khối chấm của đơn vị XA01 \(khối K01 năm 2024\): hội đồng quy định Phó khối chấm đơn vị của Trưởng khối/
		);
		expect(await contentDigest(db)).toBe(before);
		// the same file, unchanged (the value stored): nothing to refuse
		expect((await commitUpload(db, leader, [file('XA01', 30)])).summary.committed).toBe(true);
		expect((await commitUpload(db, leader, [file('XA03', 33)])).summary.committed).toBe(true);
		expect((await commitUpload(db, deputy, [file('XA01', 29)])).summary.committed).toBe(true);
	});

	it('only an admin changes the setting; each change is in the audit trail', async () => {
		const before = await contentDigest(db);
		for (const p of [leader, deputy]) expect(await setDeputyReviewsLeaderUnit(db, p, true)).toBe(false);
		expect(await contentDigest(db)).toBe(before);
		expect(await deputyReviewsLeaderUnit(db)).toBe(false);
		await setDeputyReviewsLeaderUnit(db, admin, true);
		await setDeputyReviewsLeaderUnit(db, admin, true); // no change: no second row
		const rows = await db.all<{ username: string; old: string; new: string }>(
			`SELECT username, old_value AS old, new_value AS new FROM audit_log WHERE action = 'setting' ORDER BY id`
		);
		expect(rows).toEqual([{ username: 'admin', old: 'false', new: 'true' }]);
	});
});

describe('the reason of a manual change of bloc scores', () => {
	it('goes with every audit row of the save, and the timeline shows it with the source', async () => {
		const { version } = await loadSheet(db, REVIEW, 'XA03');
		const r = await saveSheet(
			db,
			leader,
			REVIEW,
			'XA03',
			'review',
			version,
			[
				{ criterionCode: 'TC01', value: '34', note: 'Biên bản\nkiểm tra' },
				{ criterionCode: 'TC02', value: '18' }
			],
			'  Theo biên bản kiểm tra   ngày 12/11 '
		);
		expect(status(r)).toBe('saved');
		const rows = await db.all<{ action: string; reason: string | null }>(
			`SELECT action, reason FROM audit_log WHERE username = 'tk.k01' ORDER BY id`
		);
		expect(rows.map((x) => x.reason)).toEqual(Array(rows.length).fill('Theo biên bản kiểm tra ngày 12/11'));
		expect(rows.map((x) => x.action).sort()).toEqual(['score.note', 'score.review', 'score.review']);

		const page = await unitHistoryPage(db, REVIEW, 'XA03', '', translator('vi'));
		const mine = page.entries.filter((e) => e.username === 'tk.k01');
		expect(mine).toHaveLength(3);
		for (const e of mine) {
			expect(e.source).toEqual({ kind: 'sheet' });
			expect(e.note).toBe('Theo biên bản kiểm tra ngày 12/11');
		}
		// Newest first: the save comes before everything the import wrote.
		expect(page.entries.slice(0, 3).map((e) => e.username)).toEqual(['tk.k01', 'tk.k01', 'tk.k01']);
		// What the import wrote: its file as the source, the reason not repeated.
		const imported = page.entries.filter((e) => e.source.kind === 'file');
		expect(imported.length).toBeGreaterThan(0);
		for (const e of imported) expect(e.note).toBe('');
		// The CSV keeps its columns; the reason is in «Lý do».
		const csv = historyCsv(await unitHistory(db, REVIEW, 'XA03'));
		expect(csv.split('\r\n')[0]).toBe(
			'\uFEFFThời điểm,Tài khoản,Người thực hiện,Nội dung thay đổi,Mã tiêu chí,Tiêu chí,Giá trị cũ,Giá trị mới,Lý do'
		);
		expect(csv).toContain(',Theo biên bản kiểm tra ngày 12/11\r\n');
	});

	it('is filtered with its criterion, and a file replacing a value shows the file as source', async () => {
		await review(leader, 'XA03', '34', 'Sửa theo đoàn kiểm tra');
		const enc = (text: string) => new TextEncoder().encode(text);
		const r = await importFiles(
			db,
			[
				{
					name: 'diem_khoi_bo_sung.csv',
					content: enc(
						'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú\n2024,K01,XA03,TC02,"19,5",17,'
					)
				}
			],
			{ source: 'upload', username: 'tk.k01', userId: 11 }
		);
		expect(r.committed, JSON.stringify(r.issues)).toBe(true);
		const page = await unitHistoryPage(db, REVIEW, 'XA03', 'TC01', translator('vi'));
		expect(page.criterion).toBe('TC01');
		expect(new Set(page.entries.map((e) => e.criterionCode))).toEqual(new Set(['TC01']));
		expect(page.entries[0]).toMatchObject({ note: 'Sửa theo đoàn kiểm tra', source: { kind: 'sheet' } });
		const tc02 = await unitHistoryPage(db, REVIEW, 'XA03', 'TC02', translator('en'));
		expect(tc02.entries[0]).toMatchObject({
			action: 'score.review',
			newValue: '17',
			source: { kind: 'file', file: 'diem_khoi_bo_sung.csv' },
			note: ''
		});
	});

	it('is refused when too long (nothing written) and not kept with self-scores', async () => {
		const before = await contentDigest(db);
		const long = await review(leader, 'XA03', '34', 'x'.repeat(501));
		expect(long).toEqual({ status: 'reasonTooLong', length: 501, limit: 500 });
		expect(await contentDigest(db)).toBe(before);
		await db.run("UPDATE pledge SET stage = 'self_scoring' WHERE year = 2024 AND bloc_code = 'K01'");
		const self: BlocYear = { ...REVIEW, stage: 'self_scoring' };
		const officer: Principal = {
			userId: 13,
			username: 'xa03',
			displayName: 'Cán bộ',
			grants: [{ role: 'unit_officer', unitCode: 'XA03' }]
		};
		const { version } = await loadSheet(db, self, 'XA03');
		const r = await saveSheet(
			db,
			officer,
			self,
			'XA03',
			'self',
			version,
			[{ criterionCode: 'TC01', value: '36' }],
			'lý do'
		);
		expect(status(r)).toBe('saved');
		const [row] = await db.all<{ reason: string | null }>(
			"SELECT reason FROM audit_log WHERE username = 'xa03' ORDER BY id DESC LIMIT 1"
		);
		expect(row?.reason).toBeNull();
	});
});
