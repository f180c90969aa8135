/**
 * Bulk creation of accounts (issue 14, part 1; admin, `manage:users`): one unit officer account
 * for every unit of a year (or of one bloc that year) that has no active officer account, or
 * the accounts of an uploaded file (bulk-file.ts). Each account gets a temporary password
 * (auth/temporary.ts) hashed with the cheaper temporary parameters (auth/password.ts) and must
 * choose its own at the first sign-in. Every account of one creation is written in ONE
 * transaction, each audited as 'account.create' (reason `bulk: …`, never a password); the
 * passwords go to the admin's one download (handout.ts), nowhere else.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	chooseUsernames,
	officerDisplayName,
	officerUsername,
	type NameChoice
} from '../../domain/account-names';
import { grantLabel } from '../../domain/grant-label';
import { can, type Grant, type Principal } from '../../domain/policy';
import { translator } from '../../i18n';
import { hashTemporaryPassword } from '../auth/password';
import { temporaryPassword } from '../auth/temporary';
import { insertUser, type UserRecord } from '../auth/users';
import { allOn, type Database } from '../db';
import type { HandoutRow } from './handout';

/** A unit of the year without an active officer account, and the account it would get. */
export interface UnitPlanRow {
	unitCode: string;
	unitName: string;
	blocCode: string;
	username: string;
	displayName: string;
	/** The plain `cb.<unit>` was taken: by an existing account, or by another unit of the list. */
	clash: NameChoice['clash'];
	wanted: string;
}

export interface UnitPlan {
	year: number;
	bloc: string | null;
	rows: UnitPlanRow[];
	/** Units of the year (of the bloc) that have an active officer account already. */
	covered: number;
}

/** Years and blocs to choose from: every year with memberships, the blocs of each. */
export async function bulkChoices(
	db: Database
): Promise<{ years: number[]; blocs: { year: number; code: string; name: string }[] }> {
	const blocs = await db.all<{ year: number; code: string; name: string }>(
		`SELECT DISTINCT m.year, m.bloc_code AS code, COALESCE(b.bloc_name, m.bloc_code) AS name
		 FROM bloc_membership m LEFT JOIN bloc b USING (bloc_code) ORDER BY m.year DESC, code`
	);
	return { years: [...new Set(blocs.map((b) => b.year))], blocs };
}

const UNCOVERED = `
	SELECT m.unit_code, u.unit_name, m.bloc_code,
	       EXISTS (SELECT 1 FROM user_role r JOIN app_user a USING (user_id)
	               WHERE a.active AND r.role = 'unit_officer' AND r.unit_code = m.unit_code) AS covered
	FROM bloc_membership m JOIN unit u USING (unit_code)
	WHERE m.year = $1 AND ($2::VARCHAR IS NULL OR m.bloc_code = $2)
	ORDER BY m.bloc_code, m.unit_code`;

async function planOn(
	all: <T>(sql: string, params?: (string | number | null)[]) => Promise<T[]>,
	year: number,
	bloc: string | null
): Promise<UnitPlan> {
	const units = await all<{ unit_code: string; unit_name: string; bloc_code: string; covered: boolean }>(
		UNCOVERED,
		[year, bloc]
	);
	const taken = new Set(
		(await all<{ username: string }>('SELECT username FROM app_user')).map((r) => r.username)
	);
	const open = units.filter((u) => !u.covered);
	const names = chooseUsernames(
		open.map((u) => ({ unitCode: u.unit_code, wanted: officerUsername(u.unit_code) })),
		taken
	);
	return {
		year,
		bloc,
		covered: units.length - open.length,
		rows: open.map((u, i) => ({
			unitCode: u.unit_code,
			unitName: u.unit_name,
			blocCode: u.bloc_code,
			username: names[i]!.username,
			wanted: names[i]!.wanted,
			clash: names[i]!.clash,
			displayName: officerDisplayName(u.unit_name)
		}))
	};
}

/** What a creation from units would make now (the preview). */
export function unitPlan(db: Database, year: number, bloc: string | null): Promise<UnitPlan> {
	return planOn((sql, params) => db.all(sql, params), year, bloc);
}

/** An account to create, as checked (from a unit or a file's rows). */
export interface BulkAccount extends UserRecord {
	/** For the audit row: the unit of an officer, the bloc-year of a leader. */
	unitCode: string | null;
}

export type BulkResult =
	{ ok: true; created: number; handout: HandoutRow[] } | { ok: false; problem: string };

/** Thrown inside the transaction when what it finds is not what was checked: rolled back. */
class Changed extends Error {}

