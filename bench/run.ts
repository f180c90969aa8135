/**
 * npm run bench — the speed and memory figures, measured on this machine, written to
 * bench/RESULTS.md (and bench/out/results.json). Not part of the tests: nothing here is timed
 * against a threshold that fails; the targets are reported beside the figures.
 *
 *   BENCH_SCALE=small npm run bench   a quick run at a tenth of the national scale (mixed load 5 s)
 *   BENCH_ONLY=mixed                  only the mixed load (bench/mixed.ts); bench/out/results.json
 *   BENCH_ONLY=import                 only the import against DuckDB's own load (section 3), on the
 *                                     national scale's first years only; bench/out/results.json
 *   BENCH_MIXED_SECONDS=20            length of the mixed load
 *   BENCH_MIXED_CLIENTS=50,10,5       its readers, writers, accounts logging in (to see each part)
 *   BENCH_PORT=4731                   the servers' port (else a random one)
 *   BENCH_SERVER_PROFILE=dir          each server writes a V8 CPU profile into dir when it stops
 */
import autocannon from 'autocannon';
import { cpus, totalmem, tmpdir } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { config } from '../src/lib/server/config';
import { Database } from '../src/lib/server/db';
import { importFiles } from '../src/lib/server/import';
import { rankAll, rankYear } from '../src/lib/server/ranking';
import { FRESH_RANKING_SQL } from '../src/lib/server/ranking/queries';
import { createUser } from '../src/lib/server/auth/users';
import { fmt, mb, seconds, type Figure } from './format';
import { copyDatabase, mixedFigures, mixedLoad, prepareMixed } from './mixed';
import { NATIONAL, PROVINCE, generate, scoreRows, type Scale } from './national';
import { benchPort, login, OUT, peakRss, resetPeak, ROOT, startServer } from './server';

mkdirSync(OUT, { recursive: true });
const small = process.env.BENCH_SCALE === 'small';
const national: Scale = small ? { ...NATIONAL, provinces: 4 } : NATIONAL;
const only = process.env.BENCH_ONLY || null;
if (only !== null && only !== 'mixed' && only !== 'import')
	throw new Error(`BENCH_ONLY=${only}: only "mixed" and "import" are known`);
const mixedSeconds = Number(process.env.BENCH_MIXED_SECONDS) || (small ? 5 : 20);
const mixedClients = (() => {
	const raw = process.env.BENCH_MIXED_CLIENTS;
	if (!raw) return undefined;
	const [readers, writers, logins] = raw.split(',').map(Number);
	if (![readers, writers, logins].every((n) => Number.isInteger(n) && n! >= 0))
		throw new Error(`BENCH_MIXED_CLIENTS=${raw}: three counts, e.g. 50,10,5`);
	return { readers: readers!, writers: writers!, logins: logins! };
})();

