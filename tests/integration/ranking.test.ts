import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankBloc as rankBlocReference } from '../../src/lib/domain/ranking';
import type { Database } from '../../src/lib/server/db';
import { loadBlocInput, rankAll, rankBloc, rankYear } from '../../src/lib/server/ranking';
import type { RankingRow } from '../../src/lib/domain/types';
import { tempDatabase } from '../helpers/db';

let db: Database;
let cleanup: () => void;

/**
 * Bloc K1 (2024), a 1,000-point pledge: content max 950 + bonus capped at 50.
 *   I.1  content  max 100 × weight 2.5 = 250   (group I, sort 1)
 *   I.2  content  max 200 × weight 1   = 200   (group I, sort 3)
 *   II.1 content  max 250 × weight 2   = 500   (group II, sort 2)
 *   B.1  bonus    max  20 × weight 1.5
 *   B.2  bonus    max  30 × weight 1
 *   D.1  deduction max 8  × weight 1
 * Bloc K2 (2024) has a pledge with every setting NULL (council defaults). K3 is a 2023 bloc
 * without any pledge row. Unit X belongs to K2 but has scores filed under K1: ignored there.
 */
const SETUP = `
INSERT INTO unit (unit_code, unit_name, unit_type) VALUES
	('U1', 'Xã An Bình', 'commune'),
	('U2', 'Xã Đông Hòa', 'commune'),
	('U3', 'Xã Dương Hòa', 'commune'),
	('U4', 'Thị trấn Ea Súp', 'commune'),
	('X', 'Xã Ngoài Khối', 'commune'),
	('V1', 'Phường 2', 'ward'),
	('V2', 'Phường 10', 'ward'),
	('V3', 'Phường 1', 'ward'),
	('W1', 'Trường THPT Lê Lợi', 'school');
INSERT INTO bloc (bloc_code, bloc_name) VALUES ('K1', 'Khối xã'), ('K2', 'Khối phường'), ('K3', 'Khối trường học');
INSERT INTO bloc_membership (year, unit_code, bloc_code, role) VALUES
	(2024, 'U1', 'K1', 'leader'),
	(2024, 'U2', 'K1', 'member'),
	(2024, 'U3', 'K1', 'member'),
	(2024, 'U4', 'K1', 'deputy'),
	(2024, 'X', 'K2', 'member'),
	(2024, 'V1', 'K2', 'leader'),
	(2024, 'V2', 'K2', 'member'),
	(2024, 'V3', 'K2', 'member'),
	(2023, 'W1', 'K3', 'leader');
INSERT INTO pledge (year, bloc_code, title, bonus_cap, flag_count, flag_min_tier, certificate_count, certificate_min_tier)
	VALUES (2024, 'K1', 'Giao ước 2024 khối xã', 50, 1, 'good', 2, 'good');
INSERT INTO pledge (year, bloc_code, title) VALUES (2024, 'K2', 'Giao ước 2024 khối phường');
INSERT INTO criterion (year, bloc_code, criterion_code, group_code, group_name, criterion_name, max_points, weight, kind, sort_order) VALUES
	(2024, 'K1', 'I.1', 'I', 'Công tác chỉ đạo', 'Ban hành kế hoạch', 100, 2.5, 'content', 1),
	(2024, 'K1', 'I.2', 'I', 'Công tác chỉ đạo', 'Tổ chức phong trào', 200, 1, 'content', 3),
	(2024, 'K1', 'II.1', 'II', 'Kết quả nhiệm vụ', 'Chỉ tiêu kinh tế - xã hội', 250, 2, 'content', 2),
	(2024, 'K1', 'B.1', 'III', 'Điểm thưởng', 'Mô hình mới', 20, 1.5, 'bonus', 4),
	(2024, 'K1', 'B.2', 'III', 'Điểm thưởng', 'Vượt chỉ tiêu', 30, 1, 'bonus', 5),
	(2024, 'K1', 'D.1', 'IV', 'Điểm trừ', 'Chậm báo cáo', 8, 1, 'deduction', 6),
	(2024, 'K2', 'C1', 'A', 'Nhiệm vụ', 'Nhiệm vụ chung', 10, 1, 'content', 1),
	(2023, 'K3', 'T1', 'A', 'Dạy và học', 'Tỉ lệ tốt nghiệp', 100, 1, 'content', 1);
INSERT INTO score (year, bloc_code, unit_code, criterion_code, self_score, reviewed_score) VALUES
	(2024, 'K1', 'U1', 'I.1', 100, 96),
	(2024, 'K1', 'U1', 'I.2', 190, 190),
	(2024, 'K1', 'U1', 'II.1', 220, 215),
	(2024, 'K1', 'U1', 'B.1', 20, NULL),
	(2024, 'K1', 'U1', 'B.2', 25, 25),
	(2024, 'K1', 'U1', 'D.1', NULL, 7.5),
	(2024, 'K1', 'U2', 'I.1', 96, 96),
	(2024, 'K1', 'U2', 'I.2', NULL, 190),
	(2024, 'K1', 'U2', 'II.1', 230, 216.2),
	(2024, 'K1', 'U2', 'B.1', 10, 10),
	(2024, 'K1', 'U2', 'B.2', 25, 25),
	(2024, 'K1', 'U3', 'I.1', 100, 100),
	(2024, 'K1', 'U3', 'I.2', 200, 200),
	(2024, 'K1', 'U3', 'II.1', 202.5, 202.5),
	(2024, 'K1', 'U3', 'B.1', 20, 20),
	(2024, 'K1', 'U3', 'B.2', 30, 30),
	(2024, 'K1', 'U3', 'D.1', 2.6, NULL),
	(2024, 'K1', 'U4', 'I.1', 80, 60),
	(2024, 'K1', 'U4', 'II.1', 250, 250),
	(2024, 'K1', 'U4', 'D.1', 8, 8),
	(2024, 'K1', 'X', 'I.1', 100, 100),
	(2024, 'K1', 'X', 'I.2', 200, 200),
	(2024, 'K1', 'X', 'II.1', 250, 250),
	(2024, 'K1', 'X', 'B.1', 20, 20),
	(2024, 'K2', 'X', 'C1', 8.5, 8.5),
	(2024, 'K2', 'V1', 'C1', 9, 9),
	(2024, 'K2', 'V2', 'C1', 9.5, 8.5),
	(2023, 'K3', 'W1', 'T1', 80, NULL);
`;

