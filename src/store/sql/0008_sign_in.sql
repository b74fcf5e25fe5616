-- 0008_sign_in: usernames unique per municipality, and the slowed
-- sign-in address (issue 14, items 1 and 8).
--
-- Until now a username was unique across all municipalities, so an admin
-- creating "jens" learned from the 409 that another municipality has a
-- "jens". Now (municipality_id, username) is unique; a user signs in as
-- NAME@CODE. Users with plain_sign_in = 1 may also sign in with NAME
-- alone: every user that exists now (their names are unique everywhere)
-- and users the operator adds with `rede user add` while the plain name
-- is free. The plain names stay unique across municipalities (index
-- app_user_plain). The global UNIQUE(username) of 0001 is dropped by this
-- migration's data step (store_users_scope_usernames).
ALTER TABLE app_user ADD COLUMN plain_sign_in INTEGER NOT NULL DEFAULT 0;
UPDATE app_user SET plain_sign_in = 1;
CREATE UNIQUE INDEX app_user_name ON app_user(municipality_id, username);
CREATE UNIQUE INDEX app_user_plain ON app_user(username) WHERE plain_sign_in = 1;

-- An address past login.address_max_failures in its window is slowed, not
-- locked: one sign-in attempt from a device it does not know per this many
-- seconds (see docs/OPERATIONS.md, "Sign-in throttling").
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'login.address_slow_seconds', '5');
