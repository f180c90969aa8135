-- 001: core data model of an emulation council (hội đồng thi đua - khen thưởng).
-- Scores, points and weights are DECIMAL so that totals, ties and tier boundaries are exact;
-- cast to DOUBLE only when a value leaves DuckDB for display.
-- No FOREIGN KEY constraints: DuckDB forbids updating a referenced parent row, which would
-- make re-imports impossible. References are checked by the import validator instead.

-- Council-wide defaults; a pledge may override the tier thresholds and proposal settings.
CREATE TABLE council_setting (
	id INTEGER PRIMARY KEY DEFAULT 1 CHECK (id = 1),
	council_name VARCHAR NOT NULL DEFAULT 'Hội đồng Thi đua - Khen thưởng',
	tier_excellent_pct DECIMAL(5, 2) NOT NULL DEFAULT 95,
	tier_good_pct DECIMAL(5, 2) NOT NULL DEFAULT 85,
	tier_fair_pct DECIMAL(5, 2) NOT NULL DEFAULT 70,
	tier_average_pct DECIMAL(5, 2) NOT NULL DEFAULT 50,
	flag_count INTEGER NOT NULL DEFAULT 1,
	flag_min_tier VARCHAR NOT NULL DEFAULT 'good',
	certificate_count INTEGER NOT NULL DEFAULT 2,
	certificate_min_tier VARCHAR NOT NULL DEFAULT 'good',
	-- award balance target: direct workers receive at least this many individual awards
	-- per award to leaders and managers (1 = at least as many)
	direct_worker_per_leader_target DECIMAL(6, 2) NOT NULL DEFAULT 1,
	-- first day of the emulation year, e.g. 1 December of the previous calendar year
	year_start_month INTEGER NOT NULL DEFAULT 12 CHECK (year_start_month BETWEEN 1 AND 12),
	year_start_day INTEGER NOT NULL DEFAULT 1 CHECK (year_start_day BETWEEN 1 AND 31)
);
INSERT INTO council_setting (id) VALUES (1);

-- Đơn vị: member agencies.
CREATE TABLE unit (
	unit_code VARCHAR PRIMARY KEY,
	unit_name VARCHAR NOT NULL,
	-- commune, ward, party_agency, mass_org, department, school, enterprise, other
	unit_type VARCHAR NOT NULL,
	remote_area BOOLEAN NOT NULL DEFAULT false,
	note VARCHAR
);

-- Khối / cụm thi đua.
CREATE TABLE bloc (
	bloc_code VARCHAR PRIMARY KEY,
	bloc_name VARCHAR NOT NULL,
	description VARCHAR
);

-- Yearly membership; a unit belongs to at most one bloc in a year.
CREATE TABLE bloc_membership (
	year INTEGER NOT NULL,
	unit_code VARCHAR NOT NULL,
	bloc_code VARCHAR NOT NULL,
	role VARCHAR NOT NULL DEFAULT 'member' CHECK (role IN ('leader', 'deputy', 'member')),
	PRIMARY KEY (year, unit_code)
);

-- Predecessor → successor (merger, split, rename), effective from `year`.
CREATE TABLE unit_lineage (
	predecessor_code VARCHAR NOT NULL,
	successor_code VARCHAR NOT NULL,
	year INTEGER NOT NULL,
	event VARCHAR NOT NULL DEFAULT 'merge' CHECK (event IN ('merge', 'split', 'rename')),
	note VARCHAR,
	PRIMARY KEY (predecessor_code, successor_code),
	CHECK (predecessor_code <> successor_code)
);

-- Giao ước thi đua: one per bloc and year. NULL settings fall back to council_setting.
CREATE TABLE pledge (
	year INTEGER NOT NULL,
	bloc_code VARCHAR NOT NULL,
	title VARCHAR NOT NULL,
	signed_date DATE,
	-- cap on the sum of weighted bonus points; NULL = no cap beyond the criteria maxima
	bonus_cap DECIMAL(9, 2) CHECK (bonus_cap >= 0),
	tier_excellent_pct DECIMAL(5, 2),
	tier_good_pct DECIMAL(5, 2),
	tier_fair_pct DECIMAL(5, 2),
	tier_average_pct DECIMAL(5, 2),
	flag_count INTEGER CHECK (flag_count >= 0),
	flag_min_tier VARCHAR,
	certificate_count INTEGER CHECK (certificate_count >= 0),
	certificate_min_tier VARCHAR,
	PRIMARY KEY (year, bloc_code)
);

-- Tiêu chí of a pledge, in groups (sections) with maximum points.
CREATE TABLE criterion (
	year INTEGER NOT NULL,
	bloc_code VARCHAR NOT NULL,
	criterion_code VARCHAR NOT NULL,
	group_code VARCHAR NOT NULL,
	group_name VARCHAR NOT NULL,
	criterion_name VARCHAR NOT NULL,
	max_points DECIMAL(9, 2) NOT NULL CHECK (max_points > 0),
	weight DECIMAL(9, 3) NOT NULL DEFAULT 1 CHECK (weight > 0),
	kind VARCHAR NOT NULL DEFAULT 'content' CHECK (kind IN ('content', 'bonus', 'deduction')),
	sort_order INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (year, bloc_code, criterion_code)
);

-- Điểm: self-score and bloc-reviewed score kept apart. Deductions are stored as positive
-- magnitudes (points taken off), bounded by the criterion's max_points.
CREATE TABLE score (
	year INTEGER NOT NULL,
	bloc_code VARCHAR NOT NULL,
	unit_code VARCHAR NOT NULL,
	criterion_code VARCHAR NOT NULL,
	self_score DECIMAL(9, 2) CHECK (self_score >= 0),
	reviewed_score DECIMAL(9, 2) CHECK (reviewed_score >= 0),
	note VARCHAR,
	PRIMARY KEY (year, bloc_code, unit_code, criterion_code),
	CHECK (self_score IS NOT NULL OR reviewed_score IS NOT NULL)
);

-- Khen thưởng: titles (danh hiệu) and forms (hình thức) to individuals and collectives.
CREATE TABLE award (
	award_id VARCHAR PRIMARY KEY,
	year INTEGER NOT NULL,
	unit_code VARCHAR NOT NULL,
	recipient_kind VARCHAR NOT NULL CHECK (recipient_kind IN ('individual', 'collective')),
	recipient_name VARCHAR NOT NULL,
	-- individuals: leader, manager, staff, direct_worker, citizen; collectives: NULL
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
	CHECK ((recipient_kind = 'individual') = (recipient_category IS NOT NULL))
);

-- One row per committed import, for traceability.
CREATE SEQUENCE import_log_seq START 1;
CREATE TABLE import_log (
	id INTEGER PRIMARY KEY DEFAULT nextval('import_log_seq'),
	imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	source VARCHAR NOT NULL,
	files VARCHAR NOT NULL,
	added INTEGER NOT NULL,
	replaced INTEGER NOT NULL,
	unchanged INTEGER NOT NULL
);
