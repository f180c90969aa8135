/**
 * The scoring sheet on a real DuckDB file: loading, saving one column with the audit trail and
 * the version, validation that writes nothing, optimistic concurrency between two people, and
 * the stage check inside `saveSheet` (defence in depth).
 *
 * Data: tests/fixtures/small, bloc K01 in 2024 (bonus cap 10):
 *   TC01 content max 40 w 1 · TC02 content max 20 w 1,5 · TC03 content max 30 w 1
 *   TC04 bonus max 8 w 1 · TC05 bonus max 6 w 1 · TC06 deduction max 8 w 1
 * Members XA01 (leader), XA02 (deputy), XA03, PH01. XA03 has self-scores only:
 *   TC01 35, TC02 19,5, TC03 25 (no reviewed score).
 * The import may itself give sheets a version and audit rows; versions here are counted from
 * `v0`, the version right after the import, and audit rows from after the import.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlocYear, Principal, Stage } from '../../src/lib/domain/policy';
import { sheetTotals } from '../../src/lib/domain/sheet';
import { rankBloc } from '../../src/lib/server/ranking';
import { importPaths } from '../../src/lib/server/import';
import type { Database } from '../../src/lib/server/db';
import { loadSheet, saveSheet, sheetStatus, type SaveResult } from '../../src/lib/server/scoring/sheet';
import { contentDigest } from '../helpers/snapshot';
import { tempDatabase } from '../helpers/db';

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
const officer: Principal = {
	userId: 13,
	username: 'xa03',
	displayName: 'Cán bộ thi đua xã Ea Tam',
	grants: [{ role: 'unit_officer', unitCode: 'XA03' }]
};

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;
/** XA03's sheet version after the import. */
let v0 = 0;
/** Last audit row id written by the import. */
let auditBase = 0;

async function atStage(stage: Stage): Promise<BlocYear> {
	await db.run("UPDATE pledge SET stage = $1 WHERE year = 2024 AND bloc_code = 'K01'", [stage]);
	return { blocCode: 'K01', year: 2024, stage };
}

const scoreRows = (unit = 'XA03') =>
	db.all<{ code: string; self: number | null; reviewed: number | null; note: string | null }>(
		`SELECT criterion_code AS code, CAST(self_score AS DOUBLE) AS self,
		        CAST(reviewed_score AS DOUBLE) AS reviewed, note
		 FROM score WHERE year = 2024 AND bloc_code = 'K01' AND unit_code = $1 ORDER BY criterion_code`,
		[unit]
	);

const auditRows = () =>
	db.all<Record<string, unknown>>(
		`SELECT user_id, username, action, year, bloc_code, unit_code, criterion_code, old_value, new_value
		 FROM audit_log WHERE action LIKE 'score.%' AND id > $1 ORDER BY id`,
		[auditBase]
	);

function expectStatus<S extends SaveResult['status']>(
	r: SaveResult,
	status: S
): asserts r is Extract<SaveResult, { status: S }> {
	expect(r.status, JSON.stringify(r)).toBe(status);
}

beforeEach(async () => {
	env = await tempDatabase();
	db = env.db;
	const imported = await importPaths(db, ['tests/fixtures/small']);
	expect(imported.committed).toBe(true);
	v0 = (await loadSheet(db, { blocCode: 'K01', year: 2024, stage: 'review' }, 'XA03')).version;
	const [last] = await db.all<{ id: number | null }>('SELECT CAST(max(id) AS INTEGER) AS id FROM audit_log');
	auditBase = last?.id ?? 0;
});
afterEach(() => env.cleanup());

