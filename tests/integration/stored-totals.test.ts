/**
 * The stored totals (`unit_total`) always equal a fresh computation from every score cell, and
 * the cached rankings always equal a fresh ranking, after any sequence of writes: sheet saves
 * of either side, score imports, pledge (bonus cap) and criteria (weight) imports, membership
 * moves, stage changes. A write that forgot to refresh the totals, or to name what it changed
 * (so that a cached ranking stayed), fails here.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { compareRankingRows } from '../../src/lib/domain/ranking';
import type { BlocYear, Principal } from '../../src/lib/domain/policy';
import { Database } from '../../src/lib/server/db';
import { importFiles, importPaths } from '../../src/lib/server/import';
import { rankBloc } from '../../src/lib/server/ranking';
import {
	FRESH_RANKING_SQL,
	STORED_TOTALS_SQL,
	TOTALS_COLUMNS,
	TOTALS_SQL
} from '../../src/lib/server/ranking/queries';
import { loadSheet, saveSheet } from '../../src/lib/server/scoring/sheet';
import { changeStage, getBlocYear } from '../../src/lib/server/scoring/stage';
import { tempDatabase } from '../helpers/db';

const admin: Principal = {
	userId: 1,
	username: 'admin',
	displayName: 'Quản trị',
	grants: [{ role: 'admin' }]
};
const YEAR = 2024;
const BLOCS = ['K01', 'K02'] as const;

let env: Awaited<ReturnType<typeof tempDatabase>> | null = null;
afterEach(() => {
	env?.cleanup();
	env = null;
});

const csv = (name: string, text: string) => ({ name, content: new TextEncoder().encode(text) });

type Command =
	| { kind: 'save'; bloc: number; unit: number; side: 'self' | 'review'; cells: [number, number | null][] }
	| { kind: 'scores'; rows: [number, number, number, number | null, number | null][] }
	| { kind: 'cap'; bloc: number; cap: number | null }
	/** The pledge's excellent threshold and flag places (the ranking's outcome, not the totals). */
	| { kind: 'places'; bloc: number; excellent: number | null; flags: number | null }
	/** The council's default thresholds and places (a write that names nothing). */
	| { kind: 'council'; excellent: number; flags: number }
	| { kind: 'weight'; criterion: number; weight: number }
	| { kind: 'move'; unit: number; bloc: number }
	| { kind: 'stage'; bloc: number; to: 'open' | 'self_scoring' | 'review' };

const points = fc.option(fc.integer({ min: 0, max: 40 }), { nil: null });
const command: fc.Arbitrary<Command> = fc.oneof(
	fc.record({
		kind: fc.constant('save' as const),
		bloc: fc.nat(1),
		unit: fc.nat(7),
		side: fc.constantFrom('self' as const, 'review' as const),
		cells: fc.array(fc.tuple(fc.nat(9), points), { minLength: 1, maxLength: 4 })
	}),
	fc.record({
		kind: fc.constant('scores' as const),
		rows: fc.array(fc.tuple(fc.nat(1), fc.nat(7), fc.nat(9), points, points), { minLength: 1, maxLength: 5 })
	}),
	fc.record({
		kind: fc.constant('cap' as const),
		bloc: fc.nat(1),
		cap: fc.option(fc.nat(12), { nil: null })
	}),
	fc.record({
		kind: fc.constant('places' as const),
		bloc: fc.nat(1),
		excellent: fc.option(fc.integer({ min: 40, max: 100 }), { nil: null }),
		flags: fc.option(fc.nat(3), { nil: null })
	}),
	fc.record({
		kind: fc.constant('council' as const),
		excellent: fc.integer({ min: 40, max: 100 }),
		flags: fc.nat(3)
	}),
	fc.record({
		kind: fc.constant('weight' as const),
		criterion: fc.nat(9),
		weight: fc.integer({ min: 1, max: 3 })
	}),
	fc.record({ kind: fc.constant('move' as const), unit: fc.nat(7), bloc: fc.nat(1) }),
	fc.record({
		kind: fc.constant('stage' as const),
		bloc: fc.nat(1),
		to: fc.constantFrom('open' as const, 'self_scoring' as const, 'review' as const)
	})
);

