/**
 * Bulk creation of accounts (issue 14) against the sample province: officer accounts for the
 * units of a bloc-year without one (exactly those, in one transaction, none on a rerun), and the
 * accounts of a file (every bad row listed with its row and column, nothing written).
 */
import writeExcelFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import { createFromFile, createFromUnits, unitPlan } from '../../src/lib/server/accounts/bulk';
import { checkAccountsFile } from '../../src/lib/server/accounts/bulk-file';
import { handoutFile, keepHandout, takeHandout } from '../../src/lib/server/accounts/handout';
import { needsRehash } from '../../src/lib/server/auth/password';
import { login, sessionPrincipal } from '../../src/lib/server/auth/sessions';
import { loadPrincipal } from '../../src/lib/server/auth/users';
import { importPaths } from '../../src/lib/server/import';
import { loadSampleAccounts } from '../../src/lib/server/import/sample';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

let env: Awaited<ReturnType<typeof tempDatabase>>;
let admin: Principal;

beforeAll(async () => {
	env = await tempDatabase();
	expect((await importPaths(env.db, ['data/sample'])).committed).toBe(true);
	await loadSampleAccounts(env.db, 'data/sample');
	const [row] = await env.db.all<{ id: number }>(
		"SELECT user_id AS id FROM app_user WHERE username = 'admin'"
	);
	admin = (await loadPrincipal(env.db, row!.id))!;
}, 120_000);
afterAll(() => env.cleanup());

const count = async (sql: string) => (await env.db.all<{ n: number }>(sql))[0]!.n;
const accounts = () => count('SELECT count(*)::INTEGER AS n FROM app_user');
const enc = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n') + '\r\n');

