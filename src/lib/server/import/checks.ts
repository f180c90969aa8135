/**
 * The checks that need more than one cell, in SQL on the staged records (grid-table.ts): the
 * rows the account may not see (screenScores), duplicate keys, references between tables
 * (against the database and what the same import adds), score maxima, bonus caps, membership,
 * roles. One query per table writes every broken rule of every row into `import_issue`; the
 * report is read from it in order (table, file, row, rule) and each issue is located and worded
 * here, beside its rule.
 *
 * A rule marked `stop` ends the checks of a row it catches (an unknown bloc says nothing of the
 * criterion). Rows of a table that break none of its rules are what the tables after it see
 * (a unit in units.csv may be used by memberships.csv); rows that do are not.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { AWARD_CATALOGUE, AWARDS_BY_CODE } from '../../domain/awards';
import { CATEGORY_OF_CLASS, CLASS_OF_CATEGORY } from '../../domain/official-class';
import { IMPORT_ORDER, TABLES_BY_NAME, type TableName } from '../../domain/csv-schema';
import { formatNumber } from '../../domain/numbers';
import { allOn } from '../db';
import { placeOf, type StagedFile } from './grid-table';
import type { ImportIssue } from './issues';
import { checkTable, lit, materialize, q, SCORE_GROUPS, type CheckTables } from './tables';
import type { WideCatalogue } from './wide';

/** The refusal of one score row (see ImportOptions.screen), or null when the row may be imported. */
export type RowScreen = (row: { year: number; blocCode: string; unitCode: string }) => string | null;

/** What a rule's message is made of: texts a–d and numbers x–z, as the rule's query gave them. */
interface Params {
	a: string | null;
	b: string | null;
	c: string | null;
	d: string | null;
	x: number | null;
	y: number | null;
	z: number | null;
}

interface Rule {
	id: string;
	/** The field the issue is about (its column is shown, its cell is the value). */
	field: string | null;
	/** SQL: whether the staged row `s` (joined to what it refers to) breaks the rule. */
	when: string;
	/** Rows it catches are checked no further. */
	stop?: boolean;
	/** SQL of the message's texts (a, b, …) and numbers (x, y, …). */
	texts?: string[];
	numbers?: string[];
	/** The issue's value is the record's value, not the cell as written. */
	typedValue?: boolean;
	message: (p: Params) => string;
}

/** Bloc codes and each bloc-year's criterion codes in the database, for reading wide sheets. */
export async function loadCatalogue(conn: DuckDBConnection): Promise<WideCatalogue> {
	const [blocs, criteria] = await Promise.all([
		allOn<{ c: string }>(conn, 'SELECT bloc_code AS c FROM bloc'),
		allOn<{ year: number; bloc: string; code: string }>(
			conn,
			`SELECT year, bloc_code AS bloc, criterion_code AS code FROM criterion
			 ORDER BY year, bloc_code, sort_order, criterion_code`
		)
	]);
	const byBlocYear = new Map<string, string[]>();
	for (const r of criteria) {
		const k = `${r.year}|${r.bloc}`;
		let codes = byBlocYear.get(k);
		if (!codes) byBlocYear.set(k, (codes = []));
		codes.push(r.code);
	}
	return {
		blocs: new Set(blocs.map((r) => r.c)),
		criteria: (blocCode, year) => byBlocYear.get(`${year}|${blocCode}`) ?? null
	};
}

const KIND_LABEL: Record<string, string> = {
	content: 'nội dung',
	bonus: 'điểm thưởng',
	deduction: 'điểm trừ'
};

const n = (v: number | null) => formatNumber(v ?? 0);

/** The unit, bloc, pledge, membership and criterion state a check reads (see `state`). */
interface State {
	units: string;
	blocs: string;
	pledges: string;
	memberships: string;
	criteria: string;
}

/**
 * What the database holds, with what the import's tables checked so far add (their rows that
 * broke no rule, `__ok`); an imported row replaces the stored one of its key.
 */
