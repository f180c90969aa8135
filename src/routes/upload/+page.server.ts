/**
 * Nhập dữ liệu: upload CSV or Excel files, see how they were read, map their columns, get every
 * row checked (error report, downloadable), see what would change, then commit in one
 * transaction. Works without JavaScript: each step is a plain form post; the files wait on the
 * server between steps (staging.ts).
 *
 * Rights: admin imports anything; a bloc leader or deputy imports their bloc's scores while it is
 * in review (checked on what the files change); an analyst may check files but not commit. Score
 * rows of sheets the account may not read are refused, whatever their values, in the check too.
 * A check or commit that loses twice against a concurrent save answers 409 (nothing written).
 */
import { error, fail } from '@sveltejs/kit';
import { can, isStage, type Principal } from '$lib/domain/policy';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase, WriteConflictError } from '$lib/server/db';
import { FORM_OVERHEAD_BYTES, PROGRESS_ROWS, uploadMaxBytes, uploadMaxMb } from '$lib/server/import/limits';
import { isProgressId, reportProgress } from '$lib/server/import/progress';
import { previewInputs, TABLE_CHOICES } from '$lib/server/import/preview';
import { ISSUES_PER_KIND, type StoredIssues } from '$lib/server/import/issues';
import { dropStaged, openStaged, saveIssues, stageFiles, type StagedFile } from '$lib/server/import/staging';
import {
	checkUpload,
	commitUpload,
	conflictScopeText,
	mayCommit,
	readChoices,
	readFileOptions,
	type UploadChoices,
	type UploadCheck,
	type UploadSummary
} from '$lib/server/import/upload';
import type { ImportIssue, ImportProgress } from '$lib/server/import';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = authorize(event, { kind: 'upload' });
	const db = await getDatabase();
	const pledges = await db.all<{ year: number; bloc: string; name: string | null; stage: string | null }>(
		`SELECT p.year, p.bloc_code AS bloc, b.bloc_name AS name, p.stage
		 FROM pledge p LEFT JOIN bloc b ON b.bloc_code = p.bloc_code
		 ORDER BY p.year DESC, p.bloc_code`
	);
	const commit = mayCommit(user);
	const blocYears = pledges
		.map((p) => ({
			value: `${p.bloc}|${p.year}`,
			blocCode: p.bloc,
			year: p.year,
			name: p.name ?? p.bloc,
			stage: isStage(p.stage) ? p.stage : ('open' as const)
		}))
		.filter((b) => {
			if (b.stage === 'finalised') return false;
			const bloc = { blocCode: b.blocCode, year: b.year, stage: b.stage };
			// Leaders see their own bloc-years; admin and check-only analysts see every open one.
			return (
				!commit || can(user, { kind: 'import' }) || can(user, { kind: 'import:bloc', bloc, field: 'review' })
			);
		});
	const q = event.url.searchParams;
	const wanted = `${q.get('bloc') ?? ''}|${q.get('year') ?? ''}`;
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
	check?: Omit<UploadCheck, 'allIssues'>;
	summary?: UploadSummary;
	issues?: ImportIssue[];
	/** The stored error report: how many issues it keeps of how many (it is cut short per kind). */
	report?: { kept: number; total: number; perKind: number };
}

const reportOf = (stored: StoredIssues) => ({
	kept: stored.issues.length,
	total: stored.total,
	perKind: ISSUES_PER_KIND
});

/** Every action answers with an UploadState (typed once, so the page reads one shape). */
const answer = (s: UploadState): UploadState => s;
const refused = (status: number, message: string, choices?: UploadChoices) =>
	fail(status, answer({ step: 'refused', message, choices }));

/** The form, unless the body is over the limit (refused before it is read, with a clear message). */
async function readForm(event: RequestEvent): Promise<FormData | string> {
	const tt = t(event.locals.lang);
	const limit = uploadMaxBytes();
	const length = Number(event.request.headers.get('content-length'));
	const tooLarge = tt('upload.error.tooLarge', { max: uploadMaxMb() });
	if (Number.isFinite(length) && length > limit + FORM_OVERHEAD_BYTES) return tooLarge;
	try {
		return await event.request.formData();
	} catch (e) {
		return (e as { status?: number }).status === 413 ? tooLarge : tt('upload.error.badForm');
	}
}

