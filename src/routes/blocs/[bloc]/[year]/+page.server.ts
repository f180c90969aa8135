import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { getDatabase } from '$lib/server/db';
import { parseYear } from '$lib/server/overview';
import { blocHeader } from '$lib/server/overview/bloc';
import { rankBloc } from '$lib/server/ranking';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const year = parseYear(params.year);
	const db = await getDatabase();
	const header = year === null ? null : await blocHeader(db, year, params.bloc);
	if (year === null || !header) {
		error(
			404,
			t(locals.lang)('error.blocNotFound', { bloc: params.bloc.slice(0, 40), year: params.year.slice(0, 20) })
		);
	}
	return { header, rows: await rankBloc(db, year, params.bloc) };
};
