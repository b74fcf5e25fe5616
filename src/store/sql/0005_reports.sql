-- 0005_reports: what the reports (DOMAIN §3) need beyond the programmes'
-- own data: the report and cost settings, and the typology for promising
-- practice (lovende praksis, DOMAIN §1.7, seed 004) - its questions as
-- data, the municipality's practices and their dated self-assessments.

-- The 11 elements of the typology are fixed (Jensen et al., 2016); their
-- codes are in include/rede/core_typology.h. Questions belong to an
-- element; municipality_id 0 holds the built-in ones. A municipality
-- replaces the questions of an editable element with its own rows; the
-- questions of faglig refleksion, individuel tilrettelæggelse, økonomi and
-- monitorering are seed 004's wording and not editable. evidence names
-- what Rede fills in from its own data (monitoring and economy); answers
-- keep pointing at the question they answered, so questions are retired
-- (active = 0), never deleted.
CREATE TABLE typology_question (
	id {{ID}},
	municipality_id BIGINT NOT NULL,
	element TEXT NOT NULL,
	position BIGINT NOT NULL,
	text TEXT NOT NULL,
	evidence TEXT,
	placeholder INTEGER NOT NULL DEFAULT 0,  -- built-in stand-in until the municipality writes its own
	active INTEGER NOT NULL DEFAULT 1,
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL
);
CREATE INDEX typology_question_element ON typology_question(municipality_id, element, active);

INSERT INTO typology_question (municipality_id, element, position, text, evidence, placeholder, created_at) VALUES
	(0, 'faglig_refleksion', 1, 'Reflekterer man systematisk over faglige aktiviteter og handlinger i praksis?', NULL, 0, 0),
	(0, 'faglig_refleksion', 2, 'Får medarbejderne supervision eller anden form for faglig sparring?', NULL, 0, 0),
	(0, 'faglig_refleksion', 3, 'Har medarbejderne adgang til, eller anvender de, nyeste fagviden?', NULL, 0, 0),
	(0, 'individuel_tilrettelaeggelse', 1, 'Tilrettelægges praksis med udgangspunkt i viden om borgerens støttebehov?', NULL, 0, 0),
	(0, 'individuel_tilrettelaeggelse', 2, 'Tilrettelægges praksis med udgangspunkt i viden om borgerens ressourcer?', NULL, 0, 0),
	(0, 'individuel_tilrettelaeggelse', 3, 'Inddrages borgeren og/eller pårørende i udformningen af indsatsen?', NULL, 0, 0),
	(0, 'individuel_tilrettelaeggelse', 4, 'Oplever borgeren ejerskab for indsatsen?', NULL, 0, 0),
	(0, 'individuel_tilrettelaeggelse', 5, 'Undersøges borgerens og/eller pårørendes tilfredshed med indsatsen?', NULL, 0, 0),
	(0, 'individuel_tilrettelaeggelse', 6, 'Er der tydelige inklusionskriterier for, hvornår en borger tilhører målgruppen for praksis?', NULL, 0, 0),
	(0, 'individuel_tilrettelaeggelse', 7, 'Er der støtteredskaber til at afgøre, om en borger er i målgruppen for praksis?', NULL, 0, 0),
	(0, 'oekonomi', 1, 'Er organisationen bekendt med omkostningerne ved praksis?', 'costs_known', 0, 0),
	(0, 'oekonomi', 2, 'Står omkostningerne ved praksis mål med resultaterne?', 'costs_vs_results', 0, 0),
	(0, 'oekonomi', 3, 'Sammenholdes omkostningerne ved praksis med omkostningerne ved lignende praksisser, som kunne benyttes?', 'costs_compared', 0, 0),
	(0, 'monitorering', 1, 'Indebærer praksis en måling af borgerens udvikling i forhold til de mål, som er opstillet for praksis?', 'goals_measured', 0, 0),
	(0, 'monitorering', 2, 'Er der faste procedurer for, hvordan målingen foretages?', 'fixed_procedure', 0, 0),
	(0, 'monitorering', 3, 'Anvendes et dokumentationsredskab eller it-system til indsamling af dokumentation om borgerens udvikling?', 'it_system', 0, 0),
	(0, 'monitorering', 4, 'Sammenholdes målingerne fra de enkelte borgere for at få et samlet billede af målgruppens situation/udvikling? (Aggregerede data)', 'aggregated', 0, 0),
	(0, 'monitorering', 5, 'Afrapporteres målingen af målgruppens situation/udvikling? (Aggregeret dokumentation)', 'reported', 0, 0),
	(0, 'teori_og_viden', 1, 'Lever praksis op til elementet «Teori og viden»? (Stedfortræder: skriv kommunens egne spørgsmål)', NULL, 1, 0),
	(0, 'virkning', 1, 'Lever praksis op til elementet «Virkning»? (Stedfortræder: skriv kommunens egne spørgsmål)', NULL, 1, 0),
	(0, 'beskrivelse', 1, 'Lever praksis op til elementet «Beskrivelse»? (Stedfortræder: skriv kommunens egne spørgsmål)', NULL, 1, 0),
	(0, 'maal', 1, 'Lever praksis op til elementet «Mål»? (Stedfortræder: skriv kommunens egne spørgsmål)', NULL, 1, 0),
	(0, 'overfoerbarhed', 1, 'Lever praksis op til elementet «Overførbarhed»? (Stedfortræder: skriv kommunens egne spørgsmål)', NULL, 1, 0),
	(0, 'relationelt_samarbejde', 1, 'Lever praksis op til elementet «Relationelt samarbejde»? (Stedfortræder: skriv kommunens egne spørgsmål)', NULL, 1, 0),
	(0, 'opfoelgning', 1, 'Lever praksis op til elementet «Opfølgning»? (Stedfortræder: skriv kommunens egne spørgsmål)', NULL, 1, 0);

