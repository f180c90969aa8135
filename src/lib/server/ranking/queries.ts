/**
 * The bloc ranking in SQL: the single source of truth for the product's rankings.
 * `src/lib/domain/ranking.ts` states the same rule in TypeScript; the property test
 * (tests/integration/ranking-property.test.ts) checks that both agree on random blocs.
 *
 * Arithmetic stays in DECIMAL (weight DECIMAL(9,3) × points DECIMAL(9,2) = DECIMAL(18,5), summed
 * to DECIMAL(38,5)), so totals, ties and tier boundaries are exact. Values become DOUBLE only in
 * the final SELECT, rounded to 2 decimals (ROUND on DECIMAL: half away from zero). The percent
 * is rounded on exact integers (HUGEINT) for the same reason.
 *
 * Only static text here: every input is a bind parameter.
 */

/** SQL for "this tier name → level" (excellent 4 … weak 0); an unknown name is an error. */
function tierLevel(expr: string): string {
	return `CASE ${expr}
			WHEN 'excellent' THEN 4 WHEN 'good' THEN 3 WHEN 'fair' THEN 2 WHEN 'average' THEN 1 WHEN 'weak' THEN 0
			ELSE error('Mức xếp loại không hợp lệ: ' || COALESCE(${expr}, 'NULL')
				|| ' (khối ' || b.bloc_code || ', năm ' || b.year || ')')
		END`;
}

/**
 * SQL for "total reaches this threshold", exact: total × 100 ≥ threshold × content_max.
 * With content_max = 0 the percent counts as 0, so only a threshold ≤ 0 is reached.
 */
function reaches(threshold: string): string {
	return `CASE WHEN content_max = 0 THEN ${threshold} <= 0 ELSE total * 100 >= ${threshold} * content_max END`;
}

/** CAST(ROUND(x, 2) AS DOUBLE): the display value of an exact DECIMAL. */
function display(expr: string): string {
	return `CAST(ROUND(${expr}, 2) AS DOUBLE)`;
}

/**
 * Each member's totals in the bloc-years selected by the parameters: the part of the rule that
 * depends only on the unit's own cells, the criteria and the pledge's bonus cap. Stored in
 * `unit_total` by every write that changes them (ranking/totals.ts), in the write's own
 * transaction, with the ranking's outcome (STORED_TOTALS_SQL, OUTCOME_SQL); RANKING_SQL reads them.
 *
 * Parameters: $1 year (INTEGER, NULL = every year), $2 bloc_code (VARCHAR, NULL = every bloc),
 * $3 unit codes joined by chr(31) (VARCHAR, NULL = every member).
 * Columns: the totals columns of `unit_total` (TOTALS_COLUMNS), in its order.
 */
