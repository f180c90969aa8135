import { getDatabase } from '$lib/server/db';
import { councilName } from '$lib/server/overview';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const db = await getDatabase();
	const user = locals.user ? { username: locals.user.username, displayName: locals.user.displayName } : null;
	return { lang: locals.lang, councilName: await councilName(db), user };
};
