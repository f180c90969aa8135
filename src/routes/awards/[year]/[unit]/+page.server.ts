import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/policy';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { codeParam, unitAwards, unitInfo, yearParam } from '$lib/server/analytics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { params, locals } = event;
	const user = authorize(event, { kind: 'read:dashboard' });
	const year = yearParam(params.year);
	const unitCode = codeParam(params.unit);
	const db = await getDatabase();
	const unit = unitCode === null ? null : await unitInfo(db, unitCode);
	if (year === null || !unit) error(404, t(locals.lang)('analytics.error.unit'));
	// Names, gender, ethnicity: only to whoever may read this unit's recipients; others get counts.
	const individuals = can(user, { kind: 'read:award-recipients', unitCode: unit.unitCode });
	return { year, unit, ...(await unitAwards(db, unit.unitCode, year, { individuals })) };
};
