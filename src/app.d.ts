// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Principal } from '$lib/domain/policy';
import type { Lang } from '$lib/i18n';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** The request's id, also in the log line and the X-Request-Id header, for the user to quote. */
			requestId?: string;
			/**
			 * A 403 because a bloc-year is not finalised yet (home/forbidden.ts): the bloc and the
			 * latest year it is finalised in (null: none), for the error page to link to.
			 */
			draft?: { blocCode: string; blocName: string; year: number; latestFinalised: number | null };
		}
		interface Locals {
			/** Random id of this request (log lines, X-Request-Id, the error page). */
			requestId: string;
			lang: Lang;
			/** The signed-in account (null when nobody is). */
			user: Principal | null;
		}
	}
}

export {};
