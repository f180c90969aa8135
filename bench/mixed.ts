/**
 * Mixed load at province scale (issue 12): for `seconds` (20 by default), at the same time,
 *
 * - 50 readers (a kept-alive connection each, one request after the other) signed in as an
 *   analyst, each request to a URL drawn from a fixed mix: bloc pages of every bloc (the blocs
 *   being written included), the overview, the analytics pages, the award balance, unit profiles
 *   and the cells API; gzip accepted, as a browser;
 * - 10 writers, leaders of 10 different blocs in review, each saving once a second one of 4
 *   members' scoring sheets through the sheet page's form action exactly as the browser's
 *   enhanced form posts it (every field of the page, the version it showed, Origin), then loading
 *   the page again as the form does; the save rate does not wait for that reload;
 * - 5 accounts signing in and out, each once a second (a login is ~25 ms of Argon2id on one core,
 *   at most half the cores at once in the server; reported as achieved).
 *
 * The same load runs against one server per setting of CACHE_INVALIDATION, each on its own copy
 * of the same database, one after the other.
 */
import { Agent, request } from 'node:http';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../src/lib/server/db';
import { hashPassword } from '../src/lib/server/auth/password';
import { insertUser } from '../src/lib/server/auth/users';
import type { Scale } from './national';
import { Rng } from '../scripts/sample/random';
import { fmt, mb, type Figure } from './format';
import { login, peakRss, resetPeak, startServer } from './server';

const PASSWORD = 'bench-password';
const READER = 'bench-reader';
const WRITERS = 10;
const LOGINS = 5;
const READERS = 50;

export interface MixedPlan {
	year: number;
	/** The writers' blocs (stage review in `year`), one per writer. */
	writerBlocs: string[];
	units: number;
	blocs: number;
	criteria: number;
}

const blocCode = (b: number) => `T01K${String(b).padStart(2, '0')}`;
const unitCode = (bloc: string, u: number) => `${bloc}U${String(u).padStart(2, '0')}`;
const leaderName = (i: number) => `bench-leader-${String(i + 1).padStart(2, '0')}`;
const loginName = (i: number) => `bench-login-${i + 1}`;

/**
 * Accounts and stages for the load, in a province database from `generate()`: an analyst for the
 * readers, a leader of each writer's bloc (the bloc-year moved to review, where a leader writes the
 * bloc's scores) and 5 viewers for the login loops. One password hash for all (same password).
 */
export async function prepareMixed(db: Database, scale: Scale): Promise<MixedPlan> {
	const year = scale.firstYear + scale.years - 1;
	// Every third bloc from the third: 10 blocs of 30, T01K01 (the single-page figures') kept final.
	const step = Math.max(1, Math.floor(scale.blocs / WRITERS));
	const writerBlocs = Array.from({ length: WRITERS }, (_, i) =>
		blocCode((((i + 1) * step - 1) % scale.blocs) + 1)
	);
	if (new Set(writerBlocs).size !== WRITERS)
		throw new Error(`need ${WRITERS} blocs, the scale has ${scale.blocs}`);
	const hash = await hashPassword(PASSWORD);
	await db.transaction(async (conn) => {
		await conn.run(
			`UPDATE pledge SET stage = 'review' WHERE year = $1 AND bloc_code IN (${writerBlocs.map((b) => `'${b}'`).join(', ')})`,
			[year]
		);
		await insertUser(
			conn,
			{ username: READER, displayName: 'Đo tải: người đọc', grants: [{ role: 'analyst' }] },
			hash
		);
		for (const [i, bloc] of writerBlocs.entries())
			await insertUser(
				conn,
				{
					username: leaderName(i),
					displayName: `Đo tải: trưởng khối ${bloc}`,
					grants: [{ role: 'bloc_leader', blocCode: bloc, year }]
				},
				hash
			);
		for (let i = 0; i < LOGINS; i++)
			await insertUser(
				conn,
				{ username: loginName(i), displayName: 'Đo tải: đăng nhập', grants: [{ role: 'viewer' }] },
				hash
			);
	});
	return { year, writerBlocs, units: scale.units, blocs: scale.blocs, criteria: scale.criteria };
}

