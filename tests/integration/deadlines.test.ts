/**
 * Deadlines of a bloc-year on a real DuckDB file (issue 14, part 6): the leader sets them, a
 * unit officer's save is refused after the self-scoring deadline (the clock is passed in), an
 * extension for the unit opens it again, every change is in the audit trail, refusals write
 * nothing, and the cached reads of the sheet and the home page see each change.
 *
 * Data: tests/fixtures/small, bloc K01 in 2024 (set to self-scoring). Members XA01 (leader),
 * XA02 (deputy), XA03, PH01.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlocYear, Principal } from '../../src/lib/domain/policy';
import type { Database } from '../../src/lib/server/db';
import { loadHome } from '../../src/lib/server/home';
import {
	advanceAtDeadlines,
	autoAdvanceAtDeadline,
	setAutoAdvanceAtDeadline
} from '../../src/lib/server/scoring/auto-advance';
import { getBlocYear } from '../../src/lib/server/scoring/stage';
import { unitHistory, blocHistory, presentEntry } from '../../src/lib/server/audit';
import { translator } from '../../src/lib/i18n';
import { importPaths } from '../../src/lib/server/import';
import { extendDeadline, getDeadlines, setDeadlines, windowOf } from '../../src/lib/server/scoring/deadline';
import { loadSheet, saveSheet, type SaveResult } from '../../src/lib/server/scoring/sheet';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

const leader: Principal = {
	userId: 11,
	username: 'tk.k01',
	displayName: 'Xã Tân Lập (Trưởng khối)',
	grants: [{ role: 'bloc_leader', blocCode: 'K01', year: 2024 }]
};
const officer: Principal = {
	userId: 13,
	username: 'xa03',
	displayName: 'Cán bộ XA03',
	grants: [{ role: 'unit_officer', unitCode: 'XA03' }]
};
const officer2: Principal = {
	userId: 14,
	username: 'ph01',
	displayName: 'Cán bộ PH01',
	grants: [{ role: 'unit_officer', unitCode: 'PH01' }]
};
const admin: Principal = {
	userId: 1,
	username: 'admin',
	displayName: 'Quản trị',
	grants: [{ role: 'admin' }]
};
const SELF: BlocYear = { blocCode: 'K01', year: 2024, stage: 'self_scoring' };

/** 14/12/2024 noon, 15/12 at 23:59:59 and 16/12 at 00:00 in Vietnam. */
const BEFORE = Date.parse('2024-12-14T05:00:00Z');
const LAST_SECOND = Date.parse('2024-12-15T16:59:59Z');
const AFTER = Date.parse('2024-12-15T17:00:00Z');

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;

beforeEach(async () => {
	env = await tempDatabase();
	db = env.db;
	expect((await importPaths(db, ['tests/fixtures/small'])).committed).toBe(true);
	await db.run("UPDATE pledge SET stage = 'self_scoring' WHERE year = 2024 AND bloc_code = 'K01'");
});
afterEach(() => env.cleanup());

let n = 0;
async function selfScore(user: Principal, unit: string, now: number): Promise<SaveResult> {
	const { version } = await loadSheet(db, SELF, unit);
	return saveSheet(
		db,
		user,
		SELF,
		unit,
		'self',
		version,
		[{ criterionCode: 'TC01', value: String(20 + ++n) }],
		null,
		now
	);
}
const status = (r: SaveResult) => (r.status === 'refused' ? `refused:${r.reason}` : r.status);

const auditOf = (action: string) =>
	db.all<{
		username: string;
		unit: string | null;
		field: string | null;
		old: string | null;
		new: string | null;
		reason: string | null;
	}>(
		`SELECT username, unit_code AS unit, criterion_code AS field, old_value AS old, new_value AS new, reason
		 FROM audit_log WHERE action = $1 ORDER BY id`,
		[action]
	);

