import { describe, expect, it } from 'vitest';
import {
	balanceOf,
	categoryBreakdown,
	groupShares,
	missingTarget,
	rollUp,
	total,
	unitBalances,
	zeroCounts,
	type AwardCounts,
	type AwardFact
} from '../../src/lib/domain/award-balance';

function counts(c: Partial<AwardCounts>): AwardCounts {
	return { ...zeroCounts(), ...c };
}

function fact(f: Partial<AwardFact> & Pick<AwardFact, 'unitCode'>): AwardFact {
	return {
		year: 2024,
		blocCode: 'K1',
		unitName: f.unitCode,
		awardCode: 'LDTT',
		awardClass: 'title',
		level: 'grassroots',
		...zeroCounts(),
		...f
	};
}

describe('balanceOf', () => {
	it('compares direct-worker awards with leader and manager awards against the target, exactly', () => {
		// 3 leaders + 5 managers = 8; 6 direct workers; 20 individual awards.
		// share = 6 / 20 = 30%; 8 : 6 → 1,33 leaders per direct worker; 6 / 8 = 0,75 per leader.
		// target 1: required ⌈1 × 8⌉ = 8 > 6 → missed by 2.
		const b = balanceOf(counts({ individuals: 20, leader: 3, manager: 5, staff: 6, directWorker: 6 }), 1);
		expect(b).toEqual({
			leadersManagers: 8,
			directWorker: 6,
			individuals: 20,
			directShare: 30,
			leadersPerDirect: 1.33,
			directPerLeader: 0.75,
			target: 1,
			required: 8,
			meets: false,
			shortfall: 2
		});
	});

	it('meets the target at equality, and follows a target other than 1', () => {
		expect(balanceOf(counts({ individuals: 8, leader: 4, directWorker: 4 }), 1)).toMatchObject({
			meets: true,
			shortfall: 0
		});
		// target 1,5 with 4 leaders: required ⌈1,5 × 4⌉ = 6; 5 direct workers → 1 short
		// (5 × 100 = 500 < 150 × 4 = 600).
		expect(balanceOf(counts({ individuals: 9, leader: 4, directWorker: 5 }), 1.5)).toMatchObject({
			required: 6,
			meets: false,
			shortfall: 1
		});
		// target 1,25 with 3 leaders: ⌈3,75⌉ = 4 required, 4 direct workers meet it (400 ≥ 375).
		expect(balanceOf(counts({ individuals: 7, manager: 3, directWorker: 4 }), 1.25)).toMatchObject({
			required: 4,
			meets: true
		});
	});

	it('cannot be missed without leader awards, and reports no ratio without direct-worker awards', () => {
		expect(balanceOf(counts({ individuals: 2, staff: 2 }), 1)).toMatchObject({
			meets: true,
			directShare: 0,
			leadersPerDirect: null,
			directPerLeader: null
		});
		expect(balanceOf(zeroCounts(), 1)).toMatchObject({ directShare: null, meets: true });
	});
});

describe('shares of the favoured groups', () => {
	it('takes each share of the right total', () => {
		// 10 individual awards (8 with gender recorded, 3 of them women), 2 to ethnic minorities;
		// 4 collective awards, 1 small; 14 awards, 7 in remote areas.
		const c = counts({
			awards: 14,
			individuals: 10,
			directWorker: 4,
			women: 3,
			genderKnown: 8,
			minority: 2,
			collectives: 4,
			smallCollectives: 1,
			remote: 7
		});
		expect(groupShares(c)).toEqual([
			{ group: 'direct_worker', count: 4, base: 10, baseKind: 'individuals', pct: 40 },
			{ group: 'women', count: 3, base: 8, baseKind: 'genderKnown', pct: 37.5 },
			{ group: 'minority', count: 2, base: 10, baseKind: 'individuals', pct: 20 },
			{ group: 'remote', count: 7, base: 14, baseKind: 'awards', pct: 50 },
			{ group: 'small_collective', count: 1, base: 4, baseKind: 'collectives', pct: 25 }
		]);
		expect(categoryBreakdown(counts({ individuals: 3, leader: 1, directWorker: 2 }))).toEqual([
			{ category: 'leader', count: 1, pct: 33.33 },
			{ category: 'manager', count: 0, pct: 0 },
			{ category: 'staff', count: 0, pct: 0 },
			{ category: 'direct_worker', count: 2, pct: 66.67 },
			{ category: 'citizen', count: 0, pct: 0 }
		]);
	});
});

describe('adding up facts', () => {
	const facts = [
		fact({ unitCode: 'A', awards: 3, individuals: 3, leader: 2, directWorker: 1 }),
		fact({
			unitCode: 'A',
			awardCode: 'GK',
			awardClass: 'form',
			awards: 2,
			individuals: 2,
			manager: 1,
			directWorker: 1
		}),
		fact({ unitCode: 'B', awards: 4, individuals: 4, leader: 1, directWorker: 3 }),
		fact({ unitCode: 'C', blocCode: 'K2', level: 'province', awards: 2, individuals: 2, leader: 2 }),
		fact({ unitCode: 'A', year: 2023, awards: 1, individuals: 1, leader: 1 })
	];

	it('filters and rolls up along any dimension', () => {
		// 2024: A has 2 + 1 = 3 leaders and managers, 1 + 1 = 2 direct workers; B 1 and 3; C 2 and 0.
		expect(total(facts, { year: 2024 })).toMatchObject({
			individuals: 11,
			leader: 5,
			manager: 1,
			directWorker: 5
		});
		expect(total(facts, { year: 2024, awardClass: 'form' })).toMatchObject({ individuals: 2, manager: 1 });
		expect(total(facts, { year: 2024, level: 'province' })).toMatchObject({ leader: 2 });
		const byBloc = rollUp(facts, (f) => f.blocCode, { year: 2024 });
		expect([...byBloc.keys()]).toEqual(['K1', 'K2']);
		expect(byBloc.get('K1')).toMatchObject({ individuals: 9, leader: 3, manager: 1, directWorker: 5 });
	});

	it('lists the units that miss the target, largest shortfall first', () => {
		const units = unitBalances(facts, 1, { year: 2024 });
		expect(
			units.map((u) => [u.unitCode, u.balance.leadersManagers, u.balance.directWorker, u.balance.meets])
		).toEqual([
			['A', 3, 2, false],
			['B', 1, 3, true],
			['C', 2, 0, false]
		]);
		// C is 2 short (needs 2, has 0), A is 1 short (needs 3, has 2).
		expect(missingTarget(units).map((u) => [u.unitCode, u.balance.shortfall])).toEqual([
			['C', 2],
			['A', 1]
		]);
	});
});