/** A copy of a closed database file (and its WAL, if any) under `dir`. */
export function copyDatabase(from: string, dir: string): string {
	mkdirSync(dir, { recursive: true });
	const to = join(dir, 'app.duckdb');
	copyFileSync(from, to);
	if (existsSync(from + '.wal')) copyFileSync(from + '.wal', to + '.wal');
	return to;
}

// ---------------------------------------------------------------------------------------------
// The readers' URLs

interface Target {
	kind: string;
	path: string;
}

/** The readers' mix: kind, weight (share of requests) and the URLs drawn from uniformly. */
function readerMix(plan: MixedPlan): { kind: string; weight: number; paths: string[] }[] {
	const { year } = plan;
	const blocs = Array.from({ length: plan.blocs }, (_, i) => blocCode(i + 1));
	// Two unit profiles a bloc: the first member and the one in the middle.
	const units = blocs.flatMap((b) => [unitCode(b, 1), unitCode(b, Math.ceil(plan.units / 2) + 1)]);
	return [
		{ kind: 'trang khối', weight: 30, paths: blocs.map((b) => `/blocs/${b}/${year}`) },
		{ kind: 'trang khối năm trước', weight: 5, paths: blocs.map((b) => `/blocs/${b}/${year - 1}`) },
		{ kind: 'tổng quan', weight: 10, paths: [`/?year=${year}`] },
		{ kind: 'so sánh các năm', weight: 10, paths: blocs.map((b) => `/analytics/trends?bloc=${b}`) },
		{
			kind: 'bản đồ khoảng cách',
			weight: 10,
			paths: blocs.map((b) => `/analytics/gaps?bloc=${b}&year=${year}`)
		},
		{ kind: 'khen thưởng', weight: 5, paths: [`/awards?year=${year}`] },
		{ kind: 'hồ sơ đơn vị', weight: 10, paths: units.map((u) => `/units/${u}`) },
		{
			kind: 'API ô tiêu chí',
			weight: 20,
			paths: blocs.map((b) => `/api/analytics/cells?bloc=${b}&year=${year}`)
		}
	];
}

function drawer(plan: MixedPlan): () => Target {
	const mix = readerMix(plan);
	const total = mix.reduce((s, m) => s + m.weight, 0);
	// Seeded (the sample data's generator): the same mix of URLs in every run.
	const rng = new Rng(12);
	const next = () => rng.next();
	return () => {
		let r = next() * total;
		const m = mix.find((x) => (r -= x.weight) < 0) ?? mix[mix.length - 1]!;
		return { kind: m.kind, path: m.paths[Math.floor(next() * m.paths.length)]! };
	};
}

// ---------------------------------------------------------------------------------------------
// Measuring

export interface Latencies {
	count: number;
	p50: number;
	p95: number;
	p99: number;
}

