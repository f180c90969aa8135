import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { adminTools } from '$lib/server/admin';
import { setDeputyReviewsLeaderUnit } from '$lib/server/admin/settings';
import { setAutoAdvanceAtDeadline } from '$lib/server/scoring/auto-advance';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

/** Quản trị: the admin tools this account may use; 403 when none. */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const tools = await adminTools(await getDatabase(), user);
	if (!tools) error(403, t(event.locals.lang)('error.forbidden'));
	return { tools };
};

export const actions: Actions = {
	/** Who gives the bloc score of the bloc leader's own unit (a checkbox: present = on). */
	reviewRule: async (event) => {
		const user = authorize(event, { kind: 'manage:settings' });
		const form = await event.request.formData();
		const on = form.get('deputyReviews') === 'on';
		await setDeputyReviewsLeaderUnit(await getDatabase(), user, on);
		return { ruleSaved: true };
	},
	/** Issue 14 part 6: the stage advances by itself at the self-scoring deadline (checkbox: present = on). */
	autoAdvance: async (event) => {
		const user = authorize(event, { kind: 'manage:settings' });
		const form = await event.request.formData();
		await setAutoAdvanceAtDeadline(await getDatabase(), user, form.get('autoAdvance') === 'on');
		return { autoAdvanceSaved: true };
	}
};
