/**
 * When a login may be tried: the throttling rule, pure (no clock, no database). The server reads
 * the recent attempts from `login_attempt`, asks `loginThrottle`, and checks the password only
 * when it says so.
 *
 * Following OWASP's Authentication Cheat Sheet (protect against automated attacks; account
 * lockout must not become a denial of service), guesses are throttled per ACCOUNT and per
 * ACCOUNT AND ADDRESS with growing delays, never by locking an address: behind an office NAT one
 * careless colleague, or one attacker, must not lock out the whole council.
 *
 * The rule, as `loginThrottle` applies it:
 *
 * 1. A failure counts while it is recent (`windowMinutes`) and only until the next successful
 *    login of the same key: the account from this address for rule 2, the account from
 *    anywhere for rule 3. Attempts refused by this rule are not failures (the password was not
 *    looked at), so waiting out a delay never makes it longer.
 * 2. Account and address: from the `accountAddressFailures`-th failure on, the next attempt
 *    waits `firstDelaySeconds` after the last failure, doubling with every further failure, at
 *    most `maxDelaySeconds`. This is the person, or the guesser, at one machine.
 * 3. Account, from any address: the same growth from the `accountFailures`-th failure, so that a
 *    guesser spread over many addresses is held too. It does not apply at an address from which
 *    the account has signed in successfully before (within the attempts kept, 30 days): there
 *    rule 2 alone limits the guesses, so that a guesser elsewhere cannot keep the owner out at
 *    their usual desk.
 * 4. Address: an address with `addressFailures` failures or more in the last
 *    `addressWindowMinutes` (any accounts, e.g. one trying a password on every account) gets
 *    rule 2 from the FIRST failure of an account there. An account with no recent failure from
 *    that address is never held by it: a correct password for an account nobody is guessing at
 *    from there (the admin, first try) always gets in.
 *
 * Whether the account exists plays no part: an unknown username is held exactly like a real one,
 * so the answer tells nothing about which accounts exist.
 */

export const LOGIN_THROTTLE = {
	/** Rule 2: failures of one account from one address before the delays start. */
	accountAddressFailures: 5,
	/** Rule 3: failures of one account from any addresses before the delays start. */
	accountFailures: 10,
	/** Rule 4: failures from one address (any accounts) that make rule 2 start at once. */
	addressFailures: 50,
	addressWindowMinutes: 60,
	/** The first delay, then doubled with every further failure. */
	firstDelaySeconds: 60,
	maxDelaySeconds: 15 * 60,
	/** Failures older than this are forgotten (rule 1). */
	windowMinutes: 24 * 60
} as const;

/** Failures of one key (counted as in rule 1) and when the last of them was, in epoch ms. */
export interface Failures {
	count: number;
	lastAt: number | null;
}

export interface ThrottleInput {
	/** The account, from any address, since its last successful login. */
	account: Failures;
	/** The account from this address, since its last successful login from this address. */
	accountAddress: Failures;
	/** The account has signed in successfully from this address before (rule 3). */
	knownAddress: boolean;
	/** Failures from this address for any accounts in the last `addressWindowMinutes` (rule 4). */
	addressFailures: number;
}

export type HeldBy = 'account' | 'account_address';

export type ThrottleVerdict =
	{ allowed: true } | { allowed: false; heldBy: HeldBy; until: number; waitSeconds: number };

/** How long after the last failure the next attempt waits: 0 below the threshold. */
export function delaySeconds(failures: number, threshold: number): number {
	if (failures < threshold) return 0;
	const doublings = Math.min(failures - threshold, 30);
	return Math.min(LOGIN_THROTTLE.firstDelaySeconds * 2 ** doublings, LOGIN_THROTTLE.maxDelaySeconds);
}

/** Until when (epoch ms) a key with these failures is held, or null when it is not. */
export function heldUntil(failures: Failures, threshold: number, now: number): number | null {
	if (failures.lastAt === null) return null;
	const until = failures.lastAt + delaySeconds(failures.count, threshold) * 1000;
	return until > now ? until : null;
}

/** Rule 2's threshold at an address (lower at an address failing on many accounts, rule 4). */
export function accountAddressThreshold(addressFailures: number): number {
	return addressFailures >= LOGIN_THROTTLE.addressFailures ? 1 : LOGIN_THROTTLE.accountAddressFailures;
}

/** May a login be tried now, or how long must it wait (the longer of the rules that hold it). */
export function loginThrottle(input: ThrottleInput, now: number): ThrottleVerdict {
	const holds: { heldBy: HeldBy; until: number }[] = [];
	const pair = heldUntil(input.accountAddress, accountAddressThreshold(input.addressFailures), now);
	if (pair !== null) holds.push({ heldBy: 'account_address', until: pair });
	if (!input.knownAddress) {
		const account = heldUntil(input.account, LOGIN_THROTTLE.accountFailures, now);
		if (account !== null) holds.push({ heldBy: 'account', until: account });
	}
	const longest = holds.sort((a, b) => b.until - a.until)[0];
	if (!longest) return { allowed: true };
	return { allowed: false, ...longest, waitSeconds: Math.ceil((longest.until - now) / 1000) };
}

/** The input after one more failure at `now` (to tell whether that failure starts a hold). */
export function afterFailure(input: ThrottleInput, now: number): ThrottleInput {
	return {
		...input,
		account: { count: input.account.count + 1, lastAt: now },
		accountAddress: { count: input.accountAddress.count + 1, lastAt: now },
		addressFailures: input.addressFailures + 1
	};
}

/** Whole minutes to tell the user to wait: at least 1, rounded up. */
export function waitMinutes(waitSeconds: number): number {
	return Math.max(1, Math.ceil(waitSeconds / 60));
}