export function latencies(ms: number[]): Latencies {
	const xs = [...ms].sort((a, b) => a - b);
	const p = (q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
	return { count: xs.length, p50: p(0.5), p95: p(0.95), p99: p(0.99) };
}

/** How many of each: readers, writers (at most the plan's), accounts logging in and out. */
export interface Clients {
	readers: number;
	writers: number;
	logins: number;
}

export interface MixedResult {
	label: string;
	seconds: number;
	clients: Clients;
	readers: Latencies;
	readersByKind: Record<string, Latencies>;
	/** The save POSTs (the form action) of the writers. */
	saves: Latencies;
	/** The writers' pages loaded again after each save, as the enhanced form does. */
	sheetReloads: Latencies;
	logins: Latencies;
	logouts: Latencies;
	/** Successful logins per second over the run. */
	loginsPerSecond: number;
	savesPerSecond: number;
	errors: Record<string, number>;
	peakRss: number;
	/** Cores the server used on average over the run (CPU time ÷ wall time), and the bench itself. */
	serverCores: number;
	benchCores: number;
	/** The machine's 1-minute load average when the run started (other work on the machine). */
	loadBefore: number;
}

class Errors {
	readonly counts: Record<string, number> = {};
	add(kind: string, n = 1) {
		if (n > 0) this.counts[kind] = (this.counts[kind] ?? 0) + n;
	}
}

/** User + system CPU seconds of a process so far (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

const sleepUntil = (t: number) => new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));

const decode = (s: string) =>
	s
		.replaceAll('&quot;', '"')
		.replaceAll('&#39;', "'")
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>')
		.replaceAll('&amp;', '&');

/**
 * The fields the sheet page's review form submits: `version` and every `value.*` / `note.*`
 * input with what it shows (the page renders them as plain inputs).
 */
export function reviewForm(html: string): [string, string][] | null {
	const start = html.indexOf('action="?/review"');
	if (start < 0) return null;
	const end = html.indexOf('</form>', start);
	const form = html.slice(start, end < 0 ? undefined : end);
	const fields: [string, string][] = [];
	for (const m of form.matchAll(/<input\b[^>]*>/g)) {
		const tag = m[0];
		const name = /\bname="([^"]*)"/.exec(tag)?.[1];
		if (!name || !/^(version|value\.|note\.)/.test(name)) continue;
		fields.push([decode(name), decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '')]);
	}
	for (const m of form.matchAll(/<textarea\b[^>]*\bname="([^"]*)"[^>]*>([^<]*)<\/textarea>/g))
		if (/^note\./.test(m[1]!)) fields.push([decode(m[1]!), decode(m[2]!)]);
	return fields.some(([n]) => n === 'version') ? fields : null;
}

/** Two values a content criterion accepts, typed as a Vietnamese user types them. */
const ALTERNATES = ['10', '10,5'];
/** Sheets each writer goes round (one save a second: each sheet every SHEETS_PER_WRITER s). */
const SHEETS_PER_WRITER = 4;

/** A sheet as its page showed it to the writer: the form's fields, the version among them. */
interface OpenSheet {
	url: string;
	fields: [string, string][];
}

interface WriterLog {
	saves: number[];
	opens: number[];
	reloads: number[];
	ok: number;
	errors: Errors;
}

/** GET of the sheet page as the writer's browser loads it; its review form, or null (counted). */
async function openSheet(url: string, cookie: string, times: number[], errors: Errors, what: string) {
	const t = performance.now();
	const page = await fetch(url, { headers: { cookie, 'accept-encoding': 'gzip' } });
	const html = await page.text();
	times.push(performance.now() - t);
	const fields = page.status === 200 ? reviewForm(html) : null;
	if (!fields)
		errors.add(`${what}: HTTP ${page.status}${page.status === 200 ? ' không có biểu mẫu chấm' : ''}`);
	return fields;
}

/**
 * One writer, leader of `bloc`: the sheets of SHEETS_PER_WRITER members opened beforehand, then
 * from `t0 + offset` until `end`, once a second, the next of them saved with 4 content criteria
 * changed (each to the other of two values), from the version the page showed plus the saves
 * since. As the enhanced form does: POST `?/review` with every field of the form, then (in the
 * background, the next save does not wait for it) the page loaded again. A writer whose save took
 * longer than a second goes on at once, never with a burst of catch-up saves.
 */
