/**
 * Tạo tài khoản: username, display name, the first password (typed, or a temporary one shown once
 * on the answer page) and the first role. Refused with the problems, nothing written.
 */
import { fail } from '@sveltejs/kit';
import { grantFromForm } from '$lib/domain/accounts';
import { translator } from '$lib/i18n';
import { createAccount } from '$lib/server/accounts/admin';
import { accountFormOptions, field, grantValues } from '$lib/server/accounts/page';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, { kind: 'manage:users' });
	return { options: await accountFormOptions(await getDatabase(), translator(event.locals.lang)) };
};

export const actions: Actions = {
	default: async (event) => {
		const user = authorize(event, { kind: 'manage:users' });
		const form = await event.request.formData();
		const typed = field(form, 'passwordMode') === 'typed';
		// Never sent back: the password typed stays out of the answer.
		const values = {
			username: field(form, 'username'),
			displayName: field(form, 'displayName'),
			typed,
			mustChange: form.get('mustChange') === 'on',
			...grantValues(form)
		};
		const asked = grantFromForm(values);
		if ('problem' in asked) return fail(400, { problems: [asked.problem], values });
		const done = await createAccount(await getDatabase(), user, {
			username: values.username,
			displayName: values.displayName,
			password: typed ? field(form, 'password') : null,
			mustChange: values.mustChange,
			grants: [asked.grant]
		});
		if (!done.ok) return fail(done.status, { problems: done.problems, values });
		return { created: done.username, temporaryPassword: done.temporaryPassword };
	}
};
