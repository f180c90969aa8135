/**
 * The pledge editor of a bloc-year (issue 14 part 5): read by whoever may read the bloc, edited
 * by an admin until finalised and by the bloc leader while open (`edit:pledge`). The forms post
 * to the actions below; `?edit=CODE` opens a criterion's form, `?confirm=remove|move|moveGroup`
 * the confirmation of a removal (or, once locked, of a move) with its reason: all without JS.
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { can } from '$lib/domain/policy';
import { CRITERION_FIELDS, pledgeLocked, SETTINGS_FIELDS, type Direction } from '$lib/domain/pledge-editor';
import { t, translator, type Translator } from '$lib/i18n';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { getDatabase, WriteConflictError } from '$lib/server/db';
import { authorizeBlocRead } from '$lib/server/home/forbidden';
import { parseYear } from '$lib/server/overview';
import { blocHeader } from '$lib/server/overview/bloc';
import {
	loadPledgeEditor,
	REASON_MAX,
	savePledgeEdit,
	type PledgeEdit,
	type PledgeSaveResult
} from '$lib/server/pledge/editor';
import { getBlocYear } from '$lib/server/scoring/stage';
import type { Actions, PageServerLoad } from './$types';

function notFound(tt: ReturnType<typeof t>, bloc: string, year: string): never {
	error(404, tt('error.blocNotFound', { bloc: bloc.slice(0, 40), year: year.slice(0, 20) }));
}

export const load: PageServerLoad = async (event) => {
	// Nobody signed in: the login page before any lookup, so that no 404 tells what exists.
	const signedIn = requireUser(event);
	const { params, locals, url } = event;
	const year = parseYear(params.year);
	const db = await getDatabase();
	const header = year === null ? null : await blocHeader(db, year, params.bloc);
	if (year === null || !header) notFound(t(locals.lang), params.bloc, params.year);
	const bloc = { blocCode: header.blocCode, year, stage: header.pledge.stage };
	const user = await authorizeBlocRead(event, db, bloc, header.blocName);
	const state = await loadPledgeEditor(db, year, header.blocCode);
	if (!state) notFound(t(locals.lang), params.bloc, params.year);
	const canEdit = can(user, { kind: 'edit:pledge', bloc: state.bloc });
	const q = url.searchParams;
	const dir = (v: string | null): Direction | null => (v === 'up' || v === 'down' ? v : null);
	const confirm = q.get('confirm');
	return {
		blocName: header.blocName,
		/** The pledge with the council's defaults applied (the read-only view). */
		pledge: header.pledge,
		signedIn: signedIn.username,
		state,
		canEdit,
		/** An admin may remove a criterion with scores (and its scores), with a reason. */
		canRemoveScored: can(user, { kind: 'edit:pledge', bloc: state.bloc, scored: true }),
		locked: pledgeLocked(state.bloc.stage),
		reasonMax: REASON_MAX,
		editing: canEdit ? (q.get('edit') ?? '').slice(0, 80) || null : null,
		adding: canEdit && q.has('add'),
		confirm:
			canEdit && (confirm === 'remove' || confirm === 'move' || confirm === 'moveGroup')
				? {
						kind: confirm as 'remove' | 'move' | 'moveGroup',
						code: (q.get('code') ?? '').slice(0, 80),
						group: (q.get('group') ?? '').slice(0, 80),
						dir: dir(q.get('dir'))
					}
				: null
	};
};

const fieldText = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v.slice(0, 2000) : '');

