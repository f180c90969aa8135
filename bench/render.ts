/**
 * NODE_ENV=production npx tsx bench/render.ts — how long each main page takes to render when
 * nothing of it is cached (what the first reader after a write waits for), at province scale.
 * Not part of the tests: the figures are printed, nothing fails on a threshold.
 *
 * Method: a province database (bench/national.ts, PROVINCE) in a temporary directory, the built
 * server (build/start.js) with the page cache off (PAGE_CACHE_MB=0). Median of the rounds.
 *
 *   RENDER_MODE=write (default) one server per round; every page is rendered twice (its code
 *                               loaded and optimised, its data cached: the "cached" column), then a
 *                               write (a sign-in, which empties the whole read cache as long as
 *                               every write does), then measured: what a reader waits for after a
 *                               write on a long-running server. A figure close to the cached one is
 *                               flagged: the write may no longer empty that page's reads (then use
 *                               a write that changes its data, or RENDER_MODE=first).
 *   RENDER_MODE=first           a fresh server for every page and round, signed in, then the page:
 *                               nothing is cached whatever a write empties, but DuckDB's buffers
 *                               are cold and the route's code not loaded yet (higher figures).
 *   RENDER_ROUNDS=5             rounds (default 3)
 *   RENDER_ONLY=gaps,cells      only the pages whose name contains one of these
 *   RENDER_PORT=4741            the server's port (default 4741)
 *   RENDER_CPU_PROF=dir         run the servers with --cpu-prof, profiles written into dir
 *   RENDER_DB=path              reuse (or create once) the province database at path
 *   RENDER_BUILDS=a,b           the built servers to measure (default build/), e.g. a copy of an
 *                               older build and build/: their rounds alternate, so that both meet
 *                               the same load of the machine; one column of figures per build
 *
 * The ranking query alone (cold, in this process) is printed too: it is measured apart because
 * its SQL is being replaced by stored totals.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Database } from '../src/lib/server/db';
import { createUser } from '../src/lib/server/auth/users';
import { rankAll, rankBloc, rankYear } from '../src/lib/server/ranking';
import { PROVINCE, generate } from './national';

const ROOT = resolve(import.meta.dirname ?? '.', '..');
const ROUNDS = Number(process.env.RENDER_ROUNDS ?? 3);
const PORT = Number(process.env.RENDER_PORT ?? 4741);
const ONLY = (process.env.RENDER_ONLY ?? '')
	.split(',')
	.map((s) => s.trim())
	.filter(Boolean);
const MODE = process.env.RENDER_MODE === 'first' ? 'first' : 'write';
const CPU_PROF = process.env.RENDER_CPU_PROF ? resolve(process.env.RENDER_CPU_PROF) : null;
const BUILDS = (process.env.RENDER_BUILDS ?? 'build')
	.split(',')
	.map((s) => s.trim())
	.filter(Boolean)
	.map((dir) => ({ label: dir, dir: resolve(ROOT, dir) }));
const USER = { username: 'bench', password: 'bench-password' };

const YEAR = PROVINCE.firstYear + PROVINCE.years - 1;
const B = 'T01K01';
const U = 'T01K01U01';

interface Page {
	name: string;
	path: string;
}

const PAGES: Page[] = [
	{ name: 'overview', path: `/?year=${YEAR}` },
	{ name: 'bloc', path: `/blocs/${B}/${YEAR}` },
	{ name: 'unit sheet', path: `/blocs/${B}/${YEAR}/units/${U}` },
	{ name: 'unit history', path: `/blocs/${B}/${YEAR}/units/${U}/history` },
	{ name: 'report', path: `/blocs/${B}/${YEAR}/report` },
	{ name: 'analytics', path: '/analytics' },
	{ name: 'trends', path: `/analytics/trends?bloc=${B}` },
	{ name: 'trends (all)', path: '/analytics/trends' },
	{ name: 'gaps', path: `/analytics/gaps?bloc=${B}&year=${YEAR}` },
	{ name: 'whatif', path: `/analytics/whatif?bloc=${B}&year=${YEAR}` },
	{ name: 'cells (JSON)', path: `/api/analytics/cells?bloc=${B}&year=${YEAR}&format=json` },
	{ name: 'cells (Arrow)', path: `/api/analytics/cells?bloc=${B}&year=${YEAR}&format=arrow` },
	{ name: 'awards', path: `/awards?year=${YEAR}` },
	{ name: 'unit awards', path: `/awards/${YEAR}/${U}` },
	{ name: 'unit profile', path: `/units/${U}` },
	{ name: 'rules', path: '/rules' }
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (n: number) => n.toFixed(1).padStart(8);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(10);

async function provinceDb(path: string) {
	const db = await Database.open(path);
	const [{ n } = { n: 0 }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM score');
	if (n === 0) {
		await generate(db, PROVINCE);
		await createUser(db, {
			username: USER.username,
			displayName: 'Đo hiệu năng',
			password: USER.password,
			grants: [{ role: 'analyst' }]
		});
	}
	// The ranking query alone, nothing cached (the pages' figures include it where they rank).
	const timeIt = async (fn: () => Promise<unknown>) => {
		const xs: number[] = [];
		for (let i = 0; i < 3; i++) {
			db.clearCache();
			const t = performance.now();
			await fn();
			xs.push(performance.now() - t);
		}
		return median(xs);
	};
	const ranking = {
		bloc: await timeIt(() => rankBloc(db, YEAR, B)),
		year: await timeIt(() => rankYear(db, YEAR)),
		all: await timeIt(() => rankAll(db))
	};
	db.close();
	return ranking;
}

interface Server {
	base: string;
	cookie: string;
	stop: () => Promise<void>;
}

const sessionCookie = (res: Response) =>
	res.headers
		.getSetCookie()
		.find((c) => c.startsWith('session='))
		?.split(';')[0];

/** A sign-in: a write, which (until writes empty only what they change) empties the read cache. */
async function write(server: Server) {
	const res = await fetch(server.base + '/login', {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: server.base,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: `username=${USER.username}&password=${USER.password}&next=/`
	});
	await res.arrayBuffer();
	if (!sessionCookie(res)) throw new Error(`write (sign-in) failed: ${res.status}`);
}

