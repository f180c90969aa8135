/**
 * Writes a validated batch inside the caller's transaction: each table's rows go through a
 * temporary staging table (filled with DuckDB's appender), are compared with what is stored
 * (added / replaced / unchanged), and only new or changed rows are written (upsert by key).
 *
 * The scoring lifecycle, all set-based in SQL on the staging tables:
 * - lock: a pledge, criterion, membership or score row that would be added or replaced for a
 *   bloc-year FINALISED before the import is reported (file and row travel with each staged
 *   record as `__file` / `__row`); the caller then rolls everything back. Identical rows pass.
 * - audit: before the upsert, every score value or note that changes gets an `audit_log` row
 *   (score.self / score.review / score.note, reason "Nhập tệp <file>"), and every stage an
 *   imported pledge changes a 'stage' row;
 * - versions: the `score_sheet` version of every sheet whose scores change is incremented
 *   (version 1 when absent), so a grid opened before the import cannot save over it.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { IMPORT_ORDER, TABLES_BY_NAME, type TableName } from '../../domain/csv-schema';
import { allOn } from '../db';
import { FILE_FIELD, KEEP_FIELD, ROW_FIELD, type Batch } from './validate';
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
	awards: 'award',
	headcounts: 'unit_headcount'
};

/** Who an import acts as, for the audit trail and sheet versions. */
export interface WriteContext {
	/** `audit_log.username` and `score_sheet.updated_by`, e.g. "import:cli". */
	username: string;
	/** The signed-in account behind the import, when there is one. */
	userId: number | null;
}

/** A record that would change a bloc-year finalised before the import. */
export interface LockViolation {
	file: string;
	row: number;
	table: TableName;
	year: number;
	blocCode: string;
}

/** Tables whose rows belong to one bloc-year and are frozen once it is finalised. */
const LOCKED_TABLES: Partial<Record<TableName, true>> = {
	memberships: true,
	pledges: true,
	criteria: true,
	scores: true
};

export interface TableCounts {
	table: TableName;
	rows: number;
	added: number;
	replaced: number;
	unchanged: number;
}

/**
 * What an import does to one bloc-year (tables keyed by year and bloc), or to one year
 * (awards: `blocCode` null). For scores, how many rows change each field, which is what
 * authorisation looks at (a bloc leader may change bloc scores, not self-scores).
 */
export interface BlocYearCounts extends TableCounts {
	year: number;
	blocCode: string | null;
	changed?: { self: number; review: number; note: number };
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

/** Columns of a database table, in order, with their DuckDB types. */
function tableColumns(conn: DuckDBConnection, target: string) {
	return allOn<{ name: string; type: string }>(
		conn,
		`SELECT column_name AS name, data_type AS type FROM information_schema.columns
		 WHERE table_schema = 'main' AND table_name = $1 ORDER BY ordinal_position`,
		[target]
	);
}

const q = (c: string) => `"${c}"`;

/** Name of the temporary table of typed records that writeTyped() reads. */
export const typedTable = (table: TableName) => `import_typed_${TARGET[table]}`;

/** Stages validated records with the appender and casts them into typedTable(table). */
async function writeTable(
	conn: DuckDBConnection,
	table: TableName,
	rows: ParsedRecord[],
	ctx: WriteContext,
	violations: LockViolation[],
	blocYears: BlocYearCounts[]
): Promise<TableCounts> {
	const target = TARGET[table];
	const columns = await tableColumns(conn, target);
	const stg = `import_stage_${target}`;
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${stg} (${columns.map((c) => `${q(c.name)} ${stageType(c.type)}`).join(', ')}, ${FILE_FIELD} VARCHAR, ${ROW_FIELD} INTEGER, ${KEEP_FIELD} VARCHAR)`
	);
	const appender = await conn.createAppender(stg, 'main', 'temp');
	try {
		const types = columns.map((c) => stageType(c.type));
		for (const r of rows) {
			columns.forEach((c, i) => append(appender, types[i]!, r[c.name]));
			append(appender, 'VARCHAR', r[FILE_FIELD]);
			append(appender, 'INTEGER', r[ROW_FIELD]);
			append(appender, 'VARCHAR', r[KEEP_FIELD]);
			appender.endRow();
		}
		appender.flushSync();
	} finally {
		appender.closeSync();
	}
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${typedTable(table)} AS SELECT ${columns.map((c) => `CAST(${q(c.name)} AS ${c.type}) AS ${q(c.name)}`).join(', ')}, ${FILE_FIELD}, ${ROW_FIELD}, ${KEEP_FIELD} FROM ${stg}`
	);
	await conn.run(`DROP TABLE ${stg}`);
	const keeps = rows.some((r) => r[KEEP_FIELD]);
	return writeTyped(conn, table, columns, rows.length, keeps, ctx, violations, blocYears);
}

