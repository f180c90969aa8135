/**
 * Tài khoản, for admins (issue 14, part 1): the accounts with their roles, and every change an
 * admin makes to one: create, rename, disable / enable, reset the password, grant and remove a
 * role. Accounts are never deleted (the audit trail names them).
 *
 * Every write is one transaction, a catalog change (accounts are read by nearly every page),
 * checks everything inside it before writing anything, and records itself in the audit trail:
 * action 'account.*', the admin in user_id / username, the account changed in criterion_code (as
 * the council's settings name theirs there), old → new in old_value / new_value. Never a password
 * or a hash: a reset writes only that the password is now a temporary one.
 *
 * A disabled account's sessions are removed in the same transaction, so it is signed out at
 * once; a reset removes them too (whoever held the old password is out). An admin may not
 * disable, reset or take the admin role from themselves here, and the last active admin stays.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	grantKey,
	RESET_VALUE,
	sameGrant,
	type AccountAction,
	type AccountSummary,
	type Membership
} from '../../domain/accounts';
import { can, type Grant, type Principal } from '../../domain/policy';
import { allOn, type Database } from '../db';
import { dep } from '../db/freshness';
import { oneAtATime } from '../auth/login-attempts';
import { hashPassword } from '../auth/password';
import { temporaryPassword } from '../auth/temporary';
import { insertUser, newUserProblems, toGrant, type GrantRow } from '../auth/users';

/** Done, or refused with the problems in Vietnamese (nothing written). */
export type Outcome<T = unknown> =
	({ ok: true } & T) | { ok: false; status: 400 | 403 | 404 | 409; problems: string[] };

class Refused extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409,
		readonly problems: string[]
	) {
		super(problems.join('; '));
	}
}

