/**
 * Issue 15, the vote: the ballot's checks (pure) and the proposals following a recorded ballot
 * in the TypeScript reference of the ranking rule (the SQL agrees: ranking-property.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { can, type Principal, type Stage } from '../../src/lib/domain/policy';
import { rankBloc, voteApplies } from '../../src/lib/domain/ranking';
import type { BlocInput, RankingRow, RankingSettings, RecordedVote } from '../../src/lib/domain/types';
import {
	asRecordedVote,
	checkBallot,
	minutesLine,
	openTies,
	type BallotForm,
	type VoteTie
} from '../../src/lib/domain/vote';
import { translator } from '../../src/lib/i18n';

const vi = translator('vi');

const SETTINGS: RankingSettings = {
	bonusCap: null,
	thresholds: { excellent: 95, good: 85, fair: 70, average: 50 },
	flagCount: 1,
	flagMinTier: 'good',
	certificateCount: 2,
	certificateMinTier: 'good'
};

/** One content criterion of 100 points: each unit's points are its percent. */
function bloc(
	points: Record<string, number>,
	votes: RecordedVote[] = [],
	over: Partial<RankingSettings> = {}
): BlocInput {
	const codes = Object.keys(points);
	return {
		settings: { ...SETTINGS, ...over },
		criteria: [
			{
				code: 'C',
				groupCode: 'A',
				groupName: 'Nhóm A',
				name: 'C',
				maxPoints: 100,
				weight: 1,
				kind: 'content',
				sortOrder: 0
			}
		],
		members: codes.map((c) => ({ unitCode: c, unitName: `Sở ${c}`, role: 'member' as const })),
		scores: codes.map((c) => ({
			unitCode: c,
			criterionCode: 'C',
			selfScore: null,
			reviewedScore: points[c]!
		})),
		votes
	};
}

const pick = (rows: RankingRow[]) => rows.map((r) => [r.unitCode, r.proposal, r.proposalTie, r.vote]);

// K04 2024 in small: 98 flag; certificates 95 outright, 90 and 90 tied for the 1 place left.
const K04 = { A: 98, B: 95, C: 90, D: 90, E: 86 };

describe('proposals follow a recorded vote', () => {
	it('without a ballot, the two tied units need a vote', () => {
		const rows = rankBloc(bloc(K04));
		expect(pick(rows)).toEqual([
			['A', 'flag', false, null],
			['B', 'certificate', false, null],
			['C', 'certificate', true, null],
			['D', 'certificate', true, null],
			['E', null, false, null]
		]);
		expect(openTies(rows, SETTINGS)).toEqual([
			{
				kind: 'certificate',
				places: 1,
				units: [
					{ unitCode: 'C', unitName: 'Sở C', total: 90, rank: 3 },
					{ unitCode: 'D', unitName: 'Sở D', total: 90, rank: 3 }
				]
			}
		]);
	});

	it('the chosen unit is proposed, the other not; no vote is needed any more', () => {
		const vote: RecordedVote = { kind: 'certificate', places: 1, units: ['C', 'D'], chosen: ['D'] };
		const rows = rankBloc(bloc(K04, [vote]));
		expect(pick(rows)).toEqual([
			['A', 'flag', false, null],
			['B', 'certificate', false, null],
			['C', null, false, 'certificate'],
			['D', 'certificate', false, 'certificate'],
			['E', null, false, null]
		]);
		expect(openTies(rows, SETTINGS)).toEqual([]);
	});

	it('a score change that alters the tied units leaves the ballot not applying: the vote is needed again', () => {
		const vote: RecordedVote = { kind: 'certificate', places: 1, units: ['C', 'D'], chosen: ['D'] };
		// E rises to 90: three units tied for the one place
		const rows = rankBloc(bloc({ ...K04, E: 90 }, [vote]));
		expect(rows.filter((r) => r.proposalTie).map((r) => r.unitCode)).toEqual(['C', 'D', 'E']);
		expect(rows.every((r) => r.vote === null)).toBe(true);
		// B falls into the tie: 2 places for 3 units, not the ballot's 1 place for 2
		const rows2 = rankBloc(bloc({ ...K04, B: 90 }, [vote]));
		expect(rows2.filter((r) => r.proposalTie).map((r) => r.unitCode)).toEqual(['B', 'C', 'D']);
		expect(rows2.every((r) => r.vote === null)).toBe(true);
		// the tie gone (C ahead): nothing to decide, the ballot decides nothing
		const rows3 = rankBloc(bloc({ ...K04, C: 91 }, [vote]));
		expect(pick(rows3).slice(2, 4)).toEqual([
			['C', 'certificate', false, null],
			['D', null, false, null]
		]);
	});

	it('a flag ballot sends the unit not chosen to the certificates, ahead of the others', () => {
		// A and B share 98 for 1 flag place; C 95, D 90 follow.
		const before = rankBloc(bloc({ A: 98, B: 98, C: 95, D: 90 }));
		expect(pick(before)).toEqual([
			['A', 'flag', true, null],
			['B', 'flag', true, null],
			['C', 'certificate', false, null],
			['D', null, false, null]
		]);
		const flag: RecordedVote = { kind: 'flag', places: 1, units: ['A', 'B'], chosen: ['B'] };
		const after = rankBloc(bloc({ A: 98, B: 98, C: 95, D: 90 }, [flag]));
		expect(pick(after)).toEqual([
			['A', 'certificate', false, 'flag'],
			['B', 'flag', false, 'flag'],
			['C', 'certificate', false, null],
			['D', null, false, null]
		]);
	});

	it('a flag ballot can open a certificate tie among its runners-up, decided by a second ballot', () => {
		// A, B, C share 98 for 1 flag place; 1 certificate place: the two not chosen tie for it.
		const points = { A: 98, B: 98, C: 98, D: 90 };
		const flag: RecordedVote = { kind: 'flag', places: 1, units: ['A', 'B', 'C'], chosen: ['A'] };
		const one = { certificateCount: 1 };
		const afterFlag = rankBloc(bloc(points, [flag], one));
		expect(openTies(afterFlag, { ...SETTINGS, ...one })).toEqual([
			expect.objectContaining({ kind: 'certificate', places: 1 })
		]);
		const cert: RecordedVote = { kind: 'certificate', places: 1, units: ['B', 'C'], chosen: ['C'] };
		expect(pick(rankBloc(bloc(points, [flag, cert], one)))).toEqual([
			['A', 'flag', false, 'flag'],
			['B', null, false, 'certificate'],
			['C', 'certificate', false, 'certificate'],
			['D', null, false, null]
		]);
	});

	it('voteApplies: the same units and places, and as many chosen as places', () => {
		const v = { places: 1, units: ['C', 'D'], chosen: ['D'] };
		expect(voteApplies(v, ['D', 'C'], 1)).toBe(true);
		expect(voteApplies(v, ['C', 'D', 'E'], 1)).toBe(false);
		expect(voteApplies(v, ['C'], 1)).toBe(false);
		expect(voteApplies(v, ['C', 'D'], 2)).toBe(false);
		expect(voteApplies({ ...v, chosen: ['C', 'D'] }, ['C', 'D'], 1)).toBe(false);
		expect(voteApplies({ ...v, chosen: ['X'] }, ['C', 'D'], 1)).toBe(false);
		expect(voteApplies(v, [], 1)).toBe(false);
	});
});

