/**
 * Award balance (cơ cấu khen thưởng): do awards reach direct workers, women, ethnic minorities,
 * remote areas and small collectives, or mostly leaders? Pure: the server counts award rows by
 * year, bloc, unit, award and level (`AwardFact`); these functions add them up along any
 * dimension and compare with the council's target.
 *
 * The target (council_setting.direct_worker_per_leader_target, default 1) is the number of
 * individual awards to direct workers expected for every individual award to leaders and
 * managers: 1 = at least as many. It is met when direct × 100 ≥ target × 100 × (leaders +
 * managers), compared on integers; no national percentage exists (see DOMAIN notes), so the
 * product reports the real ratio beside the target.
 */
import type { AwardClass } from './awards';
import type { AwardLevel, RecipientCategory } from './types';

/** Counts of award rows; every field is a number of rows (awards), not of people. */
export interface AwardCounts {
	/** Every award row (individual and collective). */
	awards: number;
	/** Individual awards, and by recipient category. */
	individuals: number;
	leader: number;
	manager: number;
	staff: number;
	directWorker: number;
	citizen: number;
	/** Individual awards to women, and to individuals whose gender is recorded. */
	women: number;
	genderKnown: number;
	/** Individual awards to members of ethnic minorities. */
	minority: number;
	/** Collective awards, and those to small collectives (tập thể nhỏ). */
	collectives: number;
	smallCollectives: number;
	/** Awards (individual or collective) in remote areas (vùng sâu, vùng xa). */
	remote: number;
}

export const COUNT_FIELDS = [
	'awards',
	'individuals',
	'leader',
	'manager',
	'staff',
	'directWorker',
	'citizen',
	'women',
	'genderKnown',
	'minority',
	'collectives',
	'smallCollectives',
	'remote'
] as const satisfies readonly (keyof AwardCounts)[];

export function zeroCounts(): AwardCounts {
	return Object.fromEntries(COUNT_FIELDS.map((k) => [k, 0])) as unknown as AwardCounts;
}

/** Adds `b` into `a` (mutates and returns `a`). */
export function addInto(a: AwardCounts, b: AwardCounts): AwardCounts {
	for (const k of COUNT_FIELDS) a[k] += b[k];
	return a;
}

/** Award rows counted at the grain year × bloc × unit × award × level. */
export interface AwardFact extends AwardCounts {
	year: number;
	/** The unit's bloc that year; null when it belonged to none. */
	blocCode: string | null;
	unitCode: string;
	unitName: string;
	awardCode: string;
	awardClass: AwardClass;
	level: AwardLevel;
}

export interface AwardFilter {
	year?: number | null;
	blocCode?: string | null;
	awardClass?: AwardClass | null;
	awardCode?: string | null;
	level?: AwardLevel | null;
	unitCode?: string | null;
}

export function matches(f: AwardFact, filter: AwardFilter): boolean {
	return (
		(filter.year == null || f.year === filter.year) &&
		(filter.blocCode == null || f.blocCode === filter.blocCode) &&
		(filter.awardClass == null || f.awardClass === filter.awardClass) &&
		(filter.awardCode == null || f.awardCode === filter.awardCode) &&
		(filter.level == null || f.level === filter.level) &&
		(filter.unitCode == null || f.unitCode === filter.unitCode)
	);
}

/** Sums the facts matching `filter`. */
export function total(facts: readonly AwardFact[], filter: AwardFilter = {}): AwardCounts {
	const sum = zeroCounts();
	for (const f of facts) if (matches(f, filter)) addInto(sum, f);
	return sum;
}

/** Sums the facts matching `filter` by a key, in the order keys are first met. */
export function rollUp<K>(
	facts: readonly AwardFact[],
	key: (f: AwardFact) => K,
	filter: AwardFilter = {}
): Map<K, AwardCounts> {
	const out = new Map<K, AwardCounts>();
	for (const f of facts) {
		if (!matches(f, filter)) continue;
		const k = key(f);
		let c = out.get(k);
		if (!c) out.set(k, (c = zeroCounts()));
		addInto(c, f);
	}
	return out;
}

/** The council's target as whole hundredths (1 → 100, 1.5 → 150). */
function targetCenti(target: number): number {
	return Math.round(target * 100);
}

/** `n / d × 100` rounded to 2 decimals, null when d is 0. */
export function share(n: number, d: number): number | null {
	return d === 0 ? null : Math.round((n * 10000) / d) / 100;
}

/** `n / d` rounded to 2 decimals, null when d is 0. */
export function ratio(n: number, d: number): number | null {
	return d === 0 ? null : Math.round((n * 100) / d) / 100;
}

