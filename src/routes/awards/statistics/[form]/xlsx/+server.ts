/** A form (Biểu 0602/0603) of an emulation year as an Excel file, laid out like its print. */
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { formOf } from '$lib/domain/statistics';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { yearParam } from '$lib/server/analytics';
import { statisticsForm } from '$lib/server/statistics';
import { printInfo } from '$lib/server/statistics/print';
import { statisticsXlsx } from '$lib/server/statistics/xlsx';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { params, url, locals } = event;
	authorize(event, { kind: 'read:dashboard' });
	const form = formOf(params.form);
	if (!form) error(404, t(locals.lang)('stats_error.form'));
	const year = yearParam(url.searchParams.get('year'));
	if (year === null) error(404, t(locals.lang)('stats_error.year'));
	const db = await getDatabase();
	const submitter = url.searchParams.get('submitter') === 'ministry' ? 'ministry' : 'province';
	const view = await statisticsForm(db, form, year, submitter);
	const info = printInfo(url.searchParams, view.council.councilName, new Date().toISOString().slice(0, 10));
	const body = await statisticsXlsx(view.grid, info);
	return new Response(new Uint8Array(body), {
		headers: {
			'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'Content-Disposition': `attachment; filename="bieu-${form.code}-${year}.xlsx"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
