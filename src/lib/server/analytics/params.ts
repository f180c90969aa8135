/** Query parameters of the analytics pages, checked against what the reader may see. */
import { AWARD_LEVELS, type AwardLevel } from '../../domain/types';
import type { AwardClass } from '../../domain/awards';
import { AWARDS_BY_CODE } from '../../domain/awards';
import type { BlocChoice } from './data';

/** A four-digit year, else null. */
export function yearParam(raw: string | null): number | null {
	return raw && /^\d{4}$/.test(raw) ? Number(raw) : null;
}

/**
 * The bloc a page shows: the one named (when readable), else the first readable one; 'all' when
 * asked for and allowed. Undefined: a bloc was named that does not exist or cannot be read.
 */
export function blocParam(
	blocs: readonly BlocChoice[],
	raw: string | null,
	allowAll: boolean
): BlocChoice | 'all' | null | undefined {
	if (raw === null || raw === '') return allowAll ? 'all' : (blocs[0] ?? null);
	if (raw === 'all' && allowAll) return 'all';
	return blocs.find((b) => b.blocCode === raw);
}

/** A year of the bloc: the one asked for when the bloc has it, else its latest. */
export function blocYear(bloc: BlocChoice, raw: string | null): number | undefined {
	const y = yearParam(raw);
	if (raw && y === null) return undefined;
	if (y !== null) return bloc.years.includes(y) ? y : undefined;
	return bloc.years[bloc.years.length - 1];
}

export function awardClassParam(raw: string | null): AwardClass | null {
	return raw === 'title' || raw === 'form' ? raw : null;
}

export function awardCodeParam(raw: string | null): string | null {
	return raw && AWARDS_BY_CODE.has(raw) ? raw : null;
}

export function levelParam(raw: string | null): AwardLevel | null {
	return raw && (AWARD_LEVELS as readonly string[]).includes(raw) ? (raw as AwardLevel) : null;
}

/** A unit code as typed in a URL: letters, digits, `.`, `_`, `-`, at most 40 characters. */
export function codeParam(raw: string | null): string | null {
	return raw && /^[\p{L}\p{N}._-]{1,40}$/u.test(raw) ? raw : null;
}
