// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Principal } from '$lib/domain/policy';
import type { Lang } from '$lib/i18n';

declare global {
	namespace App {
		interface Locals {
			lang: Lang;
			/** The signed-in account (null when nobody is). */
			user: Principal | null;
		}
	}
}

export {};
