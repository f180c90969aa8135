/**
 * How one unit's total is made, criterion by criterion: the arithmetic a bloc leader would
 * write by hand. Computed from the pledge and the score rows only (not from the ranking), so
 * it is an independent check of the ranking's total. Pure; exact integer arithmetic.
 */
import { scaled, toDisplay } from './ranking';
import type { BlocInput, CriterionKind } from './types';

export interface CriterionLine {
	code: string;
	name: string;
	groupCode: string;
	groupName: string;
	kind: CriterionKind;
	maxPoints: number;
	weight: number;
	selfScore: number | null;
	reviewedScore: number | null;
	/** Which side counts: the reviewed score, else the self-score, else nothing (0). */
	source: 'reviewed' | 'self' | 'missing';
	points: number;
	/** weight × points. */
	weighted: number;
}

export interface GroupLine {
	groupCode: string;
	groupName: string;
	terms: number[];
	sum: number;
	max: number;
}

export interface UnitExplanation {
	unitCode: string;
	lines: CriterionLine[];
	groups: GroupLine[];
	content: number;
	contentMax: number;
	bonusTerms: number[];
	bonusRaw: number;
	bonusCap: number | null;
	bonus: number;
	deductionTerms: number[];
	deduction: number;
	total: number;
	/** total / contentMax × 100 with 4 decimals, to show the rounding. */
	percent4: number;
}

export function explainUnit(input: BlocInput, unitCode: string): UnitExplanation {
	const scores = new Map(
		input.scores.filter((s) => s.unitCode === unitCode).map((s) => [s.criterionCode, s])
	);
	const criteria = [...input.criteria].sort(
		(a, b) => a.sortOrder - b.sortOrder || (a.code < b.code ? -1 : 1)
	);
	const exact = new Map<string, { weighted: bigint; max: bigint }>();
	const lines: CriterionLine[] = criteria.map((c) => {
		const s = scores.get(c.code);
		const source = s?.reviewedScore != null ? 'reviewed' : s?.selfScore != null ? 'self' : 'missing';
		const points = source === 'reviewed' ? s!.reviewedScore! : source === 'self' ? s!.selfScore! : 0;
		const weighted = scaled(c.weight, 3) * scaled(points, 2);
		exact.set(c.code, { weighted, max: scaled(c.weight, 3) * scaled(c.maxPoints, 2) });
		return {
			code: c.code,
			name: c.name,
			groupCode: c.groupCode,
			groupName: c.groupName,
			kind: c.kind,
			maxPoints: c.maxPoints,
			weight: c.weight,
			selfScore: s?.selfScore ?? null,
			reviewedScore: s?.reviewedScore ?? null,
			source,
			points,
			weighted: toDisplay(weighted)
		};
	});
	const sumOf = (kind: CriterionKind, field: 'weighted' | 'max') =>
		lines.filter((l) => l.kind === kind).reduce((acc, l) => acc + exact.get(l.code)![field], 0n);

	const groups: GroupLine[] = [];
	for (const l of lines.filter((x) => x.kind === 'content')) {
		let g = groups.find((x) => x.groupCode === l.groupCode);
		if (!g) groups.push((g = { groupCode: l.groupCode, groupName: l.groupName, terms: [], sum: 0, max: 0 }));
		g.terms.push(l.weighted);
	}
	for (const g of groups) {
		const inGroup = lines.filter((l) => l.kind === 'content' && l.groupCode === g.groupCode);
		g.sum = toDisplay(inGroup.reduce((acc, l) => acc + exact.get(l.code)!.weighted, 0n));
		g.max = toDisplay(inGroup.reduce((acc, l) => acc + exact.get(l.code)!.max, 0n));
	}

	const content = sumOf('content', 'weighted');
	const contentMax = sumOf('content', 'max');
	const bonusRaw = sumOf('bonus', 'weighted');
	const cap = input.settings.bonusCap === null ? null : scaled(input.settings.bonusCap, 2) * 1000n;
	const bonus = cap !== null && bonusRaw > cap ? cap : bonusRaw;
	const deduction = sumOf('deduction', 'weighted');
	const total = content + bonus - deduction;
	const terms = (kind: CriterionKind) =>
		lines.filter((l) => l.kind === kind && l.weighted !== 0).map((l) => l.weighted);
	return {
		unitCode,
		lines,
		groups,
		content: toDisplay(content),
		contentMax: toDisplay(contentMax),
		bonusTerms: terms('bonus'),
		bonusRaw: toDisplay(bonusRaw),
		bonusCap: input.settings.bonusCap,
		bonus: toDisplay(bonus),
		deductionTerms: terms('deduction'),
		deduction: toDisplay(deduction),
		total: toDisplay(total),
		// total × 100 × 10⁴ / contentMax = percent in units of 10⁻⁴ (truncated)
		percent4: contentMax === 0n ? 0 : Number((total * 1_000_000n) / contentMax) / 10_000
	};
}