describe('officer accounts for the units without one', () => {
	it('previews exactly the units of the bloc-year that have no active officer account', async () => {
		const plan = await unitPlan(env.db, 2025, 'K03');
		const members = await env.db.all<{ unit_code: string }>(
			`SELECT unit_code FROM bloc_membership WHERE year = 2025 AND bloc_code = 'K03'
			 AND unit_code NOT IN (SELECT r.unit_code FROM user_role r JOIN app_user a USING (user_id)
			                       WHERE a.active AND r.role = 'unit_officer')
			 ORDER BY unit_code`
		);
		expect(plan.rows.map((r) => r.unitCode)).toEqual(members.map((m) => m.unit_code));
		expect(plan.rows.length).toBeGreaterThan(0);
		expect(plan.covered).toBeGreaterThan(0);
		expect(plan.rows[0]).toMatchObject({
			username: `cb.${plan.rows[0]!.unitCode.toLowerCase()}`,
			clash: null
		});
		expect(plan.rows[0]!.displayName).toMatch(/^Cán bộ /);
	});

	it('refuses when the list changed since the preview, and writes nothing', async () => {
		const before = await contentDigest(env.db);
		const plan = await unitPlan(env.db, 2025, 'K03');
		const r = await createFromUnits(
			env.db,
			admin,
			2025,
			'K03',
			plan.rows.slice(1).map((u) => u.unitCode)
		);
		expect(r).toMatchObject({ ok: false, problem: expect.stringMatching(/đã thay đổi từ lúc xem trước/) });
		expect(await contentDigest(env.db)).toBe(before);
	});

	it('resolves a clash with an existing username (an account of another unit) and says so', async () => {
		const plan = await unitPlan(env.db, 2025, 'K03');
		const first = plan.rows[0]!;
		await env.db.run(
			`INSERT INTO app_user (username, display_name, password_hash) VALUES ($1, 'Người khác', 'x')`,
			[first.username]
		);
		const again = await unitPlan(env.db, 2025, 'K03');
		expect(again.rows[0]).toMatchObject({
			unitCode: first.unitCode,
			username: `${first.username}-2`,
			clash: 'account'
		});
	});

	it('creates exactly the missing ones in one go, with temporary passwords that must be changed; a rerun creates none', async () => {
		const plan = await unitPlan(env.db, 2025, 'K03');
		const before = await accounts();
		const auditBefore = await count(
			"SELECT count(*)::INTEGER AS n FROM audit_log WHERE action = 'account.create'"
		);
		const r = await createFromUnits(
			env.db,
			admin,
			2025,
			'K03',
			plan.rows.map((u) => u.unitCode)
		);
		if (!r.ok) throw new Error(r.problem);
		expect(r.created).toBe(plan.rows.length);
		expect(await accounts()).toBe(before + plan.rows.length);
		expect(r.handout.map((h) => h.username)).toEqual(plan.rows.map((p) => p.username));
		// Audited once per account, by the admin, source bulk, never the password.
		const audit = await env.db.all<{
			username: string;
			unit_code: string;
			new_value: string;
			reason: string;
		}>(
			"SELECT username, unit_code, new_value, reason FROM audit_log WHERE action = 'account.create' ORDER BY id"
		);
		expect(audit.length - auditBefore).toBe(plan.rows.length);
		expect(audit.at(-1)).toMatchObject({
			username: 'admin',
			reason: 'bulk: đơn vị chưa có tài khoản cán bộ, năm 2025, khối K03'
		});
		for (const h of r.handout) expect(JSON.stringify(audit)).not.toContain(h.password);
		// Stored as Argon2id with the current parameters, must change.
		const stored = await env.db.all<{ hash: string; must: boolean }>(
			'SELECT password_hash AS hash, must_change_password AS must FROM app_user WHERE username = $1',
			[r.handout[0]!.username]
		);
		expect(stored[0]!.must).toBe(true);
		expect(stored[0]!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		// The account signs in with it, is told to change it, and the login does not rehash it.
		const signed = await login(env.db, r.handout[0]!.username, r.handout[0]!.password, '10.1.1.1');
		if (!signed.ok) throw new Error('login failed');
		expect(await sessionPrincipal(env.db, signed.token)).toMatchObject({
			mustChangePassword: true,
			grants: [{ role: 'unit_officer', unitCode: plan.rows[0]!.unitCode }]
		});
		const after = await env.db.all<{ hash: string }>(
			'SELECT password_hash AS hash FROM app_user WHERE username = $1',
			[r.handout[0]!.username]
		);
		expect(after[0]!.hash).toBe(stored[0]!.hash);
		expect(needsRehash(after[0]!.hash)).toBe(false);
		// Rerun: nothing left to create.
		const rerun = await unitPlan(env.db, 2025, 'K03');
		expect(rerun.rows).toEqual([]);
		expect(await createFromUnits(env.db, admin, 2025, 'K03', [])).toMatchObject({ ok: false });
		expect(await accounts()).toBe(before + plan.rows.length);
	});

	it('refuses an account without manage:users', async () => {
		const officer: Principal = {
			userId: 999,
			username: 'x',
			displayName: 'x',
			grants: [{ role: 'analyst' }]
		};
		const plan = await unitPlan(env.db, 2025, 'K02');
		const r = await createFromUnits(
			env.db,
			officer,
			2025,
			'K02',
			plan.rows.map((u) => u.unitCode)
		);
		expect(r.ok).toBe(false);
	});
});

describe('the passwords handed out once', () => {
	it('go only to the session that created them, once, as CSV or Excel', async () => {
		const rows = [
			{ username: 'cb.a', displayName: 'Cán bộ A', role: 'Cán bộ đơn vị A', password: 'abcdefghjkmn' }
		];
		const { token } = keepHandout('session-1', rows);
		expect(takeHandout(token, 'session-2')).toBeNull();
		expect(takeHandout(token, 'session-1')).toEqual(rows);
		expect(takeHandout(token, 'session-1')).toBeNull();
		const csv = await handoutFile(rows, 'csv');
		expect(String(csv.body)).toContain('cb.a,Cán bộ A,Cán bộ đơn vị A,abcdefghjkmn');
		const xlsx = await handoutFile(rows, 'xlsx');
		expect((xlsx.body as Uint8Array).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
	});
});

describe('accounts from a file', () => {
	const HEADER = 'Tên đăng nhập,Tên hiển thị,Vai trò,Mã khối,Năm,Mã đơn vị';

	it('lists every bad row with its row, column and reason, and writes nothing', async () => {
		const before = await contentDigest(env.db);
		const check = await checkAccountsFile(env.db, {
			name: 'tai-khoan.csv',
			content: enc([
				HEADER,
				'cb.moi1,Cán bộ mới 1,Cán bộ đơn vị,,,SO11',
				'admin,Trùng tên,Lãnh đạo,,,',
				'cb moi,Có dấu cách,Cán bộ đơn vị,,,SO11',
				'cb.moi2,Cán bộ mới 2,Thủ quỹ,,,SO11',
				'tk.moi,Trưởng khối mới,Trưởng khối,,2026,',
				'cb.moi3,Cán bộ mới 3,Cán bộ đơn vị,,,XX99',
				'ld.moi,Lãnh đạo mới,Lãnh đạo,K01,,',
				'cb.moi4,Cán bộ mới 4,Cán bộ đơn vị,K01,2025,SO11'
			])
		});
		const errors = check.issues
			.filter((i) => i.severity === 'error')
			.map((i) => [i.row, i.column, i.message]);
		expect(errors).toEqual([
			[3, 'A "Tên đăng nhập"', expect.stringMatching(/tên đăng nhập admin đã có/)],
			[4, 'A "Tên đăng nhập"', expect.stringMatching(/tên đăng nhập gồm 3–64 ký tự/)],
			[5, 'C "Vai trò"', expect.stringMatching(/"Thủ quỹ" không thuộc các giá trị cho phép/)],
			[6, 'D "Mã khối"', 'vai trò Trưởng khối cần mã khối'],
			[7, 'F "Mã đơn vị"', 'không có đơn vị mã XX99'],
			[8, 'D "Mã khối"', expect.stringMatching(/áp dụng cho toàn tỉnh/)],
			[9, 'D "Mã khối"', 'đơn vị SO11 không thuộc khối K01 năm 2025']
		]);
		expect(check.issues.every((i) => i.file === 'tai-khoan.csv')).toBe(true);
		expect(check.accounts).toEqual([]);
		expect(await contentDigest(env.db)).toBe(before);
	});

	it('refuses a file without the required columns; reads an Excel file', async () => {
		const noRole = await checkAccountsFile(env.db, {
			name: 'a.csv',
			content: enc(['username,display_name', 'x.y,X'])
		});
		expect(noRole.issues.map((i) => i.message)).toEqual([
			expect.stringMatching(/thiếu cột bắt buộc "Vai trò" \(role\)/)
		]);
		const xlsx = new Uint8Array(
			await writeExcelFile([
				['username', 'display_name', 'role', 'unit'],
				['cb.x1', 'Cán bộ X1', 'unit_officer', 'SO11']
			] as never).toBuffer()
		);
		const ok = await checkAccountsFile(env.db, { name: 'tk.xlsx', content: xlsx });
		expect(ok.issues).toEqual([]);
		expect(ok.accounts).toEqual([
			{
				username: 'cb.x1',
				displayName: 'Cán bộ X1',
				grants: [{ role: 'unit_officer', unitCode: 'SO11' }],
				unitCode: 'SO11'
			}
		]);
	});

	it('makes one account of several rows with one username, all in one transaction', async () => {
		const check = await checkAccountsFile(env.db, {
			name: 'tai-khoan.csv',
			content: enc([
				HEADER,
				'Nguyen.Van.An,Nguyễn Văn An,Trưởng khối,K01,2026,',
				'nguyen.van.an,Nguyễn Văn An,Cán bộ đơn vị,,,XA17',
				'tran.thi.binh,Trần Thị Bình,viewer,,,'
			])
		});
		expect(check.issues.filter((i) => i.severity === 'error')).toEqual([]);
		expect(check.accounts.map((a) => [a.username, a.grants.length])).toEqual([
			['nguyen.van.an', 2],
			['tran.thi.binh', 1]
		]);
		// A username taken after the check: the whole creation is refused, nothing written.
		await env.db.run(
			"INSERT INTO app_user (username, display_name, password_hash) VALUES ('tran.thi.binh', 'T', 'x')"
		);
		const before = await accounts();
		const refused = await createFromFile(env.db, admin, check.accounts, check.file);
		expect(refused).toMatchObject({ ok: false, problem: expect.stringMatching(/tran\.thi\.binh đã có/) });
		expect(await accounts()).toBe(before);
		expect(await count("SELECT count(*)::INTEGER AS n FROM app_user WHERE username = 'nguyen.van.an'")).toBe(
			0
		);
		const created = await createFromFile(env.db, admin, check.accounts.slice(0, 1), check.file);
		expect(created).toMatchObject({ ok: true, created: 1 });
		const roles = await env.db.all<{ role: string }>(
			"SELECT r.role FROM user_role r JOIN app_user a USING (user_id) WHERE a.username = 'nguyen.van.an' ORDER BY r.role"
		);
		expect(roles.map((r) => r.role)).toEqual(['bloc_leader', 'unit_officer']);
	});
});
