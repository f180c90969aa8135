/**
 * Writes the checked records inside the caller's transaction: each table's check table is cast
 * to the database's types, compared with what is stored (added / replaced / unchanged), and
 * only new or changed rows are written (new rows by a plain INSERT, the others by key).
 *
 * The scoring lifecycle, in SQL:
 * - lock: a pledge, criterion, membership or score row that would be added or replaced for a
 *   bloc-year FINALISED before the import is reported (file and row travel with each record);
 *   the caller then rolls everything back. Identical rows pass.
 * - the import's own record: one `import_batch` per file that wrote rows (file name, checksum,
 *   size, account, time, counts); every score row it writes links to it (import_batch, its
 *   place in the file, whether it was new), and the link a replaced row had before is kept in
 *   import_score_row. A new row has no audit row: its history (from empty to what the import
 *   wrote) is read from the link (audit/trail.ts).
 * - audit: every score value or note that a row REPLACING a stored one changes gets an
 *   `audit_log` row (score.self / score.review / score.note, reason "Nhập tệp <file>"), and
 *   every stage an imported pledge changes a 'stage' row;
 * - versions: the `score_sheet` version of every sheet whose scores change is incremented
 *   (version 1 when absent), so a grid opened before the import cannot save over it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { IMPORT_ORDER, TABLES_BY_NAME, type TableName } from '../../domain/csv-schema';
import type { CellChanges } from '../../domain/cell-changes';
import { allOn } from '../db';
import { NO_CHANGES, scoreCellChanges } from './changes';
import type { StagedFile } from './grid-table';
import {
	checkTable,
	decimalText,
	dropCheck,
	lit,
	q,
	SCORE_GROUPS,
	tableColumns,
	TARGET,
	type CheckTables
} from './tables';

export { TARGET } from './tables';

/** Who an import acts as, for the audit trail, its batches and sheet versions. */
export interface WriteContext {
	/** `audit_log.username` and `score_sheet.updated_by`, e.g. "import:cli". */
	username: string;
	/** The signed-in account behind the import, when there is one. */
	userId: number | null;
	/** import_log's source ("cli", "upload", …). */
	source: string;
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
	/** Scores: the units whose bloc score the import changes (who may review whom, authorize.ts). */
	reviewUnits?: string[];
}

/** A file's bytes, for its batch: SHA-256 and size. */
export interface FileDigest {
	sha256: string;
	bytes: number;
}

/** Per table: columns kept as stored when the imported cell is empty, and the value for new rows. */
const KEEP_WHEN_EMPTY: Partial<Record<TableName, { column: string; otherwise: string }[]>> = {
	pledges: [{ column: 'stage', otherwise: "'open'" }]
};

/** Name of the temporary table of typed records that writeTyped() reads. */
const typedTable = (table: TableName) => `import_typed_${TARGET[table]}`;

/** What each file wrote: rows it holds, added and replaced, for its batch. */
type FileCounts = Map<number, { table: TableName; rows: number; added: number; replaced: number }>;

/**
 * Writes the records of typedTable(table) (the table's columns, typed, plus the file's name
 * and number, row, place and kept fields; a table when `updated`, which fills in the values
 * kept as stored first): counts, lock check, audit trail and the import's rows, sheet
 * versions, then the rows that are new or differ.
 */
