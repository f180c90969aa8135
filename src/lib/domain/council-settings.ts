/**
 * The council's settings (council_setting, rule_setting) as the settings page edits them: what
 * each one is, its default, how a submitted form is read and checked, and what a save changes.
 * Pure: the server (server/admin/settings.ts) reads and writes the tables, in one transaction.
 *
 * A form is read against the current values: a field absent from the form keeps its value (a
 * form that sends only some settings changes only those); a checkbox comes with a hidden field
 * of the same name ('off'), so that an unticked box is told from an absent one. Every problem is
 * reported by its field, and a form with any problem changes nothing.
 */
import { decimalPlaces, parseViNumber } from './numbers';
import { TIERS, type Tier } from './types';
import type { Translator } from '../i18n';
import { publicSettingYear } from './publication';

/** The rule versions a council may set (the ids, names and years of domain/rules.ts). */
export interface KnownRule {
	id: string;
	effectiveFrom: number;
	effectiveTo: number | null;
}

/** A council's own years and switch for one rule version; null years keep the rule table's. */
export interface RuleSettingValue {
	ruleId: string;
	effectiveFrom: number | null;
	effectiveTo: number | null;
	enabled: boolean;
}

export interface CouncilSettings {
	councilName: string;
	/** Award balance: direct-worker awards per award to leaders and managers. */
	directWorkerPerLeaderTarget: number;
	tierExcellentPct: number;
	tierGoodPct: number;
	tierFairPct: number;
	tierAveragePct: number;
	flagCount: number;
	flagMinTier: Tier;
	certificateCount: number;
	certificateMinTier: Tier;
	yearStartMonth: number;
	yearStartDay: number;
	deputyReviewsLeaderUnit: boolean;
	leadersFollowMembership: boolean;
	/** One per known rule version, in the rule table's order. */
	rules: RuleSettingValue[];
}

export type ScalarKey = Exclude<keyof CouncilSettings, 'rules'>;

type FieldKind = 'text' | 'decimal' | 'integer' | 'tier' | 'boolean' | 'month' | 'day';

export interface SettingField {
	key: ScalarKey;
	/** The council_setting column, also the setting's name in the audit trail. */
	column: string;
	kind: FieldKind;
	/** An input of the ranking: a change ranks every bloc-year again (a pledge falls back to it). */
	ranking: boolean;
}

/** Every scalar setting, in the page's order. */
export const SETTING_FIELDS: readonly SettingField[] = [
	{ key: 'councilName', column: 'council_name', kind: 'text', ranking: false },
	{ key: 'tierExcellentPct', column: 'tier_excellent_pct', kind: 'decimal', ranking: true },
	{ key: 'tierGoodPct', column: 'tier_good_pct', kind: 'decimal', ranking: true },
	{ key: 'tierFairPct', column: 'tier_fair_pct', kind: 'decimal', ranking: true },
	{ key: 'tierAveragePct', column: 'tier_average_pct', kind: 'decimal', ranking: true },
	{ key: 'flagCount', column: 'flag_count', kind: 'integer', ranking: true },
	{ key: 'flagMinTier', column: 'flag_min_tier', kind: 'tier', ranking: true },
	{ key: 'certificateCount', column: 'certificate_count', kind: 'integer', ranking: true },
	{ key: 'certificateMinTier', column: 'certificate_min_tier', kind: 'tier', ranking: true },
	{
		key: 'directWorkerPerLeaderTarget',
		column: 'direct_worker_per_leader_target',
		kind: 'decimal',
		ranking: false
	},
	{ key: 'yearStartMonth', column: 'year_start_month', kind: 'month', ranking: false },
	{ key: 'yearStartDay', column: 'year_start_day', kind: 'day', ranking: false },
	{ key: 'deputyReviewsLeaderUnit', column: 'deputy_reviews_leader_unit', kind: 'boolean', ranking: false },
	{ key: 'leadersFollowMembership', column: 'leaders_follow_membership', kind: 'boolean', ranking: false }
];

/** What a council that set nothing has (migrations 001, 008, 015). */
export const DEFAULT_SETTINGS: Omit<CouncilSettings, 'rules'> = {
	councilName: 'Hội đồng Thi đua - Khen thưởng',
	directWorkerPerLeaderTarget: 1,
	tierExcellentPct: 95,
	tierGoodPct: 85,
	tierFairPct: 70,
	tierAveragePct: 50,
	flagCount: 1,
	flagMinTier: 'good',
	certificateCount: 2,
	certificateMinTier: 'good',
	yearStartMonth: 12,
	yearStartDay: 1,
	deputyReviewsLeaderUnit: false,
	leadersFollowMembership: true
};

