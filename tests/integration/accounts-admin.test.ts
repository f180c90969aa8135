/**
 * The accounts page's module (issue 14, part 1) on a real DuckDB file: create, duplicate names,
 * disable (signed out at once, sign-in refused), the last admin kept, reset (a temporary password
 * that verifies, must change, other sessions gone), grants checked against existing bloc-years
 * and units, and an audit row for every change, without any password or hash.
 *
 * Data: tests/fixtures/small (blocs K01, K02; pledges 2024 and 2025; units XA01…, SO01…).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import {
	accountHistory,
	createAccount,
	getAccount,
	grantRole,
	listAccounts,
	renameAccount,
	resetPassword,
	revokeRole,
	setAccountActive
} from '../../src/lib/server/accounts/admin';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { login, sessionPrincipal } from '../../src/lib/server/auth/sessions';
import { TEMPORARY_LENGTH } from '../../src/lib/server/auth/temporary';
import { createUser } from '../../src/lib/server/auth/users';
import type { Database } from '../../src/lib/server/db';
import { importPaths } from '../../src/lib/server/import';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;
let admin: Principal;

const IGNORED = { exclude: ['login_attempt'] };

beforeEach(async () => {
	env = await tempDatabase();
	db = env.db;
	expect((await importPaths(db, ['tests/fixtures/small'])).committed).toBe(true);
	const id = await createUser(db, {
		username: 'quantri',
		displayName: 'Quản trị',
		password: 'mat-khau-quan-tri',
		grants: [{ role: 'admin' }]
	});
	admin = { userId: id, username: 'quantri', displayName: 'Quản trị', grants: [{ role: 'admin' }] };
});
afterEach(() => env.cleanup());

const auditRows = () =>
	db.all<{ action: string; username: string; target: string; old: string | null; new: string | null }>(
		`SELECT action, username, criterion_code AS target, old_value AS old, new_value AS new
		 FROM audit_log ORDER BY id`
	);

/** Every text of the audit trail, for looking for what must never be there. */
const auditText = async () =>
	JSON.stringify(
		await db.all(
			"SELECT concat_ws('|', username, action, criterion_code, old_value, new_value, reason) AS t FROM audit_log"
		)
	);

async function officer(username = 'canbo.xa01', password: string | null = 'mat-khau-can-bo') {
	const r = await createAccount(db, admin, {
		username,
		displayName: 'Cán bộ Xã Tân Lập',
		password,
		mustChange: false,
		grants: [{ role: 'unit_officer', unitCode: 'XA01' }]
	});
	if (!r.ok) throw new Error(r.problems.join('; '));
	return r;
}

