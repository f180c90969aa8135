import { describe, expect, it } from 'vitest';
import {
	competitionRanks,
	divRoundHalfAway,
	lastPlaceVote,
	parseTier,
	percentOf,
	proposalSlates,
	rankBloc,
	resolveSettings,
	scaled,
	tierAtLeast,
	tierFor,
	toDisplay,
	type CouncilRankingDefaults
} from '../../src/lib/domain/ranking';
import type {
	BlocInput,
	BlocMember,
	CriterionDef,
	CriterionKind,
	RankingRow,
	RankingSettings,
	ScoreEntry
} from '../../src/lib/domain/types';

// ---------------------------------------------------------------------------------------------
// Builders

const COUNCIL: CouncilRankingDefaults = {
	thresholds: { excellent: 95, good: 85, fair: 70, average: 50 },
	flagCount: 1,
	flagMinTier: 'good',
	certificateCount: 2,
	certificateMinTier: 'good'
};

function settings(over: Partial<RankingSettings> = {}): RankingSettings {
	return { bonusCap: null, ...COUNCIL, ...over };
}

function crit(
	code: string,
	kind: CriterionKind,
	maxPoints: number,
	weight = 1,
	groupCode = 'A',
	sortOrder = 0,
	groupName = `Nhóm ${groupCode}`
): CriterionDef {
	return { code, groupCode, groupName, name: `Tiêu chí ${code}`, maxPoints, weight, kind, sortOrder };
}

function member(
	unitCode: string,
	unitName = `Đơn vị ${unitCode}`,
	role: BlocMember['role'] = 'member'
): BlocMember {
	return { unitCode, unitName, role };
}

/** reviewed wins; `self` alone is an unreviewed self-score. */
function sc(
	unitCode: string,
	criterionCode: string,
	self: number | null,
	reviewed: number | null
): ScoreEntry {
	return { unitCode, criterionCode, selfScore: self, reviewedScore: reviewed };
}

/** One content criterion C (max 100, weight 1): each unit's points are its percent. */
function simpleBloc(points: Record<string, number>, over: Partial<RankingSettings> = {}): BlocInput {
	const codes = Object.keys(points);
	return {
		settings: settings(over),
		criteria: [crit('C', 'content', 100)],
		members: codes.map((c) => member(c)),
		scores: codes.map((c) => sc(c, 'C', null, points[c]!))
	};
}

const byCode = (rows: RankingRow[]) => Object.fromEntries(rows.map((r) => [r.unitCode, r]));
const pick = (rows: RankingRow[], ...keys: (keyof RankingRow)[]) =>
	rows.map((r) => [r.unitCode, ...keys.map((k) => r[k])]);

/** The printed proposal lines, with unit codes for the units. */
function slates(rows: RankingRow[], over: Partial<RankingSettings> = {}) {
	const codes = (s: ReturnType<typeof proposalSlates>['flag']) => ({
		outright: s.outright.map((r) => r.unitCode),
		vote: s.vote.map((r) => r.unitCode),
		votePlaces: s.votePlaces,
		runnersUpPlaces: s.runnersUpPlaces
	});
	const s = proposalSlates(rows, settings(over));
	return { flag: codes(s.flag), certificate: codes(s.certificate) };
}

// ---------------------------------------------------------------------------------------------

describe('exact arithmetic helpers', () => {
	it('scales numbers to exact integers and rounds half away from zero', () => {
		expect(scaled(0.29, 2)).toBe(29n); // 0.29 × 100 = 28.999999999999996 in floating point
		expect(scaled(2.5, 3)).toBe(2500n);
		expect(scaled(-1.005, 2)).toBe(-100n); // -1.005 is -1.00499999… in binary
		expect(divRoundHalfAway(2345n, 10n)).toBe(235n);
		expect(divRoundHalfAway(-2345n, 10n)).toBe(-235n);
		expect(divRoundHalfAway(2344n, 10n)).toBe(234n);
		// 1e-5 units → 2 decimals: 2.345 → 2.35, -2.345 → -2.35, 0.004 → 0
		expect(toDisplay(234500n)).toBe(2.35);
		expect(toDisplay(-234500n)).toBe(-2.35);
		expect(toDisplay(400n)).toBe(0);
	});

	it('computes the percent to 2 decimals, 0 without a content maximum', () => {
		expect(percentOf(902_4n, 950_0n)).toBe(94.99); // 902.4 / 950 = 94.98947…
		expect(percentOf(2n, 3n)).toBe(66.67);
		expect(percentOf(-1n, 3n)).toBe(-33.33);
		expect(percentOf(5n, 0n)).toBe(0);
	});

	it('ranks with standard competition ranking (1, 2, 2, 4)', () => {
		expect(competitionRanks([10n, 8n, 8n, 5n])).toEqual([1, 2, 2, 4]);
		expect(competitionRanks([5n, 5n, 5n])).toEqual([1, 1, 1]);
		expect(competitionRanks([])).toEqual([]);
	});
});

