import { getDatabase } from '$lib/server/db';
import { councilName } from '$lib/server/overview';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const db = await getDatabase();
	return { lang: locals.lang, councilName: await councilName(db) };
};
