/**
 * Years compared (so sánh qua các năm), pure: who entered or left a bloc and how, how a merged
 * unit continues its predecessors' lines, and which criteria changed between two pledges.
 *
 * Lineage: `unit_lineage` records predecessor → successor from a year. The successor inherits its
 * predecessors' history: charts draw a dashed link from each predecessor's last point before the
 * merger to the successor's first point, and the successor's value for an earlier year is the mean
 * of its predecessors' values that year (`inheritedValue`), marked as inherited wherever shown.
 */
import type { LineageEvent } from './types';

export interface LineageLink {
	predecessor: string;
	successor: string;
	/** First emulation year of the successor. */
	year: number;
	event: LineageEvent;
}

export interface MembershipRow {
	year: number;
	blocCode: string;
	unitCode: string;
}

export type MembershipEventKind =
	'joined' | 'returned' | 'moved_in' | 'merged_in' | 'left' | 'moved_out' | 'merged_into';

/**
 * A change of a bloc's membership between two consecutive years of the bloc. `related`: the
 * predecessors (merged_in), the successor (merged_into) or the other bloc (moved_in / moved_out).
 * Entering events carry the year the unit entered; leaving events the last year it was a member.
 */
export interface MembershipEvent {
	year: number;
	blocCode: string;
	unitCode: string;
	kind: MembershipEventKind;
	related: string[];
}

/**
 * The membership events of `blocCode` over `years` (the bloc's years, ascending): compares each
 * year's members with the previous year's. The first year has no events.
 */
export function membershipEvents(
	rows: readonly MembershipRow[],
	lineage: readonly LineageLink[],
	blocCode: string,
	years: readonly number[]
): MembershipEvent[] {
	const blocOf = new Map(rows.map((r) => [`${r.year}|${r.unitCode}`, r.blocCode]));
	const members = (year: number) =>
		new Set(rows.filter((r) => r.year === year && r.blocCode === blocCode).map((r) => r.unitCode));
	const events: MembershipEvent[] = [];
	for (let i = 1; i < years.length; i++) {
		const prevYear = years[i - 1]!;
		const year = years[i]!;
		const before = members(prevYear);
		const now = members(year);
		for (const unit of [...now].sort()) {
			if (before.has(unit)) continue;
			const preds = lineage.filter((l) => l.successor === unit && l.year <= year).map((l) => l.predecessor);
			const earlier = years.slice(0, i - 1).some((y) => blocOf.get(`${y}|${unit}`) === blocCode);
			const elsewhere = blocOf.get(`${prevYear}|${unit}`);
			if (preds.length > 0 && !earlier)
				events.push({ year, blocCode, unitCode: unit, kind: 'merged_in', related: preds.sort() });
			else if (earlier) events.push({ year, blocCode, unitCode: unit, kind: 'returned', related: [] });
			else if (elsewhere)
				events.push({ year, blocCode, unitCode: unit, kind: 'moved_in', related: [elsewhere] });
			else events.push({ year, blocCode, unitCode: unit, kind: 'joined', related: [] });
		}
		for (const unit of [...before].sort()) {
			if (now.has(unit)) continue;
			const succ = lineage.filter((l) => l.predecessor === unit && l.year <= year).map((l) => l.successor);
			const elsewhere = blocOf.get(`${year}|${unit}`);
			if (succ.length > 0)
				events.push({ year: prevYear, blocCode, unitCode: unit, kind: 'merged_into', related: succ.sort() });
			else if (elsewhere)
				events.push({ year: prevYear, blocCode, unitCode: unit, kind: 'moved_out', related: [elsewhere] });
			else events.push({ year: prevYear, blocCode, unitCode: unit, kind: 'left', related: [] });
		}
	}
	return events;
}

/** A point of a unit's line: its value in a year. */
export interface SeriesPoint {
	year: number;
	value: number;
}

/** A dashed link from a predecessor's last point before the merger to the successor's first point. */
export interface LineageConnector {
	predecessor: string;
	successor: string;
	event: LineageEvent;
	from: SeriesPoint;
	to: SeriesPoint;
}

/**
 * Connectors for the lines in `series` (unit code → points sorted by year): for each link whose
 * two units both have a line, from the predecessor's latest point before `link.year` to the
 * successor's earliest point from `link.year` on.
 */
export function lineageConnectors(
	series: ReadonlyMap<string, readonly SeriesPoint[]>,
	lineage: readonly LineageLink[]
): LineageConnector[] {
	const out: LineageConnector[] = [];
	for (const l of lineage) {
		const pred = series.get(l.predecessor);
		const succ = series.get(l.successor);
		if (!pred || !succ) continue;
		const from = [...pred].reverse().find((p) => p.year < l.year);
		const to = succ.find((p) => p.year >= l.year);
		if (from && to)
			out.push({ predecessor: l.predecessor, successor: l.successor, event: l.event, from, to });
	}
	return out.sort(
		(a, b) => a.successor.localeCompare(b.successor) || a.predecessor.localeCompare(b.predecessor)
	);
}