describe('tiers', () => {
	const t = COUNCIL.thresholds;

	it('compares total × 100 ≥ threshold × contentMax exactly', () => {
		// 902.5 / 950 = 95.00 % exactly → excellent; 902.49 / 950 = 94.9989…% → good
		expect(tierFor(902_50n, 950_00n, t)).toBe('excellent');
		expect(tierFor(902_49n, 950_00n, t)).toBe('good');
		// 85 % of 950 = 807.5; 70 % = 665; 50 % = 475
		expect(tierFor(807_50n, 950_00n, t)).toBe('good');
		expect(tierFor(807_49n, 950_00n, t)).toBe('fair');
		expect(tierFor(665_00n, 950_00n, t)).toBe('fair');
		expect(tierFor(475_00n, 950_00n, t)).toBe('average');
		expect(tierFor(474_99n, 950_00n, t)).toBe('weak');
		// thresholds with 2 decimals: 94.99 % of 10000 = 9499
		expect(tierFor(9499n, 10000n, { ...t, excellent: 94.99 })).toBe('excellent');
		expect(tierFor(9498n, 10000n, { ...t, excellent: 94.99 })).toBe('good');
	});

	it('counts the percent as 0 when there is no content maximum', () => {
		expect(tierFor(10n, 0n, t)).toBe('weak');
		expect(tierFor(10n, 0n, { ...t, average: 0 })).toBe('average');
	});

	it('orders tiers excellent > good > fair > average > weak', () => {
		expect(tierAtLeast('excellent', 'good')).toBe(true);
		expect(tierAtLeast('good', 'good')).toBe(true);
		expect(tierAtLeast('fair', 'good')).toBe(false);
		expect(tierAtLeast('weak', 'weak')).toBe(true);
		expect(tierAtLeast('average', 'excellent')).toBe(false);
		expect(parseTier('fair')).toBe('fair');
		expect(() => parseTier('gold')).toThrow(/gold/);
	});
});

describe('resolveSettings', () => {
	it('falls back to the council for every NULL pledge setting', () => {
		expect(resolveSettings(null, COUNCIL)).toEqual({ bonusCap: null, ...COUNCIL });
		expect(
			resolveSettings(
				{
					bonusCap: 50,
					tierExcellentPct: 90,
					tierGoodPct: null,
					tierFairPct: 65.5,
					tierAveragePct: null,
					flagCount: 0,
					flagMinTier: null,
					certificateCount: null,
					certificateMinTier: 'fair'
				},
				COUNCIL
			)
		).toEqual({
			bonusCap: 50,
			thresholds: { excellent: 90, good: 85, fair: 65.5, average: 50 },
			flagCount: 0, // 0 is a value, not "unset"
			flagMinTier: 'good',
			certificateCount: 2,
			certificateMinTier: 'fair'
		});
	});

	it('changes the tier of the same bloc when the pledge overrides the council', () => {
		// 90 of 100: good under the council's 95 %, excellent under a pledge's 90 %
		const pledge = {
			bonusCap: null,
			tierExcellentPct: 90,
			tierGoodPct: null,
			tierFairPct: null,
			tierAveragePct: null,
			flagCount: null,
			flagMinTier: null,
			certificateCount: null,
			certificateMinTier: null
		};
		const bloc = simpleBloc({ U1: 90 });
		expect(rankBloc({ ...bloc, settings: resolveSettings(null, COUNCIL) })[0]?.tier).toBe('good');
		expect(rankBloc({ ...bloc, settings: resolveSettings(pledge, COUNCIL) })[0]?.tier).toBe('excellent');
	});
});

