/**
 * The only way the app redirects: SvelteKit's `redirect()` with a target that passed the
 * same-site rule (src/lib/domain/same-site.ts). `tests/unit/redirect-static.test.ts` fails when
 * another file of src/ imports SvelteKit's `redirect` or writes a `Location` header itself.
 */
import { redirect } from '@sveltejs/kit';
import { safeRedirectPath } from '../domain/same-site';

type RedirectStatus = 300 | 301 | 302 | 303 | 304 | 305 | 306 | 307 | 308;

/**
 * Redirects to `target` when it is a path of this site (normalised), else to `fallback` (a path
 * the code chose). Throws, like SvelteKit's `redirect`.
 */
export function redirectSameSite(
	status: RedirectStatus,
	target: string | null | undefined,
	fallback = '/'
): never {
	redirect(status, safeRedirectPath(target, fallback));
}
