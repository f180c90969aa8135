import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { config } from '../config';
import { refillDerived, refreshTotals, totalsScope } from '../ranking/totals';
import { changePaths, dep, Freshness, type Change } from './freshness';
import { readPlaces, isWriterFirst, ReadGate, writerFirst } from './gate';
import { migrate } from './migrate';

export { dep, type Change } from './freshness';

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/** Database file: DATABASE_PATH (see config.ts). */
export function databasePath(): string {
	return config().databasePath;
}

/** Deep-freezes a cached value outside production, so a caller that mutates it fails loudly. */
function freezeOutsideProduction<T>(value: T): T {
	if (process.env.NODE_ENV === 'production' || value === null || typeof value !== 'object') return value;
	if (Object.isFrozen(value)) return value;
	Object.freeze(value);
	for (const v of Object.values(value as object)) freezeOutsideProduction(v);
	return value;
}

/** Most cached reads before the cache is emptied (it holds page-sized results). */
const CACHE_LIMIT = 5_000;

interface CacheEntry {
	promise: Promise<unknown>;
	/** The write sequence when the read began. */
	since: number;
	/** What it depends on: what it declared and what the cached reads inside it declared. */
	deps: Set<string>;
	/** Still being read by a reader, who may be waiting at the gate (see cached()). */
	readerPending: boolean;
}

/**
 * The reads of one unit of work being tracked (a page's rendering, a cached read): the
 * dependency paths they declared; `raw` is what a plain query (all(), withConnection()) adds —
 * '' (everything) outside a cached read, nothing inside one (its declaration covers it).
 */
interface ReadScope {
	deps: Set<string>;
	raw: string | null;
	/** The first undeclared queries of a tracked rendering (for the debug log). */
	undeclared?: string[];
}
const reading = new AsyncLocalStorage<ReadScope>();

/** What a tracked unit of work read: its result, the write sequence it began at, its dependencies. */
export interface Tracked<T> {
	result: T;
	since: number;
	deps: Set<string>;
	/** The first queries it made outside a declared read (why it depends on everything). */
	undeclared: string[];
}

export class Database {
	/** Write sequence numbers by what they changed (see freshness.ts). */
	private readonly freshness = new Freshness();
	private readonly cache = new Map<string, CacheEntry>();
	/** CACHE_INVALIDATION=all: every write makes everything stale (as before issue 12). */
	private readonly invalidateAll = config().cacheInvalidation === 'all';
	/** Reads at most this many at once; writes pass first (gate.ts). */
	private readonly gate = new ReadGate(readPlaces(config().readPlaces));
	/** Connections in use: a clean stop waits for them before the checkpoint. */
	private active = 0;
	private closing = false;

	private constructor(
		readonly path: string,
		private readonly instance: DuckDBInstance
	) {}

	/**
	 * A read memoised until a write changes what it depends on: `deps` (built with `dep`, see
	 * freshness.ts) names the data it reads; without it, it depends on everything. Every write
	 * to the database's tables goes through transaction() (or run()), which names what it
	 * changed; withConnection() is for reads and temporary tables only. A cached read made inside
	 * another adds its dependencies to the outer one's, and to the page being rendered.
	 * The value is shared between callers: never mutate it (outside production it is frozen, so a
	 * mutation throws). A read that overlapped a write of its data is read again next time.
	 */
	cached<T>(key: string, read: () => Promise<T>, deps: readonly string[] = dep.all): Promise<T> {
		const outer = reading.getStore();
		const hit = this.cache.get(key);
		// A writer does not wait for a reader's read still queued at the gate: it reads itself
		// (writers first), and its read, begun later, replaces the reader's.
		if (hit && this.freshness.fresh(hit.deps, hit.since) && !(hit.readerPending && isWriterFirst())) {
			if (outer) hit.promise.then(() => addAll(outer.deps, hit.deps), noop);
			return hit.promise as Promise<T>;
		}
		if (hit) this.cache.delete(key);
		if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
		const entry: CacheEntry = {
			promise: null!,
			since: this.freshness.now,
			deps: new Set(deps),
			readerPending: !isWriterFirst()
		};
		const scope: ReadScope = { deps: entry.deps, raw: null };
		entry.promise = reading.run(scope, read).then(freezeOutsideProduction);
		entry.promise.then(
			() => (entry.readerPending = false),
			() => undefined
		);
		this.cache.set(key, entry);
		entry.promise.then(
			() => outer && addAll(outer.deps, entry.deps),
			() => this.cache.get(key) === entry && this.cache.delete(key)
		);
		return entry.promise as Promise<T>;
	}

