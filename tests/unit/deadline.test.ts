/**
 * Deadlines in Vietnam time (issue 14, part 6): the pure rules of domain/deadline.ts, the
 * officer's write:self around the deadline in the policy, and the sheet's read-only reason.
 */
import { describe, expect, it } from 'vitest';
import {
	byUrgency,
	checkDeadlines,
	daysLeft,
	daysLeftText,
	deadlineEnd,
	deadlineText,
	deadlineView,
	isPast,
	selfWindow,
	vietnamDate
} from '../../src/lib/domain/deadline';
import { can, type BlocYear, type Grant, type Principal } from '../../src/lib/domain/policy';
import { sheetAccess } from '../../src/lib/domain/sheet';
import { t, translator } from '../../src/lib/i18n';
import { presentChange } from '../../src/lib/server/home/present';
import type { RecentChange } from '../../src/lib/server/home';

const at = (iso: string) => Date.parse(iso);

describe('Vietnam-time deadlines', () => {
	it('gives the calendar date in Vietnam, which starts at 17:00 UTC the day before', () => {
		expect(vietnamDate(at('2025-12-14T16:59:59.999Z'))).toBe('2025-12-14');
		expect(vietnamDate(at('2025-12-14T17:00:00Z'))).toBe('2025-12-15');
		expect(vietnamDate(at('2025-12-15T16:59:59.999Z'))).toBe('2025-12-15');
		expect(vietnamDate(at('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
	});

	it('holds a deadline of 15/12/2025 until 23:59:59 that day in Vietnam, not a millisecond longer', () => {
		expect(deadlineEnd('2025-12-15')).toBe(at('2025-12-15T17:00:00Z'));
		expect(isPast('2025-12-15', at('2025-12-15T16:59:59.999Z'))).toBe(false);
		expect(isPast('2025-12-15', at('2025-12-15T17:00:00Z'))).toBe(true);
		// 23:00 UTC on the 15th is already 06:00 on the 16th in Vietnam.
		expect(isPast('2025-12-15', at('2025-12-15T23:00:00Z'))).toBe(true);
		// 01:00 in Vietnam on the 15th is still the 14th in UTC.
		expect(isPast('2025-12-15', at('2025-12-14T18:00:00Z'))).toBe(false);
	});

	it('counts days left in Vietnamese calendar days around midnight UTC+7', () => {
		expect(daysLeft('2025-12-15', at('2025-12-12T05:00:00Z'))).toBe(3);
		// 16:59 UTC on the 11th is 23:59 on the 11th in Vietnam: 4 days; a minute later, the 12th: 3.
		expect(daysLeft('2025-12-15', at('2025-12-11T16:59:00Z'))).toBe(4);
		expect(daysLeft('2025-12-15', at('2025-12-11T17:00:00Z'))).toBe(3);
		expect(daysLeft('2025-12-15', at('2025-12-14T17:00:00Z'))).toBe(0);
		expect(daysLeft('2025-12-15', at('2025-12-15T16:59:59Z'))).toBe(0);
		expect(daysLeft('2025-12-15', at('2025-12-15T17:00:00Z'))).toBe(-1);
		expect(daysLeft('2025-12-15', at('2025-12-17T03:00:00Z'))).toBe(-2);
		// Across a month and a year.
		expect(daysLeft('2026-01-02', at('2025-12-30T20:00:00Z'))).toBe(2);
	});

	it('writes the days left in Vietnamese and English', () => {
		const vi = t('vi');
		const en = t('en');
		const view = (now: string) => deadlineView('2025-12-15', at(now));
		expect(deadlineText(vi, view('2025-12-12T05:00:00Z'))).toBe('15/12/2025 — còn 3 ngày');
		expect(deadlineText(vi, view('2025-12-15T05:00:00Z'))).toBe('15/12/2025 — hôm nay là ngày cuối');
		expect(deadlineText(vi, view('2025-12-17T05:00:00Z'))).toBe('15/12/2025 — đã quá hạn 2 ngày');
		expect(daysLeftText(en, view('2025-12-14T05:00:00Z'))).toBe('1 day left');
		expect(daysLeftText(en, view('2025-12-17T05:00:00Z'))).toBe('2 days overdue');
		expect(view('2025-12-15T05:00:00Z').past).toBe(false);
		expect(view('2025-12-16T05:00:00Z').past).toBe(true);
	});

	it('opens a unit’s window until the later of the bloc’s deadline and its extension', () => {
		const now = at('2025-12-17T03:00:00Z'); // 17/12 in Vietnam
		expect(selfWindow(null, null, now)).toEqual({
			until: null,
			deadline: null,
			extended: false,
			afterDeadline: false
		});
		expect(selfWindow('2025-12-15', null, now)).toMatchObject({ until: '2025-12-15', afterDeadline: true });
		expect(selfWindow('2025-12-15', '2025-12-20', now)).toEqual({
			until: '2025-12-20',
			deadline: '2025-12-15',
			extended: true,
			afterDeadline: false
		});
		// An extension not later than the deadline extends nothing.
		expect(selfWindow('2025-12-15', '2025-12-10', now)).toMatchObject({
			extended: false,
			afterDeadline: true
		});
		// The extension's last day holds until its midnight too.
		expect(selfWindow('2025-12-15', '2025-12-17', at('2025-12-17T16:59:59Z')).afterDeadline).toBe(false);
		expect(selfWindow('2025-12-15', '2025-12-17', at('2025-12-17T17:00:00Z')).afterDeadline).toBe(true);
	});

	it('reads dd/mm/yyyy and the date input’s ISO, and keeps the review deadline after self-scoring', () => {
		expect(checkDeadlines({ selfUntil: '15/12/2025', reviewUntil: '2025-12-20' })).toEqual({
			deadlines: { selfUntil: '2025-12-15', reviewUntil: '2025-12-20' },
			problems: []
		});
		expect(checkDeadlines({ selfUntil: ' ', reviewUntil: '' }).deadlines).toEqual({
			selfUntil: null,
			reviewUntil: null
		});
		expect(checkDeadlines({ selfUntil: '15/12/2025', reviewUntil: '15/12/2025' }).problems).toEqual([]);
		expect(checkDeadlines({ selfUntil: '15/12/2025', reviewUntil: '14/12/2025' }).problems).toEqual([
			{ field: 'reviewUntil', kind: 'beforeSelf', selfUntil: '2025-12-15', reviewUntil: '2025-12-14' }
		]);
		const bad = checkDeadlines({ selfUntil: '31/02/2025', reviewUntil: 'mai' }).problems;
		expect(bad.map((p) => [p.field, p.kind])).toEqual([
			['selfUntil', 'invalid'],
			['reviewUntil', 'invalid']
		]);
	});

	it('orders tasks by urgency: the most overdue or nearest first, those without a deadline last', () => {
		const now = at('2025-12-12T05:00:00Z');
		const tasks = [
			{ id: 'none', d: null },
			{ id: 'far', d: '2025-12-30' },
			{ id: 'overdue', d: '2025-12-10' },
			{ id: 'near', d: '2025-12-13' },
			{ id: 'none2', d: null }
		];
		expect(byUrgency(tasks, (x) => (x.d ? deadlineView(x.d, now) : null)).map((x) => x.id)).toEqual([
			'overdue',
			'near',
			'far',
			'none',
			'none2'
		]);
	});
});

const who = (...grants: Grant[]): Principal => ({ userId: 1, username: 'u', displayName: 'U', grants });
const officer = who({ role: 'unit_officer', unitCode: 'A2' });
const admin = who({ role: 'admin' });
const leader = who({ role: 'bloc_leader', blocCode: 'A', year: 2025 });
const A = (stage: BlocYear['stage']): BlocYear => ({ blocCode: 'A', year: 2025, stage });

describe('the self-scoring deadline in the policy', () => {
	const write = (p: Principal, afterDeadline: boolean, stage: BlocYear['stage'] = 'self_scoring') =>
		can(p, { kind: 'write:self', bloc: A(stage), unitCode: 'A2', afterDeadline });

	it('closes the unit officer’s self-scores after the deadline, not an admin’s', () => {
		// Before the deadline (or with an extension still open: the server says afterDeadline false).
		expect(write(officer, false)).toBe(true);
		expect(write(officer, true)).toBe(false);
		expect(write(admin, true)).toBe(true);
		// Neither opens another stage.
		expect(write(officer, false, 'review')).toBe(false);
		expect(write(admin, false, 'review')).toBe(false);
	});

	it('lets the admin, the bloc’s leader and deputy set deadlines and extend, until finalised', () => {
		const deputy = who({ role: 'bloc_deputy', blocCode: 'A', year: 2025 });
		const otherLeader = who({ role: 'bloc_leader', blocCode: 'B', year: 2025 });
		const lastYear = who({ role: 'bloc_leader', blocCode: 'A', year: 2024 });
		const analyst = who({ role: 'analyst' });
		for (const stage of ['open', 'self_scoring', 'review'] as const) {
			const set = (p: Principal | null) => can(p, { kind: 'deadline:set', bloc: A(stage) });
			const extend = (p: Principal | null) =>
				can(p, { kind: 'deadline:extend', bloc: A(stage), unitCode: 'A2' });
			expect([admin, leader, deputy].map(set)).toEqual([true, true, true]);
			expect([admin, leader, deputy].map(extend)).toEqual([true, true, true]);
			expect([otherLeader, lastYear, analyst, officer, null].map(set)).toEqual([
				false,
				false,
				false,
				false,
				false
			]);
			expect([otherLeader, lastYear, analyst, officer, null].map(extend)).toEqual([
				false,
				false,
				false,
				false,
				false
			]);
		}
		expect(can(admin, { kind: 'deadline:set', bloc: A('finalised') })).toBe(false);
		expect(can(leader, { kind: 'deadline:extend', bloc: A('finalised'), unitCode: 'A2' })).toBe(false);
	});

	it('makes the officer’s sheet read-only with its own reason after the deadline', () => {
		const rule = { leaderUnit: null, deputyReviews: false };
		expect(sheetAccess(officer, A('self_scoring'), 'A2', rule, false).side).toBe('self');
		expect(sheetAccess(officer, A('self_scoring'), 'A2', rule, true)).toEqual({
			side: null,
			reason: 'afterDeadline',
			ownUnit: false
		});
		expect(sheetAccess(admin, A('self_scoring'), 'A2', rule, true).side).toBe('self');
		// The leader reads self-scores as before (not the officer: no deadline reason).
		expect(sheetAccess(leader, A('self_scoring'), 'A2', rule, true).reason).toBe('selfScoringLeader');
	});
});

describe('deadlines in the latest changes', () => {
	const tr = translator('vi');
	const row = (c: Partial<RecentChange>): RecentChange => ({
		id: 1,
		changedAt: Date.UTC(2025, 11, 1, 1, 0),
		username: 'truongkhoi.k05',
		displayName: 'Trưởng khối K05',
		action: 'deadline.set',
		year: 2025,
		blocCode: 'K05',
		blocName: 'Khối K05',
		unitCode: null,
		unitName: null,
		criterionCode: 'self_until',
		oldValue: null,
		newValue: '2025-12-15',
		fileName: null,
		tableName: null,
		rows: null,
		...c
	});

	it('name the deadline and write its dates vi-VN; the stage moved at the deadline is the system’s', () => {
		const set = presentChange(row({}), tr);
		expect([set.what, set.criterionCode, set.oldValue, set.newValue]).toEqual([
			'Thời hạn',
			'Hạn tự chấm',
			'',
			'15/12/2025'
		]);
		expect(presentChange(row({ criterionCode: 'review_until' }), tr).criterionCode).toBe('Hạn khối chấm');
		const ext = presentChange(
			row({
				action: 'deadline.extend',
				criterionCode: null,
				unitName: 'Sở Y tế',
				oldValue: '2025-12-15',
				newValue: '2025-12-18'
			}),
			tr
		);
		expect([ext.what, ext.unitName, ext.oldValue, ext.newValue]).toEqual([
			'Gia hạn tự chấm',
			'Sở Y tế',
			'15/12/2025',
			'18/12/2025'
		]);
		const auto = presentChange(
			row({
				action: 'stage',
				username: 'system:deadline',
				displayName: null,
				criterionCode: null,
				oldValue: 'self_scoring',
				newValue: 'review'
			}),
			tr
		);
		expect([auto.who, auto.newValue]).toEqual([
			'Hệ thống (tự chuyển khi hết hạn)',
			'Khối chấm, kiểm tra chéo'
		]);
	});
});

describe('council settings in the latest changes', () => {
	const tr = translator('vi');
	const row = (c: Partial<RecentChange>): RecentChange => ({
		id: 2,
		changedAt: Date.UTC(2025, 11, 1, 2, 0),
		username: 'admin',
		displayName: 'Quản trị',
		action: 'setting',
		year: null,
		blocCode: null,
		blocName: null,
		unitCode: null,
		unitName: null,
		criterionCode: 'tier_good_pct',
		oldValue: '82.5',
		newValue: '85',
		fileName: null,
		tableName: null,
		rows: null,
		...c
	});

	it('name the setting and write its values as the settings page does (vi-VN numbers, on/off, tiers)', () => {
		const line = presentChange(row({}), tr);
		expect([line.what, line.criterionCode, line.oldValue, line.newValue]).toEqual([
			'Cài đặt của hội đồng',
			'Ngưỡng Tốt (%)',
			'82,5',
			'85'
		]);
		const flag = presentChange(
			row({ criterionCode: 'flag_min_tier', oldValue: 'good', newValue: 'excellent' }),
			tr
		);
		expect([flag.oldValue, flag.newValue]).toEqual(['Tốt', 'Xuất sắc']);
		const on = presentChange(
			row({ criterionCode: 'rule_setting:R1.enabled', oldValue: 'false', newValue: 'true' }),
			tr
		);
		expect([on.criterionCode, on.oldValue, on.newValue]).toEqual(['R1 (Áp dụng)', 'Tắt', 'Bật']);
		expect(presentChange(row({ oldValue: '1000', newValue: null }), tr).oldValue).toBe('1.000');
	});
});
