/**
 * One unit's scoring sheet (phiếu chấm điểm): checking what a person typed into a cell, and the
 * sheet's subtotals. Pure: the grid page runs it live in the browser, the server runs it again
 * before anything is written (`src/lib/server/scoring/sheet.ts`), so both always agree.
 *
 * Arithmetic is exact, as in the ranking (`./ranking.ts`): points × 100 and weight × 1000 as
 * BigInt, products in units of 1e-5 point, rounded to 2 decimals only for display.
 */
import type { Translator } from '../i18n';
import { decimalPlaces, parseViNumber, formatDateTime } from './numbers';
import {
	can,
	leaderOwnUnit,
	leadsBloc,
	officerOf,
	type BlocYear,
	type OwnUnitRule,
	type Principal,
	type Stage
} from './policy';
import { percentOf, scaled, toDisplay } from './ranking';
import type { CriterionKind, Role } from './types';

/** Which score column a save writes: the unit's self-score or the bloc's reviewed score. */
export type SheetSide = 'self' | 'review';
export const SHEET_SIDES: readonly SheetSide[] = ['self', 'review'];

/** Longest note kept (characters). */
export const NOTE_MAX_LENGTH = 1000;
/** Scores are DECIMAL(9,2). */
export const SCORE_DECIMALS = 2;
/** Longest reason kept with a save of bloc scores (the rest is refused, not cut). */
export const REASON_MAX_LENGTH = 500;

/** What the sheet needs to know about a criterion of the pledge. */
export interface SheetCriterionDef {
	code: string;
	name: string;
	groupCode: string;
	groupName: string;
	kind: CriterionKind;
	maxPoints: number;
	weight: number;
	sortOrder: number;
}

// ---------------------------------------------------------------------------------------------
// The sheet as read from the database (src/lib/server/scoring/sheet.ts)

export interface SheetUnit {
	code: string;
	name: string;
	/** Role in the bloc that year. */
	role: Role;
}

export interface SheetCriterion extends SheetCriterionDef {
	selfScore: number | null;
	reviewedScore: number | null;
	note: string | null;
}

export interface SheetGroup {
	groupCode: string;
	groupName: string;
	criteria: SheetCriterion[];
}

export interface Sheet {
	blocCode: string;
	blocName: string;
	year: number;
	stage: Stage;
	/** Null when the unit is not a member of the bloc that year (or does not exist). */
	unit: SheetUnit | null;
	/** The pledge's criteria in their groups, in the pledge's order. */
	groups: SheetGroup[];
	/** Cap on Σ weight × bonus points; null = none. */
	bonusCap: number | null;
	/** `score_sheet.version`; 0 when the sheet was never saved. */
	version: number;
	/** Epoch milliseconds of the last save, or null. */
	updatedAt: number | null;
	/** Username of the last save, or null. */
	updatedBy: string | null;
	/** That account's display name, when it is an account. */
	updatedByName: string | null;
	/** The bloc leader's own unit and who reviews it (the council's setting). */
	rule: OwnUnitRule;
}

/** A field of a score row. */
export type SheetField = 'self' | 'review' | 'note';

/** A cell someone else changed since the version the user loaded. */
export interface ConflictCell {
	criterionCode: string;
	field: SheetField;
	/** What is stored now: a plain decimal (`8.5`) or the note; null = empty. */
	current: string | null;
	/** What this user submitted for that field (same form), or undefined when not submitted. */
	yours?: string | null;
	/** The user's value differs from what is stored now. */
	differs: boolean;
	changedBy: string;
	changedByName: string | null;
	/** Epoch milliseconds. */
	changedAt: number;
}

// ---------------------------------------------------------------------------------------------
// Checking input

