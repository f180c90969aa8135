import { describe, expect, it } from 'vitest';
import {
	RULES,
	applyRuleSettings,
	appliesTo,
	checkAll,
	checkCstdcsCap,
	checkGovFlag,
	checkTtldxs,
	ruleInForce,
	type FlagYearFacts,
	type UnitYearFacts
} from '../../src/lib/domain/rules';
import { findingText, ruleYears } from '../../src/lib/components/analytics/rule-text';
import { translator } from '../../src/lib/i18n';

const vi = translator('vi');

function unit(year: number, fields: Partial<UnitYearFacts>): UnitYearFacts {
	return {
		year,
		unitCode: 'U1',
		unitName: 'Đơn vị 1',
		blocCode: 'K1',
		ldtt: 0,
		cstdcs: 0,
		ttldxs: [],
		members: null,
		tasksCompleted: null,
		...fields
	};
}

describe('the rule table', () => {
	it('gives every rule an id, a Vietnamese name, a legal source and effective years', () => {
		expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
		for (const r of RULES) {
			expect(r.name).toMatch(/[ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữự]/);
			expect(r.source).toMatch(/Nghị định|Luật|Công văn/);
			expect(r.effectiveTo === null || r.effectiveTo >= r.effectiveFrom).toBe(true);
		}
	});

	it('has one version of each rule in force per year, and says which ones are still to be confirmed', () => {
		expect(ruleInForce(RULES, 'cstdcs_cap', 2016)?.id).toBe('cstdcs_cap@nd65-2014');
		expect(ruleInForce(RULES, 'cstdcs_cap', 2017)?.id).toBe('cstdcs_cap@nd91-2017');
		expect(ruleInForce(RULES, 'cstdcs_cap', 2023)?.id).toBe('cstdcs_cap@nd91-2017');
		// After 2023 (Nghị định 98/2023, then 152/2025) the 15% cap still has to be confirmed.
		expect(ruleInForce(RULES, 'cstdcs_cap', 2024)).toMatchObject({
			id: 'cstdcs_cap@2024',
			status: 'to_confirm'
		});
		expect(ruleInForce(RULES, 'ttldxs_standard', 2024)).toMatchObject({
			source: 'Luật Thi đua, khen thưởng 2022 (Luật số 06/2022/QH15), Điều 27',
			status: 'confirmed'
		});
		expect(ruleInForce(RULES, 'gov_flag_cap', 2020)?.source).toBe('Nghị định 91/2017/NĐ-CP, Điều 11');
		expect(ruleInForce(RULES, 'gov_flag_cap', 2016)).toBeNull();
		expect(ruleInForce(RULES, 'cstdcs_cap', 2013)).toBeNull();
		expect(ruleYears(RULES[1]!, vi)).toBe('2017–2023');
		expect(ruleYears(RULES[2]!, vi)).toBe('từ 2024');
	});
});

