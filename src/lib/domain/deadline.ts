/**
 * Deadlines of a bloc-year (issue 14, part 6): self-scoring closes on a date, review closes on a
 * date, and the bloc's leader may extend the self-scoring of one unit until a later date. Pure.
 *
 * A deadline is a calendar date in Vietnam's time (Asia/Ho_Chi_Minh, UTC+7 all year: Vietnam has
 * kept no daylight saving time since 1975): a deadline of 15/12/2025 holds until 23:59:59 of that
 * day in Vietnam, that is until 2025-12-15T16:59:59.999Z; from 2025-12-15T17:00:00Z it has passed.
 * Days left count Vietnamese calendar days: on 12/12 a deadline of 15/12 has 3 days left, on the
 * day itself 0 (the last day), on 17/12 it is 2 days overdue (−2).
 */
import { formatDate, parseViDate, type ParseResult } from './numbers';

/** Vietnam's offset from UTC, in milliseconds (UTC+7, no daylight saving time). */
export const VIETNAM_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 86_400_000;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch milliseconds of 00:00 UTC of an ISO date (`2025-12-15`); NaN when it is not one. */
function utcMidnight(iso: string): number {
	const m = ISO.exec(iso);
	if (!m) return NaN;
	return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** The calendar date in Vietnam at `epochMs`, as ISO `yyyy-mm-dd`. */
export function vietnamDate(epochMs: number): string {
	return new Date(epochMs + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The first instant after a deadline (epoch ms): 00:00 in Vietnam of the next day. Up to and
 * excluding it, the deadline's day has not ended.
 */
export function deadlineEnd(iso: string): number {
	return utcMidnight(iso) + DAY_MS - VIETNAM_OFFSET_MS;
}

/** Whether the deadline's day (in Vietnam) has ended at `now`. */
export function isPast(iso: string, now: number): boolean {
	return now >= deadlineEnd(iso);
}

/**
 * Whole Vietnamese calendar days from today (in Vietnam, at `now`) to the deadline's day:
 * positive = days left, 0 = today is the last day, negative = days overdue.
 */
export function daysLeft(iso: string, now: number): number {
	return Math.round((utcMidnight(iso) - utcMidnight(vietnamDate(now))) / DAY_MS);
}

/** A deadline as typed: `15/12/2025` (vi-VN, also `15-12-2025`, `15.12.2025`) or ISO `2025-12-15`. */
export function parseDeadline(raw: string): ParseResult<string> {
	return parseViDate(raw);
}

/** A bloc-year's deadlines: ISO dates or null (none set). */
export interface Deadlines {
	selfUntil: string | null;
	reviewUntil: string | null;
}

/** The self-scoring window of one unit: the bloc's deadline and the unit's extension, if any. */
export interface SelfWindow {
	/** The last day the unit may self-score (the later of deadline and extension); null: no deadline. */
	until: string | null;
	/** The bloc's self-scoring deadline. */
	deadline: string | null;
	/** The leader extended this unit past the bloc's deadline (until `until`). */
	extended: boolean;
	/** The window has ended at the time it was computed: the unit officer may not write any more. */
	afterDeadline: boolean;
}

/**
 * The self-scoring window of a unit at `now`: open while the bloc's deadline (or the unit's
 * extension, when later) has not ended. No deadline: always open. An extension earlier than the
 * deadline extends nothing.
 */
export function selfWindow(selfUntil: string | null, extensionUntil: string | null, now: number): SelfWindow {
	if (selfUntil === null) return { until: null, deadline: null, extended: false, afterDeadline: false };
	const extended = extensionUntil !== null && extensionUntil > selfUntil;
	const until = extended ? extensionUntil! : selfUntil;
	return { until, deadline: selfUntil, extended, afterDeadline: isPast(until, now) };
}

/** What is wrong with the deadlines asked for (nothing: an empty list). */
export type DeadlineProblem =
	| { field: 'selfUntil' | 'reviewUntil'; kind: 'invalid'; reason: string }
	| { field: 'reviewUntil'; kind: 'beforeSelf'; selfUntil: string; reviewUntil: string };

/**
 * Reads the two deadlines of a form: each empty (no deadline) or a date; the review deadline may
 * not fall before the self-scoring one.
 */
export function checkDeadlines(input: { selfUntil: string; reviewUntil: string }): {
	deadlines: Deadlines;
	problems: DeadlineProblem[];
} {
	const problems: DeadlineProblem[] = [];
	const read = (field: 'selfUntil' | 'reviewUntil'): string | null => {
		const raw = input[field].trim();
		if (raw === '') return null;
		const parsed = parseDeadline(raw);
		if (parsed.ok) return parsed.value;
		problems.push({ field, kind: 'invalid', reason: parsed.reason });
		return null;
	};
	const selfUntil = read('selfUntil');
	const reviewUntil = read('reviewUntil');
	if (selfUntil !== null && reviewUntil !== null && reviewUntil < selfUntil)
		problems.push({ field: 'reviewUntil', kind: 'beforeSelf', selfUntil, reviewUntil });
	return { deadlines: { selfUntil, reviewUntil }, problems };
}

/** A deadline with its days left, as the pages show it. */
export interface DeadlineView {
	/** ISO date. */
	date: string;
	daysLeft: number;
	past: boolean;
}

export function deadlineView(iso: string, now: number): DeadlineView {
	return { date: iso, daysLeft: daysLeft(iso, now), past: isPast(iso, now) };
}

/** What a page needs to write a deadline in a language (a Translator's `t`). */
type T = (
	key: 'deadline.left' | 'deadline.lastDay' | 'deadline.overdue',
	params: { count: number }
) => string;

/** «còn 3 ngày», «hôm nay là ngày cuối», «đã quá hạn 2 ngày». */
export function daysLeftText(t: T, v: DeadlineView): string {
	if (v.daysLeft > 0) return t('deadline.left', { count: v.daysLeft });
	if (v.daysLeft === 0) return t('deadline.lastDay', { count: 0 });
	return t('deadline.overdue', { count: -v.daysLeft });
}

/** `15/12/2025 — còn 3 ngày`. */
export function deadlineText(t: T, v: DeadlineView): string {
	return `${formatDate(v.date)} — ${daysLeftText(t, v)}`;
}

/**
 * Tasks by urgency: the ones with a deadline first, the nearest (or most overdue) first; the
 * others after, in the order given.
 */
export function byUrgency<X>(items: readonly X[], deadlineOf: (x: X) => DeadlineView | null): X[] {
	return items
		.map((x, i) => ({ x, i, d: deadlineOf(x) }))
		.sort((a, b) => {
			if (a.d && b.d) return a.d.daysLeft - b.d.daysLeft || a.i - b.i;
			if (a.d) return -1;
			if (b.d) return 1;
			return a.i - b.i;
		})
		.map((e) => e.x);
}
