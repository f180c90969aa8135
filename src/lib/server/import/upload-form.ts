/**
 * The upload page's form handling (src/routes/upload): the bloc-years an account may pick, the
 * form read within the size limit, the staged files of a token, progress reports, and what a
 * check answers to the page. The route keeps only its load and actions.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { can, isStage, type Principal, type Stage } from '../../domain/policy';
import { t } from '../../i18n';
import type { Database } from '../db';
import { FORM_OVERHEAD_BYTES, uploadMaxBytes, uploadMaxMb } from './limits';
import { isProgressId, reportProgress } from './progress';
import { ISSUES_PER_KIND, type StoredIssues } from './issues';
import { openStaged, stageFiles } from './staging';
import { mayCommit, readChoices, readFileOptions, type UploadCheck } from './upload';
import type { ImportProgress } from '.';

/** A bloc-year of the upload form's list. */
export interface UploadBlocYear {
	value: string;
	blocCode: string;
	year: number;
	name: string;
	stage: Stage;
}

/**
 * The bloc-years not finalised the account may pick: a bloc leader their own bloc-years in
 * review, admin and check-only analysts every open one.
 */
export async function uploadBlocYears(db: Database, user: Principal): Promise<UploadBlocYear[]> {
	const pledges = await db.all<{ year: number; bloc: string; name: string | null; stage: string | null }>(
		`SELECT p.year, p.bloc_code AS bloc, b.bloc_name AS name, p.stage
		 FROM pledge p LEFT JOIN bloc b ON b.bloc_code = p.bloc_code
		 ORDER BY p.year DESC, p.bloc_code`
	);
	const commit = mayCommit(user);
	return pledges
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
			return (
				!commit || can(user, { kind: 'import' }) || can(user, { kind: 'import:bloc', bloc, field: 'review' })
			);
		});
}

/** The stored error report: how many issues it keeps of how many (it is cut short per kind). */
export const reportOf = (stored: StoredIssues) => ({
	kept: stored.issues.length,
	total: stored.total,
	perKind: ISSUES_PER_KIND
});

/** What the page shows of a check: previews, summary and the grouped report (not every issue). */
export type PageCheck = Pick<UploadCheck, 'previews' | 'summary' | 'groups' | 'groupCount'>;

export function pageCheck(c: PageCheck): PageCheck {
	return { previews: c.previews, summary: c.summary, groups: c.groups, groupCount: c.groupCount };
}

/** The form, unless the body is over the limit (refused before it is read, with a clear message). */
export async function readForm(event: RequestEvent): Promise<FormData | string> {
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
export function progressOf(event: RequestEvent, form: FormData, userId: number) {
	const id = form.get('progress');
	if (!isProgressId(id)) return undefined;
	return (p: ImportProgress) => reportProgress(userId, id, p);
}

/** The staged files of the form's token (uploading new files first when the form has some). */
export async function stagedInputs(event: RequestEvent, form: FormData, userId: number) {
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

export type StagedInputs = Extract<Awaited<ReturnType<typeof stagedInputs>>, { ok: true }>;