/**
 * Writes the records of typedTable(table) (the table's columns, typed, plus file, row and kept
 * fields): counts, lock check, audit trail, sheet versions, then the rows that are new or differ.
 * Drops the typed table.
 */
async function writeTyped(
	conn: DuckDBConnection,
	table: TableName,
	columns: { name: string; type: string }[],
	rowCount: number,
	keeps: boolean,
	ctx: WriteContext,
	violations: LockViolation[],
	blocYears: BlocYearCounts[]
): Promise<TableCounts> {
	const target = TARGET[table];
	const key = TABLES_BY_NAME.get(table)!.key;
	const typed = typedTable(table);
	const cols = columns.map((c) => q(c.name)).join(', ');
	const join = key.map((k) => `t.${q(k)} = s.${q(k)}`).join(' AND ');
	// Columns a file may leave empty without clearing what is stored (a pledge's stage).
	for (const c of KEEP_WHEN_EMPTY[table] ?? [])
		await conn.run(
			`UPDATE ${typed} s SET ${q(c.column)} = COALESCE((SELECT t.${q(c.column)} FROM main.${target} t WHERE ${join}), ${c.otherwise})
			 WHERE s.${q(c.column)} IS NULL`
		);
	// Fields a file does not carry (a wide sheet of one score column) keep their stored values.
	if (keeps)
		for (const c of columns.filter((c) => !key.includes(c.name)))
			await conn.run(
				`UPDATE ${typed} s SET ${q(c.name)} = t.${q(c.name)} FROM main.${target} t
				 WHERE ${join} AND s.${KEEP_FIELD} IS NOT NULL
				   AND list_contains(string_split(s.${KEEP_FIELD}, ','), '${c.name.replace(/'/g, "''")}')`
			);
	const same = columns.map((c) => `s.${q(c.name)} IS NOT DISTINCT FROM t.${q(c.name)}`).join(' AND ');
	const names = new Set(columns.map((c) => c.name));
	// Counted per bloc-year (or per year), for the summary before committing and for authorisation.
	const groups = names.has('year') ? (names.has('bloc_code') ? ['year', 'bloc_code'] : ['year']) : [];
	const fieldChanges =
		table === 'scores'
			? `, count(*) FILTER (WHERE s.self_score IS DISTINCT FROM t.self_score)::INTEGER AS self,
			   count(*) FILTER (WHERE s.reviewed_score IS DISTINCT FROM t.reviewed_score)::INTEGER AS review,
			   count(*) FILTER (WHERE s.note IS DISTINCT FROM t.note)::INTEGER AS note`
			: '';
	const grouped = await allOn<{
		year: number | null;
		bloc: string | null;
		rows: number;
		added: number;
		unchanged: number;
		self?: number;
		review?: number;
		note?: number;
	}>(
		conn,
		`SELECT ${groups.includes('year') ? 's.year' : 'NULL'}::INTEGER AS year,
		        ${groups.includes('bloc_code') ? 's.bloc_code' : 'NULL'}::VARCHAR AS bloc,
		        count(*)::INTEGER AS rows,
		        count(*) FILTER (WHERE t.${q(key[0]!)} IS NULL)::INTEGER AS added,
		        count(*) FILTER (WHERE t.${q(key[0]!)} IS NOT NULL AND (${same}))::INTEGER AS unchanged
		        ${fieldChanges}
		 FROM ${typed} s LEFT JOIN main.${target} t ON ${join}
		 ${groups.length > 0 ? `GROUP BY ${groups.map((g) => `s.${g}`).join(', ')} ORDER BY ${groups.map((g) => `s.${g}`).join(', ')}` : ''}`
	);
	const counts = {
		added: grouped.reduce((n, g) => n + g.added, 0),
		unchanged: grouped.reduce((n, g) => n + g.unchanged, 0)
	};
	if (groups.length > 0)
		for (const g of grouped)
			blocYears.push({
				table,
				year: g.year!,
				blocCode: g.bloc,
				rows: g.rows,
				added: g.added,
				unchanged: g.unchanged,
				replaced: g.rows - g.added - g.unchanged,
				...(table === 'scores' ? { changed: { self: g.self!, review: g.review!, note: g.note! } } : {})
			});
	// The rows to write (new or different), once, with what is stored for them: every check and
	// trace below reads only this table (no second join with the stored rows).
	const chg = `import_changed_${target}`;
	const stored = table === 'scores' ? STORED_SCORE : '';
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${chg} AS
		 SELECT s.*, t.${q(key[0]!)} IS NOT NULL AS __stored${stored} FROM ${typed} s LEFT JOIN main.${target} t ON ${join}
		 WHERE t.${q(key[0]!)} IS NULL OR NOT (${same})`
	);
	if (LOCKED_TABLES[table]) violations.push(...(await lockViolations(conn, table, chg, target, join)));
	if (table === 'scores') await traceScores(conn, chg, ctx);
	if (table === 'pledges') await traceStages(conn, chg, join, ctx);
	// New rows need no conflict check: a plain INSERT; rows that replace stored ones, an upsert.
	await conn.run(`INSERT INTO main.${target} (${cols}) SELECT ${cols} FROM ${chg} WHERE NOT __stored`);
	await conn.run(`INSERT OR REPLACE INTO main.${target} (${cols}) SELECT ${cols} FROM ${chg} WHERE __stored`);
	await conn.run(`DROP TABLE ${chg}`);
	await conn.run(`DROP TABLE ${typed}`);
	const { added, unchanged } = counts;
	return { table, rows: rowCount, added, unchanged, replaced: rowCount - added - unchanged };
}

/** Bloc-years finalised before the import, kept while it runs (its own pledges may change stages). */
const LOCKED = 'import_locked_bloc_year';

/**
 * Staged rows of a frozen table that would be added or replaced in a bloc-year finalised
 * before the import. A membership also counts for the bloc it leaves.
 */
async function lockViolations(
	conn: DuckDBConnection,
	table: TableName,
	chg: string,
	target: string,
	join: string
): Promise<LockViolation[]> {
	const locked = (alias: string) =>
		`EXISTS (SELECT 1 FROM ${LOCKED} l WHERE l.year = ${alias}.year AND l.bloc_code = ${alias}.bloc_code)`;
	const located = `s.${FILE_FIELD} AS file, s.${ROW_FIELD} AS row, s.year`;
	const order = `ORDER BY s.${FILE_FIELD}, s.${ROW_FIELD}`;
	const rows = await allOn<{ file: string; row: number; year: number; bloc: string }>(
		conn,
		table === 'memberships'
			? `SELECT ${located}, CASE WHEN ${locked('s')} THEN s.bloc_code ELSE t.bloc_code END AS bloc
			   FROM ${chg} s LEFT JOIN main.${target} t ON ${join}
			   WHERE ${locked('s')} OR (t.bloc_code IS NOT NULL AND ${locked('t')}) ${order}`
			: `SELECT ${located}, s.bloc_code AS bloc FROM ${chg} s SEMI JOIN ${LOCKED} l USING (year, bloc_code) ${order}`
	);
	return rows.map((r) => ({ file: r.file, row: r.row, table, year: r.year, blocCode: r.bloc }));
}

/** A DECIMAL as the audit trail stores it: `38.00` → `38`, `28.50` → `28.5`. */
const decimalText = (e: string) =>
	`CASE WHEN ${e} IS NULL THEN NULL ELSE rtrim(rtrim(CAST(${e} AS VARCHAR), '0'), '.') END`;

/** Stored values of a changed score row, carried in the changed-rows table for the audit trail. */
const STORED_SCORE = ', t.self_score AS __old_self, t.reviewed_score AS __old_review, t.note AS __old_note';

/**
 * Audit rows for every changed score value and note (one per field that differs, with the
 * stored value as old), and a version bump of every sheet with a changed row.
 */
async function traceScores(conn: DuckDBConnection, chg: string, ctx: WriteContext) {
	// Read from the changed rows alone: they carry the stored values (no second join).
	const values = [
		['score.self', decimalText('__old_self'), decimalText('self_score')],
		['score.review', decimalText('__old_review'), decimalText('reviewed_score')],
		['score.note', '__old_note', 'note']
	]
		.map(
			([action, oldValue, newValue]) =>
				`SELECT '${action}' AS action, year, bloc_code, unit_code, criterion_code,
				        ${oldValue} AS old_value, ${newValue} AS new_value, ${FILE_FIELD} AS file, ${ROW_FIELD} AS row
				 FROM ${chg}`
		)
		.join(' UNION ALL ');
	await conn.run(
		`INSERT INTO audit_log (user_id, username, action, year, bloc_code, unit_code, criterion_code, old_value, new_value, reason)
		 SELECT $1, $2, action, year, bloc_code, unit_code, criterion_code, old_value, new_value, 'Nhập tệp ' || file
		 FROM (${values}) WHERE old_value IS DISTINCT FROM new_value
		 ORDER BY file, row, action`,
		[ctx.userId, ctx.username]
	);
	await conn.run(
		`INSERT INTO score_sheet (year, bloc_code, unit_code, version, updated_at, updated_by)
		 SELECT DISTINCT year, bloc_code, unit_code, 1, current_timestamp, $1 FROM ${chg}
		 ON CONFLICT (year, bloc_code, unit_code) DO UPDATE
		 SET version = score_sheet.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		[ctx.username]
	);
}

