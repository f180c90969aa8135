import { describe, expect, it } from 'vitest';
import {
	codeMeaningChange,
	contentMaximum,
	orderWith,
	parseCriterion,
	parsePledgeSettings,
	pledgeLocked,
	reorder,
	type CouncilDefaults,
	type CriterionValue
} from '../../src/lib/domain/pledge-editor';
import { can, type BlocYear, type Principal, type Stage } from '../../src/lib/domain/policy';

const defaults: CouncilDefaults = {
	thresholds: { excellent: 95, good: 85, fair: 70, average: 50 },
	flagCount: 1,
	flagMinTier: 'good',
	certificateCount: 2,
	certificateMinTier: 'good'
};

const settings = (over: Record<string, string> = {}) => ({
	title: 'Giao ước 2025',
	signedDate: '15/03/2025',
	bonusCap: '50',
	tierExcellent: '',
	tierGood: '',
	tierFair: '',
	tierAverage: '',
	flagCount: '',
	flagMinTier: '',
	certificateCount: '',
	certificateMinTier: '',
	...over
});

describe('parsePledgeSettings', () => {
	it('reads Vietnamese numbers and dates; empty settings fall back (null)', () => {
		const r = parsePledgeSettings(
			settings({ bonusCap: '12,5', tierExcellent: '96,5', flagCount: '2' }),
			defaults
		);
		expect(r).toEqual({
			ok: true,
			value: {
				title: 'Giao ước 2025',
				signedDate: '2025-03-15',
				bonusCap: 12.5,
				thresholds: { excellent: 96.5, good: null, fair: null, average: null },
				flagCount: 2,
				flagMinTier: null,
				certificateCount: null,
				certificateMinTier: null
			}
		});
	});

	it('names the field of a bad number, a bad date, a negative place, a missing title', () => {
		const r = parsePledgeSettings(
			settings({ title: ' ', bonusCap: 'năm mươi', signedDate: '31/02/2025', certificateCount: '-1' }),
			defaults
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.map((e) => [e.field, e.key])).toEqual([
			['title', 'required'],
			['signedDate', 'date'],
			['bonusCap', 'number'],
			['certificateCount', 'min']
		]);
	});

	it('refuses thresholds that do not fall strictly, as they apply with the defaults', () => {
		// good 96 ≥ the default excellent 95
		const r = parsePledgeSettings(settings({ tierGood: '96' }), defaults);
		expect(r.ok).toBe(false);
		if (!r.ok)
			expect(r.errors).toEqual([
				{ field: 'tierGood', key: 'decreasing', params: { value: 96, above: 95, aboveTier: 'excellent' } }
			]);
		// equal is refused too: fair 85 = the default good 85
		const eq = parsePledgeSettings(settings({ tierFair: '85' }), defaults);
		expect(!eq.ok && eq.errors[0]?.field).toBe('tierFair');
		// 90 > 80 > 60 > 40: fine
		expect(
			parsePledgeSettings(
				settings({ tierExcellent: '90', tierGood: '80', tierFair: '60', tierAverage: '40' }),
				defaults
			).ok
		).toBe(true);
	});

	it('refuses a threshold with 3 decimals or above 200, a place with decimals, an unknown tier', () => {
		const r = parsePledgeSettings(
			settings({ tierExcellent: '95,125', tierAverage: '250', flagCount: '1,5', flagMinTier: 'best' }),
			defaults
		);
		expect(!r.ok && r.errors.map((e) => [e.field, e.key])).toEqual([
			['tierExcellent', 'decimals'],
			['tierAverage', 'max'],
			['flagCount', 'integer'],
			['flagMinTier', 'tier']
		]);
	});
});

const C = (
	code: string,
	groupCode: string,
	maxPoints: number,
	weight = 1,
	kind: CriterionValue['kind'] = 'content'
) => ({
	code,
	groupCode,
	groupName: `Phần ${groupCode}`,
	name: `Tiêu chí ${code}`,
	maxPoints,
	weight,
	kind
});