export const TOTALS_SQL = `
WITH
member AS (
	SELECT m.year, m.bloc_code, m.unit_code, m.role
	FROM bloc_membership m
	WHERE ($1::INTEGER IS NULL OR m.year = $1::INTEGER)
		AND ($2::VARCHAR IS NULL OR m.bloc_code = $2::VARCHAR)
		AND ($3::VARCHAR IS NULL OR list_contains(string_split($3::VARCHAR, chr(31)), m.unit_code))
),
cap AS (
	SELECT b.year, b.bloc_code, p.bonus_cap
	FROM (SELECT DISTINCT year, bloc_code FROM member) b
	LEFT JOIN pledge p ON p.year = b.year AND p.bloc_code = b.bloc_code
),
-- one row per member × criterion of the bloc-year; points = reviewed, else self, else 0
cell AS (
	SELECT
		mb.year,
		mb.bloc_code,
		mb.unit_code,
		c.criterion_code,
		c.group_code,
		c.group_name,
		c.kind,
		c.sort_order,
		c.weight * COALESCE(s.reviewed_score, s.self_score, 0) AS wpoints,
		c.weight * c.max_points AS wmax,
		s.reviewed_score IS NULL AND s.self_score IS NOT NULL AS unreviewed,
		-- no points for a bonus or deduction line is normal; only content counts as missing
		c.kind = 'content' AND s.reviewed_score IS NULL AND s.self_score IS NULL AS missing
	FROM member mb
	JOIN criterion c ON c.year = mb.year AND c.bloc_code = mb.bloc_code
	-- the year filter again on score, so that its scan skips the other years' row groups
	LEFT JOIN (
		SELECT * FROM score
		WHERE ($1::INTEGER IS NULL OR year = $1::INTEGER) AND ($2::VARCHAR IS NULL OR bloc_code = $2::VARCHAR)
	) s
		ON s.year = mb.year
		AND s.bloc_code = mb.bloc_code
		AND s.unit_code = mb.unit_code
		AND s.criterion_code = c.criterion_code
),
-- one pass over the cells: per unit × kind × group; the unit sums add up these few rows
part_sum AS (
	SELECT
		year,
		bloc_code,
		unit_code,
		kind,
		group_code,
		first(group_name ORDER BY sort_order, criterion_code) AS group_name,
		MIN(sort_order) AS group_order,
		SUM(wpoints) AS points,
		SUM(wmax) AS max_points,
		COUNT(*) FILTER (WHERE unreviewed) AS unreviewed_count,
		COUNT(*) FILTER (WHERE missing) AS missing_count
	FROM cell
	GROUP BY year, bloc_code, unit_code, kind, group_code
),
unit_sum AS (
	SELECT
		year,
		bloc_code,
		unit_code,
		SUM(points) FILTER (WHERE kind = 'content') AS content,
		SUM(max_points) FILTER (WHERE kind = 'content') AS content_max,
		SUM(points) FILTER (WHERE kind = 'bonus') AS bonus_raw,
		SUM(points) FILTER (WHERE kind = 'deduction') AS deduction,
		SUM(unreviewed_count) AS unreviewed_count,
		SUM(missing_count) AS missing_count,
		-- sorting each unit's few groups after aggregating costs far less than list(… ORDER BY …)
		list_transform(
			list_sort(list({ 'o': group_order, 'c': group_code, 'n': group_name, 'p': points, 'm': max_points })
				FILTER (WHERE kind = 'content')),
			g -> {
				'groupCode': g.c,
				'groupName': g.n,
				'points': ${display('g.p')},
				'max': ${display('g.m')}
			}
		) AS groups
	FROM part_sum
	GROUP BY year, bloc_code, unit_code
),
totals AS (
	SELECT
		mb.year,
		mb.bloc_code,
		mb.unit_code,
		COALESCE(us.groups, []) AS groups,
		COALESCE(us.content, 0) AS content,
		COALESCE(us.content_max, 0) AS content_max,
		COALESCE(us.bonus_raw, 0) AS bonus_raw,
		CASE
			WHEN cap.bonus_cap IS NOT NULL AND COALESCE(us.bonus_raw, 0) > cap.bonus_cap THEN cap.bonus_cap
			ELSE COALESCE(us.bonus_raw, 0)
		END AS bonus,
		COALESCE(us.deduction, 0) AS deduction,
		COALESCE(us.content, 0) + bonus - COALESCE(us.deduction, 0) AS total,
		CAST(COALESCE(us.unreviewed_count, 0) AS INTEGER) AS unreviewed_count,
		CAST(COALESCE(us.missing_count, 0) AS INTEGER) AS missing_count,
		mb.role
	FROM member mb
	JOIN cap ON cap.year = mb.year AND cap.bloc_code = mb.bloc_code
	LEFT JOIN unit_sum us ON us.year = mb.year AND us.bloc_code = mb.bloc_code AND us.unit_code = mb.unit_code
),
-- stored as DECIMAL(18,5) (64-bit: read and ranked far faster than 128-bit sums); a sum past
-- 10^13 points fails the cast instead of being rounded
stored AS (
	SELECT
		year,
		bloc_code,
		unit_code,
		-- as JSON text: a LIST of STRUCT in a table with a key costs ~200 KB of write-ahead log per
		-- row written (DuckDB 1.5), which at year-end filled the log, and stalled every write on its
		-- checkpoint, every few seconds
		CAST(to_json(groups) AS VARCHAR) AS groups,
		CAST(content AS DECIMAL(18, 5)) AS content,
		CAST(content_max AS DECIMAL(18, 5)) AS content_max,
		CAST(bonus_raw AS DECIMAL(18, 5)) AS bonus_raw,
		CAST(bonus AS DECIMAL(18, 5)) AS bonus,
		CAST(deduction AS DECIMAL(18, 5)) AS deduction,
		CAST(total AS DECIMAL(18, 5)) AS total,
		unreviewed_count,
		missing_count,
		role
	FROM totals
)
SELECT
	*,
	-- total / content_max × 100 to 2 decimals, for display (the tier compares exactly, below):
	-- rounded half away from zero on exact integers (1e-5 point), as percentOf in the reference
	CASE
		WHEN content_max = 0 THEN 0.0
		ELSE CAST(
			sign(CAST(total * 100000 AS HUGEINT))
			* ((abs(CAST(total * 100000 AS HUGEINT)) * 20000 + CAST(content_max * 100000 AS HUGEINT))
				// (2 * CAST(content_max * 100000 AS HUGEINT)))
			AS DOUBLE
		) / 100
	END AS percent
FROM stored
`;

