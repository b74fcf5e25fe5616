-- 0028_caseload_open: the open assignments of the caseload kept apart
-- (issue 22 goal 4, docs/PERFORMANCE.md). The caseload is the caller's
-- planned and active home-pedagogue courses; found through enrolment_staff
-- it read every course the caller was ever assigned to (194 for the demo
-- home pedagogue, 16 of them open), one enrolment lookup each: half of the
-- caseload's SQL work. caseload_open holds one row per staff member and
-- open home-pedagogue course, and nothing else.
--
-- Kept in the application, in the same transaction as every write that
-- changes a course's status or staff (store_caseload_open_refresh in
-- src/store/caseload_facts.c, called by the one function that writes a
-- home-pedagogue course's staff, after its status), as contact_effort is:
-- the SQL stays the same on SQLite and PostgreSQL and `rede copy` copies
-- it like any other table. The caseload still checks the course's status,
-- programme and municipality itself, so a row here can only narrow the
-- courses read, never add one.
CREATE TABLE caseload_open (
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
	PRIMARY KEY (user_id, enrolment_id)
);
CREATE INDEX caseload_open_enrolment ON caseload_open(enrolment_id);

INSERT INTO caseload_open (user_id, enrolment_id)
	SELECT s.user_id, s.enrolment_id FROM enrolment_staff s
	JOIN enrolment e ON e.id = s.enrolment_id
	WHERE e.programme = 'home_pedagogue' AND e.status IN ('planned', 'active');

-- Covering keys for what the caseload reads per open course, each taking
-- the place of a key that is its prefix (so no write keeps one more):
-- the kind of a course's contacts (last contact that took place, planned
-- network meetings) is read from the key instead of each contact's row;
-- the weekly minutes in force likewise; a course's goals come in id order
-- with the day they were agreed. 1.68 M -> 1.56 M instructions per caseload
-- request (docs/PERFORMANCE.md).
CREATE INDEX contact_enrolment_kind ON contact(enrolment_id, happened_on, kind);
DROP INDEX contact_enrolment;
CREATE INDEX enrolment_hours_minutes ON enrolment_hours(enrolment_id, from_date, id, minutes_per_week);
DROP INDEX enrolment_hours_day;
CREATE INDEX goal_enrolment_agreed ON goal(enrolment_id, id, agreed_on);
DROP INDEX goal_enrolment;
