-- 019: publication of the finalised rankings (issue 15, part 5). A year listed here is public:
-- the finalised bloc-years of that year are shown without sign-in at /cong-khai (rank, unit name,
-- total, tier, proposals; no drafts, no personal data, no notes). No row: nothing is public (the
-- default). A new table rather than a column of council_setting: a set of years, and no ALTER of
-- a table with rows. Every change is written with its audit row (action 'setting',
-- criterion_code 'public_year:<year>') in one transaction (server/publication).
CREATE TABLE public_year (
	year INTEGER PRIMARY KEY,
	published_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	published_by VARCHAR NOT NULL
);
