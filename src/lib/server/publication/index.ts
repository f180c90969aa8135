/**
 * Publication of the finalised rankings (issue 15, part 5): which years are public (table
 * public_year, migration 019; none by default), what their public pages show, and the admin's
 * switch on /admin/settings. The rules are domain/publication.ts.
 *
 * A switch is saved in one transaction with one audit row per year (action 'setting',
 * criterion_code 'public_year:<year>', false → true), as a catalog write: every cached read and
 * page is stale at once, so that a withdrawn year's page is never served again, from the page
 * cache or a read cache. The public reads go through the same cached ranking reads as the
 * signed-in pages (ranking/index.ts) and keep only the published fields (publicRow).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { can, isStage, type Principal } from '../../domain/policy';
import {
	parsePublicationForm,
	publicationChanges,
	publicRow,
	publicSettingName,
	publishedBlocYears,
	type BlocYearStage,
	type PublicationChange,
	type PublicationProblem,
	type PublicRow
} from '../../domain/publication';
import type { FormFields } from '../../domain/council-settings';
import { allOn, type Database } from '../db';
import { dep } from '../db/freshness';
import { rankYear } from '../ranking';

const PUBLIC_YEARS_SQL = 'SELECT year FROM public_year ORDER BY year';

/** The public years, ascending (none: nothing is public). */
export async function readPublicYears(db: Database): Promise<number[]> {
	return db.cached(
		'publicYears',
		async () => (await db.all<{ year: number }>(PUBLIC_YEARS_SQL)).map((r) => r.year),
		dep.catalog
	);
}

/** A bloc-year with its name and number of member units. */
export interface PublicBlocYear extends BlocYearStage {
	blocName: string;
	members: number;
}

const BLOC_YEARS_SQL = `
SELECT p.year, p.bloc_code AS "blocCode", COALESCE(p.stage, 'open') AS stage,
	COALESCE(b.bloc_name, p.bloc_code) AS "blocName",
	CAST((SELECT count(*) FROM bloc_membership m WHERE m.year = p.year AND m.bloc_code = p.bloc_code) AS INTEGER)
		AS members
FROM pledge p LEFT JOIN bloc b ON b.bloc_code = p.bloc_code
ORDER BY p.year DESC, p.bloc_code`;

/** Every bloc-year with a pledge, newest year first, then by bloc code. */
async function blocYears(db: Database): Promise<PublicBlocYear[]> {
	return db.cached(
		'publication:blocYears',
		async () =>
			(await db.all<PublicBlocYear & { stage: string }>(BLOC_YEARS_SQL)).map((r) => ({
				...r,
				stage: isStage(r.stage) ? r.stage : 'open'
			})),
		[dep.stage(null, null), dep.pledge(null, null)]
	);
}

/** A public year and its finalised blocs (possibly none yet). */
export interface PublicYearSummary {
	year: number;
	blocs: PublicBlocYear[];
}

/** Every public year, newest first, with its finalised bloc-years: the public index. */
export async function publicOverview(db: Database): Promise<PublicYearSummary[]> {
	const [years, all] = await Promise.all([readPublicYears(db), blocYears(db)]);
	const published = publishedBlocYears(all, years);
	return [...years]
		.sort((a, b) => b - a)
		.map((year) => ({ year, blocs: published.filter((b) => b.year === year) }));
}

/** A published bloc-year's ranking: only the published fields. */
export interface PublicBlocRanking extends PublicBlocYear {
	rows: PublicRow[];
}

/** A public year's page: its finalised bloc-years' rankings (null: the year is not public). */
export interface PublicYearPage {
	year: number;
	blocs: PublicBlocRanking[];
	/** The year's other public years, newest first (for the page's links). */
	otherYears: number[];
}

/**
 * The rankings of a public year's finalised bloc-years, or only of `blocCode`; null when the
 * year is not public, or the bloc-year asked for is not published (not finalised, no pledge).
 */
export async function publicYearPage(
	db: Database,
	year: number,
	blocCode: string | null = null
): Promise<PublicYearPage | null> {
	const [years, all] = await Promise.all([readPublicYears(db), blocYears(db)]);
	if (!years.includes(year)) return null;
	const published = publishedBlocYears(all, years).filter(
		(b) => b.year === year && (blocCode === null || b.blocCode === blocCode)
	);
	if (blocCode !== null && published.length === 0) return null;
	const ranked = published.length > 0 ? await rankYear(db, year) : [];
	const blocs = published.map((b) => ({
		...b,
		rows: ranked.filter((r) => r.blocCode === b.blocCode).map(publicRow)
	}));
	return { year, blocs, otherYears: years.filter((y) => y !== year).sort((a, b) => b - a) };
}

