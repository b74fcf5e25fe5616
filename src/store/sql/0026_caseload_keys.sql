-- 0026_caseload_keys: covering keys for the caseload (issue 22 goal 4,
-- docs/PERFORMANCE.md). The caseload starts from the caller's course
-- assignments: with the key on user_id alone every assignment cost a
-- second lookup into enrolment_staff for its course id (194 of them for
-- the demo home pedagogue, most of them closed courses). The weekly hours
-- in force were sorted per course and request; with from_date and id in
-- the key the newest row on or before a day is the first one read.
CREATE INDEX enrolment_staff_user_course ON enrolment_staff(user_id, enrolment_id);
DROP INDEX enrolment_staff_user;
CREATE INDEX enrolment_hours_day ON enrolment_hours(enrolment_id, from_date, id);
DROP INDEX enrolment_hours_enrolment;
