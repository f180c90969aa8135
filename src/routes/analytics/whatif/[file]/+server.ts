/**
 * The what-if ranking as `xep-hang-gia-dinh.csv` or `.xlsx`, for the bloc, year and weights of
 * the query (the what-if page's own parameters). Rights as the page: `read:dashboard`, and only a
 * bloc-year the reader may see (else 404, as the page).
 */
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { analyticsAccess, whatIfDownload, whatIfFileFormat } from '$lib/server/analytics';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = authorize(event, { kind: 'read:dashboard' });
	const format = whatIfFileFormat(event.params.file);
	if (!format) error(404, t(event.locals.lang)('error.notFound'));
	const db = await getDatabase();
	const response = await whatIfDownload(db, await analyticsAccess(db, user), event.url.searchParams, format);
	if (!response) error(404, t(event.locals.lang)('analytics.error.year'));
	return response;
};