describe('checkBallot', () => {
	const tie: VoteTie = {
		kind: 'certificate',
		places: 1,
		units: [
			{ unitCode: 'C', unitName: 'Sở C', total: 90, rank: 3 },
			{ unitCode: 'D', unitName: 'Sở D', total: 90, rank: 3 }
		]
	};
	const good: BallotForm = { date: '05/12/2025', present: '12', votes: { C: '4', D: '8' }, chosen: ['D'] };
	const check = (over: Partial<BallotForm>, members = 15, today = '2025-12-31') =>
		checkBallot(vi, { ...good, ...over }, tie, members, today);
	const problems = (over: Partial<BallotForm>, members?: number, today?: string) => {
		const r = check(over, members, today);
		return r.ok ? [] : r.problems;
	};

	it('accepts a valid ballot as the stored ballot', () => {
		expect(check({})).toEqual({
			ok: true,
			ballot: {
				kind: 'certificate',
				date: '2025-12-05',
				membersTotal: 15,
				membersPresent: 12,
				places: 1,
				units: [
					{ unitCode: 'C', votes: 4, chosen: false },
					{ unitCode: 'D', votes: 8, chosen: true }
				]
			}
		});
		// ISO dates (the date input) too; equal votes leave the choice to the bloc
		expect(check({ date: '2025-12-05', votes: { C: '6', D: '6' } }).ok).toBe(true);
	});

	it('refuses a date that is not a real date, missing, or still to come', () => {
		expect(problems({ date: '31/11/2025' })).toEqual([
			{ field: 'date', message: 'Ngày bỏ phiếu: "31/11/2025" không phải ngày có thật.' }
		]);
		expect(problems({ date: 'hôm qua' })[0]?.field).toBe('date');
		expect(problems({ date: ' ' })).toEqual([
			{ field: 'date', message: 'Ngày bỏ phiếu: chưa nhập (dd/mm/yyyy).' }
		]);
		expect(problems({}, 15, '2025-12-04')).toEqual([
			{
				field: 'date',
				message: 'Ngày bỏ phiếu 05/12/2025 chưa đến: chỉ ghi kết quả cuộc bỏ phiếu đã diễn ra.'
			}
		]);
	});

	it('refuses more members present than members, none, or not a whole number', () => {
		for (const present of ['16', '0', '12,5', '-3', ''])
			expect(problems({ present, votes: { C: '0', D: '0' } }).map((p) => p.field)).toEqual(['present']);
		expect(problems({ present: '16', votes: { C: '0', D: '1' } })[0]!.message).toBe(
			'Số thành viên có mặt «16»: phải là số nguyên từ 1 đến 15 (số đơn vị thành viên của khối).'
		);
	});

	it('refuses votes above the members present, missing, not whole, for a unit outside the tie, or too many in all', () => {
		expect(problems({ votes: { C: '13', D: '0' }, chosen: ['C'] })).toEqual([
			{ field: 'votes:C', message: 'Số phiếu của Sở C: 13 phiếu, nhiều hơn 12 thành viên có mặt.' }
		]);
		expect(problems({ votes: { C: '', D: '8' } })).toEqual([
			{ field: 'votes:C', message: 'Số phiếu của Sở C: chưa nhập.' }
		]);
		expect(problems({ votes: { C: '2.5', D: '8' } })[0]!.field).toBe('votes:C');
		expect(problems({ votes: { C: '4', D: '8', E: '1' } })).toEqual([
			{
				field: 'votes:E',
				message: 'Số phiếu cho E: đơn vị này không thuộc các đơn vị đồng hạng bỏ phiếu Bằng khen.'
			}
		]);
		expect(problems({ votes: { C: '7', D: '8' } })).toEqual([
			{
				field: 'votes',
				message:
					'Tổng số phiếu 15 nhiều hơn 12 thành viên có mặt × 1 suất: mỗi thành viên bầu nhiều nhất 1 đơn vị.'
			}
		]);
	});

	it('refuses a result that is not exactly the places from the tied units, or passes over more votes', () => {
		expect(problems({ chosen: [] })).toEqual([
			{ field: 'chosen', message: 'Kết quả: cần chọn đúng 1 đơn vị cho Bằng khen, đã chọn 0.' }
		]);
		expect(problems({ chosen: ['C', 'D'] })[0]!.field).toBe('chosen');
		expect(problems({ chosen: ['E'] })).toEqual([
			{ field: 'chosen', message: 'Kết quả: E không thuộc các đơn vị đồng hạng bỏ phiếu Bằng khen.' }
		]);
		expect(problems({ chosen: ['C'] })).toEqual([
			{ field: 'chosen', message: 'Kết quả: Sở D được nhiều phiếu hơn một đơn vị được chọn.' }
		]);
	});

	it('tells every problem at once', () => {
		expect(problems({ date: '', present: 'x', votes: {}, chosen: [] }).map((p) => p.field)).toEqual([
			'date',
			'present',
			'votes:C',
			'votes:D',
			'chosen'
		]);
	});
});