/** A year on the settings page: its bloc-years, how many are finalised, whether it is public. */
export interface PublicationYear {
	year: number;
	blocs: number;
	finalised: number;
	public: boolean;
}

/** Every year the council has (with a pledge), newest first, for the settings form. */
export async function publicationYears(db: Database): Promise<PublicationYear[]> {
	const [years, all] = await Promise.all([readPublicYears(db), blocYears(db)]);
	const out = new Map<number, PublicationYear>();
	for (const b of all) {
		const y = out.get(b.year) ?? { year: b.year, blocs: 0, finalised: 0, public: years.includes(b.year) };
		y.blocs++;
		if (b.stage === 'finalised') y.finalised++;
		out.set(b.year, y);
	}
	return [...out.values()].sort((a, b) => b.year - a.year);
}

export type SavePublicationResult =
	| { status: 'forbidden' }
	| { status: 'invalid'; problems: PublicationProblem[] }
	| { status: 'saved'; changes: PublicationChange[] };

async function yearsOn(conn: DuckDBConnection): Promise<{ current: number[]; known: number[] }> {
	const current = (await allOn<{ year: number }>(conn, PUBLIC_YEARS_SQL)).map((r) => r.year);
	const known = (await allOn<{ year: number }>(conn, 'SELECT DISTINCT year FROM pledge ORDER BY year')).map(
		(r) => r.year
	);
	return { current, known };
}

class InvalidPublication extends Error {
	constructor(readonly problems: PublicationProblem[]) {
		super('invalid publication');
	}
}

/**
 * Turns years public or private as the form says, in one transaction with one audit row per
 * year changed; nothing written when the form names a year the council does not have, nor
 * when nothing changes. A catalog write: every cached page and read is stale at once.
 */
export async function savePublication(
	db: Database,
	user: Principal,
	fields: FormFields
): Promise<SavePublicationResult> {
	if (!can(user, { kind: 'manage:publication' })) return { status: 'forbidden' };
	return oneAtATime(() => save(db, user, fields));
}

/**
 * Saves of the public years, one after the other in this process (the only one that opens the
 * database): two admins ticking the same year at once would otherwise both insert it, and the
 * second would meet the first's committed row as a duplicate key (a constraint error, not a
 * write conflict DuckDB lets retry). The second now reads the first's result: nothing to change.
 */
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(fn: () => Promise<T>): Promise<T> {
	const run = queue.then(fn, fn);
	queue = run.catch(() => undefined);
	return run;
}

async function save(db: Database, user: Principal, fields: FormFields): Promise<SavePublicationResult> {
	const now = await db.withConnection(yearsOn);
	const first = parsePublicationForm(fields, now.current, now.known);
	if (first.problems.length > 0) return { status: 'invalid', problems: first.problems };
	// Nothing to change: no write, so no cached read or page becomes stale.
	if (publicationChanges(now.current, first.years).length === 0) return { status: 'saved', changes: [] };
	let changes: PublicationChange[] = [];
	try {
		await db.transaction(
			async (conn) => {
				// Read again in the transaction: what is written is decided on what is there now.
				const { current, known } = await yearsOn(conn);
				const parsed = parsePublicationForm(fields, current, known);
				if (parsed.problems.length > 0) throw new InvalidPublication(parsed.problems);
				changes = publicationChanges(current, parsed.years);
				for (const c of changes) {
					if (c.public)
						await conn.run('INSERT INTO public_year (year, published_by) VALUES ($1, $2)', [
							c.year,
							user.username
						]);
					else await conn.run('DELETE FROM public_year WHERE year = $1', [c.year]);
					await conn.run(
						`INSERT INTO audit_log (user_id, username, action, year, criterion_code, old_value, new_value)
						 VALUES ($1, $2, 'setting', $3, $4, $5, $6)`,
						[
							user.userId,
							user.username,
							c.year,
							publicSettingName(c.year),
							String(!c.public),
							String(c.public)
						]
					);
				}
			},
			{
				changes: [{ kind: 'catalog' }],
				retryOnConflict: true,
				scope: () => [{ table: 'public_year', year: null, blocCode: null }]
			}
		);
	} catch (e) {
		if (e instanceof InvalidPublication) return { status: 'invalid', problems: e.problems };
		throw e;
	}
	return { status: 'saved', changes };
}
