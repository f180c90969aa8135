import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grant, Principal } from '../../src/lib/domain/policy';
import type { Database } from '../../src/lib/server/db';
import { finalisedYearOfBloc, loadHome } from '../../src/lib/server/home';
import { tempDatabase } from '../helpers/db';

/*
 * 2025: K01 self-scoring, K02 in review; 2024: both finalised. Criteria C1, C2 content, B1 bonus.
 * K01 2025: A1 (leader) self-scored both content criteria, nothing reviewed → awaiting review;
 *           A2 self-scored C1 only → not self-scored (1/2); A3 nothing → not self-scored (0/2).
 * K02 2025: B1u self-scored and reviewed both → done; B2u both self-scored, C1 reviewed → awaiting.
 */
let db: Database;
let cleanup: () => void;

const who = (...grants: Grant[]): Principal => ({ userId: 99, username: 'u', displayName: 'U', grants });

async function insert(sql: string, rows: unknown[][]) {
	for (const r of rows) await db.run(sql, r as never);
}

beforeAll(async () => {
	({ db, cleanup } = await tempDatabase());
	await insert('INSERT INTO bloc (bloc_code, bloc_name) VALUES ($1, $2)', [
		['K01', 'Khối các xã'],
		['K02', 'Khối đoàn thể']
	]);
	await insert('INSERT INTO unit (unit_code, unit_name, unit_type) VALUES ($1, $2, $3)', [
		['A1', 'Xã An Bình', 'commune'],
		['A2', 'Xã Bình Minh', 'commune'],
		['A3', 'Xã Cẩm Sơn', 'commune'],
		['B1u', 'Hội Nông dân', 'mass_org'],
		['B2u', 'Tỉnh đoàn', 'mass_org'],
		['Z9', 'Đơn vị đã giải thể', 'other']
	]);
	await insert('INSERT INTO bloc_membership (year, unit_code, bloc_code, role) VALUES ($1, $2, $3, $4)', [
		[2025, 'A1', 'K01', 'leader'],
		[2025, 'A2', 'K01', 'member'],
		[2025, 'A3', 'K01', 'member'],
		[2025, 'B1u', 'K02', 'leader'],
		[2025, 'B2u', 'K02', 'member'],
		[2024, 'A1', 'K01', 'leader'],
		[2024, 'B1u', 'K02', 'leader'],
		[2024, 'Z9', 'K02', 'member']
	]);
	await insert('INSERT INTO pledge (year, bloc_code, title, stage) VALUES ($1, $2, $3, $4)', [
		[2025, 'K01', 'Giao ước 2025 K01', 'self_scoring'],
		[2025, 'K02', 'Giao ước 2025 K02', 'review'],
		[2024, 'K01', 'Giao ước 2024 K01', 'finalised'],
		[2024, 'K02', 'Giao ước 2024 K02', 'finalised']
	]);
	for (const [year, bloc] of [
		[2025, 'K01'],
		[2025, 'K02'],
		[2024, 'K01'],
		[2024, 'K02']
	] as const) {
		await insert(
			`INSERT INTO criterion (year, bloc_code, criterion_code, group_code, group_name, criterion_name,
				max_points, weight, kind, sort_order) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			[
				[year, bloc, 'C1', 'I', 'Nhiệm vụ', 'Chỉ tiêu', 60, 1, 'content', 1],
				[year, bloc, 'C2', 'II', 'Tổ chức', 'Cải cách', 20, 1, 'content', 2],
				[year, bloc, 'B1', 'III', 'Thưởng', 'Sáng kiến', 10, 1, 'bonus', 3]
			]
		);
	}
	await insert(
		`INSERT INTO score (year, bloc_code, unit_code, criterion_code, self_score, reviewed_score)
		 VALUES ($1, $2, $3, $4, $5, $6)`,
		[
			[2025, 'K01', 'A1', 'C1', 50, null],
			[2025, 'K01', 'A1', 'C2', 15, null],
			[2025, 'K01', 'A2', 'C1', 40, null],
			[2025, 'K02', 'B1u', 'C1', 50, 50],
			[2025, 'K02', 'B1u', 'C2', 15, 15],
			[2025, 'K02', 'B2u', 'C1', 55, 54],
			[2025, 'K02', 'B2u', 'C2', 18, null]
		]
	);
	await db.run(
		`INSERT INTO app_user (username, display_name, password_hash) VALUES ('truongkhoi', 'Xã An Bình (Trưởng khối)', 'x')`
	);
	await db.run(
		`INSERT INTO audit_log (changed_at, user_id, username, action, year, bloc_code, unit_code, criterion_code, old_value, new_value)
		 SELECT TIMESTAMP '2025-03-04 09:00:00', user_id, username, 'score.self', 2025, 'K01', 'A1', 'C1', '45', '50'
		 FROM app_user WHERE username = 'truongkhoi'`
	);
	await db.run(
		`INSERT INTO audit_log (changed_at, user_id, username, action, year, bloc_code, old_value, new_value)
		 VALUES (TIMESTAMP '2025-03-05 10:00:00', NULL, 'admin', 'stage', 2025, 'K02', 'self_scoring', 'review')`
	);
	await db.run(
		`INSERT INTO import_batch (id, imported_at, user_id, username, source, file_name, table_name, sha256, bytes, rows, added, replaced, unchanged)
		 VALUES (1, TIMESTAMP '2025-03-01 08:00:00', NULL, 'import:cli', 'cli', 'scores.csv', 'scores', 'abc', 10, 7, 7, 0, 0)`
	);
});

afterAll(() => cleanup?.());

describe('loadHome', () => {
	it('a unit officer: its sheet in the open year, progress of content criteria, no invented deadline', async () => {
		const home = await loadHome(db, who({ role: 'unit_officer', unitCode: 'A2' }));
		expect(home.sections).toEqual(['sheets']);
		expect(home.openYear).toBe(2025);
		expect(home.sheets).toHaveLength(1);
		expect(home.sheets[0]).toMatchObject({
			blocCode: 'K01',
			blocName: 'Khối các xã',
			year: 2025,
			stage: 'self_scoring',
			unitCode: 'A2',
			unitName: 'Xã Bình Minh',
			self: { filled: 1, total: 2 },
			deadline: null,
			writable: true
		});
		expect(home.ledBlocs).toEqual([]);
		expect(home.changes).toEqual([]);
	});

	it('an officer of a unit without a bloc in the open year: no sheet, the unit named', async () => {
		const home = await loadHome(db, who({ role: 'unit_officer', unitCode: 'Z9' }));
		expect(home.sheets).toEqual([]);
		expect(home.unitsWithoutSheet).toEqual(['Z9']);
	});

	it('a bloc leader: units awaiting review, units not self-scored, the next stage; then the own sheet', async () => {
		const home = await loadHome(
			db,
			who({ role: 'bloc_leader', blocCode: 'K01', year: 2025 }, { role: 'unit_officer', unitCode: 'A1' })
		);
		expect(home.sections).toEqual(['review', 'sheets']);
		const [bloc] = home.ledBlocs;
		expect(bloc).toMatchObject({ blocCode: 'K01', year: 2025, stage: 'self_scoring', role: 'bloc_leader' });
		expect(bloc!.awaitingReview.map((u) => [u.unitCode, u.unreviewed])).toEqual([['A1', 2]]);
		expect(bloc!.notSelfScored.map((u) => [u.unitCode, u.self.filled, u.self.total])).toEqual([
			['A2', 1, 2],
			['A3', 0, 2]
		]);
		expect(bloc!.done).toBe(0);
		// Forward only; moving back is on the bloc page.
		expect(bloc!.moves).toEqual(['review']);
		expect(home.sheets.map((s) => s.unitCode)).toEqual(['A1']);
	});

	it('a bloc in review: a unit with a criterion the bloc has not scored waits; a fully scored one is done', async () => {
		const home = await loadHome(db, who({ role: 'bloc_deputy', blocCode: 'K02', year: 2025 }));
		const [bloc] = home.ledBlocs;
		expect(bloc!.awaitingReview.map((u) => u.unitCode)).toEqual(['B2u']);
		expect(bloc!.notSelfScored).toEqual([]);
		expect(bloc!.done).toBe(1);
		expect(bloc!.moves).toEqual(['finalised']);
	});

	it('leadership: the latest finalised year, and how much of the open year is published', async () => {
		const home = await loadHome(db, who({ role: 'viewer' }));
		expect(home.sections).toEqual(['finalised']);
		expect(home.finalisedYear).toBe(2024);
		expect(home.openYearBlocs).toEqual({ total: 2, finalised: 0 });
		expect(await finalisedYearOfBloc(db, 'K02')).toBe(2024);
		expect(await finalisedYearOfBloc(db, 'K99')).toBeNull();
	});

	it('an analyst: the open year’s blocs by stage and the latest changes, newest first, files included', async () => {
		const home = await loadHome(db, who({ role: 'analyst' }));
		expect(home.sections).toEqual(['stages', 'changes']);
		expect(home.stages).toEqual([
			{ stage: 'self_scoring', blocs: [{ blocCode: 'K01', blocName: 'Khối các xã' }] },
			{ stage: 'review', blocs: [{ blocCode: 'K02', blocName: 'Khối đoàn thể' }] }
		]);
		expect(home.changes.map((c) => c.action)).toEqual(['stage', 'score.self', 'import.batch']);
		expect(home.changes[1]).toMatchObject({
			displayName: 'Xã An Bình (Trưởng khối)',
			blocName: 'Khối các xã',
			unitName: 'Xã An Bình',
			oldValue: '45',
			newValue: '50'
		});
		expect(home.changes[2]).toMatchObject({
			username: 'import:cli',
			fileName: 'scores.csv',
			rows: 7,
			year: null
		});
	});
});
