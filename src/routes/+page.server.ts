import { error } from '@sveltejs/kit';
import { can, type BlocYear } from '$lib/domain/policy';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { defaultYear, parseYear, pledgeYears, yearOverview } from '$lib/server/overview';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { url, locals } = event;
	const user = authorize(event, { kind: 'read:dashboard' });
	const mayRead = (bloc: BlocYear) => can(user, { kind: 'read:bloc', bloc });
	const db = await getDatabase();
	const raw = url.searchParams.get('year');
	const years = await pledgeYears(db);
	if (raw === null || raw === '') {
		const year = await defaultYear(db);
		if (year === null) return { years, overview: null };
		return { years, overview: await yearOverview(db, year, mayRead) };
	}
	const year = parseYear(raw);
	const overview = year === null ? null : await yearOverview(db, year, mayRead);
	if (!overview) error(404, t(locals.lang)('error.yearNotFound', { year: raw.slice(0, 20) }));
	return { years, overview };
};
