-- 007: what an import wrote, recorded once per file and per row instead of once per value.
-- A validated import of a million new scores wrote two million audit rows (old value empty,
-- new value the imported one), which took most of its time. Now:
-- - each file that writes rows has an import_batch: file, checksum, size, account, time, counts;
-- - each score row remembers the import that last wrote it (import_batch, import_pos: its cell
--   in the file, row × 16384 + column; import_added: whether the import added it). When the row
--   is written again by an import, or deleted from the sheet, that link moves to
--   import_score_row, so that the history keeps it;
-- - audit rows are written only for values an import replaced. The history of a row an import
--   added (from empty to what it wrote) is read from the link: each value as it was until the
--   first later change, whose audit row holds it as its old value (audit/trail.ts).
-- Nothing to convert: the audit rows of earlier imports are read as they are, rows they wrote
-- have no link. Like audit_log, import_batch and import_score_row are only ever appended to.
CREATE SEQUENCE import_batch_seq START 1;
CREATE TABLE import_batch (
	id BIGINT PRIMARY KEY,
	-- the transaction's time: the changed_at of the audit rows the import wrote
	imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	user_id INTEGER,
	username VARCHAR NOT NULL,
	-- import_log.source: cli, upload, sample, …
	source VARCHAR NOT NULL,
	file_name VARCHAR NOT NULL,
	-- the import table: units, scores, …
	table_name VARCHAR NOT NULL,
	sha256 VARCHAR NOT NULL,
	bytes BIGINT NOT NULL,
	rows INTEGER NOT NULL,
	added INTEGER NOT NULL,
	replaced INTEGER NOT NULL,
	unchanged INTEGER NOT NULL
);
ALTER TABLE score ADD COLUMN import_batch BIGINT;
ALTER TABLE score ADD COLUMN import_pos BIGINT;
ALTER TABLE score ADD COLUMN import_added BOOLEAN;
CREATE TABLE import_score_row (
	batch_id BIGINT NOT NULL,
	pos BIGINT NOT NULL,
	added BOOLEAN NOT NULL,
	year INTEGER NOT NULL,
	bloc_code VARCHAR NOT NULL,
	unit_code VARCHAR NOT NULL,
	criterion_code VARCHAR NOT NULL
);
