/**
 * An account with a temporary password (app_user.must_change_password, issue 14) chooses its
 * own before anything else: every page and form action sends it to the password page, every
 * endpoint that answers data or a file refuses it (403), until it is done. Pure: the one rule,
 * asked once per request by hooks.server.ts.
 */

/** Where the account chooses its password. */
export const PASSWORD_PAGE = '/account/password';

/**
 * Routes open all the same: the password page itself, signing out, the language switch and the
 * health probe. Static assets never reach the hooks (adapter-node serves them first).
 */
const OPEN_ROUTES: ReadonlySet<string> = new Set([PASSWORD_PAGE, '/logout', '/lang', '/healthz']);

export interface GateRequest {
	/** SvelteKit's route id; null for a path no route answers (a 404 page). */
	routeId: string | null;
	/** The request's Accept header ('' when none). */
	accept: string;
	/** A page's data (`__data.json`) or a form action sent by `use:enhance`: answered as a page. */
	pageRequest: boolean;
}

export type GateVerdict = 'pass' | 'redirect' | 'refuse';

/**
 * `pass` for an account without a temporary password and for the open routes; `refuse` for the
 * API and for anything but a browser asking for a page (a download, a script's fetch); else
 * `redirect` to the password page.
 */
export function passwordGate(mustChange: boolean, req: GateRequest): GateVerdict {
	if (!mustChange || req.routeId === null || OPEN_ROUTES.has(req.routeId)) return 'pass';
	if (req.routeId.startsWith('/api/')) return 'refuse';
	if (req.pageRequest || req.accept.includes('text/html')) return 'redirect';
	return 'refuse';
}
