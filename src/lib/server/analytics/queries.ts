/**
 * SQL of the analytics. Only static text: every input is a bind parameter; the readable
 * bloc-years arrive as one parameter (see `allowedSql` in ./access). Numbers leave DuckDB as
 * INTEGER or DOUBLE.
 */
import { allowedSql } from './access';

/**
 * One row per member × content criterion of the readable bloc-years selected:
 * points as the ranking uses them (reviewed, else self, else 0), percent = points / max × 100.
 * $1 bloc_code (NULL = every bloc), $2 year (NULL = every year), $3 readable bloc-years.
 */
export const CELLS_SQL = `
SELECT
	CAST(m.year AS INTEGER) AS year,
	m.bloc_code AS "blocCode",
	m.unit_code AS "unitCode",
	c.criterion_code AS "criterionCode",
	CAST(COALESCE(s.reviewed_score, s.self_score, 0) AS DOUBLE) AS points,
	CAST(c.max_points AS DOUBLE) AS "maxPoints",
	CAST(COALESCE(s.reviewed_score, s.self_score, 0) AS DOUBLE) * 100 / CAST(c.max_points AS DOUBLE) AS percent,
	(s.reviewed_score IS NULL AND s.self_score IS NOT NULL) AS unreviewed,
	(s.reviewed_score IS NULL AND s.self_score IS NULL) AS missing
FROM bloc_membership m
JOIN criterion c ON c.year = m.year AND c.bloc_code = m.bloc_code AND c.kind = 'content'
LEFT JOIN score s
	ON s.year = m.year AND s.bloc_code = m.bloc_code AND s.unit_code = m.unit_code
	AND s.criterion_code = c.criterion_code
WHERE ($1::VARCHAR IS NULL OR m.bloc_code = $1::VARCHAR)
	AND ($2::INTEGER IS NULL OR m.year = $2::INTEGER)
	AND ${allowedSql('m.bloc_code', 'm.year', 3)}
ORDER BY m.year, m.bloc_code, m.unit_code, c.sort_order, c.criterion_code
`;

/**
 * The percent of every member × content criterion of bloc $1 in its readable years ($2), as in
 * CELLS_SQL but only the four columns the statistics across years read.
 */
export const PERCENTS_SQL = `
SELECT
	CAST(m.year AS INTEGER) AS year,
	m.unit_code AS "unitCode",
	c.criterion_code AS "criterionCode",
	CAST(COALESCE(s.reviewed_score, s.self_score, 0) AS DOUBLE) * 100 / CAST(c.max_points AS DOUBLE) AS percent
FROM bloc_membership m
JOIN criterion c ON c.year = m.year AND c.bloc_code = m.bloc_code AND c.kind = 'content'
LEFT JOIN score s
	ON s.year = m.year AND s.bloc_code = m.bloc_code AND s.unit_code = m.unit_code
	AND s.criterion_code = c.criterion_code
WHERE m.bloc_code = $1::VARCHAR AND ${allowedSql('m.bloc_code', 'm.year', 2)}
ORDER BY m.year, m.unit_code, c.sort_order, c.criterion_code
`;

/**
 * Criteria of the readable pledges of a bloc ($1, NULL = every bloc); $2 readable bloc-years;
 * $3 one year (NULL = every year).
 */
export const CRITERIA_SQL = `
SELECT
	CAST(year AS INTEGER) AS year,
	bloc_code AS "blocCode",
	criterion_code AS code,
	criterion_name AS name,
	group_code AS "groupCode",
	group_name AS "groupName",
	CAST(max_points AS DOUBLE) AS "maxPoints",
	CAST(weight AS DOUBLE) AS weight,
	kind,
	sort_order AS "sortOrder"
FROM criterion
WHERE ($1::VARCHAR IS NULL OR bloc_code = $1::VARCHAR) AND ${allowedSql('bloc_code', 'year', 2)}
	AND ($3::INTEGER IS NULL OR year = $3::INTEGER)
ORDER BY year, bloc_code, sort_order, criterion_code
`;

