import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { analyticsAccess, codeParam, unitProfile, yearParam } from '$lib/server/analytics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { params, url, locals } = event;
	const user = authorize(event, { kind: 'read:dashboard' });
	const code = codeParam(params.unit);
	const db = await getDatabase();
	const profile =
		code === null
			? null
			: await unitProfile(db, await analyticsAccess(db, user), code, yearParam(url.searchParams.get('year')));
	if (!profile) error(404, t(locals.lang)('analytics.error.unit'));
	return { profile };
};
