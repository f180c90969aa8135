/**
 * The temporary passwords of a bulk creation, ONCE (CSV or Excel), to the admin session that
 * created them, within a few minutes (accounts/handout.ts). A POST, so that no link preloading
 * or prefetching can spend it; answered `no-store`.
 */
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { handoutFile, takeHandout } from '$lib/server/accounts/handout';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { attachment } from '$lib/server/export/formats';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async (event) => {
	authorize(event, { kind: 'manage:users' });
	const form = await event.request.formData();
	const format = form.get('format') === 'xlsx' ? 'xlsx' : 'csv';
	const rows = takeHandout(String(form.get('token') ?? ''), event.cookies.get(SESSION_COOKIE));
	if (!rows) error(410, t(event.locals.lang)('bulk.handout.gone'));
	const file = await handoutFile(rows, format);
	return new Response(file.body, {
		headers: {
			'Content-Type': file.type,
			'Content-Disposition': attachment(file.name),
			'Cache-Control': 'no-store'
		}
	});
};
