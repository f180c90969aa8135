/**
 * A unit's profile: its total and rank in every readable year (and its predecessors' when it was
 * formed by a merger), its criteria against the bloc median in one year, its awards and headcounts.
 */
import { balanceOf, total, type AwardCounts, type Balance } from '../../domain/award-balance';
import { criterionStats } from '../../domain/gaps';
import { ancestors } from '../../domain/trends';
import type { LineageEvent, Proposal, Tier } from '../../domain/types';
import type { Database } from '../db';
import { dep } from '../db/freshness';
import type { Access } from './access';
import { awardFacts, councilTarget } from './awards';
import {
	cellRows,
	criteriaOf,
	lineage as readLineage,
	rankingsOf,
	readableBlocs,
	unitMemberships
} from './data';
import { UNIT_HEADCOUNTS_SQL, UNIT_SQL } from './queries';

export interface UnitYear {
	year: number;
	blocCode: string;
	blocName: string;
	rank: number;
	members: number;
	tied: boolean;
	total: number;
	percent: number;
	tier: Tier;
	proposal: Proposal;
	provisional: boolean;
}

export interface UnitRelation {
	unitCode: string;
	unitName: string;
	year: number;
	event: LineageEvent;
}

export interface UnitCriterion {
	code: string;
	name: string;
	groupName: string;
	points: number;
	maxPoints: number;
	percent: number;
	median: number;
	leader: number | null;
	toMedian: number;
}

export interface UnitProfile {
	unit: { unitCode: string; unitName: string; unitType: string; remoteArea: boolean; note: string | null };
	predecessors: UnitRelation[];
	successors: UnitRelation[];
	history: UnitYear[];
	/** The history of every unit this one descends from (drawn dashed: inherited). */
	inherited: { unitCode: string; unitName: string; history: UnitYear[] }[];
	/** Years the unit was a member but the results are not readable (drafts). */
	hiddenYears: number[];
	criteria: { year: number; blocCode: string; blocName: string; rows: UnitCriterion[] } | null;
	awards: { year: number; counts: AwardCounts; balance: Balance }[];
	target: number;
	headcounts: { year: number; members: number; tasksCompleted: number | null }[];
}

/** Rounded to 2 decimals, never −0. */
const round2 = (x: number) => Math.round(x * 100) / 100 + 0;

