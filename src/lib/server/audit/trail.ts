/**
 * The audit trail of one unit's scores in a bloc-year, as one query: the rows of `audit_log`
 * (sheet saves, stage changes, values an import replaced, and everything imports wrote before
 * migration 007), and, for every score row an import added, one entry per value it wrote, from
 * empty. Those are read from the row's link to its import (write.ts: `score.import_batch`, or
 * `import_score_row` once the row was written again or deleted) and `import_batch`: the value
 * the import wrote is the one the first later change of that field replaced (its audit row's
 * old value), or, with no later change, the value stored now; a row added again by a later
 * import had been deleted first, so a field no change touched before was empty. Entries of one
 * import come in the order it wrote them: file, cell, field.
 *
 * Parameters: $1 year, $2 bloc code, $3 unit code, and $4 the criterion code when `criterion`.
 */
import { decimalText } from '../import/tables';

/**
 * The trail's entries, columns: id (negative for the entries of an added row), changed_at,
 * user_id, username, action, year, bloc_code, unit_code, criterion_code, old_value, new_value,
 * reason, and `file` and `pos` (the import's file and the entry's cell, else NULL).
 * `TRAIL_ORDER` sorts them newest first.
 */
export function unitTrail({ criterion = false } = {}): string {
	const where = (alias: string) =>
		`${alias}.year = $1 AND ${alias}.bloc_code = $2 AND ${alias}.unit_code = $3${criterion ? ` AND ${alias}.criterion_code = $4` : ''}`;
	const later = `a.criterion_code = l.criterion_code AND a.action = f.action AND a.changed_at > l.imported_at`;
	return `
	WITH audit AS (SELECT * FROM audit_log a WHERE ${where('a')}),
	link AS (
		SELECT l.*, b.imported_at, b.user_id, b.username, b.file_name
		FROM (SELECT import_batch AS batch_id, import_pos AS pos, import_added AS added,
		             year, bloc_code, unit_code, criterion_code
		      FROM score s WHERE s.import_batch IS NOT NULL AND ${where('s')}
		      UNION ALL
		      SELECT batch_id, pos, added, year, bloc_code, unit_code, criterion_code
		      FROM import_score_row r WHERE ${where('r')}) l
		JOIN import_batch b ON b.id = l.batch_id
	),
	written AS (
		SELECT l.*, f.action, f.k,
		       (SELECT a.old_value FROM audit a WHERE ${later} ORDER BY a.changed_at, a.id LIMIT 1) AS next_old,
		       (SELECT min(a.changed_at) FROM audit a WHERE ${later}) AS next_at,
		       (SELECT min(r.imported_at) FROM link r
		        WHERE r.added AND r.criterion_code = l.criterion_code AND r.imported_at > l.imported_at) AS again_at,
		       CASE f.action WHEN 'score.self' THEN ${decimalText('s.self_score')}
		                     WHEN 'score.review' THEN ${decimalText('s.reviewed_score')} ELSE s.note END AS now
		FROM link l
		CROSS JOIN (VALUES ('score.self', 1), ('score.review', 2), ('score.note', 3)) f(action, k)
		LEFT JOIN score s ON s.year = l.year AND s.bloc_code = l.bloc_code AND s.unit_code = l.unit_code
		                 AND s.criterion_code = l.criterion_code
		WHERE l.added
	),
	added AS (
		SELECT *, CASE WHEN next_at IS NOT NULL AND (again_at IS NULL OR next_at < again_at) THEN next_old
		               WHEN again_at IS NOT NULL THEN NULL ELSE now END AS value
		FROM written
	)
	SELECT a.id::DOUBLE AS id, a.changed_at, a.user_id, a.username, a.action, a.year, a.bloc_code,
	       a.unit_code, a.criterion_code, a.old_value, a.new_value, a.reason,
	       l.file_name AS file, l.pos
	FROM audit a
	LEFT JOIN link l
	       ON NOT l.added AND l.imported_at = a.changed_at AND l.username = a.username
	      AND a.reason = 'Nhập tệp ' || l.file_name AND l.criterion_code = a.criterion_code
	UNION ALL
	SELECT -(row_number() OVER (ORDER BY batch_id, pos, criterion_code, k))::DOUBLE, imported_at, user_id,
	       username, action, year, bloc_code, unit_code, criterion_code, NULL, value,
	       'Nhập tệp ' || file_name, file_name, pos
	FROM added WHERE value IS NOT NULL`;
}

/**
 * Newest first; one import's entries by file, place and field, as it wrote them (descending);
 * any other write's as it inserted them (descending ids).
 */
export const TRAIL_ORDER = (alias: string) =>
	`${alias}.changed_at DESC, ${alias}.file DESC, ${alias}.pos DESC,
	 CASE WHEN ${alias}.pos IS NOT NULL THEN ${alias}.action END DESC, ${alias}.id DESC`;
