-- 009: the ranking's outcome stored with the totals (rank, tie, tier, proposal, vote), so that
-- reading a ranking is a lookup: the windows of the rule ran on every read, ~25 ms for one
-- bloc-year and seconds for every bloc-year of a national database. Written in the same
-- transaction as the totals (ranking/totals.ts), by the same SQL rule; filled again on open.
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