function state(made: ReadonlyMap<TableName, unknown>): State {
	const has = (t: TableName) => made.has(t);
	const over = (t: TableName, stored: string, imported: string, key: string[]) =>
		has(t)
			? `(SELECT ${imported} FROM ${checkTable(t)} WHERE __ok UNION ALL
			    SELECT ${stored} FROM main.${t === 'pledges' ? 'pledge' : t === 'memberships' ? 'bloc_membership' : 'criterion'} t
			    WHERE NOT EXISTS (SELECT 1 FROM ${checkTable(t)} i WHERE i.__ok AND ${key.map((k) => `i.${k} = t.${k}`).join(' AND ')}))`
			: `(SELECT ${stored} FROM main.${t === 'pledges' ? 'pledge' : t === 'memberships' ? 'bloc_membership' : 'criterion'} t)`;
	return {
		units: `(SELECT unit_code FROM main.unit${has('units') ? ` UNION SELECT unit_code FROM ${checkTable('units')} WHERE __ok` : ''})`,
		blocs: `(SELECT bloc_code FROM main.bloc${has('blocs') ? ` UNION SELECT bloc_code FROM ${checkTable('blocs')} WHERE __ok` : ''})`,
		pledges: over(
			'pledges',
			't.year, t.bloc_code, CAST(t.bonus_cap AS DOUBLE) AS bonus_cap',
			'year, bloc_code, bonus_cap',
			['year', 'bloc_code']
		),
		memberships: over(
			'memberships',
			't.year, t.unit_code, t.bloc_code, t.role',
			'year, unit_code, bloc_code, role',
			['year', 'unit_code']
		),
		criteria: over(
			'criteria',
			't.year, t.bloc_code, t.criterion_code, CAST(t.max_points AS DOUBLE) AS max, CAST(t.weight AS DOUBLE) AS weight, t.kind',
			'year, bloc_code, criterion_code, max_points AS max, weight, kind',
			['year', 'bloc_code', 'criterion_code']
		)
	};
}

const unknownUnit = (s: State, field: string, suffix = ''): Rule => ({
	id: `unit:${field}${suffix}`,
	field,
	when: `s.${field} NOT IN (SELECT unit_code FROM ${s.units})`,
	texts: [`s.${field}`],
	message: (p) => `không có đơn vị mã ${p.a}${suffix}`
});
const unknownBloc = (s: State, stop = false): Rule => ({
	id: 'bloc',
	field: 'bloc_code',
	when: `s.bloc_code NOT IN (SELECT bloc_code FROM ${s.blocs})`,
	stop,
	texts: ['s.bloc_code'],
	message: (p) => `không có khối mã ${p.a}`
});

/** The duplicate of an earlier row's key (in file order): checked no further. */
const duplicate = (table: TableName): Rule => {
	const key = TABLES_BY_NAME.get(table)!.key;
	return {
		id: 'duplicate',
		field: key[key.length - 1] ?? null,
		when: 'd.first IS NOT NULL',
		stop: true,
		texts: [key.map((k) => `COALESCE(CAST(s.${q(k)} AS VARCHAR), 'null')`).join(` || '|' || `)],
		numbers: ['d.first'],
		message: () => ''
	};
};