describe('creating an account', () => {
	it('with a typed password: signs in, its role and an audit row for the account and its role', async () => {
		const r = await officer('CanBo.XA01 ');
		expect(r).toEqual({ ok: true, username: 'canbo.xa01', temporaryPassword: null });
		const signed = await login(db, 'canbo.xa01', 'mat-khau-can-bo', '10.0.0.1');
		expect(signed.ok).toBe(true);
		const who = await sessionPrincipal(db, signed.ok ? signed.token : '');
		// Its explicit role (a unit named leader by a bloc's membership also leads it: via 'membership').
		expect(who?.grants.filter((g) => !('via' in g))).toEqual([{ role: 'unit_officer', unitCode: 'XA01' }]);
		const acct = await getAccount(db, 'canbo.xa01');
		expect(acct?.mustChangePassword).toBe(false);
		expect(await auditRows()).toEqual([
			{
				action: 'account.create',
				username: 'quantri',
				target: 'canbo.xa01',
				old: null,
				new: 'Cán bộ Xã Tân Lập'
			},
			{
				action: 'account.grant',
				username: 'quantri',
				target: 'canbo.xa01',
				old: null,
				new: 'unit_officer:XA01'
			}
		]);
	});

	it('with a temporary password: returned once, verifies, must be changed, and is stored nowhere in clear', async () => {
		const r = await officer('canbo.tam', null);
		expect(r.temporaryPassword).toMatch(new RegExp(`^[a-z2-9]{${TEMPORARY_LENGTH}}$`));
		const [row] = await db.all<{ hash: string; must: boolean }>(
			"SELECT password_hash AS hash, must_change_password AS must FROM app_user WHERE username = 'canbo.tam'"
		);
		expect(row!.must).toBe(true);
		expect(await verifyPassword(r.temporaryPassword!, row!.hash)).toBe(true);
		const audit = await auditText();
		expect(audit).not.toContain(r.temporaryPassword!);
		expect(audit).not.toContain('scrypt');
	});

	it('refuses a taken name (even of a disabled account), a bad name, no role, a short password, and writes nothing', async () => {
		await officer();
		await setAccountActive(db, admin, 'canbo.xa01', false);
		const before = await contentDigest(db, IGNORED);
		const dup = await createAccount(db, admin, {
			username: 'canbo.xa01',
			displayName: 'Ai đó',
			password: null,
			mustChange: true,
			grants: [{ role: 'viewer' }]
		});
		expect(dup).toEqual({
			ok: false,
			status: 409,
			problems: ['Tên đăng nhập: «canbo.xa01» đã có (tài khoản đã khoá vẫn giữ tên của mình)']
		});
		const bad = await createAccount(db, admin, {
			username: 'Nguyễn Văn A',
			displayName: ' ',
			password: 'ngan',
			mustChange: false,
			grants: []
		});
		expect(bad.ok).toBe(false);
		expect(!bad.ok && bad.problems).toEqual([
			'Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch nối',
			'Cần tên hiển thị',
			'Mật khẩu: mật khẩu cần ít nhất 8 ký tự',
			'Cần ít nhất một vai trò'
		]);
		const reserved = await createAccount(db, admin, {
			username: 'new',
			displayName: 'Trang mới',
			password: null,
			mustChange: true,
			grants: [{ role: 'viewer' }]
		});
		expect(!reserved.ok && reserved.problems[0]).toContain('«new» dành cho trang tạo tài khoản');
		expect(await contentDigest(db, IGNORED)).toBe(before);
	});

	it('refuses a role of a bloc-year or unit that does not exist, naming the field, nothing written', async () => {
		const before = await contentDigest(db, IGNORED);
		const tries = [
			{ role: 'bloc_leader', blocCode: 'K09', year: 2025 },
			{ role: 'bloc_deputy', blocCode: 'K01', year: 2031 },
			{ role: 'unit_officer', unitCode: 'KHONGCO' }
		] as const;
		const problems = [];
		for (const g of tries) {
			const r = await createAccount(db, admin, {
				username: 'thu.nghiem',
				displayName: 'Thử nghiệm',
				password: null,
				mustChange: true,
				grants: [g]
			});
			problems.push(!r.ok && r.problems);
		}
		expect(problems).toEqual([
			['Khối: không có khối mã «K09»'],
			['Năm: khối K01 chưa có giao ước hay thành viên năm 2031'],
			['Đơn vị: không có đơn vị mã «KHONGCO»']
		]);
		expect(await contentDigest(db, IGNORED)).toBe(before);
	});

	it('is refused to an account that may not manage accounts', async () => {
		const leader: Principal = {
			userId: 99,
			username: 'tk',
			displayName: 'TK',
			grants: [{ role: 'bloc_leader', blocCode: 'K01', year: 2025 }]
		};
		const before = await contentDigest(db, IGNORED);
		const r = await createAccount(db, leader, {
			username: 'lau.lau',
			displayName: 'Lẩu',
			password: null,
			mustChange: true,
			grants: [{ role: 'admin' }]
		});
		expect(r.ok === false && r.status).toBe(403);
		expect((await resetPassword(db, leader, 'quantri')).ok).toBe(false);
		expect((await setAccountActive(db, leader, 'quantri', false)).ok).toBe(false);
		expect((await grantRole(db, leader, 'quantri', { role: 'viewer' })).ok).toBe(false);
		expect(await contentDigest(db, IGNORED)).toBe(before);
	});
});

