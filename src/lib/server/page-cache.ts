/**
 * Whole-response cache for the read-only pages: a page depends only on the database, the signed-in
 * account, the language and the URL, so the same request between two writes gets the same bytes.
 * At year-end many people open the same ranking and analytics pages at once; rendering each of
 * them again costs the server's one JavaScript thread milliseconds per request.
 *
 * - Entries carry what their rendering read (Database.track: the dependencies of the cached
 *   reads it made, everything for any other query) and the write sequence it began at: a write
 *   makes stale only the pages that read what it changed (a sheet of K04 2025 saved leaves the
 *   pages of K01 and of other years; a login or a logout leaves every page), exactly like
 *   Database.cached().
 * - Keyed per account, language, method, Accept header and raw URL (data requests included), so
 *   no account ever sees another's page.
 * - Only complete 200 responses without Set-Cookie are kept; at most PAGE_CACHE_MB megabytes
 *   (default 64, 0 turns the cache off), least recently used first out.
 * - Concurrent misses of one page wait for a single rendering.
 * - Pages over 1 KB are also kept gzip-compressed, sent to clients that accept it (every browser):
 *   a heatmap page of 160 KB crosses the office network as about a tenth of that.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { vietnamDate } from '../domain/deadline';
import { PUBLIC_ROUTES } from '../domain/publication';
import { config } from './config';
import { log } from './log';

const gzipAsync = promisify(gzip);
/** Smallest body worth compressing. */
const GZIP_FROM = 1024;
/** What the cache needs of the database (Database; a stand-in in unit tests). */
export interface Generational {
	/** The write sequence now. */
	readonly generation: number;
	/** Runs a rendering, noting what it read. */
	track<T>(
		fn: () => Promise<T>
	): Promise<{ result: T; since: number; deps: Set<string>; undeclared: string[] }>;
	/** Whether what was read at `since`, depending on `deps`, still holds. */
	fresh(deps: Iterable<string>, since: number): boolean;
}

interface Entry {
	/** The write sequence when its rendering began, and what it read. */
	since: number;
	deps: Set<string>;
	status: number;
	headers: [string, string][];
	body: Uint8Array;
	/** The body gzip-compressed (bodies from GZIP_FROM bytes). */
	gzip: Uint8Array | null;
	bytes: number;
}

/** Routes whose GET response is a pure function of (data, account, language, URL). */
export const CACHEABLE_ROUTES: ReadonlySet<string> = new Set([
	'/',
	'/analytics',
	'/analytics/gaps',
	'/analytics/trends',
	'/analytics/whatif',
	'/api/analytics/cells',
	'/awards',
	'/awards/[year]/[unit]',
	'/blocs/[bloc]/[year]',
	'/blocs/[bloc]/[year]/units/[unit]',
	'/blocs/[bloc]/[year]/units/[unit]/history',
	// Issue 15 part 5: the public results, also for anonymous visitors (pageCacheKey).
	...PUBLIC_ROUTES,
	'/rules',
	'/units/[unit]'
]);

const TEXT_TYPES = /^(text\/html|application\/json|application\/vnd\.apache\.arrow)/;
/** Headers that belong to one response and are never replayed. */
const NOT_REPLAYED = new Set(['date', 'set-cookie', 'content-length']);

/** PAGE_CACHE_MB (default 64; 0 turns the cache off; see config.ts). */
export function pageCacheBytes(): number {
	return config().pageCacheMb * 1024 * 1024;
}

export class PageCache {
	private readonly entries = new Map<string, Entry>();
	private readonly pending = new Map<string, Promise<Entry | null>>();
	private bytes = 0;
	hits = 0;
	misses = 0;

	constructor(readonly maxBytes: number) {}

	get size(): number {
		return this.entries.size;
	}

	get usedBytes(): number {
		return this.bytes;
	}

