/**
 * Issue 15, the vote, on a real DuckDB file with the sample province: K04 2024 has Sở Kế hoạch
 * và Đầu tư (SO01) and Sở Xây dựng (SO07) tied at 903,5 for the last certificate place. Reopened
 * to review, the bloc cannot be finalised before its vote; the leader records the ballot and the
 * stored outcome, the report and the export follow it; a score change that alters the tie leaves
 * the ballot not applying (finalising refused again); recording and clearing are audited; nobody
 * writes into the finalised bloc.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlocYear, Principal } from '../../src/lib/domain/policy';
import { rankBloc as rankReference } from '../../src/lib/domain/ranking';
import type { BallotForm } from '../../src/lib/domain/vote';
import { translator } from '../../src/lib/i18n';
import type { Database } from '../../src/lib/server/db';
import { rankingTable } from '../../src/lib/server/export/datasets';
import { importPaths } from '../../src/lib/server/import';
import { blocHeader } from '../../src/lib/server/overview/bloc';
import { loadBlocInput, rankBloc } from '../../src/lib/server/ranking';
import { blocReport } from '../../src/lib/server/report';
import { loadSheet, saveSheet } from '../../src/lib/server/scoring/sheet';
import { changeStage, getBlocYear } from '../../src/lib/server/scoring/stage';
import { clearVote, readBallots, recordVote } from '../../src/lib/server/vote';
import { tempDatabase } from '../helpers/db';

const vi = translator('vi');
const admin: Principal = {
	userId: 1,
	username: 'admin',
	displayName: 'Quản trị',
	grants: [{ role: 'admin' }]
};
const leader: Principal = {
	userId: 21,
	username: 'tk.k04.2024',
	displayName: 'Trưởng khối K04 2024',
	grants: [{ role: 'bloc_leader', blocCode: 'K04', year: 2024 }]
};
const deputy: Principal = {
	userId: 22,
	username: 'pk.k04.2024',
	displayName: 'Phó khối K04 2024',
	grants: [{ role: 'bloc_deputy', blocCode: 'K04', year: 2024 }]
};
const BALLOT: BallotForm = {
	date: '05/12/2024',
	present: '9',
	votes: { SO01: '3', SO07: '6' },
	chosen: ['SO07']
};
const TODAY = '2024-12-31';

let db: Database;
let cleanup: () => void;
let review: BlocYear;

const bloc = async () => (await getBlocYear(db, 2024, 'K04'))!;
const outcome = async () =>
	(await rankBloc(db, 2024, 'K04'))
		.filter((r) => r.unitCode === 'SO01' || r.unitCode === 'SO07')
		.map((r) => [r.unitCode, r.proposal, r.proposalTie, r.vote]);
const audit = (action: string) =>
	db.all<{ username: string; old_value: string | null; new_value: string | null }>(
		`SELECT username, old_value, new_value FROM audit_log WHERE action = $1 ORDER BY id`,
		[action]
	);
const ballotRows = async () =>
	Number((await db.all<{ n: number }>('SELECT COUNT(*)::INTEGER AS n FROM bloc_vote_unit'))[0]!.n);

/** The leader (reviewing in K04 2024) changes SO01's bloc score of I.1 by hand. */
async function reviewSO01(value: string) {
	const b = await bloc();
	const { version } = await loadSheet(db, b, 'SO01');
	const r = await saveSheet(
		db,
		leader,
		b,
		'SO01',
		'review',
		version,
		[{ criterionCode: 'I.1', value }],
		'Kiểm tra lại'
	);
	expect(r.status).toBe('saved');
}

beforeAll(async () => {
	({ db, cleanup } = await tempDatabase());
	expect((await importPaths(db, ['data/sample'], { source: 'test' })).committed).toBe(true);
	const r = await changeStage(db, admin, await bloc(), 'review', 'Bỏ phiếu kín chọn Bằng khen');
	expect(r.ok).toBe(true);
	review = await bloc();
	expect(review.stage).toBe('review');
}, 60_000);
afterAll(() => cleanup?.());

