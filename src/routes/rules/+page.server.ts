import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { analyticsAccess, ruleReport, yearParam } from '$lib/server/analytics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { url, locals } = event;
	const user = authorize(event, { kind: 'read:dashboard' });
	const raw = url.searchParams.get('year');
	const year = yearParam(raw);
	if (raw && year === null) error(404, t(locals.lang)('analytics.error.year'));
	const db = await getDatabase();
	const report = await ruleReport(db, await analyticsAccess(db, user), year);
	return { report, year };
};