describe('setting deadlines', () => {
	it('the leader sets them (dd/mm/yyyy or ISO), each changed field audited, cached reads see it', async () => {
		expect(await getDeadlines(db, 2024, 'K01')).toMatchObject({ selfUntil: null, reviewUntil: null });
		expect(
			await setDeadlines(db, leader, SELF, { selfUntil: '15/12/2024', reviewUntil: '2024-12-20' })
		).toEqual({
			ok: true,
			changed: 2
		});
		// The cached read was emptied by the write (it names the bloc-year's stage).
		expect(await getDeadlines(db, 2024, 'K01')).toMatchObject({
			selfUntil: '2024-12-15',
			reviewUntil: '2024-12-20',
			updatedBy: 'tk.k01'
		});
		expect(await auditOf('deadline.set')).toEqual([
			{ username: 'tk.k01', unit: null, field: 'self_until', old: null, new: '2024-12-15', reason: null },
			{ username: 'tk.k01', unit: null, field: 'review_until', old: null, new: '2024-12-20', reason: null }
		]);
		// Only the review deadline moves: one row; the same again: nothing.
		expect(
			await setDeadlines(db, leader, SELF, { selfUntil: '15/12/2024', reviewUntil: '22/12/2024' })
		).toEqual({
			ok: true,
			changed: 1
		});
		expect(
			await setDeadlines(db, leader, SELF, { selfUntil: '15/12/2024', reviewUntil: '22/12/2024' })
		).toEqual({
			ok: true,
			changed: 0
		});
		expect((await auditOf('deadline.set')).map((a) => [a.field, a.old, a.new])).toEqual([
			['self_until', null, '2024-12-15'],
			['review_until', null, '2024-12-20'],
			['review_until', '2024-12-20', '2024-12-22']
		]);
	});

	it('refuses a review deadline before self-scoring, a bad date, an officer and a finalised bloc, writing nothing', async () => {
		const before = await contentDigest(db);
		const bad = await setDeadlines(db, leader, SELF, { selfUntil: '15/12/2024', reviewUntil: '10/12/2024' });
		expect(bad).toMatchObject({ ok: false, refusal: 'invalid' });
		expect(bad.ok ? '' : bad.message).toBe(
			'Hạn khối chấm (10/12/2024) không được trước hạn tự chấm (15/12/2024).'
		);
		const invalid = await setDeadlines(db, leader, SELF, { selfUntil: '31/02/2024', reviewUntil: '' });
		expect(invalid.ok ? '' : invalid.message).toContain('Hạn tự chấm: "31/02/2024" không phải ngày có thật');
		expect(await setDeadlines(db, officer, SELF, { selfUntil: '15/12/2024', reviewUntil: '' })).toMatchObject(
			{
				ok: false,
				refusal: 'forbidden'
			}
		);
		// The stage read again in the transaction: finalised since the caller read it.
		await db.run("UPDATE pledge SET stage = 'finalised' WHERE year = 2024 AND bloc_code = 'K01'");
		const mid = await contentDigest(db);
		expect(await setDeadlines(db, admin, SELF, { selfUntil: '15/12/2024', reviewUntil: '' })).toMatchObject({
			ok: false,
			refusal: 'forbidden',
			message: 'Khối đã chốt kết quả: không đổi thời hạn được nữa.'
		});
		expect(await contentDigest(db)).toBe(mid);
		await db.run("UPDATE pledge SET stage = 'self_scoring' WHERE year = 2024 AND bloc_code = 'K01'");
		expect(await contentDigest(db)).toBe(before);
	});
});