describe('the vote on the K04 2024 tie at the last certificate place', () => {
	it('finalising is refused while the tie has no vote, saying why', async () => {
		expect(await outcome()).toEqual([
			['SO01', 'certificate', true, null],
			['SO07', 'certificate', true, null]
		]);
		const r = await changeStage(db, leader, review, 'finalised', '');
		expect(r).toMatchObject({
			ok: false,
			refusal: 'vote',
			votes: [{ reason: 'unresolved', kind: 'certificate', count: 2 }]
		});
		expect((await bloc()).stage).toBe('review');
	});

	it('an invalid ballot, or one by the deputy, writes nothing', async () => {
		const bad = await recordVote(
			db,
			vi,
			leader,
			review,
			'certificate',
			{ ...BALLOT, present: '40', chosen: [] },
			TODAY
		);
		expect(bad.ok).toBe(false);
		if (bad.ok) return;
		expect(bad.refusal).toBe('invalid');
		expect(bad.problems!.map((p) => p.field)).toEqual(['present', 'chosen']);
		expect(await recordVote(db, vi, deputy, review, 'certificate', BALLOT, TODAY)).toEqual({
			ok: false,
			refusal: 'forbidden'
		});
		// no flag tie in K04 2024
		expect(await recordVote(db, vi, leader, review, 'flag', BALLOT, TODAY)).toEqual({
			ok: false,
			refusal: 'no_tie'
		});
		expect(await ballotRows()).toBe(0);
		expect(await audit('vote.record')).toEqual([]);
	});

	it('the leader records the ballot: the stored outcome, the reference, the report and the export follow it', async () => {
		expect(await recordVote(db, vi, leader, review, 'certificate', BALLOT, TODAY)).toEqual({
			ok: true,
			kind: 'certificate'
		});
		expect(await outcome()).toEqual([
			['SO01', null, false, 'certificate'],
			['SO07', 'certificate', false, 'certificate']
		]);
		const rows = await rankBloc(db, 2024, 'K04');
		expect(rankReference(await loadBlocInput(db, 2024, 'K04'))).toEqual(rows);
		expect(rows.filter((r) => r.proposal === 'certificate').map((r) => r.unitCode)).toEqual(['SO02', 'SO07']);

		const report = (await blocReport(db, 2024, 'K04'))!;
		expect(report.slates.certificate.vote).toEqual([]);
		expect(report.slates.certificate.outright.map((r) => r.unitCode)).toEqual(['SO02', 'SO07']);
		expect(report.ballots).toEqual([
			{
				kind: 'certificate',
				date: '2024-12-05',
				membersTotal: rows.length,
				membersPresent: 9,
				places: 1,
				units: [
					{ unitCode: 'SO07', votes: 6, chosen: true },
					{ unitCode: 'SO01', votes: 3, chosen: false }
				]
			}
		]);

		const table = await rankingTable(db, (await blocHeader(db, 2024, 'K04'))!);
		const col = (k: string) => table.columns.findIndex((c) => c.key === k);
		const line = (code: string) => table.rows.find((r) => r[col('unit_code')] === code)!;
		expect(line('SO07')[col('proposal')]).toBe('certificate');
		expect(line('SO01')[col('proposal')]).toBe(null);

		const [a] = await audit('vote.record');
		expect(a).toEqual({
			username: 'tk.k04.2024',
			old_value: null,
			new_value: `Bằng khen, ngày 05/12/2024: 9/${rows.length} thành viên có mặt; SO07 6 (được chọn), SO01 3`
		});
	});

	it('a score change that alters the tie leaves the ballot not applying; finalising is refused until it applies', async () => {
		// SO01 half a point up: 904, alone above SO07; no tie, the ballot decides nothing
		await reviewSO01('27,5');
		expect(await outcome()).toEqual([
			['SO01', 'certificate', false, null],
			['SO07', null, false, null]
		]);
		expect((await readBallots(db, 2024, 'K04')).length).toBe(1);
		expect((await blocReport(db, 2024, 'K04'))!.ballots).toEqual([]);
		expect(await changeStage(db, leader, await bloc(), 'finalised', '')).toMatchObject({
			ok: false,
			refusal: 'vote',
			votes: [{ reason: 'stale', kind: 'certificate' }]
		});
		// back to 27: the same two units for the same place, the ballot held on them applies again
		await reviewSO01('27');
		expect(await outcome()).toEqual([
			['SO01', null, false, 'certificate'],
			['SO07', 'certificate', false, 'certificate']
		]);
	});

	it('clearing is audited and brings the vote back; a new ballot then lets the bloc be finalised', async () => {
		expect(await clearVote(db, leader, review, 'certificate')).toEqual({ ok: true, kind: 'certificate' });
		expect(await clearVote(db, leader, review, 'certificate')).toEqual({ ok: false, refusal: 'none' });
		expect(await outcome()).toEqual([
			['SO01', 'certificate', true, null],
			['SO07', 'certificate', true, null]
		]);
		const cleared = await audit('vote.clear');
		expect(cleared).toHaveLength(1);
		expect(cleared[0]!.old_value).toMatch(/^Bằng khen, ngày 05\/12\/2024: 9\/\d+ thành viên có mặt; SO07 6/);

		// the admin records the new ballot; the bloc is finalised with its outcome
		const again = { ...BALLOT, votes: { SO01: '7', SO07: '2' }, chosen: ['SO01'] };
		expect((await recordVote(db, vi, admin, review, 'certificate', again, TODAY)).ok).toBe(true);
		expect(await outcome()).toEqual([
			['SO01', 'certificate', false, 'certificate'],
			['SO07', null, false, 'certificate']
		]);
		const done = await changeStage(db, leader, await bloc(), 'finalised', '');
		expect(done.ok).toBe(true);
		expect(await audit('vote.record')).toHaveLength(2);
	});

	it('nobody writes into the finalised bloc: recording and clearing refused, nothing changes', async () => {
		const finalised = await bloc();
		expect(finalised.stage).toBe('finalised');
		for (const who of [leader, admin]) {
			expect(await recordVote(db, vi, who, finalised, 'certificate', BALLOT, TODAY)).toEqual({
				ok: false,
				refusal: 'forbidden'
			});
			expect(await clearVote(db, who, finalised, 'certificate')).toEqual({ ok: false, refusal: 'forbidden' });
		}
		// a caller holding the bloc as it was in review: the stage re-read in the transaction refuses
		expect(await recordVote(db, vi, admin, review, 'certificate', BALLOT, TODAY)).toEqual({
			ok: false,
			refusal: 'forbidden'
		});
		expect(await ballotRows()).toBe(2);
		expect(await audit('vote.record')).toHaveLength(2);
		expect(await outcome()).toEqual([
			['SO01', 'certificate', false, 'certificate'],
			['SO07', null, false, 'certificate']
		]);
	});
});
