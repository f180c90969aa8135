/** Every download of a bloc-year that this account may have, in every format. */
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { DATASETS, FORMATS, mayDownload } from '$lib/server/export';
import { parseYear } from '$lib/server/overview';
import { blocHeader } from '$lib/server/overview/bloc';
import { getBlocYear } from '$lib/server/scoring/stage';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// Nobody signed in: the login page before any lookup, so that no 404 tells what exists.
	requireUser(event);
	const { params, locals } = event;
	const tt = t(locals.lang);
	const year = parseYear(params.year);
	const db = await getDatabase();
	const bloc = year === null ? null : await getBlocYear(db, year, params.bloc);
	const header = bloc ? await blocHeader(db, bloc.year, bloc.blocCode) : null;
	if (!bloc || !header)
		error(404, tt('error.blocNotFound', { bloc: params.bloc.slice(0, 40), year: params.year.slice(0, 20) }));
	const user = authorize(event, { kind: 'read:bloc', bloc });
	return {
		blocCode: header.blocCode,
		blocName: header.blocName,
		year: header.year,
		stage: bloc.stage,
		downloads: DATASETS.map((dataset) => ({
			dataset,
			formats: FORMATS.filter((format) => mayDownload(user, bloc, dataset, format))
		})).filter((d) => d.formats.length > 0)
	};
};
