/** Tài khoản: the accounts, searched and filtered from the address (a GET form), by pages. */
import { translator } from '$lib/i18n';
import { accountListPage } from '$lib/server/accounts/page';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, { kind: 'manage:users' });
	return accountListPage(await getDatabase(), event.url.searchParams, translator(event.locals.lang));
};
