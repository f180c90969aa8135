import { fail } from '@sveltejs/kit';
import { safeRedirectPath } from '$lib/domain/same-site';
import { getDatabase } from '$lib/server/db';
import { login, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { redirectSameSite } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

/** Where to go once signed in: `next` when it is a path of this site, else the overview. */
const safeNext = (raw: unknown) => safeRedirectPath(raw, '/');

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirectSameSite(303, url.searchParams.get('next'), '/');
	return { next: safeNext(url.searchParams.get('next')) };
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress, url }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '').slice(0, 100);
		const password = String(form.get('password') ?? '').slice(0, 500);
		const next = safeNext(form.get('next'));
		if (username.trim() === '' || password === '')
			return fail(400, { username, problem: 'missing' as const });
		const result = await login(await getDatabase(), username, password, getClientAddress());
		if (!result.ok)
			return fail(result.reason === 'invalid' ? 400 : 429, { username, problem: result.reason });
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
