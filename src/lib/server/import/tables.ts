/**
 * The database tables an import writes, and how their values are staged while they are
 * checked: numbers as doubles (the values the cell rules read), the rest in their own types.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableName } from '../../domain/csv-schema';
import { allOn } from '../db';

/** Database table behind each import table. */
export const TARGET: Record<TableName, string> = {
	units: 'unit',
	blocs: 'bloc',
	lineage: 'unit_lineage',
	memberships: 'bloc_membership',
	pledges: 'pledge',
	criteria: 'criterion',
	scores: 'score',
	awards: 'award',
	headcounts: 'unit_headcount'
};

/** The temporary table of one import table's staged records (grid-table.ts checkRecords). */
export const checkTable = (table: TableName) => `import_check_${TARGET[table]}`;

/**
 * The check tables staged so far: a table, or a view (a plain file's grid cast as it is read,
 * grid-table.ts), made a table before any of its rows are added, changed or removed.
 */
export type CheckTables = Map<TableName, 'table' | 'view'>;

/** Makes the check view of `table` a table (before its rows change). */
export async function materialize(conn: DuckDBConnection, made: CheckTables, table: TableName) {
	if (made.get(table) !== 'view') return;
	const name = checkTable(table);
	await conn.run(`CREATE TEMP TABLE ${name}_table AS SELECT * FROM ${name}`);
	await conn.run(`DROP VIEW ${name}`);
	await conn.run(`ALTER TABLE ${name}_table RENAME TO ${name}`);
	made.set(table, 'table');
}

/** Drops the check table (or view) of `table`. */
export async function dropCheck(conn: DuckDBConnection, made: CheckTables, table: TableName) {
	await conn.run(`DROP ${made.get(table) === 'view' ? 'VIEW' : 'TABLE'} ${checkTable(table)}`);
}

export type StageType = 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN';

/** The type a value is staged and checked as: the database column's, decimals as doubles. */
export function stageType(duckType: string): StageType {
	if (duckType === 'INTEGER' || duckType === 'BIGINT') return 'INTEGER';
	if (duckType.startsWith('DECIMAL') || duckType === 'DOUBLE') return 'DOUBLE';
	if (duckType === 'BOOLEAN') return 'BOOLEAN';
	return 'VARCHAR';
}

/** A score row's link to the import that last wrote it (write.ts): not a value an import reads. */
export const IMPORT_LINK = ['import_batch', 'import_pos', 'import_added'];

/** Columns of a database table an import writes, in order, with their DuckDB types. */
export async function tableColumns(conn: DuckDBConnection, target: string) {
	const columns = await allOn<{ name: string; type: string }>(
		conn,
		`SELECT column_name AS name, data_type AS type FROM information_schema.columns
		 WHERE table_schema = 'main' AND table_name = $1 ORDER BY ordinal_position`,
		[target]
	);
	return columns.filter((c) => !IMPORT_LINK.includes(c.name));
}

/** A quoted identifier. */
export const q = (c: string) => `"${c.replace(/"/g, '""')}"`;

/** A quoted string literal. */
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** A DECIMAL as the audit trail stores it: `38.00` → `38`, `28.50` → `28.5`. */
export const decimalText = (e: string) =>
	`CASE WHEN ${e} IS NULL THEN NULL ELSE rtrim(rtrim(CAST(${e} AS VARCHAR), '0'), '.') END`;

/** The staged scores grouped per sheet and per criterion (checks.ts), kept for the write. */
export const SCORE_GROUPS = 'import_score_groups';
