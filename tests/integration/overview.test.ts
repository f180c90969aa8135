import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db';
import {
	councilName,
	defaultYear,
	parseYear,
	pledgeYears,
	yearOverview
} from '../../src/lib/server/overview';
import { blocHeader } from '../../src/lib/server/overview/bloc';
import { tempDatabase } from '../helpers/db';

/*
 * Two blocs in 2025, one pledge (K01 only) in 2024.
 * Criteria of every pledge: C1 content max 60 (weight 1), C2 content max 20 (weight 2), B1 bonus max 10.
 * Content maximum = 60 + 2 × 20 = 100.
 *
 * K01 (2025): A1 leader  C1 50, C2 15 → 50 + 30 = 80
 *             A2 member  C1 55, C2 20 → 55 + 40 = 95, B1 3 → total 98  ← leading
 *             A3 member  C1 40 (self-score only, unreviewed), C2 10 → 40 + 20 = 60
 *   average percent = (80 + 98 + 60) / 3 = 79.33
 * K02 (2025): B1u deputy C1 50, C2 15 → 80
 *             B2u member C1 60, C2 10 → 80   (tie with B1u for rank 1)
 *             B3u leader C1 30, C2 5  → 40
 *   average percent = (80 + 80 + 40) / 3 = 66.67
 */
let db: Database;
let cleanup: () => void;

async function insert(sql: string, rows: unknown[][]) {
	for (const r of rows) await db.run(sql, r as never);
}

