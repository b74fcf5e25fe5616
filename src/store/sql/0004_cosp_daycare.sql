-- 0004_cosp_daycare: COS-P group courses (Circle of Security - Parenting)
-- with staff competences, offers, the group planner's placements,
-- attendance, dropout and parent rating; cooperation with daycare:
-- handover conversations, consultant visits (the annual wheel) and the
-- Aarhus family groups with daily daycare scores. DOMAIN.md §1.3, §1.6,
-- §2; seeds 003 and 004.
--
-- A family's part in a COS-P course or a family group is also an enrolment
-- (programme 'cosp' / 'family_group') whose staff are the offering health
-- visitor, the facilitators or the group workers: the one access rule
-- (src/store/access.c) then decides who sees the family, unchanged.

-- Staff competences, e.g. COS-P trained on a date (DOMAIN §2). A course's
-- facilitators must hold 'cosp' obtained on or before the course starts.
CREATE TABLE staff_competence (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	competence TEXT NOT NULL,           -- cosp, marte_meo, other
	obtained_on TEXT NOT NULL,
	note TEXT,
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	UNIQUE (user_id, competence, obtained_on)
);
CREATE INDEX staff_competence_municipality ON staff_competence(municipality_id, competence);

-- The fixed health visitor of a daycare institution (unit of kind
-- daycare), who makes its consultant visits (Herning practice, seed 004).
CREATE TABLE institution_health_visitor (
	unit_id BIGINT PRIMARY KEY REFERENCES unit(id),
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	since_on TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);

