import { describe, expect, it } from 'vitest';
import { explainUnit } from '../../src/lib/domain/explain';
import type { BlocInput, CriterionDef } from '../../src/lib/domain/types';

const crit = (
	code: string,
	groupCode: string,
	kind: CriterionDef['kind'],
	maxPoints: number,
	weight = 1,
	sortOrder = 0
): CriterionDef => ({
	code,
	groupCode,
	groupName: `Nhóm ${groupCode}`,
	name: `Tiêu chí ${code}`,
	maxPoints,
	weight,
	kind,
	sortOrder
});

const input: BlocInput = {
	settings: {
		bonusCap: 10,
		thresholds: { excellent: 95, good: 85, fair: 70, average: 50 },
		flagCount: 1,
		flagMinTier: 'good',
		certificateCount: 2,
		certificateMinTier: 'good'
	},
	criteria: [
		crit('A1', 'I', 'content', 40, 1, 1),
		crit('A2', 'I', 'content', 20, 1.5, 2),
		crit('B1', 'II', 'content', 30, 1, 3),
		crit('T1', 'III', 'bonus', 8, 1, 4),
		crit('T2', 'III', 'bonus', 6, 1, 5),
		crit('D1', 'IV', 'deduction', 8, 1, 6)
	],
	members: [{ unitCode: 'XA01', unitName: 'Xã Tân Lập', role: 'leader' }],
	scores: [
		{ unitCode: 'XA01', criterionCode: 'A1', selfScore: 40, reviewedScore: 38 },
		{ unitCode: 'XA01', criterionCode: 'A2', selfScore: 19.5, reviewedScore: null },
		{ unitCode: 'XA01', criterionCode: 'T1', selfScore: 8, reviewedScore: 8 },
		{ unitCode: 'XA01', criterionCode: 'T2', selfScore: 6, reviewedScore: 6 },
		{ unitCode: 'XA01', criterionCode: 'D1', selfScore: null, reviewedScore: 2.5 },
		{ unitCode: 'OTHER', criterionCode: 'B1', selfScore: 30, reviewedScore: 30 }
	]
};

describe('explainUnit', () => {
	const e = explainUnit(input, 'XA01');

	it('takes the reviewed score, else the self-score, else nothing, and weighs it', () => {
		expect(e.lines.map((l) => [l.code, l.source, l.points, l.weighted])).toEqual([
			['A1', 'reviewed', 38, 38],
			['A2', 'self', 19.5, 29.25], // 1,5 × 19,5
			['B1', 'missing', 0, 0], // another unit's score is not this unit's
			['T1', 'reviewed', 8, 8],
			['T2', 'reviewed', 6, 6],
			['D1', 'reviewed', 2.5, 2.5]
		]);
	});

	it('adds groups, caps the bonus, subtracts deductions', () => {
		expect(e.groups).toEqual([
			{ groupCode: 'I', groupName: 'Nhóm I', terms: [38, 29.25], sum: 67.25, max: 70 }, // 40 + 1,5 × 20
			{ groupCode: 'II', groupName: 'Nhóm II', terms: [0], sum: 0, max: 30 }
		]);
		expect(e.content).toBe(67.25); // 67,25 + 0
		expect(e.contentMax).toBe(100); // 70 + 30
		expect(e.bonusRaw).toBe(14); // 8 + 6
		expect(e.bonus).toBe(10); // capped at 10
		expect(e.deduction).toBe(2.5);
		expect(e.total).toBe(74.75); // 67,25 + 10 − 2,5
		expect(e.percent4).toBe(74.75); // 74,75 / 100 × 100
	});
});