describe('loadSheet', () => {
	it('reads the unit, the criteria in their groups with the scores, the cap and version 0 when never saved', async () => {
		const bloc = await atStage('review');
		await db.run("DELETE FROM score_sheet WHERE unit_code = 'XA03'");
		const sheet = await loadSheet(db, bloc, 'XA03');
		expect(sheet.unit).toEqual({ code: 'XA03', name: 'Xã Ea Tam', role: 'member' });
		expect(sheet.blocName).toBe('Cụm thi đua các xã, phường');
		expect(sheet.stage).toBe('review');
		expect(sheet.bonusCap).toBe(10);
		expect(sheet.version).toBe(0);
		expect(sheet.updatedAt).toBeNull();
		expect(sheet.updatedBy).toBeNull();
		expect(sheet.groups.map((g) => [g.groupCode, g.criteria.map((c) => c.code)])).toEqual([
			['I', ['TC01', 'TC02']],
			['II', ['TC03']],
			['III', ['TC04', 'TC05']],
			['IV', ['TC06']]
		]);
		const tc02 = sheet.groups[0]!.criteria[1]!;
		expect(tc02).toMatchObject({
			name: 'Thu ngân sách',
			kind: 'content',
			maxPoints: 20,
			weight: 1.5,
			selfScore: 19.5,
			reviewedScore: null,
			note: null
		});
		expect(sheet.groups[2]!.criteria[0]!.kind).toBe('bonus');
		expect(sheet.groups[3]!.criteria[0]!.kind).toBe('deduction');
	});

	it('gives a null unit for a unit that is not a member that year', async () => {
		const bloc = await atStage('review');
		expect((await loadSheet(db, bloc, 'SO01')).unit).toBeNull();
		expect((await loadSheet(db, bloc, 'NOPE')).unit).toBeNull();
	});

	it("reads the bloc-year's frame (pledge, criteria, members) once until one of them changes; scores every time", async () => {
		const bloc = await atStage('review');
		const name = async () => (await loadSheet(db, bloc, 'XA03')).groups[0]!.criteria[0]!.name;
		const first = await name();
		// A write that says it changed scores only: the frame is kept (this one is not honest,
		// to show that the frame is not read again).
		await db.transaction(
			(c) => c.run(`UPDATE criterion SET criterion_name = 'Tên mới' WHERE criterion_code = 'TC01'`),
			{
				changes: [{ kind: 'score', year: 2024, bloc: 'K01', units: ['XA03'] }]
			}
		);
		expect(await name()).toBe(first);
		// ...while the scores are read again after a score write.
		await db.transaction(
			(c) => c.run(`UPDATE score SET self_score = 30 WHERE unit_code = 'XA03' AND criterion_code = 'TC01'`),
			{ changes: [{ kind: 'score', year: 2024, bloc: 'K01', units: ['XA03'] }] }
		);
		expect((await loadSheet(db, bloc, 'XA03')).groups[0]!.criteria[0]!.selfScore).toBe(30);
		// A pledge write (criteria, membership) of the bloc-year makes the frame stale.
		await db.transaction((c) => c.run('SELECT 1'), {
			changes: [{ kind: 'pledge', year: 2024, bloc: 'K01' }]
		});
		expect(await name()).toBe('Tên mới');
		// So does a stage write.
		await db.transaction(
			(c) => c.run(`UPDATE pledge SET stage = 'finalised' WHERE year = 2024 AND bloc_code = 'K01'`),
			{
				changes: [{ kind: 'stage', year: 2024, bloc: 'K01' }]
			}
		);
		expect((await loadSheet(db, bloc, 'XA03')).stage).toBe('finalised');
	});

	it('agrees with the ranking: sheetTotals of the counted points = the ranking row', async () => {
		const bloc = await atStage('finalised');
		const ranking = await rankBloc(db, 2024, 'K01');
		for (const unit of ['XA01', 'XA02', 'XA03', 'PH01']) {
			const sheet = await loadSheet(db, bloc, unit);
			const criteria = sheet.groups.flatMap((g) => g.criteria);
			const byCode = new Map(criteria.map((c) => [c.code, c]));
			const totals = sheetTotals(
				criteria,
				(code) => byCode.get(code)!.reviewedScore ?? byCode.get(code)!.selfScore,
				sheet.bonusCap
			);
			const row = ranking.find((r) => r.unitCode === unit)!;
			expect(totals.total, unit).toBe(row.total);
			expect(totals.content, unit).toBe(row.content);
			expect(totals.bonusRaw, unit).toBe(row.bonusRaw);
			expect(totals.bonus, unit).toBe(row.bonus);
			expect(totals.deduction, unit).toBe(row.deduction);
			expect(totals.groups.map((g) => g.points)).toEqual(row.groups.map((g) => g.points));
		}
	});
});

