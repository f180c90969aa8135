import { authorize } from '$lib/server/auth/guard';
import { myAccount, signOutOtherSessions } from '$lib/server/accounts/self';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { getDatabase } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

/** Tài khoản của tôi: the own roles and sessions, every signed-in account. */
export const load: PageServerLoad = async (event) => {
	const user = authorize(event, { kind: 'account:self' });
	return {
		account: await myAccount(await getDatabase(), user, event.cookies.get(SESSION_COOKIE)),
		changed: event.url.searchParams.get('changed') === '1'
	};
};

export const actions: Actions = {
	/** Ends every session of the account but this one. */
	signOutOthers: async (event) => {
		const user = authorize(event, { kind: 'account:self' });
		const ended = await signOutOtherSessions(await getDatabase(), user, event.cookies.get(SESSION_COOKIE));
		return { signedOut: ended };
	}
};
