/**
 * SQL of the official statistics (Biểu 0602/0603, Thông tư 2/2023/TT-BNV): the award rows of an
 * emulation year as the forms count them. `a` is the award, `u` its unit.
 */
import { CLASS_OF_CATEGORY } from '../../domain/official-class';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** An individual's class: its own, else its category's (domain/official-class.ts); NULL otherwise. */
export const OFFICIAL_CLASS_SQL = `CASE WHEN a.recipient_kind = 'individual' THEN COALESCE(a.official_class, CASE a.recipient_category ${Object.entries(
	CLASS_OF_CATEGORY
)
	.map(([k, v]) => `WHEN ${lit(k)} THEN ${lit(v)}`)
	.join(' ')} END) END`;

/**
 * A collective is an enterprise when its row says so; a row that says nothing (NULL) is one when
 * it is the unit itself (named as its unit) and the unit is of type enterprise. NULL otherwise.
 */
export const ENTERPRISE_SQL = `CASE WHEN a.recipient_kind = 'collective' THEN COALESCE(a.enterprise, u.unit_type = 'enterprise' AND a.recipient_name = u.unit_name, false) END`;

/**
 * The award rows decided inside [$1, $2] (the emulation year, by decision date), with what the
 * forms read. Every unit of the database is the council's own: the scope is the council.
 */
export const STAT_AWARDS_SQL = `
SELECT
	a.award_id AS "awardId",
	a.unit_code AS "unitCode",
	COALESCE(u.unit_name, a.unit_code) AS "unitName",
	a.recipient_kind AS "recipientKind",
	a.recipient_name AS "recipientName",
	${OFFICIAL_CLASS_SQL} AS "officialClass",
	COALESCE(${ENTERPRISE_SQL}, false) AS enterprise,
	a.award_code AS "awardCode",
	a.level,
	a.award_method AS "method",
	a.decision_no AS "decisionNo",
	CAST(a.decision_date AS VARCHAR) AS "decisionDate",
	CAST(a.year AS INTEGER) AS year
FROM award a
LEFT JOIN unit u ON u.unit_code = a.unit_code
WHERE a.decision_date BETWEEN $1::DATE AND $2::DATE
ORDER BY a.decision_date, a.unit_code, a.award_id
`;

/** Award rows of the award year $1 that have no decision date (not placed in any period). */
export const UNDATED_SQL = `
SELECT CAST(count(*) AS INTEGER) AS n FROM award a
WHERE a.decision_date IS NULL AND a.level IN ('province', 'ministry', 'national')`;

/** The council's name and the first day of its emulation year. */
export const COUNCIL_SQL = `
SELECT council_name AS "councilName", year_start_month AS "startMonth", year_start_day AS "startDay"
FROM council_setting WHERE id = 1`;