describe('saveSheet', () => {
	it('writes the reviewed scores and a note, one audit row per changed field, and bumps the version', async () => {
		const bloc = await atStage('review');
		const r = await saveSheet(db, leader, bloc, 'XA03', 'review', v0, [
			{ criterionCode: 'TC01', value: '34', note: '' }, // reviewed NULL → 34
			{ criterionCode: 'TC02', value: '18,5', note: 'Thu đạt 92%' }, // reviewed NULL → 18.5, note NULL → text
			{ criterionCode: 'TC03', value: '', note: '' }, // unchanged (no review, no note)
			{ criterionCode: 'TC04', value: '2,25', note: '' } // new row: reviewed 2.25, no self-score
		]);
		expectStatus(r, 'saved');
		expect(r).toEqual({ status: 'saved', version: v0 + 1, changes: 4 });
		expect(await scoreRows()).toEqual([
			{ code: 'TC01', self: 35, reviewed: 34, note: null },
			{ code: 'TC02', self: 19.5, reviewed: 18.5, note: 'Thu đạt 92%' },
			{ code: 'TC03', self: 25, reviewed: null, note: null },
			{ code: 'TC04', self: null, reviewed: 2.25, note: null }
		]);
		const audit = await auditRows();
		const base = { user_id: 11, username: 'tk.k01', year: 2024, bloc_code: 'K01', unit_code: 'XA03' };
		expect(audit).toEqual([
			{ ...base, action: 'score.review', criterion_code: 'TC01', old_value: null, new_value: '34' },
			{ ...base, action: 'score.review', criterion_code: 'TC02', old_value: null, new_value: '18.5' },
			{ ...base, action: 'score.note', criterion_code: 'TC02', old_value: null, new_value: 'Thu đạt 92%' },
			{ ...base, action: 'score.review', criterion_code: 'TC04', old_value: null, new_value: '2.25' }
		]);
		const sheet = await loadSheet(db, bloc, 'XA03');
		expect(sheet.version).toBe(v0 + 1);
		expect(sheet.updatedBy).toBe('tk.k01');
		expect(sheet.updatedAt).toBeGreaterThan(Date.now() - 24 * 3600_000);

		// Emptying the only score and the note of TC04 deletes the row; old values are audited.
		const again = await saveSheet(db, leader, bloc, 'XA03', 'review', v0 + 1, [
			{ criterionCode: 'TC02', value: '18.5', note: 'Thu đạt 92%' }, // same value written another way
			{ criterionCode: 'TC04', value: ' ', note: '' }
		]);
		expect(again).toEqual({ status: 'saved', version: v0 + 2, changes: 1 });
		expect((await scoreRows()).map((r) => r.code)).toEqual(['TC01', 'TC02', 'TC03']);
		expect((await auditRows()).at(-1)).toMatchObject({
			action: 'score.review',
			criterion_code: 'TC04',
			old_value: '2.25',
			new_value: null
		});
	});

	it('writes only its own column: a unit officer self-scoring leaves reviewed scores alone', async () => {
		await db.run(
			"UPDATE score SET reviewed_score = 30 WHERE year = 2024 AND unit_code = 'XA03' AND criterion_code = 'TC01'"
		);
		const bloc = await atStage('self_scoring');
		const r = await saveSheet(db, officer, bloc, 'XA03', 'self', v0, [
			{ criterionCode: 'TC01', value: '36', note: 'Theo báo cáo số 12' }
		]);
		expect(r).toEqual({ status: 'saved', version: v0 + 1, changes: 2 });
		expect((await scoreRows())[0]).toEqual({
			code: 'TC01',
			self: 36,
			reviewed: 30,
			note: 'Theo báo cáo số 12'
		});
		expect((await auditRows()).map((a) => [a.action, a.old_value, a.new_value])).toEqual([
			['score.self', '35', '36'],
			['score.note', null, 'Theo báo cáo số 12']
		]);
	});

	it('reports every problem of every cell in Vietnamese and writes nothing', async () => {
		const bloc = await atStage('review');
		const before = await contentDigest(db);
		const r = await saveSheet(db, leader, bloc, 'XA03', 'review', v0, [
			{ criterionCode: 'TC01', value: '41', note: '' }, // above max 40
			{ criterionCode: 'TC02', value: '-1,255', note: 'x'.repeat(1001) }, // negative, 3 decimals; note too long
			{ criterionCode: 'TC03', value: 'abc', note: '' }, // not a number
			{ criterionCode: 'TC04', value: '8', note: '' }, // bonus 8 ≤ cap 10: fine
			{ criterionCode: 'TC05', value: '7', note: '' }, // above max 6
			{ criterionCode: 'TC06', value: '', note: 'Chậm ký' }, // a note on a criterion with no score
			{ criterionCode: 'ZZ99', value: '1', note: '' } // unknown
		]);
		expectStatus(r, 'invalid');
		expect(r.problems.map((p) => [p.criterionCode, p.field, p.kind])).toEqual([
			['TC01', 'value', 'aboveMax'],
			['TC02', 'value', 'negative'],
			['TC02', 'value', 'decimals'],
			['TC02', 'note', 'noteTooLong'],
			['TC03', 'value', 'notNumber'],
			['TC05', 'value', 'aboveMax'],
			['ZZ99', 'value', 'unknownCriterion'],
			['TC06', 'note', 'noteWithoutScore']
		]);
		const messages = Object.fromEntries(r.problems.map((p) => [`${p.criterionCode}.${p.kind}`, p.message]));
		expect(messages['TC01.aboveMax']).toBe('41 vượt điểm tối đa 40 của tiêu chí TC01.');
		expect(messages['TC02.negative']).toBe('Điểm không được âm (-1,255).');
		expect(messages['TC03.notNumber']).toBe('«abc» không phải là số (viết 8,5 hoặc 8).');
		expect(messages['TC02.noteTooLong']).toBe('Ghi chú dài 1001 ký tự, tối đa 1000.');
		expect(messages['ZZ99.unknownCriterion']).toBe(
			'Không có tiêu chí «ZZ99» trong giao ước của khối năm này.'
		);
		expect(await contentDigest(db)).toBe(before);
	});

	it('refuses a weighted bonus above the pledge cap', async () => {
		// Cap 10; TC04 max 8 weight 1. Weight 2 makes 2 × 6 = 12 > 10, while 2 × 5 = 10 is allowed.
		await db.run(
			"UPDATE criterion SET weight = 2 WHERE year = 2024 AND bloc_code = 'K01' AND criterion_code = 'TC04'"
		);
		const bloc = await atStage('review');
		const over = await saveSheet(db, leader, bloc, 'XA03', 'review', v0, [
			{ criterionCode: 'TC04', value: '6' }
		]);
		expectStatus(over, 'invalid');
		expect(over.problems).toHaveLength(1);
		expect(over.problems[0]!.message).toBe(
			'Điểm thưởng tính 12 (hệ số 2 × 6) vượt mức điểm thưởng tối đa 10 của giao ước.'
		);
		const ok = await saveSheet(db, leader, bloc, 'XA03', 'review', v0, [
			{ criterionCode: 'TC04', value: '5' }
		]);
		expectStatus(ok, 'saved');
	});

	it('saving with no change writes nothing and keeps the version', async () => {
		const bloc = await atStage('review');
		expectStatus(
			await saveSheet(db, leader, bloc, 'XA03', 'review', v0, [{ criterionCode: 'TC01', value: '34' }]),
			'saved'
		);
		const before = await contentDigest(db);
		const r = await saveSheet(db, leader, bloc, 'XA03', 'review', v0 + 1, [
			{ criterionCode: 'TC01', value: '34,00', note: '  ' },
			{ criterionCode: 'TC02', value: '', note: '' }
		]);
		expect(r).toEqual({ status: 'unchanged', version: v0 + 1 });
		expect(await contentDigest(db)).toBe(before);
	});

	it('two people on version N: the second save is refused with the first one’s values, and nothing is overwritten', async () => {
		const bloc = await atStage('review');
		// Both open the sheet at the same version N (= v0).
		const seenByA = await loadSheet(db, bloc, 'XA03');
		const seenByB = await loadSheet(db, bloc, 'XA03');
		expect([seenByA.version, seenByB.version]).toEqual([v0, v0]);

		// A (leader) saves first: ok, version N + 1.
		const a = await saveSheet(db, leader, bloc, 'XA03', 'review', seenByA.version, [
			{ criterionCode: 'TC01', value: '34', note: 'Đã đối chiếu' },
			{ criterionCode: 'TC02', value: '19' }
		]);
		expect(a).toEqual({ status: 'saved', version: v0 + 1, changes: 3 });
		const afterA = await contentDigest(db);

		// B (deputy) saves from version N: conflict, with A's new values, A's name and time.
		const b = await saveSheet(db, deputy, bloc, 'XA03', 'review', seenByB.version, [
			{ criterionCode: 'TC01', value: '33', note: '' },
			{ criterionCode: 'TC02', value: '19' },
			{ criterionCode: 'TC03', value: '24' }
		]);
		expectStatus(b, 'conflict');
		expect(b.version).toBe(v0 + 1);
		expect(b.updatedBy).toBe('tk.k01');
		expect(b.updatedAt).toEqual(expect.any(Number));
		expect(
			b.cells.map((c) => [c.criterionCode, c.field, c.current, c.yours, c.differs, c.changedBy])
		).toEqual([
			['TC01', 'review', '34', '33', true, 'tk.k01'],
			['TC01', 'note', 'Đã đối chiếu', null, true, 'tk.k01'],
			['TC02', 'review', '19', '19', false, 'tk.k01']
		]);
		expect(b.message).toMatch(/^Người khác \(tk\.k01\) đã lưu phiếu này lúc \d\d\/\d\d\/\d{4} \d\d:\d\d\. /);
		expect(b.message).toContain(
			'Giá trị mới của họ: TC01 (khối chấm) 34; TC01 (ghi chú) «Đã đối chiếu»; TC02 (khối chấm) 19.'
		);
		expect(b.message).toMatch(/Hãy xem lại rồi lưu lại\.$/);
		// Nothing of B's was written: A's values are still there.
		expect(await contentDigest(db)).toBe(afterA);
		expect((await scoreRows())[0]).toMatchObject({ code: 'TC01', reviewed: 34, note: 'Đã đối chiếu' });

		// B looks, then saves deliberately from version N + 1: ok, version N + 2.
		const b2 = await saveSheet(db, deputy, bloc, 'XA03', 'review', b.version, [
			{ criterionCode: 'TC01', value: '33', note: 'Đã đối chiếu' },
			{ criterionCode: 'TC03', value: '24' }
		]);
		expect(b2).toEqual({ status: 'saved', version: v0 + 2, changes: 2 });
		expect((await scoreRows()).map((r) => [r.code, r.reviewed])).toEqual([
			['TC01', 33],
			['TC02', 19],
			['TC03', 24]
		]);
		const sheet = await loadSheet(db, bloc, 'XA03');
		expect([sheet.version, sheet.updatedBy]).toEqual([v0 + 2, 'pk.k01']);

		// A, still on version N + 1, changes TC02: the conflict lists only what changed since (B's save).
		const a2 = await saveSheet(db, leader, bloc, 'XA03', 'review', v0 + 1, [
			{ criterionCode: 'TC02', value: '18' }
		]);
		expectStatus(a2, 'conflict');
		expect(a2.cells.map((c) => [c.criterionCode, c.field, c.current, c.changedBy])).toEqual([
			['TC01', 'review', '33', 'pk.k01'],
			['TC03', 'review', '24', 'pk.k01']
		]);
	});

	it('two saves at the same moment from the same version: exactly one is written', async () => {
		const bloc = await atStage('review');
		const [x, y] = await Promise.all([
			saveSheet(db, leader, bloc, 'XA03', 'review', v0, [{ criterionCode: 'TC01', value: '30' }]),
			saveSheet(db, deputy, bloc, 'XA03', 'review', v0, [{ criterionCode: 'TC01', value: '31' }])
		]);
		expect([x.status, y.status].sort()).toEqual(['conflict', 'saved']);
		const winner = x.status === 'saved' ? 30 : 31;
		expect((await scoreRows())[0]!.reviewed).toBe(winner);
		expect((await loadSheet(db, bloc, 'XA03')).version).toBe(v0 + 1);
	});

	it('refuses the self column outside self_scoring and the review column outside review (defence in depth)', async () => {
		const admin: Principal = {
			userId: 1,
			username: 'admin',
			displayName: 'Quản trị',
			grants: [{ role: 'admin' }]
		};
		const review = await atStage('review');
		const before = await contentDigest(db);
		const self = await saveSheet(db, admin, review, 'XA03', 'self', v0, [
			{ criterionCode: 'TC01', value: '30' }
		]);
		expectStatus(self, 'refused');
		expect(self.reason).toBe('stage');
		expect(self.message).toBe(
			'Không lưu được: giai đoạn hiện tại của khối («Khối chấm, kiểm tra chéo») không cho sửa điểm tự chấm.'
		);

		const selfScoring = await atStage('self_scoring');
		const rev = await saveSheet(db, admin, selfScoring, 'XA03', 'review', v0, [
			{ criterionCode: 'TC01', value: '30' }
		]);
		expectStatus(rev, 'refused');
		expect(rev.reason).toBe('stage');

		// The caller's stage is stale: it says review, but the bloc has moved on to finalised.
		await atStage('finalised');
		const stale = await saveSheet(db, leader, review, 'XA03', 'review', v0, [
			{ criterionCode: 'TC01', value: '30' }
		]);
		expectStatus(stale, 'refused');
		expect(stale.reason).toBe('stage');

		// An account without the right, and a unit outside the bloc.
		await atStage('review');
		const forbidden = await saveSheet(db, officer, review, 'XA03', 'review', v0, [
			{ criterionCode: 'TC01', value: '30' }
		]);
		expectStatus(forbidden, 'refused');
		expect(forbidden.reason).toBe('forbidden');
		const outsider = await saveSheet(db, admin, review, 'SO01', 'review', v0, [
			{ criterionCode: 'TC01', value: '30' }
		]);
		expectStatus(outsider, 'refused');
		expect(outsider.reason).toBe('notMember');
		await atStage('review');
		expect(await contentDigest(db)).toBe(before);
	});
});