describe('disabling and enabling', () => {
	it('signs the account out at once and refuses its sign-in; enabling lets it in again', async () => {
		await officer();
		const a = await login(db, 'canbo.xa01', 'mat-khau-can-bo', '10.0.0.1');
		const b = await login(db, 'canbo.xa01', 'mat-khau-can-bo', '10.0.0.2');
		if (!a.ok || !b.ok) throw new Error('no login');
		expect(await sessionPrincipal(db, a.token)).not.toBeNull();
		const off = await setAccountActive(db, admin, 'canbo.xa01', false);
		expect(off).toEqual({ ok: true, changed: true, signedOut: 2 });
		expect(await sessionPrincipal(db, a.token)).toBeNull();
		expect(await sessionPrincipal(db, b.token)).toBeNull();
		expect((await login(db, 'canbo.xa01', 'mat-khau-can-bo', '10.0.0.1')).ok).toBe(false);
		const acct = await getAccount(db, 'canbo.xa01');
		expect([acct?.active, acct?.disabledBy, typeof acct?.disabledAt]).toEqual([false, 'quantri', 'number']);
		// Already disabled: nothing more written.
		expect(await setAccountActive(db, admin, 'canbo.xa01', false)).toEqual({
			ok: true,
			changed: false,
			signedOut: 0
		});
		expect((await setAccountActive(db, admin, 'canbo.xa01', true)).ok).toBe(true);
		expect((await getAccount(db, 'canbo.xa01'))?.disabledAt).toBeNull();
		expect((await login(db, 'canbo.xa01', 'mat-khau-can-bo', '10.0.0.1')).ok).toBe(true);
		const actions = (await auditRows()).map((r) => `${r.action} ${r.old ?? ''}→${r.new ?? ''}`);
		expect(actions.slice(2)).toEqual(['account.disable active→disabled', 'account.enable disabled→active']);
	});

	it('keeps the last active admin and refuses disabling oneself, nothing written', async () => {
		const before = await contentDigest(db, IGNORED);
		expect(await setAccountActive(db, admin, 'quantri', false)).toEqual({
			ok: false,
			status: 409,
			problems: ['Không thể tự khoá tài khoản đang dùng']
		});
		expect(await revokeRole(db, admin, 'quantri', { role: 'admin' })).toMatchObject({
			ok: false,
			status: 409
		});
		expect(await contentDigest(db, IGNORED)).toBe(before);

		// A second admin may not disable or demote the last other active admin either.
		const second = await createAccount(db, admin, {
			username: 'quantri2',
			displayName: 'Quản trị 2',
			password: 'mat-khau-quan-tri-2',
			mustChange: false,
			grants: [{ role: 'admin' }]
		});
		expect(second.ok).toBe(true);
		const other: Principal = {
			...admin,
			userId: (await getAccount(db, 'quantri2'))!.userId,
			username: 'quantri2'
		};
		expect((await setAccountActive(db, other, 'quantri', false)).ok).toBe(true);
		const last = await setAccountActive(db, admin, 'quantri2', false);
		// `admin` is disabled now, but the module still answers about the target: quantri2 is the last one.
		expect(last).toEqual({
			ok: false,
			status: 409,
			problems: ['Không thể khoá tài khoản này: đây là tài khoản quản trị cuối cùng còn hoạt động']
		});
		await grantRole(db, other, 'quantri2', { role: 'viewer' });
		expect(await revokeRole(db, other, 'quantri2', { role: 'admin' })).toMatchObject({
			ok: false,
			status: 409
		});
	});
});

describe('two admins disabling each other at the same moment', () => {
	it('leave one admin active: one succeeds, the other is refused as the last admin', async () => {
		await createAccount(db, admin, {
			username: 'quantri2',
			displayName: 'Quản trị 2',
			password: 'mat-khau-quan-tri-2',
			mustChange: false,
			grants: [{ role: 'admin' }]
		});
		const other: Principal = {
			...admin,
			userId: (await getAccount(db, 'quantri2'))!.userId,
			username: 'quantri2'
		};
		const results = await Promise.all([
			setAccountActive(db, admin, 'quantri2', false),
			setAccountActive(db, other, 'quantri', false)
		]);
		expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
		const [row] = await db.all<{ n: number }>(
			`SELECT COUNT(*)::INTEGER AS n FROM app_user u JOIN user_role r ON r.user_id = u.user_id
			 WHERE r.role = 'admin' AND u.active`
		);
		expect(row!.n).toBe(1);
	});
});

