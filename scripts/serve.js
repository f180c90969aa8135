/**
 * npm start: serves the built app (build/handler.js) over plain HTTP.
 *
 * adapter-node assumes browsers reach it over https unless ORIGIN is set, which makes SvelteKit
 * refuse every form post (login, scores) from an office network reached by plain http. Here the
 * protocol the browser really used is passed on: requests on this plain socket are http, unless
 * TRUST_PROXY=1 and a reverse proxy in front says otherwise in X-Forwarded-Proto. ORIGIN, when
 * set (recommended behind a proxy), still wins. HOST and PORT as for adapter-node.
 */
import { createServer } from 'node:http';

/*
 * Uploads: adapter-node refuses request bodies over BODY_SIZE_LIMIT (default 512 KB). The upload
 * page takes files up to UPLOAD_MAX_MB (default 50, as in src/lib/server/import/limits.ts), plus
 * room for the form, and refuses anything larger itself with a clear message. Every other
 * request keeps a small limit.
 */
const uploadMb = Number(process.env.UPLOAD_MAX_MB) > 0 ? Number(process.env.UPLOAD_MAX_MB) : 50;
process.env.BODY_SIZE_LIMIT ??= String(Math.ceil(uploadMb * 1024 * 1024) + 1024 * 1024);
const OTHER_BODY_LIMIT = 512 * 1024;

process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
const trustProxy = process.env.TRUST_PROXY === '1';
const host = process.env.HOST || '0.0.0.0';
const port = Number(process.env.PORT || 3000);

const { handler } = await import('../build/handler.js');

const server = createServer((req, res) => {
	if (!trustProxy || !req.headers['x-forwarded-proto']) req.headers['x-forwarded-proto'] = 'http';
	if (!req.url?.startsWith('/upload') && Number(req.headers['content-length']) > OTHER_BODY_LIMIT) {
		res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
		res.end('Dữ liệu gửi lên quá lớn.');
		return;
	}
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Không tìm thấy');
	});
});

server.listen(port, host, () => console.log(`Listening on http://${host}:${port}`));

function shutdown() {
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
