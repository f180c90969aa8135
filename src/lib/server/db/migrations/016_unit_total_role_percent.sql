-- 016: the member's role and the display percent stored with the totals, so that reading the
-- rankings of every bloc-year is a read of this one table: the join with the membership and the
-- 128-bit arithmetic of the percent were two fifths of the query, once per row and per read.
-- Both are written by the same statement as the totals (ranking/queries.ts TOTALS_SQL); a
-- membership change already computes its bloc-year again (a 'pledge' change). Filled on open.
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
	-- the member's role that year (bloc_membership: leader | deputy | member)
	role VARCHAR NOT NULL,
	-- total / content_max × 100 to 2 decimals, for display (tiers compare exactly)
	percent DOUBLE NOT NULL,
	-- the ranking's outcome in the bloc-year (competition rank; NULL only inside the write that
	-- computes it: every transaction ranks the bloc-years it changed before its COMMIT)
	rank INTEGER,
	-- another member has the same total
	tied BOOLEAN,
	-- excellent | good | fair | average | weak, from the pledge's (else the council's) thresholds
	tier VARCHAR,
	-- flag | certificate | NULL: what the bloc proposes
	proposal VARCHAR,
	-- the unit is tied at the last place of a proposal that cannot take all of them: a vote
	proposal_tie BOOLEAN,
	PRIMARY KEY (year, bloc_code, unit_code)
);
INSERT OR IGNORE INTO derived_refill VALUES ('unit_total');
