/**
 * Issue 15, the vote: the bloc page's two form actions (record a ballot, clear one), kept out of
 * the route. Every refusal changes nothing and says what and where in Vietnamese.
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { isVoteKind, type BallotForm } from '../../domain/vote';
import { translator } from '../../i18n';
import { authorize } from '../auth/guard';
import { WriteConflictError } from '../db';
import { blocOf } from '../scoring/deadline-form';
import { clearVote, recordVote } from '.';

const field = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.slice(0, 200) : '';
};

/**
 * The typed ballot: `date`, `present`, `votes:<unit>` per tied unit, `chosen` (one per unit
 * ticked). At most 200 vote fields are read.
 */
function ballotForm(form: FormData): BallotForm {
	const votes: Record<string, string> = {};
	for (const [k, v] of form.entries()) {
		if (!k.startsWith('votes:') || typeof v !== 'string') continue;
		if (Object.keys(votes).length >= 200) break;
		votes[k.slice('votes:'.length, 60)] = v.slice(0, 20);
	}
	return {
		date: field(form, 'date'),
		present: field(form, 'present'),
		votes,
		chosen: form
			.getAll('chosen')
			.filter((c): c is string => typeof c === 'string')
			.slice(0, 200)
	};
}

/** `?/vote`: records the ballot of `kind` (flag | certificate). */
export async function voteAction(event: RequestEvent) {
	const { db, bloc } = await blocOf(event);
	const user = authorize(event, { kind: 'vote:record', bloc });
	const form = await event.request.formData();
	const tr = translator(event.locals.lang);
	const kind = field(form, 'kind');
	const typed = ballotForm(form);
	const kept = { voteKind: kind, voteForm: typed };
	if (!isVoteKind(kind)) return fail(400, { voteError: [tr.t('vote_error.kind')], ...kept });
	const kindName = tr.t(`vote_kind.${kind}`);
	try {
		const result = await recordVote(db, tr, user, bloc, kind, typed);
		if (result.ok) return { voteSaved: tr.t('vote_recorded', { kind: kindName }) };
		if (result.refusal === 'forbidden') error(403, tr.t('error.forbidden'));
		const messages =
			result.refusal === 'invalid'
				? (result.problems ?? []).map((p) => p.message)
				: [tr.t('vote_error.noTie', { kind: kindName })];
		return fail(result.refusal === 'invalid' ? 400 : 409, { voteError: messages, ...kept });
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		return fail(409, {
			voteError: [tr.t('vote_error.conflict', { bloc: bloc.blocCode, year: bloc.year })],
			...kept
		});
	}
}

/** `?/voteClear`: clears the recorded ballot of `kind`. */
export async function voteClearAction(event: RequestEvent) {
	const { db, bloc } = await blocOf(event);
	const user = authorize(event, { kind: 'vote:record', bloc });
	const form = await event.request.formData();
	const tr = translator(event.locals.lang);
	const kind = field(form, 'kind');
	if (!isVoteKind(kind)) return fail(400, { voteError: [tr.t('vote_error.kind')], voteKind: kind });
	const kindName = tr.t(`vote_kind.${kind}`);
	try {
		const result = await clearVote(db, user, bloc, kind);
		if (result.ok) return { voteSaved: tr.t('vote_cleared', { kind: kindName }) };
		if (result.refusal === 'forbidden') error(403, tr.t('error.forbidden'));
		return fail(404, { voteError: [tr.t('vote_error.none', { kind: kindName })], voteKind: kind });
	} catch (e) {
		if (!(e instanceof WriteConflictError)) throw e;
		return fail(409, {
			voteError: [tr.t('vote_error.conflict', { bloc: bloc.blocCode, year: bloc.year })],
			voteKind: kind
		});
	}
}
