/**
 * Issue 15, the vote (bỏ phiếu kín): where more units are tied at the last place of a proposal
 * than there are places, the bloc holds a secret ballot and its leader records it. Pure: the
 * ballot as typed is checked against the tie as it is now; the ranking rule
 * (`ranking.ts` and the SQL) then lets the chosen units take the places.
 */
import type { Translator } from '../i18n';
import { parseViDate } from './numbers';
import { proposalSlates } from './ranking';
import type { RankingRow, RankingSettings, RecordedVote } from './types';

export const VOTE_KINDS = ['flag', 'certificate'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];

export function isVoteKind(s: unknown): s is VoteKind {
	return typeof s === 'string' && (VOTE_KINDS as readonly string[]).includes(s);
}

/** A tie that needs a vote now: the units tied at the last place and the places the vote fills. */
export interface VoteTie {
	kind: VoteKind;
	places: number;
	units: { unitCode: string; unitName: string; total: number; rank: number }[];
}

/** The ties of a ranking that need a vote now (none once a recorded vote decides them). */
export function openTies(
	rows: readonly RankingRow[],
	settings: Pick<RankingSettings, 'flagCount' | 'certificateCount' | 'certificateMinTier'>
): VoteTie[] {
	const slates = proposalSlates(rows, settings);
	return VOTE_KINDS.filter((k) => slates[k].vote.length > 0).map((kind) => ({
		kind,
		places: slates[kind].votePlaces,
		units: slates[kind].vote.map((r) => ({
			unitCode: r.unitCode,
			unitName: r.unitName,
			total: r.total,
			rank: r.rank
		}))
	}));
}

/** A recorded ballot as stored (bloc_vote and bloc_vote_unit). */
export interface Ballot {
	kind: VoteKind;
	/** ISO yyyy-mm-dd. */
	date: string;
	membersTotal: number;
	membersPresent: number;
	places: number;
	units: { unitCode: string; votes: number; chosen: boolean }[];
}

/** A ballot as the ranking rule reads it. */
export function asRecordedVote(b: Ballot): RecordedVote {
	return {
		kind: b.kind,
		places: b.places,
		units: b.units.map((u) => u.unitCode),
		chosen: b.units.filter((u) => u.chosen).map((u) => u.unitCode)
	};
}

/** The ballot as typed in the form: every field as text. */
export interface BallotForm {
	date: string;
	present: string;
	/** Votes per unit code, as typed. */
	votes: Record<string, string>;
	/** The unit codes ticked as chosen. */
	chosen: string[];
}

/** One problem of a typed ballot: the field it is about ('date', 'present', 'votes:<unit>', 'chosen'). */
export interface BallotProblem {
	field: string;
	message: string;
}

export type BallotCheck = { ok: true; ballot: Ballot } | { ok: false; problems: BallotProblem[] };

/** A whole number typed in a form, or null (no sign, no decimals, no separators). */
function wholeNumber(raw: string): number | null {
	const s = raw.trim();
	if (!/^\d{1,6}$/.test(s)) return null;
	return Number(s);
}

/** yyyy-mm-dd → dd/mm/yyyy. */
export function viDate(iso: string): string {
	const [y, m, d] = iso.split('-');
	return `${d}/${m}/${y}`;
}

/**
 * Checks a typed ballot against the tie it is held on: a real date not after `today` (ISO); the
 * members present between 1 and the bloc's members; every tied unit's votes a whole number not
 * above the members present, no votes for a unit outside the tie, no more votes in all than
 * present × places; exactly `tie.places` units chosen, all from the tie, none with fewer votes
 * than a unit not chosen. Every problem is told, each naming its field and unit.
 */
