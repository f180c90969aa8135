/**
 * The server as a council runs it: one validated configuration, a JSON log line per request,
 * /healthz, and a clean stop on SIGTERM that loses no save and leaves no WAL to replay.
 * Runs the BUILT server entry (build/start.js): `npm test` builds first.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/lib/server/db';
import { bundledMigrations } from '../../src/lib/server/db/migrate';
import { SAMPLE_PASSWORD, startApp, type RunningApp } from '../helpers/app-server';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

interface LogLine {
	level: string;
	time: string;
	msg: string;
	reqId?: string;
	method?: string;
	route?: string | null;
	path?: string;
	status?: number;
	ms?: number;
	user?: number | null;
}

/** The server's stdout, every line of which must be one JSON object. */
function logLines(app: RunningApp): LogLine[] {
	return app.server.output
		.join('')
		.split('\n')
		.filter((l) => l.trim())
		.map((l) => {
			try {
				return JSON.parse(l) as LogLine;
			} catch {
				throw new Error(`A log line that is not JSON: ${l}`);
			}
		});
}

describe('a bad setting', () => {
	it('PORT=abc stops the server at once with a message naming the variable, creating nothing', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ktd-config-'));
		try {
			const child = spawn(process.execPath, [join(ROOT, 'build', 'start.js')], {
				cwd: ROOT,
				env: { ...process.env, PORT: 'abc', BACKUP_KEEP: 'nhiều', DATABASE_PATH: join(dir, 'app.duckdb') },
				stdio: ['ignore', 'pipe', 'pipe']
			});
			let stderr = '';
			child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			const code = await new Promise<number | null>((ok) => child.once('exit', ok));
			expect(code).toBe(78);
			expect(stderr).toContain('Thiết lập PORT="abc" không hợp lệ: cần một số nguyên');
			expect(stderr).toContain('BACKUP_KEEP="nhiều"');
			expect(existsSync(join(dir, 'app.duckdb'))).toBe(false);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('the running server', () => {
	let app: RunningApp;
	beforeAll(async () => {
		app = await startApp({ BACKUP_AT: 'off' });
	});
	afterAll(async () => {
		await app?.stop();
	});

	it('GET /healthz answers without a session: database, migration, uptime, last backup', async () => {
		const res = await app.request('/healthz', { cookie: 'session=nonsense' });
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(res.headers.get('set-cookie')).toBeNull();
		const body = await res.json();
		const newest = Math.max(...bundledMigrations().map((m) => m.version));
		expect(body).toMatchObject({ status: 'ok', database: 'ok', migration: newest });
		expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
		expect(body).toHaveProperty('lastBackup');
		// Twice: the answer is asked of the database each time, never from a cache.
		const again = await (await app.request('/healthz')).json();
		expect(again.uptimeSeconds).toBeGreaterThanOrEqual(body.uptimeSeconds);
	});

	it('the built command-line tools run without tsx: build/cli/backup.js asks this server', async () => {
		const child = spawn(process.execPath, [join(ROOT, 'build', 'cli', 'backup.js'), '--json'], {
			cwd: ROOT,
			env: { ...process.env, DATABASE_PATH: app.dbPath },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		expect(await new Promise((ok) => child.once('exit', ok))).toBe(0);
		expect(JSON.parse(stdout)).toMatchObject({ kind: 'cli', via: 'server' });
	});

	it('logs one JSON line per request, with its id, and never a password or a cookie', async () => {
		await (await app.request('/login')).arrayBuffer();
		const wrong = await app.post('/login', { username: 'phantich', password: 'mat-khau-sai-123', next: '/' });
		await wrong.arrayBuffer();
		const cookie = await app.login('phantich');
		const home = await app.request('/', { cookie });
		await home.arrayBuffer();
		const id = home.headers.get('x-request-id');
		expect(id).toMatch(/^[0-9a-f]{16}$/);

		const lines = logLines(app);
		const requests = lines.filter((l) => l.msg === 'request');
		const homeLine = requests.find((l) => l.reqId === id);
		expect(homeLine).toMatchObject({ level: 'info', method: 'GET', route: '/', path: '/', status: 200 });
		expect(typeof homeLine?.user).toBe('number');
		expect(Date.parse(homeLine!.time)).toBeGreaterThan(0);
		expect(homeLine!.ms).toBeGreaterThanOrEqual(0);
		const logins = requests.filter((l) => l.method === 'POST' && l.route === '/login');
		expect(logins.map((l) => l.status)).toEqual(expect.arrayContaining([303]));
		expect(logins.length).toBeGreaterThanOrEqual(2);
		// Every request id is its own.
		expect(new Set(requests.map((l) => l.reqId)).size).toBe(requests.length);

		const all = app.server.output.join('');
		expect(all).not.toContain('mat-khau-sai-123');
		expect(all).not.toContain(SAMPLE_PASSWORD);
		expect(all).not.toContain(cookie.split('=')[1]!);
	});
});

describe('SIGTERM', () => {
	it('during saves: each save is complete or absent, exit 0, and the file opens without a WAL', async () => {
		const app = await startApp({ BACKUP_AT: 'off', SHUTDOWN_TIMEOUT: '20' });
		let stopped = false;
		try {
			const cookie = await app.login('admin');
			const units = readFileSync(join(ROOT, 'data/sample/memberships.csv'), 'utf8')
				.split('\n')
				.filter((l) => l.startsWith('2025,K04,'))
				.map((l) => l.split(',')[2]!);
			expect(units.length).toBeGreaterThan(4);
			// Each unit's grid: its version and first criterion, and a value it does not have yet.
			const grids = await Promise.all(
				units.map(async (unit) => {
					const html = await (await app.request(`/blocs/K04/2025/units/${unit}`, { cookie })).text();
					const version = /<dd data-version[^>]*>(\d+)</.exec(html)?.[1];
					const criterion = /<tr data-criterion="([^"]+)"/.exec(html)?.[1];
					if (!version || !criterion) throw new Error(`${unit}: no grid`);
					return { unit, version, criterion, value: '1,25' };
				})
			);
			const saves = grids.map((g) =>
				app
					.post(
						`/blocs/K04/2025/units/${g.unit}?/review`,
						{ version: g.version, [`value.${g.criterion}`]: g.value },
						cookie
					)
					.then(
						async (res) => ({ unit: g.unit, status: res.status, body: await res.text() }),
						(error: Error) => ({ unit: g.unit, status: 0, body: error.message })
					)
			);
			// The signal arrives as soon as the first save is answered: the others are in flight.
			const exited = new Promise<number | null>((ok) => app.server.child.once('exit', (code) => ok(code)));
			await Promise.race(saves);
			app.server.child.kill('SIGTERM');
			const results = await Promise.all(saves);
			expect(await exited).toBe(0);
			stopped = true;
			await app.stop({ keepFiles: true });

			expect(existsSync(`${app.dbPath}.wal`), 'a WAL left to replay').toBe(false);
			const lines = logLines(app);
			expect(lines.map((l) => l.msg)).toContain('Đã dừng');
			const stopping = lines.find((l) => l.msg.startsWith('Đang dừng')) as { inFlight?: number } | undefined;
			expect(stopping?.inFlight, 'no save was in flight when the signal came').toBeGreaterThan(0);

			const db = await Database.open(app.dbPath);
			try {
				for (const g of grids) {
					const result = results.find((r) => r.unit === g.unit)!;
					const [row] = await db.all<{ reviewed: number | null; version: number }>(
						`SELECT s.reviewed_score::DOUBLE AS reviewed, sh.version::INTEGER AS version
						 FROM score s JOIN score_sheet sh USING (year, bloc_code, unit_code)
						 WHERE s.year = 2025 AND s.bloc_code = 'K04' AND s.unit_code = $1 AND s.criterion_code = $2`,
						[g.unit, g.criterion]
					);
					const saved = row?.reviewed === 1.25;
					// A save the server answered is in the file; an unanswered one is wholly absent.
					if ([200, 303].includes(result.status)) expect(saved, `${g.unit}: answered, not saved`).toBe(true);
					if (saved)
						expect(row!.version, `${g.unit}: value without its version`).toBeGreaterThan(Number(g.version));
					else expect(row?.version ?? 0).toBe(Number(g.version));
				}
				// At least one save was answered before the stop: the test did race a save.
				expect(results.some((r) => [200, 303].includes(r.status))).toBe(true);
			} finally {
				db.close();
			}
		} finally {
			if (!stopped) await app.stop();
			rmSync(app.dir, { recursive: true, force: true });
		}
	}, 120_000);
});
