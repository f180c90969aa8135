/**
 * What the upload check may tell about stored drafts (issue 11): a score row of a sheet the
 * account may not read is refused before it is compared with anything, so the answer (issues
 * and counts) is the same whether a guessed value equals the stored draft or not.
 *
 * Data: tests/fixtures/small, bloc K01 in 2024 put in review (a draft); XA03's TC01 has the
 * self-score 35, no bloc score, no note.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import type { Database } from '../../src/lib/server/db';
import { importFiles, importPaths } from '../../src/lib/server/import';
import { uploadApprover, uploadScreen } from '../../src/lib/server/import/authorize';
import { tempDatabase } from '../helpers/db';

const leaderK02: Principal = {
	userId: 21,
	username: 'tk.k02',
	displayName: 'Sở Tài chính (Trưởng khối)',
	grants: [{ role: 'bloc_leader', blocCode: 'K02', year: 2024 }]
};
const leaderK01: Principal = {
	userId: 11,
	username: 'tk.k01',
	displayName: 'Xã Tân Lập (Trưởng khối)',
	grants: [{ role: 'bloc_leader', blocCode: 'K01', year: 2024 }]
};
const analyst: Principal = {
	userId: 2,
	username: 'phantich',
	displayName: 'Chuyên viên',
	grants: [{ role: 'analyst' }]
};
const HEADER = 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú\n';
const XA03_TC01 = "year = 2024 AND bloc_code = 'K01' AND unit_code = 'XA03' AND criterion_code = 'TC01'";

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;

beforeEach(async () => {
	env = await tempDatabase();
	db = env.db;
	expect((await importPaths(db, ['tests/fixtures/small'])).committed).toBe(true);
	await db.run("UPDATE pledge SET stage = 'review' WHERE year = 2024 AND bloc_code = 'K01'");
});
afterEach(() => env.cleanup());

/** The upload check of one scores line as `user`: what the page gets. */
async function check(user: Principal, line: string) {
	const r = await importFiles(
		db,
		[{ name: 'diem.csv', content: new TextEncoder().encode(HEADER + line + '\n') }],
		{ dryRun: true, screen: uploadScreen(user), approve: uploadApprover(user) }
	);
	return {
		issues: r.issues,
		counts: r.counts,
		blocYears: r.blocYears,
		committed: r.committed
	};
}

describe('a guessed draft of a sheet the account may not read', () => {
	for (const field of ['self', 'note'] as const)
		it(`${field === 'self' ? 'self-score' : 'note'}: the same refusal whether the guess is right or not`, async () => {
			await db.run(`UPDATE score SET note = 'Minh chứng A' WHERE ${XA03_TC01}`);
			const guess = '2024,K01,XA03,TC01,35,,Minh chứng A';
			const right = await check(leaderK02, guess);
			await db.run(
				field === 'self'
					? `UPDATE score SET self_score = 34 WHERE ${XA03_TC01}`
					: `UPDATE score SET note = 'Minh chứng B' WHERE ${XA03_TC01}`
			);
			const wrong = await check(leaderK02, guess);
			expect(wrong).toEqual(right);
			expect(right).toEqual({
				issues: [
					{
						severity: 'error',
						file: 'diem.csv',
						row: 2,
						column: 'B "Mã khối"',
						field: 'bloc_code',
						value: 'K01',
						message:
							'tài khoản này không được xem phiếu chấm của đơn vị XA03, khối K01 năm 2024: dòng bị từ chối, không được kiểm tra hay so với dữ liệu đang có'
					}
				],
				counts: [],
				blocYears: [],
				committed: false
			});
		});

	it('is refused the same way when the row is wrong in itself (no check of it tells more)', async () => {
		// Above the criterion's maximum (40): still only the refusal, nothing about the pledge.
		const r = await check(leaderK02, '2024,K01,XA03,TC01,99,,');
		expect(r.issues.map((i) => i.message)).toEqual([
			expect.stringMatching(/^tài khoản này không được xem phiếu chấm của đơn vị XA03, khối K01 năm 2024/)
		]);
	});

	it('accounts that read the sheet get the comparison, and its leader’s own rows still pass', async () => {
		const same = '2024,K01,XA03,TC01,35,,';
		expect(await check(analyst, same)).toMatchObject({
			issues: [],
			counts: [{ table: 'scores', rows: 1, added: 0, replaced: 0, unchanged: 1 }]
		});
		expect(await check(leaderK01, '2024,K01,XA03,TC01,35,30,Kiểm tra chéo')).toMatchObject({
			issues: [],
			counts: [{ table: 'scores', rows: 1, added: 0, replaced: 1, unchanged: 0 }]
		});
		// Rows of other sheets in the same file are refused one by one, at their rows.
		const mixed = await importFiles(
			db,
			[
				{
					name: 'diem.csv',
					content: HEADER + '2024,K01,XA03,TC01,35,30,\n2024,K02,SO01,TC01,50,,\n2024,K02,SO02,TC01,40,,\n'
				}
			],
			{ dryRun: true, screen: uploadScreen(leaderK01), approve: uploadApprover(leaderK01) }
		);
		expect(mixed.issues.map((i) => [i.row, i.value])).toEqual([
			[3, 'K02'],
			[4, 'K02']
		]);
		expect(mixed.counts).toEqual([]);
	});
});
