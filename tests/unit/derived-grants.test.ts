/**
 * Issue 14 part 3: a grant derived from a bloc-year's membership (`via: 'membership'`) gives the
 * same rights as an explicit one, and the pages cached for an account are keyed on the derived
 * grants (they change without a write of the accounts).
 */
import { describe, expect, it } from 'vitest';
import { can, type BlocYear, type Principal } from '../../src/lib/domain/policy';
import { derivedGrantsKey } from '../../src/lib/server/auth/users';
import { pageCacheKey } from '../../src/lib/server/page-cache';

const officer = (...extra: Principal['grants']): Principal => ({
	userId: 7,
	username: 'canbo',
	displayName: 'Cán bộ',
	grants: [{ role: 'unit_officer', unitCode: 'SO24' }, ...extra]
});
const derived = officer({ role: 'bloc_leader', blocCode: 'K04', year: 2025, via: 'membership' });
const explicit = officer({ role: 'bloc_leader', blocCode: 'K04', year: 2025 });
const REVIEW: BlocYear = { blocCode: 'K04', year: 2025, stage: 'review' };

describe('a grant derived from the membership', () => {
	it('gives what the explicit grant gives, and nothing without it', () => {
		const actions = [
			{ kind: 'read:bloc', bloc: REVIEW },
			{
				kind: 'write:review',
				bloc: REVIEW,
				unitCode: 'SO03',
				rule: { leaderUnit: 'SO24', deputyReviews: false }
			},
			{
				kind: 'write:review',
				bloc: REVIEW,
				unitCode: 'SO24',
				rule: { leaderUnit: 'SO24', deputyReviews: true }
			},
			{ kind: 'stage:advance', bloc: REVIEW, to: 'finalised' },
			{ kind: 'upload' }
		] as const;
		expect(actions.map((a) => can(derived, a))).toEqual(actions.map((a) => can(explicit, a)));
		expect(actions.map((a) => can(derived, a))).toEqual([true, true, false, true, true]);
		expect(actions.map((a) => can(officer(), a))).toEqual([false, false, false, false, false]);
	});

	it('keys the cached pages: another derived grant, another page', () => {
		expect(derivedGrantsKey(explicit)).toBe('');
		expect(derivedGrantsKey(null)).toBe('');
		expect(derivedGrantsKey(derived)).toBe('bloc_leader:K04:2025');
		const get = new Request('http://x/');
		expect(pageCacheKey(get, '/', 7, 'vi', derivedGrantsKey(derived))).not.toBe(
			pageCacheKey(get, '/', 7, 'vi', derivedGrantsKey(officer()))
		);
	});
});
