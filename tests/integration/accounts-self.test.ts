/**
 * My account (issue 14): changing the own password (current one required, the password rule,
 * not the same again), which clears a temporary password, ends the other sessions but this one
 * and is audited without the password; signing out the other sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import { changeOwnPassword, myAccount, signOutOtherSessions } from '../../src/lib/server/accounts/self';
import { hashTemporaryPassword, needsRehash } from '../../src/lib/server/auth/password';
import { login, sessionPrincipal } from '../../src/lib/server/auth/sessions';
import { insertUser, loadPrincipal } from '../../src/lib/server/auth/users';
import { tempDatabase } from '../helpers/db';

let env: Awaited<ReturnType<typeof tempDatabase>>;
let user: Principal;
const TEMP = 'abcdefghjkmn';

async function signIn(password: string) {
	const r = await login(env.db, 'cb.so11', password, '10.2.2.2');
	if (!r.ok) throw new Error(`login failed: ${r.reason}`);
	return r.token;
}

beforeAll(async () => {
	env = await tempDatabase();
	const hash = await hashTemporaryPassword(TEMP);
	const id = await env.db.transaction((conn) =>
		insertUser(
			conn,
			{
				username: 'cb.so11',
				displayName: 'Cán bộ Sở Y tế',
				grants: [{ role: 'unit_officer', unitCode: 'SO11' }]
			},
			hash,
			{ mustChangePassword: true }
		)
	);
	user = (await loadPrincipal(env.db, id))!;
	expect(user.mustChangePassword).toBe(true);
}, 60_000);
afterAll(() => env.cleanup());

describe('changing the own password', () => {
	it('refuses a wrong current password, a common one, the display name, the same again, a mistyped confirmation', async () => {
		const token = await signIn(TEMP);
		const change = (current: string, next: string, confirm = next) =>
			changeOwnPassword(env.db, user, token, { current, next, confirm });
		expect(await change('sai-mat-khau', 'Hoa sen nở 2026')).toEqual({
			ok: false,
			field: 'current',
			problem: 'mật khẩu hiện tại không đúng'
		});
		expect(await change(TEMP, '12345678')).toMatchObject({
			ok: false,
			field: 'next',
			problem: expect.stringMatching(/quá phổ biến/)
		});
		expect(await change(TEMP, 'matkhau123')).toMatchObject({ ok: false, field: 'next' });
		expect(await change(TEMP, 'CÁN BỘ SỞ Y TẾ')).toMatchObject({
			ok: false,
			problem: 'mật khẩu không được trùng tên hiển thị'
		});
		expect(await change(TEMP, TEMP)).toMatchObject({
			ok: false,
			problem: 'mật khẩu mới phải khác mật khẩu hiện tại'
		});
		expect(await change(TEMP, 'Hoa sen nở 2026', 'Hoa sen no 2026')).toMatchObject({
			ok: false,
			field: 'confirm'
		});
		// Nothing changed: still the temporary password, still to be changed.
		expect((await loadPrincipal(env.db, user.userId))!.mustChangePassword).toBe(true);
		expect(await signIn(TEMP)).toBeTruthy();
	});

	it('on success: new hash with the full parameters, must-change cleared, other sessions ended, this one kept, audited', async () => {
		const other1 = await signIn(TEMP);
		const other2 = await signIn(TEMP);
		const mine = await signIn(TEMP);
		const page = await myAccount(env.db, user, mine);
		expect(page.sessions.length).toBeGreaterThanOrEqual(4);
		expect(page.sessions.filter((s) => s.current)).toHaveLength(1);
		expect(page.mustChangePassword).toBe(true);
		expect(page.passwordChangedAt).toBeNull();

		const r = await changeOwnPassword(env.db, user, mine, {
			current: TEMP,
			next: 'Hoa sen nở 2026',
			confirm: 'Hoa sen nở 2026'
		});
		expect(r).toMatchObject({ ok: true });
		expect(await sessionPrincipal(env.db, other1)).toBeNull();
		expect(await sessionPrincipal(env.db, other2)).toBeNull();
		const me = await sessionPrincipal(env.db, mine);
		expect(me?.username).toBe('cb.so11');
		expect(me?.mustChangePassword).toBeUndefined();
		const [row] = await env.db.all<{ hash: string; changed: boolean }>(
			"SELECT password_hash AS hash, password_changed_at IS NOT NULL AS changed FROM app_user WHERE username = 'cb.so11'"
		);
		expect(needsRehash(row!.hash)).toBe(false);
		expect(row!.changed).toBe(true);
		const audit = await env.db.all<Record<string, unknown>>(
			"SELECT username, action, old_value, new_value, reason FROM audit_log WHERE action = 'account.password'"
		);
		expect(audit).toEqual([
			{
				username: 'cb.so11',
				action: 'account.password',
				old_value: null,
				new_value: null,
				reason: 'self: temporary replaced'
			}
		]);
		expect(JSON.stringify(audit)).not.toMatch(/Hoa sen|abcdefghjkmn/);
		await expect(signIn(TEMP)).rejects.toThrow();
		expect(await signIn('Hoa sen nở 2026')).toBeTruthy();
		expect((await myAccount(env.db, me!, mine)).passwordChangedAt).toBeGreaterThan(Date.now() - 120_000);
	});

	it('signs out the other sessions only', async () => {
		const a = await signIn('Hoa sen nở 2026');
		const b = await signIn('Hoa sen nở 2026');
		const me = (await sessionPrincipal(env.db, a))!;
		expect(await signOutOtherSessions(env.db, me, a)).toBeGreaterThanOrEqual(1);
		expect(await sessionPrincipal(env.db, b)).toBeNull();
		expect(await sessionPrincipal(env.db, a)).not.toBeNull();
		expect(await signOutOtherSessions(env.db, me, a)).toBe(0);
	});
});
