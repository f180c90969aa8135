import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getDatabase } from '../../src/lib/server/db';
import { tempDatabase } from '../helpers/db';

const threadsOf = async (db: Awaited<ReturnType<typeof getDatabase>>) =>
	Number((await db.all<{ t: number }>(`SELECT current_setting('threads')::INTEGER AS t`))[0]!.t);

describe('DuckDB threads (DUCKDB_THREADS)', () => {
	const dir = mkdtempSync(join(tmpdir(), 'ktd-threads-'));
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it("the app's database runs each query on one thread by default", async () => {
		const saved = { ...process.env };
		process.env.DATABASE_PATH = join(dir, 'app.duckdb');
		delete process.env.DUCKDB_THREADS;
		try {
			const db = await getDatabase();
			expect(await threadsOf(db)).toBe(1);
			db.close();
		} finally {
			process.env = saved;
		}
	});

	it('setThreads sets the number asked, and 0 leaves DuckDB its own (a thread per core)', async () => {
		const { db, cleanup } = await tempDatabase();
		try {
			const own = await threadsOf(db);
			expect(own).toBe(Math.max(1, cpus().length));
			await db.setThreads(0);
			expect(await threadsOf(db)).toBe(own);
			await db.setThreads(3);
			expect(await threadsOf(db)).toBe(3);
		} finally {
			cleanup();
		}
	});
});