/**
 * What `rankingFrom` returns: `stored`, the columns of `unit_total` in its order (totals and the
 * ranking's outcome, for INSERT, and for RANKING_DISPLAY over a fresh computation); `outcome`,
 * the key and the ranking's outcome only (for the UPDATE after some units' totals changed).
 */
type RankingOutput = 'stored' | 'outcome';

/** The ranking's outcome as stored in unit_total, computed by the windows below. */
const OUTCOME_COLUMNS = `
	CAST(p.rank AS INTEGER) AS rank,
	p.tied,
	CASE p.tier_level WHEN 4 THEN 'excellent' WHEN 3 THEN 'good' WHEN 2 THEN 'fair' WHEN 1 THEN 'average' ELSE 'weak' END
		AS tier,
	CASE WHEN p.is_flag THEN 'flag' WHEN p.is_certificate THEN 'certificate' END AS proposal,
	-- only the units tied at the last place that cannot all be proposed and no recorded vote
	-- decides; those above are outright
	p.flag_vote OR p.certificate_vote AS proposal_tie,
	p.vote`;

/**
 * SQL (two CTEs) for "the recorded `kind` vote of a bloc-year applies", `<kind>_applies(by_id)`:
 * the units tied now (`tie` in `rows`) are exactly the vote's units, the places the vote fills now
 * (`places` less the units of the proposal above the tie) are the vote's places, and it chose that
 * many units. A vote that does not apply leaves the tie marked for a vote.
 */
function ballotApplies(
	kind: 'flag' | 'certificate',
	rows: string,
	tie: string,
	proposed: string,
	places: string
): string {
	return `
${kind}_tie AS (
	SELECT
		r.by_id,
		COUNT(*) FILTER (WHERE r.${tie}) AS tie_n,
		COUNT(vu.unit_code) FILTER (WHERE r.${tie}) AS matched_n,
		ANY_VALUE(r.${places}) - COUNT(*) FILTER (WHERE r.${proposed} AND NOT r.${tie}) AS places
	FROM ${rows} r
	LEFT JOIN vote_unit vu ON vu.by_id = r.by_id AND vu.kind = '${kind}' AND vu.unit_code = r.unit_code
	WHERE r.by_id IN (SELECT by_id FROM ballot WHERE kind = '${kind}')
	GROUP BY r.by_id
),
${kind}_applies AS (
	SELECT t.by_id
	FROM ${kind}_tie t
	JOIN ballot b ON b.by_id = t.by_id AND b.kind = '${kind}'
	WHERE t.tie_n > 0 AND t.matched_n = t.tie_n AND b.unit_n = t.tie_n
		AND b.places = t.places AND b.chosen_n = t.places
)`;
}

