/**
 * The stored totals (`unit_total`) kept equal to a fresh computation: every write transaction
 * calls `refreshTotals` before its COMMIT with what it changed (db/index.ts does it for every
 * transaction), and the rows of what changed are computed again by TOTALS_SQL, the rule's one
 * statement. A write that names nothing refreshes everything.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Change } from '../db/freshness';
import { OUTCOME_SQL, STORED_TOTALS_SQL, TOTALS_COLUMNS, TOTALS_SQL } from './queries';

/** What to compute again: everything, or per bloc-year all members or some units. */
export type TotalsScope = 'all' | TotalsPart[];
export interface TotalsPart {
	year: number;
	/** null: every bloc of the year. */
	bloc: string | null;
	/** null: every member of the bloc-year. */
	units: string[] | null;
}

/** Past this many bloc-years of one year in one write, the whole year is computed at once. */
const WHOLE_YEAR_FROM = 8;
const SEPARATOR = '\u001f';

/**
 * The totals a set of changes makes stale: score changes of some units, every member of a
 * bloc-year whose pledge, criteria or membership changed, everything for `undefined` (a write
 * that did not say, such as one of the council's ranking defaults). Stage, award, catalog and
 * session changes leave totals and ranks as they are: none of them enters the sums or the
 * ranking (names are joined when a ranking is read; a role is membership, a pledge change).
 */
export function totalsScope(changes: readonly Change[] | undefined): TotalsScope {
	if (!changes) return 'all';
	const byBloc = new Map<string, TotalsPart>();
	for (const c of changes) {
		if (c.kind !== 'score' && c.kind !== 'pledge') continue;
		const key = `${c.year}${SEPARATOR}${c.bloc}`;
		const part = byBloc.get(key) ?? { year: c.year, bloc: c.bloc, units: [] };
		byBloc.set(key, part);
		if (c.kind === 'pledge' || !c.units) part.units = null;
		else if (part.units) part.units.push(...c.units);
	}
	const byYear = new Map<number, TotalsPart[]>();
	for (const p of byBloc.values()) byYear.set(p.year, [...(byYear.get(p.year) ?? []), p]);
	const out: TotalsPart[] = [];
	for (const [year, parts] of byYear) {
		if (parts.length >= WHOLE_YEAR_FROM) out.push({ year, bloc: null, units: null });
		else out.push(...parts.map((p) => ({ ...p, units: p.units && [...new Set(p.units)].sort() })));
	}
	return out;
}

/**
 * Computes again the stored totals of `scope` and ranks their bloc-years again, on the write's
 * connection (inside its transaction). Whole bloc-years are computed and ranked in one
 * statement; some units' totals are computed, then their bloc-year ranked from the stored rows.
 */
export async function refreshTotals(conn: DuckDBConnection, scope: TotalsScope): Promise<void> {
	if (scope === 'all') {
		await conn.run('DELETE FROM unit_total');
		await conn.run(`INSERT INTO unit_total ${STORED_TOTALS_SQL}`, [null, null, null]);
		return;
	}
	for (const p of scope) {
		if (p.units?.length === 0) continue;
		const params = [p.year, p.bloc, p.units ? p.units.join(SEPARATOR) : null];
		// A unit that moved into the bloc leaves its row under the old bloc: gone too, and the
		// old bloc ranked again without it.
		const deleted = await conn.runAndReadAll(
			`DELETE FROM unit_total
			 WHERE year = $1::INTEGER
				AND ($3::VARCHAR IS NULL OR list_contains(string_split($3::VARCHAR, chr(31)), unit_code))
				AND (
					$2::VARCHAR IS NULL OR bloc_code = $2::VARCHAR
					OR unit_code IN (SELECT unit_code FROM bloc_membership WHERE year = $1::INTEGER AND bloc_code = $2::VARCHAR)
				)
			 RETURNING bloc_code`,
			params
		);
		const left = new Set(deleted.getColumnsJS()[0] as string[]);
		if (p.units) {
			await conn.run(`INSERT INTO unit_total (${TOTALS_COLUMNS}) ${TOTALS_SQL}`, params);
			left.add(p.bloc as string);
		} else {
			await conn.run(`INSERT INTO unit_total ${STORED_TOTALS_SQL}`, [p.year, p.bloc, null]);
			if (p.bloc === null) left.clear();
			else left.delete(p.bloc);
		}
		for (const bloc of [...left].sort()) await rankAgain(conn, p.year, bloc);
	}
}

/** Ranks a bloc-year again from its stored totals (after some of them were computed again). */
async function rankAgain(conn: DuckDBConnection, year: number, bloc: string): Promise<void> {
	await conn.run(
		`UPDATE unit_total AS t
		 SET rank = o.rank, tied = o.tied, tier = o.tier, proposal = o.proposal, proposal_tie = o.proposal_tie, vote = o.vote
		 FROM (${OUTCOME_SQL}) AS o
		 WHERE t.year = o.year AND t.bloc_code = o.bloc_code AND t.unit_code = o.unit_code`,
		[year, bloc]
	);
}

/**
 * Marks the stored totals of `scope` as written by this transaction, early (an UPDATE that
 * changes nothing): a long write (an import) that refreshes them only at its end would lose
 * against every short one (a sheet save) committed meanwhile, again on its retry. Claimed,
 * the short writes lose instead, and retry once the long one has ended.
 */
export async function claimTotals(conn: DuckDBConnection, scope: TotalsScope): Promise<void> {
	if (scope === 'all') {
		await conn.run('UPDATE unit_total SET total = total');
		return;
	}
	for (const p of scope)
		await conn.run(
			`UPDATE unit_total SET total = total
			 WHERE year = $1::INTEGER AND ($2::VARCHAR IS NULL OR bloc_code = $2::VARCHAR)
				AND ($3::VARCHAR IS NULL OR list_contains(string_split($3::VARCHAR, chr(31)), unit_code))`,
			[p.year, p.bloc, p.units ? p.units.join(SEPARATOR) : null]
		);
}

/** Fills the derived tables a migration asked for (`derived_refill`), in one transaction. */
export async function refillDerived(conn: DuckDBConnection): Promise<boolean> {
	const pending = (await conn.runAndReadAll('SELECT table_name FROM derived_refill')).getRowObjectsJS();
	if (!pending.some((r) => r.table_name === 'unit_total')) return false;
	await conn.run('BEGIN TRANSACTION');
	try {
		await refreshTotals(conn, 'all');
		await conn.run("DELETE FROM derived_refill WHERE table_name = 'unit_total'");
		await conn.run('COMMIT');
		return true;
	} catch (e) {
		await conn.run('ROLLBACK').catch(() => undefined);
		throw e;
	}
}
