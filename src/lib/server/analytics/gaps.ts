/**
 * Gaps of one bloc-year: unit × criterion percent of the maximum, each unit's gap to the bloc
 * median and to the leader, the weakest criteria of the year and across the bloc's years.
 */
import {
	criterionStats,
	unitGaps,
	weakestAcrossYears,
	weakestOfYear,
	type CriterionStat,
	type WeakAcrossYears
} from '../../domain/gaps';
import type { Database } from '../db';
import { dep } from '../db/freshness';
import { rankBloc } from '../ranking';
import type { Access } from './access';
import { cellRows, criteriaOf, percentRows, readableBlocs } from './data';

/**
 * One unit's cell of the heatmap (the maximum is the criterion's, in `criteria`). The two marks
 * are there only when true: the page holds hundreds of cells, most of them without either.
 */
export interface GapCell {
	points: number;
	percent: number;
	toMedian: number;
	toLeader: number | null;
	/** The points are a self-score nobody reviewed. */
	unreviewed?: true;
	/** No score at all (counted as 0). */
	missing?: true;
}

export interface GapCriterion {
	code: string;
	name: string;
	groupCode: string;
	groupName: string;
	maxPoints: number;
	weight: number;
}

export interface GapsView {
	blocCode: string;
	blocName: string;
	year: number;
	years: number[];
	provisional: boolean;
	units: { unitCode: string; unitName: string; rank: number; tied: boolean; percent: number }[];
	criteria: GapCriterion[];
	/** unit → criterion → cell */
	cells: Record<string, Record<string, GapCell>>;
	stats: Record<string, CriterionStat>;
	/** Unit codes ranked first (several on a tie). */
	leaders: string[];
	weakest: CriterionStat[];
	acrossYears: (WeakAcrossYears & { name: string })[];
	/** Every criterion code of the bloc's years, lowest mean median first (distribution chart). */
	order: string[];
	/** Latest name of every criterion code. */
	names: Record<string, string>;
}

/** The gaps of `blocCode` in `year` (null: not readable or no such bloc-year). */
async function readBlocGaps(
	db: Database,
	access: Access,
	blocCode: string,
	year: number
): Promise<GapsView | null> {
	const bloc = (await readableBlocs(db, access)).find((b) => b.blocCode === blocCode);
	if (!bloc || !bloc.years.includes(year)) return null;
	// The ranking of this bloc-year only (readable: checked above).
	// The cells of the year in full; of every year, only their percent.
	const [rows, criteria, yearCells, cells] = await Promise.all([
		rankBloc(db, year, blocCode),
		criteriaOf(db, access, blocCode),
		cellRows(db, access, { blocCode, year }),
		percentRows(db, access, blocCode)
	]);
	const leaders = rows.filter((r) => r.rank === 1).map((r) => r.unitCode);
	const stats = criterionStats(yearCells, new Set(leaders));
	const gaps = unitGaps(yearCells, stats);

	const out: GapsView['cells'] = {};
	for (const c of yearCells) {
		const g = gaps.get(c.unitCode)?.get(c.criterionCode);
		if (!g) continue;
		const cell: GapCell = {
			points: c.points,
			percent: g.percent,
			toMedian: g.toMedian,
			toLeader: g.toLeader
		};
		if (c.unreviewed) cell.unreviewed = true;
		if (c.missing) cell.missing = true;
		(out[c.unitCode] ??= {})[c.criterionCode] = cell;
	}
	const across = weakestAcrossYears(cells);
	const latestName = new Map<string, string>();
	for (const c of criteria) latestName.set(c.code, c.name);
	return {
		blocCode,
		blocName: bloc.blocName,
		year,
		years: bloc.years,
		provisional: access.provisional(blocCode, year),
		units: rows.map((r) => ({
			unitCode: r.unitCode,
			unitName: r.unitName,
			rank: r.rank,
			tied: r.tied,
			percent: r.percent
		})),
		criteria: criteria
			.filter((c) => c.year === year && c.kind === 'content')
			.map((c) => ({
				code: c.code,
				name: c.name,
				groupCode: c.groupCode,
				groupName: c.groupName,
				maxPoints: c.maxPoints,
				weight: c.weight
			})),
		cells: out,
		stats: Object.fromEntries(stats),
		leaders,
		weakest: weakestOfYear(stats, 5),
		acrossYears: across.slice(0, 8).map((w) => ({ ...w, name: latestName.get(w.code) ?? w.code })),
		order: [...across].sort((a, b) => a.mean - b.mean || a.code.localeCompare(b.code)).map((w) => w.code),
		names: Object.fromEntries(latestName)
	};
}

/** Cached until the next write, per reader's readable bloc-years (see Database.cached). */
export function blocGaps(
	db: Database,
	access: Access,
	blocCode: string,
	year: number
): Promise<GapsView | null> {
	return db.cached(
		JSON.stringify(['blocGaps', access.allowedParam, blocCode, year]),
		() => readBlocGaps(db, access, blocCode, year),
		[...dep.blocYears(blocCode), dep.stage(null, null)]
	);
}
