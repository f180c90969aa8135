-- 002: accounts, roles, sessions, the scoring lifecycle, optimistic versions and the audit trail.

-- Tài khoản. Passwords are stored as scrypt hashes (`scrypt$N$r$p$salt$hash`, base64).
CREATE SEQUENCE app_user_seq START 1;
CREATE TABLE app_user (
	user_id INTEGER PRIMARY KEY DEFAULT nextval('app_user_seq'),
	username VARCHAR NOT NULL UNIQUE,
	display_name VARCHAR NOT NULL,
	password_hash VARCHAR NOT NULL,
	active BOOLEAN NOT NULL DEFAULT true,
	created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- What an account may do. Global roles: admin, analyst, viewer. Scoped roles: bloc_leader and
-- bloc_deputy of one bloc in one year; unit_officer of one unit (every year).
CREATE TABLE user_role (
	user_id INTEGER NOT NULL,
	role VARCHAR NOT NULL CHECK (
		role IN ('admin', 'analyst', 'viewer', 'bloc_leader', 'bloc_deputy', 'unit_officer')
	),
	bloc_code VARCHAR,
	year INTEGER,
	unit_code VARCHAR,
	CHECK ((role IN ('bloc_leader', 'bloc_deputy')) = (bloc_code IS NOT NULL AND year IS NOT NULL)),
	CHECK ((role = 'unit_officer') = (unit_code IS NOT NULL))
);

-- Phiên đăng nhập: only the SHA-256 of the cookie token is stored.
CREATE TABLE user_session (
	token_hash VARCHAR PRIMARY KEY,
	user_id INTEGER NOT NULL,
	created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	expires_at TIMESTAMP NOT NULL,
	address VARCHAR
);

-- Login attempts, for limiting guesses per account and per address.
CREATE TABLE login_attempt (
	attempted_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	username VARCHAR NOT NULL,
	address VARCHAR NOT NULL,
	success BOOLEAN NOT NULL
);

-- Giai đoạn of a bloc-year: open → self_scoring → review → finalised (locked).
ALTER TABLE pledge ADD COLUMN stage VARCHAR DEFAULT 'open';
UPDATE pledge SET stage = 'open' WHERE stage IS NULL;

-- One scoring sheet per unit, bloc and year; its version changes with every write, so that a
-- save made from an older copy is refused instead of overwriting someone else's work.
CREATE TABLE score_sheet (
	year INTEGER NOT NULL,
	bloc_code VARCHAR NOT NULL,
	unit_code VARCHAR NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	updated_by VARCHAR,
	PRIMARY KEY (year, bloc_code, unit_code)
);

-- Nhật ký: every change of a score, a note or a stage. The application only ever inserts here.
CREATE SEQUENCE audit_seq START 1;
CREATE TABLE audit_log (
	id BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
	changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	user_id INTEGER,
	username VARCHAR NOT NULL,
	-- score.self, score.review, score.note, stage, import
	action VARCHAR NOT NULL,
	year INTEGER,
	bloc_code VARCHAR,
	unit_code VARCHAR,
	criterion_code VARCHAR,
	old_value VARCHAR,
	new_value VARCHAR,
	reason VARCHAR
);