/**
 * The ranking of members from their totals in `source`: tiers, ranks, ties and proposals, the
 * recorded votes that apply deciding the ties they were held on.
 * Parameters: $1 year (INTEGER, NULL = every year), $2 bloc_code (VARCHAR, NULL = every bloc).
 */
function rankingFrom(source: string, output: RankingOutput): string {
	return `
WITH
member AS (
	SELECT m.year, m.bloc_code, m.unit_code, m.role, COALESCE(u.unit_name, m.unit_code) AS unit_name
	FROM bloc_membership m
	LEFT JOIN unit u ON u.unit_code = m.unit_code
	WHERE ($1::INTEGER IS NULL OR m.year = $1::INTEGER)
		AND ($2::VARCHAR IS NULL OR m.bloc_code = $2::VARCHAR)
),
bloc_year AS (
	SELECT DISTINCT year, bloc_code FROM member
),
-- pledge settings, each falling back to council_setting when NULL
setting AS (
	SELECT
		b.year,
		b.bloc_code,
		-- a number per bloc-year: the windows partition by it (a VARCHAR and an INTEGER cost more)
		CAST(ROW_NUMBER() OVER (ORDER BY b.year, b.bloc_code) AS INTEGER) AS by_id,
		p.bonus_cap,
		COALESCE(p.tier_excellent_pct, cs.tier_excellent_pct) AS thr_excellent,
		COALESCE(p.tier_good_pct, cs.tier_good_pct) AS thr_good,
		COALESCE(p.tier_fair_pct, cs.tier_fair_pct) AS thr_fair,
		COALESCE(p.tier_average_pct, cs.tier_average_pct) AS thr_average,
		COALESCE(p.flag_count, cs.flag_count) AS flag_count,
		${tierLevel('COALESCE(p.flag_min_tier, cs.flag_min_tier)')} AS flag_min_level,
		COALESCE(p.certificate_count, cs.certificate_count) AS certificate_count,
		${tierLevel('COALESCE(p.certificate_min_tier, cs.certificate_min_tier)')} AS certificate_min_level
	FROM bloc_year b
	LEFT JOIN council_setting cs ON cs.id = 1
	LEFT JOIN pledge p ON p.year = b.year AND p.bloc_code = b.bloc_code
),
src AS (
	SELECT * FROM ${source}
),
-- the recorded votes (bloc_vote) of these bloc-years: their places, their units (votes, chosen)
vote_unit AS (
	SELECT st.by_id, vu.kind, vu.unit_code, vu.chosen
	FROM bloc_vote_unit vu
	JOIN setting st ON st.year = vu.year AND st.bloc_code = vu.bloc_code
),
ballot AS (
	SELECT
		st.by_id,
		v.kind,
		v.places,
		(SELECT COUNT(*) FROM vote_unit u WHERE u.by_id = st.by_id AND u.kind = v.kind) AS unit_n,
		(SELECT COUNT(*) FROM vote_unit u WHERE u.by_id = st.by_id AND u.kind = v.kind AND u.chosen) AS chosen_n
	FROM bloc_vote v
	JOIN setting st ON st.year = v.year AND st.bloc_code = v.bloc_code
),
-- narrow rows through the windows: a window carries every column of its rows, and the
-- bloc-year's settings and every total made each of them 10× slower; the rest is joined after
totals AS (
	SELECT
		st.by_id,
		t.unit_code,
		t.total,
		-- tier from the exact comparison, tested from excellent down; level: excellent 4 … weak 0
		CASE
			WHEN ${reaches('thr_excellent')} THEN 4
			WHEN ${reaches('thr_good')} THEN 3
			WHEN ${reaches('thr_fair')} THEN 2
			WHEN ${reaches('thr_average')} THEN 1
			ELSE 0
		END AS tier_level,
		st.flag_count,
		st.flag_min_level,
		st.certificate_count,
		st.certificate_min_level
	FROM member mb
	JOIN setting st ON st.year = mb.year AND st.bloc_code = mb.bloc_code
	JOIN src t ON t.year = mb.year AND t.bloc_code = mb.bloc_code AND t.unit_code = mb.unit_code
),
tiered AS (
	SELECT
		*,
		RANK() OVER (PARTITION BY by_id ORDER BY total DESC) AS rank,
		COUNT(*) OVER (PARTITION BY by_id, total) > 1 AS tied
	FROM totals
),
flagged AS (
	SELECT
		*,
		rank <= flag_count AND tier_level >= flag_min_level AS is_flag
	FROM tiered
),
-- more flagged units than places: the bloc votes among those tied at the last flagged total
flag_counted AS (
	SELECT
		*,
		COUNT(*) FILTER (WHERE is_flag) OVER (PARTITION BY by_id) AS flag_n,
		MIN(total) FILTER (WHERE is_flag) OVER (PARTITION BY by_id) AS flag_last
	FROM flagged
),
flag_tied AS (
	SELECT
		*,
		is_flag AND flag_n > flag_count AND total = flag_last AS flag_vote
	FROM flag_counted
),
${ballotApplies('flag', 'flag_tied', 'flag_vote', 'is_flag', 'flag_count')},
-- a flag vote that applies: its chosen units take the flag, the others not (flag_n is then the
-- places); without one, the units of the tie (flag_n − flag_count more than the places) stay
-- flagged, marked for the vote
flag_voted AS (
	SELECT
		f.* REPLACE (
			CASE WHEN a.by_id IS NOT NULL AND f.flag_vote THEN vu.chosen ELSE f.is_flag END AS is_flag,
			CASE WHEN a.by_id IS NOT NULL THEN f.flag_count ELSE f.flag_n END AS flag_n,
			f.flag_vote AND a.by_id IS NULL AS flag_vote
		),
		CASE WHEN a.by_id IS NOT NULL AND f.flag_vote THEN 'flag' END AS flag_decided
	FROM flag_tied f
	LEFT JOIN flag_applies a ON a.by_id = f.by_id
	LEFT JOIN vote_unit vu ON vu.by_id = f.by_id AND vu.kind = 'flag' AND vu.unit_code = f.unit_code
),
-- the units of a flag vote that are not chosen (flag_n − flag_count) come first for the
-- certificates: that many fewer places for the others (below the certificate's tier they would
-- take none, but then nobody below them reaches it either). Once the vote is recorded they are
-- candidates like the others, ranked first among them.
cert_eligible AS (
	SELECT
		*,
		NOT is_flag AND tier_level >= certificate_min_level AS eligible,
		certificate_count - GREATEST(flag_n - flag_count, 0) AS certificate_places
	FROM flag_voted
),
cert_ranked AS (
	SELECT
		*,
		eligible AND RANK() OVER (PARTITION BY by_id, eligible ORDER BY total DESC) <= certificate_places
			AS is_certificate
	FROM cert_eligible
),
cert_counted AS (
	SELECT
		*,
		COUNT(*) FILTER (WHERE is_certificate) OVER (PARTITION BY by_id) AS certificate_n,
		MIN(total) FILTER (WHERE is_certificate) OVER (PARTITION BY by_id) AS certificate_last
	FROM cert_ranked
),
cert_tied AS (
	SELECT
		*,
		is_certificate AND certificate_n > certificate_places AND total = certificate_last AS certificate_vote
	FROM cert_counted
),
${ballotApplies('certificate', 'cert_tied', 'certificate_vote', 'is_certificate', 'certificate_places')},
proposed AS (
	SELECT
		c.* REPLACE (
			CASE WHEN a.by_id IS NOT NULL AND c.certificate_vote THEN vu.chosen ELSE c.is_certificate END
				AS is_certificate,
			c.certificate_vote AND a.by_id IS NULL AS certificate_vote
		),
		CASE WHEN a.by_id IS NOT NULL AND c.certificate_vote THEN 'certificate' ELSE c.flag_decided END AS vote
	FROM cert_tied c
	LEFT JOIN certificate_applies a ON a.by_id = c.by_id
	LEFT JOIN vote_unit vu ON vu.by_id = c.by_id AND vu.kind = 'certificate' AND vu.unit_code = c.unit_code
)
${rankingOutput(output)}
`;
}

