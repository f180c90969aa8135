/**
 * rankYear redoes only the blocs written since its last read (ranking/index.ts): after any
 * sequence of writes it equals a read of the whole year from scratch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db';
import { importPaths } from '../../src/lib/server/import';
import { mergeBlocs, rankYear } from '../../src/lib/server/ranking';
import { tempDatabase } from '../helpers/db';

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;

beforeAll(async () => {
	env = await tempDatabase();
	db = env.db;
	const imported = await importPaths(db, ['tests/fixtures/small']);
	expect(imported.committed).toBe(true);
});
afterAll(() => env.cleanup());

/** rankYear as kept, and as read whole with nothing kept (clearCache). */
async function keptAndWhole(year: number) {
	const kept = await rankYear(db, year);
	db.clearCache();
	const whole = await rankYear(db, year);
	return { kept, whole };
}

/** A score write of one unit of a bloc-year, naming what it changed (as a sheet save does). */
async function score(year: number, bloc: string, unit: string, criterion: string, value: number) {
	await db.transaction(
		(c) =>
			c.run(
				`UPDATE score SET reviewed_score = $5 WHERE year = $1 AND bloc_code = $2 AND unit_code = $3 AND criterion_code = $4`,
				[year, bloc, unit, criterion, value]
			),
		{ changes: [{ kind: 'score', year, bloc, units: [unit] }] }
	);
}

describe('rankYear kept between writes', () => {
	it('reads again only the bloc written, and equals a whole read after every write', async () => {
		const members = await db.all<{ year: number; bloc: string; unit: string }>(
			`SELECT m.year, m.bloc_code AS bloc, m.unit_code AS unit FROM bloc_membership m
			 WHERE EXISTS (SELECT 1 FROM score s WHERE s.year = m.year AND s.bloc_code = m.bloc_code AND s.unit_code = m.unit_code)
			 ORDER BY 1, 2, 3`
		);
		const years = [...new Set(members.map((m) => m.year))];
		for (const y of years) await rankYear(db, y);
		// the blocs each ranking read asked for (null: the whole year)
		let asked: unknown[] = [];
		const columns = db.columns.bind(db);
		db.columns = async (sql, params) => {
			asked.push((params as unknown[] | undefined)?.[1]);
			return columns(sql, params);
		};
		try {
			// a deterministic walk: every member once, each write followed by the year's ranking
			for (const [i, m] of members.entries()) {
				const [criterion] = (
					await db.all<{ c: string }>(
						`SELECT criterion_code AS c FROM score WHERE year = $1 AND bloc_code = $2 AND unit_code = $3 ORDER BY 1 LIMIT 1`,
						[m.year, m.bloc, m.unit]
					)
				).map((r) => r.c);
				await score(m.year, m.bloc, m.unit, criterion!, (i * 7) % 11);
				asked = [];
				const kept = await rankYear(db, m.year);
				expect(asked, 'only the bloc written is read again').toEqual([m.bloc]);
				const { whole } = await keptAndWhole(m.year);
				expect(kept).toEqual(whole);
				// clearCache emptied what was kept: every year's whole read is the next one's start
				for (const y of years) await rankYear(db, y);
			}
		} finally {
			db.columns = columns;
		}
	});

	it('reads the whole year again after a write of everything (the catalog)', async () => {
		await rankYear(db, 2024);
		await db.run(`UPDATE unit SET unit_name = unit_name || ' (mới)' WHERE unit_code = 'XA03'`);
		const rows = await rankYear(db, 2024);
		expect(rows.find((r) => r.unitCode === 'XA03')?.unitName).toMatch(/\(mới\)$/);
		const { kept, whole } = await keptAndWhole(2024);
		expect(kept).toEqual(whole);
	});

	it('mergeBlocs replaces the changed blocs, drops a bloc left without rows and keeps bloc order', () => {
		const r = (blocCode: string, unitCode: string) => ({ blocCode, unitCode });
		const before = [r('K01', 'A'), r('K02', 'B'), r('K02', 'C'), r('K03', 'D')];
		expect(
			mergeBlocs(before, new Set(['K02', 'K00']), [r('K00', 'Z'), r('K02', 'C'), r('K02', 'B')])
		).toEqual([r('K00', 'Z'), r('K01', 'A'), r('K02', 'C'), r('K02', 'B'), r('K03', 'D')]);
		expect(mergeBlocs(before, new Set(['K03']), [])).toEqual(before.slice(0, 3));
	});
});
