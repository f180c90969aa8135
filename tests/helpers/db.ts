import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../../src/lib/server/db';

/** A real DuckDB file in a fresh temporary folder, migrated. Call `cleanup` in afterAll/afterEach. */
export async function tempDatabase(): Promise<{ db: Database; dir: string; cleanup: () => void }> {
	const dir = mkdtempSync(join(tmpdir(), 'ktd-test-'));
	const db = await Database.open(join(dir, 'test.duckdb'));
	return {
		db,
		dir,
		cleanup: () => {
			db.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
