import { error } from '@sveltejs/kit';
import { can, type BlocYear } from '$lib/domain/policy';
import { t, translator } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { loadHome } from '$lib/server/home';
import { changeAuthor, presentChange } from '$lib/server/home/present';
import { defaultYear, parseYear, pledgeYears, yearOverview } from '$lib/server/overview';
import { stagesOfYear } from '$lib/server/scoring/stage';
import type { PageServerLoad } from './$types';

/**
 * The home page: "Việc của tôi" (the account's own work first, see domain/home.ts), then the
 * overview of a year. Without `?year=` the overview opens on the latest year with scores, or,
 * for an account that reads none of that year's drafts (leadership, a unit officer), on the
 * latest finalised year.
 */
export const load: PageServerLoad = async (event) => {
	const { url, locals } = event;
	const user = authorize(event, { kind: 'read:dashboard' });
	const mayRead = (bloc: BlocYear) => can(user, { kind: 'read:bloc', bloc });
	const db = await getDatabase();
	const tr = translator(locals.lang);
	const [years, home] = await Promise.all([pledgeYears(db), loadHome(db, user)]);
	const page = {
		years,
		home: {
			...home,
			sheets: home.sheets.map((s) => ({
				...s,
				updatedByName: s.updatedBy === null ? null : changeAuthor(s.updatedBy, s.updatedByName, tr)
			})),
			changes: home.changes.map((c) => presentChange(c, tr))
		}
	};
	const raw = url.searchParams.get('year');
	if (raw === null || raw === '') {
		const latest = await defaultYear(db);
		if (latest === null) return { ...page, overview: null };
		// Nothing of that year readable (all drafts of other blocs): the latest finalised year.
		const readable = [...(await stagesOfYear(db, latest)).values()].some(mayRead);
		const year = !readable && home.finalisedYear !== null ? home.finalisedYear : latest;
		return { ...page, overview: await yearOverview(db, year, mayRead) };
	}
	const year = parseYear(raw);
	const overview = year === null ? null : await yearOverview(db, year, mayRead);
	if (!overview) error(404, t(locals.lang)('error.yearNotFound', { year: raw.slice(0, 20) }));
	return { ...page, overview };
};
