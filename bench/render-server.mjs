/**
 * The built server (RENDER_START: its start.js) run by bench/render.ts, with a control port for
 * the benchmark only (RENDER_CONTROL_PORT, on 127.0.0.1):
 *
 *   POST /clear       empties the server's read cache (Database.clearCache), as a write does
 *   POST /clear-all   the same, and forgets the kept reads below
 *   GET /cpu          the CPU time this process has used (all its threads, DuckDB's too), in µs:
 *                     on a shared machine steadier than the time a request takes
 *
 * Reads whose cache key starts with one of RENDER_KEEP (comma-separated, default `ranking:`) are
 * kept apart and survive /clear: the pages are then measured without the ranking query, which is
 * measured on its own.
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const start = process.env.RENDER_START;
const controlPort = Number(process.env.RENDER_CONTROL_PORT);
if (!start || !controlPort) throw new Error('RENDER_START and RENDER_CONTROL_PORT are required');
const keep = (process.env.RENDER_KEEP ?? 'ranking:').split(',').filter(Boolean);

await import(pathToFileURL(start).href);

const DB = Symbol.for('khoi-thi-dua.database');
const kept = new Map();
let patched = null;

/** The server's database (opened by its first request), its cached() wrapped once. */
async function database() {
	const db = await globalThis[DB];
	if (!db) throw new Error('the server has not opened its database yet');
	if (patched !== db) {
		const cached = db.cached.bind(db);
		db.cached = (key, read, ...rest) => {
			if (!keep.some((prefix) => key.startsWith(prefix))) return cached(key, read, ...rest);
			let value = kept.get(key);
			if (!value) {
				value = read();
				kept.set(key, value);
				value.catch(() => kept.delete(key));
			}
			return value;
		};
		patched = db;
	}
	return db;
}

createServer((req, res) => {
	const done = (status, text) => {
		res.writeHead(status, { 'content-type': 'text/plain' });
		res.end(text);
	};
	if (req.method === 'GET' && req.url === '/cpu') {
		const { user, system } = process.cpuUsage();
		return done(200, String(user + system));
	}
	if (req.method !== 'POST' || (req.url !== '/clear' && req.url !== '/clear-all')) return done(404, 'no');
	database().then(
		(db) => {
			db.clearCache();
			if (req.url === '/clear-all') kept.clear();
			done(200, 'ok');
		},
		(e) => done(503, String(e))
	);
}).listen(controlPort, '127.0.0.1');