/** K1 by hand. Group I = I.1 + I.2 (max 250 + 200 = 450), group II = II.1 (max 500). */
const K1: RankingRow[] = [
	{
		// content 2.5×96 + 190 + 2×215 = 240 + 190 + 430 = 860
		// bonus raw 1.5×20 (self only: unreviewed) + 25 = 55 → capped at 50; deduction 7.5
		// total 860 + 50 − 7.5 = 902.5 = 95.00 % of 950 exactly → excellent
		unitCode: 'U1',
		unitName: 'Xã An Bình',
		role: 'leader',
		groups: [
			{ groupCode: 'I', groupName: 'Công tác chỉ đạo', points: 240 + 190, max: 250 + 200 },
			{ groupCode: 'II', groupName: 'Kết quả nhiệm vụ', points: 430, max: 500 }
		],
		content: 860,
		contentMax: 950,
		bonusRaw: 55,
		bonus: 50,
		deduction: 7.5,
		total: 902.5,
		percent: 95,
		rank: 1,
		tied: false,
		tier: 'excellent',
		proposal: 'flag',
		proposalTie: false,
		vote: null,
		unreviewedCount: 1,
		missingCount: 0
	},
	{
		// content 2.5×100 + 200 + 2×202.5 = 250 + 200 + 405 = 855
		// bonus raw 1.5×20 + 30 = 60 → 50; deduction 2.6 (self only: unreviewed)
		// total 855 + 50 − 2.6 = 902.4 → 902.4 / 950 = 94.989…% → 94.99, good; tied with U2
		// "Dương" before "Đông": D comes before Đ in Vietnamese
		unitCode: 'U3',
		unitName: 'Xã Dương Hòa',
		role: 'member',
		groups: [
			{ groupCode: 'I', groupName: 'Công tác chỉ đạo', points: 450, max: 450 },
			{ groupCode: 'II', groupName: 'Kết quả nhiệm vụ', points: 405, max: 500 }
		],
		content: 855,
		contentMax: 950,
		bonusRaw: 60,
		bonus: 50,
		deduction: 2.6,
		total: 902.4,
		percent: 94.99,
		rank: 2,
		tied: true,
		tier: 'good',
		proposal: 'certificate',
		proposalTie: false,
		vote: null,
		unreviewedCount: 1,
		missingCount: 0
	},
	{
		// content 2.5×96 + 190 + 2×216.2 = 240 + 190 + 432.4 = 862.4
		// bonus 1.5×10 + 25 = 40 (under the cap); no deduction row (0, and not counted as missing)
		// total 862.4 + 40 = 902.4 → 94.99 %, good, rank 2 shared with U3
		unitCode: 'U2',
		unitName: 'Xã Đông Hòa',
		role: 'member',
		groups: [
			{ groupCode: 'I', groupName: 'Công tác chỉ đạo', points: 430, max: 450 },
			{ groupCode: 'II', groupName: 'Kết quả nhiệm vụ', points: 432.4, max: 500 }
		],
		content: 862.4,
		contentMax: 950,
		bonusRaw: 40,
		bonus: 40,
		deduction: 0,
		total: 902.4,
		percent: 94.99,
		rank: 2,
		tied: true,
		tier: 'good',
		proposal: 'certificate',
		proposalTie: false,
		vote: null,
		unreviewedCount: 0,
		missingCount: 0
	},
	{
		// content 2.5×60 (reviewed wins over self 80) + 0 (I.2 missing) + 2×250 = 150 + 500 = 650
		// no bonus rows (0 points, not missing: only content counts); deduction 8; total 642 → 67.578…% → 67.58, average
		unitCode: 'U4',
		unitName: 'Thị trấn Ea Súp',
		role: 'deputy',
		groups: [
			{ groupCode: 'I', groupName: 'Công tác chỉ đạo', points: 150, max: 450 },
			{ groupCode: 'II', groupName: 'Kết quả nhiệm vụ', points: 500, max: 500 }
		],
		content: 650,
		contentMax: 950,
		bonusRaw: 0,
		bonus: 0,
		deduction: 8,
		total: 642,
		percent: 67.58,
		rank: 4,
		tied: false,
		tier: 'average',
		proposal: null,
		proposalTie: false,
		vote: null,
		unreviewedCount: 0,
		missingCount: 1
	}
];