async function startServer(build: string, dbPath: string): Promise<Server> {
	const base = `http://127.0.0.1:${PORT}`;
	const args = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [];
	const child = spawn(process.execPath, [...args, join(build, 'start.js')], {
		cwd: ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			PORT: String(PORT),
			HOST: '127.0.0.1',
			DATABASE_PATH: dbPath,
			SEED_SAMPLE: '0',
			PAGE_CACHE_MB: '0',
			LOG_LEVEL: 'warn'
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
	const stop = async () => {
		child.kill('SIGTERM');
		await exited;
	};
	try {
		for (let i = 0; ; i++) {
			try {
				await fetch(base + '/login');
				break;
			} catch {
				if (i > 300 || child.exitCode !== null) throw new Error('the server did not start');
				await new Promise((r) => setTimeout(r, 100));
			}
		}
		const login = await fetch(base + '/login', {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: `username=${USER.username}&password=${USER.password}&next=/`
		});
		const cookie = sessionCookie(login);
		if (!cookie) throw new Error(`login failed: ${login.status}`);
		return { base, cookie, stop };
	} catch (e) {
		await stop();
		throw e;
	}
}

async function get(server: Server, path: string): Promise<{ ms: number; bytes: number; status: number }> {
	const t = performance.now();
	const res = await fetch(server.base + path, { headers: { cookie: server.cookie } });
	const body = await res.arrayBuffer();
	return { ms: performance.now() - t, bytes: body.byteLength, status: res.status };
}

interface Figures {
	/** After a write (or the first request after start). */
	times: number[];
	/** The same page again, its reads cached (mode write). */
	cached: number[];
	bytes: number;
}

/** One round of every page on one build. */
async function round(build: string, dbPath: string, pages: Page[], figures: (page: Page) => Figures) {
	const measure = async (server: Server, page: Page) => {
		const r = await get(server, page.path);
		if (r.status !== 200) throw new Error(`${page.path}: HTTP ${r.status}`);
		const f = figures(page);
		f.times.push(r.ms);
		f.bytes = r.bytes;
	};
	if (MODE === 'first') {
		for (const page of pages) {
			const server = await startServer(build, dbPath);
			try {
				await measure(server, page);
			} finally {
				await server.stop();
			}
		}
		return;
	}
	const server = await startServer(build, dbPath);
	try {
		for (const page of pages) {
			await get(server, page.path);
			const warm = await get(server, page.path);
			figures(page).cached.push(warm.ms);
			await write(server);
			await measure(server, page);
		}
	} finally {
		await server.stop();
	}
}

async function main() {
	for (const b of BUILDS)
		if (!existsSync(join(b.dir, 'start.js')))
			throw new Error(`${b.label}/start.js is missing: npm run build first`);
	const work = mkdtempSync(join(tmpdir(), 'ktd-render-'));
	if (CPU_PROF) mkdirSync(CPU_PROF, { recursive: true });
	try {
		const dbPath = process.env.RENDER_DB ? resolve(process.env.RENDER_DB) : join(work, 'app.duckdb');
		const ranking = await provinceDb(dbPath);
		const pages = PAGES.filter((p) => ONLY.length === 0 || ONLY.some((o) => p.name.includes(o)));
		const results = new Map<string, Figures>();
		const figures = (label: string) => (page: Page) => {
			const key = `${label}\n${page.name}`;
			let f = results.get(key);
			if (!f) results.set(key, (f = { times: [], cached: [], bytes: 0 }));
			return f;
		};
		for (let i = 0; i < ROUNDS; i++)
			for (const b of BUILDS) await round(b.dir, dbPath, pages, figures(b.label));

		console.log(
			`\nUncached rendering at province scale (${PROVINCE.blocs} blocs × ${PROVINCE.units} units × ${PROVINCE.criteria} criteria × ${PROVINCE.years} years), ${MODE === 'first' ? 'first request after start' : 'first request after a write'}, median (min) of ${ROUNDS} rounds, ms:\n`
		);
		const head = BUILDS.map((b) =>
			[`${b.label} ms`.padStart(16), MODE === 'write' ? 'cached'.padStart(8) : '', 'bytes'.padStart(10)].join(
				' '
			)
		);
		console.log(`${'page'.padEnd(14)} ${head.join(' | ')}  path`);
		for (const page of pages) {
			const cols = BUILDS.map((b) => {
				const f = figures(b.label)(page);
				const cold = median(f.times);
				const cached = median(f.cached);
				const flag = MODE === 'write' && cold < cached * 1.2 + 2 ? '?' : ' ';
				return [
					`${ms(cold)} (${Math.min(...f.times).toFixed(0)})${flag}`.padStart(16),
					MODE === 'write' ? ms(cached) : '',
					kb(f.bytes)
				].join(' ');
			});
			console.log(`${page.name.padEnd(14)} ${cols.join(' | ')}  ${page.path}`);
		}
		if (MODE === 'write')
			console.log(
				'\n? = close to the cached figure: did the write (a sign-in) still empty that page’s reads?'
			);
		console.log(
			`\nranking query alone (cold, in process, median of 3): one bloc-year ${ranking.bloc.toFixed(1)} ms, every bloc of ${YEAR} ${ranking.year.toFixed(1)} ms, every bloc-year ${ranking.all.toFixed(1)} ms`
		);
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

await main();
