/**
 * Award balance against a hand count: a small province imported through the real importer,
 * counted by the real SQL and the domain functions, checked against arithmetic written here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardBalance, unitAwards } from '../../src/lib/server/analytics';
import { importFiles } from '../../src/lib/server/import';
import { tempDatabase } from '../helpers/db';

const units = `unit_code,unit_name,unit_type,remote_area
A,Xã A,commune,Có
B,Sở B,department,Không
C,Trường C,school,Không
D,Ban D,other,Không`;
const blocs = `bloc_code,bloc_name
K1,Khối Một
K2,Khối Hai`;
const memberships = `year,bloc_code,unit_code,role
2023,K1,A,leader
2024,K1,A,leader
2024,K1,B,member
2024,K2,C,leader`;
// #  unit  who                         award           notes
const awards = `year,unit_code,recipient_kind,recipient_name,recipient_category,award_code,level,gender,ethnic_minority,remote_area,small_collective
2024,A,Cá nhân,Lãnh đạo A,Lãnh đạo,LDTT,,Nam,Không,Có,
2024,A,Cá nhân,Quản lý A,Quản lý,LDTT,,Nữ,Không,Có,
2024,A,Cá nhân,Nông dân A1,Người lao động trực tiếp,LDTT,,Nữ,Có,Có,
2024,A,Cá nhân,Nông dân A2,Người lao động trực tiếp,LDTT,,Nam,Có,Có,
2024,A,Cá nhân,Nông dân A3,Người lao động trực tiếp,GK,,Nữ,Không,Có,
2024,A,Cá nhân,Người dân A,Nhân dân,GK,,Nam,Không,Có,
2024,A,Tập thể,Thôn Một,,TTLDTT,,,,Có,Có
2024,B,Cá nhân,Giám đốc B,Lãnh đạo,LDTT,,Nam,Không,Không,
2024,B,Cá nhân,Phó giám đốc B,Lãnh đạo,CSTDCS,,Nam,Không,Không,
2024,B,Cá nhân,Trưởng phòng B,Quản lý,LDTT,,Nữ,Không,Không,
2024,B,Cá nhân,Chuyên viên B,"Cán bộ, công chức, viên chức",LDTT,,Nữ,Không,Không,
2024,B,Cá nhân,Công nhân B,Người lao động trực tiếp,LDTT,,Nam,Không,Không,
2024,B,Cá nhân,Giám đốc B,Lãnh đạo,BK_TINH,,Nam,Không,Không,
2024,B,Tập thể,Văn phòng Sở,,GK,,,,Không,Không
2024,C,Cá nhân,Hiệu phó C,Quản lý,LDTT,,Nữ,Không,Không,
2024,C,Cá nhân,Bảo vệ C,Người lao động trực tiếp,LDTT,,Nữ,Không,Không,
2024,C,Cá nhân,Giáo viên C,"Cán bộ, công chức, viên chức",LDTT,,,Không,Không,
2024,D,Cá nhân,Lái xe D,Người lao động trực tiếp,LDTT,,Nam,Không,Không,
2023,A,Cá nhân,Lãnh đạo A,Lãnh đạo,LDTT,,Nam,Không,Có,
2023,A,Cá nhân,Nông dân A1,Người lao động trực tiếp,LDTT,,Nữ,Có,Có,`;

let env: Awaited<ReturnType<typeof tempDatabase>>;

beforeAll(async () => {
	env = await tempDatabase();
	const r = await importFiles(env.db, [
		{ name: 'units.csv', content: units },
		{ name: 'blocs.csv', content: blocs },
		{ name: 'memberships.csv', content: memberships },
		{ name: 'awards.csv', content: awards }
	]);
	expect(r.issues).toEqual([]);
	expect(r.committed).toBe(true);
});
afterAll(() => env.cleanup());

describe('award balance, counted by hand', () => {
	it('adds up the 2024 individual awards by category and compares with the target 1', async () => {
		const v = (await awardBalance(env.db, { year: 2024 }))!;
		// Individuals: A 6, B 6, C 3, D 1 = 16.
		// Leaders: A 1, B 3 (director twice: LĐTT and Bằng khen, deputy once) = 4; managers A 1, B 1, C 1 = 3.
		// Direct workers: A 3, B 1, C 1, D 1 = 6; other staff B 1, C 1 = 2; citizens A 1.
		// 4 + 3 + 6 + 2 + 1 = 16.
		expect(v.scope.counts).toMatchObject({
			individuals: 16,
			leader: 4,
			manager: 3,
			directWorker: 6,
			staff: 2,
			citizen: 1
		});
		// Share 6 / 16 = 37,5%; leaders and managers 7 : 6 direct workers → 7 / 6 = 1,1667 ≈ 1,17 per direct
		// worker, 6 / 7 = 0,857 ≈ 0,86 direct workers per leader; target 1 needs ⌈1 × 7⌉ = 7 → 1 short.
		expect(v.target).toBe(1);
		expect(v.scope.balance).toEqual({
			leadersManagers: 7,
			directWorker: 6,
			individuals: 16,
			directShare: 37.5,
			leadersPerDirect: 1.17,
			directPerLeader: 0.86,
			target: 1,
			required: 7,
			meets: false,
			shortfall: 1
		});
	});

	it('lists the unit that misses the target, and its award rows', async () => {
		const v = (await awardBalance(env.db, { year: 2024 }))!;
		// A: 2 leaders/managers, 3 direct workers → meets; B: 4 against 1 → needs 4, 3 short;
		// C: 1 against 1 → meets; D: none against 1 → meets.
		expect(
			v.units.map((u) => [u.unitCode, u.balance.leadersManagers, u.balance.directWorker, u.balance.meets])
		).toEqual([
			['A', 2, 3, true],
			['B', 4, 1, false],
			['C', 1, 1, true],
			['D', 0, 1, true]
		]);
		expect(v.missing.map((u) => [u.unitCode, u.blocCode, u.balance.required, u.balance.shortfall])).toEqual([
			['B', 'K1', 4, 3]
		]);
		const b = await unitAwards(env.db, 'B', 2024, { individuals: true });
		expect(b.rows).toHaveLength(7); // 6 individual rows and the Văn phòng Sở certificate
		expect(b.individualsShown).toBe(true);
		// without the right to see the recipients: the certificate only, the same counts and balance
		const counted = await unitAwards(env.db, 'B', 2024, { individuals: false });
		expect(counted.rows.map((r) => r.recipientKind)).toEqual(['collective']);
		expect(counted.individualsShown).toBe(false);
		expect([counted.counts, counted.balance]).toEqual([b.counts, b.balance]);
		expect(counted.counts.individuals).toBe(6);
		expect(
			b.rows
				.filter((r) => r.recipientCategory === 'leader')
				.map((r) => r.awardCode)
				.sort()
		).toEqual(['BK_TINH', 'CSTDCS', 'LDTT']);
		expect(b.balance).toMatchObject({ leadersManagers: 4, directWorker: 1, meets: false, shortfall: 3 });
		expect(b.blocCode).toBe('K1');
	});

	it('gives the same breakdown for women, ethnic minorities, remote areas and small collectives', async () => {
		const v = (await awardBalance(env.db, { year: 2024 }))!;
		// Women: A 3 (quản lý, nông dân A1, nông dân A3), B 2, C 2 = 7, of 15 individuals with a
		// gender (Giáo viên C has none) → 46,67%. Minorities: nông dân A1, A2 = 2 of 16 = 12,5%.
		// Remote: the 7 rows of Xã A of 18 awards (16 + 2 collectives) = 38,89%.
		// Small collectives: Thôn Một, 1 of 2 collective awards = 50%.
		expect(v.scope.shares.map((s) => [s.group, s.count, s.base, s.pct])).toEqual([
			['direct_worker', 6, 16, 37.5],
			['women', 7, 15, 46.67],
			['minority', 2, 16, 12.5],
			['remote', 7, 18, 38.89],
			['small_collective', 1, 2, 50]
		]);
	});

	it('breaks down by bloc, title or form, and level, and follows the filters', async () => {
		const v = (await awardBalance(env.db, { year: 2024 }))!;
		// K1 = A + B: leaders and managers 2 + 4 = 6, direct workers 3 + 1 = 4 → 2 short.
		expect(
			v.byBloc.map((b) => [b.key, b.balance.leadersManagers, b.balance.directWorker, b.balance.shortfall])
		).toEqual([
			['K1', 6, 4, 2],
			['K2', 1, 1, 0],
			[null, 0, 1, 0]
		]);
		// Forms (hình thức): Giấy khen to nông dân A3 and người dân A, Bằng khen to Giám đốc B.
		const forms = (await awardBalance(env.db, { year: 2024, awardClass: 'form' }))!;
		expect(forms.scope.counts).toMatchObject({
			individuals: 3,
			leader: 1,
			directWorker: 1,
			citizen: 1,
			collectives: 1
		});
		const province = (await awardBalance(env.db, { year: 2024, level: 'province' }))!;
		expect(province.scope.counts).toMatchObject({ individuals: 1, leader: 1 });
		const k1 = (await awardBalance(env.db, { year: 2024, blocCode: 'K1' }))!;
		expect(k1.missing.map((u) => u.unitCode)).toEqual(['B']);
		// The trend keeps the filter for every year: 2023 K1 = A only, 1 leader and 1 direct worker.
		expect(
			k1.trend.map((t) => [t.year, t.balance.leadersManagers, t.balance.directWorker, t.balance.meets])
		).toEqual([
			[2023, 1, 1, true],
			[2024, 6, 4, false]
		]);
	});

	it('follows the council’s target setting', async () => {
		await env.db.run('UPDATE council_setting SET direct_worker_per_leader_target = 0.5');
		try {
			const v = (await awardBalance(env.db, { year: 2024 }))!;
			// Target 0,5: the province needs ⌈0,5 × 7⌉ = 4 ≤ 6 → meets; B needs ⌈0,5 × 4⌉ = 2 > 1 → 1 short.
			expect(v.scope.balance).toMatchObject({ target: 0.5, required: 4, meets: true });
			expect(v.missing.map((u) => [u.unitCode, u.balance.required, u.balance.shortfall])).toEqual([
				['B', 2, 1]
			]);
		} finally {
			await env.db.run('UPDATE council_setting SET direct_worker_per_leader_target = 1');
		}
	});
});
