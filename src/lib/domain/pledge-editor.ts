/**
 * The pledge editor's rules (issue 14 part 5), pure: reading the pledge's settings and a
 * criterion from a form (numbers the Vietnamese way, as the import reads them), the content
 * maximum, the warning when a criterion code seems to change its meaning from one year to the
 * next, and reordering criteria inside their sections. Errors name the field they are about
 * (`field`, a message key and its parameters); the route words them.
 */
import { decimalPlaces, parseViDate, parseViNumber } from './numbers';
import { codeProblem } from './cells';
import { CRITERION_KINDS, TIERS, type CriterionKind, type Tier } from './types';
import type { Stage } from './policy';

/** Tiers with a threshold, from the highest. */
export const THRESHOLD_TIERS = ['excellent', 'good', 'fair', 'average'] as const;
export type ThresholdTier = (typeof THRESHOLD_TIERS)[number];

export const SETTINGS_FIELDS = [
	'title',
	'signedDate',
	'bonusCap',
	'tierExcellent',
	'tierGood',
	'tierFair',
	'tierAverage',
	'flagCount',
	'flagMinTier',
	'certificateCount',
	'certificateMinTier'
] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

export const CRITERION_FIELDS = [
	'code',
	'groupCode',
	'groupName',
	'name',
	'maxPoints',
	'weight',
	'kind'
] as const;
export type CriterionField = (typeof CRITERION_FIELDS)[number];

export const TIER_FIELD: Record<ThresholdTier, SettingsField> = {
	excellent: 'tierExcellent',
	good: 'tierGood',
	fair: 'tierFair',
	average: 'tierAverage'
};

/** A problem with one field of a form: the message key (`pledgeed.err.*`) and its parameters. */
export interface FieldError<F extends string = string> {
	field: F;
	key:
		| 'required'
		| 'number'
		| 'decimals'
		| 'min'
		| 'max'
		| 'integer'
		| 'date'
		| 'tier'
		| 'kind'
		| 'decreasing'
		| 'tooLong'
		| 'code'
		| 'codeTaken'
		| 'groupName';
	params?: Record<string, string | number>;
}

export type Parsed<T, F extends string> = { ok: true; value: T } | { ok: false; errors: FieldError<F>[] };

/** The pledge's settings; null: not set (the council's default applies; no bonus cap). */
export interface PledgeSettings {
	title: string;
	/** ISO yyyy-mm-dd. */
	signedDate: string | null;
	bonusCap: number | null;
	thresholds: Record<ThresholdTier, number | null>;
	flagCount: number | null;
	flagMinTier: Tier | null;
	certificateCount: number | null;
	certificateMinTier: Tier | null;
}

/** The council's defaults the unset settings fall back to (council_setting). */
export interface CouncilDefaults {
	thresholds: Record<ThresholdTier, number>;
	flagCount: number;
	flagMinTier: Tier;
	certificateCount: number;
	certificateMinTier: Tier;
}

export const TITLE_MAX = 300;
export const NAME_MAX = 500;
export const CODE_MAX = 64;
/** As the import: a threshold is a percent with at most 2 decimals, 0 to 200. */
export const PERCENT_MAX = 200;

type Raw<F extends string> = Partial<Record<F, string | null | undefined>>;

const str = (v: string | null | undefined) => (v ?? '').trim();

/**
 * A number field: empty → null (when `optional`), else the Vietnamese number with at most
 * `decimals` decimals within [min, max].
 */
function numberField<F extends string>(
	field: F,
	raw: string,
	opts: { decimals: number; min?: number; max?: number; integer?: boolean },
	errors: FieldError<F>[]
): number | null {
	if (raw === '') return null;
	const n = parseViNumber(raw);
	if (!n.ok) {
		errors.push({ field, key: 'number', params: { detail: n.reason } });
		return null;
	}
	if (opts.integer && !Number.isInteger(n.value)) {
		errors.push({ field, key: 'integer', params: { value: raw } });
		return null;
	}
	if (decimalPlaces(raw) > opts.decimals) {
		errors.push({ field, key: 'decimals', params: { value: raw, decimals: opts.decimals } });
		return null;
	}
	if (opts.min !== undefined && n.value < opts.min) {
		errors.push({ field, key: 'min', params: { value: raw, min: opts.min } });
		return null;
	}
	if (opts.max !== undefined && n.value > opts.max) {
		errors.push({ field, key: 'max', params: { value: raw, max: opts.max } });
		return null;
	}
	return n.value;
}

