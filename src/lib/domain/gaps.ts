/**
 * Gaps (khoảng cách) on the criteria of a pledge, pure: each unit's percent of the maximum on
 * each content criterion against the bloc median and the bloc leader, and the criteria where the
 * bloc is weakest ("mặt còn tồn tại, yếu kém"), in one year and across years.
 *
 * A cell's percent is points / max × 100 (the weight cancels out), with points as the ranking
 * uses them: the bloc's reviewed score, else the self-score, else 0.
 */

/** One unit's result on one content criterion in one bloc-year. */
export interface CriterionCell {
	year: number;
	blocCode: string;
	unitCode: string;
	criterionCode: string;
	points: number;
	maxPoints: number;
	percent: number;
	/** Points come from a self-score nobody reviewed. */
	unreviewed: boolean;
	/** No score at all (counted as 0). */
	missing: boolean;
}

/** The median (mean of the two middle values for an even count), null for no values. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const s = [...values].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Rounded to 2 decimals, never −0. */
const round2 = (x: number) => Math.round(x * 100) / 100 + 0;

/** Percent of the maximum below which a criterion counts as weak for a unit (a setting of the page). */
export const WEAK_THRESHOLD = 70;

export interface CriterionStat {
	code: string;
	units: number;
	median: number;
	min: number;
	max: number;
	/** Mean percent of the unit(s) ranked first; null when no leader is among the cells. */
	leader: number | null;
	/** Units below the weak threshold. */
	below: number;
	/** The units with the lowest percent. */
	lowest: string[];
}

/** What the statistics read of a cell. */
export type PercentCell = Pick<CriterionCell, 'year' | 'unitCode' | 'criterionCode' | 'percent'>;

/** Statistics per criterion code over cells of ONE bloc-year. `leaders`: unit codes ranked 1. */
export function criterionStats<C extends PercentCell>(
	cells: readonly C[],
	leaders: ReadonlySet<string>,
	threshold = WEAK_THRESHOLD
): Map<string, CriterionStat> {
	const byCode = new Map<string, C[]>();
	for (const c of cells) {
		const list = byCode.get(c.criterionCode);
		if (list) list.push(c);
		else byCode.set(c.criterionCode, [c]);
	}
	const out = new Map<string, CriterionStat>();
	for (const [code, list] of byCode) {
		const values = list.map((c) => c.percent);
		const min = Math.min(...values);
		const lead = list.filter((c) => leaders.has(c.unitCode)).map((c) => c.percent);
		out.set(code, {
			code,
			units: list.length,
			median: round2(median(values)!),
			min: round2(min),
			max: round2(Math.max(...values)),
			leader: lead.length ? round2(lead.reduce((s, v) => s + v, 0) / lead.length) : null,
			below: values.filter((v) => v < threshold).length,
			lowest: list
				.filter((c) => c.percent === min)
				.map((c) => c.unitCode)
				.sort()
		});
	}
	return out;
}

export interface UnitGap {
	percent: number;
	/** percent − bloc median, percentage points. */
	toMedian: number;
	/** percent − leader's percent, percentage points; null without a leader. */
	toLeader: number | null;
}

/** unit → criterion → gap, over cells of one bloc-year and their statistics. */
export function unitGaps(
	cells: readonly CriterionCell[],
	stats: ReadonlyMap<string, CriterionStat>
): Map<string, Map<string, UnitGap>> {
	const out = new Map<string, Map<string, UnitGap>>();
	for (const c of cells) {
		const s = stats.get(c.criterionCode);
		if (!s) continue;
		let row = out.get(c.unitCode);
		if (!row) out.set(c.unitCode, (row = new Map()));
		row.set(c.criterionCode, {
			percent: round2(c.percent),
			toMedian: round2(c.percent - s.median),
			toLeader: s.leader === null ? null : round2(c.percent - s.leader)
		});
	}
	return out;
}

/** The weakest criteria of one bloc-year: lowest median first, then most units below threshold. */
export function weakestOfYear(stats: ReadonlyMap<string, CriterionStat>, limit = 5): CriterionStat[] {
	return [...stats.values()]
		.sort((a, b) => a.median - b.median || b.below - a.below || a.code.localeCompare(b.code))
		.slice(0, limit);
}

export interface WeakAcrossYears {
	code: string;
	/** Bloc median per year the criterion was in the pledge. */
	medians: { year: number; median: number }[];
	/** Mean of the yearly medians. */
	mean: number;
	/** Years the criterion was among the `bottom` weakest of its bloc-year. */
	yearsInBottom: number;
	/** Unit-year cells below the weak threshold, and all its unit-year cells. */
	below: number;
	cells: number;
}

/**
 * Criteria (matched by code) that stay weak across years, over cells of ONE bloc and several
 * years: most years among the `bottom` lowest medians first, then lowest mean median.
 */
export function weakestAcrossYears(
	cells: readonly PercentCell[],
	bottom = 3,
	threshold = WEAK_THRESHOLD
): WeakAcrossYears[] {
	const byYear = new Map<number, PercentCell[]>();
	for (const c of cells) {
		const list = byYear.get(c.year);
		if (list) list.push(c);
		else byYear.set(c.year, [c]);
	}
	const acc = new Map<string, WeakAcrossYears>();
	for (const [year, list] of [...byYear].sort((a, b) => a[0] - b[0])) {
		const stats = criterionStats(list, new Set(), threshold);
		const ranked = [...stats.values()].sort((a, b) => a.median - b.median || a.code.localeCompare(b.code));
		const inBottom = new Set(ranked.slice(0, bottom).map((s) => s.code));
		for (const s of ranked) {
			let w = acc.get(s.code);
			if (!w)
				acc.set(s.code, (w = { code: s.code, medians: [], mean: 0, yearsInBottom: 0, below: 0, cells: 0 }));
			w.medians.push({ year, median: s.median });
			if (inBottom.has(s.code)) w.yearsInBottom++;
			w.below += s.below;
			w.cells += s.units;
		}
	}
	for (const w of acc.values())
		w.mean = round2(w.medians.reduce((s, m) => s + m.median, 0) / w.medians.length);
	return [...acc.values()].sort(
		(a, b) => b.yearsInBottom - a.yearsInBottom || a.mean - b.mean || a.code.localeCompare(b.code)
	);
}