/** Earliest and latest emulation year a rule setting may name. */
export const RULE_YEARS = { min: 2000, max: 2100 } as const;
const NAME_MAX = 200;
const PLACES_MAX = 1000;
const TARGET_MAX = 100;
/** Days of each month; 29 for February (a start on 29/02 of a leap year is the council's choice). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A problem of one field: a message key (csettings.problem.*) and its parameters. */
export interface SettingProblem {
	field: string;
	code:
		| 'required'
		| 'number'
		| 'decimals'
		| 'percent'
		| 'integer'
		| 'places'
		| 'target'
		| 'tier'
		| 'month'
		| 'day'
		| 'decreasing'
		| 'nameLength'
		| 'year'
		| 'yearOrder'
		| 'unknownRule';
	params?: Record<string, string | number>;
}

/** Form field names of a rule version's settings. */
export const ruleField = (id: string, part: 'from' | 'to' | 'enabled') => `rule.${id}.${part}`;

/** What the form sends: every value of each field name (as FormData.getAll gives them). */
export type FormFields = ReadonlyMap<string, readonly string[]>;

/** The text fields of a submitted form (files are not settings). */
export function formFields(entries: Iterable<[string, unknown]>): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const [name, value] of entries)
		if (typeof value === 'string') out.set(name, [...(out.get(name) ?? []), value]);
	return out;
}

export interface ParsedSettings {
	settings: CouncilSettings;
	problems: SettingProblem[];
	/** What was typed, by field, to show again next to its problem. */
	typed: Record<string, string>;
}

/** A checkbox sent with its hidden 'off': ticked when 'on' is among the values; absent = keep. */
function readBoolean(values: readonly string[], current: boolean): boolean {
	if (values.length === 0) return current;
	return values.includes('on') || values.includes('true');
}

function readDecimal(raw: string, field: string, problems: SettingProblem[], digits: number): number | null {
	const parsed = parseViNumber(raw);
	if (!parsed.ok) {
		problems.push(
			raw.trim() === ''
				? { field, code: 'required' }
				: { field, code: 'number', params: { value: raw.trim() } }
		);
		return null;
	}
	// 95,125 has a third decimal the column cannot hold: refused rather than rounded.
	if (decimalPlaces(raw) > digits) {
		problems.push({ field, code: 'decimals', params: { digits } });
		return null;
	}
	return parsed.value;
}

function readInteger(raw: string, field: string, problems: SettingProblem[]): number | null {
	const s = raw.trim();
	if (s === '') {
		problems.push({ field, code: 'required' });
		return null;
	}
	if (!/^-?\d+$/.test(s)) {
		problems.push({ field, code: 'integer', params: { value: s } });
		return null;
	}
	return Number(s);
}

/**
 * Reads a submitted form against the current settings and the known rule versions: the new
 * settings (the current value where a field is absent or wrong) and every problem by field.
 */
