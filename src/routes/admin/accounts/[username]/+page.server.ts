/**
 * One account: its facts, roles and change history; rename, disable / enable, reset the password
 * (a temporary one, shown once in the answer), grant and remove roles. Each form answers what
 * was done or the problems (nothing written).
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { grantFromForm, grantLabel, parseGrantKey } from '$lib/domain/accounts';
import { translator } from '$lib/i18n';
import {
	grantRole,
	renameAccount,
	resetPassword,
	revokeRole,
	setAccountActive,
	type Outcome
} from '$lib/server/accounts/admin';
import { accountDetailPage, field, grantValues } from '$lib/server/accounts/page';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase, type Database } from '$lib/server/db';
import type { Principal } from '$lib/domain/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = authorize(event, { kind: 'manage:users' });
	const tr = translator(event.locals.lang);
	const page = await accountDetailPage(await getDatabase(), event.params.username, user, tr);
	if (!page) error(404, tr.t('error.notFound'));
	return page;
};

type Event = RequestEvent<{ username: string }>;

/** Runs one form: the admin, the form, the module's answer → the page's answer. */
async function act<T>(
	event: Event,
	action: string,
	run: (ctx: {
		form: FormData;
		username: string;
		user: Principal;
		db: Database;
	}) => Promise<Outcome<T> | { ok: false; status: 400; problems: string[] }>,
	done: (r: T) => Record<string, unknown>,
	values: (form: FormData) => Record<string, unknown> = () => ({})
) {
	const user = authorize(event, { kind: 'manage:users' });
	const form = await event.request.formData();
	const r = await run({ form, username: event.params.username, user, db: await getDatabase() });
	if (!r.ok) return fail(r.status, { action, problems: r.problems, values: values(form) });
	return { action, ...done(r as T) };
}

export const actions: Actions = {
	rename: async (event) => {
		const tr = translator(event.locals.lang);
		return act(
			event,
			'rename',
			async ({ form, username, user, db }) => renameAccount(db, user, username, field(form, 'displayName')),
			(r) => ({ done: tr.t(r.changed ? 'acct.rename.saved' : 'acct.rename.same') }),
			(form) => ({ displayName: field(form, 'displayName') })
		);
	},
	disable: async (event) => {
		const tr = translator(event.locals.lang);
		return act(
			event,
			'disable',
			async ({ username, user, db }) => setAccountActive(db, user, username, false),
			(r) => ({ done: tr.t('acct.disable.done', { n: r.signedOut }) })
		);
	},
	enable: async (event) => {
		const tr = translator(event.locals.lang);
		return act(
			event,
			'enable',
			async ({ username, user, db }) => setAccountActive(db, user, username, true),
			() => ({ done: tr.t('acct.enable.done') })
		);
	},
	reset: async (event) => {
		const tr = translator(event.locals.lang);
		return act(
			event,
			'reset',
			async ({ username, user, db }) => resetPassword(db, user, username),
			(r) => ({ done: tr.t('acct.reset.done', { n: r.signedOut }), password: r.temporaryPassword })
		);
	},
	grant: async (event) => {
		const tr = translator(event.locals.lang);
		let label = '';
		return act(
			event,
			'grant',
			async ({ form, username, user, db }) => {
				const asked = grantFromForm(grantValues(form));
				if ('problem' in asked) return { ok: false, status: 400, problems: [asked.problem] };
				label = grantLabel(asked.grant, tr);
				return grantRole(db, user, username, asked.grant);
			},
			() => ({ done: tr.t('acct.roles.granted', { role: label }) }),
			grantValues
		);
	},
	revoke: async (event) => {
		const tr = translator(event.locals.lang);
		let label = '';
		return act(
			event,
			'revoke',
			async ({ form, username, user, db }) => {
				const grant = parseGrantKey(field(form, 'grant'));
				if (!grant) return { ok: false, status: 400, problems: ['Vai trò: không rõ vai trò cần bỏ'] };
				label = grantLabel(grant, tr);
				return revokeRole(db, user, username, grant);
			},
			() => ({ done: tr.t('acct.roles.revoked', { role: label }) })
		);
	}
};