/** A refusal as the form shows it: the message, the fields' messages, a confirmation to ask. */
function refusalAnswer(r: Extract<PledgeSaveResult, { ok: false }>, tr: Translator) {
	switch (r.refusal) {
		case 'invalid':
			return {
				status: 400,
				errors: r.errors.map((e) => ({
					field: e.field,
					message: tr.t(`pledgeed.err.${e.key}`, {
						...e.params,
						field: tr.t(`pledgeed.field.${e.field}` as 'pledgeed.field.code'),
						...(e.params?.aboveTier ? { aboveTier: tr.tier(e.params.aboveTier as 'good') } : {}),
						...(typeof e.params?.above === 'number' ? { above: tr.num(e.params.above, 2) } : {}),
						...(typeof e.params?.value === 'number' ? { value: tr.num(e.params.value, 2) } : {})
					})
				}))
			};
		case 'confirm':
			return { status: 409, confirm: r.earlier };
		case 'stale':
			return { status: 409, message: tr.t('pledgeed.refused.stale') };
		case 'not_found':
			return { status: 404, message: tr.t('pledgeed.refused.not_found') };
		case 'scores_above':
			return {
				status: 400,
				message: tr.t('pledgeed.refused.scores_above', {
					code: r.code,
					count: r.count,
					highest: tr.num(r.highest, 2)
				})
			};
		case 'has_scores':
		case 'code_has_scores':
		case 'not_movable':
		case 'unknown_criterion':
			return {
				status: 400,
				message: tr.t(`pledgeed.refused.${r.refusal}`, { code: r.code, count: 'count' in r ? r.count : 0 })
			};
		default:
			return { status: 400, message: tr.t(`pledgeed.refused.${r.refusal}`, { max: REASON_MAX }) };
	}
}

/** Runs one save from a form: authorised, then `savePledgeEdit` (which checks everything again). */
async function run(event: RequestEvent, op: string, build: (form: FormData) => PledgeEdit) {
	const user = requireUser(event);
	const { params, locals, request } = event;
	const tr = translator(locals.lang);
	const year = parseYear(params.year ?? '');
	const db = await getDatabase();
	const bloc = year === null ? null : await getBlocYear(db, year, params.bloc ?? '');
	if (!bloc) notFound(t(locals.lang), params.bloc ?? '', params.year ?? '');
	authorize(event, { kind: 'edit:pledge', bloc });
	const form = await request.formData();
	const edit = build(form);
	const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, fieldText(v)]));
	let result: PledgeSaveResult;
	try {
		result = await savePledgeEdit(
			db,
			user,
			bloc,
			fieldText(form.get('version')),
			edit,
			fieldText(form.get('reason'))
		);
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		return fail(409, { op, values, message: tr.t('pledgeed.refused.conflict') });
	}
	if (!result.ok) {
		if (result.refusal === 'forbidden') error(403, tr.t('pledgeed.refused.forbidden'));
		const { status, ...answer } = refusalAnswer(result, tr);
		return fail(status, { op, values, ...answer });
	}
	return {
		op,
		saved: result.changed ? tr.t('pledgeed.saved') : tr.t('pledgeed.unchanged'),
		effect: result.changed ? result.effect : null,
		code: result.code ?? null
	};
}

const pick = <F extends string>(form: FormData, fields: readonly F[]) =>
	Object.fromEntries(fields.map((f) => [f, fieldText(form.get(f))])) as Record<F, string>;
const direction = (form: FormData): Direction => (form.get('dir') === 'down' ? 'down' : 'up');

export const actions: Actions = {
	settings: (event) =>
		run(event, 'settings', (form) => ({ kind: 'settings', raw: pick(form, SETTINGS_FIELDS) })),
	criterion: (event) =>
		run(event, 'criterion', (form) => ({
			kind: 'criterion',
			original: fieldText(form.get('original')) || null,
			raw: pick(form, CRITERION_FIELDS),
			confirmed: fieldText(form.get('confirmed')) || null
		})),
	remove: (event) => run(event, 'remove', (form) => ({ kind: 'remove', code: fieldText(form.get('code')) })),
	move: (event) =>
		run(event, 'move', (form) => ({
			kind: 'move',
			criterion: fieldText(form.get('code')),
			dir: direction(form)
		})),
	moveGroup: (event) =>
		run(event, 'moveGroup', (form) => ({
			kind: 'moveGroup',
			group: fieldText(form.get('group')),
			dir: direction(form)
		}))
};
