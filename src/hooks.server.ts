import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { DEFAULT_LANG, isLang, LANG_COOKIE, t } from '$lib/i18n';
import { getDatabase } from '$lib/server/db';
import { SESSION_COOKIE, sessionPrincipal } from '$lib/server/auth/sessions';
import { loadSampleIfEmpty, sampleDir } from '$lib/server/import/sample';
import { acceptsGzip, PageCache, pageCacheBytes, pageCacheKey } from '$lib/server/page-cache';

/**
 * Runs once when the server starts (not during `vite build`, nothing is prerendered): opens the
 * database (migrations included) and, on an empty database, loads the sample data set.
 * `SEED_SAMPLE=0` keeps an empty database empty.
 */
export const init: ServerInit = async () => {
	const db = await getDatabase();
	if (await loadSampleIfEmpty(db)) {
		console.log(`[khoi-thi-dua] Cơ sở dữ liệu trống: đã nạp dữ liệu mẫu ${sampleDir()} vào ${db.path}`);
	}
};

/** Headers every response carries (the Content-Security-Policy comes from svelte.config.js). */
const SECURITY_HEADERS: Record<string, string> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin'
};

/** Read-only pages between two writes (see page-cache.ts). */
const pages = new PageCache(pageCacheBytes());

export const handle: Handle = async ({ event, resolve }) => {
	const cookie = event.cookies.get(LANG_COOKIE);
	const lang = isLang(cookie) ? cookie : DEFAULT_LANG;
	event.locals.lang = lang;
	const db = await getDatabase();
	event.locals.user = await sessionPrincipal(db, event.cookies.get(SESSION_COOKIE));
	const render = () => resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
	const key = pageCacheKey(event.request, event.route.id, event.locals.user?.userId, lang);
	const gzip = acceptsGzip(event.request.headers.get('accept-encoding'));
	const response = key ? await pages.serve(key, db, render, gzip) : await render();
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
	// Pages hold drafts and personal data: never store them in shared caches.
	if (event.locals.user && !response.headers.has('cache-control'))
		response.headers.set('Cache-Control', 'private, no-store');
	return response;
};

/** Unexpected errors: log them, show the user a translated message and never a stack trace. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const lang = isLang(event.locals.lang) ? event.locals.lang : DEFAULT_LANG;
	if (status === 404) return { message: t(lang)('error.notFound') };
	console.error(`[khoi-thi-dua] ${event.request.method} ${event.url.pathname}:`, error);
	return { message: t(lang)('error.unexpected') };
};
