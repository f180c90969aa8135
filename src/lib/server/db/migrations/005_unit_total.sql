-- 005: each member's totals of a bloc-year, kept up to date inside every write that changes them
-- (ranking/totals.ts), so that a ranking is a lookup instead of a pass over every score cell.
-- Computed only by TOTALS_SQL (ranking/queries.ts), the one statement of the rule's sums.
CREATE TABLE unit_total (
	year INTEGER NOT NULL,
	bloc_code VARCHAR NOT NULL,
	unit_code VARCHAR NOT NULL,
	-- content groups in display order: points and maxima rounded to 2 decimals for display
	groups STRUCT("groupCode" VARCHAR, "groupName" VARCHAR, points DOUBLE, "max" DOUBLE)[] NOT NULL,
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

-- Derived tables to fill from the data after a migration (filled on open, then the row goes).
CREATE TABLE derived_refill (
	table_name VARCHAR PRIMARY KEY
);
INSERT INTO derived_refill VALUES ('unit_total');
