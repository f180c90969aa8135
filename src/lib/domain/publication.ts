/**
 * Publication of the finalised rankings (issue 15, part 5): the council chooses years whose
 * finalised bloc-years anyone may read without signing in (công khai), at /cong-khai. Pure: what
 * is published, what a published ranking row shows, which routes an anonymous visitor reaches,
 * and how the settings form is read. The server (server/publication) reads and writes the
 * table public_year (migration 019) in one transaction with its audit rows.
 *
 * What is published, and nothing more: for each public year, every bloc-year of that year that
 * is finalised (a draft is simply absent, even when its year is public), and of each of its
 * member units the rank (shared ranks said so), the unit's name, the total against the maximum,
 * the tier and the proposal as decided. Never the award recipients (names, gender, ethnicity),
 * notes, account names, self-scores or the audit trail.
 */
import type { FormFields } from './council-settings';
import type { Stage } from './policy';
import type { Proposal, RankingRow, Tier } from './types';

/** Where the public results are. */
export const PUBLIC_PATH = '/cong-khai';

/** The public pages' routes: every year, one year, one bloc-year. */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
	'/cong-khai',
	'/cong-khai/[year]',
	'/cong-khai/[year]/[bloc]'
]);

/**
 * What an anonymous visitor reaches: the public pages, the login page, signing out (a stale
 * form), the language switch and the health probe. Static assets never reach the hooks
 * (adapter-node serves them first). Everything else asks for a sign-in.
 */
export const ANONYMOUS_ROUTES: ReadonlySet<string> = new Set([
	...PUBLIC_ROUTES,
	'/login',
	'/logout',
	'/lang',
	'/healthz'
]);

export interface AnonymousRequest {
	signedIn: boolean;
	/** SvelteKit's route id; null for a path no route answers (a 404 page). */
	routeId: string | null;
	method: string;
}

/**
 * `pass` for a signed-in account, the routes above and a path no route answers (its 404 says
 * nothing); without an account, `login` (a page or file asked for: to the login page, back here
 * afterwards) or `refuse` (401: a form post, an upload, the API).
 */
export type AnonymousVerdict = 'pass' | 'login' | 'refuse';

export function anonymousGate(req: AnonymousRequest): AnonymousVerdict {
	if (req.signedIn || req.routeId === null || ANONYMOUS_ROUTES.has(req.routeId)) return 'pass';
	if ((req.method === 'GET' || req.method === 'HEAD') && !req.routeId.startsWith('/api/')) return 'login';
	return 'refuse';
}

/**
 * Cache-Control of a public page: to an anonymous visitor, storable but checked again on every
 * use (a year withdrawn is gone at once, from a proxy too); to a signed-in account (its name is in
 * the header) never stored, as every page of an account. Null: not a public page.
 */
export function publicCacheControl(routeId: string | null, signedIn: boolean, status: number): string | null {
	if (!routeId || !PUBLIC_ROUTES.has(routeId)) return null;
	if (signedIn) return 'private, no-store';
	return status === 200 ? 'public, no-cache' : 'no-store';
}

/** A bloc-year as the publication sees it. */
export interface BlocYearStage {
	year: number;
	blocCode: string;
	stage: Stage;
}

/** The bloc-years published: finalised, of a public year (in the order given). */
export function publishedBlocYears<T extends BlocYearStage>(
	blocYears: readonly T[],
	publicYears: Iterable<number>
): T[] {
	const years = new Set(publicYears);
	return blocYears.filter((b) => b.stage === 'finalised' && years.has(b.year));
}

/** Whether one bloc-year is published. */
export function isPublished(blocYear: BlocYearStage | null, publicYears: Iterable<number>): boolean {
	return blocYear !== null && publishedBlocYears([blocYear], publicYears).length === 1;
}

/**
 * The proposal as decided: the flag or certificate the ranking proposes; 'vote' where units tied
 * at the last place still wait for the bloc's vote (not decided: nobody is named for it).
 */
export type PublicProposal = Proposal | 'vote';

/** One member unit of a published ranking: only what may be public. */
export interface PublicRow {
	rank: number;
	/** Another unit has the same total (a shared rank). */
	tied: boolean;
	unitName: string;
	total: number;
	/** The bloc-year's maximum content points (the total is out of it). */
	contentMax: number;
	percent: number;
	tier: Tier;
	proposal: PublicProposal;
}

/** A ranking row as published: field by field, so that nothing else ever leaks. */
export function publicRow(row: RankingRow): PublicRow {
	return {
		rank: row.rank,
		tied: row.tied,
		unitName: row.unitName,
		total: row.total,
		contentMax: row.contentMax,
		percent: row.percent,
		tier: row.tier,
		proposal: row.proposalTie && row.proposal !== null ? 'vote' : row.proposal
	};
}

/** Form field of one year's switch: a checkbox 'on' with a hidden 'off' of the same name. */
export const publicField = (year: number) => `public.${year}`;

/** A problem of the publication form (message key public_problem_<code>). */
export interface PublicationProblem {
	field: string;
	code: 'unknownYear';
	params: { year: string };
}

export interface ParsedPublication {
	/** The public years after the save, ascending. */
	years: number[];
	problems: PublicationProblem[];
}

/**
 * Reads the form against the current public years and the years the council has (with a
 * pledge): a year's field absent keeps its state; ticked ('on' among its values) makes it
 * public, else private. A field of a year the council does not have is a problem, and then
 * nothing changes.
 */
export function parsePublicationForm(
	fields: FormFields,
	current: readonly number[],
	knownYears: readonly number[]
): ParsedPublication {
	const known = new Set(knownYears);
	const problems: PublicationProblem[] = [];
	const next = new Set(current);
	for (const [name, values] of fields) {
		const m = /^public\.(.*)$/.exec(name);
		if (!m) continue;
		const raw = m[1] ?? '';
		const year = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
		if (!known.has(year)) {
			problems.push({ field: name, code: 'unknownYear', params: { year: raw } });
			continue;
		}
		if (values.length === 0) continue;
		if (values.includes('on') || values.includes('true')) next.add(year);
		else next.delete(year);
	}
	if (problems.length > 0) return { years: [...current].sort((a, b) => a - b), problems };
	return { years: [...next].sort((a, b) => a - b), problems };
}

/** One year turned public or private by a save. */
export interface PublicationChange {
	year: number;
	public: boolean;
}

/** What a save changes, by year ascending (empty: nothing). */
export function publicationChanges(before: readonly number[], after: readonly number[]): PublicationChange[] {
	const was = new Set(before);
	const now = new Set(after);
	const years = [...new Set([...before, ...after])].sort((a, b) => a - b);
	return years.filter((y) => was.has(y) !== now.has(y)).map((y) => ({ year: y, public: now.has(y) }));
}

/** The audit trail's name of a year's switch (action 'setting', criterion_code). */
export const PUBLIC_SETTING_PREFIX = 'public_year:';
export const publicSettingName = (year: number) => `${PUBLIC_SETTING_PREFIX}${year}`;

/** The year of an audited setting name, or null for another setting. */
export function publicSettingYear(setting: string): number | null {
	if (!setting.startsWith(PUBLIC_SETTING_PREFIX)) return null;
	const y = Number(setting.slice(PUBLIC_SETTING_PREFIX.length));
	return Number.isInteger(y) ? y : null;
}
