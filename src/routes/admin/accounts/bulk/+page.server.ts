/**
 * Tạo tài khoản hàng loạt (admin, `manage:users`): officer accounts for the units of a year (or
 * one bloc) without one, previewed first; or the accounts of an uploaded file, checked first.
 * Works without JavaScript: the preview is a GET form, the rest plain posts; the file waits on the
 * server between its check and its creation (import/staging.ts). The passwords are given once
 * (download/+server.ts).
 */
import { fail } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/guard';
import { bulkChoices, createFromFile, createFromUnits, unitPlan } from '$lib/server/accounts/bulk';
import { checkAccountsFile } from '$lib/server/accounts/bulk-file';
import { createdView, fileCheckView } from '$lib/server/accounts/bulk-form';
import { HANDOUT_MINUTES } from '$lib/server/accounts/handout';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { getDatabase } from '$lib/server/db';
import { uploadMaxMb } from '$lib/server/import/limits';
import { dropStaged, openStaged, stageFiles } from '$lib/server/import/staging';
import { readForm } from '$lib/server/import/upload-form';
import { t } from '$lib/i18n';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const yearOf = (v: unknown) => (typeof v === 'string' && /^\d{4}$/.test(v) ? Number(v) : null);
const blocOf = (v: unknown) => (typeof v === 'string' && v !== '' && v.length <= 64 ? v : null);

export const load: PageServerLoad = async (event) => {
	authorize(event, { kind: 'manage:users' });
	const db = await getDatabase();
	const choices = await bulkChoices(db);
	const q = event.url.searchParams;
	const year = yearOf(q.get('year'));
	const bloc = blocOf(q.get('bloc'));
	const plan = year !== null ? await unitPlan(db, year, bloc) : null;
	return { choices, plan, maxMb: uploadMaxMb(), handoutMinutes: HANDOUT_MINUTES };
};

/** The session of the admin, to which the passwords are tied. */
const sessionOf = (event: RequestEvent) => event.cookies.get(SESSION_COOKIE) ?? '';

export const actions: Actions = {
	/** The officer accounts of the preview (its unit codes, in order, as shown). */
	fromUnits: async (event) => {
		const user = authorize(event, { kind: 'manage:users' });
		const form = await event.request.formData();
		const year = yearOf(form.get('year'));
		if (year === null) return fail(400, { unitsProblem: t(event.locals.lang)('bulk.error.year') });
		const bloc = blocOf(form.get('bloc'));
		const expected = String(form.get('units') ?? '')
			.split(',')
			.filter((s) => s !== '');
		const result = await createFromUnits(await getDatabase(), user, year, bloc, expected);
		if (!result.ok) return fail(409, { unitsProblem: result.problem });
		return { created: createdView(result, sessionOf(event)) };
	},

	/** Checks an uploaded accounts file; nothing is written. The file waits for `fromFile`. */
	checkFile: async (event) => {
		const user = authorize(event, { kind: 'manage:users' });
		const form = await readForm(event);
		if (typeof form === 'string') return fail(413, { fileProblem: form });
		const file = form.get('file');
		if (!(file instanceof File) || (file.size === 0 && file.name === ''))
			return fail(400, { fileProblem: t(event.locals.lang)('upload.error.noFile') });
		const content = new Uint8Array(await file.arrayBuffer());
		const check = await checkAccountsFile(await getDatabase(), { name: file.name, content });
		if (check.accounts.length === 0) return fail(400, { fileCheck: fileCheckView(check, null) });
		const staged = await stageFiles(user.userId, [{ name: file.name, content }]);
		if (!staged.ok) return fail(413, { fileProblem: t(event.locals.lang)('upload.error.diskFull') });
		return { fileCheck: fileCheckView(check, staged.staged.token) };
	},

	/** Creates the accounts of a checked file, checked once more; nothing when a row is wrong. */
	fromFile: async (event) => {
		const user = authorize(event, { kind: 'manage:users' });
		const form = await event.request.formData();
		const token = form.get('token');
		const opened = await openStaged(user.userId, token);
		if (!opened) return fail(410, { fileProblem: t(event.locals.lang)('upload.error.expired') });
		const db = await getDatabase();
		const name = opened.staged.files[0]?.name ?? 'tệp';
		const check = await checkAccountsFile(db, { name, content: opened.contents[0]! });
		if (check.accounts.length === 0) return fail(400, { fileCheck: fileCheckView(check, null) });
		const result = await createFromFile(db, user, check.accounts, check.file);
		if (!result.ok) return fail(409, { fileProblem: result.problem });
		await dropStaged(token);
		return { created: createdView(result, sessionOf(event)) };
	}
};