interface World {
	units: string[];
	criteria: Map<string, { code: string; max: number }[]>;
}

async function world(db: Database): Promise<World> {
	const units = (await db.all<{ u: string }>(`SELECT unit_code AS u FROM unit ORDER BY unit_code`)).map(
		(r) => r.u
	);
	const criteria = new Map<string, { code: string; max: number }[]>();
	for (const b of BLOCS)
		criteria.set(
			b,
			await db.all<{ code: string; max: number }>(
				`SELECT criterion_code AS code, CAST(max_points AS DOUBLE) AS max FROM criterion
				 WHERE year = $1 AND bloc_code = $2 ORDER BY sort_order, criterion_code`,
				[YEAR, b]
			)
		);
	return { units, criteria };
}

async function membersOf(db: Database, bloc: string): Promise<string[]> {
	return (
		await db.all<{ u: string }>(
			`SELECT unit_code AS u FROM bloc_membership WHERE year = $1 AND bloc_code = $2 ORDER BY unit_code`,
			[YEAR, bloc]
		)
	).map((r) => r.u);
}

/** Runs one command; refusals (a non-member, a cell above its maximum, …) are fine: nothing changes. */
async function run(db: Database, w: World, c: Command): Promise<void> {
	const pick = <T>(xs: readonly T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);
	switch (c.kind) {
		case 'save': {
			const blocCode = BLOCS[c.bloc]!;
			const unit = pick(await membersOf(db, blocCode), c.unit);
			const bloc = (await getBlocYear(db, YEAR, blocCode)) as BlocYear;
			if (!unit || !bloc) return;
			const crit = w.criteria.get(blocCode)!;
			const sheet = await loadSheet(db, bloc, unit);
			const entries = c.cells.map(([i, v]) => {
				const k = pick(crit, i)!;
				return { criterionCode: k.code, value: v === null ? '' : String(Math.min(v, k.max)) };
			});
			await saveSheet(db, admin, bloc, unit, c.side, sheet.version, entries);
			return;
		}
		case 'scores': {
			const lines: string[] = [];
			for (const [b, u, i, self, reviewed] of c.rows) {
				const blocCode = BLOCS[b]!;
				const unit = pick(await membersOf(db, blocCode), u);
				const k = pick(w.criteria.get(blocCode)!, i);
				if (!unit || !k || (self === null && reviewed === null)) continue;
				const v = (x: number | null) => (x === null ? '' : String(Math.min(x, k.max)));
				lines.push(`${YEAR},${blocCode},${unit},${k.code},${v(self)},${v(reviewed)},`);
			}
			if (!lines.length) return;
			const header = 'year,bloc_code,unit_code,criterion_code,self_score,reviewed_score,note\n';
			await importFiles(db, [csv('scores.csv', header + lines.join('\n') + '\n')]);
			return;
		}
		case 'cap': {
			const b = BLOCS[c.bloc]!;
			await importFiles(db, [
				csv(
					'pledges.csv',
					`year,bloc_code,title,bonus_cap\n${YEAR},${b},Giao ước thi đua năm ${YEAR} khối ${b},${c.cap ?? ''}\n`
				)
			]);
			return;
		}
		case 'places': {
			const b = BLOCS[c.bloc]!;
			const v = (x: number | null) => (x === null ? '' : String(x));
			await importFiles(db, [
				csv(
					'pledges.csv',
					`year,bloc_code,title,tier_excellent_pct,flag_count\n${YEAR},${b},Giao ước thi đua năm ${YEAR} khối ${b},${v(c.excellent)},${v(c.flags)}\n`
				)
			]);
			return;
		}
		case 'council':
			await db.run(
				`UPDATE council_setting SET tier_excellent_pct = ${Math.max(c.excellent, 86)}, flag_count = ${c.flags} WHERE id = 1`
			);
			return;
		case 'weight': {
			const rows = await db.all<Record<string, string | number>>(
				`SELECT bloc_code, criterion_code, group_code, group_name, criterion_name,
				        CAST(max_points AS DOUBLE) AS max_points, kind, sort_order
				 FROM criterion WHERE year = $1 ORDER BY bloc_code, sort_order, criterion_code`,
				[YEAR]
			);
			const r = pick(rows, c.criterion);
			if (!r) return;
			const q = (s: unknown) => `"${String(s).replaceAll('"', '""')}"`;
			await importFiles(db, [
				csv(
					'criteria.csv',
					'year,bloc_code,criterion_code,group_code,group_name,criterion_name,max_points,weight,kind,sort_order\n' +
						[YEAR, r.bloc_code, r.criterion_code, r.group_code, q(r.group_name), q(r.criterion_name)]
							.concat([String(r.max_points), String(c.weight), String(r.kind), String(r.sort_order)])
							.join(',') +
						'\n'
				)
			]);
			return;
		}
		case 'move': {
			const unit = pick(w.units, c.unit)!;
			await importFiles(db, [
				csv('memberships.csv', `year,bloc_code,unit_code,role\n${YEAR},${BLOCS[c.bloc]},${unit},member\n`)
			]);
			return;
		}
		case 'stage': {
			const bloc = await getBlocYear(db, YEAR, BLOCS[c.bloc]!);
			if (bloc) await changeStage(db, admin, bloc, c.to, 'kiểm thử');
			return;
		}
	}
}

