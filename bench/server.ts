/**
 * The built server (build/start.js) as the benchmarks run it: one child process on a database
 * file, its JSON log read into bench/out/, stopped as systemd stops it (SIGTERM, then waiting for
 * the checkpoint and exit). Also the child's peak memory and a login as the browser does it.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname ?? '.', '..');
export const OUT = join(ROOT, 'bench', 'out');

/** Peak resident memory (VmHWM) of a process, and a reset of it (Linux). */
export function peakRss(pid: number | 'self' = 'self'): number {
	const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) * 1024 : 0;
}
export function resetPeak(pid: number | 'self' = 'self') {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
	} catch {
		/* not permitted: the peak then covers everything since start */
	}
}

/** BENCH_PORT when set (a port of one's own on a shared machine), else a random one. */
export function benchPort(offset = 0): number {
	const fixed = Number(process.env.BENCH_PORT);
	if (Number.isInteger(fixed) && fixed > 0) return fixed + offset;
	return 4400 + Math.floor(Math.random() * 500);
}

export interface Server {
	base: string;
	pid: number;
	/** SIGTERM, then the exit (SIGKILL after 60 s). Safe to call twice. */
	stop(): Promise<void>;
}

/**
 * Starts build/start.js on `dbPath` and waits until it answers. The caller must stop() it, in a
 * `finally`: on a failed start it is stopped here.
 */
export async function startServer(opts: {
	dbPath: string;
	port: number;
	/** bench/out/<log>: the server's log (it must be read, or a full pipe stops the server). */
	log: string;
	/** Added to (or, when undefined, removed from) the bench's own environment. */
	env?: Record<string, string | undefined>;
}): Promise<Server> {
	if (!existsSync(join(ROOT, 'build', 'handler.js')))
		throw new Error('build/ is missing: npm run build first');
	const base = `http://127.0.0.1:${opts.port}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(opts.port),
		HOST: '127.0.0.1',
		DATABASE_PATH: opts.dbPath,
		SEED_SAMPLE: '0',
		UV_THREADPOOL_SIZE: '8'
	};
	for (const [name, value] of Object.entries(opts.env ?? {}))
		if (value === undefined) delete env[name];
		else env[name] = value;
	// BENCH_SERVER_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops (where
	// a save's or a rendering's JavaScript time goes; DuckDB's own threads show as idle).
	const profile = process.env.BENCH_SERVER_PROFILE;
	const args = profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profile)}`] : [];
	const child = spawn(process.execPath, [...args, join(ROOT, 'build', 'start.js')], {
		cwd: ROOT,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	mkdirSync(OUT, { recursive: true });
	const serverLog = createWriteStream(join(OUT, opts.log));
	child.stdout.pipe(serverLog);
	child.stderr.pipe(serverLog);
	let exitCode: number | null | undefined;
	const exited = new Promise<void>((ok) =>
		child.once('exit', (code, signal) => {
			exitCode = code ?? (signal ? -1 : null);
			ok();
		})
	);
	const stop = async () => {
		if (exitCode === undefined) {
			child.kill('SIGTERM');
			const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
			await exited;
			clearTimeout(killer);
		}
		await new Promise<void>((ok) => serverLog.end(ok));
	};
	try {
		for (let i = 0; ; i++) {
			if (exitCode !== undefined)
				throw new Error(`the server stopped at start (exit ${exitCode}): see bench/out/${opts.log}`);
			if (i === 300) throw new Error(`the server did not answer in 60 s: see bench/out/${opts.log}`);
			try {
				await (await fetch(base + '/healthz')).arrayBuffer();
				break;
			} catch {
				await new Promise((r) => setTimeout(r, 200));
			}
		}
	} catch (e) {
		await stop();
		throw e;
	}
	return { base, pid: child.pid!, stop };
}

/** Signs in through the login form as a browser does; returns the `session=…` cookie. */
export async function login(base: string, username: string, password: string): Promise<string> {
	const res = await fetch(base + '/login', {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username, password, next: '/' }).toString()
	});
	await res.arrayBuffer();
	const cookie = res.headers
		.getSetCookie()
		.find((c) => c.startsWith('session='))
		?.split(';')[0];
	if (res.status !== 303 || !cookie) throw new Error(`login of ${username} failed: ${res.status}`);
	return cookie;
}
