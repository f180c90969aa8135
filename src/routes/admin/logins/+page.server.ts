import { formatDateTime } from '$lib/domain/numbers';
import { LOGIN_THROTTLE } from '$lib/domain/login-throttle';
import { authorize } from '$lib/server/auth/guard';
import { heldLogins } from '$lib/server/auth/login-attempts';
import { getDatabase } from '$lib/server/db';
import type { PageServerLoad } from './$types';

/** Accounts held by the login throttle now (admin only). Read uncached: it changes every minute. */
export const load: PageServerLoad = async (event) => {
	authorize(event, { kind: 'read:logins' });
	const now = Date.now();
	const held = await heldLogins(await getDatabase(), now);
	return {
		checkedAt: formatDateTime(now),
		accounts: held.accounts.map((a) => ({ ...a, untilText: formatDateTime(a.until) })),
		unknownNames: held.unknownNames,
		busyAddresses: held.busyAddresses,
		limits: {
			accountAddress: LOGIN_THROTTLE.accountAddressFailures,
			account: LOGIN_THROTTLE.accountFailures,
			address: LOGIN_THROTTLE.addressFailures,
			addressMinutes: LOGIN_THROTTLE.addressWindowMinutes,
			firstMinutes: LOGIN_THROTTLE.firstDelaySeconds / 60,
			maxMinutes: LOGIN_THROTTLE.maxDelaySeconds / 60
		}
	};
};