describe('after the self-scoring deadline', () => {
	beforeEach(async () => {
		expect((await setDeadlines(db, leader, SELF, { selfUntil: '15/12/2024', reviewUntil: '' })).ok).toBe(
			true
		);
	});

	it('the officer saves until 23:59:59 of the day in Vietnam, then is refused with the deadline and who to ask', async () => {
		expect(status(await selfScore(officer, 'XA03', BEFORE))).toBe('saved');
		expect(status(await selfScore(officer, 'XA03', LAST_SECOND))).toBe('saved');
		const { version } = await loadSheet(db, SELF, 'XA03');
		const digest = await contentDigest(db);
		const refused = await selfScore(officer, 'XA03', AFTER);
		expect(refused).toMatchObject({ status: 'refused', reason: 'deadline', until: '2024-12-15' });
		expect(refused.status === 'refused' ? refused.message : '').toBe(
			'Không lưu được: đã quá hạn tự chấm (15/12/2024), phiếu chấm chỉ còn để xem. Muốn sửa, hãy đề nghị Trưởng khối hoặc Phó khối của «K01» gia hạn cho đơn vị.'
		);
		expect(await contentDigest(db)).toBe(digest);
		expect((await loadSheet(db, SELF, 'XA03')).version).toBe(version);
		// An admin is not held by the deadline.
		expect(status(await selfScore(admin, 'XA03', AFTER))).toBe('saved');
	});

	it('the leader extends it for one unit: that officer saves again, the others stay closed; audited', async () => {
		// Refusals first: no reason, a date not after the deadline, a date already past, no member.
		const digest = await contentDigest(db);
		const refusals = [
			await extendDeadline(db, leader, SELF, 'XA03', '20/12/2024', '  ', AFTER),
			await extendDeadline(db, leader, SELF, 'XA03', '15/12/2024', 'Mất điện', BEFORE),
			await extendDeadline(db, leader, SELF, 'XA03', '14/12/2024', 'Mất điện', BEFORE),
			await extendDeadline(db, leader, SELF, 'KHONGCO', '20/12/2024', 'Mất điện', AFTER),
			await extendDeadline(db, officer, SELF, 'XA03', '20/12/2024', 'Tự gia hạn', AFTER)
		];
		expect(refusals.map((r) => (r.ok ? 'ok' : r.message))).toEqual([
			'Cần ghi lý do gia hạn.',
			'Ngày gia hạn 15/12/2024 phải sau hạn tự chấm của khối (15/12/2024).',
			'Ngày gia hạn 14/12/2024 phải sau hạn tự chấm của khối (15/12/2024).',
			'Đơn vị «KHONGCO» không thuộc khối «K01» năm 2024.',
			'Tài khoản của bạn không có quyền xem hoặc thực hiện việc này.'
		]);
		expect(
			await extendDeadline(db, leader, SELF, 'XA03', '10/12/2024', 'Quá khứ', AFTER).then(
				(r) => !r.ok && r.message
			)
		).toBe('Ngày gia hạn 10/12/2024 đã qua: hãy chọn một ngày từ hôm nay trở đi.');
		expect(await contentDigest(db)).toBe(digest);

		expect(status(await selfScore(officer, 'XA03', AFTER))).toBe('refused:deadline');
		expect(
			await extendDeadline(db, leader, SELF, 'XA03', '18/12/2024', 'Mất điện ngày 15/12', AFTER)
		).toEqual({
			ok: true,
			changed: 1
		});
		expect(status(await selfScore(officer, 'XA03', AFTER))).toBe('saved');
		expect(status(await selfScore(officer2, 'PH01', AFTER))).toBe('refused:deadline');
		// The extension's last day ends at its midnight in Vietnam, too.
		const refused = await selfScore(officer, 'XA03', Date.parse('2024-12-18T17:00:00Z'));
		expect(refused).toMatchObject({ status: 'refused', reason: 'deadline', until: '2024-12-18' });
		expect(refused.status === 'refused' && refused.message).toContain('kể cả thời gian được gia hạn');
		// Extended again: old → new in the trail, with the reason.
		expect((await extendDeadline(db, leader, SELF, 'XA03', '2024-12-20', 'Thêm hai ngày', AFTER)).ok).toBe(
			true
		);
		expect(await auditOf('deadline.extend')).toEqual([
			{
				username: 'tk.k01',
				unit: 'XA03',
				field: null,
				old: null,
				new: '2024-12-18',
				reason: 'Mất điện ngày 15/12'
			},
			{
				username: 'tk.k01',
				unit: 'XA03',
				field: null,
				old: '2024-12-18',
				new: '2024-12-20',
				reason: 'Thêm hai ngày'
			}
		]);
		const d = await getDeadlines(db, 2024, 'K01');
		expect(d.extensions.map((e) => [e.unitCode, e.until, e.grantedBy, e.reason])).toEqual([
			['XA03', '2024-12-20', 'tk.k01', 'Thêm hai ngày']
		]);
		expect(windowOf(d, 'XA03', AFTER)).toMatchObject({
			until: '2024-12-20',
			extended: true,
			afterDeadline: false
		});
		expect(windowOf(d, 'PH01', AFTER)).toMatchObject({
			until: '2024-12-15',
			extended: false,
			afterDeadline: true
		});
	});

	it('the home page gives the officer the deadline with days left, and the sheet as read-only once past', async () => {
		// The home page shows the open year (2025): K01 2025 in self-scoring, XA03 its deputy unit.
		await db.run("UPDATE pledge SET stage = 'self_scoring' WHERE year = 2025 AND bloc_code = 'K01'");
		const SELF25: BlocYear = { ...SELF, year: 2025 };
		const leader25: Principal = { ...leader, grants: [{ role: 'bloc_leader', blocCode: 'K01', year: 2025 }] };
		expect((await loadHome(db, officer, BEFORE)).sheets[0]).toMatchObject({ deadline: null, writable: true });
		expect((await setDeadlines(db, leader25, SELF25, { selfUntil: '15/12/2025', reviewUntil: '' })).ok).toBe(
			true
		);
		const at = (iso: string) => Date.parse(iso);
		const before = await loadHome(db, officer, at('2025-12-12T05:00:00Z'));
		expect(before.sheets[0]).toMatchObject({
			unitCode: 'XA03',
			year: 2025,
			deadline: { date: '2025-12-15', daysLeft: 3, past: false },
			extended: false,
			writable: true
		});
		const after = await loadHome(db, officer, at('2025-12-17T05:00:00Z'));
		expect(after.sheets[0]).toMatchObject({ deadline: { daysLeft: -2, past: true }, writable: false });
		await extendDeadline(db, leader25, SELF25, 'XA03', '19/12/2025', 'Mất điện', at('2025-12-17T05:00:00Z'));
		expect((await loadHome(db, officer, at('2025-12-17T05:00:00Z'))).sheets[0]).toMatchObject({
			deadline: { date: '2025-12-19', daysLeft: 2, past: false },
			extended: true,
			writable: true
		});
		// The leader's task carries the deadline of the stage the bloc is in.
		const led = await loadHome(db, leader25, at('2025-12-12T05:00:00Z'));
		expect(led.ledBlocs[0]).toMatchObject({
			blocCode: 'K01',
			deadline: { kind: 'self', view: { date: '2025-12-15', daysLeft: 3 } }
		});
	});
});