/** The final SELECT of `rankingFrom` (see RankingOutput). */
function rankingOutput(output: RankingOutput): string {
	const from = `
FROM proposed p
JOIN setting st ON st.by_id = p.by_id`;
	if (output === 'outcome') return `SELECT st.year, st.bloc_code, p.unit_code, ${OUTCOME_COLUMNS}${from}`;
	return `SELECT
	st.year, st.bloc_code, p.unit_code, t.groups, t.content, t.content_max, t.bonus_raw, t.bonus, t.deduction,
	t.total, t.unreviewed_count, t.missing_count, t.role, t.percent, ${OUTCOME_COLUMNS}${from}
JOIN src t ON t.year = st.year AND t.bloc_code = st.bloc_code AND t.unit_code = p.unit_code`;
}

/**
 * The ranking rows of `source` (rows with the columns of unit_total) for display: RankingRow's
 * fields (camelCase) plus year and blocCode, with the members' names and roles, in ranking
 * order (year, bloc code, rank, unit code; ranking/index.ts puts equal ranks in the app's
 * Vietnamese order of names). Parameters: $1 year, $2 bloc_code (NULL = every).
 */
function rankingDisplay(source: string): string {
	return `
SELECT
	t.year,
	t.bloc_code AS "blocCode",
	t.unit_code AS "unitCode",
	COALESCE(u.unit_name, t.unit_code) AS "unitName",
	t.role,
	t.groups,
	${display('t.content')} AS content,
	${display('t.content_max')} AS "contentMax",
	${display('t.bonus_raw')} AS "bonusRaw",
	${display('t.bonus')} AS bonus,
	${display('t.deduction')} AS deduction,
	${display('t.total')} AS total,
	t.percent,
	t.rank,
	t.tied,
	t.tier,
	t.proposal,
	t.proposal_tie AS "proposalTie",
	t.vote,
	t.unreviewed_count AS "unreviewedCount",
	t.missing_count AS "missingCount"
FROM ${source} t
LEFT JOIN unit u ON u.unit_code = t.unit_code
WHERE ($1::INTEGER IS NULL OR t.year = $1::INTEGER) AND ($2::VARCHAR IS NULL OR t.bloc_code = $2::VARCHAR)
ORDER BY t.year, t.bloc_code, t.rank, t.unit_code
`;
}