/** Per table: what each staged row `s` is joined to, and its rules in the order they are told. */
function rulesOf(table: TableName, s: State): { from: string; rules: Rule[]; mayBreak?: string } {
	const t = checkTable(table);
	const from = `${t} s LEFT JOIN import_dup d ON d.rec = s.__rec`;
	switch (table) {
		case 'units':
		case 'blocs':
			return { from, rules: [duplicate(table)] };
		case 'lineage':
			return {
				from,
				rules: [
					duplicate(table),
					unknownUnit(s, 'predecessor_code', ' trong danh sách đơn vị'),
					unknownUnit(s, 'successor_code', ' trong danh sách đơn vị'),
					{
						id: 'lineage:same',
						field: 'successor_code',
						when: 's.predecessor_code = s.successor_code',
						message: () => 'đơn vị kế thừa trùng với đơn vị cũ'
					}
				]
			};
		case 'memberships':
			return { from, rules: [duplicate(table), unknownUnit(s, 'unit_code'), unknownBloc(s)] };
		case 'pledges':
			return { from, rules: [duplicate(table), unknownBloc(s)] };
		case 'criteria':
			return {
				from,
				rules: [
					duplicate(table),
					{
						id: 'criteria:pledge',
						field: 'bloc_code',
						when: `NOT EXISTS (SELECT 1 FROM ${s.pledges} p WHERE p.year = s.year AND p.bloc_code = s.bloc_code)`,
						texts: ['s.bloc_code', 'CAST(s.year AS VARCHAR)'],
						message: (p) => `khối ${p.a} chưa có giao ước năm ${p.b}`
					}
				]
			};
		case 'scores': {
			const score = (field: 'self_score' | 'reviewed_score'): Rule[] => [
				{
					id: `max:${field}`,
					field,
					when: `s.${field} > c.max`,
					texts: ['s.criterion_code', 'c.kind'],
					numbers: [`s.${field}`, 'c.max'],
					message: (p) =>
						`${n(p.x)} vượt điểm tối đa ${n(p.y)} của tiêu chí ${p.a} (${KIND_LABEL[p.b ?? '']})`
				},
				{
					id: `cap:${field}`,
					field,
					when: `NOT COALESCE(s.${field} > c.max, false) AND c.kind = 'bonus' AND r.bonus_cap IS NOT NULL
					       AND s.${field} * c.weight > r.bonus_cap`,
					numbers: [`s.${field}`, 'c.weight', 'r.bonus_cap'],
					message: (p) =>
						`điểm thưởng ${n((p.x ?? 0) * (p.y ?? 0))} vượt trần điểm thưởng ${n(p.z)} của giao ước`
				}
			];
			return {
				// Whether any row may break a rule, from each sheet's and each criterion's rows together
				// (a million rows hold a few thousand of either): when none may, the rows are not read
				// one by one. Every rule is covered: the largest self-score and bloc score of a
				// criterion are below its maximum and cap when every one is.
				mayBreak: `SELECT EXISTS (SELECT 1 FROM import_dup)
				  OR EXISTS (SELECT 1 FROM import_score_sheet r
				             WHERE NOT r.unit_known OR NOT r.bloc_known OR NOT r.pledge_known
				                OR r.member_bloc IS DISTINCT FROM r.bloc_code)
				  OR EXISTS (SELECT 1 FROM ${SCORE_GROUPS} g
				             LEFT JOIN ${s.criteria} c ON c.year = g.year AND c.bloc_code = g.bloc_code AND c.criterion_code = g.criterion_code
				             LEFT JOIN ${s.pledges} p ON p.year = g.year AND p.bloc_code = g.bloc_code
				             WHERE NOT g.sheet AND (c.criterion_code IS NULL OR g.empty OR g.self > c.max OR g.review > c.max
				                OR (c.kind = 'bonus' AND p.bonus_cap IS NOT NULL
				                    AND (g.self * c.weight > p.bonus_cap OR g.review * c.weight > p.bonus_cap)))) AS broken`,
				// The unit, bloc, pledge and membership of each sheet once (import_score_sheet), the
				// criterion by its key.
				from: `${from}
				  LEFT JOIN import_score_sheet r ON r.year = s.year AND r.bloc_code = s.bloc_code AND r.unit_code = s.unit_code
				  LEFT JOIN ${s.criteria} c ON c.year = s.year AND c.bloc_code = s.bloc_code AND c.criterion_code = s.criterion_code`,
				rules: [
					duplicate(table),
					{ ...unknownUnit(s, 'unit_code'), when: 'NOT r.unit_known' },
					{ ...unknownBloc(s, true), when: 'NOT r.bloc_known' },
					{
						id: 'score:pledge',
						field: 'bloc_code',
						when: 'NOT r.pledge_known',
						stop: true,
						texts: ['s.bloc_code', 'CAST(s.year AS VARCHAR)'],
						message: (p) => `khối ${p.a} chưa có giao ước năm ${p.b}`
					},
					{
						id: 'score:member',
						field: 'unit_code',
						when: 'r.unit_known AND r.member_bloc IS DISTINCT FROM s.bloc_code',
						texts: ['s.unit_code', 's.bloc_code', 'CAST(s.year AS VARCHAR)', 'r.member_bloc'],
						message: (p) =>
							p.d !== null
								? `đơn vị ${p.a} không thuộc khối ${p.b} năm ${p.c} (năm đó thuộc khối ${p.d})`
								: `đơn vị ${p.a} không là thành viên khối nào năm ${p.c}`
					},
					{
						id: 'score:criterion',
						field: 'criterion_code',
						when: 'c.criterion_code IS NULL',
						stop: true,
						texts: ['CAST(s.year AS VARCHAR)', 's.bloc_code', 's.criterion_code'],
						message: (p) => `giao ước năm ${p.a} của khối ${p.b} không có tiêu chí ${p.c}`
					},
					{
						id: 'score:empty',
						field: 'self_score',
						when: 's.self_score IS NULL AND s.reviewed_score IS NULL',
						stop: true,
						message: () => 'cần ít nhất một trong hai: điểm tự chấm hoặc điểm khối chấm'
					},
					...score('self_score'),
					...score('reviewed_score')
				]
			};
		}
		case 'awards':
			return {
				from: `${from} LEFT JOIN import_award_catalogue a ON a.code = s.award_code`,
				rules: [
					{
						id: 'award:scope',
						field: 'award_code',
						when: "a.scope <> 'both' AND a.scope <> s.recipient_kind",
						texts: ['s.award_code', 's.recipient_kind'],
						message: (p) => {
							const def = AWARDS_BY_CODE.get(p.a ?? '')!;
							const what = `${def.vi} là ${def.awardClass === 'title' ? 'danh hiệu' : 'hình thức'} dành cho ${def.scope === 'individual' ? 'cá nhân' : 'tập thể'}`;
							return p.b === 'household' ? `${what}, không dành cho hộ gia đình` : what;
						}
					},
					{
						id: 'award:category',
						field: 'recipient_category',
						when: "s.recipient_kind = 'individual' AND s.recipient_category IS NULL",
						message: () =>
							'khen thưởng cá nhân cần ghi thành phần (Lãnh đạo, Quản lý, …, Người lao động trực tiếp)'
					},
					{
						id: 'award:collective',
						field: 'recipient_category',
						when: "s.recipient_kind <> 'individual' AND s.recipient_category IS NOT NULL",
						texts: ['s.recipient_kind'],
						message: (p) =>
							`khen thưởng ${p.a === 'household' ? 'hộ gia đình' : 'tập thể'} không ghi thành phần cá nhân`
					},
					// Issue 15 part 6: the official class, the enterprise flag (Thông tư 2/2023/TT-BNV).
					{
						id: 'award:class-kind',
						field: 'official_class',
						when: "s.recipient_kind <> 'individual' AND s.official_class IS NOT NULL",
						texts: ['s.recipient_kind'],
						message: (p) =>
							`khen thưởng ${p.a === 'household' ? 'hộ gia đình' : 'tập thể'} không ghi phân loại cá nhân`
					},
					{
						id: 'award:class',
						field: 'official_class',
						when: `s.recipient_kind = 'individual' AND s.official_class IS NOT NULL AND s.recipient_category IS NOT NULL
						       AND (s.recipient_category IN ('leader', 'manager')) <> (s.official_class <> 'direct_worker')`,
						texts: ['s.official_class', 's.recipient_category'],
						message: (p) =>
							`phân loại cá nhân «${classLabel(p.a)}» không khớp thành phần «${categoryLabel(p.b)}»: Lãnh đạo, Quản lý thuộc một trong bốn loại lãnh đạo, doanh nhân; Cán bộ công chức viên chức, Người lao động trực tiếp, Nhân dân thuộc loại «Người trực tiếp công tác, lao động, …»`
					},
					{
						id: 'award:enterprise',
						field: 'enterprise',
						when: "s.recipient_kind <> 'collective' AND s.enterprise",
						texts: ['s.recipient_kind'],
						message: (p) =>
							`chỉ tập thể mới ghi «Doanh nghiệp»; dòng này là khen thưởng ${p.a === 'household' ? 'hộ gia đình' : 'cá nhân'}`
					},
					duplicate(table),
					unknownUnit(s, 'unit_code')
				]
			};
		case 'headcounts':
			return {
				from,
				rules: [
					duplicate(table),
					unknownUnit(s, 'unit_code'),
					{
						id: 'headcount:tasks',
						field: 'tasks_completed',
						when: 's.tasks_completed IS NOT NULL AND s.tasks_completed > s.members',
						texts: ['CAST(s.tasks_completed AS VARCHAR)', 'CAST(s.members AS VARCHAR)'],
						message: (p) => `số hoàn thành nhiệm vụ ${p.a} lớn hơn tổng số người ${p.b}`
					}
				]
			};
	}
}

