import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { isGapMetric } from '$lib/components/analytics/gap-options';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { analyticsAccess, blocGaps, blocParam, blocYear, readableBlocs } from '$lib/server/analytics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { url, locals } = event;
	const user = authorize(event, { kind: 'read:dashboard' });
	const db = await getDatabase();
	const access = await analyticsAccess(db, user);
	const blocs = await readableBlocs(db, access);
	const bloc = blocParam(blocs, url.searchParams.get('bloc'), false);
	if (bloc === undefined || bloc === 'all') error(404, t(locals.lang)('analytics.error.bloc'));
	if (bloc === null) return { blocs, gaps: null, metric: 'percent' as const };
	const year = blocYear(bloc, url.searchParams.get('year'));
	if (year === undefined) error(404, t(locals.lang)('analytics.error.year'));
	const raw = url.searchParams.get('metric');
	return {
		blocs,
		gaps: await blocGaps(db, access, bloc.blocCode, year),
		metric: isGapMetric(raw) ? raw : ('percent' as const)
	};
};
