import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import {
	awardBalance,
	awardClassParam,
	awardCodeParam,
	codeParam,
	levelParam,
	yearParam
} from '$lib/server/analytics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { url, locals } = event;
	authorize(event, { kind: 'read:dashboard' });
	const q = url.searchParams;
	const rawYear = q.get('year');
	const year = yearParam(rawYear);
	if (rawYear && year === null) error(404, t(locals.lang)('analytics.error.year'));
	const db = await getDatabase();
	const balance = await awardBalance(db, {
		year,
		blocCode: codeParam(q.get('bloc')),
		awardClass: awardClassParam(q.get('class')),
		awardCode: awardCodeParam(q.get('award')),
		level: levelParam(q.get('level'))
	});
	if (balance && year !== null && balance.filter.year !== year)
		error(404, t(locals.lang)('analytics.error.year'));
	return { balance };
};
