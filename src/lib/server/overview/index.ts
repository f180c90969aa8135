/**
 * The overview of one emulation year: every bloc with a pledge, its leading unit(s), members,
 * average score and review status. Rankings come from `rankYear`; this module adds what the
 * ranking does not carry (bloc names, the Trưởng khối unit) in one query.
 */
import type { BlocYear, Stage } from '$lib/domain/policy';
import type { Database } from '$lib/server/db';
import { dep } from '$lib/server/db/freshness';
import { rankYear } from '$lib/server/ranking';
import { stagesOfYear } from '$lib/server/scoring/stage';

export interface UnitRef {
	unitCode: string;
	unitName: string;
}

export interface LeadingUnit extends UnitRef {
	total: number;
	percent: number;
}

export interface BlocSummary {
	blocCode: string;
	blocName: string;
	stage: Stage;
	/** The reader may not see this draft: results are left out. */
	hidden: boolean;
	/** Units ranked 1st; several when they share the top total; none before any score exists. */
	leading: LeadingUnit[];
	memberCount: number;
	/** Mean of the members' percent of the content maximum; null before any score exists. */
	averagePercent: number | null;
	/** Units with at least one criterion scored only by themselves. */
	unreviewedUnits: number;
	/** Units with at least one criterion without any score. */
	missingUnits: number;
	/** The Trưởng khối unit(s) of the year. */
	leaders: UnitRef[];
}

export interface YearOverview {
	year: number;
	blocs: BlocSummary[];
	totals: { blocs: number; units: number; unreviewedUnits: number };
}

interface BlocInfoRow {
	blocCode: string;
	blocName: string;
	memberCount: number;
	leaders: UnitRef[] | null;
	[key: string]: unknown;
}

const BLOC_INFO_SQL = `
	SELECT
		p.bloc_code AS "blocCode",
		COALESCE(b.bloc_name, p.bloc_code) AS "blocName",
		CAST(COUNT(m.unit_code) AS INTEGER) AS "memberCount",
		list({'unitCode': m.unit_code, 'unitName': COALESCE(u.unit_name, m.unit_code)} ORDER BY u.unit_name)
			FILTER (WHERE m.role = 'leader') AS leaders
	FROM pledge p
	LEFT JOIN bloc b ON b.bloc_code = p.bloc_code
	LEFT JOIN bloc_membership m ON m.year = p.year AND m.bloc_code = p.bloc_code
	LEFT JOIN unit u ON u.unit_code = m.unit_code
	WHERE p.year = $1
	GROUP BY p.bloc_code, b.bloc_name
	ORDER BY p.bloc_code`;

/** Years with at least one pledge, latest first. */
export async function pledgeYears(db: Database): Promise<number[]> {
	const rows = await db.cached(
		'pledgeYears',
		() =>
			db.all<{ year: number }>(
				'SELECT DISTINCT CAST(year AS INTEGER) AS year FROM pledge ORDER BY year DESC'
			),
		[dep.pledge(null, null)]
	);
	return rows.map((r) => r.year);
}

/** The latest year that has scores, else the latest year with a pledge; null on an empty database. */
export async function defaultYear(db: Database): Promise<number | null> {
	const [row] = await db.cached(
		'defaultYear',
		() =>
			db.all<{ year: number | null }>(`
		SELECT CAST(COALESCE(
			(SELECT MAX(s.year) FROM score s JOIN pledge p ON p.year = s.year AND p.bloc_code = s.bloc_code),
			(SELECT MAX(year) FROM pledge)
		) AS INTEGER) AS year`),
		[dep.score(null, null), dep.pledge(null, null)]
	);
	return row?.year ?? null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The overview of `year`, or null when no bloc signed a pledge that year. Blocs whose results the
 * reader may not see (`mayRead` false: a draft of another bloc) keep their name, stage and
 * members, without results.
 */
export async function yearOverview(
	db: Database,
	year: number,
	mayRead: (bloc: BlocYear) => boolean = () => true
): Promise<YearOverview | null> {
	const [infos, ranked, stages] = await Promise.all([
		db.cached(`blocInfo:${year}`, () => db.all<BlocInfoRow>(BLOC_INFO_SQL, [year]), [dep.pledge(year, null)]),
		rankYear(db, year),
		stagesOfYear(db, year)
	]);
	if (infos.length === 0) return null;

	const byBloc = new Map<string, typeof ranked>();
	for (const row of ranked) {
		const list = byBloc.get(row.blocCode);
		if (list) list.push(row);
		else byBloc.set(row.blocCode, [row]);
	}

	const blocs: BlocSummary[] = infos.map((info) => {
		const bloc = stages.get(info.blocCode) ?? { blocCode: info.blocCode, year, stage: 'open' as const };
		const hidden = !mayRead(bloc);
		const rows = hidden ? [] : (byBloc.get(info.blocCode) ?? []);
		// Nobody has a point yet (pledge signed, scoring not started): no leader to name.
		const scored = rows.some((r) => r.content !== 0 || r.bonus !== 0 || r.deduction !== 0);
		const leading = rows
			.filter((r) => scored && r.rank === 1)
			.map((r) => ({ unitCode: r.unitCode, unitName: r.unitName, total: r.total, percent: r.percent }));
		return {
			blocCode: info.blocCode,
			blocName: info.blocName,
			stage: bloc.stage,
			hidden,
			leading,
			memberCount: Math.max(info.memberCount, rows.length),
			averagePercent: scored ? round2(rows.reduce((s, r) => s + r.percent, 0) / rows.length) : null,
			unreviewedUnits: rows.filter((r) => r.unreviewedCount > 0).length,
			missingUnits: rows.filter((r) => r.missingCount > 0).length,
			leaders: info.leaders ?? []
		};
	});

	return {
		year,
		blocs,
		totals: {
			blocs: blocs.length,
			units: blocs.reduce((s, b) => s + b.memberCount, 0),
			unreviewedUnits: blocs.reduce((s, b) => s + b.unreviewedUnits, 0)
		}
	};
}

/** The council's name for the page header. */
export async function councilName(db: Database): Promise<string> {
	const [row] = await db.cached(
		'councilName',
		() => db.all<{ name: string }>('SELECT council_name AS name FROM council_setting LIMIT 1'),
		dep.catalog
	);
	return row?.name ?? '';
}

/** A year from the URL (`2025`), or null when it is not a plausible four-digit year. */
export function parseYear(raw: string | null | undefined): number | null {
	if (!raw || !/^\d{4}$/.test(raw)) return null;
	return Number(raw);
}
