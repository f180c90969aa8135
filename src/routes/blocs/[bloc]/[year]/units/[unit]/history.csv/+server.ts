/** The unit's change history as a CSV file for Excel (same right as the history page). */
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { getDatabase } from '$lib/server/db';
import { parseYear } from '$lib/server/overview';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { historyCsv, historyFileName, memberName, unitHistory } from '$lib/server/audit';
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
	authorize(event, { kind: 'read:audit', bloc, unitCode: params.unit });
	if ((await memberName(db, bloc, params.unit)) === null) error(404, tt('error.notFound'));
	const criterion = url.searchParams.get('criterion') || null;
	const csv = historyCsv(await unitHistory(db, bloc, params.unit, criterion));
	return new Response(csv, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${historyFileName(params.unit, bloc.year)}"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