/**
 * Every ranking row of the bloc-years selected by the parameters, from the stored totals (a
 * lookup), ordered by year, bloc code, rank, unit code (ranking/index.ts puts equal ranks in
 * the app’s Vietnamese order of names).
 *
 * Parameters: $1 year (INTEGER, NULL = every year), $2 bloc_code (VARCHAR, NULL = every bloc).
 * Columns: the fields of `RankingRow` (camelCase) plus `year` and `blocCode`;
 * `groups` is JSON text of an array of {groupCode, groupName, points, max} in display order.
 */
export const RANKING_SQL = rankingDisplay('unit_total');

/**
 * The same rows computed from every score cell, without the stored totals: what the stored
 * totals must always give (tests, benchmark). Parameters: $1 year, $2 bloc_code, $3 NULL.
 */
export const FRESH_RANKING_SQL = rankingDisplay(`(${rankingFrom(`(${TOTALS_SQL})`, 'stored')})`);

/**
 * The rows of `unit_total` for every member of the bloc-years selected ($1 year, $2 bloc_code,
 * NULL = every; $3 NULL): totals and the ranking's outcome, computed from every score cell.
 * Only for whole bloc-years: ranking some units alone would rank them among themselves.
 */
export const STORED_TOTALS_SQL = rankingFrom(`(${TOTALS_SQL})`, 'stored');

/** The columns of `unit_total` that TOTALS_SQL gives, in its order (the outcome comes after). */
export const TOTALS_COLUMNS =
	'year, bloc_code, unit_code, groups, content, content_max, bonus_raw, bonus, deduction, total, unreviewed_count, missing_count, role, percent';