	/**
	 * Runs `fn` (a page's rendering) noting what it reads: the cached reads' dependencies, and
	 * '' (everything) for any query made outside a cached read. PageCache keeps the page until a
	 * write changes one of them.
	 */
	async track<T>(fn: () => Promise<T>): Promise<Tracked<T>> {
		const since = this.freshness.now;
		const scope: ReadScope = { deps: new Set(), raw: '', undeclared: [] };
		const result = await reading.run(scope, fn);
		return { result, since, deps: scope.deps, undeclared: scope.undeclared ?? [] };
	}

	/**
	 * Runs uncached reads that depend only on `deps` (see cached()): inside a tracked rendering
	 * they then add `deps` instead of everything.
	 */
	reads<T>(deps: readonly string[], fn: () => Promise<T>): Promise<T> {
		const outer = reading.getStore();
		if (!outer) return fn();
		addAll(outer.deps, deps);
		return reading.run({ deps: outer.deps, raw: null }, fn);
	}

	/** Whether what was read at write sequence `since`, depending on `deps`, still holds. */
	fresh(deps: Iterable<string>, since: number): boolean {
		return this.freshness.fresh(deps, since);
	}

	/**
	 * DuckDB's threads for every query of the file (DUCKDB_THREADS; 0 leaves DuckDB's default, a
	 * thread per core). With one, each query runs on the libuv thread that started it and
	 * concurrent queries share the cores between them: at year-end, when many small queries run
	 * at once, a query split over the cores costs ~30 % more CPU for nothing (measured on a sheet
	 * save: 126–138 ms of CPU with two threads, 86–105 ms with one).
	 */
	async setThreads(threads: number): Promise<void> {
		if (threads <= 0) return;
		await this.withConnection((c) => c.run(`SET threads = ${Math.floor(threads)}`));
	}

	/** Empties the read cache (benchmarks time the queries themselves). */
	clearCache(): void {
		this.cache.clear();
		this.kept.clear();
	}

	/** The last results of the reads that redo only what changed (see `keep`). */
	private readonly kept = new Map<string, { since: number; value: unknown }>();

	/**
	 * Keeps `value`, read from write sequence `since` on, for a read that next time redoes only
	 * the parts written since (`changedBelow`). Never mutate `value`: it is shared.
	 */
	keep(key: string, since: number, value: unknown): void {
		const last = this.kept.get(key);
		if (!last || last.since <= since) this.kept.set(key, { since, value });
	}

	/** What `keep` kept under `key`, with the write sequence its read began at. */
	lastKept<T>(key: string): { since: number; value: T } | undefined {
		return this.kept.get(key) as { since: number; value: T } | undefined;
	}

	/** The paths just below `prefix` written since `since`; null: all of it is stale (freshness.ts). */
	changedBelow(prefix: string, since: number): string[] | null {
		return this.invalidateAll ? null : this.freshness.changedBelow(prefix, since);
	}

	/** The write sequence: changes with every write (what was read before may be stale). */
	get generation(): number {
		return this.freshness.now;
	}

	/** Records a committed write of `changes` (undefined: of everything). */
	private written(changes: readonly Change[] | undefined): void {
		const paths = !changes || this.invalidateAll ? [''] : changes.flatMap(changePaths);
		this.freshness.written(paths);
	}

	/** Opens (creating if needed) the file and applies pending migrations. */
	static async open(path: string): Promise<Database> {
		if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
		const instance = await DuckDBInstance.fromCache(path);
		const db = new Database(path, instance);
		await db.withConnection(async (c) => {
			await migrate(c);
			// Tables derived from the data that a migration has just created (or emptied).
			await refillDerived(c);
		});
		return db;
	}

