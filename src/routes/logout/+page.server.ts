import { getDatabase } from '$lib/server/db';
import { deleteSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { redirectSameSite } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirectSameSite(303, '/');

export const actions: Actions = {
	default: async ({ cookies }) => {
		await deleteSession(await getDatabase(), cookies.get(SESSION_COOKIE));
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirectSameSite(303, '/login');
	}
};
