import { can } from '$lib/domain/policy';
import { getDatabase } from '$lib/server/db';
import { councilName } from '$lib/server/overview';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const db = await getDatabase();
	const user = locals.user ? { username: locals.user.username, displayName: locals.user.displayName } : null;
	// Links shown only to accounts that may follow them (the pages check again).
	const may = {
		upload: can(locals.user, { kind: 'upload' }),
		export: can(locals.user, { kind: 'export' }),
		backups: can(locals.user, { kind: 'manage:backups' }),
		logins: can(locals.user, { kind: 'read:logins' })
	};
	return { lang: locals.lang, councilName: await councilName(db), user, may };
};
