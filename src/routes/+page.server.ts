import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { getDatabase } from '$lib/server/db';
import { defaultYear, parseYear, pledgeYears, yearOverview } from '$lib/server/overview';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const db = await getDatabase();
	const raw = url.searchParams.get('year');
	const years = await pledgeYears(db);
	if (raw === null || raw === '') {
		const year = await defaultYear(db);
		if (year === null) return { years, overview: null };
		return { years, overview: await yearOverview(db, year) };
	}
	const year = parseYear(raw);
	const overview = year === null ? null : await yearOverview(db, year);
	if (!overview) error(404, t(locals.lang)('error.yearNotFound', { year: raw.slice(0, 20) }));
	return { years, overview };
};
