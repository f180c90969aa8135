/**
 * Nhập dữ liệu: upload CSV or Excel files, see how they were read, map their columns, get every
 * row checked (error report, downloadable), see what would change, then commit in one
 * transaction. Works without JavaScript: each step is a plain form post; the files wait on the
 * server between steps (staging.ts). The form handling is in $lib/server/import/upload-form.ts.
 *
 * Rights: admin imports anything; a bloc leader or deputy imports their bloc's scores while it is
 * in review (checked on what the files change); an analyst may check files but not commit. Score
 * rows of sheets the account may not read are refused, whatever their values, in the check too.
 * A check or commit that loses twice against a concurrent save answers 409 (nothing written).
 */
import { error, fail } from '@sveltejs/kit';
import { changePage, type ChangePage } from '$lib/domain/cell-changes';
import { can, type Principal } from '$lib/domain/policy';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase, WriteConflictError } from '$lib/server/db';
import { PROGRESS_ROWS, uploadMaxMb } from '$lib/server/import/limits';
import { previewInputs, TABLE_CHOICES } from '$lib/server/import/preview';
import {
	dropStaged,
	openStaged,
	readChanges,
	saveChanges,
	saveIssues,
	type StagedFile
} from '$lib/server/import/staging';
import {
	checkUpload,
	commitUpload,
	conflictScopeText,
	mayCommit,
	readChoices,
	type UploadCheck,
	type UploadChoices,
	type UploadSummary
} from '$lib/server/import/upload';
import {
	pageCheck,
	progressOf,
	readForm,
	reportOf,
	stagedInputs,
	uploadBlocYears,
	type PageCheck,
	type StagedInputs
} from '$lib/server/import/upload-form';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = authorize(event, { kind: 'upload' });
	const blocYears = await uploadBlocYears(await getDatabase(), user);
	const q = event.url.searchParams;
	const wanted = `${q.get('bloc') ?? ''}|${q.get('year') ?? ''}`;
	const commit = mayCommit(user);
	const leads = !can(user, { kind: 'import' }) && commit;
	return {
		maxMb: uploadMaxMb(),
		progressRows: PROGRESS_ROWS,
		blocYears,
		tables: TABLE_CHOICES,
		mayCommit: commit,
		defaults: {
			blocYear: blocYears.some((b) => b.value === wanted) ? wanted : '',
			scoreField: leads ? ('reviewed_score' as const) : ('' as const)
		}
	};
};

/** What every action returns to the page. */
export interface UploadState {
	step: 'checked' | 'committed' | 'discarded' | 'refused';
	/** A message about the request as a whole (too large, expired, no file). */
	message?: string;
	token?: string;
	files?: StagedFile[];
	choices?: UploadChoices;
	/** The check as the page shows it: identical problems grouped (the download has every item). */
	check?: PageCheck;
	summary?: UploadSummary;
	/** The stored error report: how many issues it keeps of how many (it is cut short per kind). */
	report?: { kept: number; total: number; perKind: number };
	/** Issue 15: the first page of the cells it changes (or changed), unfiltered. */
	changes?: ChangePage;
}

const NO_FILTER = { unit: '', criterion: '' };

/** Keeps the cells a check found (for the list and the commit) and answers their first page. */
async function keepChanges(token: string, checked: Pick<UploadCheck, 'changes' | 'digest'>) {
	await saveChanges(token, checked.changes, checked.digest);
	return changePage(checked.changes, NO_FILTER, 1);
}

/** Every action answers with an UploadState (typed once, so the page reads one shape). */
const answer = (s: UploadState): UploadState => s;
const refused = (status: number, message: string, choices?: UploadChoices) =>
	fail(status, answer({ step: 'refused', message, choices }));