export function checkBallot(
	tr: Translator,
	form: BallotForm,
	tie: VoteTie,
	membersTotal: number,
	today: string
): BallotCheck {
	const t = tr.t;
	const problems: BallotProblem[] = [];
	const kindName = t(`vote_kind.${tie.kind}`);

	let date = '';
	const d = parseViDate(form.date);
	if (form.date.trim() === '') problems.push({ field: 'date', message: t('vote_error.dateMissing') });
	else if (!d.ok) problems.push({ field: 'date', message: t('vote_error.date', { reason: d.reason }) });
	else if (d.value > today)
		problems.push({ field: 'date', message: t('vote_error.dateFuture', { date: viDate(d.value) }) });
	else date = d.value;

	const present = wholeNumber(form.present);
	const presentOk = present !== null && present >= 1 && present <= membersTotal;
	if (!presentOk)
		problems.push({
			field: 'present',
			message: t('vote_error.present', { value: form.present.trim(), members: membersTotal })
		});

	const tied = new Map(tie.units.map((u) => [u.unitCode, u]));
	for (const code of Object.keys(form.votes))
		if (!tied.has(code) && form.votes[code]!.trim() !== '')
			problems.push({
				field: `votes:${code}`,
				message: t('vote_error.notTied', { unit: code, kind: kindName })
			});
	const votes = new Map<string, number>();
	for (const u of tie.units) {
		const raw = form.votes[u.unitCode] ?? '';
		const n = wholeNumber(raw);
		if (n === null) {
			problems.push({
				field: `votes:${u.unitCode}`,
				message: t(raw.trim() === '' ? 'vote_error.votesMissing' : 'vote_error.votes', {
					unit: u.unitName,
					value: raw.trim()
				})
			});
			continue;
		}
		if (presentOk && n > present!)
			problems.push({
				field: `votes:${u.unitCode}`,
				message: t('vote_error.votesOverPresent', { unit: u.unitName, votes: n, present: present! })
			});
		votes.set(u.unitCode, n);
	}
	const sum = [...votes.values()].reduce((a, b) => a + b, 0);
	// (a unit's votes above the members present already say it)
	const unitsOk = !problems.some((p) => p.field.startsWith('votes:'));
	if (presentOk && unitsOk && votes.size === tie.units.length && sum > present! * tie.places)
		problems.push({
			field: 'votes',
			message: t('vote_error.votesTotal', { sum, present: present!, places: tie.places })
		});

	const chosen = [...new Set(form.chosen)];
	const outside = chosen.filter((c) => !tied.has(c));
	if (outside.length > 0)
		problems.push({
			field: 'chosen',
			message: t('vote_error.chosenOutside', { units: outside.join(', '), kind: kindName })
		});
	else if (chosen.length !== tie.places)
		problems.push({
			field: 'chosen',
			message: t('vote_error.chosenCount', { places: tie.places, chosen: chosen.length, kind: kindName })
		});
	else if (votes.size === tie.units.length) {
		const fewest = Math.min(...chosen.map((c) => votes.get(c)!));
		const above = tie.units.filter((u) => !chosen.includes(u.unitCode) && votes.get(u.unitCode)! > fewest);
		if (above.length > 0)
			problems.push({
				field: 'chosen',
				message: t('vote_error.chosenFewer', { units: above.map((u) => u.unitName).join(', ') })
			});
	}

	if (problems.length > 0) return { ok: false, problems };
	return {
		ok: true,
		ballot: {
			kind: tie.kind,
			date,
			membersTotal,
			membersPresent: present!,
			places: tie.places,
			units: tie.units.map((u) => ({
				unitCode: u.unitCode,
				votes: votes.get(u.unitCode)!,
				chosen: chosen.includes(u.unitCode)
			}))
		}
	};
}

/**
 * The minutes line of a recorded ballot, as the printout states it (Vietnamese document text):
 * «Kết quả bỏ phiếu kín ngày 05/12/2025: 12/15 thành viên có mặt, Sở A 8 phiếu, Sở B 4 phiếu;
 * đề nghị Bằng khen (1 suất): Sở A.»
 */
export function minutesLine(doc: Translator, b: Ballot, nameOf: (unitCode: string) => string): string {
	const byVotes = [...b.units].sort((x, y) => y.votes - x.votes);
	return doc.t('vote_minutes', {
		date: viDate(b.date),
		present: b.membersPresent,
		members: b.membersTotal,
		votes: byVotes
			.map((u) => doc.t('vote_minutesUnit', { unit: nameOf(u.unitCode), votes: u.votes }))
			.join(', '),
		kind: doc.t(`vote_kind.${b.kind}`),
		places: b.places,
		chosen: b.units
			.filter((u) => u.chosen)
			.map((u) => nameOf(u.unitCode))
			.join('; ')
	});
}
