/**
 * The decisions page of a bloc-year or of the council's year, shared by both routes: what the
 * page shows (load) and its two actions (record, remove), thin over the decision module.
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { DECISION_DOCS, PLACEHOLDERS, type DecisionDoc } from '../../domain/decisions';
import { can, type BlocYear } from '../../domain/policy';
import { t } from '../../i18n';
import { authorize, requireUser } from '../auth/guard';
import { getDatabase } from '../db';
import { parseYear } from '../overview';
import { decisionBlocYear, decisionScope, defaultFields, draftDocx, recordDecision, removeDecision } from '.';

type Event = Pick<RequestEvent, 'locals' | 'url' | 'request'> & { params: Partial<Record<string, string>> };

/** The year and bloc of the route (bloc null: the council's page); 404 when there is no such bloc-year. */
async function target(
	event: Event
): Promise<{ year: number; blocCode: string | null; bloc: BlocYear | null }> {
	requireUser(event);
	const tt = t(event.locals.lang);
	const year = parseYear(event.params.year);
	const blocCode = event.params.bloc ?? null;
	const notFound = () =>
		error(
			404,
			tt('error.blocNotFound', {
				bloc: (blocCode ?? '').slice(0, 40),
				year: (event.params.year ?? '').slice(0, 20)
			})
		);
	if (year === null) notFound();
	const bloc = blocCode === null ? null : await decisionBlocYear(await getDatabase(), year!, blocCode);
	if (blocCode !== null && !bloc) notFound();
	return { year: year!, blocCode, bloc };
}

export async function loadDecisionPage(event: Event) {
	const { year, blocCode, bloc } = await target(event);
	const user = authorize(event, { kind: 'decision:draft', bloc });
	const db = await getDatabase();
	const scope = (await decisionScope(db, year, blocCode))!;
	return {
		scope,
		defaults: Object.fromEntries(DECISION_DOCS.map((d) => [d, defaultFields(scope, d)])) as Record<
			DecisionDoc,
			ReturnType<typeof defaultFields>
		>,
		mayRecord: can(user, { kind: 'decision:record', bloc }),
		mayCouncil: can(user, { kind: 'decision:draft', bloc: null }),
		mayTemplates: can(user, { kind: 'decision:template' }),
		placeholders: PLACEHOLDERS.length
	};
}

export const decisionActions = {
	record: async (event: Event) => {
		const { year, blocCode, bloc } = await target(event);
		const user = authorize(event, { kind: 'decision:record', bloc: bloc && { ...bloc, stage: 'finalised' } });
		const form = await event.request.formData();
		const typed = {
			decisionNo: String(form.get('decisionNo') ?? ''),
			decisionDate: String(form.get('decisionDate') ?? '')
		};
		const r = await recordDecision(await getDatabase(), user, year, blocCode, typed);
		if (!r.ok)
			return fail(r.refusal === 'forbidden' ? 403 : r.refusal === 'conflict' ? 409 : 400, {
				recordError: r.message,
				field: r.field ?? null,
				typed
			});
		return { recorded: r.written, removed: r.removed, unchanged: r.unchanged };
	},
	remove: async (event: Event) => {
		const { year, blocCode, bloc } = await target(event);
		const user = authorize(event, { kind: 'decision:record', bloc: bloc && { ...bloc, stage: 'finalised' } });
		const r = await removeDecision(await getDatabase(), user, year, blocCode);
		if (!r.ok)
			return fail(r.refusal === 'forbidden' ? 403 : 400, {
				recordError: r.message,
				field: null,
				typed: null
			});
		return { removedDecision: r.removed };
	}
};

/** The draft file of the route: `to-trinh.docx` or `quyet-dinh.docx`, filled from the query. */
export async function draftResponse(event: Event): Promise<Response> {
	const { year, blocCode } = await target(event);
	const user = requireUser(event);
	const doc: DecisionDoc | null =
		event.params.doc === 'to-trinh.docx'
			? 'submission'
			: event.params.doc === 'quyet-dinh.docx'
				? 'decision'
				: null;
	if (!doc) error(404, t(event.locals.lang)('error.notFound'));
	const r = await draftDocx(await getDatabase(), user, year, blocCode, doc, event.url.searchParams);
	if (!r.ok) error(r.status, r.message);
	return new Response(r.bytes as unknown as BodyInit, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'content-disposition': `attachment; filename="${r.fileName}"`,
			'cache-control': 'no-store'
		}
	});
}