async function check(event: RequestEvent) {
	const user = authorize(event, { kind: 'upload' });
	const form = await readForm(event);
	if (typeof form === 'string') return refused(413, form);
	const staged = await stagedInputs(event, form, user.userId);
	if (!staged.ok) return refused(staged.status, staged.message, readChoices(form));
	const db = await getDatabase();
	let checked: Awaited<ReturnType<typeof checkUpload>>;
	try {
		checked = await checkUpload(db, user, staged.inputs, progressOf(event, form, user.userId));
	} catch (e) {
		// The dry run lost twice against concurrent saves: nothing was written either way.
		if (!(e instanceof WriteConflictError)) throw e;
		const tt = t(event.locals.lang);
		return refused(
			409,
			tt('upload.error.conflictCheck', { scope: conflictScopeText(tt, e.scope) }),
			staged.choices
		);
	}
	const stored = await saveIssues(staged.token, checked.allIssues);
	return answer({
		step: 'checked',
		token: staged.token,
		files: staged.staged.files,
		choices: staged.choices,
		check: pageCheck(checked),
		report: reportOf(stored),
		changes: await keepChanges(staged.token, checked)
	});
}

/**
 * A commit that lost twice against concurrent writers (nothing written): 409 with what it was
 * writing, and the files checked again against what the others wrote, ready to commit again.
 */
async function commitConflict(
	event: RequestEvent,
	user: Principal,
	staged: StagedInputs,
	conflict: WriteConflictError | 'stale'
) {
	const tt = t(event.locals.lang);
	const message =
		conflict === 'stale'
			? tt('roundtrip_upload.stale')
			: tt('upload.error.conflict', { scope: conflictScopeText(tt, conflict.scope) });
	let checked: Awaited<ReturnType<typeof checkUpload>>;
	try {
		checked = await checkUpload(await getDatabase(), user, staged.inputs);
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		return refused(409, message, staged.choices);
	}
	await saveIssues(staged.token, checked.allIssues);
	return fail(
		409,
		answer({
			step: 'checked',
			message,
			token: staged.token,
			files: staged.staged.files,
			choices: staged.choices,
			check: pageCheck(checked),
			changes: await keepChanges(staged.token, checked)
		})
	);
}

export const actions: Actions = {
	/** Uploads files (or takes the staged ones of `token`) and checks them; nothing is written. */
	check,
	/** Writes the staged files of `token` in one transaction, if every row is valid and allowed. */
	commit: async (event) => {
		const user = authorize(event, { kind: 'upload' });
		if (!mayCommit(user)) error(403, t(event.locals.lang)('upload.error.checkOnly'));
		const form = await readForm(event);
		if (typeof form === 'string') return refused(413, form);
		if (form.getAll('files').some((f) => f instanceof File && f.size > 0))
			return refused(400, t(event.locals.lang)('upload.error.checkFirst'));
		const staged = await stagedInputs(event, form, user.userId);
		if (!staged.ok) return refused(staged.status, staged.message, readChoices(form));
		// What its check listed: the commit writes exactly that, or nothing. A check that found
		// errors listed nothing (no digest): a commit that finds none now is stale, shown afresh.
		const seen = await readChanges(user.userId, staged.token);
		const expected = seen?.digest ?? '';
		const db = await getDatabase();
		let done: Awaited<ReturnType<typeof commitUpload>>;
		try {
			done = await commitUpload(db, user, staged.inputs, progressOf(event, form, user.userId), expected);
		} catch (e) {
			if (!(e instanceof WriteConflictError)) throw e;
			return commitConflict(event, user, staged, e);
		}
		// The data (or the form's choices) changed since the check: nothing written, the new list shown.
		if (done.stale) return commitConflict(event, user, staged, 'stale');
		if (!done.summary.committed) {
			// Refused (an error found or a right missing): show the report as a check would.
			const stored = await saveIssues(staged.token, done.allIssues);
			return fail(
				422,
				answer({
					step: 'checked',
					token: staged.token,
					files: staged.staged.files,
					choices: staged.choices,
					report: reportOf(stored),
					check: pageCheck({ ...done, previews: await previewInputs(db, staged.inputs) }),
					changes: await keepChanges(staged.token, done)
				})
			);
		}
		await dropStaged(staged.token);
		return answer({
			step: 'committed',
			files: staged.staged.files,
			summary: done.summary,
			changes: changePage(done.changes, NO_FILTER, 1)
		});
	},
	/** Forgets the staged files. */
	discard: async (event) => {
		const user = authorize(event, { kind: 'upload' });
		const form = await event.request.formData();
		const token = form.get('token');
		if ((await openStaged(user.userId, token)) !== null) await dropStaged(token);
		return answer({ step: 'discarded' });
	}
};
