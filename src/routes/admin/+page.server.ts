import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { adminTools } from '$lib/server/admin';
import { requireUser } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import type { PageServerLoad } from './$types';

/** Quản trị: the admin tools this account may use; 403 when none. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const tools = await adminTools(await getDatabase(), user);
	if (!tools) error(403, t(event.locals.lang)('error.forbidden'));
	return { tools };
};