	/**
	 * One connection per unit of work: DuckDB must never run two statements at once on one.
	 * For reads and temporary tables; writes go through run() or transaction() (see cached()).
	 * A read waits for its place at the gate (gate.ts) and holds it until `fn` ends: `fn` uses
	 * `conn` only, never waits for another read of the Database.
	 */
	async withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
		if (this.closing) throw new DatabaseClosingError();
		const scope = reading.getStore();
		if (scope && scope.raw !== null) scope.deps.add(scope.raw);
		return this.gate.read(async () => {
			if (this.closing) throw new DatabaseClosingError();
			this.active++;
			try {
				const conn = await this.instance.connect();
				try {
					return await fn(conn);
				} finally {
					conn.closeSync();
				}
			} finally {
				this.active--;
			}
		});
	}

	/** Reads using the database now and waiting for a place (gate.ts). */
	get readLoad(): { active: number; waiting: number } {
		return this.gate.load;
	}

	/**
	 * Runs `fn` inside BEGIN … COMMIT; any throw rolls everything back. When DuckDB refuses the
	 * write because a concurrent transaction changed the same rows (isWriteConflict), throws a
	 * WriteConflictError; with `retryOnConflict`, first waits until the writes that were running
	 * then have ended (the other writer has committed or rolled back: DuckDB allows one writing
	 * process, this one) and runs `fn` once more, from scratch, on a fresh connection. Set it
	 * only for an `fn` that has no effect outside the transaction and makes its checks (stage,
	 * sheet version) inside it: the second run then decides on what the other writer committed.
	 *
	 * `changes` names what `fn` writes (freshness.ts): only the cached reads and pages of that
	 * data become stale, and the stored totals of what it names are computed again before the
	 * COMMIT (ranking/totals.ts). Without it, the write changed everything.
	 */
	async transaction<T>(
		fn: (conn: DuckDBConnection) => Promise<T>,
		options: TransactionOptions = {}
	): Promise<T> {
		await this.aloneDone();
		const first = this.attempt(fn, options);
		try {
			return await first;
		} catch (e) {
			if (!isWriteConflict(e)) throw e;
			if (!options.retryOnConflict) throw new WriteConflictError(1, e, options.scope?.() ?? []);
		}
		// The writes running now include the one that won. The retry runs alone: once they have
		// ended (each ends on its own, none waits for another, so this cannot deadlock), and with
		// new writes waiting until it has ended, so that a long write (an import) is not beaten
		// again by the short ones (sheet saves) that keep coming at year-end.
		return this.alone(async () => {
			await Promise.allSettled([...this.inFlight].filter((w) => w !== first));
			try {
				return await this.attempt(fn, options);
			} catch (e) {
				if (!isWriteConflict(e)) throw e;
				throw new WriteConflictError(2, e, options.scope?.() ?? []);
			}
		});
	}

	/** One run of a transaction (see transaction()). */
	private attempt<T>(fn: (conn: DuckDBConnection) => Promise<T>, options: TransactionOptions): Promise<T> {
		return this.writing(
			writerFirst(() =>
				this.withConnection(async (conn) => {
					await conn.run('BEGIN TRANSACTION');
					try {
						const result = await fn(conn);
						const changes = typeof options.changes === 'function' ? options.changes() : options.changes;
						await refreshTotals(conn, totalsScope(changes));
						await conn.run('COMMIT');
						this.written(changes);
						return result;
					} catch (e) {
						// A failed COMMIT has ended the transaction already: keep its error, not ROLLBACK's.
						await conn.run('ROLLBACK').catch(() => undefined);
						throw e;
					}
				})
			)
		);
	}

	/** Retries running alone, one after another; while one waits or runs, new writes wait. */
	private aloneChain: Promise<void> = Promise.resolve();
	private aloneWaiting = 0;

	private async alone<T>(fn: () => Promise<T>): Promise<T> {
		this.aloneWaiting++;
		const before = this.aloneChain;
		let release!: () => void;
		this.aloneChain = new Promise((r) => (release = r));
		try {
			await before;
			return await fn();
		} finally {
			this.aloneWaiting--;
			release();
		}
	}

	/** Resolves when no retry waits or runs alone. */
	private async aloneDone(): Promise<void> {
		while (this.aloneWaiting > 0) await this.aloneChain;
	}

	/** Writes running now (transactions, run()): what a retry after a conflict waits for. */
	private readonly inFlight = new Set<Promise<unknown>>();

	private writing<T>(work: Promise<T>): Promise<T> {
		this.inFlight.add(work);
		const done = () => this.inFlight.delete(work);
		work.then(done, done);
		return work;
	}

	/**
	 * A bookkeeping write (expired sessions, old login attempts) in one transaction, which changes
	 * nothing a cached read or page holds, so the caches are kept.
	 */
	async maintenance<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
		await this.aloneDone();
		return this.writing(
			writerFirst(() =>
				this.withConnection(async (conn) => {
					await conn.run('BEGIN TRANSACTION');
					try {
						const result = await fn(conn);
						await conn.run('COMMIT');
						return result;
					} catch (e) {
						await conn.run('ROLLBACK').catch(() => undefined);
						throw e;
					}
				})
			)
		);
	}

	/** Reads rows as plain objects. Cast BIGINT/DECIMAL to INTEGER/DOUBLE in the SQL. */
	async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
		const scope = reading.getStore();
		if (scope?.raw === '' && scope.undeclared && scope.undeclared.length < 5)
			scope.undeclared.push(sql.replace(/\s+/g, ' ').trim().slice(0, 120));
		return this.withConnection(async (conn) => {
			const reader = await conn.runAndReadAll(sql, params);
			return reader.getRowObjectsJS() as T[];
		});
	}

	/**
	 * Reads rows as columns (name → values): for large results, far cheaper than row objects
	 * (one array per column instead of an object per row). Casts as for all().
	 */
	async columns(sql: string, params?: Params): Promise<Record<string, unknown[]>> {
		return this.withConnection(async (conn) => {
			const reader = await conn.runAndReadAll(sql, params);
			return reader.getColumnsObjectJS() as Record<string, unknown[]>;
		});
	}

	/** One statement as a write of everything (scripts, tests): transaction() without `changes`. */
	async run(sql: string, params?: Params): Promise<void> {
		await this.transaction((conn) => conn.run(sql, params));
	}

	close(): void {
		this.instance.closeSync();
	}

	/**
	 * The clean stop: refuses new work, waits (at most `waitMs`) for the connections in use,
	 * writes the write-ahead log into the file (CHECKPOINT) and closes it, so the next start
	 * opens the file without replaying a WAL.
	 */
	async checkpointAndClose(waitMs = 10_000): Promise<void> {
		if (this.closing) return;
		const deadline = Date.now() + waitMs;
		while (this.active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
		const conn = await this.instance.connect();
		this.closing = true;
		try {
			await conn.run('CHECKPOINT');
		} finally {
			conn.closeSync();
			this.instance.closeSync();
		}
	}
}

