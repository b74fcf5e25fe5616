-- 0019_sparring: faglig sparring and competence development (issue 23;
-- seeds 000 and 002: home pedagogues need løbende faglig sparring backed
-- by their leaders; seed 004 scores faglig refleksion on it).
--
-- A sparring session has a date, a length, a form, its participants
-- (staff), who led it (a colleague, or an outsider by name: a PPR
-- psychologist), themes from a municipality-editable list and the courses
-- discussed, each by reference (an enrolment) with a short note. Who sees
-- a session: its participants, its leader, its recorder and the leaders of
-- a unit one of the participants belongs to (src/store/sparring.c). A
-- discussed course's note is shown only to a reader the one access rule
-- (src/store/access.c) lets see the family; others see that a course was
-- discussed, nothing more.
--
-- Training records extend the COS-P training records (staff_competence):
-- one training concept for every role, now with a name, provider, dates,
-- hours and certificate. competence stays the kind of training (cosp,
-- marte_meo, icdp, nbo, other); a refresher is due after the setting
-- training.refresher_months.KIND (0 = none).

-- Themes: municipality 0 holds the defaults every municipality sees; a
-- municipality adds its own and retires them (retired_at set).
CREATE TABLE sparring_theme (
	id {{ID}},
	municipality_id BIGINT NOT NULL,
	name TEXT NOT NULL,
	retired_at BIGINT,
	created_at BIGINT NOT NULL,
	UNIQUE (municipality_id, name)
);
INSERT INTO sparring_theme (municipality_id, name, created_at) VALUES
	(0, 'Relationen til forældrene', 0),
	(0, 'Barnets trivsel og udvikling', 0),
	(0, 'Mål og progression i forløbet', 0),
	(0, 'Egne reaktioner og grænser', 0),
	(0, 'Metode og redskaber', 0),
	(0, 'Samarbejde med andre faggrupper', 0),
	(0, 'Bekymring og underretning', 0);

CREATE TABLE sparring_session (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	held_on TEXT NOT NULL,
	minutes BIGINT NOT NULL,
	form TEXT NOT NULL,                 -- individual, group, ppr, health_visiting, family_department, leader
	led_by BIGINT REFERENCES app_user(id),
	led_by_name TEXT,                   -- an outside leader, by name (no user)
	note TEXT,
	recorded_by BIGINT NOT NULL REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX sparring_session_municipality ON sparring_session(municipality_id, held_on);

CREATE TABLE sparring_participant (
	session_id BIGINT NOT NULL REFERENCES sparring_session(id),
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	PRIMARY KEY (session_id, user_id)
);
CREATE INDEX sparring_participant_user ON sparring_participant(user_id);

CREATE TABLE sparring_session_theme (
	session_id BIGINT NOT NULL REFERENCES sparring_session(id),
	theme_id BIGINT NOT NULL REFERENCES sparring_theme(id),
	PRIMARY KEY (session_id, theme_id)
);

-- A course discussed: the enrolment and a short note.
CREATE TABLE sparring_case (
	session_id BIGINT NOT NULL REFERENCES sparring_session(id),
	enrolment_id BIGINT NOT NULL REFERENCES enrolment(id),
	note TEXT,
	PRIMARY KEY (session_id, enrolment_id)
);
CREATE INDEX sparring_case_enrolment ON sparring_case(enrolment_id);

ALTER TABLE staff_competence ADD COLUMN name TEXT;
ALTER TABLE staff_competence ADD COLUMN provider TEXT;
ALTER TABLE staff_competence ADD COLUMN ended_on TEXT;
ALTER TABLE staff_competence ADD COLUMN hours BIGINT;
ALTER TABLE staff_competence ADD COLUMN certificate TEXT;      -- yes, no; NULL not recorded
ALTER TABLE staff_competence ADD COLUMN certificate_ref TEXT;

-- Policy values (settings.h):
--   sparring.target_minutes          sparring each staff member should have ...
--   sparring.target_period_days      ... per this many days (an hour a fortnight)
--   sparring.flag_weeks              no sparring for this many weeks: flagged in the overview
--   sparring.case_prompt_weeks       a course with alerts not discussed in sparring for this
--                                    many weeks: a prompt in the caseload
--   sparring.regular_percent         typology evidence: share of staff at or above the target
--   training.refresher_months.KIND   a refresher is due this long after the training (0 none)
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'sparring.target_minutes', '60'),
	(0, 'sparring.target_period_days', '14'),
	(0, 'sparring.flag_weeks', '6'),
	(0, 'sparring.case_prompt_weeks', '8'),
	(0, 'sparring.regular_percent', '75'),
	(0, 'training.refresher_months.cosp', '36'),
	(0, 'training.refresher_months.marte_meo', '0'),
	(0, 'training.refresher_months.icdp', '24'),
	(0, 'training.refresher_months.nbo', '0'),
	(0, 'training.refresher_months.other', '0');

-- Typology (seed 004): faglig refleksion gains evidence from Rede's
-- records, as monitoring and economy have (src/store/typology.c): courses
-- discussed in sparring, sparring held regularly against the target, and
-- training shared by the programme's staff.
UPDATE typology_question SET evidence = 'cases_discussed'
	WHERE municipality_id = 0 AND element = 'faglig_refleksion' AND position = 1;
UPDATE typology_question SET evidence = 'sparring_regular'
	WHERE municipality_id = 0 AND element = 'faglig_refleksion' AND position = 2;
UPDATE typology_question SET evidence = 'shared_training'
	WHERE municipality_id = 0 AND element = 'faglig_refleksion' AND position = 3;
