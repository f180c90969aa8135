/**
 * The official statistics (Biểu 0602/0603.N/BNV-TĐKT, Thông tư 2/2023/TT-BNV) of an emulation
 * year: the award rows of the council decided inside the period (queries.ts), counted by the
 * pure rules of domain/statistics.ts; the award rows behind one cell for the drill list, whose
 * names only a reader allowed `read:award-recipients` of the award's unit sees.
 */
import {
	cellAwards,
	computeForm,
	emulationPeriod,
	type FormDef,
	type FormGrid,
	type Period,
	type StatAward,
	type Submitter
} from '../../domain/statistics';
import type { Database } from '../db';
import { dep } from '../db/freshness';
import { COUNCIL_SQL, STAT_AWARDS_SQL, UNDATED_SQL } from './queries';

export interface StatRow extends StatAward {
	unitName: string;
	recipientName: string;
	decisionNo: string | null;
	/** The award year the row was imported under. */
	year: number;
}

export interface Council {
	councilName: string;
	startMonth: number;
	startDay: number;
}

export async function council(db: Database): Promise<Council> {
	const [c] = await db.cached(
		'statistics:council',
		() => db.all<Council & Record<string, unknown>>(COUNCIL_SQL),
		[...dep.catalog]
	);
	return c ?? { councilName: '', startMonth: 12, startDay: 1 };
}

/** The award rows decided inside the period. */
function periodAwards(db: Database, period: Period): Promise<readonly StatRow[]> {
	return db.cached(
		JSON.stringify(['statistics:awards', period]),
		() => db.all<StatRow & Record<string, unknown>>(STAT_AWARDS_SQL, [period.from, period.to]),
		[dep.award(null), ...dep.catalog]
	);
}

/** Emulation years that have a decided award, newest first (the years a form can be made for). */
export async function statisticsYears(db: Database): Promise<number[]> {
	const c = await council(db);
	const rows = await db.cached(
		'statistics:dates',
		() =>
			db.all<{ first: string | null; last: string | null }>(
				`SELECT CAST(min(decision_date) AS VARCHAR) AS first, CAST(max(decision_date) AS VARCHAR) AS last FROM award`
			),
		[dep.award(null)]
	);
	const first = rows[0]?.first;
	const last = rows[0]?.last;
	if (!first || !last) return [];
	const years: number[] = [];
	for (let y = Number(last.slice(0, 4)) + 1; y >= Number(first.slice(0, 4)); y--) {
		const p = emulationPeriod(y, c.startMonth, c.startDay);
		if (p.from <= last && p.to >= first) years.push(y);
	}
	return years;
}

export interface StatisticsView {
	grid: FormGrid;
	council: Council;
	year: number;
}

export async function statisticsForm(
	db: Database,
	form: FormDef,
	year: number,
	submitter: Submitter = 'province'
): Promise<StatisticsView> {
	const c = await council(db);
	const period = emulationPeriod(year, c.startMonth, c.startDay);
	const awards = await periodAwards(db, period);
	return { grid: computeForm(form, awards, period, submitter), council: c, year };
}

/** One award row of a drill list; `recipientName` null when the reader may not see it. */
export interface DrillRow {
	awardId: string | null;
	unitCode: string;
	unitName: string;
	recipientKind: StatAward['recipientKind'];
	recipientName: string | null;
	officialClass: StatAward['officialClass'];
	enterprise: boolean;
	awardCode: string;
	level: StatAward['level'];
	method: StatAward['method'];
	decisionNo: string | null;
	decisionDate: string;
	year: number;
}

/**
 * The award rows of one cell (null: no such row or column). Individuals and households are
 * named after people: their names (and the award id, made from the name by default) only when
 * `named(unitCode)`, as on the award pages; collectives always.
 */
export async function statisticsCell(
	db: Database,
	form: FormDef,
	year: number,
	rowCode: string,
	colKey: string,
	named: (unitCode: string) => boolean,
	submitter: Submitter = 'province'
): Promise<{ period: Period; rows: DrillRow[]; hidden: number } | null> {
	const c = await council(db);
	const period = emulationPeriod(year, c.startMonth, c.startDay);
	const awards = await periodAwards(db, period);
	const found = cellAwards(form, awards, period, rowCode, colKey, submitter);
	if (!found) return null;
	let hidden = 0;
	const rows = found.map((a): DrillRow => {
		const shown = a.recipientKind === 'collective' || named(a.unitCode);
		if (!shown) hidden += 1;
		return {
			awardId: shown ? a.awardId : null,
			unitCode: a.unitCode,
			unitName: a.unitName,
			recipientKind: a.recipientKind,
			recipientName: shown ? a.recipientName : null,
			officialClass: a.officialClass,
			enterprise: a.enterprise,
			awardCode: a.awardCode,
			level: a.level,
			method: a.method,
			decisionNo: a.decisionNo,
			decisionDate: a.decisionDate,
			year: a.year
		};
	});
	return { period, rows, hidden };
}

/** Award rows at province level or above without a decision date: no form can count them. */
export async function undatedAwards(db: Database): Promise<number> {
	const [r] = await db.cached('statistics:undated', () => db.all<{ n: number }>(UNDATED_SQL), [
		dep.award(null)
	]);
	return r?.n ?? 0;
}