export interface TransactionOptions {
	/**
	 * What the transaction writes; omitted (or undefined): everything (see transaction()). A
	 * function is asked after `fn` has run, for a write that learns what it changes as it goes.
	 */
	changes?: readonly Change[] | (() => readonly Change[] | undefined);
	/** Run the transaction once more when it loses against a concurrent writer (see transaction()). */
	retryOnConflict?: boolean;
	/** What the transaction was writing when it lost, for the WriteConflictError (asked then). */
	scope?: () => ConflictScope[];
}

/** Data a transaction writes, by table and bloc-year (null: not of one bloc or year). */
export interface ConflictScope {
	table: string;
	year: number | null;
	blocCode: string | null;
}

/**
 * DuckDB's optimistic concurrency refusing a write: another transaction updated or deleted the
 * same row, committed the same key first, or changed the same catalog entry. Matched on
 * DuckDB's own messages (TransactionContext errors), nothing else: a constraint violated by the
 * data itself is not a conflict.
 */
const CONFLICT_MESSAGE =
	/^TransactionContext Error: (?:Conflict on (?:update|tuple deletion)!|Catalog write-write conflict on |Failed to commit: PRIMARY KEY or UNIQUE constraint violation: duplicate key |Transaction conflict: )/;

/** Whether `e` is DuckDB refusing a write because of a concurrent transaction. */
export function isWriteConflict(e: unknown): boolean {
	return e instanceof Error && CONFLICT_MESSAGE.test(e.message);
}

/**
 * A transaction that lost against a concurrent writer (after its retry, when it had one):
 * nothing of it was written. Routes answer 409 with what was being written.
 */
export class WriteConflictError extends Error {
	constructor(
		/** How many times the transaction ran. */
		readonly attempts: number,
		cause: unknown,
		/** What it was writing, when the caller said (see TransactionOptions.scope). */
		readonly scope: ConflictScope[] = []
	) {
		super(
			`Xung đột ghi: cùng lúc đó một giao dịch khác đã ghi vào cùng dữ liệu${attempts > 1 ? ` (đã thử ${attempts} lần)` : ''}; không có gì được ghi. (${(cause as Error).message})`,
			{ cause }
		);
		this.name = 'WriteConflictError';
	}
}

/** Work asked of the database after the server began to stop. */
export class DatabaseClosingError extends Error {
	constructor() {
		super('Máy chủ đang dừng: cơ sở dữ liệu đã đóng.');
		this.name = 'DatabaseClosingError';
	}
}

function addAll(into: Set<string>, from: Iterable<string>): void {
	for (const d of from) into.add(d);
}
function noop(): void {}

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
	g[KEY] ??= Database.open(databasePath())
		.then(async (db) => {
			await db.setThreads(config().duckdbThreads);
			return db;
		})
		.catch((e) => {
			delete g[KEY];
			throw e;
		});
	return g[KEY];
}