/**
 * How the content criteria changed between consecutive readable years ($1, see `allowedSql`) of
 * each bloc, counted as `criteriaChanges` and `changeCounts` (src/lib/domain/trends.ts) count
 * them: matched by code; kept, changed (name, maximum, weight or group differ), added, removed.
 * One row per pair of years that has criteria; the reference is the domain function (tested).
 */
export const CRITERIA_CHANGE_COUNTS_SQL = `
WITH readable AS (
	SELECT bloc_code, year FROM pledge WHERE ${allowedSql('bloc_code', 'year', 1)}
),
pairs AS (
	SELECT * FROM (
		SELECT bloc_code, LAG(year) OVER (PARTITION BY bloc_code ORDER BY year) AS from_year, year AS to_year
		FROM readable
	) WHERE from_year IS NOT NULL
),
content AS (
	SELECT year, bloc_code, criterion_code AS code, criterion_name AS name,
		CAST(max_points AS DOUBLE) AS max_points, CAST(weight AS DOUBLE) AS weight, group_code
	FROM criterion WHERE kind = 'content'
),
before AS (
	SELECT p.bloc_code, p.from_year, p.to_year, c.code, c.name, c.max_points, c.weight, c.group_code
	FROM pairs p JOIN content c ON c.bloc_code = p.bloc_code AND c.year = p.from_year
),
after AS (
	SELECT p.bloc_code, p.from_year, p.to_year, c.code, c.name, c.max_points, c.weight, c.group_code
	FROM pairs p JOIN content c ON c.bloc_code = p.bloc_code AND c.year = p.to_year
),
matched AS (
	SELECT
		COALESCE(b.bloc_code, a.bloc_code) AS bloc_code,
		COALESCE(b.from_year, a.from_year) AS from_year,
		COALESCE(b.to_year, a.to_year) AS to_year,
		b.code IS NOT NULL AS in_before,
		a.code IS NOT NULL AS in_after,
		(b.name IS DISTINCT FROM a.name OR b.max_points IS DISTINCT FROM a.max_points
			OR b.weight IS DISTINCT FROM a.weight OR b.group_code IS DISTINCT FROM a.group_code) AS differs
	FROM before b
	FULL OUTER JOIN after a
		ON a.bloc_code = b.bloc_code AND a.from_year = b.from_year AND a.to_year = b.to_year AND a.code = b.code
)
SELECT
	bloc_code AS "blocCode",
	CAST(from_year AS INTEGER) AS "from",
	CAST(to_year AS INTEGER) AS "to",
	CAST(count(*) FILTER (WHERE in_before AND in_after AND NOT differs) AS INTEGER) AS kept,
	CAST(count(*) FILTER (WHERE in_before AND in_after AND differs) AS INTEGER) AS changed,
	CAST(count(*) FILTER (WHERE in_after AND NOT in_before) AS INTEGER) AS added,
	CAST(count(*) FILTER (WHERE in_before AND NOT in_after) AS INTEGER) AS removed
FROM matched
GROUP BY bloc_code, from_year, to_year
ORDER BY bloc_code, from_year
`;

/** Membership rows with unit names, `where` a condition on `m` (or empty), in one order. */
function memberships(where: string, before = ''): string {
	return `${before}
SELECT
	CAST(m.year AS INTEGER) AS year,
	m.bloc_code AS "blocCode",
	m.unit_code AS "unitCode",
	COALESCE(u.unit_name, m.unit_code) AS "unitName",
	m.role
FROM bloc_membership m
LEFT JOIN unit u ON u.unit_code = m.unit_code
${where ? `WHERE ${where}` : ''}
ORDER BY m.year, m.bloc_code, m.unit_code
`;
}

/** Every membership row, with unit names. */
export const MEMBERSHIPS_SQL = memberships('');

/**
 * The membership rows of the units ever in bloc $1 and of those one lineage link away from them,
 * in the order of MEMBERSHIPS_SQL.
 */
