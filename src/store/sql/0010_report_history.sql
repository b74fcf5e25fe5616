-- 0010_report_history: the history of every state a report reads "as it
-- stood at the end of the period" (issue 15). Until now some of those
-- states were columns that a later change overwrote: an offer accepted in
-- the period and cancelled after it (answered_on moves to the cancellation
-- day) was reported "afventer svar"; a course's status said nothing about
-- whether its start meeting had been held. From here on each change is
-- also a row, dated by the day it took effect (the date the user gives,
-- not the day it was typed in), written by the store function that makes
-- the change, in the same transaction; the report builders read the
-- state in force on the period's last day from these rows. Which row
-- answers which report cell: docs/API.md, "Reports", definitions.
--
-- Visitation decisions need no new table: every decision already is a row
-- of its own (visitation_decision, never updated, dated decided_on).
--
-- Rows for data from before this migration are made from the current
-- rows (below): for them the history holds the latest state only (a yes
-- that was later cancelled before this migration is not known any more).
-- Kept in the application, not in triggers, like 0006.

-- The answers of a 1½/3-year visit offer: one row each time its status
-- changes to accepted, declined (also a family cancelling after a yes),
-- never_reached or visited, dated answered_on / the visit's day. The
-- answer at a day is the newest row on or before it (by effective_on,
-- then id); no row: still waiting for an answer.
CREATE TABLE hv_offer_state (
	id {{ID}},
	offer_id BIGINT NOT NULL REFERENCES hv_offer(id),
	status TEXT NOT NULL,
	effective_on TEXT NOT NULL,
	decline_reason TEXT,
	recorded_at BIGINT NOT NULL
);
CREATE INDEX hv_offer_state_offer ON hv_offer_state(offer_id, effective_on, id);

-- A COS-P family's way through its offer: accepted / declined (the
-- answer, answered_on), placed (on a course, placed_on; course_id),
-- dropped_out (dropout_on) and rated (the parents' rating, rated_on;
-- rating). A rating given again is a new row: the rating at a day is the
-- newest one on or before it.
CREATE TABLE cosp_offer_state (
	id {{ID}},
	offer_id BIGINT NOT NULL REFERENCES cosp_offer(id),
	event TEXT NOT NULL,
	effective_on TEXT NOT NULL,
	course_id BIGINT REFERENCES cosp_course(id),
	rating INTEGER,
	recorded_at BIGINT NOT NULL
);
CREATE INDEX cosp_offer_state_offer ON cosp_offer_state(offer_id, event, effective_on, id);

-- The status of an enrolment (a course): the day it became planned,
-- active and closed. The three follow each other, so each is recorded
-- once. Home-pedagogue course: planned from the day its referral was
-- accepted (the visitation decision), active from the day its start
-- meeting was held (POST .../start), closed on closed_on. COS-P: planned
-- on the offer's day, active when placed, closed when declined or
-- dropped out. Family group: active from joining, closed on leaving.
CREATE TABLE enrolment_state (
	enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
	status TEXT NOT NULL,
	effective_on TEXT NOT NULL,
	recorded_at BIGINT NOT NULL,
	PRIMARY KEY (enrolment_id, status)
);

-- A consent given and withdrawn (each once; a new consent is a new row of
-- consent).
CREATE TABLE consent_state (
	consent_id BIGINT NOT NULL REFERENCES consent(id),
	event TEXT NOT NULL,
	effective_on TEXT NOT NULL,
	recorded_at BIGINT NOT NULL,
	PRIMARY KEY (consent_id, event)
);

-- ---- backfill from the current rows ----

INSERT INTO hv_offer_state (offer_id, status, effective_on, decline_reason, recorded_at)
	SELECT id, CASE WHEN status = 'visited' THEN 'accepted' ELSE status END, answered_on,
	       CASE WHEN status = 'declined' THEN decline_reason ELSE NULL END, created_at
	FROM hv_offer
	WHERE status IN ('accepted', 'declined', 'never_reached', 'visited') AND answered_on IS NOT NULL
	ORDER BY id;
INSERT INTO hv_offer_state (offer_id, status, effective_on, decline_reason, recorded_at)
	SELECT offer_id, 'visited', visited_on, NULL, created_at FROM hv_visit ORDER BY offer_id;

INSERT INTO cosp_offer_state (offer_id, event, effective_on, course_id, rating, recorded_at)
	SELECT id, status, answered_on, NULL, NULL, created_at FROM cosp_offer
	WHERE status IN ('accepted', 'declined') AND answered_on IS NOT NULL ORDER BY id;
