/**
 * Years compared (so sánh qua các năm) for one bloc or for all blocs: percent of the content
 * maximum and rank per unit and year (from the SQL ranking), membership changes, lineage links,
 * and the criteria matched by code between two years.
 */
import { criterionStats, median } from '../../domain/gaps';
import {
	changeCounts,
	criteriaChanges,
	inheritedValue,
	membershipEvents,
	type CriterionChange,
	type CriterionStatus,
	type LineageLink,
	type MembershipEvent
} from '../../domain/trends';
import type { Tier } from '../../domain/types';
import { compareVi } from '../../domain/text';
import type { Database } from '../db';
import { dep } from '../db/freshness';
import type { BlocRankingSummary } from '../ranking';
import type { Access } from './access';
import {
	blocMemberships,
	cellRows,
	criteriaChangeCounts,
	criteriaOf,
	lineage as readLineage,
	rankingsOf,
	readableBlocs,
	readableRankings,
	type CriterionRow
} from './data';

export interface TrendPoint {
	year: number;
	percent: number;
	total: number;
	rank: number;
	/** Members of the bloc that year. */
	members: number;
	tied: boolean;
	tier: Tier;
	provisional: boolean;
}

export interface TrendUnit {
	unitCode: string;
	unitName: string;
	points: TrendPoint[];
	/** Units this one continues (lineage), and those that continue it. */
	predecessors: string[];
	successors: string[];
}

export interface NamedEvent extends MembershipEvent {
	unitName: string;
	relatedNames: string[];
}

export interface FocusCriterion {
	code: string;
	name: string;
	from: number | null;
	/** The `from` value is the mean of the predecessors' values (the unit did not exist yet). */
	inheritedFrom: string[];
	to: number | null;
	delta: number | null;
}

export interface CriteriaComparison {
	from: number;
	to: number;
	changes: CriterionChange[];
	counts: Record<CriterionStatus, number>;
}

export interface BlocTrends {
	kind: 'bloc';
	blocCode: string;
	blocName: string;
	years: number[];
	provisionalYears: number[];
	units: TrendUnit[];
	lineage: LineageLink[];
	events: NamedEvent[];
	/** Consecutive pairs of readable years, for the criteria comparison. */
	pairs: [number, number][];
	criteria: CriteriaComparison | null;
	focus: { unitCode: string; unitName: string; criteria: FocusCriterion[] } | null;
}

export interface BlocLine {
	blocCode: string;
	blocName: string;
	points: { year: number; mean: number; median: number; members: number; provisional: boolean }[];
}

export interface AllTrends {
	kind: 'all';
	years: number[];
	provisionalYears: number[];
	blocs: BlocLine[];
	/** Criteria changes per bloc between consecutive years. */
	changes: {
		blocCode: string;
		blocName: string;
		from: number;
		to: number;
		counts: Record<CriterionStatus, number>;
	}[];
	/** Units with a readable result in some year. */
	unitCount: number;
	/**
	 * Every unit's percent, rank and bloc per year, for the table: one entry per year of `years`,
	 * null when the unit has no readable result that year (columns, not an object per cell: the
	 * table has units × years cells). Null unless asked for (`TrendOptions.units`): a province's
	 * table is most of the page, and it is folded away.
	 */
	units:
		| {
				unitCode: string;
				unitName: string;
				percent: (number | null)[];
				rank: (number | null)[];
				blocCode: (string | null)[];
		  }[]
		| null;
}

/** Rounded to 2 decimals, never −0. */
const round2 = (x: number) => Math.round(x * 100) / 100 + 0;

export interface TrendOptions {
	from?: number | null;
	to?: number | null;
	focus?: string | null;
	/** All blocs: with the table of every unit. */
	units?: boolean;
}

/** Years compared for one bloc (`blocCode`) or, with null, all blocs; null when nothing is readable. */
async function readYearsCompared(
	db: Database,
	access: Access,
	blocCode: string | null,
	options: TrendOptions = {}
): Promise<BlocTrends | AllTrends | null> {
	return blocCode === null
		? allBlocs(db, access, options.units ?? false)
		: oneBloc(db, access, blocCode, options);
}

