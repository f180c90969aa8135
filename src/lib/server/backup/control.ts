/**
 * The running server's control socket: a Unix socket beside the database file
 * (`<DATABASE_PATH>.sock`, mode 0600: only the account running the server, and root, can use
 * it) where `npm run backup` asks the server for a backup, since only the server may open the
 * DuckDB file. HTTP on the socket:
 *   GET  /status  → 200 {pid, database, startedAt, backupDir}
 *   POST /backup  → 200 the backup's manifest (BackupResult), or 500/503 {error, code}
 * Both sides are here: the ServiceStarter `controlSocket` and the client the CLI uses.
 */
import { chmodSync, existsSync, lstatSync, unlinkSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Config } from '../config';
import type { Database } from '../db';
import { log } from '../log';
import { runtime, type Service } from '../runtime';
import { BackupError, createBackup, waitForBackups, type BackupResult } from '.';

export interface ServerStatus {
	pid: number;
	database: string;
	startedAt: string;
	backupDir: string;
}

const BODY_LIMIT = 4096;

/** Nobody (or nothing alive) at the socket: no server to ask. */
const NO_SERVER = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK']);

export class ControlError extends Error {
	constructor(
		message: string,
		readonly code?: string,
		options?: { cause?: unknown }
	) {
		super(message, options);
		this.name = 'ControlError';
	}
}

function call(
	socketPath: string,
	method: 'GET' | 'POST',
	path: string,
	body: unknown,
	timeoutMs: number
): Promise<{ status: number; json: unknown }> {
	return new Promise((ok, fail) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const req = request(
			{
				socketPath,
				// A new connection per call: a pooled one may belong to a server that has since stopped.
				agent: false,
				method,
				path,
				headers: payload
					? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
					: {}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					try {
						ok({ status: res.statusCode ?? 0, json: JSON.parse(text) });
					} catch {
						fail(new ControlError(`Câu trả lời không phải JSON trên ${socketPath}: ${text.slice(0, 200)}`));
					}
				});
				res.on('error', fail);
			}
		);
		if (timeoutMs > 0)
			req.setTimeout(timeoutMs, () =>
				req.destroy(
					new ControlError(
						`Không có câu trả lời trên ổ cắm điều khiển ${socketPath} sau ${timeoutMs / 1000} giây.`,
						'ETIMEDOUT'
					)
				)
			);
		req.on('error', fail);
		req.end(payload);
	});
}

/**
 * The server's status, or null when no server listens on the socket (no socket file, or a
 * stale one nobody answers on). Throws when something is there but does not answer properly.
 */
export async function askStatus(socketPath: string, timeoutMs = 5_000): Promise<ServerStatus | null> {
	try {
		const { status, json } = await call(socketPath, 'GET', '/status', undefined, timeoutMs);
		if (status !== 200) throw new ControlError(`Ổ cắm điều khiển ${socketPath} trả lời HTTP ${status}.`);
		return json as ServerStatus;
	} catch (e) {
		if (NO_SERVER.has((e as NodeJS.ErrnoException).code ?? '')) return null;
		throw e;
	}
}

/** Asks the running server for a backup and waits for it (no time limit: a big file takes time). */
export async function askBackup(socketPath: string, requestedBy?: string): Promise<BackupResult> {
	const { status, json } = await call(socketPath, 'POST', '/backup', { requestedBy }, 0);
	if (status !== 200) {
		const err = json as { error?: string; code?: string };
		throw new ControlError(err.error ?? `Máy chủ trả lời HTTP ${status}.`, err.code);
	}
	return json as BackupResult;
}

function send(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text)
	});
	res.end(text);
}

function readBody(req: IncomingMessage): Promise<unknown> {
	return new Promise((ok, fail) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > BODY_LIMIT) {
				fail(new ControlError('Yêu cầu quá lớn.'));
				req.destroy();
			} else chunks.push(c);
		});
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8').trim();
			if (!text) return ok({});
			try {
				ok(JSON.parse(text));
			} catch {
				fail(new ControlError('Yêu cầu không phải JSON.'));
			}
		});
		req.on('error', fail);
	});
}

/** Removes a socket file left by a server that stopped without cleaning up. */
async function clearStaleSocket(path: string): Promise<void> {
	if (!existsSync(path)) return;
	if (!lstatSync(path).isSocket())
		throw new Error(
			`${path} đã có và không phải ổ cắm: không dùng làm ổ cắm điều khiển (hãy xóa hoặc đổi tên tệp đó).`
		);
	// Something hung on it is not a server we could ask either.
	const other: ServerStatus | null = await askStatus(path, 2_000).catch(() => null);
	if (other)
		throw new Error(`Một tiến trình khác (PID ${other.pid}) đang trả lời trên ổ cắm điều khiển ${path}.`);
	unlinkSync(path);
}

/** The ServiceStarter: listens on `cfg.controlSocket` until the server stops. */
export async function controlSocket(db: Database, cfg: Config): Promise<Service> {
	const path = cfg.controlSocket;
	let closing = false;
	const startedAt = new Date(runtime().startedAt).toISOString();

	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const url = req.url ?? '/';
		if (req.method === 'GET' && url === '/status')
			return send(res, 200, { pid: process.pid, database: db.path, startedAt, backupDir: cfg.backupDir });
		if (req.method === 'POST' && url === '/backup') {
			if (closing)
				return send(res, 503, { error: 'Máy chủ đang dừng: không sao lưu được lúc này.', code: 'closing' });
			let requestedBy: string | undefined;
			try {
				const body = (await readBody(req)) as { requestedBy?: unknown };
				if (typeof body?.requestedBy === 'string') requestedBy = body.requestedBy.slice(0, 100);
			} catch (e) {
				return send(res, 400, { error: (e as Error).message, code: 'request' });
			}
			try {
				const b = await createBackup(db, cfg.backupDir, { kind: 'cli', requestedBy });
				log.info(
					{ backup: b.name, sizeBytes: b.sizeBytes, requestedBy, joined: b.joined },
					'Sao lưu theo lệnh npm run backup: xong'
				);
				return send(res, 200, b);
			} catch (e) {
				log.error({ err: e, requestedBy }, 'Sao lưu theo lệnh npm run backup thất bại');
				return send(res, 500, {
					error: (e as Error).message,
					code: e instanceof BackupError ? e.code : 'failed'
				});
			}
		}
		return send(res, 404, { error: 'Không có lệnh này: GET /status, POST /backup.', code: 'not_found' });
	};

	await clearStaleSocket(path);
	const server = createServer((req, res) => {
		handle(req, res).catch((e) => {
			log.error({ err: e }, 'Ổ cắm điều khiển: lỗi');
			if (!res.headersSent) send(res, 500, { error: 'Lỗi máy chủ', code: 'failed' });
		});
	});
	await new Promise<void>((ok, fail) => {
		server.once('error', fail);
		server.listen(path, () => {
			server.off('error', fail);
			ok();
		});
	});
	chmodSync(path, 0o600);
	server.on('error', (e) => log.error({ err: e, socket: path }, 'Ổ cắm điều khiển: lỗi'));
	log.info({ socket: path }, 'Ổ cắm điều khiển: đang nghe (npm run backup)');

	return {
		name: 'control-socket',
		async stop() {
			closing = true;
			const closed = new Promise<void>((ok) => server.close(() => ok()));
			server.closeIdleConnections();
			await waitForBackups(db);
			await Promise.race([closed, new Promise((r) => setTimeout(r, 5_000).unref())]);
			server.closeAllConnections();
			try {
				if (lstatSync(path).isSocket()) unlinkSync(path);
			} catch {
				// already gone
			}
		}
	};
}