/** A K2 row with one content criterion C1 (max 10, weight 1) and council defaults. */
function k2Row(
	unitCode: string,
	unitName: string,
	points: number,
	rest: Pick<RankingRow, 'role' | 'rank' | 'tied' | 'tier' | 'proposal' | 'proposalTie' | 'missingCount'>
): RankingRow {
	return {
		unitCode,
		unitName,
		groups: [{ groupCode: 'A', groupName: 'Nhiệm vụ', points, max: 10 }],
		content: points,
		contentMax: 10,
		bonusRaw: 0,
		bonus: 0,
		deduction: 0,
		total: points,
		percent: points * 10,
		unreviewedCount: 0,
		vote: null,
		...rest
	};
}

beforeAll(async () => {
	({ db, cleanup } = await tempDatabase());
	await db.run(SETUP);
});
afterAll(() => cleanup?.());

describe('rankBloc (SQL)', () => {
	it('ranks the 1,000-point bloc as computed by hand', async () => {
		expect(await rankBloc(db, 2024, 'K1')).toEqual(K1);
	});

	it('ignores the scores of a unit that is not a member of the bloc', async () => {
		const rows = await rankBloc(db, 2024, 'K1');
		expect(rows.map((r) => r.unitCode)).not.toContain('X');
		// X's K1 scores would top the bloc (1,000 points); U1 still leads with 902.5
		expect(rows[0]).toMatchObject({ unitCode: 'U1', total: 902.5, rank: 1 });
	});

	it('agrees with the TypeScript reference fed by loadBlocInput', async () => {
		const input = await loadBlocInput(db, 2024, 'K1');
		expect(input.members).toHaveLength(4);
		expect(input.scores.some((s) => s.unitCode === 'X')).toBe(false);
		expect(input.settings).toEqual({
			bonusCap: 50,
			thresholds: { excellent: 95, good: 85, fair: 70, average: 50 },
			flagCount: 1,
			flagMinTier: 'good',
			certificateCount: 2,
			certificateMinTier: 'good'
		});
		expect(rankBlocReference(input)).toEqual(K1);
	});

	it('returns nothing for a bloc without members that year', async () => {
		expect(await rankBloc(db, 2023, 'K1')).toEqual([]);
	});
});

describe('rankYear and rankAll', () => {
	it('returns every bloc of the year, each with year and bloc code', async () => {
		const rows = await rankYear(db, 2024);
		expect([...new Set(rows.map((r) => r.blocCode))]).toEqual(['K1', 'K2']);
		expect(rows.every((r) => r.year === 2024)).toBe(true);
		expect(rows.filter((r) => r.blocCode === 'K1').map(({ year: _y, blocCode: _b, ...r }) => r)).toEqual(K1);
		expect(rows.filter((r) => r.blocCode === 'K2')).toHaveLength(4);
	});

	it('rankAll covers every year, and a bloc without a pledge uses the council defaults', async () => {
		const rows = await rankAll(db);
		expect(rows.map((r) => `${r.year}/${r.blocCode}/${r.unitCode}`)).toEqual([
			'2023/K3/W1',
			...(await rankYear(db, 2024)).map((r) => `${r.year}/${r.blocCode}/${r.unitCode}`)
		]);
		// W1: 80 unreviewed of 100 → 80 % → fair (70 ≤ 80 < 85): below the council's "good" for a flag
		expect(rows[0]).toMatchObject({ total: 80, percent: 80, tier: 'fair', rank: 1, proposal: null });
		expect(rows[0]?.unreviewedCount).toBe(1);
		// the same rows as the ranking of each year, without the content groups
		const year = (await rankYear(db, 2024)).map(({ groups: _g, ...r }) => r);
		expect(rows.filter((r) => r.year === 2024)).toEqual(year);
		expect(rows.some((r) => 'groups' in r)).toBe(false);
	});
});

