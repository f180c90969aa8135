import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import {
	analyticsAccess,
	blocParam,
	codeParam,
	readableBlocs,
	yearParam,
	yearsCompared
} from '$lib/server/analytics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { url, locals } = event;
	const user = authorize(event, { kind: 'read:dashboard' });
	const db = await getDatabase();
	const access = await analyticsAccess(db, user);
	const blocs = await readableBlocs(db, access);
	const bloc = blocParam(blocs, url.searchParams.get('bloc'), true);
	if (bloc === undefined) error(404, t(locals.lang)('analytics.error.bloc'));
	const trends =
		bloc === null
			? null
			: bloc === 'all'
				? // Every unit's table only when asked for (`units=1`): it is most of the page.
					await yearsCompared(db, access, null, { units: url.searchParams.get('units') === '1' })
				: await yearsCompared(db, access, bloc.blocCode, {
						from: yearParam(url.searchParams.get('from')),
						to: yearParam(url.searchParams.get('to')),
						focus: codeParam(url.searchParams.get('focus'))
					});
	return { blocs, trends };
};