describe('parseCriterion', () => {
	const current = [C('I.1', 'I', 30, 2), C('I.2', 'I', 45)];

	it('reads a new criterion of an existing section, its name taken from the section', () => {
		const r = parseCriterion(
			{
				code: 'I.3',
				groupCode: 'I',
				groupName: '',
				name: 'Mới',
				maxPoints: '12,5',
				weight: '1,5',
				kind: 'content'
			},
			current,
			null
		);
		expect(r).toEqual({
			ok: true,
			value: {
				code: 'I.3',
				groupCode: 'I',
				groupName: 'Phần I',
				name: 'Mới',
				maxPoints: 12.5,
				weight: 1.5,
				kind: 'content'
			}
		});
	});

	it('refuses a taken code, another name for the section, a zero maximum, a bad weight, a bad kind', () => {
		const r = parseCriterion(
			{
				code: 'I.2',
				groupCode: 'I',
				groupName: 'Khác',
				name: 'X',
				maxPoints: '0',
				weight: '1,2345',
				kind: 'extra'
			},
			current,
			null
		);
		expect(!r.ok && r.errors.map((e) => [e.field, e.key])).toEqual([
			['code', 'codeTaken'],
			['groupName', 'groupName'],
			['maxPoints', 'min'],
			['weight', 'decimals'],
			['kind', 'kind']
		]);
	});

	it('lets a criterion keep its own code; weight empty is 1', () => {
		const r = parseCriterion(
			{ code: 'I.2', groupCode: 'I', groupName: 'Phần I', name: 'Sửa', maxPoints: '40', weight: '' },
			current,
			'I.2'
		);
		expect(r.ok && r.value.weight).toBe(1);
	});
});

describe('contentMaximum', () => {
	it('sums weight × maximum of the content criteria only, exactly', () => {
		// 30 × 2 + 45 × 1 + 25 × 1,5 = 60 + 45 + 37,5 = 142,5; bonus and deduction left out
		expect(
			contentMaximum([
				C('a', 'I', 30, 2),
				C('b', 'I', 45),
				C('c', 'I', 25, 1.5),
				C('d', 'T', 20, 1, 'bonus'),
				C('e', 'D', 8, 1, 'deduction')
			])
		).toBe(142.5);
		// 0,1 × 3 + 0,2 × 3 = 0,9 exactly (floating point alone gives 0,9000000000000001)
		expect(contentMaximum([C('a', 'I', 0.1, 3), C('b', 'I', 0.2, 3)])).toBe(0.9);
	});
});

describe('codeMeaningChange', () => {
	const earlier = [
		{ year: 2023, code: 'I.1', name: 'Cũ hơn', maxPoints: 10 },
		{ year: 2024, code: 'I.1', name: 'Tham mưu cơ chế', maxPoints: 30 }
	];
	it('warns when the latest earlier year had another name and another maximum', () => {
		expect(codeMeaningChange({ code: 'I.1', name: 'Giải ngân', maxPoints: 45 }, null, earlier)).toEqual(
			earlier[1]
		);
	});
	it('does not warn for one change alone, a name differing only in case or spaces, or an unchanged criterion', () => {
		expect(codeMeaningChange({ code: 'I.1', name: 'Giải ngân', maxPoints: 30 }, null, earlier)).toBeNull();
		expect(
			codeMeaningChange({ code: 'I.1', name: 'Tham mưu cơ chế', maxPoints: 45 }, null, earlier)
		).toBeNull();
		expect(
			codeMeaningChange({ code: 'I.1', name: ' tham  mưu CƠ chế', maxPoints: 45 }, null, earlier)
		).toBeNull();
		const same = { code: 'I.1', name: 'Giải ngân', maxPoints: 45 };
		expect(codeMeaningChange(same, same, earlier)).toBeNull();
		expect(codeMeaningChange({ code: 'X', name: 'Giải ngân', maxPoints: 45 }, null, earlier)).toBeNull();
	});
});

