-- 0006_report_summaries: running totals the reports read instead of
-- scanning every contact and parsing every assessment (issue 9). At national
-- scale (~5 million contacts, ~250,000 decisions) the evaluation kit spent
-- most of its time summing contacts per course and reading the reasons out
-- of each decision's assessment JSON.
--
-- Both are written in the same transaction as the row they summarise, by
-- the store functions that write contacts and decisions (contacts are only
-- ever inserted; decisions too), so they are never behind. Kept in the
-- application, not in triggers, so the SQL stays the same on SQLite and
-- PostgreSQL and `rede copy` copies them like any other table.

-- The minutes spent on one course, per staff member who recorded them.
-- user_key is the recorder's app_user id, 0 when none was recorded.
-- held_minutes leaves out the contacts that did not take place (cancelled,
-- no_show); minutes is every contact's minutes (a cancelled visit's
-- travel time is still staff time, so the cost report counts it).
CREATE TABLE contact_effort (
	enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
	user_key BIGINT NOT NULL,
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	contacts BIGINT NOT NULL,
	minutes BIGINT NOT NULL,
	held_minutes BIGINT NOT NULL,
	PRIMARY KEY (enrolment_id, user_key)
);

INSERT INTO contact_effort (enrolment_id, user_key, municipality_id, contacts, minutes, held_minutes)
	SELECT enrolment_id, COALESCE(recorded_by, 0), MIN(municipality_id), COUNT(*), SUM(minutes),
	       SUM(CASE WHEN kind IN ('cancelled', 'no_show') THEN 0 ELSE minutes END)
	FROM contact GROUP BY enrolment_id, COALESCE(recorded_by, 0);

-- The assessment's reasons as two bit masks (bit i = reason i of
-- visitation_reason_codes in include/rede/core_visitation.h: child_age,
-- risk_factors, section52, consent): which were met and which were not.
-- Filled for the existing decisions by the data step of this migration
-- (src/store/migrate_data.c), which parses their assessment JSON once.
ALTER TABLE visitation_decision ADD COLUMN reasons_ok BIGINT NOT NULL DEFAULT 0;
ALTER TABLE visitation_decision ADD COLUMN reasons_failed BIGINT NOT NULL DEFAULT 0;

-- The newest decision of a referral up to a date (the report's visitation
-- table) without sorting all of the referral's decisions.
CREATE INDEX visitation_referral_decided ON visitation_decision(referral_id, decided_on, id);

-- The referral's newest decision (by decided_on, then id - the order the
-- reports use) and its outcome, kept by store_referral_decide. A report
-- whose period ends on or after that date takes the outcome from here
-- instead of searching the decisions of every referral.
ALTER TABLE referral ADD COLUMN last_decided_on TEXT;
ALTER TABLE referral ADD COLUMN last_outcome TEXT;
UPDATE referral SET
	last_decided_on = (SELECT d.decided_on FROM visitation_decision d WHERE d.referral_id = referral.id
		ORDER BY d.decided_on DESC, d.id DESC LIMIT 1),
	last_outcome = (SELECT d.outcome FROM visitation_decision d WHERE d.referral_id = referral.id
		ORDER BY d.decided_on DESC, d.id DESC LIMIT 1);

-- A municipality's decisions in a period with their reasons, read from the
-- index alone (the report's visitation reasons).
CREATE INDEX visitation_municipality ON visitation_decision(municipality_id, decided_on,
	referral_id, reasons_ok, reasons_failed);
-- The goals of a course by theme and attainment, from the index alone.
CREATE INDEX goal_enrolment_theme ON goal(enrolment_id, theme, attainment);

-- A municipality's visits in a period (the visit, material and cost
-- reports ask per municipality; without it each asked every visit).
CREATE INDEX hv_visit_period ON hv_visit(municipality_id, visited_on, offer_id);