/**
 * The value a successor inherits for a year before it existed: the mean of its predecessors'
 * values that year (those that have one), with the predecessors used; null when none has one.
 * Follows chains (a predecessor that itself has predecessors).
 */
export function inheritedValue(
	unit: string,
	year: number,
	value: (unit: string, year: number) => number | null,
	lineage: readonly LineageLink[],
	depth = 0
): { value: number; from: string[] } | null {
	if (depth > 8) return null;
	const values: number[] = [];
	const from: string[] = [];
	for (const l of lineage) {
		if (l.successor !== unit || l.year <= year) continue;
		const own = value(l.predecessor, year);
		if (own !== null) {
			values.push(own);
			from.push(l.predecessor);
			continue;
		}
		const deeper = inheritedValue(l.predecessor, year, value, lineage, depth + 1);
		if (deeper) {
			values.push(deeper.value);
			from.push(...deeper.from);
		}
	}
	if (values.length === 0) return null;
	return { value: values.reduce((s, v) => s + v, 0) / values.length, from: from.sort() };
}

/** Every unit a unit descends from (predecessors, their predecessors…). */
export function ancestors(unit: string, lineage: readonly LineageLink[]): string[] {
	const out = new Set<string>();
	const walk = (u: string, depth: number) => {
		if (depth > 8) return;
		for (const l of lineage)
			if (l.successor === u && !out.has(l.predecessor)) {
				out.add(l.predecessor);
				walk(l.predecessor, depth + 1);
			}
	};
	walk(unit, 0);
	return [...out].sort();
}

// ---------------------------------------------------------------------------------------------
// Criteria year over year

/** A criterion of a pledge, as it matters for comparing years. */
export interface CriterionVersion {
	code: string;
	name: string;
	groupCode: string;
	groupName: string;
	maxPoints: number;
	weight: number;
	kind: string;
}

export type CriterionStatus = 'kept' | 'changed' | 'added' | 'removed';

export interface CriterionChange {
	code: string;
	status: CriterionStatus;
	before: CriterionVersion | null;
	after: CriterionVersion | null;
	/** What differs between the two versions of a kept criterion. */
	differences: ('name' | 'maxPoints' | 'weight' | 'group')[];
	/** Bloc median percent of the maximum in each year (null when absent that year). */
	medianBefore: number | null;
	medianAfter: number | null;
	/** medianAfter − medianBefore in percentage points, 2 decimals; null unless both exist. */
	delta: number | null;
}

/** Rounded to 2 decimals, never −0. */
const round2 = (x: number) => Math.round(x * 100) / 100 + 0;

/**
 * The criteria of two pledges matched by code: kept (same code, nothing else changed), changed
 * (same code; name, maximum, weight or group changed), added (only in `after`), removed (only in
 * `before`). Order: the `after` pledge's order, then removed criteria in the `before` order.
 */
export function criteriaChanges(
	before: readonly CriterionVersion[],
	after: readonly CriterionVersion[],
	medianBefore: ReadonlyMap<string, number>,
	medianAfter: ReadonlyMap<string, number>
): CriterionChange[] {
	const old = new Map(before.map((c) => [c.code, c]));
	const now = new Set(after.map((c) => c.code));
	const out: CriterionChange[] = [];
	const change = (code: string, b: CriterionVersion | null, a: CriterionVersion | null): CriterionChange => {
		const differences: CriterionChange['differences'] = [];
		if (a && b) {
			if (a.name !== b.name) differences.push('name');
			if (a.maxPoints !== b.maxPoints) differences.push('maxPoints');
			if (a.weight !== b.weight) differences.push('weight');
			if (a.groupCode !== b.groupCode) differences.push('group');
		}
		const mb = b ? (medianBefore.get(code) ?? null) : null;
		const ma = a ? (medianAfter.get(code) ?? null) : null;
		return {
			code,
			status: !b ? 'added' : !a ? 'removed' : differences.length > 0 ? 'changed' : 'kept',
			before: b,
			after: a,
			differences,
			medianBefore: mb,
			medianAfter: ma,
			delta: mb !== null && ma !== null ? round2(ma - mb) : null
		};
	};
	for (const a of after) out.push(change(a.code, old.get(a.code) ?? null, a));
	for (const b of before) if (!now.has(b.code)) out.push(change(b.code, b, null));
	return out;
}

/** How many criteria of each status. */
export function changeCounts(changes: readonly CriterionChange[]): Record<CriterionStatus, number> {
	const counts: Record<CriterionStatus, number> = { kept: 0, changed: 0, added: 0, removed: 0 };
	for (const c of changes) counts[c.status]++;
	return counts;
}
