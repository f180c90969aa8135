/**
 * Rules on award numbers (quy định về tỉ lệ, tiêu chuẩn khen thưởng), each with its legal source
 * and the emulation years it applies to. Pure: the server gathers the facts (award counts,
 * headcounts, bloc leaders), these functions return the violations with the numbers behind them.
 *
 * A rule kind may have several versions, one per legal basis; the version in force for a year is
 * the one whose [effectiveFrom, effectiveTo] contains it. A year outside every version's years is
 * not checked at all (reported as "not applied"), never checked against a rule that did not apply.
 * Where the product could not confirm that a number still holds under the decree now in force,
 * the version is marked `to_confirm`: it is still checked, and every verdict says so. A council
 * sets its own years (or switches a version off) in `rule_setting` (see `applyRuleSettings`).
 *
 * Arithmetic is exact: counts are integers, percents have at most 2 decimals and are compared
 * as integers (`count × 10000` against `percent × 100 × base`).
 */

export const RULE_KINDS = ['cstdcs_cap', 'ttldxs_standard', 'gov_flag_cap'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

interface RuleBase {
	/** Unique id of this version of the rule (also the key of `rule_setting`). */
	id: string;
	/** Vietnamese name. */
	name: string;
	/** Legal source, as cited to the council. */
	source: string;
	/** First and last emulation year the version applies to (inclusive); null = no end yet. */
	effectiveFrom: number;
	effectiveTo: number | null;
	/** confirmed: the number is in the cited text; to_confirm: still to be checked against the decree in force. */
	status: 'confirmed' | 'to_confirm';
	/** Why the years or the status are what they are (Vietnamese). */
	note: string;
	/** Switched off by the council (`rule_setting.enabled = false`). */
	enabled: boolean;
	/** Years or switch changed by the council's `rule_setting`. */
	overridden: boolean;
}

export type RuleDef =
	| (RuleBase & { kind: 'cstdcs_cap'; params: { capPct: number } })
	| (RuleBase & {
			kind: 'ttldxs_standard';
			params: { minLdttPct: number; minCstdcs: number; allTasksCompleted: boolean };
	  })
	| (RuleBase & { kind: 'gov_flag_cap'; params: { capPct: number } });

const base = { enabled: true, overridden: false } as const;

/** The rule table. Years are emulation years (năm thi đua). */
export const RULES: readonly RuleDef[] = [
	{
		...base,
		id: 'cstdcs_cap@nd65-2014',
		kind: 'cstdcs_cap',
		name: 'Chiến sĩ thi đua cơ sở không quá 15% số cá nhân đạt Lao động tiên tiến',
		source: 'Nghị định 65/2014/NĐ-CP (quy định chi tiết Luật Thi đua, Khen thưởng sửa đổi năm 2013)',
		effectiveFrom: 2014,
		effectiveTo: 2016,
		status: 'confirmed',
		note: 'Cùng tỉ lệ 15% như Nghị định 91/2017/NĐ-CP; áp dụng cho các năm thi đua trước khi Nghị định 91/2017 có hiệu lực (01/10/2017).',
		params: { capPct: 15 }
	},
	{
		...base,
		id: 'cstdcs_cap@nd91-2017',
		kind: 'cstdcs_cap',
		name: 'Chiến sĩ thi đua cơ sở không quá 15% số cá nhân đạt Lao động tiên tiến',
		source: 'Nghị định 91/2017/NĐ-CP, Điều 9',
		effectiveFrom: 2017,
		effectiveTo: 2023,
		status: 'confirmed',
		note: 'Tính trong cùng đơn vị, cùng năm: số Chiến sĩ thi đua cơ sở ≤ 15% số Lao động tiên tiến.',
		params: { capPct: 15 }
	},
	{
		...base,
		id: 'cstdcs_cap@2024',
		kind: 'cstdcs_cap',
		name: 'Chiến sĩ thi đua cơ sở không quá 15% số cá nhân đạt Lao động tiên tiến',
		source:
			'Luật Thi đua, khen thưởng 2022; Nghị định 98/2023/NĐ-CP, sau đó Nghị định 152/2025/NĐ-CP (tỉ lệ cần xác nhận)',
		effectiveFrom: 2024,
		effectiveTo: null,
		status: 'to_confirm',
		note: 'Chưa xác nhận tỉ lệ 15% còn được quy định sau năm 2023. Hội đồng cần đối chiếu Nghị định 98/2023/NĐ-CP và Nghị định 152/2025/NĐ-CP, rồi ghi năm hiệu lực (hoặc tắt quy tắc) trong cấu hình quy tắc. Trong khi chờ, vẫn kiểm tra và ghi «cần xác nhận căn cứ».',
		params: { capPct: 15 }
	},
	{
		...base,
		id: 'ttldxs_standard@luat-2003',
		kind: 'ttldxs_standard',
		name: 'Tập thể lao động xuất sắc: 100% hoàn thành nhiệm vụ, ≥ 70% đạt Lao động tiên tiến, có Chiến sĩ thi đua cơ sở',
		source: 'Luật Thi đua, Khen thưởng 2003 (sửa đổi, bổ sung 2013), Điều 27',
		effectiveFrom: 2014,
		effectiveTo: 2023,
		status: 'to_confirm',
		note: 'Tiêu chuẩn như Điều 27 Luật 2022; cần đối chiếu văn bản hợp nhất của Luật 2003 trước khi dùng làm căn cứ.',
		params: { minLdttPct: 70, minCstdcs: 1, allTasksCompleted: true }
	},
	{
		...base,
		id: 'ttldxs_standard@luat-2022',
		kind: 'ttldxs_standard',
		name: 'Tập thể lao động xuất sắc: 100% hoàn thành nhiệm vụ, ≥ 70% đạt Lao động tiên tiến, có Chiến sĩ thi đua cơ sở',
		source: 'Luật Thi đua, khen thưởng 2022 (Luật số 06/2022/QH15), Điều 27',
		effectiveFrom: 2024,
		effectiveTo: null,
		status: 'confirmed',
		note: 'Luật có hiệu lực từ 01/01/2024. Sản phẩm kiểm tra ở cấp đơn vị: số người, số Lao động tiên tiến và Chiến sĩ thi đua cơ sở của cả đơn vị trong năm (khi tập thể được khen là một bộ phận của đơn vị, đây là phép kiểm tra gần đúng).',
		params: { minLdttPct: 70, minCstdcs: 1, allTasksCompleted: true }
	},
	{
		...base,
		id: 'gov_flag_cap@nd91-2017',
		kind: 'gov_flag_cap',
		name: 'Cờ thi đua của Chính phủ không quá 20% số tập thể dẫn đầu khối, cụm thi đua',
		source: 'Nghị định 91/2017/NĐ-CP, Điều 11',
		effectiveFrom: 2017,
		effectiveTo: 2023,
		status: 'confirmed',
		note: 'Tập thể dẫn đầu: đơn vị xếp hạng 1 của mỗi khối trong năm (đồng hạng 1 tính từng đơn vị). Đề nghị: các dòng khen thưởng «Cờ thi đua của Chính phủ» của năm.',
		params: { capPct: 20 }
	},
	{
		...base,
		id: 'gov_flag_cap@2024',
		kind: 'gov_flag_cap',
		name: 'Cờ thi đua của Chính phủ không quá 20% số tập thể dẫn đầu khối, cụm thi đua',
		source: 'Công văn 5007/BNV-TĐKT (2023); Nghị định 98/2023/NĐ-CP (tỉ lệ cần xác nhận)',
		effectiveFrom: 2024,
		effectiveTo: null,
		status: 'to_confirm',
		note: 'Tỉ lệ 20% theo hướng dẫn của Bộ Nội vụ năm 2023; cần đối chiếu Nghị định 98/2023/NĐ-CP và Nghị định 152/2025/NĐ-CP.',
		params: { capPct: 20 }
	}
];

/** A council's setting for one rule version (table `rule_setting`); null = keep the table's value. */
export interface RuleSetting {
	ruleId: string;
	effectiveFrom: number | null;
	effectiveTo: number | null;
	enabled: boolean;
	note: string | null;
}

/** The rule table with the council's settings applied (unknown ids are ignored). */
export function applyRuleSettings(rules: readonly RuleDef[], settings: readonly RuleSetting[]): RuleDef[] {
	const byId = new Map(settings.map((s) => [s.ruleId, s]));
	return rules.map((r) => {
		const s = byId.get(r.id);
		if (!s) return r;
		return {
			...r,
			effectiveFrom: s.effectiveFrom ?? r.effectiveFrom,
			effectiveTo: s.effectiveTo ?? r.effectiveTo,
			enabled: s.enabled,
			note: s.note ? `${r.note} ${s.note}` : r.note,
			overridden: true
		};
	});
}

/** Whether a rule version applies to an emulation year. */
export function appliesTo(rule: RuleDef, year: number): boolean {
	return (
		rule.enabled && year >= rule.effectiveFrom && (rule.effectiveTo === null || year <= rule.effectiveTo)
	);
}

/** The version of a rule kind in force in `year` (the latest-starting one if settings overlap), or null. */
export function ruleInForce<K extends RuleKind>(
	rules: readonly RuleDef[],
	kind: K,
	year: number
): Extract<RuleDef, { kind: K }> | null {
	let found: Extract<RuleDef, { kind: K }> | null = null;
	for (const r of rules)
		if (r.kind === kind && appliesTo(r, year) && (!found || r.effectiveFrom > found.effectiveFrom))
			found = r as Extract<RuleDef, { kind: K }>;
	return found;
}

// ---------------------------------------------------------------------------------------------
// Facts and findings

/** What the rules need to know about one unit in one year. */
export interface UnitYearFacts {
	year: number;
	unitCode: string;
	unitName: string;
	blocCode: string | null;
	/** Individuals awarded Lao động tiên tiến. */
	ldtt: number;
	/** Individuals awarded Chiến sĩ thi đua cơ sở. */
	cstdcs: number;
	/** Collectives of the unit awarded Tập thể lao động xuất sắc (their names). */
	ttldxs: string[];
	/** Số người of the unit that year; null = not reported. */
	members: number | null;
	/** Of whom completed their tasks; null = not reported. */
	tasksCompleted: number | null;
}

/** What the Government flag rule needs to know about one year. */
export interface FlagYearFacts {
	year: number;
	/** Units ranked first in their bloc that year (one per bloc, several on a tie). */
	leaders: { unitCode: string; unitName: string; blocCode: string }[];
	/** Collectives awarded Cờ thi đua của Chính phủ for that year. */
	nominees: { unitCode: string; unitName: string; recipientName: string }[];
	/** Some bloc rankings of the year are not finalised: the leaders are provisional. */
	provisional: boolean;
	/** Some bloc rankings of the year could not be read (drafts hidden from this reader). */
	incomplete: boolean;
}

export type FindingCode =
	| 'cstdcs_over_cap'
	| 'ttldxs_ldtt_share'
	| 'ttldxs_no_cstdcs'
	| 'ttldxs_tasks'
	| 'ttldxs_no_headcount'
	| 'gov_flag_over_cap'
	| 'gov_flag_not_leader'
	| 'gov_flag_unknown_leaders';

/**
 * One result of a check: a violation, or (severity 'unknown') a case the data cannot decide.
 * `numbers` are the figures the verdict rests on, named as in the messages that explain them.
 */
export interface Finding {
	ruleId: string;
	kind: RuleKind;
	code: FindingCode;
	severity: 'violation' | 'unknown';
	year: number;
	unitCode: string | null;
	unitName: string | null;
	blocCode: string | null;
	numbers: Record<string, number>;
	/** Names the finding concerns (collectives, nominees). */
	names: string[];
	/** The rule version's number still has to be confirmed (status to_confirm). */
	toConfirm: boolean;
	/** Based on provisional (not finalised) rankings. */
	provisional: boolean;
}

export interface CheckResult {
	findings: Finding[];
	/** Facts checked, per rule version id. */
	checked: Record<string, number>;
	/** Years with facts but no version of the rule in force: not checked. */
	notApplied: { kind: RuleKind; year: number; facts: number }[];
}

/** Whole hundredths of a percent: 15 → 1500, 12.5 → 1250. */
function centi(pct: number): number {
	return Math.round(pct * 100);
}

/** `count / base × 100`, rounded to 2 decimals (0 when base is 0). */
export function percent(count: number, base: number): number {
	return base === 0 ? 0 : Math.round((count * 10000) / base) / 100;
}

function finding(
	rule: RuleDef,
	code: FindingCode,
	f: Pick<Finding, 'year' | 'unitCode' | 'unitName' | 'blocCode' | 'numbers'> &
		Partial<Pick<Finding, 'severity' | 'names' | 'provisional'>>
): Finding {
	return {
		ruleId: rule.id,
		kind: rule.kind,
		code,
		severity: f.severity ?? 'violation',
		year: f.year,
		unitCode: f.unitCode,
		unitName: f.unitName,
		blocCode: f.blocCode,
		numbers: f.numbers,
		names: f.names ?? [],
		toConfirm: rule.status === 'to_confirm',
		provisional: f.provisional ?? false
	};
}

function notAppliedOf(kind: RuleKind, years: number[]): CheckResult['notApplied'] {
	const counts = new Map<number, number>();
	for (const y of years) counts.set(y, (counts.get(y) ?? 0) + 1);
	return [...counts].sort((a, b) => a[0] - b[0]).map(([year, facts]) => ({ kind, year, facts }));
}

/**
 * CSTĐCS ≤ cap% of LĐTT in the same unit and year. A violation when cstdcs × 10000 > cap × 100 ×
 * ldtt; `allowed` = ⌊ldtt × cap / 100⌋, `excess` = cstdcs − allowed, `pct` = cstdcs / ldtt × 100.
 * A unit with CSTĐCS and no LĐTT at all breaks the rule too (CSTĐCS is chosen among LĐTT holders).
 */
export function checkCstdcsCap(
	facts: readonly UnitYearFacts[],
	rules: readonly RuleDef[] = RULES
): CheckResult {
	const findings: Finding[] = [];
	const checked: Record<string, number> = {};
	const skipped: number[] = [];
	for (const f of facts) {
		if (f.cstdcs === 0 && f.ldtt === 0) continue;
		const rule = ruleInForce(rules, 'cstdcs_cap', f.year);
		if (!rule) {
			skipped.push(f.year);
			continue;
		}
		checked[rule.id] = (checked[rule.id] ?? 0) + 1;
		const cap = centi(rule.params.capPct);
		if (f.cstdcs * 10000 <= cap * f.ldtt) continue;
		const allowed = Math.floor((f.ldtt * cap) / 10000);
		findings.push(
			finding(rule, 'cstdcs_over_cap', {
				year: f.year,
				unitCode: f.unitCode,
				unitName: f.unitName,
				blocCode: f.blocCode,
				numbers: {
					cstdcs: f.cstdcs,
					ldtt: f.ldtt,
					pct: percent(f.cstdcs, f.ldtt),
					cap: rule.params.capPct,
					allowed,
					excess: f.cstdcs - allowed
				}
			})
		);
	}
	return { findings, checked, notApplied: notAppliedOf('cstdcs_cap', skipped) };
}

/**
 * Tập thể lao động xuất sắc, for every unit-year with at least one such title: members known;
 * ldtt × 100 ≥ minLdttPct × members (`required` = ⌈members × minLdttPct / 100⌉); cstdcs ≥ minCstdcs;
 * tasksCompleted = members when reported. Missing headcount: an 'unknown' finding.
 */
export function checkTtldxs(facts: readonly UnitYearFacts[], rules: readonly RuleDef[] = RULES): CheckResult {
	const findings: Finding[] = [];
	const checked: Record<string, number> = {};
	const skipped: number[] = [];
	for (const f of facts) {
		if (f.ttldxs.length === 0) continue;
		const rule = ruleInForce(rules, 'ttldxs_standard', f.year);
		if (!rule) {
			skipped.push(f.year);
			continue;
		}
		checked[rule.id] = (checked[rule.id] ?? 0) + 1;
		const where = {
			year: f.year,
			unitCode: f.unitCode,
			unitName: f.unitName,
			blocCode: f.blocCode,
			names: f.ttldxs
		};
		if (f.members === null || f.members === 0) {
			findings.push(
				finding(rule, 'ttldxs_no_headcount', {
					...where,
					severity: 'unknown',
					numbers: { ldtt: f.ldtt, cstdcs: f.cstdcs, titles: f.ttldxs.length }
				})
			);
			continue;
		}
		const min = centi(rule.params.minLdttPct);
		if (f.ldtt * 10000 < min * f.members)
			findings.push(
				finding(rule, 'ttldxs_ldtt_share', {
					...where,
					numbers: {
						ldtt: f.ldtt,
						members: f.members,
						pct: percent(f.ldtt, f.members),
						min: rule.params.minLdttPct,
						required: Math.ceil((f.members * min) / 10000),
						missing: Math.ceil((f.members * min) / 10000) - f.ldtt
					}
				})
			);
		if (f.cstdcs < rule.params.minCstdcs)
			findings.push(
				finding(rule, 'ttldxs_no_cstdcs', {
					...where,
					numbers: { cstdcs: f.cstdcs, min: rule.params.minCstdcs }
				})
			);
		if (rule.params.allTasksCompleted && f.tasksCompleted !== null && f.tasksCompleted < f.members)
			findings.push(
				finding(rule, 'ttldxs_tasks', {
					...where,
					numbers: {
						tasksCompleted: f.tasksCompleted,
						members: f.members,
						pct: percent(f.tasksCompleted, f.members),
						notCompleted: f.members - f.tasksCompleted
					}
				})
			);
	}
	return { findings, checked, notApplied: notAppliedOf('ttldxs_standard', skipped) };
}

/**
 * Cờ thi đua của Chính phủ ≤ cap% of the collectives that led their blocs, per year:
 * a violation when nominees × 10000 > cap × 100 × leaders (`allowed` = ⌊leaders × cap / 100⌋);
 * and every nominee that did not lead its bloc that year. When some rankings of the year could
 * not be read, the count of leaders is unknown: an 'unknown' finding instead of a verdict.
 */
export function checkGovFlag(
	facts: readonly FlagYearFacts[],
	rules: readonly RuleDef[] = RULES
): CheckResult {
	const findings: Finding[] = [];
	const checked: Record<string, number> = {};
	const skipped: number[] = [];
	for (const f of facts) {
		if (f.nominees.length === 0) continue;
		const rule = ruleInForce(rules, 'gov_flag_cap', f.year);
		if (!rule) {
			skipped.push(f.year);
			continue;
		}
		checked[rule.id] = (checked[rule.id] ?? 0) + 1;
		const nominees = new Map(f.nominees.map((n) => [n.unitCode, n]));
		const leaders = new Set(f.leaders.map((l) => l.unitCode));
		if (f.incomplete) {
			findings.push(
				finding(rule, 'gov_flag_unknown_leaders', {
					year: f.year,
					unitCode: null,
					unitName: null,
					blocCode: null,
					severity: 'unknown',
					names: [...nominees.values()].map((n) => n.unitName),
					numbers: { nominees: nominees.size }
				})
			);
			continue;
		}
		const cap = centi(rule.params.capPct);
		const allowed = Math.floor((leaders.size * cap) / 10000);
		if (nominees.size * 10000 > cap * leaders.size)
			findings.push(
				finding(rule, 'gov_flag_over_cap', {
					year: f.year,
					unitCode: null,
					unitName: null,
					blocCode: null,
					provisional: f.provisional,
					names: [...nominees.values()].map((n) => n.unitName),
					numbers: {
						nominees: nominees.size,
						leaders: leaders.size,
						pct: percent(nominees.size, leaders.size),
						cap: rule.params.capPct,
						allowed,
						excess: nominees.size - allowed
					}
				})
			);
		for (const n of nominees.values())
			if (!leaders.has(n.unitCode))
				findings.push(
					finding(rule, 'gov_flag_not_leader', {
						year: f.year,
						unitCode: n.unitCode,
						unitName: n.unitName,
						blocCode: null,
						provisional: f.provisional,
						names: [n.recipientName],
						numbers: { leaders: leaders.size }
					})
				);
	}
	return { findings, checked, notApplied: notAppliedOf('gov_flag_cap', skipped) };
}

/** Every check over the same facts, findings in year, rule, unit order. */
export function checkAll(
	units: readonly UnitYearFacts[],
	flags: readonly FlagYearFacts[],
	rules: readonly RuleDef[] = RULES
): CheckResult {
	const parts = [checkCstdcsCap(units, rules), checkTtldxs(units, rules), checkGovFlag(flags, rules)];
	const kindOrder = (k: RuleKind) => RULE_KINDS.indexOf(k);
	return {
		findings: parts
			.flatMap((p) => p.findings)
			.sort(
				(a, b) =>
					b.year - a.year ||
					kindOrder(a.kind) - kindOrder(b.kind) ||
					(a.unitCode ?? '').localeCompare(b.unitCode ?? '') ||
					a.code.localeCompare(b.code)
			),
		checked: Object.assign({}, ...parts.map((p) => p.checked)) as Record<string, number>,
		notApplied: parts.flatMap((p) => p.notApplied)
	};
}
