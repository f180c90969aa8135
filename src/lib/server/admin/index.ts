/**
 * Quản trị: the admin tools an account may use, each with the one fact an admin checks first
 * (the last backup and its age, the accounts held from signing in).
 */
import { can, type Principal } from '../../domain/policy';
import { heldLogins } from '../auth/login-attempts';
import { listBackups } from '../backup';
import { config } from '../config';
import type { Database } from '../db';
import { deputyReviewsLeaderUnit } from './settings';

export interface AdminTools {
	backups: { lastAt: number | null; lastName: string | null; count: number } | null;
	logins: { held: number } | null;
	/** The council's settings an admin changes here. */
	settings: { deputyReviewsLeaderUnit: boolean } | null;
	/** Issue 14 (i14-self): officer accounts in bulk (/admin/accounts/bulk). */
	bulkAccounts: boolean;
}

/** Null when the account may use none of the tools. */
export async function adminTools(db: Database, user: Principal): Promise<AdminTools | null> {
	const mayBackups = can(user, { kind: 'manage:backups' });
	const mayLogins = can(user, { kind: 'read:logins' });
	const maySettings = can(user, { kind: 'manage:settings' });
	const mayUsers = can(user, { kind: 'manage:users' });
	if (!mayBackups && !mayLogins && !maySettings && !mayUsers) return null;
	const [backups, held, deputyReviews] = await Promise.all([
		mayBackups ? listBackups(config().backupDir) : null,
		mayLogins ? heldLogins(db) : null,
		maySettings ? deputyReviewsLeaderUnit(db) : null
	]);
	const last = backups?.[0];
	return {
		backups: backups
			? {
					lastAt: last ? Date.parse(last.createdAt) : null,
					lastName: last?.name ?? null,
					count: backups.length
				}
			: null,
		logins: held ? { held: held.accounts.length + held.unknownNames } : null,
		settings: deputyReviews === null ? null : { deputyReviewsLeaderUnit: deputyReviews },
		bulkAccounts: mayUsers
	};
}