export const BLOC_MEMBERSHIPS_SQL = memberships(
	'm.unit_code IN (SELECT unit_code FROM wanted)',
	`WITH members AS (
	SELECT DISTINCT unit_code FROM bloc_membership WHERE bloc_code = $1::VARCHAR
),
wanted AS (
	SELECT unit_code FROM members
	UNION SELECT l.predecessor_code FROM unit_lineage l JOIN members w ON w.unit_code = l.successor_code
	UNION SELECT l.successor_code FROM unit_lineage l JOIN members w ON w.unit_code = l.predecessor_code
)`
);

/** The membership rows of the units in the list $1 (VARCHAR[]), in the order of MEMBERSHIPS_SQL. */
export const UNIT_MEMBERSHIPS_SQL = memberships('list_contains($1::VARCHAR[], m.unit_code)');

export const LINEAGE_SQL = `
SELECT
	predecessor_code AS predecessor,
	successor_code AS successor,
	CAST(year AS INTEGER) AS year,
	event,
	note
FROM unit_lineage
ORDER BY successor_code, predecessor_code
`;

export const BLOCS_SQL = `
SELECT b.bloc_code AS "blocCode", b.bloc_name AS "blocName"
FROM bloc b
ORDER BY b.bloc_code
`;

export const UNIT_SQL = `
SELECT unit_code AS "unitCode", unit_name AS "unitName", unit_type AS "unitType", remote_area AS "remoteArea", note
FROM unit
WHERE unit_code = $1::VARCHAR
`;

/**
 * Award rows counted at the grain year × bloc × unit × award × level, with the counts of
 * `AwardCounts`. The bloc is the unit's bloc that year (NULL when none).
 */
export const AWARD_FACTS_SQL = `
SELECT
	CAST(a.year AS INTEGER) AS year,
	m.bloc_code AS "blocCode",
	a.unit_code AS "unitCode",
	COALESCE(u.unit_name, a.unit_code) AS "unitName",
	a.award_code AS "awardCode",
	a.award_class AS "awardClass",
	a.level,
	CAST(count(*) AS INTEGER) AS awards,
	CAST(count(*) FILTER (WHERE a.recipient_kind = 'individual') AS INTEGER) AS individuals,
	CAST(count(*) FILTER (WHERE a.recipient_category = 'leader') AS INTEGER) AS leader,
	CAST(count(*) FILTER (WHERE a.recipient_category = 'manager') AS INTEGER) AS manager,
	CAST(count(*) FILTER (WHERE a.recipient_category = 'staff') AS INTEGER) AS staff,
	CAST(count(*) FILTER (WHERE a.recipient_category = 'direct_worker') AS INTEGER) AS "directWorker",
	CAST(count(*) FILTER (WHERE a.recipient_category = 'citizen') AS INTEGER) AS citizen,
	CAST(count(*) FILTER (WHERE a.recipient_kind = 'individual' AND a.gender = 'female') AS INTEGER) AS women,
	CAST(count(*) FILTER (WHERE a.recipient_kind = 'individual' AND a.gender IS NOT NULL) AS INTEGER)
		AS "genderKnown",
	CAST(count(*) FILTER (WHERE a.recipient_kind = 'individual' AND a.ethnic_minority) AS INTEGER) AS minority,
	CAST(count(*) FILTER (WHERE a.recipient_kind = 'collective') AS INTEGER) AS collectives,
	CAST(count(*) FILTER (WHERE a.recipient_kind = 'collective' AND a.small_collective) AS INTEGER)
		AS "smallCollectives",
	CAST(count(*) FILTER (WHERE a.remote_area) AS INTEGER) AS remote
FROM award a
LEFT JOIN bloc_membership m ON m.year = a.year AND m.unit_code = a.unit_code
LEFT JOIN unit u ON u.unit_code = a.unit_code
GROUP BY a.year, m.bloc_code, a.unit_code, u.unit_name, a.award_code, a.award_class, a.level
ORDER BY a.year, m.bloc_code, a.unit_code, a.award_code, a.level
`;

