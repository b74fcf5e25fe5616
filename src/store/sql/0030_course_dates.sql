-- 0030_course_dates: each course's status history (enrolment_state,
-- migration 0010) also on the course itself, for the reports (issue 22
-- goals 1 and 2, docs/PERFORMANCE.md). The home-pedagogue report counted
-- the courses started in the period and planned or active at its end by
-- joining enrolment_state three times for every course the municipality
-- ever had: three index lookups per course, 0.26 s of the national
-- evaluation kit on SQLite and 0.66 s on PostgreSQL. With the three days
-- on the course and one covering key, the same counts are one read of that
-- key.
--
-- state_<status>_on is the effective_on of the course's enrolment_state
-- row of that status, NULL when it has none - nothing else. It is kept in
-- the application, in the same transaction as the history row, by the one
-- function that writes that history (store_enrolment_state_add,
-- src/store/history.c), which reads the day back from the history row, so
-- the history's rule (the first row of a status stays) holds for both.
-- Retention's erasure keeps both. tests/api/summary_checks.mjs compares
-- the two.
ALTER TABLE enrolment ADD COLUMN state_planned_on TEXT;
ALTER TABLE enrolment ADD COLUMN state_active_on TEXT;
ALTER TABLE enrolment ADD COLUMN state_closed_on TEXT;
UPDATE enrolment SET
	state_planned_on = (SELECT s.effective_on FROM enrolment_state s
		WHERE s.enrolment_id = enrolment.id AND s.status = 'planned'),
	state_active_on = (SELECT s.effective_on FROM enrolment_state s
		WHERE s.enrolment_id = enrolment.id AND s.status = 'active'),
	state_closed_on = (SELECT s.effective_on FROM enrolment_state s
		WHERE s.enrolment_id = enrolment.id AND s.status = 'closed');
CREATE INDEX enrolment_course_dates ON enrolment(municipality_id, programme, unit_id,
	state_planned_on, state_active_on, state_closed_on);