const refuse = (status: 400 | 403 | 404 | 409, ...problems: string[]): never => {
	throw new Refused(status, problems);
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const DISPLAY_NAME_MAX = 200;
/** /admin/accounts/new is the page that creates accounts, not one account's page. */
const RESERVED_USERNAMES = ['new'];

/** The blocs, bloc-years, units and memberships the page offers and checks grants against. */
export interface AccountCatalog {
	blocs: { code: string; name: string }[];
	/** Years with a pledge or a membership, newest first. */
	years: number[];
	/** Bloc-years (`K04:2025`) with a pledge or a membership. */
	blocYears: string[];
	units: { code: string; name: string }[];
	memberships: Membership[];
}

export async function accountCatalog(db: Database): Promise<AccountCatalog> {
	return db.reads(dep.all, async () => {
		const [blocs, units, blocYears, memberships] = await Promise.all([
			db.all<{ code: string; name: string }>(
				'SELECT bloc_code AS code, bloc_name AS name FROM bloc ORDER BY bloc_code'
			),
			db.all<{ code: string; name: string }>(
				'SELECT unit_code AS code, unit_name AS name FROM unit ORDER BY unit_code'
			),
			db.all<{ bloc: string; year: number }>(
				`SELECT bloc_code AS bloc, year FROM pledge
				 UNION SELECT bloc_code, year FROM bloc_membership
				 ORDER BY year DESC, bloc`
			),
			db.all<Membership>('SELECT unit_code AS "unitCode", bloc_code AS "blocCode", year FROM bloc_membership')
		]);
		return {
			blocs,
			units,
			years: [...new Set(blocYears.map((b) => b.year))],
			blocYears: blocYears.map((b) => `${b.bloc}:${b.year}`),
			memberships
		};
	});
}

const ACCOUNT_SELECT = `
	SELECT user_id AS "userId", username, display_name AS "displayName", active,
	       must_change_password AS "mustChangePassword",
	       epoch_ms(created_at::TIMESTAMPTZ)::DOUBLE AS "createdAt",
	       epoch_ms(disabled_at::TIMESTAMPTZ)::DOUBLE AS "disabledAt", disabled_by AS "disabledBy"
	FROM app_user`;

type AccountRow = Omit<AccountSummary, 'grants'>;

async function withGrants(db: Database, rows: AccountRow[], where = '', params: string[] = []) {
	const grants = await db.all<GrantRow & { user_id: number }>(
		`SELECT r.user_id, r.role, r.bloc_code, r.year, r.unit_code FROM user_role r
		 ${where ? `JOIN app_user u ON u.user_id = r.user_id WHERE ${where}` : ''}
		 ORDER BY r.role, r.year DESC, r.bloc_code, r.unit_code`,
		params
	);
	const by = new Map<number, Grant[]>();
	for (const g of grants) {
		const list = by.get(g.user_id) ?? [];
		list.push(toGrant(g));
		by.set(g.user_id, list);
	}
	return rows.map((r) => ({ ...r, grants: by.get(r.userId) ?? [] }));
}

/** Every account with its roles (several hundred at most: the page filters them). */
export async function listAccounts(db: Database): Promise<AccountSummary[]> {
	return db.reads(dep.catalog, async () =>
		withGrants(db, await db.all<AccountRow>(`${ACCOUNT_SELECT} ORDER BY username`))
	);
}

/** How many accounts are active and disabled (the Quản trị index). */
export async function accountCounts(db: Database): Promise<{ active: number; disabled: number }> {
	const [row] = await db.reads(dep.catalog, () =>
		db.all<{ active: number; disabled: number }>(
			`SELECT COUNT(*) FILTER (WHERE active)::INTEGER AS active,
			        COUNT(*) FILTER (WHERE NOT active)::INTEGER AS disabled FROM app_user`
		)
	);
	return row ?? { active: 0, disabled: 0 };
}

export interface AccountDetail extends AccountSummary {
	passwordChangedAt: number | null;
	/** Sessions open now. */
	sessions: number;
}

/** One account by username, or null. */
export async function getAccount(db: Database, username: string): Promise<AccountDetail | null> {
	return db.reads(dep.all, async () => {
		const [row] = await db.all<AccountRow & { passwordChangedAt: number | null; sessions: number }>(
			`SELECT a.*, epoch_ms(p.password_changed_at::TIMESTAMPTZ)::DOUBLE AS "passwordChangedAt",
			        (SELECT COUNT(*)::INTEGER FROM user_session s
			         WHERE s.user_id = a."userId" AND s.expires_at > now()::TIMESTAMP) AS sessions
			 FROM (${ACCOUNT_SELECT} WHERE username = $1) a JOIN app_user p ON p.user_id = a."userId"`,
			[username]
		);
		if (!row) return null;
		const [withRoles] = await withGrants(db, [row], 'u.username = $1', [username]);
		return { ...row, grants: withRoles!.grants };
	});
}

export interface AccountChange {
	id: number;
	changedAt: number;
	/** Who made it. */
	username: string;
	displayName: string | null;
	action: string;
	oldValue: string | null;
	newValue: string | null;
}

/** The changes made to an account, newest first. */
export async function accountHistory(db: Database, username: string, limit = 200): Promise<AccountChange[]> {
	return db.reads(dep.catalog, () =>
		db.all<AccountChange>(
			`SELECT a.id::DOUBLE AS id, epoch_ms(a.changed_at::TIMESTAMPTZ)::DOUBLE AS "changedAt",
			        a.username, u.display_name AS "displayName", a.action,
			        a.old_value AS "oldValue", a.new_value AS "newValue"
			 FROM audit_log a LEFT JOIN app_user u ON u.user_id = a.user_id
			 WHERE a.action LIKE 'account.%' AND a.criterion_code = $1
			 ORDER BY a.changed_at DESC, a.id DESC LIMIT $2`,
			[username, limit]
		)
	);
}

// ---- writes -------------------------------------------------------------------------------

async function audit(
	conn: DuckDBConnection,
	actor: Principal,
	action: AccountAction,
	target: string,
	oldValue: string | null,
	newValue: string | null
): Promise<void> {
	await conn.run(
		`INSERT INTO audit_log (user_id, username, action, criterion_code, old_value, new_value)
		 VALUES ($1, $2, $3, $4, $5, $6)`,
		[actor.userId, actor.username, action, target, oldValue, newValue]
	);
}

const ACCOUNT_WRITES = 'accounts:write';

/** Runs a write as an admin: refused (nothing written) when the actor may not manage accounts. */
async function write<T>(
	db: Database,
	actor: Principal,
	fn: (conn: DuckDBConnection) => Promise<T>
): Promise<Outcome<T>> {
	if (!can(actor, { kind: 'manage:users' }))
		return { ok: false, status: 403, problems: ['Không có quyền quản lý tài khoản'] };
	try {
		// Sessions go with the account (signed out when disabled or reset).
		// One account write at a time (the server is one process): two admins disabling each other
		// at the same moment would otherwise each see the other still active and leave no admin
		// (DuckDB does not refuse such a pair of transactions). Every check is made inside `fn`,
		// which has no effect outside the transaction: safe to run again after a conflict.
		const result = await oneAtATime(ACCOUNT_WRITES, () =>
			db.transaction(fn, {
				changes: [{ kind: 'catalog' }, { kind: 'sessions' }],
				retryOnConflict: true
			})
		);
		return { ok: true, ...result };
	} catch (e) {
		if (e instanceof Refused) return { ok: false, status: e.status, problems: e.problems };
		throw e;
	}
}

interface Target {
	userId: number;
	username: string;
	displayName: string;
	active: boolean;
}

async function target(conn: DuckDBConnection, username: string): Promise<Target> {
	const [row] = await allOn<Target>(
		conn,
		'SELECT user_id AS "userId", username, display_name AS "displayName", active FROM app_user WHERE username = $1',
		[username]
	);
	return row ?? refuse(404, `Không có tài khoản «${username}»`);
}

async function grantsOf(conn: DuckDBConnection, userId: number): Promise<Grant[]> {
	const rows = await allOn<GrantRow>(
		conn,
		'SELECT role, bloc_code, year, unit_code FROM user_role WHERE user_id = $1',
		[userId]
	);
	return rows.map(toGrant);
}

/** The problem of a grant whose bloc, bloc-year or unit does not exist, or null. */
async function grantProblem(conn: DuckDBConnection, g: Grant): Promise<string | null> {
	if (g.role === 'unit_officer') {
		const [unit] = await allOn(conn, 'SELECT 1 FROM unit WHERE unit_code = $1', [g.unitCode]);
		return unit ? null : `Đơn vị: không có đơn vị mã «${g.unitCode}»`;
	}
	if (g.role === 'bloc_leader' || g.role === 'bloc_deputy') {
		const [bloc] = await allOn(conn, 'SELECT 1 FROM bloc WHERE bloc_code = $1', [g.blocCode]);
		if (!bloc) return `Khối: không có khối mã «${g.blocCode}»`;
		const [year] = await allOn(
			conn,
			`SELECT 1 FROM pledge WHERE bloc_code = $1 AND year = $2
			 UNION ALL SELECT 1 FROM bloc_membership WHERE bloc_code = $1 AND year = $2 LIMIT 1`,
			[g.blocCode, g.year]
		);
		if (!year) return `Năm: khối ${g.blocCode} chưa có giao ước hay thành viên năm ${g.year}`;
	}
	return null;
}

async function insertGrant(conn: DuckDBConnection, userId: number, g: Grant): Promise<void> {
	await conn.run(
		'INSERT INTO user_role (user_id, role, bloc_code, year, unit_code) VALUES ($1, $2, $3, $4, $5)',
		[
			userId,
			g.role,
			'blocCode' in g ? g.blocCode : null,
			'year' in g ? g.year : null,
			'unitCode' in g ? g.unitCode : null
		]
	);
}

/** Refuses when `userId` is the only active account with the admin role. */
async function keepAnAdmin(conn: DuckDBConnection, userId: number, what: string): Promise<void> {
	const [row] = await allOn<{ n: number }>(
		conn,
		`SELECT COUNT(DISTINCT u.user_id)::INTEGER AS n FROM app_user u
		 JOIN user_role r ON r.user_id = u.user_id AND r.role = 'admin'
		 WHERE u.active AND u.user_id <> $1`,
		[userId]
	);
	if ((row?.n ?? 0) === 0)
		refuse(409, `Không thể ${what}: đây là tài khoản quản trị cuối cùng còn hoạt động`);
}

function displayNameProblem(name: string): string | null {
	if (name.trim() === '') return 'Tên hiển thị: cần nhập tên hiển thị';
	if (name.trim().length > DISPLAY_NAME_MAX) return `Tên hiển thị: tối đa ${DISPLAY_NAME_MAX} ký tự`;
	return null;
}

export interface NewAccount {
	username: string;
	displayName: string;
	/** The password the admin typed, or null for a temporary one made here. */
	password: string | null;
	/** Whether the account chooses its own password at the next sign-in (always, for a temporary one). */
	mustChange: boolean;
	grants: Grant[];
}

/**
 * Creates an account with its roles. The temporary password, when one was made, is in the
 * answer only: shown once, stored as a hash, never logged or audited.
 */
export async function createAccount(
	db: Database,
	actor: Principal,
	input: NewAccount
): Promise<Outcome<{ username: string; temporaryPassword: string | null }>> {
	const username = input.username.trim().toLowerCase();
	const displayName = input.displayName.trim();
	const temporary = input.password === null ? temporaryPassword() : null;
	const password = input.password ?? temporary!;
	const problems = newUserProblems({ username, displayName, password, grants: input.grants }).map((p) =>
		p.startsWith('mật khẩu') ? `Mật khẩu: ${p}` : capitalise(p)
	);
	const long = displayNameProblem(displayName || 'x');
	if (long) problems.push(long);
	if (RESERVED_USERNAMES.includes(username))
		problems.push(`Tên đăng nhập: «${username}» dành cho trang tạo tài khoản, hãy chọn tên khác`);
	if (problems.length > 0) return { ok: false, status: 400, problems };
	if (!can(actor, { kind: 'manage:users' }))
		return { ok: false, status: 403, problems: ['Không có quyền quản lý tài khoản'] };
	const hash = await hashPassword(password);
	return write(db, actor, async (conn) => {
		const [taken] = await allOn(conn, 'SELECT 1 FROM app_user WHERE username = $1', [username]);
		if (taken) refuse(409, `Tên đăng nhập: «${username}» đã có (tài khoản đã khoá vẫn giữ tên của mình)`);
		const found = (await Promise.all(input.grants.map((g) => grantProblem(conn, g)))).filter(
			(p): p is string => p !== null
		);
		if (found.length > 0) refuse(400, ...found);
		const grants = input.grants.filter((g, i) => input.grants.findIndex((h) => sameGrant(g, h)) === i);
		const userId = await insertUser(conn, { username, displayName, grants }, hash);
		const mustChange = temporary !== null || input.mustChange;
		if (mustChange)
			await conn.run('UPDATE app_user SET must_change_password = true WHERE user_id = $1', [userId]);
		await audit(conn, actor, 'account.create', username, null, displayName);
		for (const g of grants) await audit(conn, actor, 'account.grant', username, null, grantKey(g));
		return { username, temporaryPassword: temporary };
	});
}

/** Changes the display name (nothing written when it is the same). */
export async function renameAccount(
	db: Database,
	actor: Principal,
	username: string,
	displayName: string
): Promise<Outcome<{ changed: boolean }>> {
	const problem = displayNameProblem(displayName);
	if (problem) return { ok: false, status: 400, problems: [problem] };
	const name = displayName.trim();
	return write(db, actor, async (conn) => {
		const t = await target(conn, username);
		if (t.displayName === name) return { changed: false };
		await conn.run('UPDATE app_user SET display_name = $1 WHERE user_id = $2', [name, t.userId]);
		await audit(conn, actor, 'account.update', t.username, t.displayName, name);
		return { changed: true };
	});
}

/**
 * Disables (signs out at once: its sessions are removed) or enables an account; nothing written
 * when it already is so.
 */
export async function setAccountActive(
	db: Database,
	actor: Principal,
	username: string,
	active: boolean
): Promise<Outcome<{ changed: boolean; signedOut: number }>> {
	return write(db, actor, async (conn) => {
		const t = await target(conn, username);
		if (t.active === active) return { changed: false, signedOut: 0 };
		if (active) {
			await conn.run(
				'UPDATE app_user SET active = true, disabled_at = NULL, disabled_by = NULL WHERE user_id = $1',
				[t.userId]
			);
			await audit(conn, actor, 'account.enable', t.username, 'disabled', 'active');
			return { changed: true, signedOut: 0 };
		}
		if (t.userId === actor.userId) refuse(409, 'Không thể tự khoá tài khoản đang dùng');
		if ((await grantsOf(conn, t.userId)).some((g) => g.role === 'admin'))
			await keepAnAdmin(conn, t.userId, 'khoá tài khoản này');
		await conn.run(
			`UPDATE app_user SET active = false, disabled_at = current_timestamp, disabled_by = $1
			 WHERE user_id = $2`,
			[actor.username, t.userId]
		);
		const [gone] = await allOn<{ n: number }>(
			conn,
			'SELECT COUNT(*)::INTEGER AS n FROM user_session WHERE user_id = $1',
			[t.userId]
		);
		await conn.run('DELETE FROM user_session WHERE user_id = $1', [t.userId]);
		await audit(conn, actor, 'account.disable', t.username, 'active', 'disabled');
		return { changed: true, signedOut: gone?.n ?? 0 };
	});
}

/**
 * Gives the account a temporary password that it must change at its next sign-in, and signs it
 * out everywhere. The password is in the answer only (shown once).
 */
export async function resetPassword(
	db: Database,
	actor: Principal,
	username: string
): Promise<Outcome<{ temporaryPassword: string; signedOut: number }>> {
	if (!can(actor, { kind: 'manage:users' }))
		return { ok: false, status: 403, problems: ['Không có quyền quản lý tài khoản'] };
	if (username === actor.username)
		return {
			ok: false,
			status: 409,
			problems: ['Không đặt lại mật khẩu của chính mình ở đây: hãy đổi mật khẩu trong «Tài khoản của tôi»']
		};
	const password = temporaryPassword();
	const hash = await hashPassword(password);
	return write(db, actor, async (conn) => {
		const t = await target(conn, username);
		await conn.run('UPDATE app_user SET password_hash = $1, must_change_password = true WHERE user_id = $2', [
			hash,
			t.userId
		]);
		const [gone] = await allOn<{ n: number }>(
			conn,
			'SELECT COUNT(*)::INTEGER AS n FROM user_session WHERE user_id = $1',
			[t.userId]
		);
		await conn.run('DELETE FROM user_session WHERE user_id = $1', [t.userId]);
		await audit(conn, actor, 'account.reset', t.username, null, RESET_VALUE);
		return { temporaryPassword: password, signedOut: gone?.n ?? 0 };
	});
}

/** Gives the account a role; the bloc-year or unit must exist, and the role be new to it. */
export async function grantRole(
	db: Database,
	actor: Principal,
	username: string,
	grant: Grant
): Promise<Outcome> {
	return write(db, actor, async (conn) => {
		const t = await target(conn, username);
		const problem = await grantProblem(conn, grant);
		if (problem) refuse(400, problem);
		if ((await grantsOf(conn, t.userId)).some((g) => sameGrant(g, grant)))
			refuse(409, 'Vai trò: tài khoản đã có vai trò này');
		await insertGrant(conn, t.userId, grant);
		await audit(conn, actor, 'account.grant', t.username, null, grantKey(grant));
		return {};
	});
}

/**
 * Takes a role from the account. Refused for its last role (disable the account instead), for
 * the admin's own admin role, and for the admin role of the last active admin.
 */
export async function revokeRole(
	db: Database,
	actor: Principal,
	username: string,
	grant: Grant
): Promise<Outcome> {
	return write(db, actor, async (conn) => {
		const t = await target(conn, username);
		const grants = await grantsOf(conn, t.userId);
		if (!grants.some((g) => sameGrant(g, grant))) refuse(404, 'Vai trò: tài khoản không có vai trò này');
		if (grants.length === 1)
			refuse(409, 'Vai trò: không bỏ vai trò cuối cùng của tài khoản; hãy khoá tài khoản nếu không còn dùng');
		if (grant.role === 'admin') {
			if (t.userId === actor.userId) refuse(409, 'Vai trò: không tự bỏ vai trò quản trị của chính mình');
			if (t.active) await keepAnAdmin(conn, t.userId, 'bỏ vai trò quản trị');
		}
		const [scope, params] =
			grant.role === 'unit_officer'
				? ['AND unit_code = $3', [grant.unitCode]]
				: grant.role === 'bloc_leader' || grant.role === 'bloc_deputy'
					? ['AND bloc_code = $3 AND year = $4', [grant.blocCode, grant.year]]
					: ['', []];
		await conn.run(`DELETE FROM user_role WHERE user_id = $1 AND role = $2 ${scope}`, [
			t.userId,
			grant.role,
			...params
		]);
		await audit(conn, actor, 'account.revoke', t.username, grantKey(grant), null);
		return {};
	});
}