/**
 * Creates the accounts in one transaction, each with a temporary password (must change), and
 * one audit row each. `recheck` runs first inside the transaction and throws `Changed` (with a
 * Vietnamese message) when the data moved since the accounts were planned.
 */
async function createAccounts(
	db: Database,
	admin: Principal,
	accounts: BulkAccount[],
	reason: string,
	recheck: (conn: DuckDBConnection) => Promise<void>
): Promise<BulkResult> {
	if (accounts.length === 0) return { ok: false, problem: 'không có tài khoản nào để tạo' };
	const passwords = accounts.map(() => temporaryPassword());
	// Hashed before the transaction, one at a time (password.ts), so that it stays short.
	const hashes: string[] = [];
	for (const p of passwords) hashes.push(await hashTemporaryPassword(p));
	const tr = translator('vi');
	try {
		await db.transaction(
			async (conn) => {
				await recheck(conn);
				for (const [i, a] of accounts.entries()) {
					await insertUser(conn, a, hashes[i]!, { mustChangePassword: true });
					const bloc = a.grants.find((g) => 'blocCode' in g) as
						{ blocCode: string; year: number } | undefined;
					await conn.run(
						// criterion_code names the account, as every account.* row does (accounts/admin.ts)
						`INSERT INTO audit_log (user_id, username, action, criterion_code, year, bloc_code, unit_code, new_value, reason)
						 VALUES ($1, $2, 'account.create', $8, $3, $4, $5, $6, $7)`,
						[
							admin.userId,
							admin.username,
							bloc?.year ?? null,
							bloc?.blocCode ?? null,
							a.unitCode,
							`${a.username} (${a.displayName}): ${a.grants.map((g) => grantLabel(tr, g)).join('; ')}`,
							reason,
							a.username
						]
					);
				}
			},
			{ changes: [{ kind: 'catalog' }] }
		);
	} catch (e) {
		if (e instanceof Changed) return { ok: false, problem: e.message };
		// insertUser's refusal (a username taken meanwhile): its Vietnamese message.
		if (e instanceof Error && e.message.startsWith('Không tạo được tài khoản'))
			return { ok: false, problem: e.message };
		throw e;
	}
	return {
		ok: true,
		created: accounts.length,
		handout: accounts.map((a, i) => ({
			username: a.username,
			displayName: a.displayName,
			role: a.grants.map((g) => grantLabel(tr, g)).join('; '),
			password: passwords[i]!
		}))
	};
}

/**
 * One officer account for each unit of the plan, if the plan is still what the admin saw
 * (`expected`: the unit codes of the preview, in order); otherwise nothing is written.
 */
export async function createFromUnits(
	db: Database,
	admin: Principal,
	year: number,
	bloc: string | null,
	expected: readonly string[]
): Promise<BulkResult> {
	if (!can(admin, { kind: 'manage:users' }))
		return { ok: false, problem: 'không có quyền quản lý tài khoản' };
	const plan = await unitPlan(db, year, bloc);
	const key = (p: UnitPlan) => p.rows.map((r) => `${r.unitCode}=${r.username}`).join(',');
	if (plan.rows.map((r) => r.unitCode).join(',') !== expected.join(','))
		return { ok: false, problem: CHANGED };
	const accounts: BulkAccount[] = plan.rows.map((r) => ({
		username: r.username,
		displayName: r.displayName,
		grants: [{ role: 'unit_officer', unitCode: r.unitCode }] satisfies Grant[],
		unitCode: r.unitCode
	}));
	const scope = `năm ${year}${bloc ? `, khối ${bloc}` : ''}`;
	return createAccounts(
		db,
		admin,
		accounts,
		`bulk: đơn vị chưa có tài khoản cán bộ, ${scope}`,
		async (conn) => {
			const now = await planOn((sql, params) => allOn(conn, sql, params), year, bloc);
			if (key(now) !== key(plan)) throw new Changed(CHANGED);
		}
	);
}

const CHANGED =
	'danh sách đơn vị chưa có tài khoản đã thay đổi từ lúc xem trước (có tài khoản vừa được tạo hoặc đơn vị vừa đổi khối): hãy xem lại danh sách rồi tạo lại';

/** The accounts of a checked file (bulk-file.ts), if none of their usernames was taken meanwhile. */
export async function createFromFile(
	db: Database,
	admin: Principal,
	accounts: BulkAccount[],
	fileName: string
): Promise<BulkResult> {
	if (!can(admin, { kind: 'manage:users' }))
		return { ok: false, problem: 'không có quyền quản lý tài khoản' };
	return createAccounts(db, admin, accounts, `bulk: tệp ${fileName}`, async () => {
		// insertUser refuses a username taken meanwhile, and the whole transaction with it.
	});
}