const figures: Figure[] = [];
const record = (f: Figure) => {
	figures.push(f);
	const mark = f.met === undefined ? '' : f.met ? ' ✔' : ' ✘';
	console.log(
		`${f.name}: ${f.value}${f.target ? ` (mục tiêu ${f.target})${mark}` : ''}${f.note ? ` — ${f.note}` : ''}`
	);
};

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
	const t = performance.now();
	const result = await fn();
	return { ms: performance.now() - t, result };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
	const started = Date.now();
	const work = mkdtempSync(join(tmpdir(), 'ktd-bench-'));
	try {
		if (!only) await nationalFigures(work);
		if (only === 'import') {
			await importOnly(work);
			writeResults(Date.now() - started);
			return;
		}

		// 4. Server at province scale: latency, memory, JavaScript shipped ------------------
		const provinceDir = join(work, 'province');
		mkdirSync(provinceDir);
		const provinceDb = await Database.open(join(provinceDir, 'app.duckdb'));
		await generate(provinceDb, PROVINCE);
		await createUser(provinceDb, {
			username: 'bench',
			displayName: 'Đo hiệu năng',
			password: 'bench-password',
			grants: [{ role: 'analyst' }]
		});
		provinceDb.close();
		// The mixed load's database: a copy taken before any server writes to this one, with its
		// own accounts and 10 blocs in review.
		const mixedSource = copyDatabase(join(provinceDir, 'app.duckdb'), join(work, 'mixed-source'));
		const mixedDb = await Database.open(mixedSource);
		const plan = await prepareMixed(mixedDb, PROVINCE);
		mixedDb.close();
		if (!only) await serverFigures(join(provinceDir, 'app.duckdb'));

		// 5. Mixed load: readers, writers and logins at once, per cache invalidation setting ----
		const runs = await mixedLoad({
			source: mixedSource,
			dir: join(work, 'mixed'),
			plan,
			seconds: mixedSeconds,
			port: benchPort(),
			clients: mixedClients
		});
		for (const f of mixedFigures(runs)) record(f);
		writeFileSync(join(OUT, 'mixed.json'), JSON.stringify(runs, null, '\t'));

		writeResults(Date.now() - started);
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

/** Sections 1–3, without a server: generation, ranking and import at national scale. */
async function nationalFigures(work: string) {
	// 1. National-scale database -------------------------------------------------------
	const nationalDb = await Database.open(join(work, 'national.duckdb'));
	resetPeak();
	const gen = await time(() => generate(nationalDb, national));
	// Ranked and imported with the server's DuckDB threads (DUCKDB_THREADS), as `npm start` runs.
	await nationalDb.setThreads(config().duckdbThreads);
	const n = (await nationalDb.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM score'))[0]?.n ?? 0;
	record({
		name: `Sinh dữ liệu toàn quốc (${national.provinces} tỉnh × ${national.blocs} khối × ${national.units} đơn vị × ${national.criteria} tiêu chí × ${national.years} năm)`,
		value: `${fmt(n)} dòng điểm trong ${seconds(gen.ms)}`,
		note: `đỉnh bộ nhớ ${mb(peakRss())}`
	});
	if (n !== scoreRows(national)) throw new Error(`expected ${scoreRows(national)} score rows, got ${n}`);

	// 2. Ranking --------------------------------------------------------------------------
	const lastYear = national.firstYear + national.years - 1;
	await rankYear(nationalDb, lastYear); // warm
	resetPeak();
	const oneYear: number[] = [];
	for (let i = 0; i < 3; i++) {
		nationalDb.clearCache(); // time the query, not the read cache
		oneYear.push((await time(() => rankYear(nationalDb, lastYear))).ms);
	}
	record({
		name: `Xếp hạng mọi khối một năm (${fmt(national.provinces * national.blocs)} khối, ${fmt(n / national.years)} dòng điểm)`,
		value: seconds(median(oneYear)),
		target: '< 1 s',
		met: median(oneYear) < 1000,
		note: `trung vị 3 lần; đỉnh bộ nhớ ${mb(peakRss())}`
	});
	resetPeak();
	const allYears: number[] = [];
	const freshYears: number[] = [];
	let ranked = 0;
	for (let i = 0; i < 3; i++) {
		nationalDb.clearCache();
		const stored = await time(() => rankAll(nationalDb));
		ranked = stored.result.length;
		allYears.push(stored.ms);
		// The same rows computed from every score cell (what the stored totals replace), same run.
		freshYears.push((await time(() => nationalDb.columns(FRESH_RANKING_SQL, [null, null, null]))).ms);
	}
	record({
		name: `Xếp hạng mọi khối mọi năm từ tổng điểm lưu sẵn (${fmt(ranked)} dòng xếp hạng)`,
		value: `${seconds(median(allYears))}; tính lại từ mọi ô điểm (chỉ SQL) ${seconds(median(freshYears))}, tỉ lệ ${fmt(median(freshYears) / median(allYears), 1)}×`,
		target: '< 0,5 s',
		met: median(allYears) < 500,
		note: `trung vị 3 lần; đỉnh bộ nhớ ${mb(peakRss())}`
	});

	await importFigures(work, nationalDb, n / national.years);
}

/** Rows of the import's file (section 3). */
const IMPORT_ROWS = small ? 200_000 : 1_000_000;

/** Section 3 alone, from the national scale's first years (as many as the file takes). */
async function importOnly(work: string) {
	const perYear = scoreRows(national) / national.years;
	const scale = { ...national, years: Math.ceil(IMPORT_ROWS / perYear) };
	const db = await Database.open(join(work, 'national.duckdb'));
	await generate(db, scale);
	await importFigures(work, db, perYear);
}

/**
 * 3. Import throughput: a million score rows of `nationalDb` (closed here) through the
 * product's validated import, and through DuckDB's own read_csv + INSERT, in the same run.
 */
async function importFigures(work: string, nationalDb: Database, perYear: number) {
	const ROWS = IMPORT_ROWS;
	const csv = join(work, 'scores.csv');
	const ref = join(work, 'ref');
	mkdirSync(ref);
	const yearsNeeded = Math.ceil(ROWS / perYear);
	const lastNeeded = national.firstYear + yearsNeeded - 1;
	await nationalDb.run(
		`COPY (SELECT year, bloc_code, unit_code, criterion_code, self_score, reviewed_score, note FROM score
		       WHERE year <= ${lastNeeded} ORDER BY year, bloc_code, unit_code, criterion_code LIMIT ${ROWS})
		 TO '${csv}' (HEADER, DELIMITER ',')`
	);
	for (const t of ['unit', 'bloc', 'bloc_membership', 'pledge', 'criterion'])
		await nationalDb.run(`COPY (SELECT * FROM ${t}) TO '${join(ref, t)}.parquet' (FORMAT parquet)`);
	nationalDb.close();

	async function freshWithReferences(name: string): Promise<Database> {
		const db = await Database.open(join(work, name));
		await db.setThreads(config().duckdbThreads);
		await db.transaction(async (c) => {
			for (const t of ['unit', 'bloc', 'bloc_membership', 'pledge', 'criterion'])
				await c.run(`INSERT INTO ${t} SELECT * FROM read_parquet('${join(ref, t)}.parquet')`);
			// Open for review, so the import's lock on finalised bloc-years does not refuse it.
			await c.run(`UPDATE pledge SET stage = 'review'`);
		});
		return db;
	}
	const size = statSync(csv).size;
	const ownDb = await freshWithReferences('own.duckdb');
	resetPeak();
	const own = await time(() =>
		importFiles(ownDb, [{ name: 'scores.csv', content: readFileSync(csv) }], { source: 'bench' })
	);
	const ownPeak = peakRss();
	if (!own.result.committed)
		throw new Error(`import refused: ${JSON.stringify(own.result.issues.slice(0, 3))}`);
	ownDb.close();
	const duckDb = await freshWithReferences('duck.duckdb');
	resetPeak();
	// DuckDB's own load alone: a plain statement, not db.run() (a write of everything, which would
	// also compute every stored total again).
	const duck = await time(() =>
		duckDb.withConnection((c) =>
			c.run(
				`INSERT INTO score (year, bloc_code, unit_code, criterion_code, self_score, reviewed_score, note)
				 SELECT * FROM read_csv('${csv}', header = true)`
			)
		)
	);
	duckDb.close();
	const ratio = own.ms / duck.ms;
	record({
		name: `Nhập ${fmt(ROWS)} dòng điểm (${mb(size)} CSV) qua bước nhập có kiểm tra của sản phẩm`,
		value: `${seconds(own.ms)} (${fmt(ROWS / (own.ms / 1000))} dòng/s)`,
		note: `đỉnh bộ nhớ ${mb(ownPeak)}`
	});
	record({
		name: `Cùng tệp bằng read_csv + INSERT của DuckDB`,
		value: `${seconds(duck.ms)}; tỉ lệ ${fmt(ratio, 1)}×`,
		target: '≤ 2×',
		met: ratio <= 2
	});
}

async function serverFigures(dbPath: string) {
	const server = await startServer({ dbPath, port: benchPort(), log: 'server.log' });
	const base = server.base;
	try {
		const cookie = await login(base, 'bench', 'bench-password');
		const year = PROVINCE.firstYear + PROVINCE.years - 1;
		const targets: { name: string; path: string }[] = [
			{ name: 'trang khối (bảng xếp hạng)', path: `/blocs/T01K01/${year}` },
			{ name: 'trang tổng quan năm', path: `/?year=${year}` },
			...analyticsTargets(year)
		];
		// As a browser asks: compressed if possible.
		const headers = { cookie, 'accept-encoding': 'gzip, deflate, br' };
		for (const t of targets) {
			resetPeak(server.pid);
			// The first request renders the page (nothing of it is cached yet); the load test then
			// measures what 50 readers of the same page get until the next write.
			const coldStart = performance.now();
			const cold = await fetch(base + t.path, { headers });
			await cold.arrayBuffer();
			const coldMs = performance.now() - coldStart;
			const times: number[] = [];
			let errors = cold.status === 200 ? 0 : 1;
			const result = await new Promise<autocannon.Result>((ok, fail) => {
				const inst = autocannon({ url: base + t.path, connections: 50, duration: 10, headers }, (err, res) =>
					err ? fail(err) : ok(res)
				);
				inst.on('response', (_client, status, _bytes, responseTime) => {
					if (status !== 200) errors++;
					times.push(responseTime);
				});
			});
			times.sort((a, b) => a - b);
			const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
			record({
				name: `Độ trễ ${t.name} (${t.path}), 50 kết nối đồng thời, 10 s, quy mô một tỉnh`,
				value: `p50 ${fmt(p(0.5), 1)} ms, p95 ${fmt(p(0.95), 1)} ms (${fmt(result.requests.total)} yêu cầu, ${errors} lỗi)`,
				target: 'p95 < 50 ms',
				met: p(0.95) < 50 && errors === 0,
				note: `lần đầu (dựng trang, chưa có trong bộ nhớ đệm) ${fmt(coldMs, 0)} ms; đỉnh bộ nhớ máy chủ ${mb(peakRss(server.pid))}`
			});
		}
		await javascriptShipped(base, cookie, `/blocs/T01K01/${year}`);
		await payloadSizes(base, cookie);
	} finally {
		// A clean stop, as systemd does it: the server checkpoints and closes its database.
		await server.stop();
	}
}

/** Arrow against JSON for the largest analytics table: every criterion cell of the province. */
async function payloadSizes(base: string, cookie: string) {
	const size = async (format: string) => {
		const res = await fetch(`${base}/api/analytics/cells?bloc=all&format=${format}`, { headers: { cookie } });
		if (res.status !== 200) return null;
		const body = Buffer.from(await res.arrayBuffer());
		return { raw: body.length, gzip: gzipSync(body).length, type: res.headers.get('content-type') ?? '' };
	};
	const [arrow, json] = await Promise.all([size('arrow'), size('json')]);
	if (!arrow || !json) return;
	record({
		name: 'Bảng phân tích lớn nhất (mọi ô tiêu chí của tỉnh, mọi năm): Arrow IPC so với JSON theo cột',
		value: `Arrow ${fmt(arrow.raw / 1024, 0)} KB (gzip ${fmt(arrow.gzip / 1024, 0)} KB), JSON ${fmt(json.raw / 1024, 0)} KB (gzip ${fmt(json.gzip / 1024, 0)} KB)`,
		note: 'Arrow giữ kiểu cột rõ ràng và mảng có kiểu, đưa thẳng vào ECharts'
	});
}

/** Analytics endpoints to load-test, when the analytics feature provides them. */
function analyticsTargets(year: number): { name: string; path: string }[] {
	const file = join(ROOT, 'bench', 'analytics-targets.json');
	if (!existsSync(file)) return [];
	const list = JSON.parse(readFileSync(file, 'utf8')) as { name: string; path: string }[];
	return list.map((t) => ({ name: t.name, path: t.path.replaceAll('{year}', String(year)) }));
}

async function javascriptShipped(base: string, cookie: string, path: string) {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run'
		]
	});
	try {
		const context = await browser.newContext();
		const [name, value] = cookie.split('=');
		await context.addCookies([{ name: name!, value: value!, url: base }]);
		const page = await context.newPage();
		const scripts = new Map<string, number>();
		page.on('response', async (res) => {
			if (res.request().resourceType() === 'script' || res.url().endsWith('.js')) {
				try {
					scripts.set(res.url(), gzipSync(await res.body()).length);
				} catch {
					/* redirects have no body */
				}
			}
		});
		await page.goto(base + path, { waitUntil: 'networkidle' });
		await page.waitForTimeout(500);
		const total = [...scripts.values()].reduce((a, b) => a + b, 0);
		record({
			name: `JavaScript tải cho trang khối khi mở (gzip, ${scripts.size} tệp; ECharts chỉ tải khi biểu đồ hiện ra)`,
			value: `${fmt(total / 1024, 0)} KB`,
			target: '≤ 200 KB',
			met: total <= 200 * 1024
		});
	} finally {
		await browser.close();
	}
}