function tierField<F extends string>(field: F, raw: string, errors: FieldError<F>[]): Tier | null {
	if (raw === '') return null;
	if ((TIERS as readonly string[]).includes(raw)) return raw as Tier;
	errors.push({ field, key: 'tier', params: { value: raw } });
	return null;
}

/**
 * Reads the pledge's settings from a form. Thresholds must fall strictly from Xuất sắc to
 * Trung bình, each as it will apply (typed, else the council's default); places are whole
 * numbers ≥ 0; the bonus cap ≥ 0 with 2 decimals; the signed date dd/mm/yyyy.
 */
export function parsePledgeSettings(
	raw: Raw<SettingsField>,
	defaults: CouncilDefaults
): Parsed<PledgeSettings, SettingsField> {
	const errors: FieldError<SettingsField>[] = [];
	const title = str(raw.title);
	if (title === '') errors.push({ field: 'title', key: 'required' });
	else if (title.length > TITLE_MAX)
		errors.push({ field: 'title', key: 'tooLong', params: { max: TITLE_MAX } });
	let signedDate: string | null = null;
	const dateRaw = str(raw.signedDate);
	if (dateRaw !== '') {
		const d = parseViDate(dateRaw);
		if (d.ok) signedDate = d.value;
		else errors.push({ field: 'signedDate', key: 'date', params: { value: dateRaw } });
	}
	const bonusCap = numberField('bonusCap', str(raw.bonusCap), { decimals: 2, min: 0 }, errors);
	const thresholds = {} as Record<ThresholdTier, number | null>;
	for (const tier of THRESHOLD_TIERS)
		thresholds[tier] = numberField(
			TIER_FIELD[tier],
			str(raw[TIER_FIELD[tier]]),
			{ decimals: 2, min: 0, max: PERCENT_MAX },
			errors
		);
	const flagCount = numberField(
		'flagCount',
		str(raw.flagCount),
		{ decimals: 0, min: 0, integer: true },
		errors
	);
	const certificateCount = numberField(
		'certificateCount',
		str(raw.certificateCount),
		{ decimals: 0, min: 0, integer: true },
		errors
	);
	const flagMinTier = tierField('flagMinTier', str(raw.flagMinTier), errors);
	const certificateMinTier = tierField('certificateMinTier', str(raw.certificateMinTier), errors);

	// Strictly falling, as they will apply; only between fields that were read.
	const bad = new Set(errors.map((e) => e.field));
	const effective = THRESHOLD_TIERS.map((tier) => ({
		tier,
		value: thresholds[tier] ?? defaults.thresholds[tier],
		ok: !bad.has(TIER_FIELD[tier])
	}));
	for (let i = 1; i < effective.length; i++) {
		const above = effective[i - 1]!;
		const here = effective[i]!;
		if (above.ok && here.ok && here.value >= above.value)
			errors.push({
				field: TIER_FIELD[here.tier],
				key: 'decreasing',
				params: { value: here.value, above: above.value, aboveTier: above.tier }
			});
	}
	if (errors.length) return { ok: false, errors };
	return {
		ok: true,
		value: {
			title,
			signedDate,
			bonusCap,
			thresholds,
			flagCount,
			flagMinTier,
			certificateCount,
			certificateMinTier
		}
	};
}

export interface CriterionValue {
	code: string;
	groupCode: string;
	groupName: string;
	name: string;
	maxPoints: number;
	weight: number;
	kind: CriterionKind;
}

/** A criterion of the pledge as stored, in display order. */
export interface StoredCriterion extends CriterionValue {
	sortOrder: number;
}