describe('reorder', () => {
	const list = [
		{ code: 'I.1', groupCode: 'I', sortOrder: 1 },
		{ code: 'I.2', groupCode: 'I', sortOrder: 2 },
		{ code: 'II.1', groupCode: 'II', sortOrder: 3 },
		{ code: 'II.2', groupCode: 'II', sortOrder: 4 }
	];
	it('moves a criterion inside its section, not past its edge', () => {
		expect(reorder(list, { criterion: 'I.2', dir: 'up' })).toEqual(['I.2', 'I.1', 'II.1', 'II.2']);
		expect(reorder(list, { criterion: 'II.1', dir: 'up' })).toBeNull();
		expect(reorder(list, { criterion: 'II.2', dir: 'down' })).toBeNull();
		expect(reorder(list, { criterion: 'nope', dir: 'down' })).toBeNull();
	});
	it('moves a whole section', () => {
		expect(reorder(list, { group: 'II', dir: 'up' })).toEqual(['II.1', 'II.2', 'I.1', 'I.2']);
		expect(reorder(list, { group: 'I', dir: 'up' })).toBeNull();
	});
	it('places a new criterion at the end of its section, or a new section last', () => {
		expect(orderWith(list, 'I.3', 'I')).toEqual(['I.1', 'I.2', 'I.3', 'II.1', 'II.2']);
		expect(orderWith(list, 'III.1', 'III')).toEqual(['I.1', 'I.2', 'II.1', 'II.2', 'III.1']);
		// renamed in place; moved to another section: at its end
		expect(orderWith(list, 'I.9', 'I', 'I.1')).toEqual(['I.9', 'I.2', 'II.1', 'II.2']);
		expect(orderWith(list, 'I.1', 'II')).toEqual(['I.2', 'II.1', 'II.2', 'I.1']);
	});
});

describe('edit:pledge', () => {
	const who = (...grants: Principal['grants']): Principal => ({
		userId: 1,
		username: 'u',
		displayName: 'U',
		grants
	});
	const bloc = (stage: Stage): BlocYear => ({ blocCode: 'A', year: 2025, stage });
	const people = {
		admin: who({ role: 'admin' }),
		leader: who({ role: 'bloc_leader', blocCode: 'A', year: 2025 }),
		deputy: who({ role: 'bloc_deputy', blocCode: 'A', year: 2025 }),
		leaderB: who({ role: 'bloc_leader', blocCode: 'B', year: 2025 }),
		leader2024: who({ role: 'bloc_leader', blocCode: 'A', year: 2024 }),
		officer: who({ role: 'unit_officer', unitCode: 'A1' }),
		analyst: who({ role: 'analyst' }),
		viewer: who({ role: 'viewer' })
	};
	it('admin until finalised; the leader of that bloc-year while open; nobody else', () => {
		const table = Object.fromEntries(
			Object.entries(people).map(([k, p]) => [
				k,
				(['open', 'self_scoring', 'review', 'finalised'] as const).map((s) =>
					can(p, { kind: 'edit:pledge', bloc: bloc(s) })
				)
			])
		);
		expect(table).toEqual({
			admin: [true, true, true, false],
			leader: [true, false, false, false],
			deputy: [false, false, false, false],
			leaderB: [false, false, false, false],
			leader2024: [false, false, false, false],
			officer: [false, false, false, false],
			analyst: [false, false, false, false],
			viewer: [false, false, false, false]
		});
		expect(can(null, { kind: 'edit:pledge', bloc: bloc('open') })).toBe(false);
	});
	it('criteria are locked once self-scoring has started', () => {
		expect((['open', 'self_scoring', 'review', 'finalised'] as const).map(pledgeLocked)).toEqual([
			false,
			true,
			true,
			true
		]);
	});
});