INSERT INTO cosp_offer_state (offer_id, event, effective_on, course_id, rating, recorded_at)
	SELECT id, 'placed', COALESCE(placed_on, answered_on), course_id, NULL, created_at
	FROM cosp_offer WHERE course_id IS NOT NULL AND COALESCE(placed_on, answered_on) IS NOT NULL
	ORDER BY id;
INSERT INTO cosp_offer_state (offer_id, event, effective_on, course_id, rating, recorded_at)
	SELECT id, 'dropped_out', dropout_on, NULL, NULL, created_at FROM cosp_offer
	WHERE dropout_on IS NOT NULL ORDER BY id;
INSERT INTO cosp_offer_state (offer_id, event, effective_on, course_id, rating, recorded_at)
	SELECT id, 'rated', rated_on, NULL, rating, created_at FROM cosp_offer
	WHERE rating IS NOT NULL AND rated_on IS NOT NULL ORDER BY id;

INSERT INTO enrolment_state (enrolment_id, status, effective_on, recorded_at)
	SELECT id, 'planned', d, created_at FROM (
		SELECT e.id AS id, e.created_at AS created_at, COALESCE(
			CASE e.programme
			WHEN 'home_pedagogue' THEN (SELECT r.last_decided_on FROM referral r
				WHERE r.id = e.referral_id)
			WHEN 'cosp' THEN (SELECT o.offered_on FROM cosp_offer o
				WHERE o.enrolment_id = e.id)
			ELSE NULL END,
			e.start_on, e.start_meeting_on, e.closed_on) AS d
		FROM enrolment e WHERE e.programme <> 'family_group') x
	WHERE d IS NOT NULL;
-- Active: a home-pedagogue course that is active now held its start
-- meeting on start_meeting_on. One that is closed now held it if the
-- audit log shows its start (POST .../start); a course the log does not
-- show being created (made by `rede demo` or imported) is taken as started
-- when it has a start meeting on or before its closing day.
INSERT INTO enrolment_state (enrolment_id, status, effective_on, recorded_at)
	SELECT id, 'active', d, created_at FROM (
		SELECT e.id AS id, e.created_at AS created_at,
		       COALESCE(e.start_meeting_on, e.start_on) AS d
		FROM enrolment e WHERE e.programme = 'home_pedagogue' AND (e.status = 'active' OR
			(e.status = 'closed' AND e.start_meeting_on IS NOT NULL AND (
				EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'enrolment'
					AND a.entity_id = CAST(e.id AS TEXT) AND a.action = 'start'
					AND a.outcome = 'ok')
				OR (e.start_meeting_on <= e.closed_on AND NOT EXISTS (
					SELECT 1 FROM audit_log a WHERE a.entity = 'enrolment'
					AND a.entity_id = CAST(e.id AS TEXT) AND a.action = 'create'
					AND a.outcome = 'ok')))))
		UNION ALL
		SELECT e.id, e.created_at, COALESCE(o.placed_on, e.start_on)
		FROM enrolment e JOIN cosp_offer o ON o.enrolment_id = e.id
		WHERE e.programme = 'cosp' AND o.course_id IS NOT NULL
		UNION ALL
		SELECT e.id, e.created_at, e.start_on FROM enrolment e
		WHERE e.programme = 'family_group') x
	WHERE d IS NOT NULL;
INSERT INTO enrolment_state (enrolment_id, status, effective_on, recorded_at)
	SELECT id, 'closed', closed_on, created_at FROM enrolment
	WHERE status = 'closed' AND closed_on IS NOT NULL;

INSERT INTO consent_state (consent_id, event, effective_on, recorded_at)
	SELECT id, 'given', given_on, created_at FROM consent;
INSERT INTO consent_state (consent_id, event, effective_on, recorded_at)
	SELECT id, 'withdrawn', withdrawn_on, created_at FROM consent WHERE withdrawn_on IS NOT NULL;

-- The state as of a day, read per course and status from the primary key;
-- courses closed in a period come from closure as before.

-- ---- name search keys ----
-- The folding of free text is now one function (str_fold, src/util/fold.c)
-- that also folds the accented capitals beyond Latin-1, white space other
-- than space/tab/newline, and letters typed with a combining accent. The
-- data step of this migration (src/store/migrate_data.c) recomputes every
-- family's and person's search_key with it and rebuilds their words in
-- search_word where the key changed.
