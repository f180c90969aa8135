-- 015: leadership follows the bloc's own decision (issue 14, part 3).
-- When on (the default), the officers (unit_officer) of the unit that a bloc-year's membership
-- names as 'leader' / 'deputy' act as that bloc-year's bloc leader / deputy without a grant of
-- their own (auth/users.ts `loadPrincipal`); explicit grants in user_role stay as they are.
-- One ALTER on council_setting (DuckDB refuses several added columns on a table with rows in one
-- transaction); DuckDB adds no column with a constraint: NULL is read as true (COALESCE).
ALTER TABLE council_setting ADD COLUMN leaders_follow_membership BOOLEAN DEFAULT true;
