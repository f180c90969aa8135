/**
 * Migrations that rebuild a table keep every row: 004 moves the audit trail to a table without a
 * primary-key index, and the trail is the one thing that must never lose or change a row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { bundledMigrations, migrate } from '../../src/lib/server/db/migrate';

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