async function writeTyped(
	conn: DuckDBConnection,
	table: TableName,
	columns: { name: string; type: string }[],
	updated: boolean,
	locking: boolean,
	ctx: WriteContext,
	violations: LockViolation[],
	blocYears: BlocYearCounts[],
	perFile: FileCounts,
	changed: { cells: CellChanges }
): Promise<TableCounts> {
	const target = TARGET[table];
	const key = TABLES_BY_NAME.get(table)!.key;
	const typed = typedTable(table);
	const cols = columns.map((c) => q(c.name)).join(', ');
	const join = key.map((k) => `t.${q(k)} = s.${q(k)}`).join(' AND ');
	// Columns a file may leave empty without clearing what is stored (a pledge's stage).
	if (updated)
		for (const c of KEEP_WHEN_EMPTY[table] ?? [])
			await conn.run(
				`UPDATE ${typed} s SET ${q(c.column)} = COALESCE((SELECT t.${q(c.column)} FROM main.${target} t WHERE ${join}), ${c.otherwise})
			 WHERE s.${q(c.column)} IS NULL`
			);
	// Fields a file does not carry (a wide sheet of one score column) keep their stored values.
	if (updated)
		for (const c of columns.filter((c) => !key.includes(c.name)))
			await conn.run(
				`UPDATE ${typed} s SET ${q(c.name)} = t.${q(c.name)} FROM main.${target} t
				 WHERE ${join} AND s.__keep IS NOT NULL
				   AND list_contains(string_split(s.__keep, ','), '${c.name.replace(/'/g, "''")}')`
			);
	const same = columns.map((c) => `s.${q(c.name)} IS NOT DISTINCT FROM t.${q(c.name)}`).join(' AND ');
	// Every record once, with what is stored for it and what writing it does (`__change`: 0 the
	// same is stored, 1 new, 2 replaces the stored row): the counts, every check and trace below
	// read only this table (no second join with the stored rows).
	// Nothing stored in the records' bloc-years (a year's first import): every record is new.
	const chg = `import_changed_${target}`;
	const stored = table === 'scores' ? STORED_SCORE : '';
	const fresh =
		key.includes('year') &&
		key.includes('bloc_code') &&
		!(
			await allOn<{ any: boolean }>(
				conn,
				`SELECT EXISTS (SELECT 1 FROM main.${target} t
				   WHERE EXISTS (SELECT 1 FROM ${table === 'scores' ? `${SCORE_GROUPS} k WHERE k.sheet AND` : `(SELECT DISTINCT year, bloc_code FROM ${typed}) k WHERE`}
				                 k.year = t.year AND k.bloc_code = t.bloc_code)) AS any`
			)
		)[0]?.any;
	await conn.run(
		fresh
			? `CREATE TEMP VIEW ${chg} AS
			   SELECT s.*, 1::TINYINT AS __change${table === 'scores' ? NOTHING_STORED : ''}
			   FROM ${typed} s`
			: `CREATE TEMP TABLE ${chg} AS
			   SELECT s.*, CASE WHEN t.${q(key[0]!)} IS NULL THEN 1 WHEN ${same} THEN 0 ELSE 2 END::TINYINT AS __change${stored}
			   FROM ${typed} s LEFT JOIN main.${target} t ON ${join}`
	);
	const names = new Set(columns.map((c) => c.name));
	// Counted per bloc-year (or per year), for the summary before committing and for authorisation.
	const groups = names.has('year') ? (names.has('bloc_code') ? ['year', 'bloc_code'] : ['year']) : [];
	const fieldChanges =
		table === 'scores'
			? `, count(*) FILTER (WHERE __change > 0 AND self_score IS DISTINCT FROM __old_self)::INTEGER AS self,
			   count(*) FILTER (WHERE __change > 0 AND reviewed_score IS DISTINCT FROM __old_review)::INTEGER AS review,
			   count(*) FILTER (WHERE __change > 0 AND note IS DISTINCT FROM __old_note)::INTEGER AS note,
			   list(DISTINCT unit_code ORDER BY unit_code)
			     FILTER (WHERE __change > 0 AND reviewed_score IS DISTINCT FROM __old_review) AS "reviewUnits"`
			: '';
	const counted = `count(*)::INTEGER AS rows, count(*) FILTER (WHERE __change = 1)::INTEGER AS added,
	                 count(*) FILTER (WHERE __change = 2)::INTEGER AS replaced`;
	// Per bloc-year and per file at once (the file's batch counts what it wrote).
	const grouped = await allOn<{
		byFile: boolean;
		no: number | null;
		year: number | null;
		bloc: string | null;
		rows: number;
		added: number;
		replaced: number;
		self?: number;
		review?: number;
		note?: number;
		reviewUnits?: string[] | null;
	}>(
		conn,
		fresh && table === 'scores'
			? // Every row new: counted from the sheets the checks grouped (no pass over the rows).
				`SELECT GROUPING(__file_no) = 0 AS "byFile", __file_no AS no, year, bloc_code AS bloc,
				        sum(n)::INTEGER AS rows, sum(n)::INTEGER AS added, 0 AS replaced, sum(selfs)::INTEGER AS self,
				        sum(reviews)::INTEGER AS review, sum(notes)::INTEGER AS note,
				        list(DISTINCT unit_code ORDER BY unit_code) FILTER (WHERE reviews > 0) AS "reviewUnits"
				 FROM ${SCORE_GROUPS} WHERE sheet
				 GROUP BY GROUPING SETS ((year, bloc_code), (__file_no)) ORDER BY ALL`
			: `SELECT GROUPING(__file_no) = 0 AS "byFile", __file_no AS no, year, bloc, ${counted} ${fieldChanges}
			   FROM (SELECT __file_no, __change,
			                ${groups.includes('year') ? 'year' : 'NULL'}::INTEGER AS year,
			                ${groups.includes('bloc_code') ? 'bloc_code' : 'NULL'}::VARCHAR AS bloc
			                ${table === 'scores' ? ', unit_code, self_score, __old_self, reviewed_score, __old_review, note, __old_note' : ''}
			         FROM ${chg})
			   GROUP BY GROUPING SETS ((year, bloc), (__file_no)) ORDER BY ALL`
	);
	let rows = 0;
	let added = 0;
	let replaced = 0;
	for (const g of grouped) {
		if (g.byFile) {
			perFile.set(g.no!, { table, rows: g.rows, added: g.added, replaced: g.replaced });
			continue;
		}
		rows += g.rows;
		added += g.added;
		replaced += g.replaced;
		if (groups.length > 0)
			blocYears.push({
				table,
				year: g.year!,
				blocCode: g.bloc,
				rows: g.rows,
				added: g.added,
				unchanged: g.rows - g.added - g.replaced,
				replaced: g.replaced,
				...(table === 'scores'
					? {
							changed: { self: g.self!, review: g.review!, note: g.note! },
							reviewUnits: g.reviewUnits ?? []
						}
					: {})
			});
	}
	if (added + replaced > 0) {
		// Issue 15: every cell that changes, for the list before the commit (and its digest).
		if (table === 'scores') changed.cells = await scoreCellChanges(conn, chg);
		if (LOCKED_TABLES[table] && locking)
			for (const v of await lockViolations(conn, table, chg, target, join)) violations.push(v);
		if (table === 'scores') await traceScores(conn, chg, ctx, { replaced: replaced > 0, fresh });
		if (table === 'pledges') await traceStages(conn, chg, join, ctx);
		// New rows need no conflict check: a plain INSERT; rows that replace stored ones, an upsert.
		// A score row remembers the import that wrote it: its file's batch, its place, whether new.
		const linked = table === 'scores';
		const link = (isNew: boolean) => (linked ? `, __batch, __rec % ${2 ** 40}, ${isNew}` : '');
		const into = `main.${target} (${cols}${linked ? ', import_batch, import_pos, import_added' : ''})`;
		if (added > 0)
			await conn.run(`INSERT INTO ${into} SELECT ${cols}${link(true)} FROM ${chg} WHERE __change = 1`);
		if (replaced > 0)
			await conn.run(
				`INSERT OR REPLACE INTO ${into} SELECT ${cols}${link(false)} FROM ${chg} WHERE __change = 2`
			);
	}
	await conn.run(`DROP ${fresh ? 'VIEW' : 'TABLE'} ${chg}`);
	return { table, rows, added, unchanged: rows - added - replaced, replaced };
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
	const located = 's.__file AS file, s.__row AS row, s.year';
	const order = 'ORDER BY s.__file, s.__row, s.__rec';
	const rows = await allOn<{ file: string; row: number; year: number; bloc: string }>(
		conn,
		table === 'memberships'
			? `SELECT ${located}, CASE WHEN ${locked('s')} THEN s.bloc_code ELSE t.bloc_code END AS bloc
			   FROM ${chg} s LEFT JOIN main.${target} t ON ${join}
			   WHERE s.__change > 0 AND (${locked('s')} OR (t.bloc_code IS NOT NULL AND ${locked('t')})) ${order}`
			: `SELECT ${located}, s.bloc_code AS bloc FROM ${chg} s SEMI JOIN ${LOCKED} l USING (year, bloc_code)
			   WHERE s.__change > 0 ${order}`
	);
	return rows.map((r) => ({ file: r.file, row: r.row, table, year: r.year, blocCode: r.bloc }));
}