/** At most one leader (Trưởng khối) and one deputy per bloc and year, counting the database too. */
const ROLE_RULE: Rule = {
	id: 'role',
	field: 'role',
	when: 'true',
	typedValue: true,
	message: (p) =>
		`khối ${p.a} năm ${p.b} có ${p.x} đơn vị cùng vai trò ${p.c === 'leader' ? 'Trưởng khối' : 'Phó khối'}; chỉ được một`
};

/** Values a check reads that a file may leave empty: their defaults, before any check. */
const DEFAULTS: Partial<Record<TableName, string>> = {
	units: 'remote_area = COALESCE(remote_area, false)',
	lineage: "event = COALESCE(event, 'merge')",
	memberships: "role = COALESCE(role, 'member')",
	criteria:
		"weight = COALESCE(weight, 1), kind = COALESCE(kind, 'content'), sort_order = COALESCE(sort_order, __row)"
};

const ISSUE_TABLE = `CREATE TEMP TABLE IF NOT EXISTS import_issue (
	tbl INTEGER, part INTEGER, k1 BIGINT, k2 BIGINT, ord INTEGER, rec BIGINT, rule VARCHAR, field VARCHAR,
	val VARCHAR, a VARCHAR, b VARCHAR, c VARCHAR, d VARCHAR, x DOUBLE, y DOUBLE, z DOUBLE)`;

/**
 * Score rows of sheets `refuse` refuses, each as an error at its row (its bloc column; a wide
 * sheet's unit column), removed before anything is compared with them.
 */
