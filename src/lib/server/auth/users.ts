/** Accounts and their roles. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { USERNAME_PATTERN } from '../../domain/account-names';
import { GLOBAL_ROLES, type Grant, type Principal } from '../../domain/policy';
import { allOn, type Database } from '../db';
import { hashPassword, passwordProblem } from './password';

export interface GrantRow {
	role: string;
	bloc_code: string | null;
	year: number | null;
	unit_code: string | null;
}

/** A stored user_role row as a grant. */
export function toGrant(r: GrantRow): Grant {
	if ((GLOBAL_ROLES as readonly string[]).includes(r.role)) return { role: r.role as Grant['role'] } as Grant;
	if (r.role === 'unit_officer') return { role: 'unit_officer', unitCode: r.unit_code! };
	return { role: r.role as 'bloc_leader' | 'bloc_deputy', blocCode: r.bloc_code!, year: r.year! };
}

/** The account with its grants, or null when it does not exist or is disabled. */
export async function loadPrincipal(db: Database, userId: number): Promise<Principal | null> {
	const [user] = await db.all<{
		user_id: number;
		username: string;
		display_name: string;
		must_change_password: boolean;
	}>(
		'SELECT user_id, username, display_name, must_change_password FROM app_user WHERE user_id = $1 AND active',
		[userId]
	);
	if (!user) return null;
	const grants = await db.all<GrantRow>(
		'SELECT role, bloc_code, year, unit_code FROM user_role WHERE user_id = $1 ORDER BY role, bloc_code, year, unit_code',
		[userId]
	);
	const explicit = grants.map(toGrant);
	return {
		userId: user.user_id,
		username: user.username,
		displayName: user.display_name,
		grants: [...explicit, ...(await membershipGrants(db, userId, explicit))],
		...(user.must_change_password ? { mustChangePassword: true } : {})
	};
}

/**
 * Leadership follows the bloc's own decision (issue 14 part 3, council setting
 * leaders_follow_membership, migration 015, on by default): the officer of the unit that a
 * bloc-year's membership names as leader / deputy acts as that bloc-year's bloc leader / deputy,
 * marked `via: 'membership'`. Not for a finalised bloc-year (nothing is left for its leader to do,
 * and the officers of every unit that once led would all get the upload page); reopened, it has
 * its leader again. A grant the account holds already is not repeated. The principal therefore
 * depends on memberships and stages too (sessions.ts caches it accordingly).
 */
async function membershipGrants(db: Database, userId: number, explicit: readonly Grant[]): Promise<Grant[]> {
	const rows = await db.all<{ role: 'bloc_leader' | 'bloc_deputy'; bloc_code: string; year: number }>(
		`SELECT DISTINCT
			CASE m.role WHEN 'leader' THEN 'bloc_leader' ELSE 'bloc_deputy' END AS role,
			m.bloc_code,
			CAST(m.year AS INTEGER) AS year
		 FROM user_role r
		 JOIN bloc_membership m ON m.unit_code = r.unit_code AND m.role IN ('leader', 'deputy')
		 LEFT JOIN pledge p ON p.year = m.year AND p.bloc_code = m.bloc_code
		 WHERE r.user_id = $1 AND r.role = 'unit_officer'
			AND COALESCE((SELECT leaders_follow_membership FROM council_setting WHERE id = 1), true)
			AND COALESCE(p.stage, 'open') <> 'finalised'
		 ORDER BY role, m.bloc_code, year`,
		[userId]
	);
	return rows
		.filter(
			(r) =>
				!explicit.some(
					(g) => g.role === r.role && 'blocCode' in g && g.blocCode === r.bloc_code && g.year === r.year
				)
		)
		.map((r) => ({ role: r.role, blocCode: r.bloc_code, year: r.year, via: 'membership' as const }));
}

/**
 * What of a principal a page shown to it depends on beyond its account id: the grants derived
 * from memberships, which change without a write of the accounts (page-cache.ts keys on it).
 */
export function derivedGrantsKey(p: Principal | null): string {
	if (!p) return '';
	return p.grants
		.filter((g) => 'via' in g && g.via === 'membership')
		.map((g) => ('blocCode' in g ? `${g.role}:${g.blocCode}:${g.year}` : g.role))
		.join(',');
}

export interface UserRecord {
	username: string;
	displayName: string;
	grants: Grant[];
}

export interface NewUser extends UserRecord {
	password: string;
}

const USERNAME = USERNAME_PATTERN;

/** Checks a new account; returns the problems in Vietnamese (empty when fine). */
export function newUserProblems(u: UserRecord & { password?: string }): string[] {
	const problems: string[] = [];
	if (!USERNAME.test(u.username))
		problems.push('tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch nối');
	if (u.displayName.trim() === '') problems.push('cần tên hiển thị');
	const pw = u.password === undefined ? null : passwordProblem(u.password, u);
	if (pw) problems.push(pw);
	if (u.grants.length === 0) problems.push('cần ít nhất một vai trò');
	return problems;
}

/**
 * Creates an account with its roles in the caller's transaction; returns its id. With
 * `mustChangePassword` (a temporary password, issue 14) the account chooses its own at sign-in.
 */
export async function insertUser(
	conn: DuckDBConnection,
	u: UserRecord,
	passwordHash: string,
	options: { mustChangePassword?: boolean } = {}
): Promise<number> {
	const problems = newUserProblems(u);
	const [taken] = await allOn(conn, 'SELECT 1 FROM app_user WHERE username = $1', [u.username]);
	if (taken) problems.push(`tên đăng nhập ${u.username} đã có`);
	if (problems.length > 0) throw new Error(`Không tạo được tài khoản ${u.username}: ${problems.join('; ')}`);
	const [row] = await allOn<{ id: number }>(
		conn,
		`INSERT INTO app_user (username, display_name, password_hash, must_change_password)
		 VALUES ($1, $2, $3, $4) RETURNING user_id AS id`,
		[u.username, u.displayName.trim(), passwordHash, options.mustChangePassword === true]
	);
	const id = row!.id;
	for (const g of u.grants)
		await conn.run(
			'INSERT INTO user_role (user_id, role, bloc_code, year, unit_code) VALUES ($1, $2, $3, $4, $5)',
			[
				id,
				g.role,
				'blocCode' in g ? g.blocCode : null,
				'year' in g ? g.year : null,
				'unitCode' in g ? g.unitCode : null
			]
		);
	return id;
}

/** Creates an account from a password (checked, then hashed). */
export async function createUser(db: Database, u: NewUser): Promise<number> {
	const problems = newUserProblems(u);
	if (problems.length > 0) throw new Error(`Không tạo được tài khoản ${u.username}: ${problems.join('; ')}`);
	const hash = await hashPassword(u.password);
	return db.transaction((conn) => insertUser(conn, u, hash), { changes: [{ kind: 'catalog' }] });
}
