import { describe, expect, it } from 'vitest';
import {
	can,
	leaderOwnUnit,
	type Action,
	type BlocYear,
	type Grant,
	type OwnUnitRule,
	type Principal,
	type Stage
} from '../../src/lib/domain/policy';

const who = (...grants: Grant[]): Principal => ({ userId: 1, username: 'u', displayName: 'U', grants });
const admin = who({ role: 'admin' });
const analyst = who({ role: 'analyst' });
const viewer = who({ role: 'viewer' });
const leaderA = who(
	{ role: 'bloc_leader', blocCode: 'A', year: 2025 },
	{ role: 'unit_officer', unitCode: 'A1' }
);
const deputyA = who({ role: 'bloc_deputy', blocCode: 'A', year: 2025 });
const leaderA2024 = who({ role: 'bloc_leader', blocCode: 'A', year: 2024 });
const officerA2 = who({ role: 'unit_officer', unitCode: 'A2' });
const nobody = who();

const A = (stage: Stage): BlocYear => ({ blocCode: 'A', year: 2025, stage });
const B = (stage: Stage): BlocYear => ({ blocCode: 'B', year: 2025, stage });
/** Bloc A's leader unit is A1 (leaderA's own unit); the council lets the leader review it. */
const R: OwnUnitRule = { leaderUnit: 'A1', deputyReviews: false };

