import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { analyticsAccess, readableBlocs, readableYears } from '$lib/server/analytics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = authorize(event, { kind: 'read:dashboard' });
	const db = await getDatabase();
	const access = await analyticsAccess(db, user);
	return { blocs: await readableBlocs(db, access), years: readableYears(access) };
};