/**
 * The ranking's outcome (rank, tied, tier, proposal, proposal_tie) of every member of the
 * bloc-years selected ($1 year, $2 bloc_code, NULL = every), from the stored totals: run after
 * some units' totals were computed again, to rank their bloc-year again.
 */
export const OUTCOME_SQL = rankingFrom(
	`(
	SELECT * FROM unit_total
	WHERE ($1::INTEGER IS NULL OR year = $1::INTEGER) AND ($2::VARCHAR IS NULL OR bloc_code = $2::VARCHAR)
)`,
	'outcome'
);

/** Pledge settings of one bloc-year (NULL = council default); $1 year, $2 bloc_code. */
export const PLEDGE_SETTINGS_SQL = `
SELECT
	CAST(bonus_cap AS DOUBLE) AS "bonusCap",
	CAST(tier_excellent_pct AS DOUBLE) AS "tierExcellentPct",
	CAST(tier_good_pct AS DOUBLE) AS "tierGoodPct",
	CAST(tier_fair_pct AS DOUBLE) AS "tierFairPct",
	CAST(tier_average_pct AS DOUBLE) AS "tierAveragePct",
	flag_count AS "flagCount",
	flag_min_tier AS "flagMinTier",
	certificate_count AS "certificateCount",
	certificate_min_tier AS "certificateMinTier"
FROM pledge
WHERE year = $1::INTEGER AND bloc_code = $2::VARCHAR
`;

/** The council's ranking defaults. */
export const COUNCIL_DEFAULTS_SQL = `
SELECT
	CAST(tier_excellent_pct AS DOUBLE) AS "tierExcellentPct",
	CAST(tier_good_pct AS DOUBLE) AS "tierGoodPct",
	CAST(tier_fair_pct AS DOUBLE) AS "tierFairPct",
	CAST(tier_average_pct AS DOUBLE) AS "tierAveragePct",
	flag_count AS "flagCount",
	flag_min_tier AS "flagMinTier",
	certificate_count AS "certificateCount",
	certificate_min_tier AS "certificateMinTier"
FROM council_setting
WHERE id = 1
`;

/** Criteria of one bloc-year; $1 year, $2 bloc_code. */
export const CRITERIA_SQL = `
SELECT
	criterion_code AS code,
	group_code AS "groupCode",
	group_name AS "groupName",
	criterion_name AS name,
	CAST(max_points AS DOUBLE) AS "maxPoints",
	CAST(weight AS DOUBLE) AS weight,
	kind,
	sort_order AS "sortOrder"
FROM criterion
WHERE year = $1::INTEGER AND bloc_code = $2::VARCHAR
ORDER BY sort_order, criterion_code
`;

/** Members of one bloc-year, with names; $1 year, $2 bloc_code. */
export const MEMBERS_SQL = `
SELECT
	m.unit_code AS "unitCode",
	COALESCE(u.unit_name, m.unit_code) AS "unitName",
	m.role
FROM bloc_membership m
LEFT JOIN unit u ON u.unit_code = m.unit_code
WHERE m.year = $1::INTEGER AND m.bloc_code = $2::VARCHAR
ORDER BY m.unit_code
`;

/** Scores of the members of one bloc-year (non-members' rows are left out); $1 year, $2 bloc_code. */
export const MEMBER_SCORES_SQL = `
SELECT
	s.unit_code AS "unitCode",
	s.criterion_code AS "criterionCode",
	CAST(s.self_score AS DOUBLE) AS "selfScore",
	CAST(s.reviewed_score AS DOUBLE) AS "reviewedScore"
FROM score s
SEMI JOIN bloc_membership m ON m.year = s.year AND m.bloc_code = s.bloc_code AND m.unit_code = s.unit_code
WHERE s.year = $1::INTEGER AND s.bloc_code = $2::VARCHAR
ORDER BY s.unit_code, s.criterion_code
`;