/** Progress of this request for the browser's progress bar, when it sent an id. */
function progressOf(event: RequestEvent, form: FormData, userId: number) {
	const id = form.get('progress');
	if (!isProgressId(id)) return undefined;
	return (p: ImportProgress) => reportProgress(userId, id, p);
}

/** The staged files of the form's token (uploading new files first when the form has some). */
async function stagedInputs(event: RequestEvent, form: FormData, userId: number) {
	const tt = t(event.locals.lang);
	const files = form
		.getAll('files')
		.filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
	let token = form.get('token');
	if (files.length > 0) {
		const total = files.reduce((n, f) => n + f.size, 0);
		if (total > uploadMaxBytes())
			return {
				ok: false as const,
				status: 413,
				message: tt('upload.error.tooLarge', { max: uploadMaxMb() })
			};
		const staged = await stageFiles(
			userId,
			await Promise.all(
				files.map(async (f) => ({ name: f.name, content: new Uint8Array(await f.arrayBuffer()) }))
			)
		);
		if (!staged.ok)
			return {
				ok: false as const,
				status: 413,
				message:
					staged.roomMb === null
						? tt('upload.error.diskFull')
						: tt('upload.error.accountFull', { max: staged.roomMb })
			};
		token = staged.staged.token;
	}
	if (!token) return { ok: false as const, status: 400, message: tt('upload.error.noFile') };
	const opened = await openStaged(userId, token);
	if (!opened) return { ok: false as const, status: 410, message: tt('upload.error.expired') };
	const choices = readChoices(form);
	const inputs = opened.staged.files.map((f, i) => ({
		name: f.name,
		content: opened.contents[i]!,
		options:
			files.length > 0 ? readFileOptions(new FormData(), i, choices) : readFileOptions(form, i, choices)
	}));
	return { ok: true as const, token: opened.staged.token, staged: opened.staged, inputs, choices };
}

async function check(event: RequestEvent) {
	const user = authorize(event, { kind: 'upload' });
	const form = await readForm(event);
	if (typeof form === 'string') return refused(413, form);
	const staged = await stagedInputs(event, form, user.userId);
	if (!staged.ok) return refused(staged.status, staged.message, readChoices(form));
	const db = await getDatabase();
	let checked: UploadCheck;
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
	const { allIssues, ...result } = checked;
	const stored = await saveIssues(staged.token, allIssues);
	return answer({
		step: 'checked',
		token: staged.token,
		files: staged.staged.files,
		choices: staged.choices,
		check: result,
		report: reportOf(stored)
	});
}

/**
 * A commit that lost twice against concurrent writers (nothing written): 409 with what it was
 * writing, and the files checked again against what the others wrote, ready to commit again.
 */
async function commitConflict(
	event: RequestEvent,
	user: Principal,
	staged: Extract<Awaited<ReturnType<typeof stagedInputs>>, { ok: true }>,
	conflict: WriteConflictError
) {
	const tt = t(event.locals.lang);
	const message = tt('upload.error.conflict', { scope: conflictScopeText(tt, conflict.scope) });
	let checked: UploadCheck;
	try {
		checked = await checkUpload(await getDatabase(), user, staged.inputs);
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		return refused(409, message, staged.choices);
	}
	const { allIssues, ...check } = checked;
	await saveIssues(staged.token, allIssues);
	return fail(
		409,
		answer({
			step: 'checked',
			message,
			token: staged.token,
			files: staged.staged.files,
			choices: staged.choices,
			check
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
		const db = await getDatabase();
		let done: Awaited<ReturnType<typeof commitUpload>>;
		try {
			done = await commitUpload(db, user, staged.inputs, progressOf(event, form, user.userId));
		} catch (e) {
			if (!(e instanceof WriteConflictError)) throw e;
			return commitConflict(event, user, staged, e);
		}
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
					check: {
						previews: await previewInputs(db, staged.inputs),
						issues: done.issues,
						summary: done.summary
					}
				})
			);
		}
		await dropStaged(staged.token);
		return answer({ step: 'committed', files: staged.staged.files, summary: done.summary });
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
