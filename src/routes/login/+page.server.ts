import { fail } from '@sveltejs/kit';
import { safeRedirectPath } from '$lib/domain/same-site';
import { getDatabase } from '$lib/server/db';
import { waitMinutes } from '$lib/domain/login-throttle';
import { login, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { readPublicYears } from '$lib/server/publication';
import { redirectSameSite } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

/** Where to go once signed in: `next` when it is a path of this site, else the overview. */
const safeNext = (raw: unknown) => safeRedirectPath(raw, '/');

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirectSameSite(303, url.searchParams.get('next'), '/');
	// Issue 15 part 5: a link to the public results while any year is public.
	const publicResults = (await readPublicYears(await getDatabase())).length > 0;
	return { next: safeNext(url.searchParams.get('next')), publicResults };
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress, url, setHeaders }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '').slice(0, 100);
		const password = String(form.get('password') ?? '').slice(0, 500);
		const next = safeNext(form.get('next'));
		if (username.trim() === '' || password === '')
			return fail(400, { username, problem: 'missing' as const });
		const result = await login(await getDatabase(), username, password, getClientAddress());
		if (!result.ok) {
			// The same answers whether the account exists or not (the limits count usernames).
			const minutes = result.waitSeconds === undefined ? undefined : waitMinutes(result.waitSeconds);
			if (result.reason === 'held') {
				setHeaders({ 'Retry-After': String(result.waitSeconds) });
				return fail(429, { username, problem: 'held' as const, minutes });
			}
			return fail(400, { username, problem: 'invalid' as const, minutes });
		}
		cookies.set(SESSION_COOKIE, result.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			expires: result.expires
		});
		redirectSameSite(303, next, '/');
	}
};
