/**
 * The what-if page ranks in the browser with the TypeScript reference; the product's ranking is
 * the SQL. With unchanged weights both must give the same rows for every sample bloc-year, and
 * so must a what-if that sets every weight to its own value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankBloc as rankReference } from '../../src/lib/domain/ranking';
import {
	NO_OVERRIDES,
	applyWeightOverrides,
	packInput,
	unpackInput,
	whatIf,
	type WeightOverrides
} from '../../src/lib/domain/whatif';
import { importPaths } from '../../src/lib/server/import';
import { loadBlocInput, rankBloc } from '../../src/lib/server/ranking';
import { tempDatabase } from '../helpers/db';

let env: Awaited<ReturnType<typeof tempDatabase>>;

beforeAll(async () => {
	env = await tempDatabase();
	const r = await importPaths(env.db, ['data/sample']);
	expect(r.committed).toBe(true);
});
afterAll(() => env.cleanup());

describe('what-if weights on the sample province', () => {
	it('with unchanged weights, ranks every bloc-year exactly as the SQL does', async () => {
		const blocYears = await env.db.all<{ year: number; blocCode: string }>(
			'SELECT CAST(year AS INTEGER) AS year, bloc_code AS "blocCode" FROM pledge ORDER BY year, bloc_code'
		);
		expect(blocYears).toHaveLength(42);
		for (const { year, blocCode } of blocYears) {
			const input = await loadBlocInput(env.db, year, blocCode);
			const sql = await rankBloc(env.db, year, blocCode);
			expect(sql.length, `${blocCode} ${year}`).toBeGreaterThan(0);
			expect(rankReference(applyWeightOverrides(input, NO_OVERRIDES)), `${blocCode} ${year}`).toEqual(sql);
			// As the page receives it (scores packed as columns, through JSON): the same input.
			expect(unpackInput(JSON.parse(JSON.stringify(packInput(input)))), `${blocCode} ${year}`).toEqual(input);
			// Every criterion set to its own weight and every group factor 1: nothing moves either.
			const same: WeightOverrides = {
				criteria: Object.fromEntries(input.criteria.map((c) => [c.code, c.weight])),
				groups: Object.fromEntries(input.criteria.map((c) => [c.groupCode, 1]))
			};
			const changes = whatIf(input, same, sql);
			expect(
				changes.map((c) => c.after),
				`${blocCode} ${year}`
			).toEqual(sql);
			expect(changes.every((c) => c.delta === 0)).toBe(true);
		}
	});

	it('moves units when a group weighs more, and says by how many places', async () => {
		const input = await loadBlocInput(env.db, 2024, 'K04');
		const sql = await rankBloc(env.db, 2024, 'K04');
		const changes = whatIf(input, { criteria: {}, groups: { I: 3 } }, sql);
		expect(changes.some((c) => c.delta !== 0)).toBe(true);
		// Ranks are a permutation with ties: deltas sum to zero when nobody ties.
		if (!changes.some((c) => c.after.tied || c.before?.tied))
			expect(changes.reduce((s, c) => s + c.delta, 0)).toBe(0);
		// Each unit's new total = Σ new weight × points, i.e. group I counted three times.
		for (const c of changes) {
			const before = c.before!;
			const groupI = before.groups.find((g) => g.groupCode === 'I')!.points;
			expect(c.after.content).toBeCloseTo(before.content + 2 * groupI, 2);
		}
	});
});