async function writer(
	base: string,
	cookie: string,
	plan: MixedPlan,
	bloc: string,
	opened: OpenSheet[],
	t0: number,
	end: number,
	offset: number,
	out: WriterLog
) {
	const content = plan.criteria - 4;
	const reloads: Promise<unknown>[] = [];
	for (let i = 0, at = t0 + offset; at < end; i++, at = Math.max(at + 1000, performance.now())) {
		await sleepUntil(at);
		const sheet = opened[i % opened.length]!;
		const change = new Set(
			Array.from({ length: 4 }, (_, j) => `value.C${String(((i * 4 + j) % content) + 1).padStart(2, '0')}`)
		);
		const fields: [string, string][] = sheet.fields.map(([name, value]) => [
			name,
			change.has(name) ? (value === ALTERNATES[0] ? ALTERNATES[1]! : ALTERNATES[0]!) : value
		]);
		const t = performance.now();
		const res = await fetch(`${sheet.url}?/review`, {
			method: 'POST',
			headers: {
				cookie,
				origin: base,
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': 'application/x-www-form-urlencoded;charset=UTF-8'
			},
			body: new URLSearchParams(fields).toString()
		});
		const text = await res.text();
		out.saves.push(performance.now() - t);
		let result: { type?: string; status?: number; location?: string } = {};
		try {
			result = JSON.parse(text) as typeof result;
		} catch {
			/* not the action's JSON: counted below by its HTTP status */
		}
		if (result.type === 'redirect' && /[?&]saved=[1-9]/.test(result.location ?? '')) {
			out.ok++;
			// What is stored now: the values sent, the version one more.
			sheet.fields = fields.map(([n, v]) => [n, n === 'version' ? String(Number(v) + 1) : v]);
			reloads.push(
				openSheet(new URL(result.location!, base).href, cookie, out.reloads, out.errors, 'tải lại phiếu')
			);
			continue;
		}
		if (result.type === 'redirect') out.errors.add('lưu: không ghi gì (saved=0)');
		else if (result.type === 'failure' && result.status === 409) out.errors.add('lưu: xung đột 409');
		else if (result.type) out.errors.add(`lưu: ${result.type} ${result.status ?? res.status}`);
		else out.errors.add(`lưu: HTTP ${res.status}`);
		// As the page does after a refused save: what is stored now, before the next try.
		const fresh = await openSheet(sheet.url, cookie, out.opens, out.errors, 'mở phiếu');
		if (fresh) sheet.fields = fresh;
	}
	await Promise.all(reloads);
}

/** One account signing in and out once a second (or as fast as the logins go), until `end`. */
async function loginLoop(
	base: string,
	username: string,
	t0: number,
	end: number,
	offset: number,
	out: { logins: number[]; logouts: number[]; ok: number; errors: Errors }
) {
	let at = t0 + offset;
	while (at < end) {
		await sleepUntil(at);
		const started = performance.now();
		const res = await fetch(base + '/login', {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ username, password: PASSWORD, next: '/' }).toString()
		});
		await res.arrayBuffer();
		out.logins.push(performance.now() - started);
		const cookie = res.headers
			.getSetCookie()
			.find((c) => c.startsWith('session='))
			?.split(';')[0];
		if (res.status !== 303 || !cookie) out.errors.add(`đăng nhập: HTTP ${res.status}`);
		else {
			out.ok++;
			const t = performance.now();
			const bye = await fetch(base + '/logout', {
				method: 'POST',
				redirect: 'manual',
				headers: {
					cookie,
					origin: base,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: ''
			});
			await bye.arrayBuffer();
			out.logouts.push(performance.now() - t);
			if (bye.status !== 303 || !(bye.headers.get('location') ?? '').endsWith('/login'))
				out.errors.add(`đăng xuất: HTTP ${bye.status}`);
		}
		// Once a second; a login that took longer is followed at once, never by a burst.
		at = Math.max(at + 1000, performance.now());
	}
}

/**
 * One reader: requests one after the other on a kept-alive connection until `end`, each to a URL
 * of the mix. The request under way at `end` is waited for and counted: a load test that drops
 * it (as a fixed-duration autocannon run does) hides exactly the slowest answers.
 */
