import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, importPaths } from '../../src/lib/server/import';
import { rankBloc, rankYear } from '../../src/lib/server/ranking';
import { tempDatabase } from '../helpers/db';

describe('the read cache', () => {
	let env: Awaited<ReturnType<typeof tempDatabase>>;
	beforeAll(async () => {
		env = await tempDatabase();
		await importPaths(env.db, ['tests/fixtures/small']);
	});
	afterAll(() => env.cleanup());

	it('serves a read once until the next write, then reads again', async () => {
		let reads = 0;
		const read = () => env.db.cached('probe', async () => ++reads);
		expect([await read(), await read()]).toEqual([1, 1]);
		await env.db.run("UPDATE council_setting SET council_name = 'Hội đồng TĐKT tỉnh Sơn Hà'");
		expect(await read()).toBe(2);
		await env.db.transaction(async (c) => {
			await c.run('SELECT 1');
		});
		expect(await read()).toBe(3);
	});

	it('does not keep a read that overlapped a write', async () => {
		let reads = 0;
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const slow = env.db.cached('overlap', async () => {
			await gate;
			return ++reads;
		});
		await env.db.run('SELECT 1'); // a write lands while the read is under way
		release();
		expect(await slow).toBe(1);
		expect(await env.db.cached('overlap', async () => ++reads)).toBe(2);
	});

	it('never shows a ranking older than the last import', async () => {
		const before = await rankBloc(env.db, 2024, 'K01');
		const xa03 = before.find((r) => r.unitCode === 'XA03')!;
		// XA03's TC01 goes from self 35 (unreviewed) to a bloc score of 30: 5 points fewer.
		const r = await importFiles(env.db, [
			{
				name: 'scores.csv',
				content:
					'year,bloc_code,unit_code,criterion_code,self_score,reviewed_score\n2024,K01,XA03,TC01,35,30\n'
			}
		]);
		expect(r.committed).toBe(true);
		const after = (await rankBloc(env.db, 2024, 'K01')).find((x) => x.unitCode === 'XA03')!;
		expect(after.total).toBe(xa03.total - 5);
	});

	it('freezes what it shares outside production, so a caller cannot corrupt it', async () => {
		const rows = await rankYear(env.db, 2024); // shared as it is
		expect(Object.isFrozen(rows)).toBe(true);
		expect(() => (rows as unknown as unknown[]).sort()).toThrow(TypeError);
		expect(() => {
			(rows[0] as { total: number }).total = 0;
		}).toThrow(TypeError);
	});
});
