-- 018: proposals that become a decision and award records (issue 15, part 3).
-- A decision entered for a finalised bloc-year ('bloc/2024/K04') or for the council across the
-- finalised blocs of a year ('council/2024'): its number and date. Entering it again updates it.
CREATE TABLE award_decision (
	decision_key VARCHAR PRIMARY KEY,
	year INTEGER NOT NULL,
	-- NULL: the council's decision over every finalised bloc of the year
	bloc_code VARCHAR,
	decision_no VARCHAR NOT NULL,
	decision_date DATE NOT NULL,
	recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	recorded_by VARCHAR NOT NULL
);
-- The award rows a decision wrote (award.award_id, deterministic: 'decision|year|unit|award_code').
-- An award row written by a bloc decision and by the council's decision of the same year is one
-- row linked to both; removing one decision keeps the rows the other still holds.
CREATE TABLE award_decision_item (
	decision_key VARCHAR NOT NULL,
	award_id VARCHAR NOT NULL,
	PRIMARY KEY (decision_key, award_id)
);
-- A council's own .docx templates of the tờ trình and the quyết định (none: the built-in ones).
CREATE TABLE decision_template (
	kind VARCHAR PRIMARY KEY CHECK (kind IN ('submission', 'decision')),
	file_name VARCHAR NOT NULL,
	content BLOB NOT NULL,
	uploaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	uploaded_by VARCHAR NOT NULL
);
