import { describe, expect, it } from 'vitest';
import {
	afterFailure,
	delaySeconds,
	LOGIN_THROTTLE,
	loginThrottle,
	waitMinutes,
	type ThrottleInput
} from '../../src/lib/domain/login-throttle';

const NOW = Date.UTC(2025, 10, 20, 8, 0, 0);
const SEC = 1000;
const { accountAddressFailures: PAIR, accountFailures: ACCOUNT, addressFailures: ADDRESS } = LOGIN_THROTTLE;

/** `pair` failures at this address and `others` elsewhere, the last one `ago` seconds before NOW. */
function input(pair: number, others = 0, ago = 0, extra: Partial<ThrottleInput> = {}): ThrottleInput {
	const lastAt = pair + others > 0 ? NOW - ago * SEC : null;
	return {
		account: { count: pair + others, lastAt },
		accountAddress: { count: pair, lastAt: pair > 0 ? lastAt : null },
		knownAddress: false,
		addressFailures: pair,
		...extra
	};
}

describe('login throttle: delays', () => {
	it('starts at one minute on the threshold, doubles, and stops at the cap', () => {
		expect(
			[PAIR - 1, PAIR, PAIR + 1, PAIR + 2, PAIR + 3, PAIR + 4, PAIR + 40].map((n) => delaySeconds(n, PAIR))
		).toEqual([0, 60, 120, 240, 480, 900, 900]);
		expect(LOGIN_THROTTLE.maxDelaySeconds).toBeLessThanOrEqual(30 * 60);
	});

	it('says to wait in whole minutes, rounded up, at least one', () => {
		expect([1, 59, 60, 61, 900].map(waitMinutes)).toEqual([1, 1, 1, 2, 15]);
	});
});

describe('login throttle: the rule', () => {
	it('allows an account below the limit, and holds it from the limit on, for the delay only', () => {
		expect(loginThrottle(input(PAIR - 1), NOW)).toEqual({ allowed: true });
		expect(loginThrottle(input(PAIR), NOW)).toEqual({
			allowed: false,
			heldBy: 'account_address',
			until: NOW + 60 * SEC,
			waitSeconds: 60
		});
		expect(loginThrottle(input(PAIR, 0, 45), NOW)).toMatchObject({ allowed: false, waitSeconds: 15 });
		expect(loginThrottle(input(PAIR, 0, 60), NOW)).toEqual({ allowed: true });
		expect(loginThrottle(input(PAIR + 1, 0, 60), NOW)).toMatchObject({ allowed: false, waitSeconds: 60 });
	});

	it('holds an account guessed at from many addresses, from every address it never signed in from', () => {
		// One failure from here, the rest spread elsewhere.
		const spread = input(1, ACCOUNT - 1);
		expect(loginThrottle(spread, NOW)).toMatchObject({ allowed: false, heldBy: 'account', waitSeconds: 60 });
		expect(loginThrottle(input(0, ACCOUNT - 1), NOW)).toEqual({ allowed: true });
		// Where its owner signed in before, only the account-and-address limit applies.
		expect(loginThrottle({ ...spread, knownAddress: true }, NOW)).toEqual({ allowed: true });
		expect(loginThrottle({ ...input(PAIR, ACCOUNT), knownAddress: true }, NOW)).toMatchObject({
			allowed: false,
			heldBy: 'account_address'
		});
	});

	it('waits for the longer of two holds', () => {
		const both = input(PAIR + 3, ACCOUNT); // pair: 480 s; account: 18 failures, the 900 s cap
		const verdict = loginThrottle(both, NOW);
		expect(verdict).toMatchObject({ allowed: false, waitSeconds: delaySeconds(PAIR + 3 + ACCOUNT, ACCOUNT) });
		expect(loginThrottle({ ...both, account: { count: ACCOUNT, lastAt: NOW } }, NOW)).toMatchObject({
			heldBy: 'account_address',
			waitSeconds: 480
		});
	});

	it('never holds, for failures at an address, an account nobody guessed at from there', () => {
		for (const addressFailures of [PAIR, 20, 25, ADDRESS, ADDRESS * 100])
			expect(loginThrottle(input(0, 0, 0, { addressFailures }), NOW)).toEqual({ allowed: true });
	});

	it('at an address failing on many accounts, holds an account that failed there from its first failure', () => {
		expect(loginThrottle(input(1, 0, 0, { addressFailures: ADDRESS - 1 }), NOW)).toEqual({ allowed: true });
		expect(loginThrottle(input(1, 0, 0, { addressFailures: ADDRESS }), NOW)).toMatchObject({
			allowed: false,
			heldBy: 'account_address',
			waitSeconds: 60
		});
		expect(loginThrottle(input(2, 0, 0, { addressFailures: ADDRESS }), NOW)).toMatchObject({
			waitSeconds: 120
		});
	});

	it('tells when a failure starts a hold (to say so and to log it)', () => {
		const before = input(PAIR - 1, 0, 600);
		expect(loginThrottle(before, NOW)).toEqual({ allowed: true });
		const after = afterFailure(before, NOW);
		expect(after).toMatchObject({ account: { count: PAIR, lastAt: NOW }, accountAddress: { count: PAIR } });
		expect(loginThrottle(after, NOW)).toMatchObject({ allowed: false, waitSeconds: 60 });
		expect(afterFailure(input(0), NOW).addressFailures).toBe(1);
	});

	it('keeps the address limit far above the account limits', () => {
		expect(ADDRESS).toBeGreaterThanOrEqual(5 * ACCOUNT);
		expect(ACCOUNT).toBeGreaterThan(PAIR);
	});
});
