/**
 * The server: `npm start` runs this file as built by `npm run build` (build/start.js, beside
 * adapter-node's build/handler.js).
 *
 * 1. Reads the configuration once (src/lib/server/config.ts); a bad value stops here with a
 *    message naming the variable and exit status 78 (EX_CONFIG: systemd does not restart it).
 * 2. Loads the app (its `init` opens the database and starts the background services).
 * 3. Serves HTTP. adapter-node assumes https unless ORIGIN is set, which would make SvelteKit
 *    refuse every form post from an office network reached by plain http: requests on this
 *    socket are http unless TRUST_PROXY=1 and a reverse proxy says otherwise in
 *    X-Forwarded-Proto. ORIGIN, when set (recommended behind a proxy), still wins. Every answer
 *    carries the security headers (src/lib/server/security-headers.ts), HSTS when https.
 * 4. On SIGTERM or SIGINT: stops accepting, lets the requests in flight finish (at most
 *    SHUTDOWN_TIMEOUT seconds), stops the services, CHECKPOINTs and closes DuckDB, exits 0.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ConfigError, loadConfig, type Config } from './lib/server/config';
import { FORM_OVERHEAD_BYTES } from './lib/server/import/limits';
import { log } from './lib/server/log';
import { runtime } from './lib/server/runtime';
import { requestIsHttps, securityHeaders } from './lib/server/security-headers';

/** sysexits.h: configuration error. */
const EX_CONFIG = 78;
/** Requests other than uploads: adapter-node's default limit. */
const OTHER_BODY_LIMIT = 512 * 1024;

function readConfig(): Config {
	try {
		return loadConfig(process.env);
	} catch (e) {
		if (!(e instanceof ConfigError)) throw e;
		process.stderr.write(
			`${e.message}\nMáy chủ không khởi động. Sửa các biến môi trường trên (xem example.env) rồi chạy lại.\n` +
				`The server did not start: fix the settings above (see example.env).\n`
		);
		process.exit(EX_CONFIG);
	}
}

const cfg = readConfig();

// adapter-node reads these when its handler loads.
process.env.UV_THREADPOOL_SIZE ??= String(cfg.uvThreadpoolSize);
process.env.BODY_SIZE_LIMIT = String(Math.ceil(cfg.uploadMaxMb * 1024 * 1024) + FORM_OVERHEAD_BYTES);
process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
if (cfg.origin) process.env.ORIGIN = cfg.origin;
else delete process.env.ORIGIN;

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

let handler: Handler;
try {
	// Beside this file once built; a variable so that the bundler leaves it to run time.
	const entry = new URL('./handler.js', import.meta.url).href;
	({ handler } = (await import(/* @vite-ignore */ entry)) as { handler: Handler });
} catch (error) {
	log.fatal({ err: error }, 'Máy chủ không khởi động được');
	process.exit(1);
}

let inFlight = 0;
const server = createServer((req, res) => {
	if (!cfg.trustProxy || !req.headers['x-forwarded-proto']) req.headers['x-forwarded-proto'] = 'http';
	// Every answer, also those SvelteKit never sees (static files, the 413 below); SvelteKit's own
	// headers, set later, take precedence over these.
	for (const [name, value] of Object.entries(
		securityHeaders(requestIsHttps(cfg, req.headers['x-forwarded-proto']))
	))
		res.setHeader(name, value);
	if (!req.url?.startsWith('/upload') && Number(req.headers['content-length']) > OTHER_BODY_LIMIT) {
		res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
		res.end('Dữ liệu gửi lên quá lớn.');
		return;
	}
	inFlight++;
	res.once('close', () => inFlight--);
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Không tìm thấy');
	});
});

server.on('error', (error: NodeJS.ErrnoException) => {
	log.fatal({ err: error, host: cfg.host, port: cfg.port }, 'Không mở được cổng HTTP');
	void runtime()
		.shutdown()
		.finally(() => process.exit(1));
});

server.listen(cfg.port, cfg.host, () =>
	log.info(
		{ host: cfg.host, port: cfg.port, database: cfg.databasePath },
		`Đang phục vụ tại http://${cfg.host}:${cfg.port}`
	)
);

let stopping = false;

async function shutdown(signal: NodeJS.Signals): Promise<void> {
	if (stopping) {
		log.warn({ signal }, 'Nhận tín hiệu dừng lần hai: thoát ngay');
		process.exit(1);
	}
	stopping = true;
	log.info({ signal, inFlight }, 'Đang dừng: không nhận yêu cầu mới, chờ các yêu cầu đang xử lý');
	const closed = new Promise<void>((ok) => server.close(() => ok()));
	server.closeIdleConnections();
	const timedOut = await Promise.race([
		closed.then(() => false),
		new Promise<boolean>((ok) => setTimeout(() => ok(true), cfg.shutdownTimeoutSeconds * 1000).unref())
	]);
	if (timedOut) {
		log.warn({ inFlight }, `Hết ${cfg.shutdownTimeoutSeconds} giây chờ: đóng các kết nối còn lại`);
		server.closeAllConnections();
	}
	try {
		await runtime().shutdown();
	} catch (error) {
		log.error({ err: error }, 'Lỗi khi đóng cơ sở dữ liệu');
		process.exit(1);
	}
	log.info('Đã dừng');
	process.exit(0);
}

process.on('SIGTERM', (s) => void shutdown(s));
process.on('SIGINT', (s) => void shutdown(s));
