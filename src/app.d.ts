// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Principal } from '$lib/domain/policy';
import type { Lang } from '$lib/i18n';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** The request's id, also in the log line and the X-Request-Id header, for the user to quote. */
			requestId?: string;
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