export function parseSettingsForm(
	fields: FormFields,
	current: CouncilSettings,
	rules: readonly KnownRule[]
): ParsedSettings {
	const form = (name: string): readonly string[] => fields.get(name) ?? [];
	const problems: SettingProblem[] = [];
	const typed: Record<string, string> = {};
	const next: CouncilSettings = { ...current, rules: current.rules.map((r) => ({ ...r })) };
	const values = next as unknown as Record<ScalarKey, string | number | boolean>;

	for (const f of SETTING_FIELDS) {
		const all = form(f.key);
		if (f.kind === 'boolean') {
			values[f.key] = readBoolean(all, current[f.key] as boolean);
			if (all.length > 0) typed[f.key] = values[f.key] ? 'on' : 'off';
			continue;
		}
		if (all.length === 0) continue;
		const raw = all[all.length - 1] ?? '';
		typed[f.key] = raw;
		switch (f.kind) {
			case 'text': {
				const name = raw.trim().replace(/\s+/g, ' ');
				if (name === '') problems.push({ field: f.key, code: 'required' });
				else if (name.length > NAME_MAX)
					problems.push({ field: f.key, code: 'nameLength', params: { max: NAME_MAX } });
				else values[f.key] = name;
				break;
			}
			case 'decimal': {
				const n = readDecimal(raw, f.key, problems, 2);
				if (n === null) break;
				if (f.key === 'directWorkerPerLeaderTarget') {
					if (n <= 0 || n > TARGET_MAX)
						problems.push({ field: f.key, code: 'target', params: { max: TARGET_MAX } });
					else values[f.key] = n;
				} else if (n < 0 || n > 100) problems.push({ field: f.key, code: 'percent' });
				else values[f.key] = n;
				break;
			}
			case 'integer': {
				const n = readInteger(raw, f.key, problems);
				if (n === null) break;
				if (n < 0 || n > PLACES_MAX)
					problems.push({ field: f.key, code: 'places', params: { max: PLACES_MAX } });
				else values[f.key] = n;
				break;
			}
			case 'tier':
				if ((TIERS as readonly string[]).includes(raw)) values[f.key] = raw;
				else problems.push({ field: f.key, code: 'tier', params: { value: raw } });
				break;
			case 'month': {
				const n = readInteger(raw, f.key, problems);
				if (n === null) break;
				if (n < 1 || n > 12) problems.push({ field: f.key, code: 'month' });
				else values[f.key] = n;
				break;
			}
			case 'day': {
				const n = readInteger(raw, f.key, problems);
				if (n !== null) values[f.key] = n;
				break;
			}
		}
	}

	// The day is checked against the month as it will be (typed, or kept).
	const monthOk = !problems.some((p) => p.field === 'yearStartMonth');
	const dayTyped = !problems.some((p) => p.field === 'yearStartDay');
	if (monthOk && dayTyped) {
		const max = MONTH_DAYS[next.yearStartMonth - 1] ?? 31;
		if (next.yearStartDay < 1 || next.yearStartDay > max) {
			problems.push({ field: 'yearStartDay', code: 'day', params: { month: next.yearStartMonth, max } });
			next.yearStartDay = current.yearStartDay;
		}
	}

	// Thresholds strictly decreasing, on the values as they will be (only when each one is valid).
	const tiers = ['tierExcellentPct', 'tierGoodPct', 'tierFairPct', 'tierAveragePct'] as const;
	if (!problems.some((p) => (tiers as readonly string[]).includes(p.field)))
		for (let i = 1; i < tiers.length; i++) {
			const upper = tiers[i - 1]!;
			const lower = tiers[i]!;
			if (next[lower] >= next[upper])
				problems.push({
					field: lower,
					code: 'decreasing',
					params: { value: next[lower], upper: next[upper], upperField: upper }
				});
		}

	// Rule versions: years blank = the rule table's; from ≤ to on the years as they will apply.
	const known = new Map(rules.map((r) => [r.id, r]));
	const byId = new Map(next.rules.map((r) => [r.ruleId, r]));
	for (const r of rules)
		if (!byId.has(r.id)) {
			const fresh = { ruleId: r.id, effectiveFrom: null, effectiveTo: null, enabled: true };
			next.rules.push(fresh);
			byId.set(r.id, fresh);
		}
	for (const r of rules) {
		const s = byId.get(r.id)!;
		const rowProblems: SettingProblem[] = [];
		for (const part of ['from', 'to'] as const) {
			const field = ruleField(r.id, part);
			const all = form(field);
			if (all.length === 0) continue;
			const raw = (all[all.length - 1] ?? '').trim();
			typed[field] = raw;
			const key = part === 'from' ? 'effectiveFrom' : 'effectiveTo';
			if (raw === '') {
				s[key] = null;
				continue;
			}
			if (!/^\d+$/.test(raw) || Number(raw) < RULE_YEARS.min || Number(raw) > RULE_YEARS.max) {
				rowProblems.push({ field, code: 'year', params: { value: raw, ...RULE_YEARS } });
				continue;
			}
			s[key] = Number(raw);
		}
		const switched = form(ruleField(r.id, 'enabled'));
		s.enabled = readBoolean(switched, s.enabled);
		if (switched.length > 0) typed[ruleField(r.id, 'enabled')] = s.enabled ? 'on' : 'off';
		if (rowProblems.length === 0) {
			const from = s.effectiveFrom ?? r.effectiveFrom;
			const to = s.effectiveTo ?? r.effectiveTo;
			if (to !== null && from > to)
				rowProblems.push({ field: ruleField(r.id, 'to'), code: 'yearOrder', params: { from, to } });
		}
		problems.push(...rowProblems);
	}
	// A rule field of a version the product does not know: said, not ignored silently.
	for (const name of fields.keys()) {
		const m = /^rule\.(.+)\.(from|to|enabled)$/.exec(name);
		if (m && !known.has(m[1]!)) problems.push({ field: name, code: 'unknownRule', params: { id: m[1]! } });
	}
	next.rules = rules.map((r) => byId.get(r.id)!);

	if (problems.length > 0) return { settings: current, problems, typed };
	return { settings: next, problems, typed };
}