-- A practice the municipality assesses (e.g. "Hjemmepædagogiske forløb").
-- programme links it to the Rede programme whose records evidence the
-- monitoring and economy questions (home_pedagogue, visit_1_5y, visit_3y,
-- cosp, family_group), or NULL for a practice run outside Rede.
CREATE TABLE practice (
	id {{ID}},
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	name TEXT NOT NULL,
	description TEXT,
	programme TEXT,
	created_by BIGINT REFERENCES app_user(id),
	created_at BIGINT NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	UNIQUE (municipality_id, name)
);

-- A dated self-assessment of a practice; its answers per question.
CREATE TABLE practice_assessment (
	id {{ID}},
	practice_id BIGINT NOT NULL REFERENCES practice(id),
	assessed_on TEXT NOT NULL,
	assessed_by BIGINT REFERENCES app_user(id),
	note TEXT,
	created_at BIGINT NOT NULL
);
CREATE INDEX practice_assessment_practice ON practice_assessment(practice_id, assessed_on);

CREATE TABLE practice_answer (
	assessment_id BIGINT NOT NULL REFERENCES practice_assessment(id),
	question_id BIGINT NOT NULL REFERENCES typology_question(id),
	yes INTEGER NOT NULL,
	source TEXT NOT NULL,               -- staff (answered by hand), rede (evidenced from the records)
	evidence TEXT,                      -- what Rede found, in Danish, with the report that shows it
	PRIMARY KEY (assessment_id, question_id)
);

-- Report and cost settings (seed values where the seeds give them).
--   project.round                     the programme round the municipality joined (seed 003: 1 or 2); 0 = none
--   cost.alternative_intervention_kr  the cost per family of the alternative intervention the
--                                     municipality compares with (kroner; 0 = not entered)
--   cost.cosp_session_minutes         staff time per COS-P session per facilitator, incl.
--                                     preparation (not in the seeds: the municipality sets it)
--   typology.evidence_months          how far back Rede looks for monitoring/economy evidence
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'project.round', '0'),
	(0, 'cost.alternative_intervention_kr', '0'),
	(0, 'cost.cosp_session_minutes', '150'),
	(0, 'typology.evidence_months', '12');
