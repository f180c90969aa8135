-- 003: what the analytics and rule checks need beyond scores and awards.

-- Số người của đơn vị theo năm: the denominator of "≥ 70% of members hold Lao động tiên tiến"
-- (Tập thể lao động xuất sắc). Imported from headcounts.csv (`npm run import`).
CREATE TABLE unit_headcount (
	year INTEGER NOT NULL,
	unit_code VARCHAR NOT NULL,
	-- cán bộ, công chức, viên chức, người lao động of the unit in the emulation year
	members INTEGER NOT NULL CHECK (members >= 0),
	-- of whom completed their tasks (hoàn thành nhiệm vụ); NULL = not reported
	tasks_completed INTEGER CHECK (tasks_completed >= 0),
	note VARCHAR,
	PRIMARY KEY (year, unit_code),
	CHECK (tasks_completed IS NULL OR tasks_completed <= members)
);

-- A council's own effective years for a rule of `src/lib/domain/rules.ts` (by rule version id),
-- e.g. once the CSTĐCS cap is confirmed (or dropped) under Nghị định 98/2023 or 152/2025.
-- NULL columns keep the rule table's values; no row = the rule table as written.
CREATE TABLE rule_setting (
	rule_id VARCHAR PRIMARY KEY,
	effective_from INTEGER,
	effective_to INTEGER,
	enabled BOOLEAN NOT NULL DEFAULT true,
	note VARCHAR,
	CHECK (effective_from IS NULL OR effective_to IS NULL OR effective_from <= effective_to)
);
