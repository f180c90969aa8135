import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { migrate } from './migrate';

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/** Database file: DATABASE_PATH, else data/khoi-thi-dua.duckdb under the working directory. */
export function databasePath(): string {
	return resolve(process.env.DATABASE_PATH || 'data/khoi-thi-dua.duckdb');
}

export class Database {
	private constructor(
		readonly path: string,
		private readonly instance: DuckDBInstance
	) {}

	/** Opens (creating if needed) the file and applies pending migrations. */
	static async open(path: string): Promise<Database> {
		if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
		const instance = await DuckDBInstance.fromCache(path);
		const db = new Database(path, instance);
		await db.withConnection((c) => migrate(c));
		return db;
	}

	/** One connection per unit of work: DuckDB must never run two statements at once on one. */
	async withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
		const conn = await this.instance.connect();
		try {
			return await fn(conn);
		} finally {
			conn.closeSync();
		}
	}

	/** Runs `fn` inside BEGIN … COMMIT; any throw rolls everything back. */
	async transaction<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
		return this.withConnection(async (conn) => {
			await conn.run('BEGIN TRANSACTION');
			try {
				const result = await fn(conn);
				await conn.run('COMMIT');
				return result;
			} catch (e) {
				await conn.run('ROLLBACK');
				throw e;
			}
		});
	}

	/** Reads rows as plain objects. Cast BIGINT/DECIMAL to INTEGER/DOUBLE in the SQL. */
	async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
		return this.withConnection(async (conn) => {
			const reader = await conn.runAndReadAll(sql, params);
			return reader.getRowObjectsJS() as T[];
		});
	}

	async run(sql: string, params?: Params): Promise<void> {
		await this.withConnection((conn) => conn.run(sql, params));
	}

	close(): void {
		this.instance.closeSync();
	}
}

/** Reads rows on an existing connection (inside a transaction). */
export async function allOn<T = Row>(conn: DuckDBConnection, sql: string, params?: Params): Promise<T[]> {
	return (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as T[];
}

const KEY = Symbol.for('khoi-thi-dua.database');
type GlobalWithDb = typeof globalThis & { [KEY]?: Promise<Database> };

/**
 * The process-wide database, opened once. Kept on globalThis so that Vite's hot reload in
 * development does not open the file a second time.
 */
export function getDatabase(): Promise<Database> {
	const g = globalThis as GlobalWithDb;
	g[KEY] ??= Database.open(databasePath()).catch((e) => {
		delete g[KEY];
		throw e;
	});
	return g[KEY];
}
