import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { isEmpty, packInput, parseOverrides, whatIf } from '$lib/domain/whatif';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { analyticsAccess, blocParam, blocYear, readableBlocs, whatIfData } from '$lib/server/analytics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { url, locals } = event;
	const user = authorize(event, { kind: 'read:dashboard' });
	const db = await getDatabase();
	const access = await analyticsAccess(db, user);
	const blocs = await readableBlocs(db, access);
	const bloc = blocParam(blocs, url.searchParams.get('bloc'), false);
	if (bloc === undefined || bloc === 'all') error(404, t(locals.lang)('analytics.error.bloc'));
	if (bloc === null) return { blocs, whatif: null, overrides: null, problems: [], changes: null };
	const year = blocYear(bloc, url.searchParams.get('year'));
	if (year === undefined) error(404, t(locals.lang)('analytics.error.year'));
	const whatif = await whatIfData(db, access, bloc.blocCode, year);
	if (!whatif) error(404, t(locals.lang)('analytics.error.year'));
	// Without JavaScript the form comes back here: rank with the submitted weights on the server,
	// with the same function the browser uses.
	const { overrides, problems } = parseOverrides(url.searchParams.entries(), whatif.input);
	return {
		blocs,
		// The scores as columns: the browser ranks with them (unpackInput), the page is smaller.
		whatif: { ...whatif, input: packInput(whatif.input) },
		overrides,
		problems,
		changes: isEmpty(overrides) ? null : whatIf(whatif.input, overrides, whatif.baseline)
	};
};
