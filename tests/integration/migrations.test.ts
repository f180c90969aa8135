/**
 * Migrations that rebuild a table keep every row: 004 moves the audit trail to a table without a
 * primary-key index, and the trail is the one thing that must never lose or change a row. 007
 * records imports per file and row: what earlier imports wrote stays as it was, and the history
 * reads it as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { bundledMigrations, migrate } from '../../src/lib/server/db/migrate';
import { TRAIL_ORDER, unitTrail } from '../../src/lib/server/audit/trail';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS();

beforeAll(async () => {
	instance = await DuckDBInstance.create(':memory:');
	conn = await instance.connect();
});
afterAll(() => {
	conn?.closeSync();
	instance?.closeSync();
});

describe('migration 004 (audit trail without its index)', () => {
	it('keeps every audit row, id and value, and the sequence goes on after them', async () => {
		const all = bundledMigrations();
		expect(
			await migrate(
				conn,
				all.filter((m) => m.version <= 3)
			)
		).toEqual([1, 2, 3]);
		await conn.run(
			`INSERT INTO audit_log (username, action, year, bloc_code, unit_code, criterion_code, old_value, new_value, reason)
			 SELECT 'u' || i, 'score.review', 2024, 'K01', 'XA0' || (i % 3), 'TC0' || (i % 5), NULL, (i / 4)::VARCHAR, 'lý do ' || i
			 FROM range(1, 501) t(i)`
		);
		const before = await rows('SELECT * FROM audit_log ORDER BY id');
		expect(before).toHaveLength(500);
		expect(await migrate(conn, all)).toContain(4);
		expect(await rows('SELECT * FROM audit_log ORDER BY id')).toEqual(before);
		const indexes = await rows(
			`SELECT count(*)::INTEGER AS n FROM duckdb_constraints() WHERE table_name = 'audit_log' AND constraint_type = 'PRIMARY KEY'`
		);
		expect(indexes).toEqual([{ n: 0 }]);
		await conn.run(`INSERT INTO audit_log (username, action) VALUES ('sau', 'stage')`);
		const [last] = await rows(
			`SELECT id, changed_at IS NOT NULL AS stamped FROM audit_log WHERE username = 'sau'`
		);
		expect(last).toEqual({ id: 501n, stamped: true });
	});
});

describe('migration 007 (imports recorded per file and row)', () => {
	it('keeps the scores and audit rows earlier imports wrote, and the history shows them as they were', async () => {
		const local = await DuckDBInstance.create(':memory:');
		const c = await local.connect();
		try {
			const all = bundledMigrations();
			await migrate(
				c,
				all.filter((m) => m.version < 7)
			);
			// What an import wrote before: the row, and an audit row per value from empty.
			await c.run(
				`INSERT INTO score (year, bloc_code, unit_code, criterion_code, self_score, reviewed_score, note)
				 VALUES (2024, 'K01', 'XA01', 'TC01', 40, 38, 'đạt')`
			);
			await c.run(
				`INSERT INTO audit_log (username, action, year, bloc_code, unit_code, criterion_code, old_value, new_value, reason)
				 VALUES ('import:cli', 'score.self', 2024, 'K01', 'XA01', 'TC01', NULL, '40', 'Nhập tệp scores.csv'),
				        ('import:cli', 'score.review', 2024, 'K01', 'XA01', 'TC01', NULL, '38', 'Nhập tệp scores.csv'),
				        ('import:cli', 'score.note', 2024, 'K01', 'XA01', 'TC01', NULL, 'đạt', 'Nhập tệp scores.csv')`
			);
			const read = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS();
			const scores = await read('SELECT * FROM score');
			const audit = await read('SELECT * FROM audit_log ORDER BY id');
			expect(await migrate(c, all)).toContain(7);
			expect(await read('SELECT * EXCLUDE (import_batch, import_pos, import_added) FROM score')).toEqual(
				scores
			);
			expect(await read('SELECT import_batch, import_pos, import_added FROM score')).toEqual([
				{ import_batch: null, import_pos: null, import_added: null }
			]);
			expect(await read('SELECT * FROM audit_log ORDER BY id')).toEqual(audit);
			const trail = (
				await c.runAndReadAll(
					`SELECT action, username, old_value, new_value, reason FROM (${unitTrail()}) a ORDER BY ${TRAIL_ORDER('a')}`,
					[2024, 'K01', 'XA01']
				)
			).getRowObjectsJS();
			expect(trail).toEqual(
				[...audit].reverse().map((a) => ({
					action: a.action,
					username: a.username,
					old_value: a.old_value,
					new_value: a.new_value,
					reason: a.reason
				}))
			);
		} finally {
			c.closeSync();
			local.closeSync();
		}
	});
});

describe('migration 020 (award columns of Biểu 0602/0603)', () => {
	it('keeps every award row, gives them the defaults, and then takes households', async () => {
		const local = await DuckDBInstance.create(':memory:');
		const c = await local.connect();
		const read = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS();
		try {
			const all = bundledMigrations();
			await migrate(
				c,
				all.filter((m) => m.version < 20)
			);
			await c.run(
				`INSERT INTO award (award_id, year, unit_code, recipient_kind, recipient_name, recipient_category,
				   award_code, award_class, level, gender, decision_no, decision_date)
				 SELECT 'A' || i, 2024, 'XA0' || (i % 3), CASE WHEN i % 4 = 0 THEN 'collective' ELSE 'individual' END,
				   'Người ' || i, CASE WHEN i % 4 = 0 THEN NULL ELSE 'leader' END, 'GK', 'form', 'grassroots',
				   NULL, i || '/QĐ', DATE '2024-12-01' + CAST(i AS INTEGER)
				 FROM range(1, 201) t(i)`
			);
			const before = await read('SELECT * FROM award ORDER BY award_id');
			expect(await migrate(c, all)).toContain(20);
			const after = await read('SELECT * FROM award ORDER BY award_id');
			expect(after).toHaveLength(200);
			expect(after.map(({ official_class: _c, enterprise: _e, award_method: _m, ...rest }) => rest)).toEqual(
				before
			);
			expect(new Set(after.map((r) => `${r.official_class}|${r.enterprise}|${r.award_method}`))).toEqual(
				new Set(['null|null|regular'])
			);
			await c.run(
				`INSERT INTO award (award_id, year, unit_code, recipient_kind, recipient_name, award_code, award_class, level)
				 VALUES ('H1', 2024, 'XA01', 'household', 'Hộ ông A', 'GK', 'form', 'grassroots')`
			);
			await expect(
				c.run(
					`INSERT INTO award (award_id, year, unit_code, recipient_kind, recipient_name, award_code, award_class, level, enterprise)
					 VALUES ('H2', 2024, 'XA01', 'household', 'Hộ bà B', 'GK', 'form', 'grassroots', true)`
				)
			).rejects.toThrow(/CHECK/);
		} finally {
			c.closeSync();
			local.closeSync();
		}
	});
});