describe('rankBloc: the 1,000-point bloc', () => {
	// 950 content + bonus capped at 50 (Thừa Thiên Huế style), one deduction criterion.
	const criteria = [
		crit('I.1', 'content', 100, 2.5, 'I', 1, 'Công tác chỉ đạo'), // max 100 × 2.5 = 250
		crit('I.2', 'content', 200, 1, 'I', 3, 'Công tác chỉ đạo'), // max 200
		crit('II.1', 'content', 250, 2, 'II', 2, 'Kết quả nhiệm vụ'), // max 250 × 2 = 500
		crit('B.1', 'bonus', 20, 1.5, 'III', 4),
		crit('B.2', 'bonus', 30, 1, 'III', 5),
		crit('D.1', 'deduction', 8, 1, 'IV', 6)
	];
	const input: BlocInput = {
		settings: settings({ bonusCap: 50 }),
		criteria,
		members: [
			member('U4', 'Thị trấn Ea Súp', 'deputy'),
			member('U2', 'Xã Đông Hòa'),
			member('U3', 'Xã Dương Hòa'),
			member('U1', 'Xã An Bình', 'leader')
		],
		scores: [
			sc('U1', 'I.1', 100, 96),
			sc('U1', 'I.2', 190, 190),
			sc('U1', 'II.1', 220, 215),
			sc('U1', 'B.1', 20, null),
			sc('U1', 'B.2', 25, 25),
			sc('U1', 'D.1', null, 7.5),
			sc('U2', 'I.1', 96, 96),
			sc('U2', 'I.2', null, 190),
			sc('U2', 'II.1', 230, 216.2),
			sc('U2', 'B.1', 10, 10),
			sc('U2', 'B.2', 25, 25),
			sc('U3', 'I.1', 100, 100),
			sc('U3', 'I.2', 200, 200),
			sc('U3', 'II.1', 202.5, 202.5),
			sc('U3', 'B.1', 20, 20),
			sc('U3', 'B.2', 30, 30),
			sc('U3', 'D.1', 2.6, null),
			sc('U4', 'I.1', 80, 60),
			sc('U4', 'II.1', 250, 250),
			sc('U4', 'D.1', 8, 8),
			// not a member: ignored
			sc('X', 'I.1', 100, 100),
			sc('X', 'B.1', 20, 20)
		]
	};
	const rows = rankBloc(input);
	const r = byCode(rows);

	it('applies weights, the bonus cap and the deduction', () => {
		expect(r.U1).toMatchObject({
			content: 2.5 * 96 + 190 + 2 * 215, // 240 + 190 + 430 = 860
			contentMax: 2.5 * 100 + 200 + 2 * 250, // 950
			bonusRaw: 1.5 * 20 + 25, // 55 (B.1 is an unreviewed self-score)
			bonus: 50, // min(55, cap 50)
			deduction: 7.5,
			total: 860 + 50 - 7.5, // 902.5
			percent: 95, // 902.5 / 950 × 100
			tier: 'excellent', // exactly on the 95 % threshold
			unreviewedCount: 1,
			missingCount: 0
		});
		expect(r.U1?.groups).toEqual([
			// group I first: its smallest sort order is 1 (I.1), group II's is 2
			{ groupCode: 'I', groupName: 'Công tác chỉ đạo', points: 240 + 190, max: 250 + 200 },
			{ groupCode: 'II', groupName: 'Kết quả nhiệm vụ', points: 2 * 215, max: 2 * 250 }
		]);
	});

	it('takes the reviewed score over the self-score and counts missing scores as 0', () => {
		expect(r.U4).toMatchObject({
			content: 2.5 * 60 + 0 + 2 * 250, // reviewed 60, not self 80; I.2 missing → 650
			bonusRaw: 0,
			bonus: 0,
			deduction: 8,
			total: 650 - 8, // 642
			percent: 67.58, // 642 / 950 = 67.578…
			tier: 'average',
			unreviewedCount: 0,
			missingCount: 1 // I.2; the absent bonus rows B.1, B.2 are 0 but not missing
		});
		expect(r.U3).toMatchObject({ deduction: 2.6, unreviewedCount: 1 }); // self-only deduction
	});

	it('shares rank 2 between equal totals and keeps 94.99 % below the excellent threshold', () => {
		// U2: 2.5×96 + 190 + 2×216.2 = 862.4, bonus 1.5×10 + 25 = 40 → 902.4
		// U3: 2.5×100 + 200 + 2×202.5 = 855, bonus min(1.5×20 + 30, 50) = 50, deduction 2.6 → 902.4
		expect(r.U2?.total).toBe(862.4 + 40);
		expect(r.U3?.total).toBe(855 + 50 - 2.6);
		// 902.4 × 100 = 90240 < 95 × 950 = 90250
		expect(pick(rows, 'total', 'percent', 'rank', 'tied', 'tier')).toEqual([
			['U1', 902.5, 95, 1, false, 'excellent'],
			// equal rank: Vietnamese order, "Dương" (D) before "Đông" (Đ)
			['U3', 902.4, 94.99, 2, true, 'good'],
			['U2', 902.4, 94.99, 2, true, 'good'],
			['U4', 642, 67.58, 4, false, 'average']
		]);
	});

	it('proposes the flag to the leader and certificates to the next two', () => {
		// flag: 1 place, ≥ good → U1; certificates: 2 places among the others ≥ good → U3, U2
		expect(pick(rows, 'proposal', 'proposalTie')).toEqual([
			['U1', 'flag', false],
			['U3', 'certificate', false],
			['U2', 'certificate', false],
			['U4', null, false]
		]);
	});

	it('needs a vote when the certificate places are fewer than the tied units', () => {
		// 1 certificate place, U2 and U3 tied at the top of the remaining units → both, with a vote
		const one = rankBloc({ ...input, settings: settings({ bonusCap: 50, certificateCount: 1 }) });
		expect(pick(one, 'proposal', 'proposalTie')).toEqual([
			['U1', 'flag', false],
			['U3', 'certificate', true],
			['U2', 'certificate', true],
			['U4', null, false]
		]);
	});

	it('lets the bonus lift a unit above the content maximum without a cap', () => {
		// U3 without a cap: 855 + 60 − 2.6 = 912.4 … U1: 860 + 55 − 7.5 = 907.5
		const uncapped = byCode(rankBloc({ ...input, settings: settings({ bonusCap: null }) }));
		expect(uncapped.U3).toMatchObject({ bonus: 60, total: 855 + 60 - 2.6, rank: 1 });
		expect(uncapped.U1).toMatchObject({ bonus: 55, total: 860 + 55 - 7.5, rank: 2 });
	});
});

