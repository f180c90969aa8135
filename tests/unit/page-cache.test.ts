import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { acceptsGzip, PageCache, pageCacheKey } from '../../src/lib/server/page-cache';

/**
 * A database stand-in where every write changes everything: a page is fresh while the
 * generation it was rendered at is the current one (Database's scoped freshness has its own tests).
 */
const fakeDb = () => {
	const db = {
		generation: 0,
		async track<T>(fn: () => Promise<T>) {
			const since = db.generation;
			return { result: await fn(), since, deps: new Set<string>(['']), undeclared: [] };
		},
		fresh: (_deps: Iterable<string>, since: number) => since === db.generation
	};
	return db;
};

/** A renderer that counts its calls and answers `body` (HTML, 200) unless told otherwise. */
function renderer(body: () => string, init: ResponseInit = {}) {
	const calls = { n: 0 };
	const render = async () => {
		calls.n++;
		return new Response(body(), {
			status: 200,
			...init,
			headers: { 'content-type': 'text/html; charset=utf-8', ...(init.headers as object) }
		});
	};
	return { calls, render };
}

describe('page cache', () => {
	it('renders once and replays the same bytes, status and headers until the next write', async () => {
		const cache = new PageCache(1024 * 1024);
		const db = fakeDb();
		let version = 1;
		const { calls, render } = renderer(() => `<p>v${version}</p>`, {
			headers: { 'x-extra': 'yes', date: 'Mon, 01 Jan 2024 00:00:00 GMT' }
		});
		const first = await cache.serve('k', db, render);
		expect(await first.text()).toBe('<p>v1</p>');
		version = 2; // data changed without a write: the cache must still answer v1
		const second = await cache.serve('k', db, render);
		expect(await second.text()).toBe('<p>v1</p>');
		expect(second.headers.get('x-extra')).toBe('yes');
		expect(second.headers.get('date')).toBeNull();
		expect(calls.n).toBe(1);
		db.generation++; // a write
		expect(await (await cache.serve('k', db, render)).text()).toBe('<p>v2</p>');
		expect(calls.n).toBe(2);
		expect([cache.hits, cache.misses]).toEqual([1, 2]);
	});

	it('keeps keys apart', async () => {
		const cache = new PageCache(1024 * 1024);
		const db = fakeDb();
		const a = await cache.serve('a', db, renderer(() => 'A').render);
		const b = await cache.serve('b', db, renderer(() => 'B').render);
		expect([await a.text(), await b.text()]).toEqual(['A', 'B']);
		expect(await (await cache.serve('a', db, renderer(() => 'X').render)).text()).toBe('A');
	});

	it('never keeps errors, redirects, responses that set cookies, or unknown content types', async () => {
		const cache = new PageCache(1024 * 1024);
		const db = fakeDb();
		const refused: ResponseInit[] = [
			{ status: 404 },
			{ status: 303, headers: { location: '/login' } },
			{ headers: { 'set-cookie': 'a=b' } },
			{ headers: { 'content-type': 'application/pdf' } }
		];
		for (const init of refused) {
			const { calls, render } = renderer(() => 'x', init);
			await cache.serve('k', db, render);
			await cache.serve('k', db, render);
			expect(calls.n, JSON.stringify(init)).toBe(2);
		}
		expect(cache.size).toBe(0);
	});

	it('does not keep a page rendered while a write happened', async () => {
		const cache = new PageCache(1024 * 1024);
		const db = fakeDb();
		const { calls, render } = renderer(() => 'during');
		const res = await cache.serve('k', db, async () => {
			const r = await render();
			db.generation++; // the write lands while the page is being rendered
			return r;
		});
		expect(await res.text()).toBe('during');
		await cache.serve('k', db, render);
		expect(calls.n).toBe(2);
	});

	it('renders concurrent misses of one page once', async () => {
		const cache = new PageCache(1024 * 1024);
		const db = fakeDb();
		let release!: () => void;
		const gate = new Promise<void>((ok) => (release = ok));
		let calls = 0;
		const render = async () => {
			calls++;
			await gate;
			return new Response('slow', { headers: { 'content-type': 'text/html' } });
		};
		const all = Promise.all(Array.from({ length: 10 }, () => cache.serve('k', db, render)));
		release();
		const bodies = await Promise.all((await all).map((r) => r.text()));
		expect(bodies).toEqual(Array(10).fill('slow'));
		expect(calls).toBe(1);
	});

	it('stays within its byte budget, least recently used out first', async () => {
		const cache = new PageCache(8 * 1024);
		const db = fakeDb();
		const page = (c: string) => renderer(() => c.repeat(1500)).render;
		await cache.serve('a', db, page('a'));
		await cache.serve('b', db, page('b'));
		await cache.serve('c', db, page('c'));
		await cache.serve('d', db, page('d')); // four pages fill the budget
		await cache.serve('a', db, page('z')); // touch a: b is now the oldest
		await cache.serve('e', db, page('e'));
		expect(cache.size).toBe(4);
		expect(cache.usedBytes).toBeLessThanOrEqual(8 * 1024);
		expect((await (await cache.serve('a', db, page('z'))).text())[0]).toBe('a');
		expect((await (await cache.serve('b', db, page('y'))).text())[0]).toBe('y');
	});

	it('sends pages over 1 KB gzip-compressed to clients that accept gzip, the same bytes once unpacked', async () => {
		const cache = new PageCache(1024 * 1024);
		const db = fakeDb();
		const html = '<tr><td>Đơn vị</td><td>9,5</td></tr>'.repeat(200);
		const { calls, render } = renderer(() => html);
		const plain = await cache.serve('k', db, render, false);
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(await plain.text()).toBe(html);
		const packed = await cache.serve('k', db, render, true);
		expect(packed.headers.get('content-encoding')).toBe('gzip');
		expect(packed.headers.get('vary')).toMatch(/accept-encoding/i);
		const bytes = new Uint8Array(await packed.arrayBuffer());
		expect(bytes.byteLength).toBeLessThan(html.length / 10);
		expect(gunzipSync(bytes).toString('utf8')).toBe(html);
		expect(calls.n).toBe(1);
		// Small bodies are sent as they are.
		const small = await cache.serve('s', db, renderer(() => 'ok').render, true);
		expect(small.headers.get('content-encoding')).toBeNull();
		expect(await small.text()).toBe('ok');
	});

	it('reads Accept-Encoding', () => {
		expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true);
		expect(acceptsGzip('br;q=1.0, GZIP;q=0.5')).toBe(true);
		expect(acceptsGzip('gzip;q=0, *')).toBe(false);
		expect(acceptsGzip('*')).toBe(true);
		expect(acceptsGzip('*;q=0')).toBe(false);
		expect(acceptsGzip('identity')).toBe(false);
		expect(acceptsGzip('')).toBe(false);
		expect(acceptsGzip(null)).toBe(false);
	});

	it('is off at zero bytes', async () => {
		const cache = new PageCache(0);
		const { calls, render } = renderer(() => 'x');
		await cache.serve('k', fakeDb(), render);
		await cache.serve('k', fakeDb(), render);
		expect(calls.n).toBe(2);
	});

	it('keys only GET requests of a signed-in account on a read-only route', () => {
		const get = new Request('http://x/blocs/K01/2025', { headers: { accept: 'text/html' } });
		const post = new Request('http://x/blocs/K01/2025', { method: 'POST' });
		expect(pageCacheKey(get, '/blocs/[bloc]/[year]', 7, 'vi')).toContain('http://x/blocs/K01/2025');
		expect(pageCacheKey(get, '/blocs/[bloc]/[year]', 7, 'vi')).not.toBe(
			pageCacheKey(get, '/blocs/[bloc]/[year]', 8, 'vi')
		);
		expect(pageCacheKey(get, '/blocs/[bloc]/[year]', 7, 'vi')).not.toBe(
			pageCacheKey(get, '/blocs/[bloc]/[year]', 7, 'en')
		);
		expect(pageCacheKey(get, '/blocs/[bloc]/[year]', undefined, 'vi')).toBeNull();
		expect(pageCacheKey(post, '/blocs/[bloc]/[year]', 7, 'vi')).toBeNull();
		expect(pageCacheKey(get, '/blocs/[bloc]/[year]/scoring', 7, 'vi')).toBeNull();
		expect(pageCacheKey(get, '/upload', 7, 'vi')).toBeNull();
		expect(pageCacheKey(get, null, 7, 'vi')).toBeNull();
		// Deadlines (issue 14): a new day in Vietnam (00:00 UTC+7 = 17:00 UTC) is a new page.
		const key = (iso: string) => pageCacheKey(get, '/blocs/[bloc]/[year]', 7, 'vi', '', Date.parse(iso));
		expect(key('2025-12-15T16:59:59.999Z')).toBe(key('2025-12-14T17:00:00Z'));
		expect(key('2025-12-15T16:59:59.999Z')).not.toBe(key('2025-12-15T17:00:00Z'));
	});
});
