/**
 * Route guards: every load, form action and endpoint goes through these. No account → to the
 * login page (a form action gets 401); an account without the right → 403, nothing done.
 */
import { error, json, type RequestEvent } from '@sveltejs/kit';
import { PASSWORD_PAGE, passwordGate } from '../../domain/password-gate';
import { t } from '../../i18n';
import { can, type Action, type Principal } from '../../domain/policy';
import { redirectSameSite } from '../redirect';

/** The signed-in account, or a redirect to /login that comes back here afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url' | 'request'>): Principal {
	const user = event.locals.user;
	if (user) return user;
	if (event.request.method !== 'GET') error(401, 'Cần đăng nhập');
	redirectSameSite(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`, '/login');
}

/** The signed-in account if it may do `action`; otherwise 401/redirect or 403. */
export function authorize(
	event: Pick<RequestEvent, 'locals' | 'url' | 'request'>,
	action: Action
): Principal {
	const user = requireUser(event);
	if (!can(user, action)) error(403, 'Không có quyền');
	return user;
}

/**
 * Issue 14: an account signed in with a temporary password goes to the password page first (a
 * page or form action: redirected, thrown; an endpoint: this 403 answer, in Vietnamese), on every
 * request but the open ones (domain/password-gate.ts). Null: go on.
 */
export function passwordChangeGate(
	event: Pick<RequestEvent, 'locals' | 'route' | 'request' | 'isDataRequest'>
): Response | null {
	const verdict = passwordGate(event.locals.user?.mustChangePassword === true, {
		routeId: event.route.id,
		accept: event.request.headers.get('accept') ?? '',
		pageRequest: event.isDataRequest || event.request.headers.has('x-sveltekit-action')
	});
	if (verdict === 'pass') return null;
	if (verdict === 'redirect') redirectSameSite(303, PASSWORD_PAGE);
	return json({ message: t(event.locals.lang)('self.gate.refused') }, { status: 403 });
}