describe('rankBloc: proposals', () => {
	// Council defaults throughout unless said: flag 1 place (≥ good), certificates 2 places (≥ good);
	// one content criterion of 100 points, so each total is its percent (good ≥ 85, excellent ≥ 95).

	it('proposes a tie that fits in the places outright, without a vote', () => {
		// 98 → flag. Certificates among the rest: 90, 90 share certificate rank 1; 2 tied units for
		// 2 places → both proposed, nobody votes. 80 is fair, below good.
		const rows = rankBloc(simpleBloc({ A: 98, B: 90, C: 90, D: 80 }));
		expect(pick(rows, 'rank', 'tied', 'proposal', 'proposalTie')).toEqual([
			['A', 1, false, 'flag', false],
			['B', 2, true, 'certificate', false],
			['C', 2, true, 'certificate', false],
			['D', 4, false, null, false]
		]);
	});

	it('at the boundary, votes only between the units tied at the last place (K04 2024)', () => {
		// 98 → flag. Certificates among the rest: 95 (1), 90 (2), 90 (2), 86 (4). 2 places: 95 alone
		// above the tie takes one outright; 90 and 90 are 2 units for the 1 place left → they vote.
		const rows = rankBloc(simpleBloc({ A: 98, B: 95, C: 90, D: 90, E: 86 }));
		expect(pick(rows, 'rank', 'proposal', 'proposalTie')).toEqual([
			['A', 1, 'flag', false],
			['B', 2, 'certificate', false],
			['C', 3, 'certificate', true],
			['D', 3, 'certificate', true],
			['E', 5, null, false]
		]);
		expect(slates(rows)).toEqual({
			flag: { outright: ['A'], vote: [], votePlaces: 0, runnersUpPlaces: 0 },
			certificate: { outright: ['B'], vote: ['C', 'D'], votePlaces: 2 - 1, runnersUpPlaces: 0 }
		});
	});

	it('votes among three tied at the last certificate place, the one above is outright', () => {
		// 98 → flag; the others re-ranked: 90 (1), 88 (2), 88 (2), 88 (2), 86 (5); 2 places:
		// 90 outright, three 88 for 2 − 1 = 1 place → vote
		const rows = rankBloc(simpleBloc({ A: 98, B: 90, C: 88, D: 88, F: 88, E: 86 }));
		expect(pick(rows, 'proposal', 'proposalTie')).toEqual([
			['A', 'flag', false],
			['B', 'certificate', false],
			['C', 'certificate', true],
			['D', 'certificate', true],
			['F', 'certificate', true],
			['E', null, false]
		]);
	});

	it('a tie at the flag place pushes the unit not chosen into the certificates', () => {
		// 97, 97 share rank 1: 2 units for 1 flag place → they vote. The one not chosen outranks
		// everyone else, so it takes 1 of the 2 certificate places: 2 − (2 − 1) = 1 place left for
		// the others → 90 outright; 88 (certificate rank 2 > 1) gets nothing, 86 neither.
		const rows = rankBloc(simpleBloc({ A: 97, B: 97, C: 90, D: 88, E: 86 }));
		expect(pick(rows, 'rank', 'tier', 'proposal', 'proposalTie')).toEqual([
			['A', 1, 'excellent', 'flag', true],
			['B', 1, 'excellent', 'flag', true],
			['C', 3, 'good', 'certificate', false],
			['D', 4, 'good', null, false],
			['E', 5, 'good', null, false]
		]);
		// printed: flag — vote 1 of A, B; certificates — 1 place for the one not chosen, then C
		expect(slates(rows)).toEqual({
			flag: { outright: [], vote: ['A', 'B'], votePlaces: 1, runnersUpPlaces: 0 },
			certificate: { outright: ['C'], vote: [], votePlaces: 0, runnersUpPlaces: 1 }
		});
	});

	it('a flag tie can leave a tie at the one certificate place left', () => {
		// 97, 97 vote for 1 flag; 1 certificate place goes to the one not chosen, 1 is left: 90 and
		// 90 share it → they vote too; 86 gets nothing
		const rows = rankBloc(simpleBloc({ A: 97, B: 97, C: 90, D: 90, E: 86 }));
		expect(pick(rows, 'proposal', 'proposalTie')).toEqual([
			['A', 'flag', true],
			['B', 'flag', true],
			['C', 'certificate', true],
			['D', 'certificate', true],
			['E', null, false]
		]);
		expect(slates(rows).certificate).toEqual({
			outright: [],
			vote: ['C', 'D'],
			votePlaces: 2 - 1,
			runnersUpPlaces: 1
		});
	});

	it('leaves no certificate to the others when the flag vote’s runners-up fill every place', () => {
		// three 97 for 1 flag place: 3 − 1 = 2 not chosen ≥ 1 certificate place → 90 gets nothing
		const rows = rankBloc(simpleBloc({ A: 97, B: 97, C: 97, D: 90 }, { certificateCount: 1 }));
		expect(pick(rows, 'proposal', 'proposalTie')).toEqual([
			['A', 'flag', true],
			['B', 'flag', true],
			['C', 'flag', true],
			['D', null, false]
		]);
		expect(slates(rows, { certificateCount: 1 }).certificate).toEqual({
			outright: [],
			vote: [],
			votePlaces: 0,
			runnersUpPlaces: 1
		});
	});

	it('with 2 flag places and ranks 1, 2, 2: rank 1 is flagged outright, ranks 2 vote', () => {
		// 3 units ≥ good within 2 places: 99 alone above the tie → outright; 90 and 90 for the 1 place
		// left → vote; the one not chosen takes 1 of the 2 certificate places; nobody else is left
		const rows = rankBloc(simpleBloc({ U1: 99, U2: 90, U3: 90 }, { flagCount: 2 }));
		expect(pick(rows, 'proposal', 'proposalTie')).toEqual([
			['U1', 'flag', false],
			['U2', 'flag', true],
			['U3', 'flag', true]
		]);
		expect(slates(rows, { flagCount: 2 }).flag).toEqual({
			outright: ['U1'],
			vote: ['U2', 'U3'],
			votePlaces: 2 - 1,
			runnersUpPlaces: 0
		});
	});

	it('refuses the flag below flagMinTier; that unit may still get a certificate', () => {
		// 80 % is fair: no flag (min good), and nobody else gets it (rank 2 > 1 place)
		const rows = rankBloc(simpleBloc({ U1: 80, U2: 75, U3: 60 }, { certificateMinTier: 'fair' }));
		expect(pick(rows, 'rank', 'tier', 'proposal', 'proposalTie')).toEqual([
			['U1', 1, 'fair', 'certificate', false],
			['U2', 2, 'fair', 'certificate', false],
			['U3', 3, 'average', null, false]
		]);
		// with the council's "good" for certificates too, nobody is proposed
		expect(rankBloc(simpleBloc({ U1: 80, U2: 75 })).map((r) => r.proposal)).toEqual([null, null]);
	});

	it('keeps no certificate place for flag runners-up below the certificate tier', () => {
		// flag from fair, certificates from excellent: 80, 80 vote for the flag; the one not chosen
		// is fair, below excellent, so it takes no certificate place (nor does anyone below it)
		const over = { flagMinTier: 'fair', certificateMinTier: 'excellent' } as const;
		const rows = rankBloc(simpleBloc({ A: 80, B: 80, C: 70 }, over));
		expect(pick(rows, 'proposal', 'proposalTie')).toEqual([
			['A', 'flag', true],
			['B', 'flag', true],
			['C', null, false]
		]);
		expect(slates(rows, over).certificate.runnersUpPlaces).toBe(0);
	});

	it('proposes nothing when the pledge sets no places', () => {
		const rows = rankBloc(simpleBloc({ U1: 99, U2: 98 }, { flagCount: 0, certificateCount: 0 }));
		expect(rows.map((r) => r.proposal)).toEqual([null, null]);
	});
});