async function oneBloc(
	db: Database,
	access: Access,
	blocCode: string,
	options: TrendOptions
): Promise<BlocTrends | null> {
	const bloc = (await readableBlocs(db, access)).find((b) => b.blocCode === blocCode);
	if (!bloc) return null;
	const years = bloc.years;
	const pairs = years.slice(1).map((y, i): [number, number] => [years[i]!, y]);
	const last = pairs[pairs.length - 1];
	const wanted = pairs.find(([f, t]) => f === options.from && t === options.to) ?? last;
	// Only what this bloc's page shows: its own rankings, the memberships of its units (and of
	// their lineage neighbours, for names), the criteria and cells of the two years compared.
	const [rows, members, links, fromCriteria, toCriteria, fromCells, toCells] = await Promise.all([
		rankingsOf(
			db,
			access,
			years.map((year) => ({ blocCode, year }))
		),
		blocMemberships(db, blocCode),
		readLineage(db),
		wanted ? criteriaOf(db, access, blocCode, wanted[0]) : [],
		wanted ? criteriaOf(db, access, blocCode, wanted[1]) : [],
		wanted ? cellRows(db, access, { blocCode, year: wanted[0] }) : [],
		wanted ? cellRows(db, access, { blocCode, year: wanted[1] }) : []
	]);
	const cells = [...fromCells, ...toCells];
	const criteria = [...fromCriteria, ...toCriteria];
	const memberCount = new Map<number, number>();
	for (const r of rows) memberCount.set(r.year, (memberCount.get(r.year) ?? 0) + 1);
	const names = new Map(members.map((m) => [m.unitCode, m.unitName]));

	// Lines: one per unit that was ever a member in a readable year.
	const byUnit = new Map<string, TrendUnit>();
	for (const r of rows) {
		let u = byUnit.get(r.unitCode);
		if (!u)
			byUnit.set(
				r.unitCode,
				(u = { unitCode: r.unitCode, unitName: r.unitName, points: [], predecessors: [], successors: [] })
			);
		u.points.push({
			year: r.year,
			percent: r.percent,
			total: r.total,
			rank: r.rank,
			members: memberCount.get(r.year) ?? 0,
			tied: r.tied,
			tier: r.tier,
			provisional: access.provisional(blocCode, r.year)
		});
	}
	const inBloc = new Set(byUnit.keys());
	const relevant = links.filter((l) => inBloc.has(l.successor) || inBloc.has(l.predecessor));
	for (const l of relevant) {
		byUnit.get(l.successor)?.predecessors.push(l.predecessor);
		byUnit.get(l.predecessor)?.successors.push(l.successor);
	}
	// Order: by rank in the latest year each unit appears, latest first; then name.
	const units = [...byUnit.values()].sort((a, b) => {
		const la = a.points[a.points.length - 1]!;
		const lb = b.points[b.points.length - 1]!;
		return lb.year - la.year || la.rank - lb.rank || compareVi(a.unitName, b.unitName);
	});

	const events: NamedEvent[] = membershipEvents(
		members.filter((m) => access.canRead(m.blocCode, m.year) || m.blocCode !== blocCode),
		links,
		blocCode,
		years
	).map((e) => ({
		...e,
		unitName: names.get(e.unitCode) ?? e.unitCode,
		relatedNames: e.related.map((c) => names.get(c) ?? c)
	}));

	let comparison: CriteriaComparison | null = null;
	let focus: BlocTrends['focus'] = null;
	if (wanted) {
		const [from, to] = wanted;
		const medians = (year: number) => {
			const stats = criterionStats(
				cells.filter((c) => c.year === year),
				new Set()
			);
			return new Map([...stats].map(([code, s]) => [code, s.median]));
		};
		const defs = (year: number) =>
			criteria.filter((c) => c.year === year && c.kind === 'content').map(version);
		const changes = criteriaChanges(defs(from), defs(to), medians(from), medians(to));
		comparison = { from, to, changes, counts: changeCounts(changes) };
		const unit = options.focus ? byUnit.get(options.focus) : undefined;
		if (unit) focus = focusCriteria(unit, cells, changes, links, from, to);
	}

	return {
		kind: 'bloc',
		blocCode,
		blocName: bloc.blocName,
		years,
		provisionalYears: years.filter((y) => access.provisional(blocCode, y)),
		units,
		lineage: relevant.map(({ predecessor, successor, year, event }) => ({
			predecessor,
			successor,
			year,
			event
		})),
		events,
		pairs,
		criteria: comparison,
		focus
	};
}

function version(c: CriterionRow) {
	return {
		code: c.code,
		name: c.name,
		groupCode: c.groupCode,
		groupName: c.groupName,
		maxPoints: c.maxPoints,
		weight: c.weight,
		kind: c.kind
	};
}

/** One unit's percent on each criterion in two years; before it existed, its predecessors' mean. */
function focusCriteria(
	unit: TrendUnit,
	cells: Awaited<ReturnType<typeof cellRows>>,
	changes: CriterionChange[],
	links: readonly LineageLink[],
	from: number,
	to: number
): NonNullable<BlocTrends['focus']> {
	const value = new Map(cells.map((c) => [`${c.unitCode}|${c.year}|${c.criterionCode}`, c.percent]));
	const rows = changes.map((ch): FocusCriterion => {
		const at = (u: string, y: number) => value.get(`${u}|${y}|${ch.code}`) ?? null;
		let before = at(unit.unitCode, from);
		let inheritedFrom: string[] = [];
		if (before === null && ch.before) {
			const inherited = inheritedValue(unit.unitCode, from, at, links);
			if (inherited) {
				before = inherited.value;
				inheritedFrom = inherited.from;
			}
		}
		const after = at(unit.unitCode, to);
		return {
			code: ch.code,
			name: (ch.after ?? ch.before)?.name ?? ch.code,
			from: before === null ? null : round2(before),
			inheritedFrom,
			to: after === null ? null : round2(after),
			delta: before !== null && after !== null ? round2(after - before) : null
		};
	});
	return { unitCode: unit.unitCode, unitName: unit.unitName, criteria: rows };
}

