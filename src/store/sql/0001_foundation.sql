-- 0001_foundation: tenancy, users, sessions, login throttling, settings,
-- idempotency records and the hash-chained audit log.
--
-- Portable SQL only (SQLite and PostgreSQL); {{ID}} is replaced by each
-- backend with its auto-assigned 64-bit primary key. Timestamps are Unix
-- seconds (BIGINT) unless named *_ms; dates are TEXT 'YYYY-MM-DD'.

CREATE TABLE municipality (
	id {{ID}},
	code TEXT NOT NULL UNIQUE,          -- official municipality code, e.g. '0101'
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL
);

CREATE TABLE unit (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	kind TEXT NOT NULL,                 -- daycare, health_visiting, administration, family_department, ppr
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	UNIQUE (municipality_id, name)
);
CREATE INDEX unit_municipality ON unit(municipality_id);

CREATE TABLE app_user (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	username TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL,
	password_hash TEXT NOT NULL,        -- Argon2id string; '' for service accounts
	roles BIGINT NOT NULL,              -- bit set of enum core_role
	is_service INTEGER NOT NULL DEFAULT 0,
	hourly_cost_ore BIGINT,             -- hourly cost in øre, for cost reports
	disabled_at BIGINT,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX app_user_municipality ON app_user(municipality_id);

CREATE TABLE unit_member (
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	PRIMARY KEY (user_id, unit_id)
);
CREATE INDEX unit_member_unit ON unit_member(unit_id);

CREATE TABLE session (
	id {{ID}},
	token_hash TEXT NOT NULL UNIQUE,    -- keyed hash of the 256-bit token; the token itself is never stored
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	csrf_token TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	last_seen_at BIGINT NOT NULL,
	ended_at BIGINT
);
CREATE INDEX session_by_user ON session(user_id);

CREATE TABLE api_token (
	id {{ID}},
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	label TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	revoked_at BIGINT
);
CREATE INDEX api_token_user ON api_token(user_id);

-- Failed-login bookkeeping. scope 'account' keys on the username,
-- 'address' on the client address, 'device' on a device cookie hash.
CREATE TABLE login_throttle (
	scope TEXT NOT NULL,
	key TEXT NOT NULL,
	failures BIGINT NOT NULL,
	window_start BIGINT NOT NULL,
	last_failure BIGINT NOT NULL,
	PRIMARY KEY (scope, key)
);

-- Devices that have logged in successfully for an account; their holders
-- are not slowed by the account throttle an attacker elsewhere triggers.
CREATE TABLE login_device (
	token_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);

-- Policy values stored as data. municipality_id 0 holds the defaults.
CREATE TABLE setting (
	municipality_id BIGINT NOT NULL,
	key TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (municipality_id, key)
);
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'session.idle_seconds', '1800'),
	(0, 'session.absolute_seconds', '43200'),
	(0, 'login.account_free_failures', '5'),
	(0, 'login.account_max_delay_seconds', '60'),
	(0, 'login.address_max_failures', '50'),
	(0, 'login.address_window_seconds', '900'),
	(0, 'password.min_length', '12'),
	(0, 'report.suppression_threshold', '5');

-- A POST with an Idempotency-Key stores its answer here in the same
-- transaction as its effect; a retry gets the stored answer.
CREATE TABLE idempotency (
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	key TEXT NOT NULL,
	route TEXT NOT NULL,
	status BIGINT NOT NULL,
	body TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	PRIMARY KEY (user_id, key)
);

-- Append-only audit log. hash = BLAKE2b-256 over prev_hash and the
-- canonical text of the entry (see src/core/audit_hash.c).
CREATE TABLE audit_log (
	id {{ID}},
	at TEXT NOT NULL,                   -- UTC, 2026-11-23T04:30:00.123Z
	municipality_id BIGINT,
	user_id BIGINT,
	username TEXT,
	action TEXT NOT NULL,               -- read, search, create, update, delete, export, login, logout, ...
	entity TEXT,
	entity_id TEXT,
	purpose TEXT,                       -- the route or CLI verb
	outcome TEXT NOT NULL,              -- ok, denied, invalid, not_found, failed
	detail TEXT,                        -- e.g. a search criterion; never a CPR number
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);

-- The head of the chain: one row, updated with every append. Updating it
-- serialises appenders on both backends and lets verify notice a removed
-- last entry.
CREATE TABLE audit_head (
	id BIGINT PRIMARY KEY,
	last_id BIGINT NOT NULL,
	last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash) VALUES
	(1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
