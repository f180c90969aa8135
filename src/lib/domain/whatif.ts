/**
 * What-if weights (giả định hệ số): change the weight of a criterion, or of a whole group, and
 * rank the bloc again with the reference rule (`rankBloc` of ./ranking). Nothing is stored.
 *
 * A criterion's effective weight = (its own override, else its pledge weight) × (its group's
 * factor, else 1), rounded to 3 decimals as the database stores weights (DECIMAL(9,3)). A weight
 * of 0 leaves the criterion out (its maximum leaves the content maximum too). With no override
 * the input is returned unchanged, so the ranking equals the SQL ranking (tested on every sample
 * bloc-year).
 */
import { parseViNumber } from './numbers';
import { divRoundHalfAway, rankBloc, scaled } from './ranking';
import type { BlocInput, RankingRow } from './types';

export interface WeightOverrides {
	/** criterion code → weight */
	criteria: Record<string, number>;
	/** group code → factor applied to every criterion weight of the group */
	groups: Record<string, number>;
}

export const NO_OVERRIDES: WeightOverrides = { criteria: {}, groups: {} };

/** Largest weight or factor accepted (the database allows DECIMAL(9,3)). */
export const MAX_WEIGHT = 100;

/** Query and form field names: `w.<criterion code>`, `g.<group code>`. */
export const CRITERION_FIELD = 'w.';
export const GROUP_FIELD = 'g.';

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function isEmpty(o: WeightOverrides): boolean {
	return Object.keys(o.criteria).length === 0 && Object.keys(o.groups).length === 0;
}

/** The effective weight of a criterion under the overrides. */
export function effectiveWeight(
	c: { code: string; groupCode: string; weight: number },
	o: WeightOverrides
): number {
	const weight = o.criteria[c.code] ?? c.weight;
	const factor = o.groups[c.groupCode];
	if (factor === undefined) return weight;
	// Exact: thousandths × thousandths, rounded half away from zero to thousandths (DECIMAL(9,3)).
	return Number(divRoundHalfAway(scaled(weight, 3) * scaled(factor, 3), 1000n)) / 1000;
}

/** The bloc input with overridden weights (a new object; `input` is not changed). */
export function applyWeightOverrides(input: BlocInput, o: WeightOverrides): BlocInput {
	if (isEmpty(o)) return input;
	return { ...input, criteria: input.criteria.map((c) => ({ ...c, weight: effectiveWeight(c, o) })) };
}

/** Drops overrides that change nothing: a criterion set to its own weight, a group factor of 1. */
export function normalizeOverrides(input: BlocInput, o: WeightOverrides): WeightOverrides {
	const own = new Map(input.criteria.map((c) => [c.code, c.weight]));
	const groups = new Set(input.criteria.map((c) => c.groupCode));
	return {
		criteria: Object.fromEntries(
			Object.entries(o.criteria).filter(([code, w]) => own.has(code) && own.get(code) !== w)
		),
		groups: Object.fromEntries(Object.entries(o.groups).filter(([g, f]) => groups.has(g) && f !== 1))
	};
}

export interface OverrideProblem {
	field: string;
	raw: string;
	reason: 'not_number' | 'out_of_range' | 'decimals' | 'unknown';
}

/**
 * Reads `w.<code>` and `g.<group>` fields (Vietnamese numbers: `1,5`) for the criteria and groups
 * of `input`. Empty fields are ignored; other fields are left alone. Problems are returned, the
 * field then keeps its pledge value.
 */
