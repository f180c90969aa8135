/**
 * The BUILT app over HTTP: `node build` as a child process on a free port, with a fresh DuckDB
 * file in a temporary folder (so it loads the sample data on first start). `npm test` builds
 * first; run `npm run build` before running this file alone.
 *
 * Only one process may open a DuckDB file: the ranking the page must match is computed by
 * opening the same file here only after the server has stopped (last test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/lib/server/db';
import { rankBloc } from '../../src/lib/server/ranking';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BUILD_ENTRY = join(ROOT, 'build', 'index.js');
const READY_TIMEOUT_MS = 90_000;
const REQUEST_TIMEOUT_MS = 20_000;

function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', fail);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			srv.close(() => (port ? ok(port) : fail(new Error('no free port'))));
		});
	});
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class AppServer {
	readonly output: string[] = [];
	private exited: Promise<void>;
	private hasExited = false;

	constructor(
		readonly child: ChildProcess,
		readonly base: string
	) {
		child.stdout?.on('data', (d: Buffer) => this.output.push(d.toString()));
		child.stderr?.on('data', (d: Buffer) => this.output.push(d.toString()));
		this.exited = new Promise((ok) =>
			child.once('exit', () => {
				this.hasExited = true;
				ok();
			})
		);
	}

	log(): string {
		return this.output.join('').slice(-4000);
	}

	async waitUntilReady(): Promise<void> {
		const deadline = Date.now() + READY_TIMEOUT_MS;
		while (Date.now() < deadline) {
			if (this.hasExited) throw new Error(`The built app exited before answering:\n${this.log()}`);
			try {
				const res = await fetch(this.base + '/', { signal: AbortSignal.timeout(5_000) });
				await res.arrayBuffer();
				return;
			} catch {
				await sleep(250);
			}
		}
		throw new Error(`The built app did not answer within ${READY_TIMEOUT_MS / 1000} s:\n${this.log()}`);
	}

	/** SIGTERM, then SIGKILL if it has not exited after 10 s. Safe to call twice. */
	async stop(): Promise<void> {
		if (this.hasExited) return;
		this.child.kill('SIGTERM');
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
		await this.exited;
		clearTimeout(timer);
	}
}

let dir = '';
let dbPath = '';
let server: AppServer | undefined;
const killOnExit = () => server?.child.kill('SIGKILL');

function get(path: string, init: RequestInit = {}): Promise<Response> {
	if (!server) throw new Error('server not started');
	return fetch(server.base + path, {
		redirect: 'manual',
		signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
		...init
	});
}

beforeAll(async () => {
	if (!existsSync(BUILD_ENTRY)) {
		throw new Error(
			`${BUILD_ENTRY} is missing: build the app first (\`npm run build\`; \`npm test\` does it).`
		);
	}
	dir = mkdtempSync(join(tmpdir(), 'ktd-http-'));
	dbPath = join(dir, 'http.duckdb');
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [BUILD_ENTRY], {
		cwd: ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: base,
			DATABASE_PATH: dbPath,
			SEED_SAMPLE: '1'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	server = new AppServer(child, base);
	process.once('exit', killOnExit);
	await server.waitUntilReady();
}, READY_TIMEOUT_MS + 30_000);

afterAll(async () => {
	await server?.stop();
	process.off('exit', killOnExit);
	if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

/**
 * Bloc page paths in the overview's order, e.g. `/blocs/K01/2025`. SvelteKit writes relative
 * links during server rendering (`./blocs/K01/2025`), so each is resolved against the page.
 */
const blocLinks = (html: string, pagePath: string) =>
	[...html.matchAll(/href="([^"]*blocs\/[^"/]+\/\d{4})"/g)].map(
		(m) => new URL(m[1] ?? '', `http://x${pagePath}`).pathname
	);
/** Unit codes of the ranking table's rows, top to bottom. */
const rankedUnits = (html: string) =>
	[...html.matchAll(/<tr[^>]*\sdata-unit="([^"]+)"/g)].map((m) => m[1] ?? '');

describe('the built app', () => {
	let blocPath = '';
	let pageOrder: string[] = [];

	it('serves the overview in Vietnamese with the sample data loaded', async () => {
		const res = await get('/');
		const html = await res.text();
		expect(res.status, server?.log()).toBe(200);
		expect(html).toContain('<html lang="vi"');
		expect(html).toContain('Thi đua – Khen thưởng');
		expect(html).toMatch(/Tổng quan năm \d{4}/);
		expect(html).toContain('Đơn vị dẫn đầu');
		expect(html).toContain('Trưởng khối');
		expect(html).toContain('<caption>');
		const links = blocLinks(html, '/');
		expect(links.every((l) => /^\/blocs\/[^/]+\/\d{4}$/.test(l))).toBe(true);
		expect(links.length).toBeGreaterThan(0);
		blocPath = links[0] ?? '';
	});

	it('serves a bloc page whose ranking table lists the units', async () => {
		const res = await get(blocPath);
		const html = await res.text();
		expect(res.status, server?.log()).toBe(200);
		expect(html).toContain('<html lang="vi"');
		expect(html).toContain('Bảng xếp hạng');
		expect(html).toContain('Giao ước thi đua');
		expect(html).toContain('Chú giải');
		expect(html).toContain('role="img"');
		pageOrder = rankedUnits(html);
		expect(pageOrder.length).toBeGreaterThan(0);
	});

	it('answers 404 in Vietnamese for an unknown bloc or year', async () => {
		const res = await get('/blocs/NOPE/2020');
		const html = await res.text();
		expect(res.status).toBe(404);
		expect(html).toContain('<html lang="vi"');
		expect(html).toContain('Không tìm thấy');
		expect(html).not.toMatch(/at \S+ \(.*:\d+:\d+\)/); // no stack trace
		expect((await get('/?year=1900')).status).toBe(404);
		expect((await get('/khong-co-trang-nay')).status).toBe(404);
	});

	it('switches to English through the lang cookie and back to the same page', async () => {
		const res = await get(`/lang?to=en&back=${encodeURIComponent(blocPath)}`);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(blocPath);
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lang='));
		expect(cookie).toBeDefined();
		expect(cookie).toMatch(/^lang=en;/);
		expect(cookie).toMatch(/Max-Age=31536000/);
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).toMatch(/HttpOnly/);
		expect(cookie).toMatch(/SameSite=Lax/i);

		const en = await get(blocPath, { headers: { cookie: 'lang=en' } });
		const html = await en.text();
		expect(en.status).toBe(200);
		expect(html).toContain('<html lang="en"');
		expect(html).toContain('Ranking');
		expect(rankedUnits(html)).toEqual(pageOrder);
	});

	it('redirects the language switch only to paths of this site', async () => {
		for (const back of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
			const res = await get(`/lang?to=vi&back=${encodeURIComponent(back)}`);
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toBe('/');
		}
	});

	it('ranks the units in the order rankBloc gives for the same database (after the server stops)', async () => {
		await server?.stop();
		const [, code = '', year = ''] = /^\/blocs\/([^/]+)\/(\d{4})$/.exec(blocPath) ?? [];
		const db = await Database.open(dbPath);
		try {
			const rows = await rankBloc(db, Number(year), decodeURIComponent(code));
			expect(pageOrder).toEqual(rows.map((r) => r.unitCode));
		} finally {
			db.close();
		}
	});
});