export async function screenScores(
	conn: DuckDBConnection,
	refuse: RowScreen,
	files: ReadonlyMap<number, StagedFile>,
	made: CheckTables
): Promise<ImportIssue[]> {
	if (!made.has('scores')) return [];
	const t = checkTable('scores');
	const sheets = await allOn<{ year: number; bloc: string; unit: string }>(
		conn,
		`SELECT DISTINCT year, bloc_code AS bloc, unit_code AS unit FROM ${t}`
	);
	const refused = sheets
		.map((s) => ({ ...s, message: refuse({ year: s.year, blocCode: s.bloc, unitCode: s.unit }) }))
		.filter((s): s is typeof s & { message: string } => s.message !== null);
	if (refused.length === 0) return [];
	await materialize(conn, made, 'scores');
	await conn.run(
		'CREATE TEMP TABLE import_refused (year INTEGER, bloc_code VARCHAR, unit_code VARCHAR, message VARCHAR)'
	);
	const appender = await conn.createAppender('import_refused', 'main', 'temp');
	try {
		for (const r of refused) {
			appender.appendInteger(r.year);
			appender.appendVarchar(r.bloc);
			appender.appendVarchar(r.unit);
			appender.appendVarchar(r.message);
			appender.endRow();
		}
		appender.flushSync();
	} finally {
		appender.closeSync();
	}
	const rows = await allOn<{ rec: number; bloc: string; unit: string; message: string }>(
		conn,
		`SELECT s.__rec::DOUBLE AS rec, s.bloc_code AS bloc, s.unit_code AS unit, r.message
		 FROM ${t} s JOIN import_refused r USING (year, bloc_code, unit_code) ORDER BY s.__rec`
	);
	await conn.run(`DELETE FROM ${t} s USING import_refused r
	                WHERE s.year = r.year AND s.bloc_code = r.bloc_code AND s.unit_code = r.unit_code`);
	await conn.run('DROP TABLE import_refused');
	return rows.map((r) => {
		const f = files.get(placeOf(r.rec).file)!;
		const field = f.layout === 'wide' ? 'unit_code' : 'bloc_code';
		const col = f.records?.get(r.rec)?.cells[field] ?? f.columns.get(field);
		return {
			severity: 'error' as const,
			file: f.file,
			row: placeOf(r.rec).row,
			column: col ? `${col.letter} "${col.header}"` : null,
			field,
			value: field === 'unit_code' ? r.unit : r.bloc,
			message: r.message
		};
	});
}

/**
 * Every rule of every staged table, in import order; returns the issues in report order.
 * Defaults the checks rely on are filled in first (a membership's role, a criterion's weight).
 */
export async function checkStaged(
	conn: DuckDBConnection,
	files: ReadonlyMap<number, StagedFile>,
	made: CheckTables
): Promise<ImportIssue[]> {
	await conn.run(ISSUE_TABLE);
	const s = state(made);
	const rules = new Map<string, Rule>([[`memberships:${ROLE_RULE.id}`, ROLE_RULE]]);
	for (const [ord, table] of IMPORT_ORDER.entries()) {
		if (!made.has(table)) continue;
		const t = checkTable(table);
		if (DEFAULTS[table] || table === 'awards') await materialize(conn, made, table);
		if (DEFAULTS[table]) await conn.run(`UPDATE ${t} SET ${DEFAULTS[table]}`);
		if (table === 'awards') await awardDefaults(conn, t);
		if (table === 'scores') await scoreSheets(conn, t, s);
		await duplicates(conn, table, t);
		const { from, rules: list, mayBreak } = rulesOf(table, s);
		for (const r of list) rules.set(`${table}:${r.id}`, r);
		const may = mayBreak ? (await allOn<{ broken: boolean }>(conn, mayBreak))[0]?.broken !== false : true;
		const broken = may && (await runRules(conn, table, ord, from, list));
		await conn.run('DROP TABLE import_dup');
		// What the tables after this one see: its rows that broke none of its rules.
		if (broken) await materialize(conn, made, table);
		if (broken)
			await conn.run(
				`UPDATE ${t} SET __ok = false WHERE __rec IN (SELECT rec FROM import_issue WHERE tbl = ${ord} AND part = 0)`
			);
		if (table === 'memberships') await checkRoles(conn, ord);
	}
	return readIssues(conn, files, rules);
}

/**
 * Rows whose key an earlier row (in file order) has, with that row (`first`), in import_dup.
 * Keys are grouped by their hash first; only rows whose hash repeats are compared.
 */