beforeAll(async () => {
	({ db, cleanup } = await tempDatabase());
	await db.run(`UPDATE council_setting SET council_name = 'Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm'`);
	await insert('INSERT INTO bloc (bloc_code, bloc_name) VALUES ($1, $2)', [
		['K01', 'Khối các xã'],
		['K02', 'Khối đoàn thể']
	]);
	await insert('INSERT INTO unit (unit_code, unit_name, unit_type) VALUES ($1, $2, $3)', [
		['A1', 'Xã An Bình', 'commune'],
		['A2', 'Xã Đông Hòa', 'commune'],
		['A3', 'Xã Cẩm Sơn', 'commune'],
		['B1u', 'Hội Nông dân', 'mass_org'],
		['B2u', 'Hội Cựu chiến binh', 'mass_org'],
		['B3u', 'Tỉnh đoàn', 'mass_org']
	]);
	await insert('INSERT INTO bloc_membership (year, unit_code, bloc_code, role) VALUES ($1, $2, $3, $4)', [
		[2025, 'A1', 'K01', 'leader'],
		[2025, 'A2', 'K01', 'member'],
		[2025, 'A3', 'K01', 'member'],
		[2025, 'B1u', 'K02', 'deputy'],
		[2025, 'B2u', 'K02', 'member'],
		[2025, 'B3u', 'K02', 'leader'],
		[2024, 'A1', 'K01', 'member'],
		[2024, 'A2', 'K01', 'leader']
	]);
	await insert(
		'INSERT INTO pledge (year, bloc_code, title, signed_date, bonus_cap, tier_excellent_pct) VALUES ($1, $2, $3, $4, $5, $6)',
		[
			[2025, 'K01', 'Giao ước thi đua năm 2025 – Khối các xã', '2025-01-10', 5, 90],
			[2025, 'K02', 'Giao ước thi đua năm 2025 – Khối đoàn thể', null, null, null],
			[2024, 'K01', 'Giao ước thi đua năm 2024 – Khối các xã', '2024-01-12', 5, null]
		]
	);
	for (const [year, bloc] of [
		[2025, 'K01'],
		[2025, 'K02'],
		[2024, 'K01']
	] as const) {
		await insert(
			`INSERT INTO criterion (year, bloc_code, criterion_code, group_code, group_name, criterion_name,
				max_points, weight, kind, sort_order) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			[
				[year, bloc, 'C1', 'I', 'Nhiệm vụ chính trị', 'Hoàn thành chỉ tiêu', 60, 1, 'content', 1],
				[year, bloc, 'C2', 'II', 'Xây dựng tổ chức', 'Cải cách hành chính', 20, 2, 'content', 2],
				[year, bloc, 'B1', 'III', 'Điểm thưởng', 'Sáng kiến', 10, 1, 'bonus', 3]
			]
		);
	}
	const score = (
		year: number,
		bloc: string,
		unit: string,
		crit: string,
		self: number,
		reviewed: number | null
	) => [year, bloc, unit, crit, self, reviewed];
	await insert(
		`INSERT INTO score (year, bloc_code, unit_code, criterion_code, self_score, reviewed_score)
			VALUES ($1, $2, $3, $4, $5, $6)`,
		[
			score(2025, 'K01', 'A1', 'C1', 50, 50),
			score(2025, 'K01', 'A1', 'C2', 15, 15),
			score(2025, 'K01', 'A2', 'C1', 55, 55),
			score(2025, 'K01', 'A2', 'C2', 20, 20),
			score(2025, 'K01', 'A2', 'B1', 3, 3),
			score(2025, 'K01', 'A3', 'C1', 40, null),
			score(2025, 'K01', 'A3', 'C2', 10, 10),
			score(2025, 'K02', 'B1u', 'C1', 50, 50),
			score(2025, 'K02', 'B1u', 'C2', 15, 15),
			score(2025, 'K02', 'B2u', 'C1', 60, 60),
			score(2025, 'K02', 'B2u', 'C2', 10, 10),
			score(2025, 'K02', 'B3u', 'C1', 30, 30),
			score(2025, 'K02', 'B3u', 'C2', 5, 5)
		]
	);
});

afterAll(() => cleanup?.());

describe('yearOverview', () => {
	it('lists every bloc with a pledge that year, in code order', async () => {
		const ov = await yearOverview(db, 2025);
		expect(ov?.blocs.map((b) => [b.blocCode, b.blocName])).toEqual([
			['K01', 'Khối các xã'],
			['K02', 'Khối đoàn thể']
		]);
	});

	it('names the leading unit with its total (A2: 55 + 2 × 20 + 3 = 98)', async () => {
		const k01 = (await yearOverview(db, 2025))?.blocs.find((b) => b.blocCode === 'K01');
		expect(k01?.leading).toEqual([{ unitCode: 'A2', unitName: 'Xã Đông Hòa', total: 98, percent: 98 }]);
	});

	it('shows every unit that shares rank 1 (B1u and B2u both 80)', async () => {
		const k02 = (await yearOverview(db, 2025))?.blocs.find((b) => b.blocCode === 'K02');
		expect(k02?.leading.map((u) => u.unitCode).sort()).toEqual(['B1u', 'B2u']);
		expect(k02?.leading.every((u) => u.total === 80)).toBe(true);
	});

	it('counts members, units with unreviewed self-scores, and the average percent', async () => {
		const ov = await yearOverview(db, 2025);
		const [k01, k02] = ov?.blocs ?? [];
		expect(k01?.memberCount).toBe(3);
		expect(k01?.unreviewedUnits).toBe(1); // A3: C1 has only a self-score
		expect(k01?.averagePercent).toBeCloseTo((80 + 98 + 60) / 3, 2);
		expect(k02?.memberCount).toBe(3);
		expect(k02?.unreviewedUnits).toBe(0);
		expect(k02?.averagePercent).toBeCloseTo((80 + 80 + 40) / 3, 2);
		expect(ov?.totals).toEqual({ blocs: 2, units: 6, unreviewedUnits: 1 });
	});

	it('names the Trưởng khối unit of the year, which is not necessarily the leading unit', async () => {
		const ov = await yearOverview(db, 2025);
		expect(ov?.blocs.map((b) => b.leaders.map((u) => u.unitName))).toEqual([['Xã An Bình'], ['Tỉnh đoàn']]);
		const y2024 = await yearOverview(db, 2024);
		expect(y2024?.blocs[0]?.leaders.map((u) => u.unitCode)).toEqual(['A2']);
	});

	it('a bloc with a pledge but no scores yet names no leading unit and no average', async () => {
		const y2024 = await yearOverview(db, 2024);
		const k01 = y2024?.blocs[0];
		expect(k01?.memberCount).toBe(2);
		expect(k01?.leading).toEqual([]);
		expect(k01?.averagePercent).toBeNull();
	});

	it('returns null for a year without pledges', async () => {
		expect(await yearOverview(db, 1999)).toBeNull();
	});
});

describe('years and settings', () => {
	it('lists pledge years latest first; the default is the latest year with scores', async () => {
		expect(await pledgeYears(db)).toEqual([2025, 2024]);
		expect(await defaultYear(db)).toBe(2025);
	});

	it('reads the council name', async () => {
		expect(await councilName(db)).toBe('Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm');
	});

	it('parses only four-digit years', () => {
		expect(parseYear('2025')).toBe(2025);
		expect(parseYear('25')).toBeNull();
		expect(parseYear('2025abc')).toBeNull();
		expect(parseYear(null)).toBeNull();
	});
});

describe('blocHeader', () => {
	it('gives the pledge with council defaults for unset thresholds', async () => {
		const h = await blocHeader(db, 2025, 'K01');
		expect(h?.blocName).toBe('Khối các xã');
		expect(h?.pledge).toMatchObject({
			title: 'Giao ước thi đua năm 2025 – Khối các xã',
			signedDate: '2025-01-10',
			contentMax: 100, // 60 × 1 + 20 × 2
			bonusCap: 5,
			// excellent from the pledge, the others from council_setting defaults
			thresholds: { excellent: 90, good: 85, fair: 70, average: 50 }
		});
		expect(h?.years).toEqual([2024, 2025]);
	});

	it('groups the criteria in pledge order with each group’s weighted maximum', async () => {
		const h = await blocHeader(db, 2025, 'K02');
		expect(h?.pledge.bonusCap).toBeNull();
		expect(h?.pledge.signedDate).toBeNull();
		expect(h?.groups.map((g) => [g.groupCode, g.contentMax, g.criteria.map((c) => c.code)])).toEqual([
			['I', 60, ['C1']],
			['II', 40, ['C2']],
			['III', 0, ['B1']]
		]);
		expect(h?.criteriaCount).toBe(3);
	});

	it('is null for an unknown bloc or a year without its pledge', async () => {
		expect(await blocHeader(db, 2025, 'NOPE')).toBeNull();
		expect(await blocHeader(db, 2024, 'K02')).toBeNull();
	});
});