describe('can', () => {
	it('refuses everything to nobody signed in and to an account without roles', () => {
		expect(can(null, { kind: 'read:dashboard' })).toBe(false);
		expect(can(nobody, { kind: 'read:dashboard' })).toBe(false);
		expect(can(nobody, { kind: 'read:bloc', bloc: A('finalised') })).toBe(false);
	});

	it('shows drafts only to admin, analyst and the bloc’s own leader and deputy of that year', () => {
		const draft: Action = { kind: 'read:bloc', bloc: A('review') };
		expect([admin, analyst, leaderA, deputyA].map((p) => can(p, draft))).toEqual([true, true, true, true]);
		expect([viewer, leaderA2024, officerA2].map((p) => can(p, draft))).toEqual([false, false, false]);
		expect(can(leaderA, { kind: 'read:bloc', bloc: B('review') })).toBe(false);
		expect([viewer, officerA2].map((p) => can(p, { kind: 'read:bloc', bloc: B('finalised') }))).toEqual([
			true,
			true
		]);
	});

	it('lets a unit officer write only their own unit’s self-scores, only while self-scoring is open', () => {
		expect(
			can(officerA2, { kind: 'write:self', bloc: A('self_scoring'), unitCode: 'A2', afterDeadline: false })
		).toBe(true);
		expect(
			can(officerA2, { kind: 'write:self', bloc: A('self_scoring'), unitCode: 'A1', afterDeadline: false })
		).toBe(false);
		for (const stage of ['open', 'review', 'finalised'] as const)
			expect(
				can(officerA2, { kind: 'write:self', bloc: A(stage), unitCode: 'A2', afterDeadline: false })
			).toBe(false);
		expect(can(officerA2, { kind: 'write:review', bloc: A('review'), unitCode: 'A2', rule: R })).toBe(false);
	});

	it('lets the bloc’s leader and deputy review during review only, and not another bloc', () => {
		const review = (p: Principal, bloc: BlocYear) =>
			can(p, { kind: 'write:review', bloc, unitCode: 'A2', rule: R });
		expect([review(leaderA, A('review')), review(deputyA, A('review'))]).toEqual([true, true]);
		expect([review(leaderA, A('self_scoring')), review(leaderA, A('finalised'))]).toEqual([false, false]);
		expect(review(leaderA, B('review'))).toBe(false);
		expect(review(leaderA2024, A('review'))).toBe(false);
		expect([review(viewer, A('review')), review(analyst, A('review'))]).toEqual([false, false]);
	});

	it('lets the leader review the leader’s own unit unless the council has the deputy review it', () => {
		const own = (p: Principal, unitCode: string, rule: OwnUnitRule) =>
			can(p, { kind: 'write:review', bloc: A('review'), unitCode, rule });
		const deputyReviews: OwnUnitRule = { ...R, deputyReviews: true };
		// Allowed by default (the page warns), both ways.
		expect([own(leaderA, 'A1', R), own(deputyA, 'A1', R)]).toEqual([true, true]);
		// With the setting on: not the leader, still the deputy and an admin; other units unchanged.
		expect([own(leaderA, 'A1', deputyReviews), own(deputyA, 'A1', deputyReviews)]).toEqual([false, true]);
		expect(own(admin, 'A1', deputyReviews)).toBe(true);
		expect(own(leaderA, 'A2', deputyReviews)).toBe(true);
		// The leader's own unit is also a unit the leader is the officer of, whatever the leader unit.
		expect(own(leaderA, 'A1', { leaderUnit: 'A3', deputyReviews: true })).toBe(false);
		expect(own(leaderA, 'A3', { leaderUnit: 'A3', deputyReviews: true })).toBe(false);
		// A leader of another year is no leader of this bloc-year: refused as before.
		expect(own(leaderA2024, 'A2', R)).toBe(false);
		// The setting never opens anything: outside review nobody reviews.
		expect(
			can(deputyA, { kind: 'write:review', bloc: A('finalised'), unitCode: 'A1', rule: deputyReviews })
		).toBe(false);
		expect(leaderOwnUnit(leaderA, A('review'), 'A1', R)).toBe(true);
		expect(leaderOwnUnit(deputyA, A('review'), 'A1', R)).toBe(false);
		expect(leaderOwnUnit(null, A('review'), 'A1', R)).toBe(false);
	});

	it('lets only an admin change the council’s settings', () => {
		expect(
			[admin, analyst, viewer, leaderA, deputyA, officerA2].map((p) => can(p, { kind: 'manage:settings' }))
		).toEqual([true, false, false, false, false, false]);
	});

	// Issue 14 part 4: a new year from the last one.
	it('lets only an admin create a year from another', () => {
		expect(
			[admin, analyst, viewer, leaderA, deputyA, officerA2].map((p) => can(p, { kind: 'manage:years' }))
		).toEqual([true, false, false, false, false, false]);
	});

	it('moves stages one step forward for the leader, and lets only an admin reopen a finalised bloc', () => {
		expect(can(leaderA, { kind: 'stage:advance', bloc: A('review'), to: 'finalised' })).toBe(true);
		expect(can(leaderA, { kind: 'stage:advance', bloc: A('open'), to: 'review' })).toBe(false); // skips a step
		expect(can(leaderA, { kind: 'stage:advance', bloc: B('review'), to: 'finalised' })).toBe(false);
		expect(can(leaderA, { kind: 'stage:reopen', bloc: A('finalised'), to: 'review' })).toBe(false);
		expect(can(admin, { kind: 'stage:reopen', bloc: A('finalised'), to: 'review' })).toBe(true);
		expect(can(leaderA, { kind: 'stage:reopen', bloc: A('review'), to: 'self_scoring' })).toBe(true);
		expect(can(admin, { kind: 'stage:advance', bloc: A('finalised'), to: 'finalised' })).toBe(false);
	});

	it('never lets anyone write into a finalised bloc, admin included', () => {
		for (const p of [admin, leaderA, officerA2]) {
			expect(can(p, { kind: 'write:self', bloc: A('finalised'), unitCode: 'A2', afterDeadline: false })).toBe(
				false
			);
			expect(can(p, { kind: 'write:review', bloc: A('finalised'), unitCode: 'A2', rule: R })).toBe(false);
		}
	});

	it('keeps import, user management and exports to their roles', () => {
		expect([admin, analyst, viewer, leaderA].map((p) => can(p, { kind: 'import' }))).toEqual([
			true,
			false,
			false,
			false
		]);
		expect([admin, analyst, viewer].map((p) => can(p, { kind: 'export' }))).toEqual([true, true, false]);
		expect([admin, analyst].map((p) => can(p, { kind: 'manage:users' }))).toEqual([true, false]);
		expect(
			[admin, analyst, viewer, leaderA, officerA2, nobody].map((p) => can(p, { kind: 'read:logins' }))
		).toEqual([true, false, false, false, false, false]);
	});

	it('keeps backups (every personal datum) to the admin alone', () => {
		const all = [admin, analyst, viewer, leaderA, deputyA, leaderA2024, officerA2, nobody];
		expect(all.map((p) => can(p, { kind: 'manage:backups' }))).toEqual([
			true,
			false,
			false,
			false,
			false,
			false,
			false,
			false
		]);
		expect(can(null, { kind: 'manage:backups' })).toBe(false);
	});

	it('shows award recipients by name to admin, analysts, leadership and the unit’s own officer only', () => {
		// Names, gender and ethnicity are personal data (Nghị định 13/2023): the bloc's leader and
		// deputy are "others" for every unit but the one they are the officer of (leaderA: A1).
		const names = (p: Principal | null, unitCode: string) =>
			can(p, { kind: 'read:award-recipients', unitCode });
		expect([admin, analyst, viewer].map((p) => names(p, 'A2'))).toEqual([true, true, true]);
		expect([officerA2, leaderA].map((p) => [names(p, 'A2'), names(p, 'A1')])).toEqual([
			[true, false], // the officer of A2: A2 only
			[false, true] // the leader of bloc A, officer of A1: A1 only, not the bloc's other units
		]);
		expect([deputyA, leaderA2024, nobody, null].map((p) => names(p, 'A2'))).toEqual([
			false,
			false,
			false,
			false
		]);
	});

	it('opens the upload page to admin, analysts (checking only) and bloc leaders and deputies', () => {
		expect(
			[admin, analyst, leaderA, deputyA, viewer, officerA2, nobody].map((p) => can(p, { kind: 'upload' }))
		).toEqual([true, true, true, true, false, false, false]);
	});

	it('lets a leader or deputy import only their bloc’s scores and notes during review; admin any open stage', () => {
		const imp = (p: Principal, bloc: BlocYear, field: 'self' | 'review' | 'note') =>
			can(p, { kind: 'import:bloc', bloc, field });
		// The leader and deputy: bloc scores and notes of their own bloc-year in review, nothing else.
		expect([imp(leaderA, A('review'), 'review'), imp(deputyA, A('review'), 'note')]).toEqual([true, true]);
		expect(imp(leaderA, A('review'), 'self')).toBe(false); // self-scores stay the units’
		expect(imp(leaderA, A('self_scoring'), 'review')).toBe(false);
		expect(imp(leaderA, B('review'), 'review')).toBe(false); // another bloc
		expect(imp(leaderA2024, A('review'), 'review')).toBe(false); // another year
		// Admin: every field at every stage but finalised; analysts and viewers never write.
		for (const stage of ['open', 'self_scoring', 'review'] as const)
			expect(imp(admin, A(stage), 'self') && imp(admin, A(stage), 'review')).toBe(true);
		for (const p of [admin, leaderA]) expect(imp(p, A('finalised'), 'review')).toBe(false);
		for (const p of [analyst, viewer, officerA2]) expect(imp(p, A('review'), 'review')).toBe(false);
		expect(imp(officerA2, A('self_scoring'), 'self')).toBe(false);
	});
});

