-- 006: unit_total.groups as JSON text instead of a LIST of STRUCT. In a table with a key, DuckDB
-- 1.5 writes about 200 KB of write-ahead log for each row with such a list: ten sheet saves a
-- second at year-end filled the log (16 MB) every few seconds, and each checkpoint that
-- followed held up every write. The rows are computed again from the scores on open.
DROP TABLE unit_total;
CREATE TABLE unit_total (
	year INTEGER NOT NULL,
	bloc_code VARCHAR NOT NULL,
	unit_code VARCHAR NOT NULL,
	-- content groups in display order, JSON: [{"groupCode", "groupName", "points", "max"}],
	-- points and maxima rounded to 2 decimals for display
	groups VARCHAR NOT NULL,
	content DECIMAL(18, 5) NOT NULL,
	content_max DECIMAL(18, 5) NOT NULL,
	-- weighted bonus points before and after the pledge's cap
	bonus_raw DECIMAL(18, 5) NOT NULL,
	bonus DECIMAL(18, 5) NOT NULL,
	deduction DECIMAL(18, 5) NOT NULL,
	total DECIMAL(18, 5) NOT NULL,
	unreviewed_count INTEGER NOT NULL,
	missing_count INTEGER NOT NULL,
	PRIMARY KEY (year, bloc_code, unit_code)
);
INSERT OR IGNORE INTO derived_refill VALUES ('unit_total');