describe('the stage by itself at the deadline (a council setting)', () => {
	it('is off by default: nothing moves; on, self-scoring moves to review once the deadline and every extension have passed', async () => {
		expect(await autoAdvanceAtDeadline(db)).toBe(false);
		expect((await setDeadlines(db, leader, SELF, { selfUntil: '15/12/2024', reviewUntil: '' })).ok).toBe(
			true
		);
		expect((await extendDeadline(db, leader, SELF, 'XA03', '17/12/2024', 'Mất điện', BEFORE)).ok).toBe(true);
		expect(await advanceAtDeadlines(db, AFTER)).toEqual([]);
		expect(await setAutoAdvanceAtDeadline(db, leader, true)).toBe(false);
		expect(await setAutoAdvanceAtDeadline(db, admin, true)).toBe(true);
		expect((await auditOf('setting')).map((a) => [a.username, a.field, a.old, a.new])).toEqual([
			['admin', 'auto_advance_at_deadline', 'false', 'true']
		]);
		// Past the bloc's deadline but not XA03's extension: stays in self-scoring.
		expect(await advanceAtDeadlines(db, AFTER)).toEqual([]);
		expect((await getBlocYear(db, 2024, 'K01'))?.stage).toBe('self_scoring');
		// The extension's day has ended in Vietnam: moved, once, audited as the system.
		const end = Date.parse('2024-12-17T17:00:00Z');
		expect(await advanceAtDeadlines(db, Date.parse('2024-12-17T16:59:59Z'))).toEqual([]);
		expect(await advanceAtDeadlines(db, end)).toEqual([{ year: 2024, blocCode: 'K01' }]);
		expect((await getBlocYear(db, 2024, 'K01'))?.stage).toBe('review');
		expect(await advanceAtDeadlines(db, end)).toEqual([]);
		const tr = translator('vi');
		const [line] = (await blocHistory(db, SELF)).map((e) => presentEntry(e, tr));
		expect(line).toMatchObject({
			who: 'Hệ thống (tự chuyển khi hết hạn)',
			oldValue: 'Đơn vị tự chấm',
			reason: 'Tự chuyển khi hết hạn tự chấm (17/12/2024), theo cài đặt của hội đồng'
		});
		// The extension is in the unit's history, with its reason and the dates written vi-VN.
		const ext = (await unitHistory(db, SELF, 'XA03')).filter((e) => e.action === 'deadline.extend');
		expect(ext.map((e) => presentEntry(e, tr))).toMatchObject([
			{ actionLabel: 'Gia hạn tự chấm', newValue: '17/12/2024', reason: 'Mất điện' }
		]);
	});
});