/** One setting changed by a save, as the audit trail records it. */
export interface SettingChange {
	/** council_setting column, or `rule_setting:<id>.<column>`. */
	setting: string;
	old: string | null;
	new: string | null;
	ranking: boolean;
}

const show = (v: string | number | boolean | null): string | null => (v === null ? null : String(v));

/** The settings a save changes, in the page's order (empty when nothing changed). */
export function settingChanges(before: CouncilSettings, after: CouncilSettings): SettingChange[] {
	const out: SettingChange[] = [];
	for (const f of SETTING_FIELDS)
		if (before[f.key] !== after[f.key])
			out.push({ setting: f.column, old: show(before[f.key]), new: show(after[f.key]), ranking: f.ranking });
	const old = new Map(before.rules.map((r) => [r.ruleId, r]));
	for (const r of after.rules) {
		const b = old.get(r.ruleId) ?? {
			ruleId: r.ruleId,
			effectiveFrom: null,
			effectiveTo: null,
			enabled: true
		};
		const parts: [string, number | boolean | null, number | boolean | null][] = [
			['effective_from', b.effectiveFrom, r.effectiveFrom],
			['effective_to', b.effectiveTo, r.effectiveTo],
			['enabled', b.enabled, r.enabled]
		];
		for (const [column, was, now] of parts)
			if (was !== now)
				out.push({
					setting: `rule_setting:${r.ruleId}.${column}`,
					old: show(was),
					new: show(now),
					ranking: false
				});
	}
	return out;
}

/** Whether a rule version's setting is the rule table as written (no row needed). */
export function isDefaultRuleSetting(s: RuleSettingValue): boolean {
	return s.effectiveFrom === null && s.effectiveTo === null && s.enabled;
}

const RULE_PART: Record<string, 'from' | 'to' | 'enabled'> = {
	effective_from: 'from',
	effective_to: 'to',
	enabled: 'enabled'
};

/**
 * A council setting's label as an audit row names it (its column, `year_start_*`, or
 * `rule_setting:<rule>.<column>`): the settings page's history and the home's latest changes.
 * `ruleName` gives a rule's name from its id (else the id is shown).
 */
export function settingAuditLabel(
	setting: string,
	tr: Translator,
	ruleName: (id: string) => string | undefined = () => undefined
): string {
	const field = SETTING_FIELDS.find((f) => f.column === setting);
	if (field) return tr.t(`csettings.field.${field.key}.label` as 'csettings.field.councilName.label');
	// Issue 15 part 5: a year made public or private.
	const publicYear = publicSettingYear(setting);
	if (publicYear !== null) return tr.t('public_history', { year: String(publicYear) });
	if (setting === 'year_start_day' || setting === 'year_start_month')
		return tr.t('csettings.field.yearStart.label');
	const m = /^rule_setting:(.+)\.(effective_from|effective_to|enabled)$/.exec(setting);
	if (!m) return setting;
	const part = RULE_PART[m[2] ?? ''] ?? 'enabled';
	return `${ruleName(m[1] ?? '') ?? m[1]} (${tr.t(`csettings.rules.col.${part}`)})`;
}

/** A council setting's stored old or new value as a reader expects it (vi-VN numbers, on/off, tiers). */
export function settingAuditValue(v: string | null, tr: Translator): string {
	if (v === null || v === '') return '—';
	if (v === 'true') return tr.t('csettings.on');
	if (v === 'false') return tr.t('csettings.off');
	if ((TIERS as readonly string[]).includes(v)) return tr.t(`tier.${v}` as 'tier.good');
	// stored as SQL writes numbers (`82.5`, `85`): as many decimals as stored
	if (/^-?\d+(\.\d+)?$/.test(v))
		return tr.num(Number(v), v.includes('.') ? v.length - v.indexOf('.') - 1 : 0);
	return v;
}
