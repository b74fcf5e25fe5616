-- 0012_duties: the law's duties on personal data (issue 18): retention
-- schedules as data, archive exports and deliveries (arkiveringsversioner),
-- legal holds, the marks a deletion leaves, and the purpose of each access
-- on the audit log. See docs/OPERATIONS.md for the routines.

-- How long a kind of record is kept, per programme, and the event the period
-- runs from. municipality_id 0 holds the defaults; a municipality's own row
-- overrides one. kind/programme/runs_from are the codes of
-- include/rede/core_retention.h. months is counted from the event's date.
CREATE TABLE retention_rule (
	municipality_id BIGINT NOT NULL,
	kind TEXT NOT NULL,                 -- course, referral, health_visit, handover, family
	programme TEXT NOT NULL,            -- home_pedagogue, cosp, family_group, visit_1_5y, visit_3y, daycare, all
	months BIGINT NOT NULL,
	runs_from TEXT NOT NULL,            -- end (the case ended), last_entry (its newest dated entry)
	legal_basis TEXT NOT NULL,          -- why this period (Danish; shown by `rede retention rules`)
	changed_at BIGINT NOT NULL,
	PRIMARY KEY (municipality_id, kind, programme)
);
INSERT INTO retention_rule (municipality_id, kind, programme, months, runs_from, legal_basis, changed_at) VALUES
	(0, 'course', 'home_pedagogue', 60, 'end',
	 'Ingen lovbestemt frist for sager efter dagtilbudsloven §§ 8-9 / serviceloven § 11, stk. 3; Redes standard er 5 år efter afslutning (databeskyttelsesforordningen art. 5, stk. 1, litra e). Kommunen fastsætter sin frist.', 0),
	(0, 'referral', 'home_pedagogue', 60, 'end',
	 'Henvisning uden forløb: som forløbet, 5 år efter visitationsafgørelsen (Redes standard; ingen lovbestemt frist).', 0),
	(0, 'course', 'family_group', 60, 'end',
	 'Familiegrupper (samarbejde med dagtilbud): 5 år efter afslutning (Redes standard; ingen lovbestemt frist).', 0),
	(0, 'course', 'cosp', 120, 'last_entry',
	 'COS-P ledes af sundhedsplejen og journalføres som sundhedsfaglige optegnelser: autorisationsloven § 25, stk. 1 (mindst 10 år efter seneste optegnelse); journalføringsbekendtgørelsen § 15, stk. 2 tillader 5 år for sygeplejersker.', 0),
	(0, 'health_visit', 'visit_1_5y', 120, 'last_entry',
	 'Sundhedsplejens journal: autorisationsloven § 25, stk. 1 - mindst 10 år efter seneste optegnelse. Journalføringsbekendtgørelsen § 15, stk. 2 giver sygeplejersker (herunder sundhedsplejersker) mindst 5 år; Redes standard er den længste frist.', 0),
	(0, 'health_visit', 'visit_3y', 120, 'last_entry',
	 'Sundhedsplejens journal: autorisationsloven § 25, stk. 1 - mindst 10 år efter seneste optegnelse. Journalføringsbekendtgørelsen § 15, stk. 2 giver sygeplejersker (herunder sundhedsplejersker) mindst 5 år; Redes standard er den længste frist.', 0),
	(0, 'handover', 'daycare', 120, 'last_entry',
	 'Overleveringssamtalen journalføres af sundhedsplejersken: som sundhedsplejens journal, 10 år efter seneste optegnelse.', 0),
	(0, 'family', 'all', 12, 'end',
	 'Familien og dens personer (navne, CPR-numre, samtykker) slettes, når ingen af familiens sager er tilbage (regnet fra den sidste sags afslutning); en familie uden nogen sag 1 år efter oprettelsen.', 0);

-- Settings the duties read (defaults; municipalities override):
--   retention.audit_months        how long audit entries are kept (0 = for ever)
--   retention.idempotency_hours   how long stored answers to retried POSTs are kept
--   insight.show_staff            1: an insight names the staff who looked the person up
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'retention.audit_months', '60'),
	(0, 'retention.idempotency_hours', '168'),
	(0, 'insight.show_staff', '0');

-- An archive version written by `rede archive export`: the cases that had
-- ended by through_on, as files in an arkiveringsversion.
CREATE TABLE archive_export (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	through_on TEXT NOT NULL,
	avid TEXT NOT NULL,                 -- AVID.XXX.n the version carries
	table_count BIGINT NOT NULL,
	row_count BIGINT NOT NULL,
	file_index_md5 TEXT NOT NULL,       -- MD5 of its Indices/fileIndex.xml
	made_at BIGINT NOT NULL,
	made_by TEXT NOT NULL
);
CREATE INDEX archive_export_municipality ON archive_export(municipality_id, through_on);

-- A delivery the archive (Rigsarkivet or the municipality's archive)
-- confirmed: the cases of an export through through_on are preserved there,
-- so retention may delete them.
CREATE TABLE archive_delivery (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	export_id BIGINT NOT NULL REFERENCES archive_export(id),
	through_on TEXT NOT NULL,
	reference TEXT NOT NULL,            -- the archive's receipt, journal number or similar
	recorded_at BIGINT NOT NULL,
	recorded_by TEXT NOT NULL
);
CREATE INDEX archive_delivery_municipality ON archive_delivery(municipality_id, through_on);

-- A family whose records must not be deleted (a complaint, supervision or
-- court case; autorisationsloven § 25, stk. 2): set and cleared with a
-- reason, by an admin, on record.
CREATE TABLE legal_hold (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	family_id BIGINT NOT NULL REFERENCES family(id),
	reason TEXT NOT NULL,
	set_at BIGINT NOT NULL,
	set_by TEXT NOT NULL,
	cleared_at BIGINT,
	cleared_by TEXT,
	clear_reason TEXT
);
CREATE INDEX legal_hold_family ON legal_hold(family_id);

-- A retention run: what it deleted (counts per kind, JSON), no names.
CREATE TABLE retention_run (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	ran_on TEXT NOT NULL,
	covered_through TEXT,               -- the newest delivery it relied on
	counts TEXT NOT NULL,
	ran_at BIGINT NOT NULL,
	ran_by TEXT NOT NULL
);

-- The mark a deletion leaves on a case's root row and on the family: the
-- personal content is gone, the codes and dates the reports count remain
-- (src/store/retention.c says which column goes how).
ALTER TABLE family ADD COLUMN deleted_at BIGINT;
ALTER TABLE enrolment ADD COLUMN erased_at BIGINT;
ALTER TABLE referral ADD COLUMN erased_at BIGINT;
ALTER TABLE hv_offer ADD COLUMN erased_at BIGINT;
ALTER TABLE handover ADD COLUMN erased_at BIGINT;

-- The purpose of an access (include/rede/core_purpose.h): implied by the
-- route, or chosen by the user where the route implies none (CPR reveal,
-- CPR look-up, a family outside one's caseload). purpose keeps the route.
-- Part of the hashed entry when present, so old entries verify unchanged.
ALTER TABLE audit_log ADD COLUMN purpose_code TEXT;
