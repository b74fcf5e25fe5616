-- 0017_offline.sql - records made on a tablet without a network (issue 20).
--
-- The five kinds of record the web app can make offline and send later
-- (home visits = contact, goal_rating, hv_visit, cosp_attendance,
-- daycare_score) keep two times: created_at (already there) is when the
-- record ARRIVED at the server; recorded_at is when the user made it on the
-- device (the client's clock, sent as "recorded_at"; NULL when the client
-- did not send one, i.e. the record was made online). The server checks the
-- client time against the two settings below.
ALTER TABLE contact ADD COLUMN recorded_at BIGINT;
ALTER TABLE goal_rating ADD COLUMN recorded_at BIGINT;
ALTER TABLE hv_visit ADD COLUMN recorded_at BIGINT;
ALTER TABLE cosp_attendance ADD COLUMN recorded_at BIGINT;
ALTER TABLE daycare_score ADD COLUMN recorded_at BIGINT;

-- offline.max_days: how many days a device may work without reaching the
-- server - the web app erases its offline data after this long without a
-- successful contact, and the server refuses a record made longer ago.
-- offline.clock_skew_seconds: how far a device's clock may run ahead of the
-- server's before a "recorded_at" counts as in the future.
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'offline.max_days', '7'),
	(0, 'offline.clock_skew_seconds', '300');
