-- 0021_device.sql - a device an administrator can disable (issue 20).
--
-- A device is a browser that has signed in to an account with a password:
-- it holds the long-lived device cookie (only its hash is stored), which
-- the sign-in throttle already trusted (0001's login_device). A tablet
-- that is lost must be shut out on its own, without disabling the user:
-- so a device now has an id (for the administrator's list), when it last
-- signed in, a short label of its browser (the User-Agent's start, for
-- telling one tablet from another), and when and by whom it was disabled.
-- Each session remembers the device it was opened on (session.device_id;
-- NULL for a session opened through the municipality's login, which sets
-- no device cookie). A disabled device's sessions end, its requests are
-- refused with their own answer, and it cannot sign in again - the web app
-- then erases its offline data.
CREATE TABLE device (
	id {{ID}},
	token_hash TEXT NOT NULL UNIQUE,
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	last_seen_at BIGINT NOT NULL,
	label TEXT NOT NULL DEFAULT '',
	disabled_at BIGINT,
	disabled_by BIGINT REFERENCES app_user(id)
);
CREATE INDEX device_by_user ON device(user_id);
INSERT INTO device (token_hash, user_id, created_at, last_seen_at)
	SELECT token_hash, user_id, created_at, created_at FROM login_device ORDER BY created_at;
DROP TABLE login_device;
ALTER TABLE session ADD COLUMN device_id BIGINT REFERENCES device(id);