async function readUnitProfile(
	db: Database,
	access: Access,
	unitCode: string,
	year: number | null = null
): Promise<UnitProfile | null> {
	const [unit] = await db.reads(dep.catalog, () =>
		db.all<UnitProfile['unit'] & Record<string, unknown>>(UNIT_SQL, [unitCode])
	);
	if (!unit) return null;
	const [links, blocs, facts, target, headcounts] = await Promise.all([
		readLineage(db),
		readableBlocs(db, access),
		awardFacts(db),
		councilTarget(db),
		db.all<{ year: number; members: number; tasksCompleted: number | null }>(UNIT_HEADCOUNTS_SQL, [unitCode])
	]);
	// Only the units this profile names (itself, the units it descends from, its direct
	// successors) and the rankings of the bloc-years they were members in.
	const descent = ancestors(unitCode, links);
	const named = new Set([unitCode, ...descent]);
	for (const l of links) {
		if (l.successor === unitCode) named.add(l.predecessor);
		if (l.predecessor === unitCode) named.add(l.successor);
	}
	const members = await unitMemberships(db, [...named]);
	const drawn = new Set([unitCode, ...descent]);
	const blocYears = new Map<string, { blocCode: string; year: number }>();
	for (const m of members)
		if (drawn.has(m.unitCode))
			blocYears.set(`${m.blocCode}|${m.year}`, { blocCode: m.blocCode, year: m.year });
	const ranking = await rankingsOf(db, access, [...blocYears.values()]);
	const names = new Map(members.map((m) => [m.unitCode, m.unitName]));
	const blocName = new Map(blocs.map((b) => [b.blocCode, b.blocName]));
	const size = new Map<string, number>();
	for (const r of ranking)
		size.set(`${r.blocCode}|${r.year}`, (size.get(`${r.blocCode}|${r.year}`) ?? 0) + 1);
	const historyOf = (code: string): UnitYear[] =>
		ranking
			.filter((r) => r.unitCode === code)
			.sort((a, b) => a.year - b.year)
			.map((r) => ({
				year: r.year,
				blocCode: r.blocCode,
				blocName: blocName.get(r.blocCode) ?? r.blocCode,
				rank: r.rank,
				members: size.get(`${r.blocCode}|${r.year}`) ?? 0,
				tied: r.tied,
				total: r.total,
				percent: r.percent,
				tier: r.tier,
				proposal: r.proposal,
				provisional: access.provisional(r.blocCode, r.year)
			}));
	const relation = (code: string, y: number, event: LineageEvent): UnitRelation => ({
		unitCode: code,
		unitName: names.get(code) ?? code,
		year: y,
		event
	});
	const history = historyOf(unitCode);

	// Criteria against the bloc median: the requested year, else the latest readable one.
	let criteria: UnitProfile['criteria'] = null;
	const chosen = history.find((h) => h.year === year) ?? history[history.length - 1];
	if (chosen) {
		const [cells, defs] = await Promise.all([
			cellRows(db, access, { blocCode: chosen.blocCode, year: chosen.year }),
			criteriaOf(db, access, chosen.blocCode, chosen.year)
		]);
		const leaders = new Set(
			ranking
				.filter((r) => r.blocCode === chosen.blocCode && r.year === chosen.year && r.rank === 1)
				.map((r) => r.unitCode)
		);
		const stats = criterionStats(cells, leaders);
		const own = new Map(cells.filter((c) => c.unitCode === unitCode).map((c) => [c.criterionCode, c]));
		criteria = {
			year: chosen.year,
			blocCode: chosen.blocCode,
			blocName: chosen.blocName,
			rows: defs
				.filter((d) => d.year === chosen.year && d.kind === 'content' && own.has(d.code))
				.map((d) => {
					const c = own.get(d.code)!;
					const s = stats.get(d.code)!;
					return {
						code: d.code,
						name: d.name,
						groupName: d.groupName,
						points: c.points,
						maxPoints: c.maxPoints,
						percent: round2(c.percent),
						median: s.median,
						leader: s.leader,
						toMedian: round2(c.percent - s.median)
					};
				})
		};
	}

	const memberYears = members.filter((m) => m.unitCode === unitCode);
	const awardYears = [...new Set(facts.filter((f) => f.unitCode === unitCode).map((f) => f.year))].sort();
	return {
		unit,
		predecessors: links
			.filter((l) => l.successor === unitCode)
			.map((l) => relation(l.predecessor, l.year, l.event)),
		successors: links
			.filter((l) => l.predecessor === unitCode)
			.map((l) => relation(l.successor, l.year, l.event)),
		history,
		inherited: descent.map((code) => ({
			unitCode: code,
			unitName: names.get(code) ?? code,
			history: historyOf(code)
		})),
		hiddenYears: memberYears.filter((m) => !access.canRead(m.blocCode, m.year)).map((m) => m.year),
		criteria,
		awards: awardYears.map((y) => {
			const counts = total(facts, { unitCode, year: y });
			return { year: y, counts, balance: balanceOf(counts, target) };
		}),
		target,
		headcounts
	};
}

/** A unit's code, name, type and note; null when there is no such unit. */
export async function unitInfo(db: Database, unitCode: string): Promise<UnitProfile['unit'] | null> {
	const [unit] = await db.reads(dep.catalog, () =>
		db.all<UnitProfile['unit'] & Record<string, unknown>>(UNIT_SQL, [unitCode])
	);
	return unit ?? null;
}

/** Cached until the next write, per reader's readable bloc-years (see Database.cached). */
export function unitProfile(
	db: Database,
	access: Access,
	unitCode: string,
	year: number | null = null
): Promise<UnitProfile | null> {
	// The unit's blocs are known only once read: every bloc-year and award.
	return db.cached(
		JSON.stringify(['unitProfile', access.allowedParam, unitCode, year]),
		() => readUnitProfile(db, access, unitCode, year),
		dep.data
	);
}
