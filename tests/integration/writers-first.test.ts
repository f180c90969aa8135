import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import type { Database } from '../../src/lib/server/db';
import { writerFirst } from '../../src/lib/server/db/gate';
import { tempDatabase } from '../helpers/db';

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;
beforeAll(async () => {
	env = await tempDatabase();
	db = env.db;
	await db.run(`CREATE TABLE t (v INTEGER)`);
});
afterAll(() => env?.cleanup());

/** Every read place taken by a read that waits until released (more than there are places). */
async function fillPlaces() {
	let release!: () => void;
	const done = new Promise<void>((r) => (release = r));
	const readers = Array.from({ length: availableParallelism() + 8 }, () =>
		db.withConnection(async (conn) => {
			await done;
			return (await conn.runAndReadAll('SELECT count(*) FROM t')).getRows();
		})
	);
	await new Promise((r) => setTimeout(r, 20));
	expect(db.readLoad.waiting).toBeGreaterThan(0);
	return { release: () => (release(), Promise.all(readers)) };
}

describe('writers first: reads wait at the gate, writes never', () => {
	it('commits a transaction while every read place is taken and reads wait', async () => {
		const places = await fillPlaces();
		try {
			await db.transaction((conn) => conn.run('INSERT INTO t VALUES (1)'), { changes: [] });
			await db.maintenance((conn) => conn.run('INSERT INTO t VALUES (2)'));
		} finally {
			await places.release();
		}
		expect(db.readLoad).toEqual({ active: 0, waiting: 0 });
	});

	it("reads of a writer's request pass too, and a plain read waits for its turn", async () => {
		const places = await fillPlaces();
		let plainDone = false;
		const plain = db.all('SELECT 1 AS x').then(() => (plainDone = true));
		try {
			expect(
				await writerFirst(() => db.all<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM t'))
			).toEqual([{ n: 2 }]);
			await new Promise((r) => setTimeout(r, 20));
			expect(plainDone).toBe(false);
		} finally {
			await places.release();
		}
		await plain;
		expect(plainDone).toBe(true);
	});

	it('does not share a reader’s cached read still waiting at the gate with a writer', async () => {
		const places = await fillPlaces();
		let reads = 0;
		const read = () =>
			db.cached('writers-first:count', async () => {
				reads++;
				return db.all<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM t');
			});
		const reader = read();
		try {
			// The reader's read is queued behind the held places; the writer reads on its own.
			expect(await writerFirst(read)).toEqual([{ n: 2 }]);
			expect(reads).toBe(2);
		} finally {
			await places.release();
		}
		expect(await reader).toEqual([{ n: 2 }]);
	});
});