function writeResults(totalMs: number) {
	const cpu = cpus()[0]?.model ?? 'unknown';
	const lines = [
		'# Benchmarks',
		'',
		`Measured by \`npm run bench\`${small ? ' (BENCH_SCALE=small)' : ''} on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpu}, ${mb(totalmem())} RAM, Node ${process.version}, NODE_ENV=${process.env.NODE_ENV ?? ''}, DUCKDB_THREADS=${config().duckdbThreads} (as \`npm start\`). Whole run: ${seconds(totalMs)}.`,
		'',
		'| phép đo / measure | kết quả / figure | mục tiêu / target | |',
		'|---|---|---|---|',
		...figures.map(
			(f) =>
				`| ${f.name} | ${f.value}${f.note ? `; ${f.note}` : ''} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'đạt' : '**chưa đạt**'} |`
		),
		''
	];
	const notes = join(ROOT, 'bench', 'NOTES.md');
	if (existsSync(notes)) lines.push(readFileSync(notes, 'utf8'));
	// A quick or partial run leaves RESULTS.md as it was.
	const complete = !small && !only;
	if (complete) writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), lines.join('\n'));
	writeFileSync(join(OUT, 'results.json'), JSON.stringify({ small, only, figures, totalMs }, null, '\t'));
	console.log(`\n${complete ? 'bench/RESULTS.md' : 'bench/out/results.json'} (${seconds(totalMs)})`);
}

await main();