describe('NULL pledge settings fall back to council_setting', () => {
	it('follows the council when its thresholds and proposal counts change', async () => {
		// council defaults 95/85/70/50, flag 1 (≥ good), certificate 2 (≥ good)
		// V1 9 → 90 % good, rank 1 → flag; V2 8.5 (reviewed, not the self 9.5) and X 8.5 → 85 % good,
		// tied at rank 2 → both certificates (2 places, no vote); V3 no score → 0 %, weak
		const before = await rankBloc(db, 2024, 'K2');
		expect(before).toEqual([
			k2Row('V1', 'Phường 2', 9, {
				role: 'leader',
				rank: 1,
				tied: false,
				tier: 'good',
				proposal: 'flag',
				proposalTie: false,
				missingCount: 0
			}),
			k2Row('V2', 'Phường 10', 8.5, {
				role: 'member',
				rank: 2,
				tied: true,
				tier: 'good',
				proposal: 'certificate',
				proposalTie: false,
				missingCount: 0
			}),
			k2Row('X', 'Xã Ngoài Khối', 8.5, {
				role: 'member',
				rank: 2,
				tied: true,
				tier: 'good',
				proposal: 'certificate',
				proposalTie: false,
				missingCount: 0
			}),
			k2Row('V3', 'Phường 1', 0, {
				role: 'member',
				rank: 4,
				tied: false,
				tier: 'weak',
				proposal: null,
				proposalTie: false,
				missingCount: 1
			})
		]);

		await db.run('UPDATE council_setting SET tier_excellent_pct = 90, flag_count = 2, certificate_count = 1');
		try {
			const after = await rankBloc(db, 2024, 'K2');
			// V1 90 % ≥ 90 → excellent; flag_count 2: ranks 1, 2, 2 all within 2 and ≥ good → 3 flags for
			// 2 places: V1 alone at rank 1 is flagged outright, the bloc votes between V2 and X for the
			// one place left; the one not chosen takes the single certificate place (good ≥ good), so
			// no other unit gets a certificate (V3 is weak anyway)
			expect(after.map((r) => [r.unitCode, r.tier, r.proposal, r.proposalTie])).toEqual([
				['V1', 'excellent', 'flag', false],
				['V2', 'good', 'flag', true],
				['X', 'good', 'flag', true],
				['V3', 'weak', null, false]
			]);
			// K1 sets its own flag/certificate counts but not thresholds: 94.99 % ≥ 90 → now excellent
			const k1 = await rankBloc(db, 2024, 'K1');
			expect(k1.map((r) => [r.unitCode, r.tier, r.proposal, r.proposalTie])).toEqual([
				['U1', 'excellent', 'flag', false],
				['U3', 'excellent', 'certificate', false],
				['U2', 'excellent', 'certificate', false],
				['U4', 'average', null, false]
			]);
			expect(rankBlocReference(await loadBlocInput(db, 2024, 'K2'))).toEqual(after);
		} finally {
			await db.run(
				'UPDATE council_setting SET tier_excellent_pct = 95, flag_count = 1, certificate_count = 2'
			);
		}
	});

	it('refuses a write that gives a pledge an unknown tier name (the SQL rule ranks in the write), and loadBlocInput rejects one', async () => {
		const before = await rankBloc(db, 2024, 'K2');
		await expect(
			db.run(`UPDATE pledge SET flag_min_tier = 'gold' WHERE year = 2024 AND bloc_code = 'K2'`)
		).rejects.toThrow(/gold/);
		const tier = await db.all(`SELECT flag_min_tier FROM pledge WHERE year = 2024 AND bloc_code = 'K2'`);
		expect(tier).toEqual([{ flag_min_tier: null }]);
		expect(await rankBloc(db, 2024, 'K2')).toEqual(before);
		// Written around the transaction (as no write of the app can), the TypeScript reference refuses it too.
		const raw = (sql: string) => db.withConnection((c) => c.run(sql));
		await raw(`UPDATE pledge SET flag_min_tier = 'gold' WHERE year = 2024 AND bloc_code = 'K2'`);
		try {
			await expect(loadBlocInput(db, 2024, 'K2')).rejects.toThrow(/gold/);
		} finally {
			await raw(`UPDATE pledge SET flag_min_tier = NULL WHERE year = 2024 AND bloc_code = 'K2'`);
		}
	});
});
