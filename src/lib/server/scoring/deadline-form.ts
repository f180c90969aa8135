/**
 * The deadlines on the bloc page's stage panel (issue 14, part 6): what the panel shows, and its
 * two form actions (set the deadlines, extend one unit's self-scoring), kept out of the route.
 * Every refusal changes nothing and says what and where in Vietnamese.
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { deadlineView, type DeadlineView } from '../../domain/deadline';
import { formatDate, formatDateTime } from '../../domain/numbers';
import { can, type BlocYear, type Principal } from '../../domain/policy';
import { whoText } from '../../domain/sheet';
import { t, type Translator } from '../../i18n';
import { authorize, requireUser } from '../auth/guard';
import { getDatabase, WriteConflictError, type Database } from '../db';
import { dep } from '../db/freshness';
import { parseYear } from '../overview';
import { extendDeadline, EXTENSION_REASON_MAX, getDeadlines, setDeadlines } from './deadline';
import { getBlocYear } from './stage';

export interface DeadlinePanel {
	/** ISO dates as stored (the form's values), null: none. */
	selfUntil: string | null;
	reviewUntil: string | null;
	self: DeadlineView | null;
	review: DeadlineView | null;
	/** Who set them last and when, as text; null: never set. */
	updated: string | null;
	extensions: {
		unitCode: string;
		unitName: string;
		until: string;
		view: DeadlineView;
		who: string;
		when: string;
		reason: string | null;
	}[];
	/** This account may set the deadlines and extend (admin, the bloc-year's leader or deputy). */
	may: boolean;
	/** The bloc-year's members, for the extension form (empty unless `may`). */
	members: { code: string; name: string }[];
	reasonMax: number;
}

/** What the panel of a bloc-year shows to `user`, at `now`. */
export async function deadlinePanel(
	db: Database,
	user: Principal,
	bloc: BlocYear,
	tr: Translator,
	now: number = Date.now()
): Promise<DeadlinePanel> {
	const d = await getDeadlines(db, bloc.year, bloc.blocCode);
	const may = can(user, { kind: 'deadline:set', bloc });
	const members = may
		? await db.reads([dep.pledge(bloc.year, bloc.blocCode)], () =>
				db.all<{ code: string; name: string }>(
					`SELECT m.unit_code AS code, COALESCE(u.unit_name, m.unit_code) AS name
					 FROM bloc_membership m LEFT JOIN unit u ON u.unit_code = m.unit_code
					 WHERE m.year = $1 AND m.bloc_code = $2 ORDER BY m.unit_code`,
					[bloc.year, bloc.blocCode]
				)
			)
		: [];
	return {
		selfUntil: d.selfUntil,
		reviewUntil: d.reviewUntil,
		self: d.selfUntil === null ? null : deadlineView(d.selfUntil, now),
		review: d.reviewUntil === null ? null : deadlineView(d.reviewUntil, now),
		updated:
			d.updatedBy === null
				? null
				: tr.t('deadline.panel.updatedBy', {
						who: whoText(d.updatedBy, d.updatedByName, tr),
						when: formatDateTime(d.updatedAt)
					}),
		extensions: d.extensions.map((e) => ({
			unitCode: e.unitCode,
			unitName: e.unitName,
			until: e.until,
			view: deadlineView(e.until, now),
			who: whoText(e.grantedBy, e.grantedByName, tr),
			when: formatDateTime(e.grantedAt),
			reason: e.reason
		})),
		may,
		members,
		reasonMax: EXTENSION_REASON_MAX
	};
}

/** The bloc-year of the URL (404 to someone signed in, when it has no pledge): the bloc-year forms' one lookup. */
export async function blocOf(event: RequestEvent) {
	// Nobody signed in: 401 before any lookup, so that no 404 tells what exists.
	requireUser(event);
	const { params, locals } = event;
	const year = parseYear(params.year ?? '');
	const db = await getDatabase();
	const bloc = year === null ? null : await getBlocYear(db, year, params.bloc ?? '');
	if (!bloc)
		error(
			404,
			t(locals.lang)('error.blocNotFound', {
				bloc: (params.bloc ?? '').slice(0, 40),
				year: (params.year ?? '').slice(0, 20)
			})
		);
	return { db, bloc };
}

const field = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.slice(0, 2000) : '';
};

/** `?/deadline`: sets the self-scoring and review deadlines. */
export async function deadlineAction(event: RequestEvent) {
	const { db, bloc } = await blocOf(event);
	const user = authorize(event, { kind: 'deadline:set', bloc });
	const form = await event.request.formData();
	const input = { selfUntil: field(form, 'selfUntil'), reviewUntil: field(form, 'reviewUntil') };
	const tt = t(event.locals.lang);
	try {
		const result = await setDeadlines(db, user, bloc, input);
		if (result.ok)
			return {
				deadlineSaved: tt(result.changed > 0 ? 'deadline.panel.saved' : 'deadline.panel.unchanged')
			};
		if (result.refusal === 'forbidden') error(403, result.message);
		return fail(result.refusal === 'not_found' ? 404 : 400, { deadlineError: result.message, ...input });
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		return fail(409, { deadlineError: tt('deadline.error.conflict'), ...input });
	}
}

/** `?/extend`: extends one member unit's self-scoring until a date, with a reason. */
export async function extendAction(event: RequestEvent) {
	const { db, bloc } = await blocOf(event);
	const form = await event.request.formData();
	const unitCode = field(form, 'unit').trim();
	const user = authorize(event, { kind: 'deadline:extend', bloc, unitCode });
	const until = field(form, 'until');
	const reason = field(form, 'reason');
	const tt = t(event.locals.lang);
	const kept = { extendUnit: unitCode, extendUntil: until, extendReason: reason };
	try {
		const result = await extendDeadline(db, user, bloc, unitCode, until, reason);
		if (result.ok) {
			const d = await getDeadlines(db, bloc.year, bloc.blocCode);
			const e = d.extensions.find((x) => x.unitCode === unitCode);
			return {
				extendSaved: tt('deadline.panel.extended', {
					unit: e?.unitName ?? unitCode,
					date: e ? formatDate(e.until) : until
				})
			};
		}
		if (result.refusal === 'forbidden') error(403, result.message);
		return fail(result.refusal === 'not_found' ? 404 : 400, { extendError: result.message, ...kept });
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		return fail(409, { extendError: tt('deadline.error.conflict'), ...kept });
	}
}