export interface Balance {
	/** Individual awards to leaders and managers (lãnh đạo, quản lý). */
	leadersManagers: number;
	directWorker: number;
	individuals: number;
	/** Direct workers' share of individual awards, percent (2 decimals); null without individual awards. */
	directShare: number | null;
	/** Leader-and-manager awards per direct-worker award (2 decimals); null without direct-worker awards. */
	leadersPerDirect: number | null;
	/** Direct-worker awards per leader-and-manager award (2 decimals); null without leader awards. */
	directPerLeader: number | null;
	target: number;
	/** Direct-worker awards the target asks for: ⌈target × leadersManagers⌉. */
	required: number;
	/** direct × 100 ≥ target × 100 × leadersManagers. */
	meets: boolean;
	/** required − direct when the target is missed, else 0. */
	shortfall: number;
}

export function balanceOf(c: AwardCounts, target: number): Balance {
	const lm = c.leader + c.manager;
	const t = targetCenti(target);
	const required = Math.ceil((t * lm) / 100);
	const meets = c.directWorker * 100 >= t * lm;
	return {
		leadersManagers: lm,
		directWorker: c.directWorker,
		individuals: c.individuals,
		directShare: share(c.directWorker, c.individuals),
		leadersPerDirect: ratio(lm, c.directWorker),
		directPerLeader: ratio(c.directWorker, lm),
		target,
		required,
		meets,
		shortfall: meets ? 0 : required - c.directWorker
	};
}

/** The groups regulations ask to favour, each with the awards it is a share of. */
export const FOCUS_GROUPS = ['direct_worker', 'women', 'minority', 'remote', 'small_collective'] as const;
export type FocusGroup = (typeof FOCUS_GROUPS)[number];

export interface GroupShare {
	group: FocusGroup;
	count: number;
	/** What the share is of: individual awards, individual awards with a recorded gender, all awards, collective awards. */
	base: number;
	baseKind: 'individuals' | 'genderKnown' | 'awards' | 'collectives';
	pct: number | null;
}

export function groupShares(c: AwardCounts): GroupShare[] {
	const g = (
		group: FocusGroup,
		count: number,
		baseKind: GroupShare['baseKind'],
		base: number
	): GroupShare => ({ group, count, base, baseKind, pct: share(count, base) });
	return [
		g('direct_worker', c.directWorker, 'individuals', c.individuals),
		g('women', c.women, 'genderKnown', c.genderKnown),
		g('minority', c.minority, 'individuals', c.individuals),
		g('remote', c.remote, 'awards', c.awards),
		g('small_collective', c.smallCollectives, 'collectives', c.collectives)
	];
}

/** Individual awards by recipient category, with each category's share of individual awards. */
export function categoryBreakdown(
	c: AwardCounts
): { category: RecipientCategory; count: number; pct: number | null }[] {
	const counts: Record<RecipientCategory, number> = {
		leader: c.leader,
		manager: c.manager,
		staff: c.staff,
		direct_worker: c.directWorker,
		citizen: c.citizen
	};
	return (Object.keys(counts) as RecipientCategory[]).map((category) => ({
		category,
		count: counts[category],
		pct: share(counts[category], c.individuals)
	}));
}

/** One unit in one year against the target. */
export interface UnitBalance {
	year: number;
	blocCode: string | null;
	unitCode: string;
	unitName: string;
	counts: AwardCounts;
	balance: Balance;
}

/**
 * Every unit-year of the facts matching `filter`, with its balance. Units that miss the target
 * have at least one leader or manager award (a unit with neither leader nor direct-worker awards
 * cannot miss it).
 */
export function unitBalances(
	facts: readonly AwardFact[],
	target: number,
	filter: AwardFilter = {}
): UnitBalance[] {
	const meta = new Map<string, Pick<UnitBalance, 'year' | 'blocCode' | 'unitCode' | 'unitName'>>();
	const sums = rollUp(
		facts,
		(f) => {
			const k = `${f.year}|${f.unitCode}`;
			if (!meta.has(k))
				meta.set(k, { year: f.year, blocCode: f.blocCode, unitCode: f.unitCode, unitName: f.unitName });
			return k;
		},
		filter
	);
	return [...sums].map(([k, counts]) => ({ ...meta.get(k)!, counts, balance: balanceOf(counts, target) }));
}

/** Units that miss the target, largest shortfall first, then by name. */
export function missingTarget(units: readonly UnitBalance[]): UnitBalance[] {
	return units
		.filter((u) => !u.balance.meets)
		.sort(
			(a, b) =>
				b.balance.shortfall - a.balance.shortfall ||
				(b.balance.leadersPerDirect ?? Infinity) - (a.balance.leadersPerDirect ?? Infinity) ||
				a.unitName.localeCompare(b.unitName, 'vi')
		);
}
