import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { can, DEFAULT_OWN_UNIT_RULE, type BlocYear, type Stage } from '$lib/domain/policy';
import {
	sheetAccess,
	sheetFormEntries,
	type SheetProblem,
	type SheetSide,
	type Standing
} from '$lib/domain/sheet';
import { t } from '$lib/i18n';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { authorizeBlocRead } from '$lib/server/home/forbidden';
import { getDatabase, WriteConflictError } from '$lib/server/db';
import { redirectSameSite } from '$lib/server/redirect';
import { parseYear } from '$lib/server/overview';
import { loadSheet, saveSheet, unitStanding, type ConflictCell } from '$lib/server/scoring/sheet';
import { getBlocYear } from '$lib/server/scoring/stage';
import { getDeadlines, windowOf } from '$lib/server/scoring/deadline';
import { deadlineView } from '$lib/domain/deadline';
import type { Actions, PageServerLoad } from './$types';

/** More fields than any pledge has criteria (2 per criterion) is not a real form. */
const MAX_FIELDS = 2000;

/** The bloc-year and the sheet of the URL's unit, or 404 (to someone signed in). */
type SheetEvent = Pick<RequestEvent, 'params' | 'locals' | 'url' | 'request'>;

async function blocYearOf(event: SheetEvent) {
	// Nobody signed in: the login page before any lookup, so that no 404 tells what exists.
	requireUser(event);
	const { params, locals } = event;
	const bloc = params.bloc ?? '';
	const year = parseYear(params.year);
	const db = await getDatabase();
	const blocYear = year === null ? null : await getBlocYear(db, year, bloc);
	if (year === null || !blocYear)
		error(
			404,
			t(locals.lang)('error.blocNotFound', {
				bloc: bloc.slice(0, 40),
				year: (params.year ?? '').slice(0, 20)
			})
		);
	return { db, blocYear };
}

function notMember(event: SheetEvent, blocYear: BlocYear): never {
	const unit = (event.params.unit ?? '').slice(0, 40);
	error(404, t(event.locals.lang)('sheet.notMember', { unit, bloc: blocYear.blocCode, year: blocYear.year }));
}

async function sheetOf(event: SheetEvent) {
	const { db, blocYear } = await blocYearOf(event);
	const sheet = await loadSheet(db, blocYear, event.params.unit ?? '');
	if (!sheet.unit) notMember(event, blocYear);
	return { db, blocYear, sheet, unitCode: sheet.unit.code };
}

/** A small count from the query (`?saved=N`, `?was=R`), else null. */
const countParam = (url: URL, name: string) => {
	const v = url.searchParams.get(name);
	return v !== null && /^\d{1,4}$/.test(v) ? Number(v) : null;
};

export const load: PageServerLoad = async (event) => {
	const { db, blocYear, sheet, unitCode } = await sheetOf(event);
	// A draft for an account that reads finalised results only: a 403 that says so (home/forbidden.ts).
	const user = await authorizeBlocRead(event, db, blocYear, sheet.blocName, unitCode);
	// The unit's self-scoring window now (the bloc's deadline, the unit's extension): Vietnam time.
	const clock = Date.now();
	const deadlines = await getDeadlines(db, blocYear.year, blocYear.blocCode);
	const window = windowOf(deadlines, unitCode, clock);
	const access = sheetAccess(user, blocYear, unitCode, sheet.rule, window.afterDeadline);
	const saved = countParam(event.url, 'saved');
	const readsBloc = can(user, { kind: 'read:bloc', bloc: blocYear });
	// After a save: the unit's total and, to who reads the bloc's ranking, its rank and move.
	const now = saved === null ? null : await unitStanding(db, blocYear, unitCode);
	const standing: Standing | null = now && {
		total: now.total,
		rank: readsBloc ? now.rank : 0,
		was: readsBloc ? countParam(event.url, 'was') : null,
		of: readsBloc ? now.of : 0
	};
	return {
		sheet,
		/** The column this account may edit now, or null; with the reason when null. */
		side: access.side,
		readOnlyReason: access.reason,
		/** The bloc leader on the leader's own unit: a warning (or, read-only, the reason). */
		ownUnit: access.ownUnit,
		/** Whether the bloc's pages (ranking, scoring status) are open to this account. */
		readsBloc,
		/** Whether the unit's history is. */
		readsAudit: can(user, { kind: 'read:audit', bloc: blocYear, unitCode }),
		/** The self-scoring deadline of this unit (with its extension) and the review deadline, with days left. */
		deadline: {
			self: window.until === null ? null : deadlineView(window.until, clock),
			extended: window.extended,
			blocSelf: deadlines.selfUntil,
			review: deadlines.reviewUntil === null ? null : deadlineView(deadlines.reviewUntil, clock)
		},
		/** Changes written by the save that redirected here (`?saved=N`), else null. */
		saved,
		standing
	};
};

