-- 0003_health_visits: the extra health-visitor home visits at 1½ and 3
-- years (DOMAIN §1.2, seed 003): selection-criteria records, offers with
-- their contact attempts and answer, the visit itself; the materials
-- catalog per age group and which materials each health visitor knows and
-- uses (§1.5); toy boxes as physical inventory with checkouts, returns,
-- quarantine and write-offs. Programme parameters as setting rows.
--
-- Vocabularies (stable codes, see include/rede/core_health_visit.h):
--   programme     visit_1_5y, visit_3y
--   age_group     1_5y, 3y
--   criterion     topi, first_year_visits, daycare_observation, self_referral
--   channel       letter, phone, sms
--   offer status  offered, accepted, declined, never_reached, visited
--   decline       fear_of_stigma, enough_contact, too_busy, other
--   topic         sleep, boundaries, feelings, relation, regulation,
--                 daycare_start, food, other
--   write-off     lost, damaged, other

-- A fact about a child that a selection criterion looks at, dated: a TOPI
-- position (the newest counts), the number of health-visitor visits in the
-- first year, a daycare observation, the family asking itself.
CREATE TABLE hv_criterion (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	family_id BIGINT NOT NULL REFERENCES family(id),
	child_id BIGINT NOT NULL REFERENCES person(id),
	kind TEXT NOT NULL,
	topi TEXT,                          -- kind topi: green, yellow, red
	visit_count BIGINT,                 -- kind first_year_visits
	recorded_on TEXT NOT NULL,
	note TEXT,
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX hv_criterion_child ON hv_criterion(child_id, kind, recorded_on);

-- The offer of a visit to a child's family: one per child and programme.
CREATE TABLE hv_offer (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	family_id BIGINT NOT NULL REFERENCES family(id),
	child_id BIGINT NOT NULL REFERENCES person(id),
	programme TEXT NOT NULL,
	criterion TEXT NOT NULL,            -- the criterion that applied at offer time
	offered_on TEXT NOT NULL,
	channel TEXT NOT NULL,
	social_measures INTEGER NOT NULL,   -- already under social measures at offer time
	health_visitor_id BIGINT NOT NULL REFERENCES app_user(id),
	unit_id BIGINT REFERENCES unit(id), -- the unit responsible (its leaders read)
	status TEXT NOT NULL,
	answered_on TEXT,
	decline_reason TEXT,
	decline_text TEXT,
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	UNIQUE (child_id, programme)
);
CREATE INDEX hv_offer_family ON hv_offer(family_id);
CREATE INDEX hv_offer_status ON hv_offer(municipality_id, programme, status);
CREATE INDEX hv_offer_visitor ON hv_offer(health_visitor_id);

-- Trying to reach the family about the offer; unreached attempts count
-- towards "never reached".
CREATE TABLE hv_offer_attempt (
	id {{ID}},
	offer_id BIGINT NOT NULL REFERENCES hv_offer(id),
	attempted_on TEXT NOT NULL,
	channel TEXT NOT NULL,
	reached INTEGER NOT NULL,
	note TEXT,
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX hv_offer_attempt_offer ON hv_offer_attempt(offer_id);

-- The visit that took place (one per offer).
CREATE TABLE hv_visit (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	offer_id BIGINT NOT NULL UNIQUE REFERENCES hv_offer(id),
	visited_on TEXT NOT NULL,
	health_visitor_id BIGINT NOT NULL REFERENCES app_user(id),
	minutes BIGINT NOT NULL,
	topics TEXT NOT NULL,               -- comma list of topic codes
	topic_other TEXT,
	referral_within INTEGER NOT NULL,   -- referred on within health visiting
	referral_within_to TEXT,
	referral_outside INTEGER NOT NULL,  -- referred on outside health visiting
	referral_outside_to TEXT,
	parent_rating INTEGER,              -- 1 i høj grad .. 4 slet ikke, 0 ved ikke, NULL not asked
	note TEXT,
	recorded_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);

-- Materials catalog (DOMAIN §1.5). municipality_id 0 = built in; a
-- municipality adds its own codes (never one the built-in list has).
CREATE TABLE hv_material (
	municipality_id BIGINT NOT NULL,
	code TEXT NOT NULL,
	age_group TEXT NOT NULL,
	kind TEXT NOT NULL,                 -- day_wheel, inspiration_cards, parents_booklet, film, agreement_cards, toy_box, other
	label TEXT NOT NULL,
	kept_by_family INTEGER NOT NULL,    -- printed items stay with the family; toy boxes go back
	active INTEGER NOT NULL DEFAULT 1,
	PRIMARY KEY (municipality_id, code)
);
INSERT INTO hv_material (municipality_id, code, age_group, kind, label, kept_by_family) VALUES
	(0, 'DAY_WHEEL_1_5Y', '1_5y', 'day_wheel', 'Døgnhjul til 1½-årige', 1),
	(0, 'INSPIRATION_CARDS_1_5Y', '1_5y', 'inspiration_cards', 'Inspirationskort til 1½-årige', 1),
	(0, 'PARENTS_BOOKLET_1_5Y', '1_5y', 'parents_booklet', 'Forældrehæfte til 1½-årige', 1),
	(0, 'FILMS_1_5Y', '1_5y', 'film', 'Film til 1½-års-besøget', 1),
	(0, 'FILMS_REAL_PEOPLE_1_5Y', '1_5y', 'film', 'Film med "rigtige mennesker" til 1½-års-besøget', 1),
	(0, 'AGREEMENT_CARDS_1_5Y', '1_5y', 'agreement_cards', 'Aftalekort til 1½-årige', 1),
	(0, 'TOY_BOX_1_5Y', '1_5y', 'toy_box', 'Kasse med legetøj til 1½-årige', 0),
	(0, 'DAY_WHEEL_3Y', '3y', 'day_wheel', 'Døgnhjul til 3-årige', 1),
	(0, 'INSPIRATION_CARDS_3Y', '3y', 'inspiration_cards', 'Inspirationskort til 3-årige', 1),
	(0, 'PARENTS_BOOKLET_3Y', '3y', 'parents_booklet', 'Forældrehæfte til 3-årige', 1),
	(0, 'FILMS_3Y', '3y', 'film', 'Film til 3-års-besøget', 1),
	(0, 'FILMS_REAL_PEOPLE_3Y', '3y', 'film', 'Film med "rigtige mennesker" til 3-års-besøget', 1),
	(0, 'AGREEMENT_CARDS_3Y', '3y', 'agreement_cards', 'Aftalekort til 3-årige', 1),
	(0, 'TOY_BOX_3Y', '3y', 'toy_box', 'Kasse med legetøj til 3-årige', 0);

-- Materials used in a visit.
CREATE TABLE hv_visit_material (
	visit_id BIGINT NOT NULL REFERENCES hv_visit(id),
	material_code TEXT NOT NULL,
	PRIMARY KEY (visit_id, material_code)
);

-- Which materials each health visitor knows and uses (their own answer,
-- for the material-use report).
CREATE TABLE hv_material_staff (
	user_id BIGINT NOT NULL REFERENCES app_user(id),
	material_code TEXT NOT NULL,
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	knows INTEGER NOT NULL,
	uses INTEGER NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (user_id, material_code)
);

-- Toy boxes: physical inventory, one row per box.
CREATE TABLE hv_toybox (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	label TEXT NOT NULL,
	age_group TEXT NOT NULL,
	written_off_at BIGINT,
	write_off_reason TEXT,
	write_off_note TEXT,
	written_off_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	UNIQUE (municipality_id, label)
);

-- A box out for a visit (identified by its offer: the box leaves before
-- the visit is recorded). returned_at dates the return and starts the
-- quarantine. At most one open checkout per box.
CREATE TABLE hv_toybox_checkout (
	id {{ID}},
	toybox_id BIGINT NOT NULL REFERENCES hv_toybox(id),
	offer_id BIGINT NOT NULL REFERENCES hv_offer(id),
	checked_out_at BIGINT NOT NULL,
	checked_out_by BIGINT REFERENCES app_user(id),
	returned_at BIGINT,
	returned_by BIGINT REFERENCES app_user(id)
);
CREATE INDEX hv_toybox_checkout_box ON hv_toybox_checkout(toybox_id, checked_out_at);
CREATE UNIQUE INDEX hv_toybox_checkout_open ON hv_toybox_checkout(toybox_id) WHERE returned_at IS NULL;

-- Programme parameters (seed values as defaults; municipalities override).
-- Age window: the child is due from the day it turns age_from_months
-- until the day before it turns age_to_months; an offer may go out up to
-- offer_lead_days before the window opens.
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'health_visit.visit_1_5y.age_from_months', '18'),
	(0, 'health_visit.visit_1_5y.age_to_months', '21'),
	(0, 'health_visit.visit_3y.age_from_months', '36'),
	(0, 'health_visit.visit_3y.age_to_months', '39'),
	(0, 'health_visit.offer_lead_days', '31'),
	(0, 'health_visit.never_reached_attempts', '3'),
	(0, 'health_visit.criterion.topi', '1'),
	(0, 'health_visit.criterion.first_year_visits', '1'),
	(0, 'health_visit.criterion.daycare_observation', '1'),
	(0, 'health_visit.criterion.self_referral', '1'),
	(0, 'health_visit.first_year_visits_more_than', '5'),
	(0, 'toybox.quarantine_hours', '72');
