import { fail } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/guard';
import { changeOwnPassword } from '$lib/server/accounts/self';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '$lib/server/auth/password';
import { getDatabase } from '$lib/server/db';
import { redirectSameSite } from '$lib/server/redirect';
import type { Actions, PageServerLoad } from './$types';

/** Đổi mật khẩu: every account; the only page of an account with a temporary password. */
export const load: PageServerLoad = async (event) => {
	const user = authorize(event, { kind: 'account:self' });
	return {
		username: user.username,
		forced: user.mustChangePassword === true,
		minLength: PASSWORD_MIN_LENGTH,
		maxLength: PASSWORD_MAX_LENGTH
	};
};

const field = (form: FormData, name: string) => String(form.get(name) ?? '').slice(0, 500);

export const actions: Actions = {
	default: async (event) => {
		const user = authorize(event, { kind: 'account:self' });
		const form = await event.request.formData();
		const result = await changeOwnPassword(await getDatabase(), user, event.cookies.get(SESSION_COOKIE), {
			current: field(form, 'current'),
			next: field(form, 'next'),
			confirm: field(form, 'confirm')
		});
		if (!result.ok) return fail(400, { field: result.field, problem: result.problem });
		// A temporary password replaced: on to the account's home page; else back to my account.
		redirectSameSite(303, user.mustChangePassword ? '/' : '/account?changed=1');
	}
};
