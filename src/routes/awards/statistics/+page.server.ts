import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { FORMS } from '$lib/domain/statistics';
import { council, statisticsYears } from '$lib/server/statistics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, { kind: 'read:dashboard' });
	const db = await getDatabase();
	const [years, c] = await Promise.all([statisticsYears(db), council(db)]);
	return {
		years,
		startDay: c.startDay,
		startMonth: c.startMonth,
		forms: FORMS.map((f) => ({ code: f.code, number: f.number, title: f.title }))
	};
};