/** Stored values of a changed score row, carried in the changed-rows table for the audit trail. */
const STORED_SCORE = ', t.self_score AS __old_self, t.reviewed_score AS __old_review, t.note AS __old_note';
const NOTHING_STORED =
	', NULL::DECIMAL(9, 2) AS __old_self, NULL::DECIMAL(9, 2) AS __old_review, NULL::VARCHAR AS __old_note';

/**
 * Audit rows for every value and note of a replaced row that changes (one per field, with the
 * stored value as old), the link of a replaced row to the import that wrote it before kept in
 * import_score_row, and a version bump of every sheet with a changed row.
 */
async function traceScores(
	conn: DuckDBConnection,
	chg: string,
	ctx: WriteContext,
	{ replaced, fresh }: { replaced: boolean; fresh: boolean }
) {
	if (replaced) {
		await conn.run(
			`INSERT INTO import_score_row (batch_id, pos, added, year, bloc_code, unit_code, criterion_code)
			 SELECT t.import_batch, t.import_pos, t.import_added, t.year, t.bloc_code, t.unit_code, t.criterion_code
			 FROM main.score t JOIN ${chg} c
			   ON c.year = t.year AND c.bloc_code = t.bloc_code AND c.unit_code = t.unit_code AND c.criterion_code = t.criterion_code
			 WHERE c.__change = 2 AND t.import_batch IS NOT NULL`
		);
		// Read from the changed rows alone: they carry the stored values (no second join).
		const values = [
			['score.self', decimalText('__old_self'), decimalText('self_score')],
			['score.review', decimalText('__old_review'), decimalText('reviewed_score')],
			['score.note', '__old_note', 'note']
		]
			.map(
				([action, oldValue, newValue]) =>
					`SELECT '${action}' AS action, year, bloc_code, unit_code, criterion_code,
					        ${oldValue} AS old_value, ${newValue} AS new_value, __file AS file, __rec AS rec
					 FROM ${chg} WHERE __change = 2`
			)
			.join(' UNION ALL ');
		await conn.run(
			`INSERT INTO audit_log (user_id, username, action, year, bloc_code, unit_code, criterion_code, old_value, new_value, reason)
			 SELECT $1, $2, action, year, bloc_code, unit_code, criterion_code, old_value, new_value, 'Nhập tệp ' || file
			 FROM (${values}) WHERE old_value IS DISTINCT FROM new_value
			 ORDER BY file, rec, action`,
			[ctx.userId, ctx.username]
		);
	}
	// Every sheet of a year's first import is new (its sheets were grouped by the checks).
	await conn.run(
		`INSERT INTO score_sheet (year, bloc_code, unit_code, version, updated_at, updated_by)
		 SELECT DISTINCT year, bloc_code, unit_code, 1, current_timestamp, $1
		 FROM ${fresh ? `${SCORE_GROUPS} WHERE sheet` : `${chg} WHERE __change > 0`}
		 ON CONFLICT (year, bloc_code, unit_code) DO UPDATE
		 SET version = score_sheet.version + 1, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		[ctx.username]
	);
}

/** A 'stage' audit row for every stored pledge whose stage the import changes. */
async function traceStages(conn: DuckDBConnection, chg: string, join: string, ctx: WriteContext) {
	await conn.run(
		`INSERT INTO audit_log (user_id, username, action, year, bloc_code, old_value, new_value, reason)
		 SELECT $1, $2, 'stage', s.year, s.bloc_code, t.stage, s.stage, 'Nhập tệp ' || s.__file
		 FROM ${chg} s JOIN main.pledge t ON ${join}
		 WHERE s.__change = 2 AND s.stage IS DISTINCT FROM t.stage
		 ORDER BY s.__file, s.__row`,
		[ctx.userId, ctx.username]
	);
}

export interface WriteResult {
	counts: TableCounts[];
	/** The same counts per bloc-year (tables with a year). */
	blocYears: BlocYearCounts[];
	/** Non-empty: the batch touches finalised bloc-years and must be rolled back. */
	violations: LockViolation[];
	/** Every score cell the import changes (issue 15). */
	cells: CellChanges;
}

/**
 * Writes every staged table in dependency order on `conn` (inside a transaction), then the
 * batch of every file that wrote rows.
 */
export async function writeStaged(
	conn: DuckDBConnection,
	files: ReadonlyMap<number, StagedFile>,
	digests: ReadonlyMap<number, FileDigest>,
	made: CheckTables,
	ctx: WriteContext
): Promise<WriteResult> {
	const counts: TableCounts[] = [];
	const blocYears: BlocYearCounts[] = [];
	const violations: LockViolation[] = [];
	const perFile: FileCounts = new Map();
	const changed = { cells: NO_CHANGES };
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${LOCKED} AS SELECT year, bloc_code FROM main.pledge WHERE stage = 'finalised'`
	);
	// No bloc-year is finalised: nothing to look for.
	const locking = (await allOn(conn, `SELECT 1 FROM ${LOCKED} LIMIT 1`)).length > 0;
	// Each file's batch id, taken now: the rows it writes link to it.
	const batches = new Map<number, { name: string; batch: number }>();
	for (const f of files.values()) {
		const [{ id } = { id: 0 }] = await allOn<{ id: number }>(
			conn,
			"SELECT nextval('import_batch_seq')::DOUBLE AS id"
		);
		batches.set(f.no, { name: f.file, batch: id });
	}
	const byFile = (e: string, value: (b: { name: string; batch: number }) => string, type: string) =>
		`CASE ${e} ${[...batches].map(([no, b]) => `WHEN ${no} THEN ${value(b)}`).join(' ')} END::${type}`;
	for (const table of IMPORT_ORDER) {
		if (!made.has(table)) continue;
		const columns = await tableColumns(conn, TARGET[table]);
		// A table when values are filled in from stored rows before the comparison (writeTyped),
		// else the cast of the check table as it is read.
		const [{ keeps } = { keeps: 0 }] = await allOn<{ keeps: number }>(
			conn,
			`SELECT count(*)::INTEGER AS keeps FROM ${checkTable(table)} WHERE __keep IS NOT NULL`
		);
		const updated = keeps > 0 || KEEP_WHEN_EMPTY[table] !== undefined;
		await conn.run(
			`CREATE TEMP ${updated ? 'TABLE' : 'VIEW'} ${typedTable(table)} AS
			 SELECT ${columns.map((c) => `CAST(s.${q(c.name)} AS ${c.type}) AS ${q(c.name)}`).join(', ')},
			        ${byFile('s.__file_no', (b) => lit(b.name), 'VARCHAR')} AS __file,
			        ${byFile('s.__file_no', (b) => String(b.batch), 'BIGINT')} AS __batch,
			        s.__file_no, s.__row, s.__rec, s.__keep
			 FROM ${checkTable(table)} s`
		);
		const result = await writeTyped(
			conn,
			table,
			columns,
			updated,
			locking,
			ctx,
			violations,
			blocYears,
			perFile,
			changed
		);
		await conn.run(`DROP ${updated ? 'TABLE' : 'VIEW'} ${typedTable(table)}`);
		await dropCheck(conn, made, table);
		counts.push(result);
	}
	for (const f of files.values()) {
		const c = perFile.get(f.no);
		const d = digests.get(f.no);
		if (!c || !d || c.added + c.replaced === 0) continue;
		await conn.run(
			`INSERT INTO import_batch (id, user_id, username, source, file_name, table_name, sha256, bytes, rows, added, replaced, unchanged)
			 VALUES ($1, $2, $3, $4, $12, $5, $6, $7, $8, $9, $10, $11)`,
			[
				batches.get(f.no)!.batch,
				ctx.userId,
				ctx.username,
				ctx.source,
				c.table,
				d.sha256,
				d.bytes,
				c.rows,
				c.added,
				c.replaced,
				c.rows - c.added - c.replaced,
				f.file
			]
		);
	}
	await conn.run(`DROP TABLE ${LOCKED}`);
	await conn.run(`DROP TABLE IF EXISTS ${SCORE_GROUPS}`);
	return { counts, blocYears, violations, cells: changed.cells };
}