-- A COS-P course (hold) with its practical adaptations (seed 003).
CREATE TABLE cosp_course (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	unit_id BIGINT REFERENCES unit(id),   -- responsible unit (its leaders see the families)
	name TEXT NOT NULL,
	start_on TEXT NOT NULL,
	time_slot TEXT NOT NULL,            -- morning, afternoon, evening
	group_type TEXT NOT NULL,           -- mothers, couples, mixed, individual
	place TEXT,
	capacity BIGINT NOT NULL,
	childcare INTEGER NOT NULL DEFAULT 0,
	meal INTEGER NOT NULL DEFAULT 0,
	cancelled_on TEXT,
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX cosp_course_municipality ON cosp_course(municipality_id, start_on);

CREATE TABLE cosp_facilitator (
	course_id BIGINT NOT NULL REFERENCES cosp_course(id),
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	PRIMARY KEY (course_id, user_id)
);
CREATE INDEX cosp_facilitator_user ON cosp_facilitator(user_id);

-- The sessions of a course, numbered 1..cosp.sessions, each with its date.
CREATE TABLE cosp_session (
	id {{ID}},
	course_id BIGINT NOT NULL REFERENCES cosp_course(id),
	number BIGINT NOT NULL,
	held_on TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	UNIQUE (course_id, number)
);

-- An offer of a COS-P course to a family, its answer and preferences, and
-- once placed (by the planner or by hand) the course, the planner's
-- explanation, dropout and the parents' rating afterwards.
CREATE TABLE cosp_offer (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	family_id BIGINT NOT NULL REFERENCES family(id),
	child_id BIGINT NOT NULL REFERENCES person(id),
	enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
	offered_on TEXT NOT NULL,
	offered_by BIGINT REFERENCES app_user(id),
	channel TEXT,                       -- letter, phone, sms, in_person
	status TEXT NOT NULL,               -- offered, accepted, declined
	answered_on TEXT,
	decline_reason TEXT,
	slots TEXT NOT NULL,                -- comma list of accepted time slots
	types TEXT NOT NULL,                -- comma list of accepted group types
	course_id BIGINT REFERENCES cosp_course(id),
	placed_on TEXT,
	placement_note TEXT,                -- why this course (the planner's explanation)
	dropout_on TEXT,
	dropout_reason TEXT,
	rating INTEGER,                     -- 1 i høj grad .. 4 slet ikke
	rated_on TEXT,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX cosp_offer_municipality ON cosp_offer(municipality_id, status);
CREATE INDEX cosp_offer_course ON cosp_offer(course_id);
CREATE INDEX cosp_offer_family ON cosp_offer(family_id);
CREATE UNIQUE INDEX cosp_offer_enrolment ON cosp_offer(enrolment_id);

-- The daycare institutions a family is tied to, and the families it
-- declared it knows: the planner never puts such families together.
CREATE TABLE cosp_offer_institution (
	offer_id BIGINT NOT NULL REFERENCES cosp_offer(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	PRIMARY KEY (offer_id, unit_id)
);
CREATE TABLE cosp_offer_acquaintance (
	offer_id BIGINT NOT NULL REFERENCES cosp_offer(id),
	family_id BIGINT NOT NULL REFERENCES family(id),
	PRIMARY KEY (offer_id, family_id)
);

CREATE TABLE cosp_attendance (
	session_id BIGINT NOT NULL REFERENCES cosp_session(id),
	offer_id BIGINT NOT NULL REFERENCES cosp_offer(id),
	attended INTEGER NOT NULL,
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	PRIMARY KEY (session_id, offer_id)
);
CREATE INDEX cosp_attendance_offer ON cosp_attendance(offer_id);

-- Handover conversation when a child starts in daycare (DOMAIN §1.6):
-- only with the parents' share_daycare consent in force on the day.
-- participants is a comma list (parents, health_visitor, daycare,
-- home_pedagogue, other). The daycare sees the items and nothing else.
CREATE TABLE handover (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	family_id BIGINT NOT NULL REFERENCES family(id),
	child_id BIGINT NOT NULL REFERENCES person(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),  -- the daycare institution
	held_on TEXT NOT NULL,
	participants TEXT NOT NULL,
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX handover_family ON handover(family_id);
CREATE INDEX handover_unit ON handover(unit_id, held_on);

CREATE TABLE handover_item (
	id {{ID}},
	handover_id BIGINT NOT NULL REFERENCES handover(id),
	topic TEXT NOT NULL,                -- sleep, food, language, development, routines, relations, health, other
	text TEXT NOT NULL
);
CREATE INDEX handover_item_handover ON handover_item(handover_id);

-- Consultant visits of the fixed health visitor to a daycare institution:
-- the annual wheel of one visit per quarter; movable; done or missed.
CREATE TABLE consultant_visit (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	unit_id BIGINT NOT NULL REFERENCES unit(id),
	health_visitor_id BIGINT NOT NULL REFERENCES app_user(id),
	year BIGINT NOT NULL,
	quarter BIGINT NOT NULL,            -- 1..4
	planned_on TEXT NOT NULL,
	first_planned_on TEXT NOT NULL,     -- before any move
	status TEXT NOT NULL,               -- planned, done, missed
	done_on TEXT,
	note TEXT,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	UNIQUE (unit_id, year, quarter)
);
CREATE INDEX consultant_visit_hv ON consultant_visit(health_visitor_id, year);

-- Topics for a consultant visit: proposed by parents (through daycare or
-- the health visitor) or by staff; covered is set when the visit is done.
CREATE TABLE consultant_topic (
	id {{ID}},
	visit_id BIGINT NOT NULL REFERENCES consultant_visit(id),
	proposed_by TEXT NOT NULL,          -- parents, daycare, health_visitor
	text TEXT NOT NULL,
	covered INTEGER NOT NULL DEFAULT 0,
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX consultant_topic_visit ON consultant_topic(visit_id);

-- Aarhus family groups (seed 004): 4-8 families, weekly 3-hour meetings,
-- 12-16 weeks, rolling intake.
CREATE TABLE family_group (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	unit_id BIGINT REFERENCES unit(id),
	name TEXT NOT NULL,
	start_on TEXT NOT NULL,
	weeks BIGINT NOT NULL,
	place TEXT,
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX family_group_municipality ON family_group(municipality_id, start_on);

CREATE TABLE family_group_worker (
	group_id BIGINT NOT NULL REFERENCES family_group(id),
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	PRIMARY KEY (group_id, user_id)
);

-- A child (with its family) in a family group; daycare_unit_id is the
-- institution that scores the child's goals every day.
CREATE TABLE family_group_member (
	id {{ID}},
	group_id BIGINT NOT NULL REFERENCES family_group(id),
	family_id BIGINT NOT NULL REFERENCES family(id),
	child_id BIGINT NOT NULL REFERENCES person(id),
	enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
	daycare_unit_id BIGINT NOT NULL REFERENCES unit(id),
	joined_on TEXT NOT NULL,
	start_meeting_on TEXT,
	start_participants TEXT,
	left_on TEXT,
	left_reason TEXT,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX family_group_member_group ON family_group_member(group_id);
CREATE INDEX family_group_member_daycare ON family_group_member(daycare_unit_id);
CREATE UNIQUE INDEX family_group_member_enrolment ON family_group_member(enrolment_id);

CREATE TABLE family_group_goal (
	id {{ID}},
	member_id BIGINT NOT NULL REFERENCES family_group_member(id),
	text TEXT NOT NULL,
	agreed_on TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX family_group_goal_member ON family_group_goal(member_id);

-- The daycare's daily score (1-4) on a goal and what daycare did; one per
-- goal and day (a second registration the same day replaces the first).
CREATE TABLE daycare_score (
	id {{ID}},
	goal_id BIGINT NOT NULL REFERENCES family_group_goal(id),
	scored_on TEXT NOT NULL,
	score INTEGER NOT NULL,
	did TEXT,
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	UNIQUE (goal_id, scored_on)
);

CREATE TABLE status_meeting (
	id {{ID}},
	member_id BIGINT NOT NULL REFERENCES family_group_member(id),
	held_on TEXT NOT NULL,
	note TEXT,
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX status_meeting_member ON status_meeting(member_id);

-- Programme parameters (seed values as defaults; municipalities override).
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'cosp.sessions', '8'),
	(0, 'cosp.capacity', '10'),
	(0, 'cosp.completion_min_attended', '6'),
	(0, 'cosp.session_interval_days', '7'),
	(0, 'cosp.max_facilitators', '2'),
	(0, 'cosp.rating_min', '1'),
	(0, 'cosp.rating_max', '4'),
	(0, 'consultant.visits_per_year', '4'),
	(0, 'family_group.min_families', '4'),
	(0, 'family_group.max_families', '8'),
	(0, 'family_group.min_weeks', '12'),
	(0, 'family_group.max_weeks', '16'),
	(0, 'family_group.status_meeting_weeks', '6'),
	(0, 'family_group.score_min', '1'),
	(0, 'family_group.score_max', '4');
