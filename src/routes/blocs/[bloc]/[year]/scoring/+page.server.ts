import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { parseYear } from '$lib/server/overview';
import { sheetStatus } from '$lib/server/scoring/sheet';
import { getBlocYear } from '$lib/server/scoring/stage';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// Nobody signed in: the login page before any lookup, so that no 404 tells what exists.
	requireUser(event);
	const { params, locals } = event;
	const year = parseYear(params.year);
	const db = await getDatabase();
	const bloc = year === null ? null : await getBlocYear(db, year, params.bloc);
	if (year === null || !bloc)
		error(
			404,
			t(locals.lang)('error.blocNotFound', { bloc: params.bloc.slice(0, 40), year: params.year.slice(0, 20) })
		);
	authorize(event, { kind: 'read:bloc', bloc });
	const [units, [name]] = await Promise.all([
		sheetStatus(db, bloc),
		db.all<{ blocName: string }>('SELECT bloc_name AS "blocName" FROM bloc WHERE bloc_code = $1', [
			bloc.blocCode
		])
	]);
	return { bloc, blocName: name?.blocName ?? bloc.blocCode, units };
};