describe('lastPlaceVote', () => {
	it('marks nobody when the selected units fit, and only the lowest selected total otherwise', () => {
		const totals = [10n, 9n, 8n, 8n, 7n];
		const selected = [true, true, true, true, false];
		expect(lastPlaceVote(selected, totals, 4)).toEqual([false, false, false, false, false]);
		expect(lastPlaceVote(selected, totals, 3)).toEqual([false, false, true, true, false]);
		// nothing selected, even with no place (or fewer than none) left: no vote
		expect(lastPlaceVote([false, false], [1n, 1n], 0)).toEqual([false, false]);
		expect(lastPlaceVote([false, false], [1n, 1n], -1)).toEqual([false, false]);
	});
});

describe('rankBloc: edge cases', () => {
	it('ranks a member without any score last, with every content criterion missing', () => {
		const input: BlocInput = {
			settings: settings(),
			criteria: [crit('C1', 'content', 10), crit('C2', 'content', 10), crit('B', 'bonus', 5)],
			members: [member('U1'), member('U2')],
			scores: [sc('U1', 'C1', 10, null)]
		};
		const r = byCode(rankBloc(input));
		expect(r.U2).toMatchObject({ total: 0, percent: 0, rank: 2, tier: 'weak', missingCount: 2 }); // C1, C2 (not B)
		expect(r.U1).toMatchObject({ total: 10, percent: 50, rank: 1, unreviewedCount: 1, missingCount: 1 }); // C2
	});

	it('treats a score row with both sides NULL as missing', () => {
		const input = simpleBloc({ U1: 50 });
		const rows = rankBloc({ ...input, scores: [sc('U1', 'C', null, null)] });
		expect(rows[0]).toMatchObject({ total: 0, missingCount: 1, unreviewedCount: 0 });
	});

	it('is exact where floating point is not: 0.1 × 1 + 0.2 × 1 ties with 0.3 × 1', () => {
		// in floating point 0.1 + 0.2 = 0.30000000000000004 > 0.3
		const input: BlocInput = {
			settings: settings(),
			criteria: [crit('A', 'content', 10, 0.1), crit('B', 'content', 10, 0.2), crit('C', 'content', 10, 0.3)],
			members: [member('U1'), member('U2')],
			scores: [sc('U1', 'A', null, 1), sc('U1', 'B', null, 1), sc('U2', 'C', null, 1)]
		};
		expect(pick(rankBloc(input), 'total', 'rank', 'tied')).toEqual([
			['U1', 0.3, 1, true],
			['U2', 0.3, 1, true]
		]);
	});

	it('rounds weighted sums to 2 decimals only for display', () => {
		// weight 0.333 × 1.5 = 0.4995; 3 such criteria = 1.4985 → 1.50 shown
		// max 3 × 0.333 × 3 = 2.997 → 3.00 shown
		const input: BlocInput = {
			settings: settings(),
			criteria: ['A', 'B', 'C'].map((c) => crit(c, 'content', 3, 0.333)),
			members: [member('U1')],
			scores: ['A', 'B', 'C'].map((c) => sc('U1', c, null, 1.5))
		};
		const [row] = rankBloc(input);
		expect(row).toMatchObject({ content: 1.5, contentMax: 3, total: 1.5 });
		expect(row?.percent).toBe(50); // 1.4985 / 2.997 = 50 % exactly
	});

	it('allows a negative total when deductions exceed the content', () => {
		const input: BlocInput = {
			settings: settings(),
			criteria: [crit('C', 'content', 10), crit('D', 'deduction', 8, 2)],
			members: [member('U1')],
			scores: [sc('U1', 'C', null, 1), sc('U1', 'D', null, 1.5)]
		};
		// 1 − 2 × 1.5 = −2 → −20 %
		expect(rankBloc(input)[0]).toMatchObject({ total: -2, percent: -20, tier: 'weak' });
	});

	it('gives percent 0 and no content groups when the pledge has only bonus criteria', () => {
		const input: BlocInput = {
			settings: settings(),
			criteria: [crit('B', 'bonus', 5)],
			members: [member('U1')],
			scores: [sc('U1', 'B', 5, 5)]
		};
		expect(rankBloc(input)[0]).toMatchObject({
			groups: [],
			contentMax: 0,
			total: 5,
			percent: 0,
			tier: 'weak'
		});
	});

	it('orders groups by their smallest sort order, then code; names come from the first criterion', () => {
		const input: BlocInput = {
			settings: settings(),
			criteria: [
				crit('z1', 'content', 1, 1, 'Z', 1, 'Nhóm Z'),
				crit('a2', 'content', 1, 1, 'A', 5, 'Nhóm A (cũ)'),
				crit('a1', 'content', 1, 1, 'A', 2, 'Nhóm A'),
				crit('m1', 'content', 1, 1, 'M', 2, 'Nhóm M'),
				crit('b1', 'bonus', 1, 1, 'B', 0, 'Thưởng')
			],
			members: [member('U1')],
			scores: []
		};
		expect(rankBloc(input)[0]?.groups.map((g) => [g.groupCode, g.groupName, g.max])).toEqual([
			['Z', 'Nhóm Z', 1],
			['A', 'Nhóm A', 2],
			['M', 'Nhóm M', 1]
		]);
	});

	it('orders equal ranks by Vietnamese name (numbers by value, Đ after D), then code', () => {
		const names = ['Phường 10', 'Phường 2', 'Xã Đức Hòa', 'Xã Dũng Tiến', 'Xã An Bình', 'Xã An Bình'];
		const input: BlocInput = {
			settings: settings(),
			criteria: [crit('C', 'content', 10)],
			members: names.map((n, i) => member(`U${6 - i}`, n)),
			scores: []
		};
		expect(rankBloc(input).map((r) => `${r.unitName} ${r.unitCode}`)).toEqual([
			'Phường 2 U5',
			'Phường 10 U6',
			'Xã An Bình U1',
			'Xã An Bình U2',
			'Xã Dũng Tiến U3',
			'Xã Đức Hòa U4'
		]);
	});
});
