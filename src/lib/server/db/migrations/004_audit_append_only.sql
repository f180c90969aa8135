-- 004: the audit trail without a primary-key index.
-- Rows are only ever appended, with ids from audit_seq: unique by construction. The index made a
-- validated import of a million scores (an audit row per changed value, two per new score) about
-- a second slower, and nothing looks a row up by its id (the history reads by bloc, unit, year).
CREATE TABLE audit_log_v4 (
	id BIGINT NOT NULL DEFAULT nextval('audit_seq'),
	changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	user_id INTEGER,
	username VARCHAR NOT NULL,
	-- score.self, score.review, score.note, stage, import
	action VARCHAR NOT NULL,
	year INTEGER,
	bloc_code VARCHAR,
	unit_code VARCHAR,
	criterion_code VARCHAR,
	old_value VARCHAR,
	new_value VARCHAR,
	reason VARCHAR
);
INSERT INTO audit_log_v4 SELECT * FROM audit_log ORDER BY id;
DROP TABLE audit_log;
ALTER TABLE audit_log_v4 RENAME TO audit_log;