export const PROBLEM_KINDS = [
	'notNumber',
	'negative',
	'decimals',
	'aboveMax',
	'aboveCap',
	'noteTooLong',
	'noteWithoutScore',
	'unknownCriterion',
	'duplicate'
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** One thing wrong with one cell. `params` are raw values; numbers are formatted when shown. */
export interface SheetProblem {
	criterionCode: string;
	field: 'value' | 'note';
	kind: ProblemKind;
	params: Record<string, string | number>;
}

/** A cell's score as typed: `null` = left empty (no score on that side). */
export interface CheckedScore {
	value: number | null;
	problems: SheetProblem[];
}

/**
 * Checks what was typed in a score cell: empty is "no score"; otherwise a Vietnamese number
 * (`8,5`, `8.5`, `12`) ≥ 0 with at most 2 decimals, at most the criterion's maximum, and for a
 * bonus criterion weight × points at most the pledge's bonus cap. Every problem is reported.
 */
export function checkScore(c: SheetCriterionDef, raw: string, bonusCap: number | null): CheckedScore {
	const text = raw.trim();
	if (text === '') return { value: null, problems: [] };
	const problem = (kind: ProblemKind, params: SheetProblem['params'] = {}): SheetProblem => ({
		criterionCode: c.code,
		field: 'value',
		kind,
		params: { code: c.code, raw: text, ...params }
	});
	const parsed = parseViNumber(text);
	if (!parsed.ok) return { value: null, problems: [problem('notNumber')] };
	const v = parsed.value;
	const problems: SheetProblem[] = [];
	if (v < 0) problems.push(problem('negative', { value: v }));
	if (decimalPlaces(text) > SCORE_DECIMALS) problems.push(problem('decimals', { digits: SCORE_DECIMALS }));
	if (v > c.maxPoints) problems.push(problem('aboveMax', { value: v, max: c.maxPoints }));
	if (c.kind === 'bonus' && bonusCap !== null && v >= 0) {
		// weight × points > cap, exactly: weight × 1000 × points × 100 vs cap × 100 × 1000
		const weighted = scaled(c.weight, 3) * scaled(v, 2);
		if (weighted > scaled(bonusCap, 2) * 1000n)
			problems.push(
				problem('aboveCap', { value: v, weight: c.weight, weighted: toDisplay(weighted), cap: bonusCap })
			);
	}
	return { value: problems.length ? null : v, problems };
}

/** A note as stored: trimmed, line ends as `\n`, empty → null. */
export function normalizeNote(raw: string): string | null {
	const s = raw.replace(/\r\n?/g, '\n').trim();
	return s === '' ? null : s;
}

/** Problems of a note cell (too long). */
export function checkNote(code: string, raw: string): SheetProblem[] {
	const note = normalizeNote(raw);
	const length = note === null ? 0 : [...note].length;
	return length > NOTE_MAX_LENGTH
		? [
				{
					criterionCode: code,
					field: 'note',
					kind: 'noteTooLong',
					params: { code, length, limit: NOTE_MAX_LENGTH }
				}
			]
		: [];
}

/**
 * A score row needs a score on at least one side (the database refuses a row with only a note),
 * so a note on a criterion left without any score cannot be kept.
 */
export function checkNoteHasScore(
	code: string,
	self: number | null,
	reviewed: number | null,
	note: string | null
): SheetProblem[] {
	return note !== null && self === null && reviewed === null
		? [{ criterionCode: code, field: 'note', kind: 'noteWithoutScore', params: { code } }]
		: [];
}

/** One cell pair as submitted; a missing field is left as it is stored. */
export interface SheetEntryInput {
	criterionCode: string;
	value?: string;
	note?: string;
}

/**
 * A sheet form's `value.<criterion>` and `note.<criterion>` fields → entries, in form order, and
 * the raw text per criterion to show back. A field that comes again for the same criterion
 * (`value.A1` twice) starts a second entry, which `checkEntries` refuses as a duplicate: a form
 * never picks one of two values silently. Other fields and files are ignored.
 */
export function sheetFormEntries(fields: Iterable<[string, unknown]>): {
	entries: SheetEntryInput[];
	values: Record<string, string>;
	notes: Record<string, string>;
} {
	const entries: SheetEntryInput[] = [];
	const last = new Map<string, SheetEntryInput>();
	const values: Record<string, string> = {};
	const notes: Record<string, string> = {};
	for (const [name, raw] of fields) {
		if (typeof raw !== 'string') continue;
		const m = /^(value|note)\.(.+)$/s.exec(name);
		if (!m) continue;
		const field = m[1] as 'value' | 'note';
		const code = m[2]!;
		let entry = last.get(code);
		if (!entry || entry[field] !== undefined) {
			entry = { criterionCode: code };
			entries.push(entry);
			last.set(code, entry);
		}
		entry[field] = raw;
		const shown = field === 'value' ? values : notes;
		if (!Object.hasOwn(shown, code)) shown[code] = raw;
	}
	return { entries, values, notes };
}

/** An entry after checking: `undefined` = not submitted (unchanged), `null` = emptied. */
export interface CheckedEntry {
	criterion: SheetCriterionDef;
	value: number | null | undefined;
	note: string | null | undefined;
}

/**
 * Checks every submitted entry against the pledge's criteria. Unknown criterion codes and a
 * criterion given twice are problems too. Returns the usable entries and every problem.
 */
export function checkEntries(
	criteria: readonly SheetCriterionDef[],
	bonusCap: number | null,
	entries: readonly SheetEntryInput[]
): { entries: CheckedEntry[]; problems: SheetProblem[] } {
	const byCode = new Map(criteria.map((c) => [c.code, c]));
	const seen = new Set<string>();
	const out: CheckedEntry[] = [];
	const problems: SheetProblem[] = [];
	for (const e of entries) {
		const code = e.criterionCode;
		const c = byCode.get(code);
		if (!c) {
			problems.push({
				criterionCode: code,
				field: 'value',
				kind: 'unknownCriterion',
				params: { code: code.slice(0, 40) }
			});
			continue;
		}
		if (seen.has(code)) {
			problems.push({ criterionCode: code, field: 'value', kind: 'duplicate', params: { code } });
			continue;
		}
		seen.add(code);
		let value: number | null | undefined;
		if (e.value !== undefined) {
			const checked = checkScore(c, e.value, bonusCap);
			problems.push(...checked.problems);
			value = checked.value;
		}
		if (e.note !== undefined) problems.push(...checkNote(code, e.note));
		out.push({ criterion: c, value, note: e.note === undefined ? undefined : normalizeNote(e.note) });
	}
	return { entries: out, problems };
}

/** A score as a plain decimal string for the audit trail and comparisons: 8.5, 40, 0.25. */
export function canonicalScore(value: number | null): string | null {
	if (value === null) return null;
	const s = (Math.round(value * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
	return s === '-0' ? '0' : s;
}

// ---------------------------------------------------------------------------------------------
// Subtotals

export interface SheetGroupTotal {
	groupCode: string;
	groupName: string;
	/** Σ weight × points of the group's content criteria. */
	points: number;
	/** Σ weight × max_points of the group's content criteria. */
	max: number;
}

export interface SheetTotals {
	/** Groups with content criteria, in the sheet's order. */
	groups: SheetGroupTotal[];
	content: number;
	contentMax: number;
	/** Σ weight × bonus points, before the cap. */
	bonusRaw: number;
	/** After the pledge's cap. */
	bonus: number;
	bonusCap: number | null;
	deduction: number;
	/** content + bonus − deduction. */
	total: number;
	/** total / contentMax × 100 (2 decimals), 0 when there is no content maximum. */
	percent: number;
}

/**
 * The sheet's subtotals for one column of points (`points(code)`; null or missing = 0): per
 * content group, content, bonus (raw and capped), deductions, total, percent. The same rule as
 * the bloc ranking (`rankBloc`), for one unit and whatever points are given.
 */
export function sheetTotals(
	criteria: readonly SheetCriterionDef[],
	points: (code: string) => number | null | undefined,
	bonusCap: number | null
): SheetTotals {
	const groups = new Map<string, { groupCode: string; groupName: string; points: bigint; max: bigint }>();
	let content = 0n;
	let contentMax = 0n;
	let bonusRaw = 0n;
	let deduction = 0n;
	for (const c of criteria) {
		const p = points(c.code);
		const w = scaled(c.weight, 3);
		const weighted = p === null || p === undefined || !Number.isFinite(p) ? 0n : w * scaled(p, 2);
		if (c.kind === 'content') {
			const wmax = w * scaled(c.maxPoints, 2);
			content += weighted;
			contentMax += wmax;
			let g = groups.get(c.groupCode);
			if (!g)
				groups.set(
					c.groupCode,
					(g = { groupCode: c.groupCode, groupName: c.groupName, points: 0n, max: 0n })
				);
			g.points += weighted;
			g.max += wmax;
		} else if (c.kind === 'bonus') bonusRaw += weighted;
		else deduction += weighted;
	}
	const cap = bonusCap === null ? null : scaled(bonusCap, 2) * 1000n;
	const bonus = cap !== null && bonusRaw > cap ? cap : bonusRaw;
	const total = content + bonus - deduction;
	return {
		groups: [...groups.values()].map((g) => ({
			groupCode: g.groupCode,
			groupName: g.groupName,
			points: toDisplay(g.points),
			max: toDisplay(g.max)
		})),
		content: toDisplay(content),
		contentMax: toDisplay(contentMax),
		bonusRaw: toDisplay(bonusRaw),
		bonus: toDisplay(bonus),
		bonusCap,
		deduction: toDisplay(deduction),
		total: toDisplay(total),
		percent: percentOf(total, contentMax)
	};
}

/** The points the ranking counts for a criterion: the reviewed score, else the self-score. */
export function countedPoints(self: number | null, reviewed: number | null): number | null {
	return reviewed ?? self;
}

// ---------------------------------------------------------------------------------------------
// Who may edit which column

export type ReadOnlyReason =
	| 'finalised'
	| 'open'
	| 'selfScoringLeader'
	| 'leaderOwnUnit'
	| 'reviewOfficer'
	| 'viewOnly'
	/** The unit's self-scoring deadline (or its extension) has passed (issue 14, deadlines). */
	| 'afterDeadline';

/**
 * The column this account may edit on this unit's sheet now (at most one: self-scores only in
 * self_scoring, reviews only in review), or why the sheet is read-only for it; and whether the
 * account reviews its own unit as the bloc leader (allowed, with a warning, unless the council
 * has the deputy review it: then read-only, `leaderOwnUnit`). `afterDeadline`: the unit's
 * self-scoring window has ended (domain/deadline.ts `selfWindow`): read-only to its officer.
 */
export function sheetAccess(
	user: Principal | null,
	bloc: BlocYear,
	unitCode: string,
	rule: OwnUnitRule,
	afterDeadline: boolean
): { side: SheetSide | null; reason: ReadOnlyReason | null; ownUnit: boolean } {
	const ownUnit = bloc.stage === 'review' && leaderOwnUnit(user, bloc, unitCode, rule);
	if (can(user, { kind: 'write:self', bloc, unitCode, afterDeadline }))
		return { side: 'self', reason: null, ownUnit };
	if (can(user, { kind: 'write:review', bloc, unitCode, rule }))
		return { side: 'review', reason: null, ownUnit };
	const readOnly = (reason: ReadOnlyReason) => ({ side: null, reason, ownUnit });
	if (bloc.stage === 'finalised') return readOnly('finalised');
	if (bloc.stage === 'open') return readOnly('open');
	if (user && bloc.stage === 'self_scoring' && afterDeadline && officerOf(user, unitCode))
		return readOnly('afterDeadline');
	if (user && bloc.stage === 'self_scoring' && leadsBloc(user, bloc)) return readOnly('selfScoringLeader');
	if (ownUnit && rule.deputyReviews) return readOnly('leaderOwnUnit');
	if (user && bloc.stage === 'review' && officerOf(user, unitCode)) return readOnly('reviewOfficer');
	return readOnly('viewOnly');
}

/** The optional reason typed with a save of bloc scores: trimmed, empty → null. */
export function normalizeReason(raw: unknown): string | null {
	if (typeof raw !== 'string') return null;
	const s = raw.replace(/\s+/g, ' ').trim();
	return s === '' ? null : s;
}

/**
 * How far the bloc's score is from the self-score, in points (bloc − self, to 2 decimals);
 * null when either is missing or they are equal.
 */
export function scoreDiff(self: number | null, reviewed: number | null): number | null {
	if (self === null || reviewed === null) return null;
	const d = Number(scaled(reviewed, SCORE_DECIMALS) - scaled(self, SCORE_DECIMALS)) / 100;
	return d === 0 ? null : d;
}

/** A difference as a badge shows it: `+1,5`, `−2` (a true minus sign). */
export function signedText(tr: Translator, d: number): string {
	return `${d > 0 ? '+' : '−'}${tr.num(Math.abs(d))}`;
}

/** Where the unit stands after a save: its total and rank now, and the rank before. */
export interface Standing {
	total: number;
	rank: number;
	/** The rank before the save, when known. */
	was: number | null;
	/** Members of the bloc that year. */
	of: number;
}

/** The move of a rank: up (a smaller number) by so many places, down, or none. */
export function rankMove(was: number | null, now: number): { dir: 'up' | 'down' | 'same'; by: number } {
	if (was === null || was === now) return { dir: 'same', by: 0 };
	return was > now ? { dir: 'up', by: was - now } : { dir: 'down', by: now - was };
}

/** `Tổng 92,5 điểm · hạng 3/14 (↑2)`: the standing after a save, in the translator's language. */
export function standingText(tr: Translator, s: Standing): string {
	const move = rankMove(s.was, s.rank);
	const moveText =
		move.dir === 'same'
			? tr.t('sheetx.move.same')
			: tr.t(move.dir === 'up' ? 'sheetx.move.up' : 'sheetx.move.down', { by: move.by });
	return tr.t('sheetx.standing', { total: tr.num(s.total), rank: s.rank, of: s.of, move: moveText });
}

/** The stage that opens a side for writing. */
export function stageOfSide(side: SheetSide): BlocYear['stage'] {
	return side === 'self' ? 'self_scoring' : 'review';
}

// ---------------------------------------------------------------------------------------------
// Text (through the interface language)

/** A problem as a sentence in the translator's language. */
export function problemText(tr: Translator, p: SheetProblem): string {
	const params: Record<string, string | number> = {};
	for (const [k, v] of Object.entries(p.params))
		params[k] = typeof v === 'number' && k !== 'length' && k !== 'limit' && k !== 'digits' ? tr.num(v, 5) : v;
	return tr.t(`sheet.problem.${p.kind}`, params);
}

/** Epoch milliseconds → `dd/mm/yyyy HH:mm` in Vietnam's time; '' for null. */
export const formatStamp = formatDateTime;

/**
 * Who made a change, as a reader says it: the account's display name, or for an import (no
 * person: `import:sample`, `import:cli`, `import:<source>`) what it was.
 */
export function whoText(username: string, displayName: string | null, tr: Translator): string {
	if (displayName) return displayName;
	if (username === 'system:deadline') return tr.t('audit.who.systemDeadline');
	const m = /^import:(.+)$/.exec(username);
	if (!m) return username;
	if (m[1] === 'sample') return tr.t('audit.who.sample');
	if (m[1] === 'cli') return tr.t('audit.who.cli');
	return tr.t('audit.who.import', { source: m[1]! });
}

/** Who saved: `Display name (username)`, an import as what it was, or the bare username. */
export function saverText(tr: Translator, username: string | null, displayName: string | null): string {
	if (!username) return '';
	if (displayName) return `${displayName} (${username})`;
	return whoText(username, null, tr);
}

/** A stored score or note as shown in a message: `8,5`, `«…»`, or the word for empty. */
export function fieldValueText(tr: Translator, field: SheetField, value: string | null): string {
	if (value === null) return tr.t('sheet.conflictEmpty');
	if (field === 'note') return `«${value.length > 80 ? value.slice(0, 79) + '…' : value}»`;
	const n = Number(value);
	return Number.isFinite(n) ? tr.num(n) : value;
}