async function reader(
	base: string,
	headers: Record<string, string>,
	draw: () => Target,
	end: number,
	done: (kind: string, ms: number, status: number) => void
) {
	const { hostname, port } = new URL(base);
	const agent = readerAgent;
	while (performance.now() < end) {
		const target = draw();
		const t = performance.now();
		const status = await new Promise<number>((ok) => {
			const req = request({ hostname, port, path: target.path, agent, headers }, (res) => {
				res.resume();
				res.once('end', () => ok(res.statusCode ?? 0));
				res.once('error', () => ok(0));
			});
			req.setTimeout(READ_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
			req.once('error', () => ok(0));
			req.end();
		});
		done(target.kind, performance.now() - t, status);
	}
}

/** A reader gives up on an answer after a minute (counted as an error). */
const READ_TIMEOUT_MS = 60_000;
/** One kept-alive connection per reader, as 50 browsers hold theirs. */
const readerAgent = new Agent({ keepAlive: true, maxSockets: READERS });

/** Runs the mixed load against a server started on `dbPath` with `env`; stops it in every case. */
export async function runMixed(opts: {
	label: string;
	dbPath: string;
	port: number;
	plan: MixedPlan;
	seconds: number;
	env: Record<string, string | undefined>;
	/** Fewer clients of each kind, to see what each part of the load costs (defaults: all). */
	clients?: Partial<Clients>;
}): Promise<MixedResult> {
	const { seconds } = opts;
	const clients: Clients = { readers: READERS, writers: WRITERS, logins: LOGINS, ...opts.clients };
	const plan = { ...opts.plan, writerBlocs: opts.plan.writerBlocs.slice(0, clients.writers) };
	const server = await startServer({
		dbPath: opts.dbPath,
		port: opts.port,
		log: `server-mixed-${opts.label}.log`,
		env: opts.env
	});
	try {
		const { base } = server;
		const readerCookie = await login(base, READER, PASSWORD);
		const writerCookies: string[] = [];
		for (let i = 0; i < plan.writerBlocs.length; i++)
			writerCookies.push(await login(base, leaderName(i), PASSWORD));
		const headers = { cookie: readerCookie, 'accept-encoding': 'gzip, deflate, br' };
		// Every reader URL once before the clock starts (two at a time): what is measured is a
		// running server between writes, not the first rendering of each page after its start.
		const draw = drawer(plan);
		const all = readerMix(plan).flatMap((m) => m.paths);
		const warm = async () => {
			for (let p = all.pop(); p !== undefined; p = all.pop())
				await (await fetch(base + p, { headers })).arrayBuffer();
		};
		await Promise.all([warm(), warm()]);

		const errors = new Errors();
		const readerTimes: number[] = [];
		const byKind = new Map<string, number[]>();
		const w: WriterLog = { saves: [], opens: [], reloads: [], ok: 0, errors };
		// The writers' sheets, opened before the clock starts (each writer's browser has its page).
		const opened = await Promise.all(
			plan.writerBlocs.map(async (bloc, i) => {
				const sheets: OpenSheet[] = [];
				for (let u = 1; u <= SHEETS_PER_WRITER; u++) {
					const url = `${base}/blocs/${bloc}/${plan.year}/units/${unitCode(bloc, u)}`;
					const fields = await openSheet(url, writerCookies[i]!, [], errors, 'mở phiếu');
					if (!fields) throw new Error(`the sheet ${url} has no review form for ${leaderName(i)}`);
					sheets.push({ url, fields });
				}
				return sheets;
			})
		);
		const l = { logins: [] as number[], logouts: [] as number[], ok: 0, errors };
		resetPeak(server.pid);
		const loadBefore = loadavg()[0]!;
		if (loadBefore > cpus().length)
			console.warn(
				`mixed load (${opts.label}): the machine's load average is ${loadBefore.toFixed(1)} on ${cpus().length} cores; the figures tell more about the other work than about the server`
			);
		const cpu0 = { server: cpuSeconds(server.pid), bench: process.cpuUsage() };
		const t0 = performance.now();
		const end = t0 + seconds * 1000;
		const readers = Array.from({ length: clients.readers }, () =>
			reader(base, headers, draw, end, (kind, ms, status) => {
				readerTimes.push(ms);
				let list = byKind.get(kind);
				if (!list) byKind.set(kind, (list = []));
				list.push(ms);
				if (status !== 200)
					errors.add(`đọc (${kind}): ${status === 0 ? 'lỗi kết nối hoặc quá 60 s' : `HTTP ${status}`}`);
			})
		);
		const writers = plan.writerBlocs.map((bloc, i) =>
			writer(
				base,
				writerCookies[i]!,
				plan,
				bloc,
				opened[i]!,
				t0,
				end,
				(i * 1000) / plan.writerBlocs.length,
				w
			)
		);
		const logins = Array.from({ length: clients.logins }, (_, i) =>
			loginLoop(base, loginName(i), t0, end, (i * 1000) / clients.logins, l)
		);
		await Promise.all([...readers, ...writers, ...logins]);
		const peak = peakRss(server.pid);
		const wall = (performance.now() - t0) / 1000;
		const serverCores = (cpuSeconds(server.pid) - cpu0.server) / wall;
		const benchCpu = process.cpuUsage(cpu0.bench);
		const benchCores = (benchCpu.user + benchCpu.system) / 1e6 / wall;
		return {
			label: opts.label,
			seconds,
			clients,
			readers: latencies(readerTimes),
			readersByKind: Object.fromEntries([...byKind].map(([k, v]) => [k, latencies(v)])),
			saves: latencies(w.saves),
			sheetReloads: latencies(w.reloads),
			logins: latencies(l.logins),
			logouts: latencies(l.logouts),
			loginsPerSecond: l.ok / seconds,
			savesPerSecond: w.ok / seconds,
			errors: errors.counts,
			peakRss: peak,
			serverCores,
			benchCores,
			loadBefore
		};
	} finally {
		await server.stop();
	}
}

// ---------------------------------------------------------------------------------------------
// Figures

const ms = (x: number) => `${fmt(x, 1)} ms`;

/** The figures of one run, and (with two runs) the ratio of the first to the second. */
export function mixedFigures(runs: MixedResult[]): Figure[] {
	const figures: Figure[] = [];
	for (const r of runs) {
		const setting = `CACHE_INVALIDATION=${r.label}`;
		const head = `Tải hỗn hợp ${r.seconds} s, quy mô một tỉnh (${setting})`;
		const readErrors = sum(r.errors, 'đọc');
		figures.push({
			name: `${head}: ${r.clients.readers} người đọc (trang khối, tổng quan, phân tích, API ô tiêu chí)`,
			value: `p50 ${ms(r.readers.p50)}, p95 ${ms(r.readers.p95)}, p99 ${ms(r.readers.p99)} (${fmt(r.readers.count)} yêu cầu, ${fmt(r.readers.count / r.seconds)}/s)`,
			target: 'p95 < 50 ms',
			met: r.readers.p95 < 50 && readErrors === 0,
			note: `p95 theo loại: ${Object.entries(r.readersByKind)
				.sort((a, b) => b[1].count - a[1].count)
				.map(([k, l]) => `${k} ${fmt(l.p95, 0)} ms`)
				.join(', ')}`
		});
		figures.push({
			name: `${head}: ${r.clients.writers} người ghi lưu phiếu chấm của ${r.clients.writers} khối, mỗi người 1 lần/s`,
			value: `p50 ${ms(r.saves.p50)}, p95 ${ms(r.saves.p95)} (${fmt(r.saves.count)} lần lưu, ${fmt(r.savesPerSecond, 1)} thành công/s)`,
			target: 'p95 < 200 ms',
			met: r.saves.p95 < 200 && sum(r.errors, 'lưu') === 0,
			note: `trang phiếu tải lại sau mỗi lần lưu (như biểu mẫu của trình duyệt) p50 ${ms(r.sheetReloads.p50)}, p95 ${ms(r.sheetReloads.p95)}`
		});
		figures.push({
			name: `${head}: ${r.clients.logins} tài khoản đăng nhập rồi đăng xuất, mỗi tài khoản 1 lần/s`,
			value: `${fmt(r.loginsPerSecond, 1)} lần đăng nhập/s đạt được (đặt ra ${r.clients.logins}/s); đăng nhập p50 ${ms(r.logins.p50)}, p95 ${ms(r.logins.p95)}; đăng xuất p50 ${ms(r.logouts.p50)}`,
			note: 'mỗi lần đăng nhập ≈ 25 ms CPU Argon2id (19 MiB, 2 lượt; trước đây scrypt N=2^17 ≈ 0,47 s), máy chủ tính cùng lúc tối đa một nửa số lõi'
		});
		const total = Object.values(r.errors).reduce((a, b) => a + b, 0);
		figures.push({
			name: `${head}: lỗi`,
			value:
				total === 0
					? '0'
					: `${fmt(total)}: ${Object.entries(r.errors)
							.map(([k, n]) => `${k} × ${fmt(n)}`)
							.join('; ')}`,
			target: '0',
			met: total === 0
		});
		figures.push({
			name: `${head}: đỉnh bộ nhớ máy chủ (VmHWM)`,
			value: mb(r.peakRss),
			note: `CPU máy chủ trung bình ${fmt(r.serverCores, 2)} lõi, chương trình đo ${fmt(r.benchCores, 2)} lõi; tải máy (loadavg 1 phút) lúc bắt đầu ${fmt(r.loadBefore, 1)}`
		});
	}
	if (runs.length === 2) {
		const [a, b] = runs as [MixedResult, MixedResult];
		const x = (p: number, q: number) => `${fmt(p / q, 2)}×`;
		figures.push({
			name: `Tải hỗn hợp: CACHE_INVALIDATION=${a.label} so với ${b.label} (tỉ lệ ${a.label} ÷ ${b.label})`,
			value: `người đọc p50 ${x(a.readers.p50, b.readers.p50)}, p95 ${x(a.readers.p95, b.readers.p95)}, p99 ${x(a.readers.p99, b.readers.p99)}, số yêu cầu ${x(a.readers.count, b.readers.count)}; lưu p95 ${x(a.saves.p95, b.saves.p95)}; đăng nhập/s ${x(a.loginsPerSecond, b.loginsPerSecond)}; đỉnh bộ nhớ ${x(a.peakRss, b.peakRss)}`,
			note: 'chạy lần lượt, mỗi lần một máy chủ trên một bản sao của cùng cơ sở dữ liệu'
		});
	}
	return figures;
}

const sum = (errors: Record<string, number>, prefix: string) =>
	Object.entries(errors)
		.filter(([k]) => k.startsWith(prefix))
		.reduce((s, [, n]) => s + n, 0);

/** The settings compared: every write empties every cache (before issue 12), then the default. */
export const SETTINGS: { label: string; env: Record<string, string | undefined> }[] = [
	{ label: 'all', env: { CACHE_INVALIDATION: 'all' } },
	{ label: 'scoped', env: { CACHE_INVALIDATION: undefined } }
];

/**
 * The mixed load once per setting, each against its own server on its own copy of `source` (a
 * closed database prepared by prepareMixed), one after the other.
 */
export async function mixedLoad(opts: {
	source: string;
	dir: string;
	plan: MixedPlan;
	seconds: number;
	port: number;
	clients?: Partial<Clients>;
}): Promise<MixedResult[]> {
	const copies = SETTINGS.map((s) => copyDatabase(opts.source, join(opts.dir, s.label)));
	const results: MixedResult[] = [];
	for (const [i, s] of SETTINGS.entries())
		results.push(
			await runMixed({
				label: s.label,
				dbPath: copies[i]!,
				port: opts.port,
				plan: opts.plan,
				seconds: opts.seconds,
				env: s.env,
				clients: opts.clients
			})
		);
	return results;
}
