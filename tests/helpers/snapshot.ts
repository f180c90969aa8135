import { createHash } from 'node:crypto';
import type { Database } from '../../src/lib/server/db';

/**
 * A digest of everything stored in the database's own tables, row by row in a fixed order:
 * equal digests mean equal content.
 */
export async function contentDigest(db: Database, options: { exclude?: string[] } = {}): Promise<string> {
	const tables = await db.all<{ name: string }>(
		`SELECT table_name AS name FROM information_schema.tables
		 WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name`
	);
	const hash = createHash('sha256');
	for (const { name } of tables) {
		if (options.exclude?.includes(name)) continue;
		const rows = await db.all(`SELECT * FROM "${name}" ORDER BY ALL`);
		hash.update(name + '\n');
		for (const r of rows)
			hash.update(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');
	}
	return hash.digest('hex');
}
