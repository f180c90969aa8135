/**
 * A national-scale database generated inside DuckDB (no CSV round trip): provinces × blocs ×
 * units × criteria × years, default 34 × 30 × 20 × 40 × 10 ≈ 8.2 million score rows, into the
 * product's own schema (migrations applied), so the product's queries run on it unchanged.
 * Deterministic: values come from hash() of the keys.
 */
import type { Database } from '../src/lib/server/db';

export interface Scale {
	provinces: number;
	blocs: number;
	units: number;
	criteria: number;
	years: number;
	firstYear: number;
}

export const NATIONAL: Scale = {
	provinces: 34,
	blocs: 30,
	units: 20,
	criteria: 40,
	years: 10,
	firstYear: 2016
};
/** One province: what a provincial council's server holds. */
export const PROVINCE: Scale = {
	provinces: 1,
	blocs: 30,
	units: 20,
	criteria: 40,
	years: 10,
	firstYear: 2016
};

export const scoreRows = (s: Scale) => s.provinces * s.blocs * s.units * s.criteria * s.years;

/** Fills an empty, migrated database. Criteria: 4 content groups, the last 3 bonus, 1 deduction. */
export async function generate(db: Database, s: Scale): Promise<void> {
	const p = [s.provinces, s.blocs, s.units, s.criteria, s.years, s.firstYear];
	await db.transaction(async (c) => {
		await c.run(
			`INSERT INTO bloc (bloc_code, bloc_name)
			 SELECT printf('T%02dK%02d', pr, b), printf('Khối %d tỉnh %d', b, pr)
			 FROM range(1, $1 + 1) t1(pr), range(1, $2 + 1) t2(b)`,
			p.slice(0, 2)
		);
		await c.run(
			`INSERT INTO unit (unit_code, unit_name, unit_type, remote_area)
			 SELECT printf('T%02dK%02dU%02d', pr, b, u), printf('Đơn vị %d khối %d tỉnh %d', u, b, pr), 'department',
			        hash(pr, b, u) % 7 = 0
			 FROM range(1, $1 + 1) t1(pr), range(1, $2 + 1) t2(b), range(1, $3 + 1) t3(u)`,
			p.slice(0, 3)
		);
		await c.run(
			`INSERT INTO bloc_membership (year, unit_code, bloc_code, role)
			 SELECT $4 + y, printf('T%02dK%02dU%02d', pr, b, u), printf('T%02dK%02d', pr, b),
			        CASE WHEN u = 1 + (y % $3) THEN 'leader' WHEN u = 1 + ((y + 1) % $3) THEN 'deputy' ELSE 'member' END
			 FROM range(1, $1 + 1) t1(pr), range(1, $2 + 1) t2(b), range(1, $3 + 1) t3(u), range(0, $5) t4(y)`,
			[s.provinces, s.blocs, s.units, s.firstYear, s.years]
		);
		await c.run(
			`INSERT INTO pledge (year, bloc_code, title, bonus_cap, stage)
			 SELECT $3 + y, printf('T%02dK%02d', pr, b), printf('Giao ước năm %d', $3 + y), 50, 'finalised'
			 FROM range(1, $1 + 1) t1(pr), range(1, $2 + 1) t2(b), range(0, $4) t4(y)`,
			[s.provinces, s.blocs, s.firstYear, s.years]
		);
		// Content criteria share 950 points; bonus 3 × 20 (cap 50); deduction 8.
		await c.run(
			`INSERT INTO criterion (year, bloc_code, criterion_code, group_code, group_name, criterion_name, max_points, weight, kind, sort_order)
			 SELECT $3 + y, printf('T%02dK%02d', pr, b), printf('C%02d', k),
			        CASE WHEN k > $4 - 4 THEN 'X' ELSE printf('G%d', 1 + (k - 1) % 4) END,
			        CASE WHEN k > $4 - 4 THEN 'Thưởng, trừ' ELSE printf('Nhóm %d', 1 + (k - 1) % 4) END,
			        printf('Tiêu chí %d', k),
			        CASE WHEN k > $4 - 1 THEN 8 WHEN k > $4 - 4 THEN 20 ELSE round(950.0 / ($4 - 4), 2) END,
			        1,
			        CASE WHEN k > $4 - 1 THEN 'deduction' WHEN k > $4 - 4 THEN 'bonus' ELSE 'content' END,
			        k
			 FROM range(1, $1 + 1) t1(pr), range(1, $2 + 1) t2(b), range(0, $5) t4(y), range(1, $4 + 1) t5(k)`,
			[s.provinces, s.blocs, s.firstYear, s.criteria, s.years]
		);
		await c.run(
			`INSERT INTO score (year, bloc_code, unit_code, criterion_code, self_score, reviewed_score)
			 SELECT m.year, m.bloc_code, m.unit_code, cr.criterion_code,
			        round(cr.max_points * (0.7 + (hash(m.unit_code, cr.criterion_code, m.year) % 300) / 1000.0), 2),
			        CASE WHEN hash(m.unit_code, m.year, cr.criterion_code, 'r') % 20 = 0 THEN NULL
			             ELSE round(cr.max_points * (0.65 + (hash(m.unit_code, cr.criterion_code, m.year, 'v') % 350) / 1000.0), 2)
			        END
			 FROM bloc_membership m
			 JOIN criterion cr ON cr.year = m.year AND cr.bloc_code = m.bloc_code`
		);
	});
}
