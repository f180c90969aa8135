import type { DuckDBConnection } from '@duckdb/node-api';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Migration {
	version: number;
	name: string;
	sql: string;
}

/** Parses `NNN_name.sql` file names into ordered migrations. */
export function toMigrations(files: Record<string, string>): Migration[] {
	return Object.entries(files)
		.map(([path, sql]) => {
			const file = path.split('/').pop() ?? path;
			const m = /^(\d+)_(.+)\.sql$/.exec(file);
			if (!m) throw new Error(`Tên tệp migration không hợp lệ: ${file}`);
			return { version: Number(m[1]), name: m[2] ?? '', sql };
		})
		.sort((a, b) => a.version - b.version);
}

/**
 * The migration files. Under Vite (the app, Vitest) they are bundled with import.meta.glob;
 * under plain Node (tsx command-line scripts) they are read from beside this module.
 */
export function bundledMigrations(): Migration[] {
	// import.meta.env exists only under Vite, which rewrites the literal glob call at build time.
	if (import.meta.env) {
		return toMigrations(
			import.meta.glob<string>('./migrations/*.sql', { query: '?raw', import: 'default', eager: true })
		);
	}
	const dir = fileURLToPath(new URL('./migrations/', import.meta.url));
	const files: Record<string, string> = {};
	for (const f of readdirSync(dir)) if (f.endsWith('.sql')) files[f] = readFileSync(dir + f, 'utf8');
	return toMigrations(files);
}

/** Applies every migration not yet recorded, each in its own transaction. Safe to re-run. */
export async function migrate(conn: DuckDBConnection, migrations = bundledMigrations()): Promise<number[]> {
	await conn.run(`CREATE TABLE IF NOT EXISTS schema_migration (
		version INTEGER PRIMARY KEY,
		name VARCHAR NOT NULL,
		applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
	)`);
	const done = new Set(
		(await conn.runAndReadAll('SELECT version FROM schema_migration')).getRowObjectsJS().map((r) => r.version)
	);
	const applied: number[] = [];
	for (const m of migrations) {
		if (done.has(m.version)) continue;
		await conn.run('BEGIN TRANSACTION');
		try {
			await conn.run(m.sql);
			await conn.run('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
			await conn.run('COMMIT');
		} catch (e) {
			await conn.run('ROLLBACK');
			throw new Error(`Migration ${m.version}_${m.name} thất bại: ${(e as Error).message}`, { cause: e });
		}
		applied.push(m.version);
	}
	return applied;
}
