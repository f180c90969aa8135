/**
 * The summary table of a bloc-year («Bảng tổng hợp kết quả chấm điểm thi đua») as an Excel file,
 * in the printed report's layout, for whoever may read the report (`read:bloc`: a draft only to
 * those who may read drafts). The place, date and preparer come from the query string, as on the
 * report page.
 */
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { attachment, CONTENT_TYPES } from '$lib/server/export/formats';
import { parseYear } from '$lib/server/overview';
import { blocReport, reportPrintOptions } from '$lib/server/report';
import { summaryFileName, summaryXlsx } from '$lib/server/report/xlsx';
import { getBlocYear } from '$lib/server/scoring/stage';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	// Nobody signed in: the login page before any lookup, so that no 404 tells what exists.
	requireUser(event);
	const { params, locals, url } = event;
	const tt = t(locals.lang);
	const year = parseYear(params.year);
	const db = await getDatabase();
	const bloc = year === null ? null : await getBlocYear(db, year, params.bloc);
	if (!bloc)
		error(404, tt('error.blocNotFound', { bloc: params.bloc.slice(0, 40), year: params.year.slice(0, 20) }));
	authorize(event, { kind: 'read:bloc', bloc });
	const report = await blocReport(db, bloc.year, bloc.blocCode);
	if (!report) error(404, tt('error.notFound'));
	const file = await summaryXlsx(report, reportPrintOptions(url.searchParams, report));
	return new Response(new Uint8Array(file), {
		headers: {
			'Content-Type': CONTENT_TYPES.xlsx,
			'Content-Disposition': attachment(summaryFileName(report.header.blocCode, report.header.year)),
			'Cache-Control': 'private, no-store'
		}
	});
};