async function duplicates(conn: DuckDBConnection, table: TableName, t: string) {
	const key = TABLES_BY_NAME.get(table)!.key.map(q);
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE import_dup_hash AS
		 SELECT hash(${key.join(', ')}) AS h FROM ${t} GROUP BY ALL HAVING count(*) > 1`
	);
	const [{ n } = { n: 0 }] = await allOn<{ n: number }>(
		conn,
		'SELECT count(*)::INTEGER AS n FROM import_dup_hash'
	);
	await conn.run(
		n === 0
			? 'CREATE OR REPLACE TEMP TABLE import_dup (rec BIGINT, first BIGINT)'
			: `CREATE OR REPLACE TEMP TABLE import_dup AS
			   WITH c AS (SELECT * FROM ${t} WHERE hash(${key.join(', ')}) IN (SELECT h FROM import_dup_hash))
			   SELECT c.__rec AS rec, g.first FROM c
			   JOIN (SELECT ${key.join(', ')}, min(__rec) AS first FROM c GROUP BY ALL HAVING count(*) > 1) g
			     ON ${key.map((k) => `g.${k} IS NOT DISTINCT FROM c.${k}`).join(' AND ')}
			   WHERE c.__rec <> g.first`
	);
	await conn.run('DROP TABLE import_dup_hash');
}

/** The rules of one table: the rows that break any (few, in a clean file), then each rule's issues. */
async function runRules(
	conn: DuckDBConnection,
	table: TableName,
	ord: number,
	from: string,
	rules: Rule[]
): Promise<boolean> {
	const caught = rules.map((r) => `COALESCE((${r.when}), false)`);
	const params = (r: Rule) => {
		const texts = [...(r.texts ?? [])];
		const nums = [...(r.numbers ?? [])];
		return [
			...[0, 1, 2, 3].map((i) => (texts[i] ? `CAST(${texts[i]} AS VARCHAR)` : 'NULL::VARCHAR')),
			...[0, 1, 2].map((i) => (nums[i] ? `CAST(${nums[i]} AS DOUBLE)` : 'NULL::DOUBLE'))
		];
	};
	const value = (r: Rule) =>
		r.field && !['self_score', 'reviewed_score'].includes(r.field)
			? `CAST(s.${q(r.field)} AS VARCHAR)`
			: 'NULL::VARCHAR';
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE import_broken AS
		 SELECT s.__rec AS rec, ${rules
				.map(
					(r, k) =>
						`${caught[k]} AS k${k}, ${value(r)} AS v${k}, ${params(r)
							.map((p, i) => `${p} AS p${k}_${i}`)
							.join(', ')}`
				)
				.join(',\n')}
		 FROM ${from}
		 WHERE ${caught.join(' OR ')}`
	);
	const [{ n } = { n: 0 }] = await allOn<{ n: number }>(
		conn,
		'SELECT count(*)::INTEGER AS n FROM import_broken'
	);
	if (n === 0) {
		await conn.run('DROP TABLE import_broken');
		return false;
	}
	const stops: string[] = [];
	const selects = rules.map((r, k) => {
		const sql = `SELECT ${ord}, 0, rec, 0, ${k}, rec, ${lit(`${table}:${r.id}`)}, ${r.field ? lit(r.field) : 'NULL'}, v${k},
		                    ${[0, 1, 2, 3, 4, 5, 6].map((i) => `p${k}_${i}`).join(', ')}
		             FROM import_broken WHERE k${k}${stops.map((x) => ` AND NOT ${x}`).join('')}`;
		if (r.stop) stops.push(`k${k}`);
		return sql;
	});
	await conn.run(`INSERT INTO import_issue ${selects.join(' UNION ALL ')}`);
	await conn.run('DROP TABLE import_broken');
	return true;
}

/**
 * The staged scores grouped once, two ways (SCORE_GROUPS): per sheet (year, bloc, unit) and file,
 * with its rows and how many hold a self-score, a bloc score, a note; and per criterion of a
 * bloc-year with its largest scores and whether a row has neither score. Then, per sheet,
 * whether its unit, bloc and pledge exist and the unit's bloc (import_score_sheet). The write
 * reads the sheets again (write.ts).
 */
