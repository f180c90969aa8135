import { error } from '@sveltejs/kit';
import { t, translator } from '$lib/i18n';
import { getDatabase } from '$lib/server/db';
import { parseYear } from '$lib/server/overview';
import { blocHeader } from '$lib/server/overview/bloc';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { memberName, unitHistoryPage } from '$lib/server/audit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// Nobody signed in: the login page before any lookup, so that no 404 tells what exists.
	requireUser(event);
	const { params, locals, url } = event;
	const tt = t(locals.lang);
	const year = parseYear(params.year);
	const db = await getDatabase();
	const header = year === null ? null : await blocHeader(db, year, params.bloc);
	if (year === null || !header)
		error(404, tt('error.blocNotFound', { bloc: params.bloc.slice(0, 40), year: params.year.slice(0, 20) }));
	const bloc = { blocCode: header.blocCode, year, stage: header.pledge.stage };
	authorize(event, { kind: 'read:audit', bloc, unitCode: params.unit });
	const unitName = await memberName(db, bloc, params.unit);
	if (unitName === null) error(404, tt('error.notFound'));

	const page = await unitHistoryPage(
		db,
		bloc,
		params.unit,
		url.searchParams.get('criterion') ?? '',
		translator(locals.lang)
	);

	return {
		blocCode: header.blocCode,
		blocName: header.blocName,
		year,
		stage: bloc.stage,
		unitCode: params.unit,
		unitName,
		...page
	};
};
