/**
 * NODE_ENV=production npx tsx bench/render.ts — how long each main page takes to render when
 * nothing of it is cached (what the first reader after a write waits for), at province scale.
 * Not part of the tests: the figures are printed, nothing fails on a threshold. `npm run build`
 * first.
 *
 * Method: a province database (bench/national.ts, PROVINCE) in a temporary directory, the built
 * server (its start.js, run by bench/render-server.mjs) with the page cache off
 * (PAGE_CACHE_MB=0). For every page: two renderings (its code loaded and optimised), the third
 * with its reads cached ("cached"), then the read cache emptied through the control port of
 * render-server.mjs (Database.clearCache, what any write did until writes emptied only what they
 * change) and the page measured ("uncached"), then emptied again except the ranking reads
 * ("no ranking": the page without the ranking query, measured on its own below). Median (and
 * minimum) of the rounds: the machine is shared, the minimum says what the work itself costs.
 * Beside the times, the CPU time the server's process used for the request (all its threads,
 * DuckDB's too), which a loaded machine disturbs less than the time.
 *
 *   RENDER_ROUNDS=5             rounds (default 5)
 *   RENDER_ONLY=gaps,cells      only the pages whose name contains one of these
 *   RENDER_PORT=4741            the server's port (default 4741; its control port is this + 3)
 *   RENDER_BUILDS=a,b           the built servers to measure (default build), e.g. a copy of an
 *                               older build and build: their rounds alternate, so that both meet
 *                               the same load of the machine; one group of columns per build
 *   RENDER_KEEP=ranking:        cache-key prefixes of the reads kept for "no ranking"
 *   RENDER_CPU_PROF=dir         run the servers with --cpu-prof, profiles written into dir
 *   RENDER_DB=path              reuse (or create once) the province database at path
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
const ROUNDS = Number(process.env.RENDER_ROUNDS ?? 5);
const PORT = Number(process.env.RENDER_PORT ?? 4741);
const CONTROL = PORT + 3;
const ONLY = (process.env.RENDER_ONLY ?? '')
	.split(',')
	.map((s) => s.trim())
	.filter(Boolean);
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
const cell = (xs: number[]) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)})`.padStart(11);
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`.padStart(8);

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
	/** Empties the read cache; `all` also forgets the kept (ranking) reads. */
	clear: (all: boolean) => Promise<void>;
	/** CPU time used by the server's process so far, ms. */
	cpu: () => Promise<number>;
	stop: () => Promise<void>;
}

async function startServer(build: string, dbPath: string): Promise<Server> {
	const base = `http://127.0.0.1:${PORT}`;
	const args = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [];
	const child = spawn(process.execPath, [...args, join(ROOT, 'bench', 'render-server.mjs')], {
		cwd: ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			PORT: String(PORT),
			HOST: '127.0.0.1',
			DATABASE_PATH: dbPath,
			SEED_SAMPLE: '0',
			PAGE_CACHE_MB: '0',
			LOG_LEVEL: 'warn',
			RENDER_START: join(build, 'start.js'),
			RENDER_CONTROL_PORT: String(CONTROL)
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
		const cookie = login.headers
			.getSetCookie()
			.find((c) => c.startsWith('session='))
			?.split(';')[0];
		if (!cookie) throw new Error(`login failed: ${login.status}`);
		const clear = async (all: boolean) => {
			const res = await fetch(`http://127.0.0.1:${CONTROL}/${all ? 'clear-all' : 'clear'}`, {
				method: 'POST'
			});
			if (res.status !== 200) throw new Error(`clearing the cache: ${res.status} ${await res.text()}`);
		};
		const cpu = async () => Number(await (await fetch(`http://127.0.0.1:${CONTROL}/cpu`)).text()) / 1000;
		return { base, cookie, clear, cpu, stop };
	} catch (e) {
		await stop();
		throw e;
	}
}

async function get(server: Server, path: string): Promise<{ ms: number; cpu: number; bytes: number }> {
	const cpu = await server.cpu();
	const t = performance.now();
	const res = await fetch(server.base + path, { headers: { cookie: server.cookie } });
	const body = await res.arrayBuffer();
	const ms = performance.now() - t;
	if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
	return { ms, cpu: (await server.cpu()) - cpu, bytes: body.byteLength };
}

interface Figures {
	uncached: number[];
	uncachedCpu: number[];
	noRanking: number[];
	noRankingCpu: number[];
	cached: number[];
	bytes: number;
}

/** One round of every page on one build: one server, the cache emptied between measurements. */
async function round(build: string, dbPath: string, pages: Page[], figures: (page: Page) => Figures) {
	const server = await startServer(build, dbPath);
	try {
		for (const page of pages) {
			const f = figures(page);
			await get(server, page.path);
			await get(server, page.path);
			f.cached.push((await get(server, page.path)).ms);
			await server.clear(true);
			const cold = await get(server, page.path);
			f.uncached.push(cold.ms);
			f.uncachedCpu.push(cold.cpu);
			f.bytes = cold.bytes;
			await server.clear(false);
			const kept = await get(server, page.path);
			f.noRanking.push(kept.ms);
			f.noRankingCpu.push(kept.cpu);
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
			if (!f)
				results.set(
					key,
					(f = { uncached: [], uncachedCpu: [], noRanking: [], noRankingCpu: [], cached: [], bytes: 0 })
				);
			return f;
		};
		for (let i = 0; i < ROUNDS; i++)
			for (const b of BUILDS) await round(b.dir, dbPath, pages, figures(b.label));

		console.log(
			`\nRendering at province scale (${PROVINCE.blocs} blocs × ${PROVINCE.units} units × ${PROVINCE.criteria} criteria × ${PROVINCE.years} years), ms, median (minimum) of ${ROUNDS} rounds:\n`
		);
		const columns = ['uncached', 'cpu', 'no ranking', 'cpu', 'cached', 'HTML/data'];
		const widths = [11, 5, 11, 5, 11, 9];
		console.log(
			`${''.padEnd(14)} ${BUILDS.map((b) => b.label.padEnd(widths.reduce((a, w) => a + w + 1, -1))).join(' | ')}\n${'page'.padEnd(14)} ${BUILDS.map(
				() => columns.map((c, i) => c.padStart(widths[i]!)).join(' ')
			).join(' | ')}  path`
		);
		for (const page of pages) {
			const cols = BUILDS.map((b) => {
				const f = figures(b.label)(page);
				const cpu = (xs: number[]) => median(xs).toFixed(0).padStart(5);
				return [
					cell(f.uncached),
					cpu(f.uncachedCpu),
					cell(f.noRanking),
					cpu(f.noRankingCpu),
					cell(f.cached),
					kb(f.bytes)
				].join(' ');
			});
			console.log(`${page.name.padEnd(14)} ${cols.join(' | ')}  ${page.path}`);
		}
		console.log(
			`\nThe ranking query alone (in this process, nothing cached, median of 3): one bloc-year ${ranking.bloc.toFixed(0)} ms, every bloc of ${YEAR} ${ranking.year.toFixed(0)} ms, every bloc-year ${ranking.all.toFixed(0)} ms.`
		);
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

await main();
