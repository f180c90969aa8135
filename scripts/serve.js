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

process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
const trustProxy = process.env.TRUST_PROXY === '1';
const host = process.env.HOST || '0.0.0.0';
const port = Number(process.env.PORT || 3000);

const { handler } = await import('../build/handler.js');

const server = createServer((req, res) => {
	if (!trustProxy || !req.headers['x-forwarded-proto']) req.headers['x-forwarded-proto'] = 'http';
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