describe('Chiến sĩ thi đua cơ sở ≤ 15% of Lao động tiên tiến', () => {
	it('finds the seed district’s 2016 figures over the cap, with the arithmetic', () => {
		// context/002: in 2016 the district awarded 93 CSTĐCS and 227 LĐTT.
		// 93 / 227 = 0,40969… → 40,97% (about 41%), against a 15% cap:
		//   93 × 10 000 = 930 000 > 15 × 100 × 227 = 340 500  → violation
		//   allowed = ⌊227 × 15 / 100⌋ = ⌊34,05⌋ = 34, excess = 93 − 34 = 59
		// 2016 is an emulation year of Nghị định 65/2014 (2014–2016): the same 15% cap.
		const result = checkCstdcsCap([
			unit(2016, { unitName: 'Huyện (số liệu năm 2016)', ldtt: 227, cstdcs: 93 })
		]);
		expect(result.findings).toHaveLength(1);
		const f = result.findings[0]!;
		expect(f).toMatchObject({
			ruleId: 'cstdcs_cap@nd65-2014',
			code: 'cstdcs_over_cap',
			severity: 'violation',
			year: 2016,
			toConfirm: false,
			numbers: { cstdcs: 93, ldtt: 227, pct: 40.97, cap: 15, allowed: 34, excess: 59 }
		});
		expect(Math.round(f.numbers.pct!)).toBe(41);
		expect(findingText(f, vi)).toBe(
			'93 Chiến sĩ thi đua cơ sở trên 227 Lao động tiên tiến = 40,97%, vượt mức 15% (tối đa ⌊227 × 15%⌋ = 34; thừa 59)'
		);
		expect(result.checked).toEqual({ 'cstdcs_cap@nd65-2014': 1 });
	});

	it('compares exactly at the boundary: 34 of 227 passes, 35 does not', () => {
		// 34 × 10 000 = 340 000 ≤ 340 500; 35 × 10 000 = 350 000 > 340 500
		expect(checkCstdcsCap([unit(2020, { ldtt: 227, cstdcs: 34 })]).findings).toEqual([]);
		expect(checkCstdcsCap([unit(2020, { ldtt: 227, cstdcs: 35 })]).findings[0]?.numbers).toMatchObject({
			allowed: 34,
			excess: 1
		});
		// 20 LĐTT: ⌊20 × 15%⌋ = 3 allowed, exactly 15% is allowed (3 × 10 000 = 30 000 = 1 500 × 20).
		expect(checkCstdcsCap([unit(2020, { ldtt: 20, cstdcs: 3 })]).findings).toEqual([]);
		// CSTĐCS without any LĐTT breaks the rule (allowed 0).
		expect(checkCstdcsCap([unit(2020, { ldtt: 0, cstdcs: 1 })]).findings[0]?.numbers).toMatchObject({
			allowed: 0,
			excess: 1,
			pct: 0
		});
	});

	it('is not applied to a year outside its effective years', () => {
		// 2013: before Nghị định 65/2014, no version of the rule is in force → not checked at all.
		const result = checkCstdcsCap([unit(2013, { ldtt: 10, cstdcs: 9 })]);
		expect(result.findings).toEqual([]);
		expect(result.checked).toEqual({});
		expect(result.notApplied).toEqual([{ kind: 'cstdcs_cap', year: 2013, facts: 1 }]);
	});

	it('follows the council’s settings: a version switched off or ended is not applied', () => {
		const facts = [unit(2025, { ldtt: 10, cstdcs: 5 })];
		expect(checkCstdcsCap(facts).findings[0]).toMatchObject({ ruleId: 'cstdcs_cap@2024', toConfirm: true });
		const off = applyRuleSettings(RULES, [
			{ ruleId: 'cstdcs_cap@2024', effectiveFrom: null, effectiveTo: null, enabled: false, note: null }
		]);
		expect(checkCstdcsCap(facts, off)).toMatchObject({ findings: [], notApplied: [{ year: 2025 }] });
		const ended = applyRuleSettings(RULES, [
			{
				ruleId: 'cstdcs_cap@2024',
				effectiveFrom: null,
				effectiveTo: 2024,
				enabled: true,
				note: 'Hết hiệu lực'
			}
		]);
		const rule = ended.find((r) => r.id === 'cstdcs_cap@2024')!;
		expect(rule).toMatchObject({ overridden: true, effectiveTo: 2024 });
		expect(appliesTo(rule, 2024)).toBe(true);
		expect(appliesTo(rule, 2025)).toBe(false);
		expect(checkCstdcsCap(facts, ended).findings).toEqual([]);
	});
});