function codeField<F extends string>(field: F, raw: string, errors: FieldError<F>[]): string {
	if (raw === '') errors.push({ field, key: 'required' });
	else if (raw.length > CODE_MAX) errors.push({ field, key: 'tooLong', params: { max: CODE_MAX } });
	else {
		const problem = codeProblem(raw);
		if (problem) errors.push({ field, key: 'code', params: { detail: problem } });
	}
	return raw;
}

/**
 * Reads a criterion from a form: codes and names required, maximum > 0 with 2 decimals,
 * weight > 0 with 3 decimals (empty: 1), the kind one of content/bonus/deduction. `current`:
 * the pledge's criteria; `editing`: the code of the criterion being changed (null: a new one).
 * The code must not be another criterion's; a section keeps one name (empty: the section's).
 */
export function parseCriterion(
	raw: Raw<CriterionField>,
	current: readonly CriterionValue[],
	editing: string | null
): Parsed<CriterionValue, CriterionField> {
	const errors: FieldError<CriterionField>[] = [];
	const code = codeField('code', str(raw.code), errors);
	if (code !== '' && code !== editing && current.some((c) => c.code === code))
		errors.push({ field: 'code', key: 'codeTaken', params: { code } });
	const groupCode = codeField('groupCode', str(raw.groupCode), errors);
	let groupName = str(raw.groupName);
	const others = current.filter((c) => c.code !== editing && c.groupCode === groupCode);
	const existing = others[0]?.groupName;
	if (groupName === '' && existing !== undefined) groupName = existing;
	if (groupName === '') errors.push({ field: 'groupName', key: 'required' });
	else if (groupName.length > NAME_MAX)
		errors.push({ field: 'groupName', key: 'tooLong', params: { max: NAME_MAX } });
	else if (existing !== undefined && existing !== groupName)
		errors.push({ field: 'groupName', key: 'groupName', params: { group: groupCode, name: existing } });
	const name = str(raw.name);
	if (name === '') errors.push({ field: 'name', key: 'required' });
	else if (name.length > NAME_MAX) errors.push({ field: 'name', key: 'tooLong', params: { max: NAME_MAX } });
	const maxRaw = str(raw.maxPoints);
	let maxPoints: number | null = null;
	if (maxRaw === '') errors.push({ field: 'maxPoints', key: 'required' });
	else maxPoints = numberField('maxPoints', maxRaw, { decimals: 2, min: 0.01, max: 1e6 }, errors);
	const weightRaw = str(raw.weight);
	const weight =
		weightRaw === '' ? 1 : numberField('weight', weightRaw, { decimals: 3, min: 0.001, max: 1e5 }, errors);
	const kindRaw = str(raw.kind) || 'content';
	if (!(CRITERION_KINDS as readonly string[]).includes(kindRaw))
		errors.push({ field: 'kind', key: 'kind', params: { value: kindRaw } });
	if (errors.length || maxPoints === null || weight === null) return { ok: false, errors };
	return {
		ok: true,
		value: { code, groupCode, groupName, name, maxPoints, weight, kind: kindRaw as CriterionKind }
	};
}

/**
 * Σ weight × maximum of the content criteria, exact (maxima have 2 decimals and weights 3, so
 * each product is a whole number of 1/100000), given to 5 decimals like the stored totals.
 */
export function contentMaximum(
	criteria: readonly Pick<CriterionValue, 'kind' | 'maxPoints' | 'weight'>[]
): number {
	let units = 0;
	for (const c of criteria)
		if (c.kind === 'content') units += Math.round(c.maxPoints * 100) * Math.round(c.weight * 1000);
	return units / 100_000;
}

/** The same criterion code in an earlier year of the bloc. */
export interface EarlierCriterion {
	year: number;
	code: string;
	name: string;
	maxPoints: number;
}

/** Name compared without case, tone-mark composition or spacing differences. */
const sameName = (a: string, b: string) =>
	a.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim() ===
	b.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();

/**
 * Whether a criterion's code seems to change meaning: in the latest earlier year holding that
 * code, the criterion had another name AND another maximum (one of them alone is an ordinary
 * yearly change). Only asked of a new criterion or one whose name, maximum or code changes:
 * `before` is the criterion as stored (null for a new one). Returns the earlier criterion.
 */