// Issue 15 part 3: decisions from the proposals of finalised bloc-years.
describe('decisions', () => {
	const everyone = [admin, analyst, viewer, leaderA, deputyA, leaderA2024, officerA2, nobody];
	const allowed = (action: Action) => everyone.map((p) => can(p, action));
	it('the draft of a finalised bloc-year: admin, analysts, its leader and deputy; the council’s: admin and analysts', () => {
		expect(allowed({ kind: 'decision:draft', bloc: A('finalised') })).toEqual([
			true,
			true,
			false,
			true,
			true,
			false,
			false,
			false
		]);
		for (const stage of ['open', 'self_scoring', 'review'] as const)
			expect(allowed({ kind: 'decision:draft', bloc: A(stage) })).toEqual(everyone.map(() => false));
		expect(allowed({ kind: 'decision:draft', bloc: B('finalised') })).toEqual([
			true,
			true,
			false,
			false,
			false,
			false,
			false,
			false
		]);
		expect(allowed({ kind: 'decision:draft', bloc: null })).toEqual([
			true,
			true,
			false,
			false,
			false,
			false,
			false,
			false
		]);
	});
	it('recording the decision and the templates: admin only, a finalised bloc-year', () => {
		expect(allowed({ kind: 'decision:record', bloc: A('finalised') })).toEqual([
			true,
			false,
			false,
			false,
			false,
			false,
			false,
			false
		]);
		expect(allowed({ kind: 'decision:record', bloc: A('review') })).toEqual(everyone.map(() => false));
		expect(allowed({ kind: 'decision:record', bloc: null })).toEqual([
			true,
			false,
			false,
			false,
			false,
			false,
			false,
			false
		]);
		expect(allowed({ kind: 'decision:template' })).toEqual([
			true,
			false,
			false,
			false,
			false,
			false,
			false,
			false
		]);
	});
});
