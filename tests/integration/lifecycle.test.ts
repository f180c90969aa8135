/**
 * The scoring lifecycle of a bloc-year (open → self_scoring → review → finalised) as
 * `changeStage` runs it on a real database: who may move it, the reason to move back, the
 * audit row of each move, a stale or racing move, and how a finalised bloc-year locks imports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal, Stage } from '../../src/lib/domain/policy';
import { blocHistory } from '../../src/lib/server/audit';
import { createUser, loadPrincipal } from '../../src/lib/server/auth/users';
import type { Database } from '../../src/lib/server/db';
import { importFiles, importPaths } from '../../src/lib/server/import';
import type { InputFile } from '../../src/lib/server/import/parse';
import { allowedStageMoves, changeStage, getBlocYear } from '../../src/lib/server/scoring/stage';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

const FIXTURE = 'tests/fixtures/small';
const csv = (name: string, text: string): InputFile => ({ name, content: new TextEncoder().encode(text) });

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;
let leaderK01: Principal;
let leaderK02: Principal;
let admin: Principal;

async function account(username: string, grants: Principal['grants']): Promise<Principal> {
	const id = await createUser(db, { username, displayName: username, password: 'mat-khau-du-dai', grants });
	return (await loadPrincipal(db, id))!;
}

async function blocYear(bloc: string, year: number) {
	const b = await getBlocYear(db, year, bloc);
	if (!b) throw new Error(`no pledge ${bloc} ${year}`);
	return b;
}

const stageRows = () =>
	db.all<{
		username: string;
		user_id: number;
		bloc_code: string;
		old_value: string;
		new_value: string;
		reason: string | null;
	}>(
		`SELECT username, user_id, bloc_code, old_value, new_value, reason FROM audit_log WHERE action = 'stage' ORDER BY id`
	);

beforeAll(async () => {
	env = await tempDatabase();
	db = env.db;
	const r = await importPaths(db, [FIXTURE]);
	expect(r.committed).toBe(true);
	leaderK01 = await account('truongkhoi.k01', [{ role: 'bloc_leader', blocCode: 'K01', year: 2024 }]);
	leaderK02 = await account('truongkhoi.k02', [{ role: 'bloc_leader', blocCode: 'K02', year: 2024 }]);
	admin = await account('quantri', [{ role: 'admin' }]);
});
afterAll(() => env.cleanup());

describe('the scoring lifecycle', () => {
	it('runs open → self_scoring → review → finalised by the bloc leader, one audit row per step', async () => {
		const path: Stage[] = ['self_scoring', 'review', 'finalised'];
		for (const to of path) {
			const bloc = await blocYear('K01', 2024);
			expect(allowedStageMoves(leaderK01, bloc).map((m) => m.to)).toContain(to);
			const r = await changeStage(db, leaderK01, bloc, to, to === 'finalised' ? 'Họp tổng kết 05/12' : '');
			expect(r).toMatchObject({ ok: true, from: bloc.stage, to });
		}
		expect((await blocYear('K01', 2024)).stage).toBe('finalised');
		expect(await stageRows()).toEqual([
			{
				username: 'truongkhoi.k01',
				user_id: leaderK01.userId,
				bloc_code: 'K01',
				old_value: 'open',
				new_value: 'self_scoring',
				reason: null
			},
			{
				username: 'truongkhoi.k01',
				user_id: leaderK01.userId,
				bloc_code: 'K01',
				old_value: 'self_scoring',
				new_value: 'review',
				reason: null
			},
			{
				username: 'truongkhoi.k01',
				user_id: leaderK01.userId,
				bloc_code: 'K01',
				old_value: 'review',
				new_value: 'finalised',
				reason: 'Họp tổng kết 05/12'
			}
		]);
		// Newest first on the bloc page.
		const history = await blocHistory(db, { blocCode: 'K01', year: 2024 });
		expect(history.map((h) => `${h.oldValue}→${h.newValue}`)).toEqual([
			'review→finalised',
			'self_scoring→review',
			'open→self_scoring'
		]);
		expect(history[0]).toMatchObject({
			username: 'truongkhoi.k01',
			displayName: 'truongkhoi.k01',
			reason: 'Họp tổng kết 05/12'
		});
	});

	it('refuses to skip a stage, and writes nothing', async () => {
		const before = await contentDigest(db);
		const bloc = await blocYear('K02', 2024);
		expect(bloc.stage).toBe('open');
		expect(allowedStageMoves(leaderK02, bloc).map((m) => m.to)).toEqual(['self_scoring']);
		for (const to of ['review', 'finalised'] as const) {
			expect(await changeStage(db, leaderK02, bloc, to, 'nhảy cóc')).toMatchObject({
				ok: false,
				refusal: 'forbidden'
			});
			expect(await changeStage(db, admin, bloc, to, 'nhảy cóc')).toMatchObject({
				ok: false,
				refusal: 'forbidden'
			});
		}
		expect(await changeStage(db, leaderK02, bloc, 'open', 'x')).toMatchObject({ ok: false, refusal: 'same' });
		// Where the bloc is, only to someone who may move it: the leader of another bloc is refused.
		expect(await changeStage(db, leaderK01, bloc, 'open', 'x')).toMatchObject({
			ok: false,
			refusal: 'forbidden'
		});
		expect(await contentDigest(db)).toBe(before);
	});

	it('refuses a leader of another bloc', async () => {
		const before = await contentDigest(db);
		const k02 = await blocYear('K02', 2024);
		expect(allowedStageMoves(leaderK01, k02)).toEqual([]);
		expect(await changeStage(db, leaderK01, k02, 'self_scoring', '')).toMatchObject({
			ok: false,
			refusal: 'forbidden'
		});
		// Nor the leader of the same bloc in another year.
		const k01in2025 = await blocYear('K01', 2025);
		expect(await changeStage(db, leaderK01, k01in2025, 'self_scoring', '')).toMatchObject({
			ok: false,
			refusal: 'forbidden'
		});
		expect(await contentDigest(db)).toBe(before);
	});

	it('lets only the admin reopen a finalised bloc, and only with a reason', async () => {
		const before = await contentDigest(db);
		const bloc = await blocYear('K01', 2024);
		expect(bloc.stage).toBe('finalised');
		expect(allowedStageMoves(leaderK01, bloc)).toEqual([]);
		expect(await changeStage(db, leaderK01, bloc, 'review', 'sai sót')).toMatchObject({
			ok: false,
			refusal: 'forbidden'
		});
		expect(allowedStageMoves(admin, bloc).map((m) => m.to)).toEqual(['open', 'self_scoring', 'review']);
		for (const reason of ['', '   \n '])
			expect(await changeStage(db, admin, bloc, 'review', reason)).toMatchObject({
				ok: false,
				refusal: 'reason_required'
			});
		expect(await contentDigest(db)).toBe(before);

		const r = await changeStage(db, admin, bloc, 'review', '  Đơn vị XA03 khiếu nại tiêu chí TC01  ');
		expect(r).toMatchObject({ ok: true, from: 'finalised', to: 'review' });
		expect((await stageRows()).at(-1)).toEqual({
			username: 'quantri',
			user_id: admin.userId,
			bloc_code: 'K01',
			old_value: 'finalised',
			new_value: 'review',
			reason: 'Đơn vị XA03 khiếu nại tiêu chí TC01'
		});
		// Back to finalised by the leader, for the import checks below.
		const again = await changeStage(db, leaderK01, await blocYear('K01', 2024), 'finalised', '');
		expect(again.ok).toBe(true);
	});

	it('refuses a move made from a stale stage, and lets only one of two racing moves through', async () => {
		const read = await blocYear('K02', 2024); // open
		expect((await changeStage(db, leaderK02, read, 'self_scoring', '')).ok).toBe(true);
		const before = await contentDigest(db);
		// Someone still looking at "open" tries the same move: the stored stage is no longer open.
		expect(await changeStage(db, leaderK02, read, 'self_scoring', '')).toMatchObject({
			ok: false,
			refusal: 'stale',
			current: 'self_scoring'
		});
		expect(await contentDigest(db)).toBe(before);

		// Two people at once from self_scoring: one advances, the other reopens.
		const now = await blocYear('K02', 2024);
		const results = await Promise.all([
			changeStage(db, leaderK02, now, 'review', ''),
			changeStage(db, admin, now, 'open', 'nhầm giai đoạn')
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ ok: false, refusal: 'stale' })]);
		const winner = results.find((r) => r.ok)!;
		expect((await blocYear('K02', 2024)).stage).toBe(winner.ok ? winner.to : null);
		const k02 = (await stageRows()).filter((r) => r.bloc_code === 'K02');
		expect(k02.map((r) => `${r.old_value}→${r.new_value}`)).toEqual([
			'open→self_scoring',
			`self_scoring→${winner.ok ? winner.to : ''}`
		]);
	});
});

describe('imports after finalising', () => {
	const header = 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm\n';

	it('refuses an import that changes a finalised bloc-year, at its file and row, writing nothing', async () => {
		expect((await blocYear('K01', 2024)).stage).toBe('finalised');
		const before = await contentDigest(db);
		const r = await importFiles(db, [
			csv(
				'diem_bo_sung.csv',
				header +
					'2025,K01,XA03,TC07,"25,5",25\n' + // 2025 is not finalised: fine on its own
					'2024,K01,XA01,TC01,40,37\n' + // changed (38 → 37): locked
					'2024,K01,XA01,TC02,20,19\n' + // identical: fine
					'2024,K01,PH01,TC02,10,\n' // added: locked
			)
		]);
		expect(r.committed).toBe(false);
		expect(r.counts).toEqual([]);
		expect(r.issues.filter((i) => i.severity === 'error')).toEqual([
			{
				severity: 'error',
				file: 'diem_bo_sung.csv',
				row: 3,
				column: 'B "Mã khối"',
				field: 'bloc_code',
				value: 'K01',
				message: 'khối K01 năm 2024 đã chốt kết quả: không thể thay đổi; quản trị viên cần mở lại trước'
			},
			expect.objectContaining({ file: 'diem_bo_sung.csv', row: 5, field: 'bloc_code' })
		]);
		expect(await contentDigest(db)).toBe(before);
	});

	it('accepts an identical re-import of the whole folder', async () => {
		const before = await contentDigest(db, { exclude: ['import_log'] });
		const r = await importPaths(db, [FIXTURE]);
		expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
		expect(r.committed).toBe(true);
		expect(r.counts.every((c) => c.added === 0 && c.replaced === 0)).toBe(true);
		expect(await contentDigest(db, { exclude: ['import_log'] })).toBe(before);
	});

	it('accepts the change once the admin has reopened the bloc', async () => {
		const reopened = await changeStage(
			db,
			admin,
			await blocYear('K01', 2024),
			'review',
			'Sửa điểm TC01 của XA01'
		);
		expect(reopened.ok).toBe(true);
		const r = await importFiles(db, [csv('diem_bo_sung.csv', header + '2024,K01,XA01,TC01,40,37\n')], {
			source: 'cli'
		});
		expect(r.committed).toBe(true);
		expect(r.counts).toEqual([{ table: 'scores', rows: 1, added: 0, replaced: 1, unchanged: 0 }]);
	});
});
