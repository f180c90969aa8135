import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SETTINGS,
	formFields,
	parseSettingsForm,
	ruleField,
	settingChanges,
	type CouncilSettings,
	type KnownRule
} from '../../src/lib/domain/council-settings';

const RULES: KnownRule[] = [
	{ id: 'cap@2017', effectiveFrom: 2017, effectiveTo: 2023 },
	{ id: 'cap@2024', effectiveFrom: 2024, effectiveTo: null }
];
const current: CouncilSettings = {
	...DEFAULT_SETTINGS,
	rules: RULES.map((r) => ({ ruleId: r.id, effectiveFrom: null, effectiveTo: null, enabled: true }))
};
const form = (fields: Record<string, string | string[]>) =>
	formFields(
		Object.entries(fields).flatMap(([k, v]) =>
			(Array.isArray(v) ? v : [v]).map((x) => [k, x] as [string, string])
		)
	);
const parse = (fields: Record<string, string | string[]>) => parseSettingsForm(form(fields), current, RULES);
const codes = (fields: Record<string, string | string[]>) =>
	parse(fields).problems.map((p) => `${p.field}:${p.code}`);

describe('parseSettingsForm', () => {
	it('keeps every setting a form does not send; reads vi-VN decimals with a comma', () => {
		const r = parse({ tierGoodPct: '82,5', directWorkerPerLeaderTarget: '1,25' });
		expect(r.problems).toEqual([]);
		expect(r.settings).toEqual({ ...current, tierGoodPct: 82.5, directWorkerPerLeaderTarget: 1.25 });
		expect(parse({}).settings).toEqual(current);
	});

	it('reports every problem by field and changes nothing', () => {
		const r = parse({
			councilName: '  ',
			tierExcellentPct: 'abc',
			tierFairPct: '101',
			flagCount: '-1',
			certificateCount: '1,5',
			flagMinTier: 'best',
			directWorkerPerLeaderTarget: '0',
			yearStartMonth: '13',
			deputyReviewsLeaderUnit: ['off', 'on']
		});
		expect(r.problems.map((p) => `${p.field}:${p.code}`)).toEqual([
			'councilName:required',
			'tierExcellentPct:number',
			'tierFairPct:percent',
			'flagCount:places',
			'flagMinTier:tier',
			'certificateCount:integer',
			'directWorkerPerLeaderTarget:target',
			'yearStartMonth:month'
		]);
		expect(r.settings).toBe(current);
		// What was typed and ticked is shown again next to the problems.
		expect(r.typed.tierExcellentPct).toBe('abc');
		expect(r.typed.deputyReviewsLeaderUnit).toBe('on');
	});

	it('wants the thresholds strictly decreasing, on the values as they will be', () => {
		expect(codes({ tierGoodPct: '95' })).toEqual(['tierGoodPct:decreasing']);
		expect(codes({ tierAveragePct: '70' })).toEqual(['tierAveragePct:decreasing']);
		expect(
			codes({ tierExcellentPct: '90', tierGoodPct: '80', tierFairPct: '60', tierAveragePct: '40' })
		).toEqual([]);
		expect(codes({ tierExcellentPct: '95,125' })).toEqual(['tierExcellentPct:decimals']);
		expect(codes({ tierAveragePct: '0', tierExcellentPct: '100' })).toEqual([]);
	});

	it('checks the day against the month', () => {
		expect(codes({ yearStartMonth: '2', yearStartDay: '30' })).toEqual(['yearStartDay:day']);
		expect(codes({ yearStartMonth: '4', yearStartDay: '31' })).toEqual(['yearStartDay:day']);
		expect(codes({ yearStartMonth: '2', yearStartDay: '29' })).toEqual([]);
		// The kept month (12) with a new day.
		expect(codes({ yearStartDay: '31' })).toEqual([]);
		expect(codes({ yearStartDay: '0' })).toEqual(['yearStartDay:day']);
	});

	it('reads a checkbox by its hidden off: unticked is off, absent keeps the value', () => {
		expect(parse({ deputyReviewsLeaderUnit: ['off', 'on'] }).settings.deputyReviewsLeaderUnit).toBe(true);
		expect(parse({ leadersFollowMembership: ['off'] }).settings.leadersFollowMembership).toBe(false);
		expect(parse({}).settings.leadersFollowMembership).toBe(true);
	});

	it('reads the rule years (blank = the table’s), the switch, and checks from ≤ to as applied', () => {
		const r = parse({
			[ruleField('cap@2024', 'from')]: '2026',
			[ruleField('cap@2017', 'enabled')]: ['off'],
			[ruleField('cap@2017', 'to')]: ''
		});
		expect(r.problems).toEqual([]);
		expect(r.settings.rules).toEqual([
			{ ruleId: 'cap@2017', effectiveFrom: null, effectiveTo: null, enabled: false },
			{ ruleId: 'cap@2024', effectiveFrom: 2026, effectiveTo: null, enabled: true }
		]);
		// 2024 starts after the table's end of 2023 for cap@2017.
		expect(codes({ [ruleField('cap@2017', 'from')]: '2024' })).toEqual([
			`${ruleField('cap@2017', 'to')}:yearOrder`
		]);
		expect(codes({ [ruleField('cap@2024', 'to')]: '20x5' })).toEqual([`${ruleField('cap@2024', 'to')}:year`]);
		expect(codes({ [ruleField('cap@2024', 'from')]: '1999' })).toEqual([
			`${ruleField('cap@2024', 'from')}:year`
		]);
		expect(codes({ 'rule.nope.from': '2020' })).toEqual(['rule.nope.from:unknownRule']);
	});
});

describe('settingChanges', () => {
	it('lists each changed setting with its column, old → new, and whether it is a ranking input', () => {
		const after = parse({
			tierGoodPct: '80',
			councilName: 'Hội đồng TĐKT tỉnh',
			[ruleField('cap@2024', 'to')]: '2025'
		}).settings;
		expect(settingChanges(current, after)).toEqual([
			{
				setting: 'council_name',
				old: 'Hội đồng Thi đua - Khen thưởng',
				new: 'Hội đồng TĐKT tỉnh',
				ranking: false
			},
			{ setting: 'tier_good_pct', old: '85', new: '80', ranking: true },
			{ setting: 'rule_setting:cap@2024.effective_to', old: null, new: '2025', ranking: false }
		]);
		expect(settingChanges(current, current)).toEqual([]);
	});
});
