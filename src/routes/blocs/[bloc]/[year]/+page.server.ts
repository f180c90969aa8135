import { error, fail } from '@sveltejs/kit';
import { can, isStage } from '$lib/domain/policy';
import { t, translator } from '$lib/i18n';
import { dep, getDatabase, WriteConflictError } from '$lib/server/db';
import { parseYear } from '$lib/server/overview';
import { blocHeader } from '$lib/server/overview/bloc';
import { rankBloc } from '$lib/server/ranking';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { blocHistory, presentEntry } from '$lib/server/audit';
import { authorizeBlocRead } from '$lib/server/home/forbidden';
import {
	allowedStageMoves,
	changeStage,
	getBlocYear,
	REASON_MAX,
	stageActionKind
} from '$lib/server/scoring/stage';
import { deadlinePanel, deadlineAction, extendAction } from '$lib/server/scoring/deadline-form';
import { blockerText, votePanel } from '$lib/server/vote';
import { voteAction, voteClearAction } from '$lib/server/vote/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	// Nobody signed in: the login page before any lookup, so that no 404 tells what exists.
	requireUser(event);
	const { params, locals } = event;
	const year = parseYear(params.year);
	const db = await getDatabase();
	const header = year === null ? null : await blocHeader(db, year, params.bloc);
	if (year === null || !header) {
		error(
			404,
			t(locals.lang)('error.blocNotFound', { bloc: params.bloc.slice(0, 40), year: params.year.slice(0, 20) })
		);
	}
	const bloc = { blocCode: header.blocCode, year, stage: header.pledge.stage };
	// A draft for an account that reads finalised results only: a 403 that says so (home/forbidden.ts).
	const user = await authorizeBlocRead(event, db, bloc, header.blocName);
	// Both at once; the stage history (a search of the audit trail) is kept until the next write.
	const [rows, history] = await Promise.all([
		rankBloc(db, year, params.bloc),
		db.cached(`stageHistory:${year}:${header.blocCode}`, () => blocHistory(db, bloc, 20), [
			dep.score(year, header.blocCode)
		])
	]);
	const tr = translator(locals.lang);
	return {
		header,
		rows,
		/** Stage moves this account may make now (buttons), in lifecycle order. */
		stageMoves: allowedStageMoves(user, bloc),
		stageHistory: history.map((e) => presentEntry(e, tr)),
		/** Units whose change history this account may read. */
		auditUnits: rows
			.map((r) => r.unitCode)
			.filter((unitCode) => can(user, { kind: 'read:audit', bloc, unitCode })),
		reasonMax: REASON_MAX,
		/** The bloc-year's deadlines with days left, and whether this account may change them. */
		deadlines: await deadlinePanel(db, user, bloc, tr),
		// Issue 14 part 5: the pledge editor's link says "edit" to who may edit the pledge.
		mayEditPledge: can(user, { kind: 'edit:pledge', bloc }),
		// Issue 15: the secret ballots on ties at a proposal's last place.
		votes: await votePanel(db, user, bloc, rows, header.pledge),
		// Issue 15 part 3: the draft decision of a finalised bloc-year.
		mayDecision: can(user, { kind: 'decision:draft', bloc })
	};
};

export const actions: Actions = {
	/** Moves the bloc to another stage: fields `to` (a stage) and `reason` (required to move back). */
	stage: async (event) => {
		// Nobody signed in: the login page before any lookup, so that no 404 tells what exists.
		const user = requireUser(event);
		const { params, locals, request } = event;
		const tt = t(locals.lang);
		const year = parseYear(params.year);
		const db = await getDatabase();
		const bloc = year === null ? null : await getBlocYear(db, year, params.bloc);
		if (!bloc)
			error(
				404,
				tt('error.blocNotFound', { bloc: params.bloc.slice(0, 40), year: params.year.slice(0, 20) })
			);
		const form = await request.formData();
		const to = form.get('to');
		const reason = String(form.get('reason') ?? '');
		if (!isStage(to)) {
			// Still nobody without the right learns more than "forbidden".
			authorize(event, { kind: 'read:bloc', bloc });
			return fail(400, { stageError: tt('stage.error.invalid'), to: null, reason });
		}
		// To the stage it is in: not a move; changeStage says so to whoever may move the bloc.
		if (to !== bloc.stage) authorize(event, { kind: stageActionKind(bloc.stage, to), bloc, to });
		let result: Awaited<ReturnType<typeof changeStage>>;
		try {
			result = await changeStage(db, user, bloc, to, reason);
		} catch (e) {
			// Lost twice against a concurrent write of the same pledge: nothing was written.
			if (!(e instanceof WriteConflictError)) throw e;
			return fail(409, {
				stageError: tt('stage.error.conflict', { bloc: bloc.blocCode, year: bloc.year }),
				to,
				reason
			});
		}
		if (!result.ok) {
			if (result.refusal === 'forbidden') error(403, tt('error.forbidden'));
			// Issue 15: finalising with a vote unresolved, each reason told.
			if (result.refusal === 'vote')
				return fail(409, {
					stageError: (result.votes ?? []).map((b) => blockerText(translator(locals.lang), b)).join(' '),
					to,
					reason
				});
			const status = result.refusal === 'stale' ? 409 : result.refusal === 'not_found' ? 404 : 400;
			return fail(status, {
				stageError: tt(`stage.error.${result.refusal}`, { max: REASON_MAX, stage: tt(`stage.${to}`) }),
				to,
				reason
			});
		}
		return {
			stageChanged: tt('stage.changed', { from: tt(`stage.${result.from}`), to: tt(`stage.${result.to}`) })
		};
	},
	/** Sets the deadlines: fields `selfUntil`, `reviewUntil` (dd/mm/yyyy or ISO; empty: none). */
	deadline: (event) => deadlineAction(event),
	/** Extends a unit's self-scoring: fields `unit`, `until`, `reason`. */
	extend: (event) => extendAction(event),
	/** Records a secret ballot: `kind`, `date`, `present`, `votes:<unit>`, `chosen` (issue 15). */
	vote: (event) => voteAction(event),
	/** Clears a recorded ballot: `kind` (issue 15). */
	voteClear: (event) => voteClearAction(event)
};