describe('Tập thể lao động xuất sắc', () => {
	const title = { ttldxs: ['Phòng Kế toán'] };

	it('needs ≥ 70% of the members with Lao động tiên tiến', () => {
		// 13 of 20 = 65% < 70%: needs ⌈20 × 70 / 100⌉ = 14, 1 short. 14 of 20 = 70% passes.
		const [f] = checkTtldxs([
			unit(2024, { ...title, members: 20, tasksCompleted: 20, ldtt: 13, cstdcs: 1 })
		]).findings;
		expect(f).toMatchObject({
			ruleId: 'ttldxs_standard@luat-2022',
			code: 'ttldxs_ldtt_share',
			numbers: { ldtt: 13, members: 20, pct: 65, min: 70, required: 14, missing: 1 },
			names: ['Phòng Kế toán']
		});
		expect(findingText(f!, vi)).toBe(
			'13 Lao động tiên tiến trên 20 người = 65%, dưới mức 70% (cần ít nhất ⌈20 × 70%⌉ = 14; thiếu 1)'
		);
		expect(
			checkTtldxs([unit(2024, { ...title, members: 20, tasksCompleted: 20, ldtt: 14, cstdcs: 1 })]).findings
		).toEqual([]);
	});

	it('needs a Chiến sĩ thi đua cơ sở and every member completing their tasks', () => {
		const { findings } = checkTtldxs([
			unit(2024, { ...title, members: 10, tasksCompleted: 9, ldtt: 8, cstdcs: 0 })
		]);
		expect(findings.map((f) => f.code)).toEqual(['ttldxs_no_cstdcs', 'ttldxs_tasks']);
		// 9 of 10 completed = 90%; 1 did not.
		expect(findings[1]?.numbers).toEqual({ tasksCompleted: 9, members: 10, pct: 90, notCompleted: 1 });
	});

	it('cannot decide without a headcount, and does not check units without the title', () => {
		const { findings } = checkTtldxs([
			unit(2024, { ...title, ldtt: 8, cstdcs: 1 }),
			unit(2024, { unitCode: 'U2', members: 10, ldtt: 1 })
		]);
		expect(findings).toMatchObject([{ code: 'ttldxs_no_headcount', severity: 'unknown', unitCode: 'U1' }]);
	});

	it('applies the 2003 law (to be confirmed) before 2024 and nothing before 2014', () => {
		const facts = [unit(2020, { ...title, members: 10, ldtt: 5, cstdcs: 1 })];
		expect(checkTtldxs(facts).findings[0]).toMatchObject({
			ruleId: 'ttldxs_standard@luat-2003',
			toConfirm: true
		});
		expect(checkTtldxs([unit(2012, { ...title, members: 10, ldtt: 5, cstdcs: 1 })]).notApplied).toEqual([
			{ kind: 'ttldxs_standard', year: 2012, facts: 1 }
		]);
	});
});

describe('Cờ thi đua của Chính phủ ≤ 20% of bloc leaders', () => {
	const leaders = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((c) => ({
		unitCode: c,
		unitName: `Đơn vị ${c}`,
		blocCode: `K${c}`
	}));
	const year = (nominees: string[], extra: Partial<FlagYearFacts> = {}): FlagYearFacts => ({
		year: 2020,
		leaders,
		nominees: nominees.map((c) => ({ unitCode: c, unitName: `Đơn vị ${c}`, recipientName: `Đơn vị ${c}` })),
		provisional: false,
		incomplete: false,
		...extra
	});

	it('allows ⌊7 × 20%⌋ = 1 flag for 7 bloc leaders and flags a second one', () => {
		expect(checkGovFlag([year(['A'])]).findings).toEqual([]);
		// 2 × 10 000 = 20 000 > 20 × 100 × 7 = 14 000 → over the cap; 2 / 7 = 28,57%.
		const [f] = checkGovFlag([year(['A', 'B'])]).findings;
		expect(f).toMatchObject({
			code: 'gov_flag_over_cap',
			ruleId: 'gov_flag_cap@nd91-2017',
			numbers: { nominees: 2, leaders: 7, pct: 28.57, cap: 20, allowed: 1, excess: 1 }
		});
		expect(findingText(f!, vi)).toBe(
			'2 Cờ thi đua của Chính phủ trên 7 đơn vị dẫn đầu khối = 28,57%, vượt mức 20% (tối đa ⌊7 × 20%⌋ = 1; thừa 1)'
		);
	});

	it('flags a nominee that led no bloc, and cannot count leaders it may not see', () => {
		expect(checkGovFlag([year(['Z'])]).findings).toMatchObject([
			{ code: 'gov_flag_not_leader', unitCode: 'Z' }
		]);
		expect(checkGovFlag([year(['A'], { incomplete: true })]).findings).toMatchObject([
			{ code: 'gov_flag_unknown_leaders', severity: 'unknown' }
		]);
		expect(checkGovFlag([year(['A', 'B'], { year: 2016 })]).notApplied).toEqual([
			{ kind: 'gov_flag_cap', year: 2016, facts: 1 }
		]);
	});
});

describe('checkAll', () => {
	it('puts every finding together, latest year first', () => {
		const r = checkAll(
			[unit(2021, { ldtt: 10, cstdcs: 3 }), unit(2024, { ldtt: 10, cstdcs: 3, unitCode: 'U9' })],
			[]
		);
		expect(r.findings.map((f) => [f.year, f.unitCode])).toEqual([
			[2024, 'U9'],
			[2021, 'U1']
		]);
	});
});
