import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { getDatabase } from '$lib/server/db';
import { parseYear } from '$lib/server/overview';
import { blocHeader } from '$lib/server/overview/bloc';
import { rankBloc } from '$lib/server/ranking';
import { authorize } from '$lib/server/auth/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { params, locals } = event;
	const year = parseYear(params.year);
	const db = await getDatabase();
	const header = year === null ? null : await blocHeader(db, year, params.bloc);
	if (year === null || !header) {
		error(
			404,
			t(locals.lang)('error.blocNotFound', { bloc: params.bloc.slice(0, 40), year: params.year.slice(0, 20) })
		);
	}
	authorize(event, {
		kind: 'read:bloc',
		bloc: { blocCode: header.blocCode, year, stage: header.pledge.stage }
	});
	return { header, rows: await rankBloc(db, year, params.bloc) };
};
