/**
 * Language switch that works without JavaScript: `GET /lang?to=en&back=/blocs/K01/2025` (a plain
 * link) or a POST form with the same fields. Sets the `lang` cookie for a year and redirects back
 * to a path of this site only (never to another origin).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { isLang, LANG_COOKIE } from '$lib/i18n';
import { redirectSameSite } from '$lib/server/redirect';
import type { RequestHandler } from './$types';

const ONE_YEAR = 60 * 60 * 24 * 365;

function switchTo(event: RequestEvent, to: string | null, back: string | null): never {
	if (isLang(to)) {
		event.cookies.set(LANG_COOKIE, to, {
			path: '/',
			maxAge: ONE_YEAR,
			sameSite: 'lax',
			httpOnly: true,
			// A language preference is not a secret, and a Secure cookie would be dropped by browsers
			// on a plain-http intranet (adapter-node reports https unless ORIGIN says otherwise).
			secure: false
		});
	}
	// `back` when it is a path of this site, else the overview.
	redirectSameSite(303, back, '/');
}

export const GET: RequestHandler = (event) =>
	switchTo(event, event.url.searchParams.get('to'), event.url.searchParams.get('back'));

export const POST: RequestHandler = async (event) => {
	const form = await event.request.formData();
	const field = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v : null;
	};
	return switchTo(event, field('to'), field('back'));
};
