-- 017 (issue 15, the vote): the secret ballot a bloc holds on the units tied at the last place of
-- a proposal (Cờ thi đua or Bằng khen), and the ranking's outcome following it.
--
-- One ballot per bloc-year and proposal. It applies while the units tied now at that place are
-- exactly its units and the places it fills are its places (ranking/queries.ts): a later score
-- change that alters the tie leaves the ballot stored but no longer applying, and the bloc votes
-- again.
CREATE TABLE bloc_vote (
	year INTEGER NOT NULL,
	bloc_code VARCHAR NOT NULL,
	-- flag | certificate: the proposal voted on
	kind VARCHAR NOT NULL CHECK (kind IN ('flag', 'certificate')),
	vote_date DATE NOT NULL,
	-- the bloc's member units that year, and those present at the vote
	members_total INTEGER NOT NULL CHECK (members_total >= 1),
	members_present INTEGER NOT NULL CHECK (members_present >= 1 AND members_present <= members_total),
	-- the places the vote fills (the proposal's places left above the tie)
	places INTEGER NOT NULL CHECK (places >= 1),
	recorded_by VARCHAR NOT NULL,
	recorded_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
	PRIMARY KEY (year, bloc_code, kind)
);
-- one row per unit voted on: its votes, and whether the bloc chose it for the proposal
CREATE TABLE bloc_vote_unit (
	year INTEGER NOT NULL,
	bloc_code VARCHAR NOT NULL,
	kind VARCHAR NOT NULL,
	unit_code VARCHAR NOT NULL,
	votes INTEGER NOT NULL CHECK (votes >= 0),
	chosen BOOLEAN NOT NULL,
	PRIMARY KEY (year, bloc_code, kind, unit_code)
);
-- unit_total gains the vote that decided a unit's proposal (derived: rebuilt and filled on open)
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
	-- flag | certificate | NULL: what the bloc proposes (after its recorded votes that apply)
	proposal VARCHAR,
	-- the unit is tied at the last place of a proposal that cannot take all of them, and no
	-- recorded vote decides it: a vote is needed
	proposal_tie BOOLEAN,
	-- flag | certificate | NULL: the recorded vote (bloc_vote) that decided the unit's proposal,
	-- the unit being one of its tied units (chosen or not)
	vote VARCHAR,
	PRIMARY KEY (year, bloc_code, unit_code)
);
INSERT OR IGNORE INTO derived_refill VALUES ('unit_total');
