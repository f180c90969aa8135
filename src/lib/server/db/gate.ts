import { AsyncLocalStorage } from 'node:async_hooks';
import { availableParallelism } from 'node:os';

/**
 * Writers first. At year-end a province's server has many readers (bloc pages, analytics) and a
 * few writers (leaders saving sheets, officers signing in). Every DuckDB statement runs on one
 * of libuv's threads, first come first served, and DuckDB shares the cores between the
 * statements running: with 50 readers rendering pages after a write, a save's few small
 * statements queued behind theirs and took seconds (bench/NOTES.md, "Writers first").
 *
 * The gate lets at most `limit` units of read work (a withConnection() of a read) use the
 * database at once; the others wait their turn, first come first served. Writes (transactions,
 * bookkeeping) and everything a request that writes does (its session lookup, the reads of a
 * form action: see `writerFirst`) never wait at the gate: they meet at most `limit` reads.
 * A unit of read work opened inside one that holds a place (a cached read made while reading)
 * does not take a second place, which could wait forever for itself.
 */
export class ReadGate {
	private active = 0;
	private readonly waiting: (() => void)[] = [];
	private readonly holding = new AsyncLocalStorage<true>();

	constructor(readonly limit: number) {
		if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`read places: ${limit}`);
	}

	/** Reads running through the gate now, and waiting for a place. */
	get load(): { active: number; waiting: number } {
		return { active: this.active, waiting: this.waiting.length };
	}

	/** Runs `fn` holding a place, or at once when it is a writer's work or already holds one. */
	async read<T>(fn: () => Promise<T>): Promise<T> {
		if (first.getStore() || this.holding.getStore()) return fn();
		if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
		else this.active++;
		try {
			return await this.holding.run(true, fn);
		} finally {
			const next = this.waiting.shift();
			// The place goes straight to the next in line (the count stays): nobody overtakes.
			if (next) next();
			else this.active--;
		}
	}
}

const first = new AsyncLocalStorage<true>();

/** Runs `fn` (a write, or the whole of a request that writes) without waiting at any ReadGate. */
export function writerFirst<T>(fn: () => T): T {
	return first.run(true, fn);
}

/** Whether the caller runs as a writer (see writerFirst). */
export function isWriterFirst(): boolean {
	return first.getStore() === true;
}

/** The read places of a gate: READ_PLACES when set, else the cores DuckDB computes with and one more. */
export function readPlaces(configured: number, cores: number = availableParallelism()): number {
	return configured > 0 ? configured : Math.max(2, cores + 1);
}

/**
 * Accounts that have just written (a sheet saved, a file imported): for `ms` after, their own
 * pages pass the gates too, so that the page the form loads again after a save, which shows
 * what was saved, does not wait behind every reader. Only signed-in accounts, and only their own
 * requests: a reader gains nothing from another's writes.
 */
export class RecentWriters {
	private readonly at = new Map<number, number>();

	constructor(
		private readonly ms: number,
		private readonly now: () => number = Date.now
	) {}

	wrote(userId: number): void {
		this.at.set(userId, this.now());
		if (this.at.size > 10_000) this.forgetOld();
	}

	recent(userId: number | null | undefined): boolean {
		if (userId === null || userId === undefined) return false;
		const t = this.at.get(userId);
		if (t === undefined) return false;
		if (this.now() - t <= this.ms) return true;
		this.at.delete(userId);
		return false;
	}

	private forgetOld(): void {
		const now = this.now();
		for (const [id, t] of this.at) if (now - t > this.ms) this.at.delete(id);
	}
}
