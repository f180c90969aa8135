import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { can } from '$lib/domain/policy';
import { formOf, TOTAL, valueColumns } from '$lib/domain/statistics';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { yearParam } from '$lib/server/analytics';
import { statisticsCell } from '$lib/server/statistics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { params, url, locals } = event;
	const user = authorize(event, { kind: 'read:dashboard' });
	const tt = t(locals.lang);
	const form = formOf(params.form);
	if (!form) error(404, tt('stats_error.form'));
	const q = url.searchParams;
	const year = yearParam(q.get('year'));
	if (year === null) error(404, tt('stats_error.year'));
	const rowCode = (q.get('row') ?? '').slice(0, 8);
	const colKey = (q.get('col') ?? TOTAL).slice(0, 40);
	const submitter = q.get('submitter') === 'ministry' ? 'ministry' : 'province';
	const db = await getDatabase();
	// Names of individuals and households (personal data) only to whoever may read the unit's recipients.
	const cell = await statisticsCell(
		db,
		form,
		year,
		rowCode,
		colKey,
		(unitCode) => can(user, { kind: 'read:award-recipients', unitCode }),
		submitter
	);
	if (!cell) error(404, tt('stats_error.cell'));
	const row = form.rows.find((r) => r.code === rowCode)!;
	const col = valueColumns(form).find((c) => c.key === colKey) ?? null;
	return {
		form: { code: form.code, number: form.number, title: form.title },
		year,
		submitter,
		row: { code: row.code, label: row.label },
		col: col ? { group: col.group, side: col.side, form: col.form ?? null } : null,
		...cell
	};
};
