-- 0018_municipality_keys: the municipality on every table a report filters
-- by (issue 22). The national shared service on PostgreSQL ran each report
-- query once per municipality, and those that read the courses closed in
-- a period had to find them through enrolment: closure had no municipality
-- column, so PostgreSQL's plans scanned all of closure once per
-- municipality (~20 ms a query, 10-12 s for the national evaluation kit).
--
-- closure.municipality_id is the course's (enrolment.municipality_id),
-- written with the row by store_closure_insert (src/store/enrolments.c),
-- never changed after (a course does not move between municipalities).
-- No foreign key: SQLite cannot add a referencing column with a default.
ALTER TABLE closure ADD COLUMN municipality_id BIGINT NOT NULL DEFAULT 0;
UPDATE closure SET municipality_id =
	(SELECT e.municipality_id FROM enrolment e WHERE e.id = closure.enrolment_id);

-- A municipality's courses closed in a period, with the course id to join
-- on (the home-pedagogue and cost reports).
CREATE INDEX closure_period ON closure(municipality_id, closed_on, enrolment_id);

-- Name search gathers the families a user may see once (the access rule
-- as a set, src/store/access.c) instead of running the rule per hit: the
-- referrals a user made, and the courses and visit offers of the units a
-- leader leads, are found by these.
CREATE INDEX referral_referred_by ON referral(referred_by, family_id);
CREATE INDEX enrolment_unit ON enrolment(unit_id, family_id);
CREATE INDEX hv_offer_unit ON hv_offer(unit_id, family_id);