/** Stored totals against TOTALS_SQL over every cell, and cached rankings against a fresh ranking. */
async function expectConsistent(db: Database): Promise<void> {
	const order = 'ORDER BY year, bloc_code, unit_code';
	// the totals against TOTALS_SQL alone, and the whole rows (the ranking's outcome too)
	// against the rule run over every cell
	const totals = await db.all(`SELECT ${TOTALS_COLUMNS} FROM unit_total ${order}`);
	expect(totals).toEqual(await db.all(`SELECT * FROM (${TOTALS_SQL}) ${order}`, [null, null, null]));
	const stored = await db.all(`SELECT * FROM unit_total ${order}`);
	expect(stored).toEqual(await db.all(`SELECT * FROM (${STORED_TOTALS_SQL}) ${order}`, [null, null, null]));
	expect(stored.every((r) => r.rank !== null && r.tier !== null)).toBe(true);
	for (const b of BLOCS) {
		const rows = await db.all<Record<string, unknown>>(FRESH_RANKING_SQL, [YEAR, b, null]);
		const expected = rows
			// groups come from the query as JSON text (see RANKING_SQL)
			.map(({ year: _y, blocCode: _b, groups, ...r }) => ({ ...r, groups: JSON.parse(groups as string) }))
			.sort(compareRankingRows as (a: unknown, b: unknown) => number);
		expect(await rankBloc(db, YEAR, b)).toEqual(expected);
	}
}

describe('stored totals', () => {
	it('equal a fresh computation, and cached rankings a fresh ranking, after random writes', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (commands) => {
				env?.cleanup();
				env = await tempDatabase();
				const { db } = env;
				expect((await importPaths(db, ['tests/fixtures/small'])).committed).toBe(true);
				await db.run(`UPDATE pledge SET stage = 'review' WHERE year = ${YEAR}`);
				const w = await world(db);
				await expectConsistent(db);
				for (const c of commands) {
					await rankBloc(db, YEAR, 'K01'); // cached before the write: the write must make it stale
					await run(db, w, c);
					await expectConsistent(db);
				}
			}),
			{ numRuns: 8 }
		);
	}, 240_000);

	it('are filled by a migration for an existing database, and a write keeps other blocs’ rows', async () => {
		env = await tempDatabase();
		const { db } = env;
		expect((await importPaths(db, ['tests/fixtures/small'])).committed).toBe(true);
		const before = await db.all('SELECT * FROM unit_total ORDER BY year, bloc_code, unit_code');
		expect(before.length).toBeGreaterThan(0);
		// As a database made before migration 005 is after it: the table empty, the refill asked.
		await db.withConnection(async (c) => {
			await c.run('DELETE FROM unit_total');
			await c.run("INSERT INTO derived_refill VALUES ('unit_total')");
		});
		db.close();
		const reopened = await Database.open(db.path);
		try {
			expect(await reopened.all('SELECT * FROM unit_total ORDER BY year, bloc_code, unit_code')).toEqual(
				before
			);
			expect(await reopened.all('SELECT * FROM derived_refill')).toEqual([]);
		} finally {
			reopened.close();
		}
	});
});
