/**
 * Quản trị: the admin tools an account may use, each with the one fact an admin checks first
 * (the last backup and its age, the accounts held from signing in).
 */
import { can, type Principal } from '../../domain/policy';
import { accountCounts } from '../accounts/admin';
import { heldLogins } from '../auth/login-attempts';
import { listBackups } from '../backup';
import { config } from '../config';
import type { Database } from '../db';
import { latestYear } from './new-year';
import { readCouncilSettings } from './settings';

export interface AdminTools {
	backups: { lastAt: number | null; lastName: string | null; count: number } | null;
	logins: { held: number } | null;
	/** The council's settings (/admin/settings): its name. */
	settings: { councilName: string } | null;
	/** A new year from the last one (issue 14 part 4): the latest year with data. */
	newYear: { latest: number | null } | null;
	/** Accounts page (issue 14, part 1): how many accounts are active and disabled. */
	accounts: { active: number; disabled: number } | null;
	/** Issue 14 (i14-self): officer accounts in bulk (/admin/accounts/bulk). */
	bulkAccounts: boolean;
	/** Issue 15 part 3: the decision templates, and the latest year of the council's decision page. */
	decisionTemplates: { year: number | null } | null;
}

/** Null when the account may use none of the tools. */
export async function adminTools(db: Database, user: Principal): Promise<AdminTools | null> {
	const mayBackups = can(user, { kind: 'manage:backups' });
	const mayLogins = can(user, { kind: 'read:logins' });
	const maySettings = can(user, { kind: 'manage:settings' });
	const mayYears = can(user, { kind: 'manage:years' });
	const mayAccounts = can(user, { kind: 'manage:users' });
	const mayTemplates = can(user, { kind: 'decision:template' });
	if (!mayBackups && !mayLogins && !maySettings && !mayYears && !mayAccounts && !mayTemplates) return null;
	const [backups, held, council, latest, accounts] = await Promise.all([
		mayBackups ? listBackups(config().backupDir) : null,
		mayLogins ? heldLogins(db) : null,
		maySettings ? readCouncilSettings(db) : null,
		mayYears || mayTemplates ? latestYear(db) : undefined,
		mayAccounts ? accountCounts(db) : null
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
		settings: council ? { councilName: council.councilName } : null,
		newYear: latest === undefined || !mayYears ? null : { latest },
		accounts,
		bulkAccounts: mayAccounts,
		decisionTemplates: mayTemplates ? { year: latest ?? null } : null
	};
}