async function scoreSheets(conn: DuckDBConnection, t: string, s: State) {
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE ${SCORE_GROUPS} AS
		 SELECT GROUPING(unit_code) = 0 AS sheet, year, bloc_code, unit_code, __file_no, criterion_code,
		        count(*)::INTEGER AS n, count(self_score)::INTEGER AS selfs, count(reviewed_score)::INTEGER AS reviews,
		        count(note)::INTEGER AS notes, max(self_score) AS self, max(reviewed_score) AS review,
		        bool_or(self_score IS NULL AND reviewed_score IS NULL) AS empty
		 FROM ${t} GROUP BY GROUPING SETS ((year, bloc_code, unit_code, __file_no), (year, bloc_code, criterion_code))`
	);
	await conn.run(
		`CREATE OR REPLACE TEMP TABLE import_score_sheet AS
		 SELECT k.year, k.bloc_code, k.unit_code,
		        k.unit_code IN (SELECT unit_code FROM ${s.units}) AS unit_known,
		        k.bloc_code IN (SELECT bloc_code FROM ${s.blocs}) AS bloc_known,
		        p.year IS NOT NULL AS pledge_known, p.bonus_cap, m.bloc_code AS member_bloc
		 FROM (SELECT DISTINCT year, bloc_code, unit_code FROM ${SCORE_GROUPS} WHERE sheet) k
		 LEFT JOIN ${s.pledges} p ON p.year = k.year AND p.bloc_code = k.bloc_code
		 LEFT JOIN ${s.memberships} m ON m.year = k.year AND m.unit_code = k.unit_code`
	);
}

/** The award catalogue's class, level and scope, and an award's id from its year, unit, recipient and code. */
async function awardDefaults(conn: DuckDBConnection, t: string) {
	await conn.run(
		'CREATE OR REPLACE TEMP TABLE import_award_catalogue (code VARCHAR, award_class VARCHAR, level VARCHAR, scope VARCHAR)'
	);
	const appender = await conn.createAppender('import_award_catalogue', 'main', 'temp');
	try {
		for (const a of AWARD_CATALOGUE) {
			for (const v of [a.code, a.awardClass, a.defaultLevel, a.scope]) appender.appendVarchar(v);
			appender.endRow();
		}
		appender.flushSync();
	} finally {
		appender.closeSync();
	}
	await conn.run(
		`UPDATE ${t} s SET award_class = a.award_class, level = COALESCE(s.level, a.level),
		        ethnic_minority = COALESCE(s.ethnic_minority, false), remote_area = COALESCE(s.remote_area, false),
		        small_collective = COALESCE(s.small_collective, false),
		        award_method = COALESCE(s.award_method, 'regular'),
		        award_id = COALESCE(s.award_id, CAST(s.year AS VARCHAR) || '|' || s.unit_code || '|' || s.recipient_name || '|' || s.award_code)
		 FROM import_award_catalogue a WHERE a.code = s.award_code`
	);
	await officialClassDefaults(conn, t);
}

const sqlCase = (e: string, map: Readonly<Record<string, string>>) =>
	`CASE ${e} ${Object.entries(map)
		.map(([k, v]) => `WHEN ${lit(k)} THEN ${lit(v)}`)
		.join(' ')} END`;

/**
 * An individual's recipient category and official class (Thông tư 2/2023/TT-BNV) from each
 * other when a file gives only one (domain/official-class.ts): a row that replaces a stored one
 * and leaves the other out keeps the stored value when it agrees with what the file gives, and
 * gets the default otherwise (a stored «Lãnh đạo cấp bộ» beside a new «Nhân dân» would be a
 * contradiction nobody typed). The value is then the row's own, not kept by the write.
 */
async function officialClassDefaults(conn: DuckDBConnection, t: string) {
	const leading = (cat: string) => `(${cat} IN ('leader', 'manager'))`;
	const agrees = (cat: string, cls: string) => `(${leading(cat)} = (${cls} <> 'direct_worker'))`;
	const without = (col: string) =>
		`NULLIF(array_to_string(list_filter(string_split(s.__keep, ','), x -> x <> '${col}'), ','), '')`;
	await conn.run(
		`UPDATE ${t} s SET
		   official_class = CASE
		     WHEN s.official_class IS NOT NULL OR s.recipient_category IS NULL THEN s.official_class
		     WHEN list_contains(string_split(s.__keep, ','), 'official_class') AND st.official_class IS NOT NULL
		          AND ${agrees('s.recipient_category', 'st.official_class')} THEN st.official_class
		     ELSE ${sqlCase('s.recipient_category', CLASS_OF_CATEGORY)} END,
		   recipient_category = CASE
		     WHEN s.recipient_category IS NOT NULL OR s.official_class IS NULL THEN s.recipient_category
		     WHEN list_contains(string_split(s.__keep, ','), 'recipient_category') AND st.recipient_category IS NOT NULL
		          AND ${agrees('st.recipient_category', 's.official_class')} THEN st.recipient_category
		     ELSE ${sqlCase('s.official_class', CATEGORY_OF_CLASS)} END,
		   __keep = ${without('official_class')}
		 FROM (SELECT s2.__rec AS rec, st.official_class, st.recipient_category
		       FROM ${t} s2 LEFT JOIN main.award st ON st.award_id = s2.award_id) st
		 WHERE st.rec = s.__rec AND s.recipient_kind = 'individual'`
	);
	await conn.run(
		`UPDATE ${t} s SET __keep = ${without('recipient_category')} WHERE s.recipient_kind = 'individual'`
	);
}

const CLASS_WORDS: Readonly<Record<string, string>> = {
	senior_leader: 'Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên',
	department_leader: 'Lãnh đạo cấp vụ, sở, ngành và tương đương',
	entrepreneur: 'Doanh nhân',
	other_leader: 'Các cấp lãnh đạo khác từ phó phòng trở lên',
	direct_worker: 'Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu'
};
const CATEGORY_WORDS: Readonly<Record<string, string>> = {
	leader: 'Lãnh đạo',
	manager: 'Quản lý',
	staff: 'Cán bộ, công chức, viên chức',
	direct_worker: 'Người lao động trực tiếp',
	citizen: 'Nhân dân'
};
const classLabel = (c: string | null) => CLASS_WORDS[c ?? ''] ?? c ?? '';
const categoryLabel = (c: string | null) => CATEGORY_WORDS[c ?? ''] ?? c ?? '';

/**
 * Leaders and deputies: every non-duplicate membership row with the role counts, and so do the
 * stored members of that bloc-year with it whose membership the import does not replace.
 */
async function checkRoles(conn: DuckDBConnection, ord: number) {
	const t = checkTable('memberships');
	await conn.run(
		`INSERT INTO import_issue
		 WITH r AS (SELECT s.__rec, s.year, s.bloc_code, s.role FROM ${t} s
		            WHERE s.role <> 'member'
		              AND s.__rec NOT IN (SELECT rec FROM import_issue WHERE tbl = ${ord} AND rule = 'memberships:duplicate')),
		      k AS (SELECT year, bloc_code, role, count(*) AS n, min(__rec) AS first FROM r GROUP BY ALL),
		      e AS (SELECT k.year, k.bloc_code, k.role, count(*) AS existing
		            FROM k JOIN main.bloc_membership m ON m.year = k.year AND m.bloc_code = k.bloc_code AND m.role = k.role
		            WHERE NOT EXISTS (SELECT 1 FROM ${t} a WHERE a.__ok AND a.year = m.year AND a.unit_code = m.unit_code)
		            GROUP BY ALL)
		 SELECT ${ord}, 1, k.first, r.__rec, 0, r.__rec, 'memberships:${ROLE_RULE.id}', 'role', r.role,
		        r.bloc_code, CAST(r.year AS VARCHAR), r.role, NULL, k.n + COALESCE(e.existing, 0), NULL, NULL
		 FROM r JOIN k USING (year, bloc_code, role) LEFT JOIN e USING (year, bloc_code, role)
		 WHERE k.n + COALESCE(e.existing, 0) > 1`
	);
}

interface IssueRow extends Params {
	rec: number;
	rule: string;
	field: string | null;
	val: string | null;
}

/** The report: every issue in order, located in its file, with the cell as written and its message. */
async function readIssues(
	conn: DuckDBConnection,
	files: ReadonlyMap<number, StagedFile>,
	rules: ReadonlyMap<string, Rule>
): Promise<ImportIssue[]> {
	const rows = await allOn<IssueRow>(
		conn,
		`SELECT rec::DOUBLE AS rec, rule, field, val, a, b, c, d, x, y, z FROM import_issue
		 ORDER BY tbl, part, k1, k2, ord`
	);
	if (rows.length === 0) return [];
	// The cells as written, from the grids of long files.
	const written = new Map<string, string | null>();
	for (const f of files.values()) {
		if (!f.grid || f.grid.index.size === 0) continue;
		const lo = f.no * 2 ** 40;
		const cases = [...f.grid.index].map(([field, i]) => `WHEN ${lit(field)} THEN g.c${i}`).join(' ');
		const cells = await allOn<{ rec: number; field: string; raw: string | null }>(
			conn,
			`SELECT DISTINCT i.rec::DOUBLE AS rec, i.field, CASE i.field ${cases} END AS raw
			 FROM import_issue i JOIN ${f.grid.table} g ON g.__row = ((i.rec - ${lo}) // 16384)
			 WHERE i.rec >= ${lo} AND i.rec < ${lo + 2 ** 40} AND i.field IS NOT NULL`
		);
		for (const c of cells) written.set(`${c.rec}|${c.field}`, c.raw);
	}
	return rows.map((r) => {
		const rule = rules.get(r.rule)!;
		const place = placeOf(r.rec);
		const f = files.get(place.file)!;
		const wide = f.records?.get(r.rec);
		const col = r.field ? (wide?.cells[r.field] ?? f.columns.get(r.field)) : undefined;
		const raw =
			rule.typedValue || !r.field ? undefined : wide ? wide.raw[r.field] : written.get(`${r.rec}|${r.field}`);
		let message: string;
		if (rule.id === 'duplicate') {
			const first = placeOf(r.x!);
			message = `dòng trùng khóa (${f.table.key.join(', ')} = ${r.a}) với ${files.get(first.file)!.file} dòng ${first.row}`;
		} else message = rule.message(r);
		return {
			severity: 'error' as const,
			file: f.file,
			row: place.row,
			column: col ? `${col.letter} "${col.header}"` : null,
			field: r.field,
			value: raw ?? r.val,
			message
		};
	});
}