/** The award rows of one unit in one year; $1 unit, $2 year. */
export const AWARD_ROWS_SQL = `
SELECT
	award_id AS "awardId",
	recipient_kind AS "recipientKind",
	recipient_name AS "recipientName",
	recipient_category AS "recipientCategory",
	award_code AS "awardCode",
	award_class AS "awardClass",
	level,
	gender,
	ethnic_minority AS "ethnicMinority",
	remote_area AS "remoteArea",
	small_collective AS "smallCollective",
	decision_no AS "decisionNo",
	CAST(decision_date AS VARCHAR) AS "decisionDate"
FROM award
WHERE unit_code = $1::VARCHAR AND year = $2::INTEGER
	-- $3 false: collectives only; individuals are personal data (policy read:award-recipients)
	AND ($3::BOOLEAN OR recipient_kind = 'collective')
ORDER BY recipient_kind DESC, award_class DESC, award_code, recipient_category, recipient_name COLLATE vi, award_id
`;

/** Per unit and year: LĐTT, CSTĐCS and Tập thể lao động xuất sắc awards, and the headcount. */
export const RULE_FACTS_SQL = `
WITH counts AS (
	SELECT
		year,
		unit_code,
		CAST(count(*) FILTER (WHERE award_code = 'LDTT' AND recipient_kind = 'individual') AS INTEGER) AS ldtt,
		CAST(count(*) FILTER (WHERE award_code = 'CSTDCS' AND recipient_kind = 'individual') AS INTEGER) AS cstdcs,
		list(recipient_name ORDER BY recipient_name) FILTER (WHERE award_code = 'TTLDXS' AND recipient_kind = 'collective')
			AS ttldxs
	FROM award
	GROUP BY year, unit_code
),
keys AS (
	SELECT year, unit_code FROM counts
	UNION
	SELECT year, unit_code FROM unit_headcount
)
SELECT
	CAST(k.year AS INTEGER) AS year,
	k.unit_code AS "unitCode",
	COALESCE(u.unit_name, k.unit_code) AS "unitName",
	m.bloc_code AS "blocCode",
	COALESCE(c.ldtt, 0) AS ldtt,
	COALESCE(c.cstdcs, 0) AS cstdcs,
	COALESCE(c.ttldxs, []) AS ttldxs,
	h.members,
	h.tasks_completed AS "tasksCompleted"
FROM keys k
LEFT JOIN counts c ON c.year = k.year AND c.unit_code = k.unit_code
LEFT JOIN unit_headcount h ON h.year = k.year AND h.unit_code = k.unit_code
LEFT JOIN unit u ON u.unit_code = k.unit_code
LEFT JOIN bloc_membership m ON m.year = k.year AND m.unit_code = k.unit_code
ORDER BY k.year, k.unit_code
`;

/** Cờ thi đua của Chính phủ awarded to collectives, per year. */
export const GOV_FLAGS_SQL = `
SELECT
	CAST(a.year AS INTEGER) AS year,
	a.unit_code AS "unitCode",
	COALESCE(u.unit_name, a.unit_code) AS "unitName",
	a.recipient_name AS "recipientName"
FROM award a
LEFT JOIN unit u ON u.unit_code = a.unit_code
WHERE a.award_code = 'CO_CP' AND a.recipient_kind = 'collective'
ORDER BY a.year, a.unit_code
`;

export const RULE_SETTINGS_SQL = `
SELECT
	rule_id AS "ruleId",
	effective_from AS "effectiveFrom",
	effective_to AS "effectiveTo",
	enabled,
	note
FROM rule_setting
`;

export const TARGET_SQL = `
SELECT CAST(direct_worker_per_leader_target AS DOUBLE) AS target FROM council_setting WHERE id = 1
`;

/** Headcounts of one unit; $1 unit. */
export const UNIT_HEADCOUNTS_SQL = `
SELECT CAST(year AS INTEGER) AS year, members, tasks_completed AS "tasksCompleted"
FROM unit_headcount
WHERE unit_code = $1::VARCHAR
ORDER BY year
`;
