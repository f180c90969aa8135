import { describe, expect, it } from 'vitest';
import { rankBloc } from '../../src/lib/domain/ranking';
import type { BlocInput, CriterionDef } from '../../src/lib/domain/types';
import {
	NO_OVERRIDES,
	applyWeightOverrides,
	effectiveWeight,
	normalizeOverrides,
	overridesToParams,
	packInput,
	parseOverrides,
	rankChanges,
	unpackInput,
	whatIf
} from '../../src/lib/domain/whatif';

const crit = (
	code: string,
	groupCode: string,
	weight: number,
	kind: CriterionDef['kind'] = 'content'
): CriterionDef => ({
	code,
	groupCode,
	groupName: `Nhóm ${groupCode}`,
	name: `Tiêu chí ${code}`,
	maxPoints: 10,
	weight,
	kind,
	sortOrder: 0
});

/** A: I.1 = 9, I.2 = 5 → 14; B: I.1 = 6, I.2 = 7 → 13. Content maximum 20. */
const input: BlocInput = {
	settings: {
		bonusCap: null,
		thresholds: { excellent: 95, good: 85, fair: 70, average: 50 },
		flagCount: 1,
		flagMinTier: 'fair',
		certificateCount: 1,
		certificateMinTier: 'average'
	},
	criteria: [crit('I.1', 'I', 1), crit('I.2', 'I', 1), crit('TH.1', 'TH', 1, 'bonus')],
	members: [
		{ unitCode: 'A', unitName: 'Đơn vị A', role: 'leader' },
		{ unitCode: 'B', unitName: 'Đơn vị B', role: 'member' }
	],
	scores: [
		{ unitCode: 'A', criterionCode: 'I.1', selfScore: 9, reviewedScore: 9 },
		{ unitCode: 'A', criterionCode: 'I.2', selfScore: 5, reviewedScore: 5 },
		{ unitCode: 'B', criterionCode: 'I.1', selfScore: 6, reviewedScore: 6 },
		{ unitCode: 'B', criterionCode: 'I.2', selfScore: 7, reviewedScore: 7 }
	]
};

describe('applyWeightOverrides', () => {
	it('returns the same input when nothing is overridden (the SQL ranking stays the reference)', () => {
		expect(applyWeightOverrides(input, NO_OVERRIDES)).toBe(input);
	});

	it('multiplies a criterion’s weight (own override, else the pledge’s) by its group factor, to 3 decimals', () => {
		const o = { criteria: { 'I.2': 2 }, groups: { I: 1.5 } };
		expect(effectiveWeight(input.criteria[0]!, o)).toBe(1.5); // 1 × 1,5
		expect(effectiveWeight(input.criteria[1]!, o)).toBe(3); // 2 × 1,5
		expect(effectiveWeight(input.criteria[2]!, o)).toBe(1); // bonus group untouched
		expect(effectiveWeight(crit('X', 'I', 1.333), { criteria: {}, groups: { I: 1.5 } })).toBe(2); // 1,9995 → 2,000 (half away)
		const out = applyWeightOverrides(input, o);
		expect(out.criteria.map((c) => c.weight)).toEqual([1.5, 3, 1]);
		expect(input.criteria.map((c) => c.weight)).toEqual([1, 1, 1]); // not mutated
	});

	it('re-ranks: doubling I.2 puts B first (A 9 + 2 × 5 = 19, B 6 + 2 × 7 = 20)', () => {
		const before = rankBloc(input);
		expect(before.map((r) => [r.unitCode, r.rank, r.total])).toEqual([
			['A', 1, 14],
			['B', 2, 13]
		]);
		const changes = whatIf(input, { criteria: { 'I.2': 2 }, groups: {} }, before);
		expect(changes.map((c) => [c.after.unitCode, c.after.rank, c.after.total, c.delta])).toEqual([
			['B', 1, 20, 1],
			['A', 2, 19, -1]
		]);
		// Content maximum 10 + 2 × 10 = 30: B 20 / 30 = 66,67%, A 19 / 30 = 63,33%.
		expect(changes.map((c) => c.after.percent)).toEqual([66.67, 63.33]);
		// A loses its flag: 63,33% is below Khá (70%), the flag's minimum tier; B (66,67%, Trung bình)
		// keeps the one certificate.
		expect(changes.map((c) => [c.after.tier, c.after.proposal, c.proposalChanged])).toEqual([
			['average', 'certificate', false],
			['average', null, true]
		]);
	});

	it('drops a criterion with weight 0 (its maximum too)', () => {
		// Only I.1 counts: A 9, B 6, maximum 10.
		const rows = rankBloc(applyWeightOverrides(input, { criteria: { 'I.2': 0 }, groups: {} }));
		expect(rows.map((r) => [r.unitCode, r.total, r.contentMax, r.percent])).toEqual([
			['A', 9, 10, 90],
			['B', 6, 10, 60]
		]);
	});
});

describe('parseOverrides', () => {
	it('reads Vietnamese numbers, ignores empty and unchanged fields, reports the rest', () => {
		const { overrides, problems } = parseOverrides(
			[
				['bloc', 'K01'],
				['w.I.1', '1'], // the pledge weight: no override
				['w.I.2', '1,5'],
				['g.I', '2'],
				['g.TH', '1'],
				['w.TH.1', ''],
				['w.I.9', '2'],
				['g.I', 'abc'],
				['w.I.1', '-1'],
				['w.I.2', '1,2345']
			],
			input
		);
		expect(overrides).toEqual({ criteria: { 'I.2': 1.5 }, groups: { I: 2 } });
		expect(problems).toEqual([
			{ field: 'w.I.9', raw: '2', reason: 'unknown' },
			{ field: 'g.I', raw: 'abc', reason: 'not_number' },
			{ field: 'w.I.1', raw: '-1', reason: 'out_of_range' },
			{ field: 'w.I.2', raw: '1,2345', reason: 'decimals' }
		]);
		expect(overridesToParams(overrides)).toEqual([
			['g.I', '2'],
			['w.I.2', '1.5']
		]);
		expect(normalizeOverrides(input, { criteria: { 'I.1': 1, 'I.2': 1 }, groups: { I: 1 } })).toEqual(
			NO_OVERRIDES
		);
	});
});

describe('rankChanges', () => {
	it('pairs every unit with its original row', () => {
		const before = rankBloc(input);
		expect(
			rankChanges(before, before).every((c) => c.delta === 0 && !c.tierChanged && !c.proposalChanged)
		).toBe(true);
	});
});

describe('packInput', () => {
	it('sends the scores as columns and gives back the same input, in the same order', () => {
		const withGaps: BlocInput = {
			...input,
			scores: [
				...input.scores.slice(2),
				{ unitCode: 'A', criterionCode: 'TH.1', selfScore: 2.5, reviewedScore: null },
				{ unitCode: 'B', criterionCode: 'TH.1', selfScore: null, reviewedScore: null },
				...input.scores.slice(0, 2)
			]
		};
		const packed = packInput(withGaps);
		expect(packed.scores).toEqual({
			unitCode: ['B', 'B', 'A', 'B', 'A', 'A'],
			criterionCode: ['I.1', 'I.2', 'TH.1', 'TH.1', 'I.1', 'I.2'],
			selfScore: [6, 7, 2.5, null, 9, 5],
			reviewedScore: [6, 7, null, null, 9, 5]
		});
		expect(unpackInput(packed)).toEqual(withGaps);
		// Through JSON, as the page receives it: still the same ranking.
		const received = unpackInput(JSON.parse(JSON.stringify(packed)));
		expect(rankBloc(received)).toEqual(rankBloc(withGaps));
	});
});
