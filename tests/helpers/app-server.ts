/**
 * The BUILT app as a child process (`node build`) on a free port with a fresh DuckDB file in a
 * temporary folder, so it loads the sample province (and its accounts) on first start.
 * `npm test` builds first; run `npm run build` before running such a test file alone.
 * Only one process may open a DuckDB file: open the database in the test only after `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BUILD_ENTRY = join(ROOT, 'build', 'handler.js');
/** What `npm start` runs. */
const START_ENTRY = join(ROOT, 'build', 'start.js');
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

export class AppServer {
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

/** Password of every sample account (scripts/sample/accounts.ts). */
export const SAMPLE_PASSWORD = 'thidua2025';

export interface RunningApp {
	server: AppServer;
	base: string;
	dir: string;
	dbPath: string;
	/** A request that does not follow redirects; `cookie` signs it in. */
	request(path: string, init?: RequestInit & { cookie?: string }): Promise<Response>;
	/** POSTs a form as a browser on this site would (with its Origin), returns the response. */
	post(path: string, fields: Record<string, string>, cookie?: string): Promise<Response>;
	/** Signs in through the login form; returns the session cookie (`session=…`). */
	login(username: string, password?: string): Promise<string>;
	/** Stops the server and removes the temporary folder (after `keepFiles`, only the server). */
	stop(options?: { keepFiles?: boolean }): Promise<void>;
}

/**
 * Starts the built app. `options.dir` reuses a folder (and its database) from an earlier run
 * stopped with `keepFiles`, e.g. to compare the database before and after some requests.
 */
export async function startApp(
	env: Record<string, string> = {},
	options: { dir?: string } = {}
): Promise<RunningApp> {
	if (!existsSync(BUILD_ENTRY))
		throw new Error(
			`${BUILD_ENTRY} is missing: build the app first (\`npm run build\`; \`npm test\` does it).`
		);
	const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ktd-app-'));
	const dbPath = join(dir, 'app.duckdb');
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [START_ENTRY], {
		cwd: ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			DATABASE_PATH: dbPath,
			SEED_SAMPLE: '1',
			LOG_LEVEL: 'info',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const server = new AppServer(child, base);
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	try {
		await server.waitUntilReady();
	} catch (e) {
		await server.stop();
		throw e;
	}

	const request: RunningApp['request'] = (path, init = {}) => {
		const { cookie, headers, ...rest } = init;
		return fetch(base + path, {
			redirect: 'manual',
			signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
			...rest,
			headers: { ...(cookie ? { cookie } : {}), ...(headers as Record<string, string> | undefined) }
		});
	};
	const post: RunningApp['post'] = (path, fields, cookie) =>
		request(path, {
			method: 'POST',
			cookie,
			headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString()
		});
	return {
		server,
		base,
		dir,
		dbPath,
		request,
		post,
		async login(username, password = SAMPLE_PASSWORD) {
			const res = await post('/login', { username, password, next: '/' });
			const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session='));
			if (res.status !== 303 || !cookie)
				throw new Error(`Login as ${username} failed: HTTP ${res.status}\n${await res.text()}`);
			return cookie.split(';')[0]!;
		},
		async stop(options = {}) {
			await server.stop();
			process.off('exit', killOnExit);
			if (!options.keepFiles) rmSync(dir, { recursive: true, force: true });
		}
	};
}
