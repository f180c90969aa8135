/**
 * The bulk creation page's form handling (src/routes/admin/accounts/bulk): what a check of an
 * accounts file answers to the page, and the one download of the passwords once created. The
 * route keeps only its load and actions.
 */
import { grantLabel } from '../../domain/grant-label';
import { translator } from '../../i18n';
import type { AccountsFileCheck } from './bulk-file';
import type { BulkResult } from './bulk';
import { keepHandout } from './handout';

/** What the page shows of a file's check: its problems and the accounts it would create. */
export function fileCheckView(check: AccountsFileCheck, token: string | null) {
	const tr = translator('vi');
	return {
		file: check.file,
		rows: check.rows,
		issues: check.issues,
		errors: check.issues.filter((i) => i.severity === 'error').length,
		token,
		accounts: check.accounts.map((a) => ({
			username: a.username,
			displayName: a.displayName,
			roles: a.grants.map((g) => grantLabel(tr, g))
		}))
	};
}

export type FileCheckView = ReturnType<typeof fileCheckView>;

/** A creation that worked: its passwords kept for this session's one download. */
export function createdView(result: Extract<BulkResult, { ok: true }>, sessionToken: string) {
	const { token, expiresAt } = keepHandout(sessionToken, result.handout);
	return { count: result.created, token, expiresAt, usernames: result.handout.map((h) => h.username) };
}

export type CreatedView = ReturnType<typeof createdView>;