/**
 * The codes of the blocs and units that have stored totals, in byte order, with the units'
 * names: the dictionaries of RANKING_CODED_SQL, read in the same transaction.
 */
export const RANKED_BLOCS_SQL = `SELECT DISTINCT bloc_code FROM unit_total ORDER BY bloc_code`;
export const RANKED_UNITS_SQL = `
SELECT t.unit_code, COALESCE(u.unit_name, t.unit_code) AS unit_name
FROM (SELECT DISTINCT unit_code FROM unit_total) t
LEFT JOIN unit u ON u.unit_code = t.unit_code
ORDER BY t.unit_code`;

/** The position of a code in a list (TIERS, ROLES): small numbers cross into JavaScript fast. */
function codeOf(expr: string, codes: readonly string[], none: number): string {
	return `(CASE ${expr} ${codes.map((c, i) => `WHEN '${c}' THEN ${i}`).join(' ')} ELSE ${none} END)`;
}

/**
 * How RANKING_CODED_SQL packs a row's small values into two integers (`codes`, `counts`): every
 * column costs ~0,1 µs a value to cross into JavaScript whatever its width, so five small codes
 * cross as one. `codes` = role + 4·tier + 32·proposal (3 = none) + 128·tied + 256·proposalTie +
 * 512·vote (the proposal a recorded ballot decided; 3 = none);
 * `counts` = unreviewed + 65 536·missing (a bloc-year has far fewer than 65 536 criteria).
 */
export const CODED_PACKING = {
	tier: 4,
	proposal: 32,
	noProposal: 3,
	tied: 128,
	proposalTie: 256,
	vote: 512,
	missing: 65_536
};

/**
 * RANKING_SQL of every bloc-year without the groups, as numbers only (ranking/index.ts `rankAll`): the bloc
 * and the unit as their positions in RANKED_BLOCS_SQL and RANKED_UNITS_SQL, role, tier,
 * proposal and the two ties as positions in ROLES, TIERS and PROPOSALS packed into one integer
 * (CODED_PACKING), the two counts into another. Strings cost ~0,5 µs each to cross into
 * JavaScript and numbers ~0,05–0,1 µs: with 204 000 rows (a national database), the strings
 * were most of the read. Same order as RANKING_SQL (the positions follow the codes' order).
 */
export function rankingCodedSql(
	roles: readonly string[],
	tiers: readonly string[],
	proposals: readonly string[]
): string {
	const k = CODED_PACKING;
	return `
WITH
b AS (SELECT bloc_code, CAST(row_number() OVER (ORDER BY bloc_code) - 1 AS INTEGER) AS ix FROM (${RANKED_BLOCS_SQL})),
u AS (SELECT unit_code, CAST(row_number() OVER (ORDER BY unit_code) - 1 AS INTEGER) AS ix FROM (SELECT DISTINCT unit_code FROM unit_total))
SELECT
	t.year,
	b.ix AS bloc,
	u.ix AS unit,
	CAST(${codeOf('t.role', roles, 3)}
		+ ${k.tier} * ${codeOf('t.tier', tiers, 7)}
		+ ${k.proposal} * ${codeOf('t.proposal', proposals, k.noProposal)}
		+ ${k.tied} * CAST(t.tied AS INTEGER)
		+ ${k.proposalTie} * CAST(t.proposal_tie AS INTEGER)
		+ ${k.vote} * ${codeOf('t.vote', proposals, k.noProposal)} AS INTEGER) AS codes,
	${display('t.content')} AS content,
	${display('t.content_max')} AS "contentMax",
	${display('t.bonus_raw')} AS "bonusRaw",
	${display('t.bonus')} AS bonus,
	${display('t.deduction')} AS deduction,
	${display('t.total')} AS total,
	t.percent,
	t.rank,
	CAST(t.unreviewed_count + ${k.missing} * t.missing_count AS INTEGER) AS counts
FROM unit_total t
JOIN b ON b.bloc_code = t.bloc_code
JOIN u ON u.unit_code = t.unit_code
ORDER BY t.year, b.ix, t.rank, u.ix
`;
}
