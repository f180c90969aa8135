import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { can, type BlocYear, type Stage } from '$lib/domain/policy';
import { sheetAccess, sheetFormEntries, type SheetProblem, type SheetSide } from '$lib/domain/sheet';
import { t } from '$lib/i18n';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { getDatabase, WriteConflictError } from '$lib/server/db';
import { redirectSameSite } from '$lib/server/redirect';
import { parseYear } from '$lib/server/overview';
import { loadSheet, saveSheet, type ConflictCell } from '$lib/server/scoring/sheet';
import { getBlocYear } from '$lib/server/scoring/stage';
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

export const load: PageServerLoad = async (event) => {
	const { blocYear, sheet, unitCode } = await sheetOf(event);
	const user = authorize(event, { kind: 'read:sheet', bloc: blocYear, unitCode });
	const access = sheetAccess(user, blocYear, unitCode);
	const saved = event.url.searchParams.get('saved');
	return {
		sheet,
		/** The column this account may edit now, or null; with the reason when null. */
		side: access.side,
		readOnlyReason: access.reason,
		/** Whether the bloc's pages (ranking, scoring status) are open to this account. */
		readsBloc: can(user, { kind: 'read:bloc', bloc: blocYear }),
		/** Changes written by the save that redirected here (`?saved=N`), else null. */
		saved: saved !== null && /^\d{1,4}$/.test(saved) ? Number(saved) : null
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
	refused: { reason: 'stage' | 'forbidden' | 'notMember'; stage: Stage } | null;
	/** The save lost twice against a concurrent write of the same rows (an import): nothing written. */
	writeConflict: boolean;
}

async function save(event: RequestEvent, side: SheetSide) {
	// The save checks membership itself, in its transaction: the sheet is not read twice.
	const { db, blocYear } = await blocYearOf(event);
	const unitCode = event.params.unit ?? '';
	const user = authorize(event, {
		kind: side === 'self' ? 'write:self' : 'write:review',
		bloc: blocYear,
		unitCode
	});
	const form = await event.request.formData();
	if ([...form.keys()].length > MAX_FIELDS) error(413, 'Biểu mẫu quá lớn');
	const versionField = form.get('version');
	const version =
		typeof versionField === 'string' && /^\d{1,9}$/.test(versionField) ? Number(versionField) : -1;
	const { entries, values, notes } = sheetFormEntries(form);
	const failure: SheetFormFailure = {
		side,
		values,
		notes,
		problems: [],
		conflict: null,
		refused: null,
		writeConflict: false
	};
	let result: Awaited<ReturnType<typeof saveSheet>>;
	try {
		result = await saveSheet(db, user, blocYear, unitCode, side, version, entries);
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		return fail(409, { ...failure, writeConflict: true });
	}
	switch (result.status) {
		case 'saved':
		case 'unchanged':
			redirectSameSite(303, `${event.url.pathname}?saved=${result.status === 'saved' ? result.changes : 0}`);
		// eslint-disable-next-line no-fallthrough -- redirect() throws
		case 'invalid':
			return fail(400, { ...failure, problems: result.problems });
		case 'conflict': {
			const { status: _status, ...conflict } = result;
			return fail(409, { ...failure, conflict });
		}
		case 'refused':
			if (result.reason === 'notMember') notMember(event, blocYear);
			return fail(403, { ...failure, refused: { reason: result.reason, stage: result.stage } });
	}
}

export const actions: Actions = {
	self: (event) => save(event, 'self'),
	review: (event) => save(event, 'review')
};