describe('resetting a password', () => {
	it('returns a temporary password that signs in, sets must-change, removes the sessions, audits no password', async () => {
		await officer();
		const old = await login(db, 'canbo.xa01', 'mat-khau-can-bo', '10.0.0.1');
		if (!old.ok) throw new Error('no login');
		const r = await resetPassword(db, admin, 'canbo.xa01');
		if (!r.ok) throw new Error(r.problems.join('; '));
		expect(r.signedOut).toBe(1);
		expect(await sessionPrincipal(db, old.token)).toBeNull();
		expect((await login(db, 'canbo.xa01', 'mat-khau-can-bo', '10.0.0.1')).ok).toBe(false);
		expect((await login(db, 'canbo.xa01', r.temporaryPassword, '10.0.0.1')).ok).toBe(true);
		expect((await getAccount(db, 'canbo.xa01'))?.mustChangePassword).toBe(true);
		const rows = await auditRows();
		expect(rows.at(-1)).toEqual({
			action: 'account.reset',
			username: 'quantri',
			target: 'canbo.xa01',
			old: null,
			new: 'temporary'
		});
		const all = await auditText();
		for (const secret of [r.temporaryPassword, 'mat-khau-can-bo', 'scrypt'])
			expect(all).not.toContain(secret);
	});

	it('is refused for one’s own account and an unknown one', async () => {
		expect(await resetPassword(db, admin, 'quantri')).toMatchObject({ ok: false, status: 409 });
		expect(await resetPassword(db, admin, 'khong.co')).toEqual({
			ok: false,
			status: 404,
			problems: ['Không có tài khoản «khong.co»']
		});
	});
});

describe('roles and the display name', () => {
	it('grants an existing bloc-year, refuses a duplicate, an unknown one and the last role; revokes; history shows each', async () => {
		await officer();
		expect(
			await grantRole(db, admin, 'canbo.xa01', { role: 'bloc_leader', blocCode: 'K01', year: 2025 })
		).toEqual({ ok: true });
		expect(
			await grantRole(db, admin, 'canbo.xa01', { role: 'bloc_leader', blocCode: 'K01', year: 2025 })
		).toEqual({ ok: false, status: 409, problems: ['Vai trò: tài khoản đã có vai trò này'] });
		expect(
			await grantRole(db, admin, 'canbo.xa01', { role: 'bloc_deputy', blocCode: 'K02', year: 2019 })
		).toEqual({
			ok: false,
			status: 400,
			problems: ['Năm: khối K02 chưa có giao ước hay thành viên năm 2019']
		});
		const who = async () => {
			const s = await login(db, 'canbo.xa01', 'mat-khau-can-bo', '10.0.0.9');
			return s.ok ? (await sessionPrincipal(db, s.token))?.grants : null;
		};
		expect(await who()).toContainEqual({ role: 'bloc_leader', blocCode: 'K01', year: 2025 });
		expect(await revokeRole(db, admin, 'canbo.xa01', { role: 'unit_officer', unitCode: 'XA01' })).toEqual({
			ok: true
		});
		expect(await who()).toEqual([{ role: 'bloc_leader', blocCode: 'K01', year: 2025 }]);
		expect(
			await revokeRole(db, admin, 'canbo.xa01', { role: 'bloc_leader', blocCode: 'K01', year: 2025 })
		).toMatchObject({ ok: false, status: 409 });
		expect(await revokeRole(db, admin, 'canbo.xa01', { role: 'viewer' })).toMatchObject({
			ok: false,
			status: 404
		});

		expect(await renameAccount(db, admin, 'canbo.xa01', '  ')).toEqual({
			ok: false,
			status: 400,
			problems: ['Tên hiển thị: cần nhập tên hiển thị']
		});
		expect(await renameAccount(db, admin, 'canbo.xa01', 'Trưởng khối K01')).toEqual({
			ok: true,
			changed: true
		});
		expect(await renameAccount(db, admin, 'canbo.xa01', 'Trưởng khối K01')).toEqual({
			ok: true,
			changed: false
		});

		const history = await accountHistory(db, 'canbo.xa01');
		expect(history.map((h) => [h.action, h.oldValue, h.newValue, h.username])).toEqual([
			['account.update', 'Cán bộ Xã Tân Lập', 'Trưởng khối K01', 'quantri'],
			['account.revoke', 'unit_officer:XA01', null, 'quantri'],
			['account.grant', null, 'bloc_leader:K01:2025', 'quantri'],
			['account.grant', null, 'unit_officer:XA01', 'quantri'],
			['account.create', null, 'Cán bộ Xã Tân Lập', 'quantri']
		]);
		expect(await accountHistory(db, 'quantri')).toEqual([]);
		const listed = (await listAccounts(db)).map((a) => [a.username, a.grants]);
		expect(listed).toEqual([
			['canbo.xa01', [{ role: 'bloc_leader', blocCode: 'K01', year: 2025 }]],
			['quantri', [{ role: 'admin' }]]
		]);
	});
});
