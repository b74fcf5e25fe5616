-- 0035_report_facts: four facts the reports read, kept on the rows they
-- describe (issue 22 goal 1; docs/PERFORMANCE.md "Facts kept on write").
--
-- The national kit on PostgreSQL spent most of its time in the executor's
-- joins and probes, not in waiting: the closed courses' held minutes were
-- one probe of contact_effort per course closed in the period (48 000 in
-- the national set's 2025, ~90 ms of 190), the goals and costs of those
-- courses read every home-pedagogue course (189 000) only to learn which
-- closures were of that programme, the visitation decisions' reasons
-- joined every home-pedagogue referral (250 000 rows hashed) only to learn
-- each decision's programme (~70 ms of 85), and the COS-P families
-- completing read every offer's history to find the courses that ended in
-- the period. These facts are now on the row the report already reads.
-- They are kept by the application in the same transaction as the rows
-- they follow, like migration 0006's totals; tests/api/summary_checks.mjs
-- compares each with its source.

-- closure.held_minutes: the sum of contact_effort.held_minutes of the
-- course (every contact that took place, whenever recorded - the same
-- definition the report read from contact_effort). Set when the course is
-- closed (store_closure_insert) and moved with each contact recorded on a
-- closed course (src/store/contacts.c). Retention's erasure keeps it, as
-- it keeps contact_effort.
-- closure.programme: the course's programme (a course's programme never
-- changes; store_closure_insert copies it), so the goals and the costs of
-- the courses closed in a period read the closures alone and look the
-- course up only for a unit filter (REPORT_COURSE_UNIT_SQL).
ALTER TABLE closure ADD COLUMN held_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE closure ADD COLUMN programme TEXT NOT NULL DEFAULT '';
UPDATE closure SET
	held_minutes = COALESCE((SELECT sum(ef.held_minutes) FROM contact_effort ef
		WHERE ef.enrolment_id = closure.enrolment_id), 0),
	programme = (SELECT e.programme FROM enrolment e WHERE e.id = closure.enrolment_id);
-- The courses of a programme closed in a period, over every municipality,
-- from the key alone (replaces 0033's, which had no programme).
DROP INDEX closure_closed;
CREATE INDEX closure_closed ON closure(closed_on, programme, enrolment_id, municipality_id);

-- visitation_decision.programme: the programme of the decision's referral
-- (a referral's programme never changes; store_referral_decide copies it).
ALTER TABLE visitation_decision ADD COLUMN programme TEXT NOT NULL DEFAULT '';
UPDATE visitation_decision SET programme = (SELECT r.programme FROM referral r
	WHERE r.id = visitation_decision.referral_id);
-- The decisions of one programme in a period with their reasons, from the
-- key alone: over every municipality (the grouped form) and for one.
DROP INDEX visitation_municipality;
CREATE INDEX visitation_municipality ON visitation_decision(municipality_id, programme,
	decided_on, referral_id, reasons_ok, reasons_failed);
CREATE INDEX visitation_programme ON visitation_decision(programme, decided_on,
	municipality_id, referral_id, reasons_ok, reasons_failed);

-- cosp_course.last_held_on: the day of the course's last session (the
-- greatest cosp_session.held_on, NULL without sessions), which decides when
-- a COS-P family completed. Set with the sessions (store_cosp_course_insert)
-- and when one moves (store_cosp_session_move); sessions are never deleted.
-- The cost report's families completing in a period start from the courses
-- whose last session falls in it (cosp_course_last) instead of reading
-- every offer's history nationally (30 000 offers, ~120 ms on PostgreSQL).
ALTER TABLE cosp_course ADD COLUMN last_held_on TEXT;
UPDATE cosp_course SET last_held_on = (SELECT max(s.held_on) FROM cosp_session s
	WHERE s.course_id = cosp_course.id);
CREATE INDEX cosp_course_last ON cosp_course(last_held_on, id);
