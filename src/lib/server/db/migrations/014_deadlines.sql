-- 014: deadlines of a bloc-year (issue 14, part 6).
-- Self-scoring closes on a date, review closes on a date: calendar dates in Vietnam's time (a
-- deadline of 2025-12-15 holds until 23:59:59 of that day in Asia/Ho_Chi_Minh; the rule is the
-- pure domain/deadline.ts, never SQL). NULL: no deadline. After the self-scoring deadline a
-- unit officer's sheet is read-only, unless the bloc's leader (or deputy, or an admin) extended
-- it for that unit until a later date: one extension per unit, the latest kept here, every one
-- in the audit trail ('deadline.extend', old → new, with its reason).
CREATE TABLE bloc_deadline (
	year INTEGER NOT NULL,
	bloc_code VARCHAR NOT NULL,
	self_until DATE,
	review_until DATE,
	updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	updated_by VARCHAR NOT NULL,
	PRIMARY KEY (year, bloc_code)
);
CREATE TABLE deadline_extension (
	year INTEGER NOT NULL,
	bloc_code VARCHAR NOT NULL,
	unit_code VARCHAR NOT NULL,
	until DATE NOT NULL,
	granted_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	granted_by VARCHAR NOT NULL,
	reason VARCHAR,
	PRIMARY KEY (year, bloc_code, unit_code)
);
-- Whether the housekeeping moves a bloc-year from self-scoring to review by itself once its
-- self-scoring deadline has passed (finalising stays a person's decision). Off unless the
-- council turns it on. One ALTER (DuckDB refuses several on a table holding rows in one transaction);
-- no constraint on an added column: NULL is read as false (COALESCE), like the default.
ALTER TABLE council_setting ADD COLUMN auto_advance_at_deadline BOOLEAN DEFAULT false;
