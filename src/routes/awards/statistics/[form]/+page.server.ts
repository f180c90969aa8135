import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { checkSums, formOf } from '$lib/domain/statistics';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { yearParam } from '$lib/server/analytics';
import { council, statisticsForm, statisticsYears, undatedAwards } from '$lib/server/statistics';
import { printInfo, printLines, printQuery } from '$lib/server/statistics/print';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { params, url, locals } = event;
	authorize(event, { kind: 'read:dashboard' });
	const form = formOf(params.form);
	if (!form) error(404, t(locals.lang)('stats_error.form'));
	const db = await getDatabase();
	const [years, c, undated] = await Promise.all([statisticsYears(db), council(db), undatedAwards(db)]);
	const raw = url.searchParams.get('year');
	const year = raw === null ? (years[0] ?? new Date().getFullYear()) : yearParam(raw);
	if (year === null) error(404, t(locals.lang)('stats_error.year'));
	const info = printInfo(url.searchParams, c.councilName, new Date().toISOString().slice(0, 10));
	const { grid } = await statisticsForm(db, form, year, info.submitter);
	return {
		year,
		years,
		grid,
		info,
		lines: printLines(grid, info),
		query: printQuery(info),
		breaks: checkSums(grid),
		undated
	};
};
