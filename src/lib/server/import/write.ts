/**
 * Writes a validated batch inside the caller's transaction: each table's rows go through a
 * temporary staging table (filled with DuckDB's appender), are compared with what is stored
 * (added / replaced / unchanged), and only new or changed rows are written (upsert by key).
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { IMPORT_ORDER, TABLES_BY_NAME, type TableName } from '../../domain/csv-schema';
import { allOn } from '../db';
import type { Batch } from './validate';
import type { ParsedRecord } from './parse';

/** Database table behind each import table. */
export const TARGET: Record<TableName, string> = {
	units: 'unit',
	blocs: 'bloc',
	lineage: 'unit_lineage',
	memberships: 'bloc_membership',
	pledges: 'pledge',
	criteria: 'criterion',
	scores: 'score',
	awards: 'award'
};

export interface TableCounts {
	table: TableName;
	rows: number;
	added: number;
	replaced: number;
	unchanged: number;
}

/** Per table: columns kept as stored when the imported cell is empty, and the value for new rows. */
const KEEP_WHEN_EMPTY: Partial<Record<TableName, { column: string; otherwise: string }[]>> = {
	pledges: [{ column: 'stage', otherwise: "'open'" }]
};

type StageType = 'VARCHAR' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN';

function stageType(duckType: string): StageType {
	if (duckType === 'INTEGER' || duckType === 'BIGINT') return 'INTEGER';
	if (duckType.startsWith('DECIMAL') || duckType === 'DOUBLE') return 'DOUBLE';
	if (duckType === 'BOOLEAN') return 'BOOLEAN';
	return 'VARCHAR';
}

function append(appender: DuckDBAppender, type: StageType, value: unknown) {
	if (value === null || value === undefined) return appender.appendNull();
	switch (type) {
		case 'INTEGER':
			return appender.appendInteger(value as number);
		case 'DOUBLE':
			return appender.appendDouble(value as number);
		case 'BOOLEAN':
			return appender.appendBoolean(value as boolean);
		default:
			return appender.appendVarchar(String(value));
	}
}

async function writeTable(
	conn: DuckDBConnection,
	table: TableName,
	rows: ParsedRecord[]
): Promise<TableCounts> {
	const target = TARGET[table];
	const key = TABLES_BY_NAME.get(table)!.key;
	const columns = await allOn<{ name: string; type: string }>(
		conn,
		`SELECT column_name AS name, data_type AS type FROM information_schema.columns
		 WHERE table_schema = 'main' AND table_name = $1 ORDER BY ordinal_position`,
		[target]
	);
	const stg = `import_stage_${target}`;
	const typed = `import_typed_${target}`;
	const q = (c: string) => `"${c}"`;
	const cols = columns.map((c) => q(c.name)).join(', ');

	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${stg} (${columns.map((c) => `${q(c.name)} ${stageType(c.type)}`).join(', ')})`
	);
	const appender = await conn.createAppender(stg, 'main', 'temp');
	try {
		const types = columns.map((c) => stageType(c.type));
		for (const r of rows) {
			columns.forEach((c, i) => append(appender, types[i]!, r[c.name]));
			appender.endRow();
		}
		appender.flushSync();
	} finally {
		appender.closeSync();
	}
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${typed} AS SELECT ${columns.map((c) => `CAST(${q(c.name)} AS ${c.type}) AS ${q(c.name)}`).join(', ')} FROM ${stg}`
	);
	const join = key.map((k) => `t.${q(k)} = s.${q(k)}`).join(' AND ');
	// Columns a file may leave empty without clearing what is stored (a pledge's stage).
	for (const c of KEEP_WHEN_EMPTY[table] ?? [])
		await conn.run(
			`UPDATE ${typed} s SET ${q(c.column)} = COALESCE((SELECT t.${q(c.column)} FROM main.${target} t WHERE ${join}), ${c.otherwise})
			 WHERE s.${q(c.column)} IS NULL`
		);
	const same = columns.map((c) => `s.${q(c.name)} IS NOT DISTINCT FROM t.${q(c.name)}`).join(' AND ');
	const [counts] = await allOn<{ added: number; unchanged: number }>(
		conn,
		`SELECT count(*) FILTER (WHERE t.${q(key[0]!)} IS NULL)::INTEGER AS added,
		        count(*) FILTER (WHERE t.${q(key[0]!)} IS NOT NULL AND (${same}))::INTEGER AS unchanged
		 FROM ${typed} s LEFT JOIN main.${target} t ON ${join}`
	);
	await conn.run(
		`INSERT OR REPLACE INTO main.${target} (${cols})
		 SELECT ${columns.map((c) => `s.${q(c.name)}`).join(', ')}
		 FROM ${typed} s LEFT JOIN main.${target} t ON ${join}
		 WHERE t.${q(key[0]!)} IS NULL OR NOT (${same})`
	);
	await conn.run(`DROP TABLE ${stg}`);
	await conn.run(`DROP TABLE ${typed}`);
	const added = counts?.added ?? 0;
	const unchanged = counts?.unchanged ?? 0;
	return { table, rows: rows.length, added, unchanged, replaced: rows.length - added - unchanged };
}

/** Writes every table of the batch in dependency order on `conn` (inside a transaction). */
export async function writeBatch(conn: DuckDBConnection, batch: Batch): Promise<TableCounts[]> {
	const result: TableCounts[] = [];
	for (const table of IMPORT_ORDER) {
		const rows = batch.get(table);
		if (rows) result.push(await writeTable(conn, table, rows));
	}
	return result;
}