describe('sheetStatus', () => {
	it('counts self-scored, reviewed and missing criteria per member, with the last save', async () => {
		const bloc = await atStage('review');
		expectStatus(
			await saveSheet(db, leader, bloc, 'XA03', 'review', v0, [{ criterionCode: 'TC01', value: '34' }]),
			'saved'
		);
		const status = await sheetStatus(db, bloc);
		// Leader, deputy, then members by Vietnamese name: Phường Hòa Bình before Xã Ea Tam.
		expect(status.map((s) => s.unitCode)).toEqual(['XA01', 'XA02', 'PH01', 'XA03']);
		const byUnit = Object.fromEntries(status.map((s) => [s.unitCode, s]));
		// XA01: TC01–TC05 self and reviewed; TC06 (deduction) empty.
		expect(byUnit.XA01).toMatchObject({
			criteria: 6,
			contentCriteria: 3,
			selfScored: 5,
			reviewed: 5,
			unreviewed: 0,
			missingContent: 0,
			missingCodes: []
		});
		// PH01: TC01 and TC03 only; content TC02 has no score at all.
		expect(byUnit.PH01).toMatchObject({
			selfScored: 2,
			reviewed: 2,
			selfMissingContent: 1,
			missingContent: 1,
			missingCodes: ['TC02']
		});
		// XA03: three self-scores, one reviewed now (TC01); two still unreviewed.
		expect(byUnit.XA03).toMatchObject({
			selfScored: 3,
			reviewed: 1,
			unreviewed: 2,
			reviewMissingContent: 2,
			version: v0 + 1,
			updatedBy: 'tk.k01'
		});
	});
});