export function codeMeaningChange(
	next: Pick<CriterionValue, 'code' | 'name' | 'maxPoints'>,
	before: Pick<CriterionValue, 'code' | 'name' | 'maxPoints'> | null,
	earlier: readonly EarlierCriterion[]
): EarlierCriterion | null {
	if (
		before &&
		before.code === next.code &&
		sameName(before.name, next.name) &&
		before.maxPoints === next.maxPoints
	)
		return null;
	const prev = earlier.filter((e) => e.code === next.code).sort((a, b) => b.year - a.year)[0];
	if (!prev) return null;
	return !sameName(prev.name, next.name) && prev.maxPoints !== next.maxPoints ? prev : null;
}

export type Direction = 'up' | 'down';

/** Criteria codes by section, sections in the order of their first criterion. */
export function sections<T extends Pick<StoredCriterion, 'code' | 'groupCode' | 'sortOrder'>>(
	criteria: readonly T[]
): { groupCode: string; criteria: T[] }[] {
	const sorted = [...criteria].sort(
		(a, b) => a.sortOrder - b.sortOrder || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
	);
	const out: { groupCode: string; criteria: T[] }[] = [];
	for (const c of sorted) {
		const s = out.find((g) => g.groupCode === c.groupCode);
		if (s) s.criteria.push(c);
		else out.push({ groupCode: c.groupCode, criteria: [c] });
	}
	return out;
}

/**
 * The codes in their new display order after moving one criterion up or down inside its
 * section, or a whole section before or after its neighbour; null when it cannot move (first
 * or last already, unknown code). Sections stay together: the order given back numbers them
 * 1, 2, … (sort_order).
 */
export function reorder(
	criteria: readonly Pick<StoredCriterion, 'code' | 'groupCode' | 'sortOrder'>[],
	move: { criterion: string; dir: Direction } | { group: string; dir: Direction }
): string[] | null {
	const groups = sections(criteria).map((g) => ({ ...g, criteria: g.criteria.map((c) => c.code) }));
	const swap = <T>(list: T[], i: number, dir: Direction): boolean => {
		const j = dir === 'up' ? i - 1 : i + 1;
		if (i < 0 || j < 0 || j >= list.length) return false;
		[list[i], list[j]] = [list[j]!, list[i]!];
		return true;
	};
	if ('group' in move) {
		if (
			!swap(
				groups,
				groups.findIndex((g) => g.groupCode === move.group),
				move.dir
			)
		)
			return null;
	} else {
		const g = groups.find((s) => s.criteria.includes(move.criterion));
		if (!g || !swap(g.criteria, g.criteria.indexOf(move.criterion), move.dir)) return null;
	}
	return groups.flatMap((g) => g.criteria);
}

/**
 * The codes in display order with `code` placed in section `groupCode`: after the section's
 * last criterion, or after everything for a new section. `code` may be in the list already
 * (a criterion moved to another section, or renamed from `replacing`): it is taken out first.
 */
export function orderWith(
	criteria: readonly Pick<StoredCriterion, 'code' | 'groupCode' | 'sortOrder'>[],
	code: string,
	groupCode: string,
	replacing: string | null = null
): string[] {
	const kept = criteria.filter((c) => c.code !== code && c.code !== replacing);
	const before = criteria.find((c) => c.code === (replacing ?? code));
	// A criterion staying in its section keeps its place.
	if (before && before.groupCode === groupCode)
		return sections(criteria).flatMap((g) => g.criteria.map((c) => (c.code === before.code ? code : c.code)));
	const groups = sections(kept).map((g) => ({
		groupCode: g.groupCode,
		codes: g.criteria.map((c) => c.code)
	}));
	const g = groups.find((s) => s.groupCode === groupCode);
	if (g) g.codes.push(code);
	else groups.push({ groupCode, codes: [code] });
	return groups.flatMap((s) => s.codes);
}

/** Whether changing a bloc-year's criteria needs a reason: self-scoring has started. */
export function pledgeLocked(stage: Stage): boolean {
	return stage !== 'open';
}
