/**
 * The printable ranking report of a bloc-year, for whoever may read the bloc. The place, the
 * date and the preparer's name printed at the bottom come from the query string (a GET form on
 * the page), so the printed document can be dated and signed as the council needs.
 */
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { parseYear } from '$lib/server/overview';
import { blocReport, reportPrintOptions } from '$lib/server/report';
import { getBlocYear } from '$lib/server/scoring/stage';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
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
	return { report, ...reportPrintOptions(url.searchParams, report) };
};