/** What a refused save sends back: the user's raw input, so nothing typed is lost. */
interface SheetFormFailure {
	side: SheetSide;
	values: Record<string, string>;
	notes: Record<string, string>;
	problems: (SheetProblem & { message: string })[];
	conflict: {
		version: number;
		updatedBy: string | null;
		updatedByName: string | null;
		updatedAt: number | null;
		cells: ConflictCell[];
		message: string;
	} | null;
	refused: {
		reason: 'stage' | 'forbidden' | 'ownUnit' | 'notMember' | 'deadline';
		stage: Stage;
		/** `deadline`: the last day of the unit's self-scoring. */
		until: string | null;
	} | null;
	/** The reason typed with the save, kept when the save is refused. */
	reason: string;
	reasonTooLong: { length: number; limit: number } | null;
	/** The save lost twice against a concurrent write of the same rows (an import): nothing written. */
	writeConflict: boolean;
}

async function save(event: RequestEvent, side: SheetSide) {
	// The save checks membership itself, in its transaction: the sheet is not read twice.
	const { db, blocYear } = await blocYearOf(event);
	const unitCode = event.params.unit ?? '';
	// Who may write this column in this bloc at all; the council's rule on the leader's own unit
	// and the unit's self-scoring deadline are checked by the save against what is stored, and
	// refused with their own message.
	const user = authorize(
		event,
		side === 'self'
			? { kind: 'write:self', bloc: blocYear, unitCode, afterDeadline: false }
			: { kind: 'write:review', bloc: blocYear, unitCode, rule: DEFAULT_OWN_UNIT_RULE }
	);
	const form = await event.request.formData();
	if ([...form.keys()].length > MAX_FIELDS) error(413, 'Biểu mẫu quá lớn');
	const versionField = form.get('version');
	const version =
		typeof versionField === 'string' && /^\d{1,9}$/.test(versionField) ? Number(versionField) : -1;
	const { entries, values, notes } = sheetFormEntries(form);
	const reasonField = form.get('reason');
	const reason = side === 'review' && typeof reasonField === 'string' ? reasonField : '';
	const failure: SheetFormFailure = {
		side,
		values,
		notes,
		problems: [],
		conflict: null,
		refused: null,
		writeConflict: false,
		reason,
		reasonTooLong: null
	};
	// The rank before the save, for the move shown after it (to who reads the bloc's ranking).
	const before = can(user, { kind: 'read:bloc', bloc: blocYear })
		? await unitStanding(db, blocYear, unitCode)
		: null;
	let result: Awaited<ReturnType<typeof saveSheet>>;
	try {
		result = await saveSheet(db, user, blocYear, unitCode, side, version, entries, reason);
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		return fail(409, { ...failure, writeConflict: true });
	}
	switch (result.status) {
		case 'saved':
		case 'unchanged':
			redirectSameSite(
				303,
				`${event.url.pathname}?saved=${result.status === 'saved' ? result.changes : 0}${before ? `&was=${before.rank}` : ''}`
			);
		// eslint-disable-next-line no-fallthrough -- redirect() throws
		case 'invalid':
			return fail(400, { ...failure, problems: result.problems });
		case 'conflict': {
			const { status: _status, ...conflict } = result;
			return fail(409, { ...failure, conflict });
		}
		case 'refused':
			if (result.reason === 'notMember') notMember(event, blocYear);
			return fail(403, {
				...failure,
				refused: { reason: result.reason, stage: result.stage, until: result.until ?? null }
			});
		case 'reasonTooLong':
			return fail(400, { ...failure, reasonTooLong: { length: result.length, limit: result.limit } });
	}
}

export const actions: Actions = {
	self: (event) => save(event, 'self'),
	review: (event) => save(event, 'review')
};