describe('minutesLine', () => {
	it('states the ballot as the printout does', () => {
		const r = checkBallot(
			vi,
			{ date: '05/12/2025', present: '12', votes: { C: '4', D: '8' }, chosen: ['D'] },
			{
				kind: 'certificate',
				places: 1,
				units: [
					{ unitCode: 'C', unitName: 'Sở C', total: 90, rank: 3 },
					{ unitCode: 'D', unitName: 'Sở D', total: 90, rank: 3 }
				]
			},
			15,
			'2025-12-31'
		);
		if (!r.ok) throw new Error('ballot refused');
		expect(minutesLine(vi, r.ballot, (c) => `Sở ${c}`)).toBe(
			'Kết quả bỏ phiếu kín ngày 05/12/2025: 12/15 thành viên có mặt, Sở D 8 phiếu, Sở C 4 phiếu; đề nghị Bằng khen (1 suất): Sở D.'
		);
		expect(asRecordedVote(r.ballot)).toEqual({
			kind: 'certificate',
			places: 1,
			units: ['C', 'D'],
			chosen: ['D']
		});
	});
});

describe('who records a vote', () => {
	const who = (grants: Principal['grants']): Principal => ({
		userId: 1,
		username: 'x',
		displayName: 'x',
		grants
	});
	const may = (p: Principal, stage: Stage, blocCode = 'K04', year = 2024) =>
		can(p, { kind: 'vote:record', bloc: { blocCode, year, stage } });
	const leader = who([{ role: 'bloc_leader', blocCode: 'K04', year: 2024 }]);
	const deputy = who([{ role: 'bloc_deputy', blocCode: 'K04', year: 2024 }]);
	const admin = who([{ role: 'admin' }]);

	it('the bloc-year’s leader or an admin, in review only; nobody into a finalised bloc', () => {
		expect(may(leader, 'review')).toBe(true);
		expect(may(admin, 'review')).toBe(true);
		expect(may(deputy, 'review')).toBe(false);
		expect(may(who([{ role: 'analyst' }]), 'review')).toBe(false);
		expect(may(leader, 'review', 'K04', 2025)).toBe(false);
		expect(may(leader, 'review', 'K05')).toBe(false);
		for (const stage of ['open', 'self_scoring', 'finalised'] as const) {
			expect(may(leader, stage)).toBe(false);
			expect(may(admin, stage)).toBe(false);
		}
	});
});
