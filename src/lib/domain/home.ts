/**
 * The home page ("Việc của tôi"): what each account sees first, how far a sheet is filled in, which
 * units of a bloc wait for what, and which year leadership lands on. Pure: no I/O.
 */
import { STAGES, type Grant, type Stage } from './policy';

/** The parts of the home page, in the order they are shown. */
export const HOME_SECTIONS = [
	/** The units a leader or deputy reviews: waiting for review, not yet self-scored, stage actions. */
	'review',
	/** The account's own unit sheet(s) in the open year. */
	'sheets',
	/** Every bloc of the open year by stage. */
	'stages',
	/** The latest changes of the audit trail. */
	'changes',
	/** The latest finalised results (leadership). */
	'finalised',
	/** Administration links. */
	'admin'
] as const;
export type HomeSection = (typeof HOME_SECTIONS)[number];

/**
 * The sections an account with these grants sees, its own work first: a leader's review before
 * the leader's own unit sheet, then the province-wide views of analysts and admins, the
 * finalised results for leadership, the admin links last.
 */
export function homeSections(grants: readonly Grant[]): HomeSection[] {
	const roles = new Set(grants.map((g) => g.role));
	const wanted: Record<HomeSection, boolean> = {
		review: roles.has('bloc_leader') || roles.has('bloc_deputy'),
		sheets: roles.has('unit_officer'),
		stages: roles.has('admin') || roles.has('analyst'),
		changes: roles.has('admin') || roles.has('analyst'),
		finalised: roles.has('viewer'),
		admin: roles.has('admin')
	};
	return HOME_SECTIONS.filter((s) => wanted[s]);
}

/** A bloc-year an account leads; `via: 'membership'` when by the bloc's own decision (issue 14 part 3). */
export interface LedScope {
	blocCode: string;
	year: number;
	role: 'bloc_leader' | 'bloc_deputy';
	via?: 'membership';
}

/** The blocs and units an account's grants name (leader/deputy: bloc-years; officer: units). */
export function grantScopes(grants: readonly Grant[]): {
	ledBlocs: LedScope[];
	units: string[];
} {
	const ledBlocs: LedScope[] = [];
	const units: string[] = [];
	for (const g of grants) {
		if (g.role === 'bloc_leader' || g.role === 'bloc_deputy') {
			if (!ledBlocs.some((b) => b.blocCode === g.blocCode && b.year === g.year))
				ledBlocs.push({ blocCode: g.blocCode, year: g.year, role: g.role, ...(g.via ? { via: g.via } : {}) });
		} else if (g.role === 'unit_officer' && !units.includes(g.unitCode)) units.push(g.unitCode);
	}
	ledBlocs.sort(
		(a, b) => b.year - a.year || (a.blocCode < b.blocCode ? -1 : a.blocCode > b.blocCode ? 1 : 0)
	);
	return { ledBlocs, units };
}

/** What a sheet's scoring status counts (see scoring/sheet.ts `UnitScoringStatus`). */
export interface SheetCounts {
	/** Content criteria of the pledge (the ones every unit must score). */
	contentCriteria: number;
	/** Content criteria without a self-score / without a bloc score. */
	selfMissingContent: number;
	reviewMissingContent: number;
	/** Criteria with a self-score and no bloc score yet. */
	unreviewed: number;
}

export interface Progress {
	filled: number;
	total: number;
}

/**
 * How far a sheet is filled in: content criteria with a self-score out of all content criteria,
 * and with a bloc score. Bonus and deduction criteria are optional, so they do not count: a
 * sheet without any bonus is complete.
 */
export function sheetProgress(c: SheetCounts): { self: Progress; review: Progress } {
	const total = Math.max(0, c.contentCriteria);
	const clamp = (missing: number) => Math.min(total, Math.max(0, total - missing));
	return {
		self: { filled: clamp(c.selfMissingContent), total },
		review: { filled: clamp(c.reviewMissingContent), total }
	};
}

/**
 * Where a unit stands for its bloc's leaders: `notSelfScored` while content criteria lack the
 * unit's own score, `awaitingReview` once self-scored with criteria the bloc has not scored,
 * `done` when nothing is left (a bloc without content criteria has nothing to wait for).
 */
export type UnitState = 'notSelfScored' | 'awaitingReview' | 'done';

export function unitState(c: SheetCounts): UnitState {
	if (c.selfMissingContent > 0) return 'notSelfScored';
	if (c.unreviewed > 0 || c.reviewMissingContent > 0) return 'awaitingReview';
	return 'done';
}

/** Units split by `unitState`, each list keeping the order it was given. */
export function splitUnits<T extends SheetCounts>(units: readonly T[]): Record<UnitState, T[]> {
	const out: Record<UnitState, T[]> = { notSelfScored: [], awaitingReview: [], done: [] };
	for (const u of units) out[unitState(u)].push(u);
	return out;
}

/** A bloc-year's stage, as read from the pledges. */
export interface YearStage {
	year: number;
	blocCode: string;
	stage: Stage;
}

/**
 * The year leadership lands on: the latest year whose every bloc is finalised; if no year is,
 * the latest year with a finalised bloc; null when nothing is finalised.
 */
export function latestFinalisedYear(rows: readonly YearStage[]): number | null {
	const byYear = new Map<number, { all: boolean; any: boolean }>();
	for (const r of rows) {
		const y = byYear.get(r.year) ?? { all: true, any: false };
		if (r.stage === 'finalised') y.any = true;
		else y.all = false;
		byYear.set(r.year, y);
	}
	const years = [...byYear.keys()].sort((a, b) => b - a);
	return years.find((y) => byYear.get(y)!.all) ?? years.find((y) => byYear.get(y)!.any) ?? null;
}

/** The latest year in which this bloc is finalised, or null. */
export function latestFinalisedYearOfBloc(rows: readonly YearStage[], blocCode: string): number | null {
	let best: number | null = null;
	for (const r of rows)
		if (r.blocCode === blocCode && r.stage === 'finalised' && (best === null || r.year > best)) best = r.year;
	return best;
}

/** The year scoring happens in: the latest year with a pledge (null when there is none). */
export function openYear(rows: readonly YearStage[]): number | null {
	let best: number | null = null;
	for (const r of rows) if (best === null || r.year > best) best = r.year;
	return best;
}

/** The blocs of a year grouped by stage, in lifecycle order; stages without a bloc left out. */
export function blocsByStage<T extends { stage: Stage }>(
	blocs: readonly T[]
): { stage: Stage; blocs: T[] }[] {
	return STAGES.map((stage) => ({ stage, blocs: blocs.filter((b) => b.stage === stage) })).filter(
		(g) => g.blocs.length > 0
	);
}

/**
 * A figure of a year's overview that adds up the blocs: known only when the reader sees every
 * bloc. With some blocs hidden (drafts), the sum over the visible ones is not the year's figure,
 * and showing it (or 0) would say something false: null then.
 */
export function visibleTotal(blocs: readonly { hidden: boolean; value: number }[]): number | null {
	if (blocs.some((b) => b.hidden)) return null;
	return blocs.reduce((s, b) => s + b.value, 0);
}
