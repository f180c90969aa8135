-- 010: an account's life cycle, kept in the browser (issue 14).
-- An account is never deleted: the audit trail names it. `active` (002) stays what sign-in and
-- every request check; `disabled_at` / `disabled_by` say when and by whom it was switched off.
-- A password set by someone else (a reset, a bulk creation) is temporary: `must_change_password`
-- sends the account to choose its own at the next sign-in, before any other page.
-- The table is made again rather than altered: DuckDB refuses, at commit, a transaction that
-- adds several columns to a table holding rows (as 004 did for the audit trail).
CREATE TABLE app_user_v10 (
	user_id INTEGER PRIMARY KEY DEFAULT nextval('app_user_seq'),
	username VARCHAR NOT NULL UNIQUE,
	display_name VARCHAR NOT NULL,
	password_hash VARCHAR NOT NULL,
	active BOOLEAN NOT NULL DEFAULT true,
	created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
	must_change_password BOOLEAN NOT NULL DEFAULT false,
	password_changed_at TIMESTAMP,
	disabled_at TIMESTAMP,
	disabled_by VARCHAR
);
INSERT INTO app_user_v10 (user_id, username, display_name, password_hash, active, created_at)
SELECT user_id, username, display_name, password_hash, active, created_at FROM app_user ORDER BY user_id;
DROP TABLE app_user;
ALTER TABLE app_user_v10 RENAME TO app_user;