export function parseOverrides(
	fields: Iterable<[string, string]>,
	input: BlocInput
): { overrides: WeightOverrides; problems: OverrideProblem[] } {
	const codes = new Set(input.criteria.map((c) => c.code));
	const groups = new Set(input.criteria.map((c) => c.groupCode));
	const overrides: WeightOverrides = { criteria: {}, groups: {} };
	const problems: OverrideProblem[] = [];
	for (const [field, raw] of fields) {
		const isCriterion = field.startsWith(CRITERION_FIELD);
		const isGroup = field.startsWith(GROUP_FIELD);
		if (!isCriterion && !isGroup) continue;
		if (raw.trim() === '') continue;
		const key = field.slice(2);
		if (!(isCriterion ? codes : groups).has(key)) {
			problems.push({ field, raw, reason: 'unknown' });
			continue;
		}
		const parsed = parseViNumber(raw);
		if (!parsed.ok) {
			problems.push({ field, raw, reason: 'not_number' });
			continue;
		}
		if (parsed.value < 0 || parsed.value > MAX_WEIGHT) {
			problems.push({ field, raw, reason: 'out_of_range' });
			continue;
		}
		if (round3(parsed.value) !== parsed.value) {
			problems.push({ field, raw, reason: 'decimals' });
			continue;
		}
		(isCriterion ? overrides.criteria : overrides.groups)[key] = parsed.value;
	}
	return { overrides: normalizeOverrides(input, overrides), problems };
}

/** The overrides as query parameters (a link that reproduces the what-if). */
export function overridesToParams(o: WeightOverrides): [string, string][] {
	return [
		...Object.entries(o.groups).map(([g, f]): [string, string] => [GROUP_FIELD + g, String(f)]),
		...Object.entries(o.criteria).map(([c, w]): [string, string] => [CRITERION_FIELD + c, String(w)])
	];
}

export interface RankChange {
	after: RankingRow;
	before: RankingRow | null;
	/** before.rank − after.rank: positive = moved up. */
	delta: number;
	tierChanged: boolean;
	proposalChanged: boolean;
}

/** Each row of the what-if ranking (its order) with the unit's row in the original ranking. */
export function rankChanges(before: readonly RankingRow[], after: readonly RankingRow[]): RankChange[] {
	const old = new Map(before.map((r) => [r.unitCode, r]));
	return after.map((r) => {
		const b = old.get(r.unitCode) ?? null;
		return {
			after: r,
			before: b,
			delta: b ? b.rank - r.rank : 0,
			tierChanged: b !== null && b.tier !== r.tier,
			proposalChanged: b !== null && b.proposal !== r.proposal
		};
	});
}

/** The what-if ranking of a bloc-year under the overrides, with the changes against `baseline`. */
export function whatIf(input: BlocInput, o: WeightOverrides, baseline: readonly RankingRow[]): RankChange[] {
	return rankChanges(baseline, rankBloc(applyWeightOverrides(input, o)));
}

/**
 * A bloc input as the what-if page receives it: the scores as four columns instead of one object
 * per score (a bloc-year has members × criteria of them; the key names repeated in every object
 * were most of the page's data). `unpackInput(packInput(x))` equals `x`, order kept.
 */
export interface PackedBlocInput extends Omit<BlocInput, 'scores'> {
	scores: {
		unitCode: string[];
		criterionCode: string[];
		selfScore: (number | null)[];
		reviewedScore: (number | null)[];
	};
}

export function packInput(input: BlocInput): PackedBlocInput {
	const s = input.scores;
	return {
		...input,
		scores: {
			unitCode: s.map((x) => x.unitCode),
			criterionCode: s.map((x) => x.criterionCode),
			selfScore: s.map((x) => x.selfScore),
			reviewedScore: s.map((x) => x.reviewedScore)
		}
	};
}

export function unpackInput(packed: PackedBlocInput): BlocInput {
	const s = packed.scores;
	return {
		settings: packed.settings,
		criteria: packed.criteria,
		members: packed.members,
		scores: s.unitCode.map((unitCode, i) => ({
			unitCode,
			criterionCode: s.criterionCode[i]!,
			selfScore: s.selfScore[i] ?? null,
			reviewedScore: s.reviewedScore[i] ?? null
		})),
		// Issue 15: the recorded ballots decide ties in the what-if ranking as in the stored one.
		...(packed.votes ? { votes: packed.votes } : {})
	};
}
