import { error, isRedirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { randomBytes } from 'node:crypto';
import { DEFAULT_LANG, isLang, LANG_COOKIE, t } from '$lib/i18n';
import { config } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { readPlaces, ReadGate, RecentWriters, writerFirst } from '$lib/server/db/gate';
import { anonymousGate, publicCacheControl } from '$lib/domain/publication';
import { passwordChangeGate } from '$lib/server/auth/guard';
import { redirectSameSite } from '$lib/server/redirect';
import { SESSION_COOKIE, sessionPrincipal } from '$lib/server/auth/sessions';
import { derivedGrantsKey } from '$lib/server/auth/users';
import { loadSampleIfEmpty, sampleDir } from '$lib/server/import/sample';
import { log } from '$lib/server/log';
import { acceptsGzip, PageCache, pageCacheBytes, pageCacheKey } from '$lib/server/page-cache';
import { startServices } from '$lib/server/runtime';
import { securityHeaders } from '$lib/server/security-headers';
import { SERVICES } from '$lib/server/services';

/**
 * Runs once when the server starts (not during `vite build`, nothing is prerendered): opens the
 * database (migrations included), on an empty database loads the sample data set
 * (`SEED_SAMPLE=0` keeps it empty), then starts the background services (runtime.ts).
 */
export const init: ServerInit = async () => {
	const cfg = config();
	const db = await getDatabase();
	if (await loadSampleIfEmpty(db))
		log.info({ sample: sampleDir(), database: db.path }, 'Cơ sở dữ liệu trống: đã nạp dữ liệu mẫu');
	await startServices(db, cfg, SERVICES);
};

/** Read-only pages between two writes (see page-cache.ts). */
const pages = new PageCache(pageCacheBytes());

/**
 * Pages and answers rendered at once (a cached page is sent without a place). Rendering is
 * JavaScript on the one main thread between database reads: fifty renderings at once after a
 * write only make each of them, and every save and sign-in waiting behind them, slower.
 */
let renders: ReadGate | null = null;
/** A page loaded within 10 s of its account's own write is rendered first (gate.ts). */
const recentWriters = new RecentWriters(10_000);
const rendering = <T>(fn: () => Promise<T>): Promise<T> =>
	(renders ??= new ReadGate(readPlaces(config().readPlaces))).read(fn);

/** Routes that answer without a session and are never cached (probes of the server's health). */
const UNCACHED_PUBLIC = new Set(['/healthz']);

/**
 * A request that writes (a form action, a sign-in, an upload) does all its database work ahead
 * of the readers waiting at the database's gate (db/gate.ts): a save meets at most a few reads.
 */
export const handle: Handle = (input) =>
	input.event.request.method === 'GET' || input.event.request.method === 'HEAD'
		? serve(input)
		: writerFirst(() => serve(input));

const serve: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const requestId = randomBytes(8).toString('hex');
	event.locals.requestId = requestId;
	const cookie = event.cookies.get(LANG_COOKIE);
	const lang = isLang(cookie) ? cookie : DEFAULT_LANG;
	event.locals.lang = lang;
	event.locals.user = null;
	let response: Response | undefined;
	let thrown: number | undefined;
	try {
		if (event.route.id && UNCACHED_PUBLIC.has(event.route.id)) {
			response = await resolve(event);
		} else {
			const db = await getDatabase();
			event.locals.user = await sessionPrincipal(db, event.cookies.get(SESSION_COOKIE));
			// Issue 15 part 5: without an account only the open routes and the public results
			// (domain/publication.ts); every other route asks for a sign-in, as its own guard does too.
			const anonymous = anonymousGate({
				signedIn: event.locals.user !== null,
				routeId: event.route.id,
				method: event.request.method
			});
			if (anonymous === 'login')
				redirectSameSite(
					303,
					`/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`,
					'/login'
				);
			if (anonymous === 'refuse') error(401, 'Cần đăng nhập');
			// A temporary password: to the password page (a redirect, thrown) or 403, before any cache.
			const refused = passwordChangeGate(event);
			const render = () =>
				rendering(async () =>
					resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) })
				);
			// Keyed on the grants derived from memberships too: they change without an account write.
			const user = event.locals.user;
			const key = pageCacheKey(event.request, event.route.id, user?.userId, lang, derivedGrantsKey(user));
			const gzip = acceptsGzip(event.request.headers.get('accept-encoding'));
			const serveIt = () => (key ? pages.serve(key, db, render, gzip) : render());
			const userId = event.locals.user?.userId;
			response = refused ?? (await (recentWriters.recent(userId) ? writerFirst(serveIt) : serveIt()));
		}
		// The same set start.ts gives what SvelteKit does not answer (static files, 413); HSTS over https.
		const https = event.url.protocol === 'https:';
		for (const [name, value] of Object.entries(securityHeaders(https))) response.headers.set(name, value);
		response.headers.set('X-Request-Id', requestId);
		// The public results (issue 15 part 5): storable for anonymous visitors, checked again on
		// every use (a withdrawn year is gone at once); one answer for anonymous visitors and
		// another for an account, told apart by the cookie.
		const publicCache = publicCacheControl(event.route.id, event.locals.user !== null, response.status);
		if (publicCache) {
			response.headers.set('Cache-Control', publicCache);
			response.headers.append('Vary', 'Cookie');
		}
		// Pages hold drafts and personal data: never store them in shared caches.
		if (event.locals.user && !response.headers.has('cache-control'))
			response.headers.set('Cache-Control', 'private, no-store');
		return response;
	} catch (e) {
		if (isRedirect(e)) thrown = e.status;
		throw e;
	} finally {
		const method = event.request.method;
		if (method !== 'GET' && method !== 'HEAD' && event.locals.user)
			recentWriters.wrote(event.locals.user.userId);
		// One line per request: never the cookie, the query string or form values.
		log.info(
			{
				reqId: requestId,
				method: event.request.method,
				route: event.route.id,
				path: event.url.pathname,
				status: response?.status ?? thrown ?? 500,
				ms: Math.round((performance.now() - started) * 10) / 10,
				user: event.locals.user?.userId ?? null
			},
			'request'
		);
	}
};

/** Unexpected errors: log them with the request id, show the user a translated message and the id. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const lang = isLang(event.locals.lang) ? event.locals.lang : DEFAULT_LANG;
	const requestId = event.locals.requestId;
	if (status === 404) return { message: t(lang)('error.notFound'), requestId };
	log.error(
		{
			reqId: requestId,
			method: event.request.method,
			route: event.route.id,
			path: event.url.pathname,
			err: error
		},
		'Lỗi ngoài dự kiến'
	);
	return { message: t(lang)('error.unexpected'), requestId };
};