/** A 'stage' audit row for every stored pledge whose stage the import changes. */
async function traceStages(conn: DuckDBConnection, chg: string, join: string, ctx: WriteContext) {
	await conn.run(
		`INSERT INTO audit_log (user_id, username, action, year, bloc_code, old_value, new_value, reason)
		 SELECT $1, $2, 'stage', s.year, s.bloc_code, t.stage, s.stage, 'Nhập tệp ' || s.${FILE_FIELD}
		 FROM ${chg} s JOIN main.pledge t ON ${join}
		 WHERE s.stage IS DISTINCT FROM t.stage
		 ORDER BY s.${FILE_FIELD}, s.${ROW_FIELD}`,
		[ctx.userId, ctx.username]
	);
}

export interface WriteResult {
	counts: TableCounts[];
	/** The same counts per bloc-year (tables with a year). */
	blocYears: BlocYearCounts[];
	/** Non-empty: the batch touches finalised bloc-years and must be rolled back. */
	violations: LockViolation[];
}

/** Runs `write` with the bloc-years finalised before the import at hand (see lockViolations). */
async function withLocked(
	conn: DuckDBConnection,
	write: (counts: TableCounts[], blocYears: BlocYearCounts[], violations: LockViolation[]) => Promise<void>
): Promise<WriteResult> {
	const counts: TableCounts[] = [];
	const blocYears: BlocYearCounts[] = [];
	const violations: LockViolation[] = [];
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${LOCKED} AS SELECT year, bloc_code FROM main.pledge WHERE stage = 'finalised'`
	);
	await write(counts, blocYears, violations);
	await conn.run(`DROP TABLE ${LOCKED}`);
	return { counts, blocYears, violations };
}

/** Writes every table of the batch in dependency order on `conn` (inside a transaction). */
export function writeBatch(conn: DuckDBConnection, batch: Batch, ctx: WriteContext): Promise<WriteResult> {
	return withLocked(conn, async (counts, blocYears, violations) => {
		for (const table of IMPORT_ORDER) {
			const rows = batch.get(table);
			if (rows) counts.push(await writeTable(conn, table, rows, ctx, violations, blocYears));
		}
	});
}

/** Writes score records already typed in typedTable('scores') (the set-based import of scores.csv). */
export function writeTypedScores(
	conn: DuckDBConnection,
	rowCount: number,
	ctx: WriteContext
): Promise<WriteResult> {
	return withLocked(conn, async (counts, blocYears, violations) => {
		const columns = await tableColumns(conn, TARGET.scores);
		counts.push(await writeTyped(conn, 'scores', columns, rowCount, false, ctx, violations, blocYears));
	});
}