	/** The cached response for `key` at the database's current generation, or `render()`'s. */
	async serve(
		key: string,
		db: Generational,
		render: () => Response | Promise<Response>,
		acceptsGzip = false
	): Promise<Response> {
		if (this.maxBytes === 0) return render();
		const generation = db.generation;
		const hit = this.entries.get(key);
		if (hit && db.fresh(hit.deps, hit.since)) {
			// Most recently used goes to the end of the map's order.
			this.entries.delete(key);
			this.entries.set(key, hit);
			this.hits++;
			return replay(hit, acceptsGzip, 'hit');
		}
		const slot = `${generation}\u0000${key}`;
		const waiting = this.pending.get(slot);
		if (waiting) {
			const entry = await waiting;
			if (entry) {
				this.hits++;
				return replay(entry, acceptsGzip, 'hit');
			}
			return render();
		}
		this.misses++;
		let settle!: (entry: Entry | null) => void;
		this.pending.set(slot, new Promise((ok) => (settle = ok)));
		let entry: Entry | null = null;
		try {
			// The body is read inside the tracking too: a streamed part reads while it is sent.
			const tracked = await db.track(async () => {
				const response = await render();
				return { response, captured: await this.capture(response) };
			});
			const { response, captured } = tracked.result;
			if (tracked.deps.has(''))
				log.debug(
					{ key: key.split('\u0000').pop(), queries: tracked.undeclared },
					'page-cache: undeclared reads'
				);
			if (!captured) return response;
			entry = { ...captured, since: tracked.since, deps: tracked.deps };
			// A write of what it read that overlapped the rendering may or may not be in it: serve it, keep nothing.
			if (db.fresh(entry.deps, entry.since)) this.store(key, entry);
			return replay(entry, acceptsGzip, 'miss');
		} finally {
			this.pending.delete(slot);
			settle(entry);
		}
	}

	clear(): void {
		this.entries.clear();
		this.bytes = 0;
	}

	private async capture(response: Response): Promise<Omit<Entry, 'since' | 'deps'> | null> {
		if (response.status !== 200 || response.headers.has('set-cookie')) return null;
		if (response.headers.has('content-encoding')) return null;
		if (!TEXT_TYPES.test(response.headers.get('content-type') ?? '')) return null;
		const body = new Uint8Array(await response.arrayBuffer());
		const headers: [string, string][] = [];
		response.headers.forEach((value, name) => {
			if (!NOT_REPLAYED.has(name)) headers.push([name, value]);
		});
		const gzip = body.byteLength >= GZIP_FROM ? new Uint8Array(await gzipAsync(body)) : null;
		const bytes = body.byteLength + (gzip?.byteLength ?? 0) + 512;
		return { status: response.status, headers, body, gzip, bytes };
	}

	private store(key: string, entry: Entry): void {
		// One page may take at most a quarter of the cache.
		if (entry.bytes > this.maxBytes / 4) return;
		const old = this.entries.get(key);
		if (old) {
			this.bytes -= old.bytes;
			this.entries.delete(key);
		}
		this.entries.set(key, entry);
		this.bytes += entry.bytes;
		for (const [k, e] of this.entries) {
			if (this.bytes <= this.maxBytes) break;
			this.entries.delete(k);
			this.bytes -= e.bytes;
		}
	}
}

/** The response of an entry; `X-Page-Cache` says whether it was rendered for this request. */
function replay(entry: Entry, acceptsGzip: boolean, state: 'hit' | 'miss'): Response {
	const headers = new Headers(entry.headers);
	headers.append('vary', 'accept-encoding');
	headers.set('x-page-cache', state);
	// Copies: the entry stays intact for the next request.
	if (entry.gzip && acceptsGzip) {
		headers.set('content-encoding', 'gzip');
		return new Response(entry.gzip.slice(), { status: entry.status, headers });
	}
	return new Response(entry.body.slice(), { status: entry.status, headers });
}

/** Whether an Accept-Encoding header accepts gzip (listed without q=0, or `*`). */
export function acceptsGzip(header: string | null): boolean {
	if (!header) return false;
	let star = false;
	for (const part of header.toLowerCase().split(',')) {
		const [coding = '', ...params] = part.split(';').map((x) => x.trim());
		const q = params.find((p) => p.startsWith('q='));
		const accepted = !q || Number(q.slice(2)) > 0;
		if (coding === 'gzip') return accepted;
		if (coding === '*') star = accepted;
	}
	return star;
}

/**
 * The cache key of a request, or null when it must not be cached: only GET requests of a signed-in
 * account on one of CACHEABLE_ROUTES, and of anonymous visitors on the public results (issue 15
 * part 5), keyed apart from every account's ('anon'), so that a page drawn for an account (its
 * name in the header) is never sent to an anonymous visitor, nor the other way round.
 */
export function pageCacheKey(
	request: Request,
	routeId: string | null,
	userId: number | undefined,
	lang: string,
	/** What else the account's rights depend on (its grants derived from memberships, users.ts). */
	rights = '',
	now: number = Date.now()
): string | null {
	if (request.method !== 'GET' || !routeId || !CACHEABLE_ROUTES.has(routeId)) return null;
	if (userId === undefined && !PUBLIC_ROUTES.has(routeId)) return null;
	// The day in Vietnam too: deadlines' days left and the end of a self-scoring (a sheet turning
	// read-only) change with the date, not with a write (issue 14, deadlines).
	return [
		userId ?? 'anon',
		lang,
		vietnamDate(now),
		request.headers.get('accept') ?? '',
		request.url,
		rights
	].join('\u0000');
}