/** Rows grouped by bloc and year (`K01|2025`), each group in the given order. */
function byBlocYear<T extends { blocCode: string; year: number }>(rows: readonly T[]): Map<string, T[]> {
	const out = new Map<string, T[]>();
	for (const r of rows) {
		const key = `${r.blocCode}|${r.year}`;
		const list = out.get(key);
		if (list) list.push(r);
		else out.set(key, [r]);
	}
	return out;
}

async function allBlocs(db: Database, access: Access, withUnits: boolean): Promise<AllTrends | null> {
	const blocs = await readableBlocs(db, access);
	if (blocs.length === 0) return null;
	// The criteria changes are counted by the database: every pledge's criteria are thousands of
	// rows, the table shows four numbers per pair of years.
	const [ranking, criteriaCounts] = await Promise.all([
		readableRankings(db, access),
		criteriaChangeCounts(db, access)
	]);
	const years = [...new Set(access.readable.map((r) => r.year))].sort((a, b) => a - b);
	const ranked = byBlocYear(ranking);

	const lines: BlocLine[] = blocs.map((b) => ({
		blocCode: b.blocCode,
		blocName: b.blocName,
		points: b.years.map((year) => {
			const pct = (ranked.get(`${b.blocCode}|${year}`) ?? []).map((r) => r.percent);
			return {
				year,
				mean: pct.length ? round2(pct.reduce((s, v) => s + v, 0) / pct.length) : 0,
				median: round2(median(pct) ?? 0),
				members: pct.length,
				provisional: access.provisional(b.blocCode, year)
			};
		})
	}));

	const changes: AllTrends['changes'] = [];
	for (const b of blocs)
		for (let i = 1; i < b.years.length; i++) {
			const from = b.years[i - 1]!;
			const to = b.years[i]!;
			const counts = criteriaCounts.get(`${b.blocCode}|${from}|${to}`) ?? {
				kept: 0,
				changed: 0,
				added: 0,
				removed: 0
			};
			changes.push({ blocCode: b.blocCode, blocName: b.blocName, from, to, counts });
		}

	const unitCount = new Set(ranking.map((r) => r.unitCode)).size;
	const unfinished = new Set(access.readable.filter((r) => r.stage !== 'finalised').map((r) => r.year));
	return {
		kind: 'all',
		years,
		provisionalYears: years.filter((y) => unfinished.has(y)),
		blocs: lines,
		changes,
		unitCount,
		units: withUnits ? unitTable(ranking, years) : null
	};
}

/** The table of every unit of years compared for all blocs (see AllTrends.units). */
function unitTable(
	ranking: readonly BlocRankingSummary[],
	years: readonly number[]
): NonNullable<AllTrends['units']> {
	// Rankings come by year: a unit's last row is its latest year, whose bloc orders the table.
	const column = new Map(years.map((y, i) => [y, i]));
	const units = new Map<string, NonNullable<AllTrends['units']>[number] & { lastBloc: string }>();
	for (const r of ranking) {
		let u = units.get(r.unitCode);
		if (!u) {
			const none = () => years.map(() => null);
			units.set(
				r.unitCode,
				(u = {
					unitCode: r.unitCode,
					unitName: r.unitName,
					percent: none(),
					rank: none(),
					blocCode: none(),
					lastBloc: r.blocCode
				})
			);
		}
		const i = column.get(r.year)!;
		u.percent[i] = r.percent;
		u.rank[i] = r.rank;
		u.blocCode[i] = r.blocCode;
		u.lastBloc = r.blocCode;
	}
	return [...units.values()]
		.sort((a, b) => a.lastBloc.localeCompare(b.lastBloc) || compareVi(a.unitName, b.unitName))
		.map(({ lastBloc: _, ...u }) => u);
}

/** Cached until the next write, per reader's readable bloc-years (see Database.cached). */
export function yearsCompared(
	db: Database,
	access: Access,
	blocCode: string | null,
	options: TrendOptions = {}
): Promise<BlocTrends | AllTrends | null> {
	return db.cached(
		JSON.stringify(['yearsCompared', access.allowedParam, blocCode, options]),
		() => readYearsCompared(db, access, blocCode, options),
		// one bloc: its data in every year, and every membership (units moving in and out)
		blocCode === null
			? dep.blocYear(null, null)
			: [...dep.blocYears(blocCode), dep.stage(null, null), dep.pledge(null, null)]
	);
}
