-- 0002_home_pedagogue: families and persons (CPR encrypted), consents,
-- risk factors, referrals and visitation, enrolments (courses) with staff,
-- weekly hours, goals and ratings, contacts, closure; programme parameters.
-- DOMAIN.md §1.1, §1.4, §2; seeds 000 and 002.

-- A household. name is a label staff recognise ("Familien Hansen");
-- search_key is its lowercase, accent-folded form for name search.
CREATE TABLE family (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	name TEXT NOT NULL,
	search_key TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	created_by BIGINT REFERENCES app_user(id),
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX family_municipality ON family(municipality_id, search_key);

-- Children and guardians. The CPR number is stored only encrypted
-- (cpr_box) plus a keyed hash (cpr_hash) for exact lookup.
CREATE TABLE person (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	family_id BIGINT NOT NULL REFERENCES family(id),
	kind TEXT NOT NULL,                 -- child, guardian
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	search_key TEXT NOT NULL,
	cpr_box TEXT,
	cpr_hash TEXT,
	birth_date TEXT,                    -- from the CPR number
	expected_birth_date TEXT,           -- children not yet born
	phone TEXT,
	relation TEXT,                      -- guardians: mother, father, co_mother, foster_parent, other
	lives_with_child INTEGER,
	language TEXT,
	interpreter_needed INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	UNIQUE (municipality_id, cpr_hash)
);
CREATE INDEX person_family ON person(family_id);
CREATE INDEX person_search ON person(municipality_id, search_key);

CREATE TABLE consent (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	family_id BIGINT NOT NULL REFERENCES family(id),
	purpose TEXT NOT NULL,              -- participation, share_daycare, share_health_visiting, evaluation_contact
	guardian_id BIGINT NOT NULL REFERENCES person(id),
	given_on TEXT NOT NULL,
	withdrawn_on TEXT,
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX consent_family ON consent(family_id);

-- Risk factors by stable code (DOMAIN §1.4). municipality_id 0 = built in;
-- a municipality may add its own codes.
CREATE TABLE risk_factor (
	municipality_id BIGINT NOT NULL,
	code TEXT NOT NULL,
	kind TEXT NOT NULL,                 -- parent, child
	label TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (municipality_id, code)
);
INSERT INTO risk_factor (municipality_id, code, kind, label) VALUES
	(0, 'P_CHANGED_LIFE', 'parent', 'Ændret livssituation'),
	(0, 'P_POSTNATAL_DEPRESSION', 'parent', 'Tidligere fødselsdepression'),
	(0, 'P_LACKING_KNOWLEDGE', 'parent', 'Manglende viden om barnets udvikling og forældrerollen'),
	(0, 'P_PARENT_CONFLICT', 'parent', 'Konflikter mellem forældrene'),
	(0, 'P_IRRITABLE', 'parent', 'Let irritabel over for barnet'),
	(0, 'P_SINGLE_WEAK_NETWORK', 'parent', 'Enlig forælder med svagt netværk'),
	(0, 'P_JOY_WORRY_IMBALANCE', 'parent', 'Ubalance mellem glæde og bekymringer'),
	(0, 'P_COPARENT_HARD', 'parent', 'Oplever forældresamarbejdet svært'),
	(0, 'P_SETTING_FRAMES', 'parent', 'Udfordret i at sætte rammer for barnet'),
	(0, 'C_CIRCADIAN', 'child', 'Ingen eller svingende døgnrytme'),
	(0, 'C_SENSORIMOTOR', 'child', 'Sansemotoriske udfordringer'),
	(0, 'C_AROUSAL', 'child', 'Passivitet eller overaktivitet (lavt/højt arousal)'),
	(0, 'C_UNCLEAR_SIGNALS', 'child', 'Uklare signaler'),
	(0, 'C_RESTLESS', 'child', 'Urolig og svær at trøste');

CREATE TABLE referral (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	family_id BIGINT NOT NULL REFERENCES family(id),
	child_id BIGINT NOT NULL REFERENCES person(id),
	programme TEXT NOT NULL,            -- home_pedagogue
	source TEXT NOT NULL,               -- health_visiting, daycare, midwife, gp, family_department, self, other
	channel TEXT,                       -- how the family heard of the offer
	reason TEXT NOT NULL,
	topi TEXT,                          -- green, yellow, red, or NULL
	section52 INTEGER NOT NULL DEFAULT 0,
	referred_on TEXT NOT NULL,
	referred_by BIGINT REFERENCES app_user(id),
	status TEXT NOT NULL,               -- pending, accepted, rejected, referred_elsewhere, waitlist, declined_by_family
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX referral_status ON referral(municipality_id, status);
CREATE INDEX referral_family ON referral(family_id);

CREATE TABLE referral_risk (
	referral_id BIGINT NOT NULL REFERENCES referral(id),
	code TEXT NOT NULL,
	PRIMARY KEY (referral_id, code)
);

CREATE TABLE visitation_decision (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	referral_id BIGINT NOT NULL REFERENCES referral(id),
	outcome TEXT NOT NULL,
	reason TEXT,
	other_intervention TEXT,
	section52_justification TEXT,
	assessment TEXT NOT NULL,           -- the core's assessment with its reasons (JSON)
	decided_on TEXT NOT NULL,
	decided_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX visitation_referral ON visitation_decision(referral_id);

-- An enrolment of a family (child) in a programme: the course.
CREATE TABLE enrolment (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	family_id BIGINT NOT NULL REFERENCES family(id),
	child_id BIGINT NOT NULL REFERENCES person(id),
	programme TEXT NOT NULL,
	referral_id BIGINT REFERENCES referral(id),
	unit_id BIGINT REFERENCES unit(id),   -- the unit responsible (leaders of it see the case)
	status TEXT NOT NULL,               -- planned, active, closed
	legal_frame TEXT,                   -- dagtilbudsloven_8_9, serviceloven_11_3
	start_meeting_on TEXT,
	start_on TEXT,
	planned_end_on TEXT,
	extension_until TEXT,
	extension_reason TEXT,
	extension_decided_by BIGINT REFERENCES app_user(id),  -- the recorded decision to pass max_weeks
	extension_decided_at BIGINT,
	closed_on TEXT,
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX enrolment_family ON enrolment(family_id);
CREATE INDEX enrolment_status ON enrolment(municipality_id, programme, status);
-- One course per referral: a retried or concurrent create cannot make two.
CREATE UNIQUE INDEX enrolment_referral ON enrolment(referral_id);

CREATE TABLE enrolment_staff (
	enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	PRIMARY KEY (enrolment_id, user_id)
);
CREATE INDEX enrolment_staff_user ON enrolment_staff(user_id);

-- Planned weekly hours, with history: the row in force is the newest
-- from_date on or before the day asked about.
CREATE TABLE enrolment_hours (
	id {{ID}},
	enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
	from_date TEXT NOT NULL,
	minutes_per_week BIGINT NOT NULL,
	set_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX enrolment_hours_enrolment ON enrolment_hours(enrolment_id);

CREATE TABLE goal (
	id {{ID}},
	enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
	theme INTEGER NOT NULL,             -- 1 relations/frames, 2 child's well-being, 3 cooperation with daycare
	focus_area TEXT NOT NULL,           -- routines, play_presence, feelings_language, daycare_cooperation, other
	text TEXT NOT NULL,
	baseline INTEGER NOT NULL,
	target INTEGER NOT NULL,
	agreed_on TEXT NOT NULL,
	attainment TEXT,                    -- at closure: met, partly, not_met
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX goal_enrolment ON goal(enrolment_id);

CREATE TABLE goal_rating (
	id {{ID}},
	goal_id BIGINT NOT NULL REFERENCES goal(id),
	rated_on TEXT NOT NULL,
	value INTEGER NOT NULL,
	rated_by_kind TEXT NOT NULL,        -- staff, parent
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX goal_rating_goal ON goal_rating(goal_id, rated_on);

CREATE TABLE contact (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
	happened_on TEXT NOT NULL,
	minutes BIGINT NOT NULL,
	kind TEXT NOT NULL,                 -- home_session, network_meeting, phone, other_place, cancelled, no_show
	activities TEXT NOT NULL,           -- comma list: observation, advice, guidance, play, other
	stance TEXT,                        -- in_front, beside, behind
	note TEXT,
	shared_with_daycare INTEGER NOT NULL DEFAULT 0,
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX contact_enrolment ON contact(enrolment_id, happened_on);

CREATE TABLE contact_goal (
	contact_id BIGINT NOT NULL REFERENCES contact(id),
	goal_id BIGINT NOT NULL REFERENCES goal(id),
	PRIMARY KEY (contact_id, goal_id)
);

CREATE TABLE closure (
	enrolment_id BIGINT PRIMARY KEY REFERENCES enrolment(id),
	closed_on TEXT NOT NULL,
	reason TEXT NOT NULL,               -- goals_met, max_weeks_reached, family_withdrew, needs_other_intervention, moved, other
	other_intervention TEXT,
	handover_on TEXT,
	onward_referral TEXT,
	eval_parenting INTEGER,             -- 1 i høj grad .. 4 slet ikke, 0 ved ikke, NULL not asked
	eval_learning_environment INTEGER,
	eval_child_development INTEGER,
	eval_daycare_cooperation INTEGER,
	eval_good_parent INTEGER,
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);

-- Programme parameters (seed values as defaults; municipalities override).
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'home_pedagogue.max_weeks', '40'),
	(0, 'home_pedagogue.warning_week', '32'),
	(0, 'home_pedagogue.rating_min', '1'),
	(0, 'home_pedagogue.rating_max', '4'),
	(0, 'home_pedagogue.max_child_age_months', '36'),
	(0, 'caseload.no_contact_days', '21'),
	(0, 'caseload.goal_unrated_days', '42');
