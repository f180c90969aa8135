-- 020 (issue 15 part 6, official statistics): what Biểu 0602/0603.N/BNV-TĐKT (Thông tư số
-- 2/2023/TT-BNV) count that an award row did not record.
-- - recipient_kind 'household' (Hộ gia đình), a third kind beside individual and collective;
-- - official_class: the circular's five classes of individuals (an individual only; NULL reads
--   as the class of its recipient_category, domain/statistics.ts officialClassOf):
--     senior_leader      Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên
--     department_leader  Lãnh đạo cấp vụ, sở, ngành và tương đương   (default of 'leader')
--     entrepreneur       Doanh nhân
--     other_leader       Các cấp lãnh đạo khác từ phó phòng trở lên   (default of 'manager')
--     direct_worker      Người trực tiếp công tác, lao động, …        (default of staff, direct_worker, citizen)
--   recipient_category stays what the award balance counts; the two agree: a leader or manager
--   is one of the first four classes, staff / direct workers / citizens the fifth;
-- - enterprise: a collective that is an enterprise (Doanh nghiệp); NULL reads as "the unit
--   itself, when the unit is an enterprise" (a collective named as its unit of type enterprise);
-- - award_method (phương thức khen thưởng): regular (Thường xuyên, the default), thematic
--   (Chuyên đề), sudden (Đột xuất), foreign (Đối ngoại), dedication (Cống hiến), seniority
--   (Niên hạn), resistance (Kháng chiến).
-- The kind's CHECK cannot be changed in place (DuckDB), so the table is built again with every
-- row; existing rows get the defaults (official_class NULL: read from their category).
CREATE TABLE award_v20 (
	award_id VARCHAR PRIMARY KEY,
	year INTEGER NOT NULL,
	unit_code VARCHAR NOT NULL,
	recipient_kind VARCHAR NOT NULL CHECK (recipient_kind IN ('individual', 'collective', 'household')),
	recipient_name VARCHAR NOT NULL,
	-- individuals: leader, manager, staff, direct_worker, citizen; collectives, households: NULL
	recipient_category VARCHAR CHECK (
		recipient_category IS NULL
		OR recipient_category IN ('leader', 'manager', 'staff', 'direct_worker', 'citizen')
	),
	award_code VARCHAR NOT NULL,
	-- title (danh hiệu) or form (hình thức); derived from the award catalogue on import
	award_class VARCHAR NOT NULL CHECK (award_class IN ('title', 'form')),
	level VARCHAR NOT NULL CHECK (level IN ('grassroots', 'district', 'province', 'ministry', 'national')),
	gender VARCHAR CHECK (gender IS NULL OR gender IN ('female', 'male')),
	ethnic_minority BOOLEAN NOT NULL DEFAULT false,
	remote_area BOOLEAN NOT NULL DEFAULT false,
	small_collective BOOLEAN NOT NULL DEFAULT false,
	decision_no VARCHAR,
	decision_date DATE,
	official_class VARCHAR CHECK (
		official_class IS NULL
		OR official_class IN ('senior_leader', 'department_leader', 'entrepreneur', 'other_leader', 'direct_worker')
	),
	enterprise BOOLEAN,
	award_method VARCHAR NOT NULL DEFAULT 'regular' CHECK (
		award_method IN ('regular', 'thematic', 'sudden', 'foreign', 'dedication', 'seniority', 'resistance')
	),
	CHECK ((recipient_kind = 'individual') = (recipient_category IS NOT NULL)),
	CHECK (recipient_kind = 'individual' OR official_class IS NULL),
	CHECK (recipient_kind = 'collective' OR enterprise IS NULL OR NOT enterprise)
);
INSERT INTO award_v20 (
	award_id, year, unit_code, recipient_kind, recipient_name, recipient_category, award_code, award_class,
	level, gender, ethnic_minority, remote_area, small_collective, decision_no, decision_date
)
SELECT
	award_id, year, unit_code, recipient_kind, recipient_name, recipient_category, award_code, award_class,
	level, gender, ethnic_minority, remote_area, small_collective, decision_no, decision_date
FROM award;
DROP TABLE award;
ALTER TABLE award_v20 RENAME TO award;
