/**
 * The cells an upload's last check changes (issue 15): `?unit=&criterion=&page=` one page of the
 * list as JSON for the upload page (its filter and pager); `?format=csv` the list (filtered
 * alike, every page) as a CSV file for Excel, which is also what the filter gives a browser
 * without JavaScript. Only the account that uploaded may read it, as its error report.
 */
import { error, json } from '@sveltejs/kit';
import { changePage, readChangeFilter } from '$lib/domain/cell-changes';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { attachment } from '$lib/server/export/formats';
import { changesCsv } from '$lib/server/import/changes';
import { readChanges } from '$lib/server/import/staging';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = authorize(event, { kind: 'upload' });
	const found = await readChanges(user.userId, event.params.token);
	if (!found) error(404, t(event.locals.lang)('upload.error.expired'));
	const q = event.url.searchParams;
	const { filter, page } = readChangeFilter((name) => q.get(name));
	if (q.get('format') === 'csv') {
		const all = changePage(found, filter, 1, Number.MAX_SAFE_INTEGER);
		return new Response(changesCsv(all.cells, filter.unit || filter.criterion ? all.matching : found.total), {
			headers: {
				'Content-Type': 'text/csv; charset=utf-8',
				'Content-Disposition': attachment('o-thay-doi.csv'),
				'Cache-Control': 'private, no-store'
			}
		});
	}
	return json(changePage(found, filter, page), { headers: { 'Cache-Control': 'private, no-store' } });
};
