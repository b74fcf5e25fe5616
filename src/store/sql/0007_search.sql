-- 0007_search: the word index behind name search (issue 9).
--
-- One row per word of a family's name and of each member's name, in the
-- search_key form (lowercase, Danish letters folded as core_search_key
-- does), split at spaces and hyphens. Name search asks for words that
-- start with what was typed: "han" is the range word >= 'han' AND
-- word < 'hao' on (municipality_id, word), so it stays an index range
-- scan however many families the municipality has. person_id is NULL for
-- the words of the family's own name. Kept in step by the store functions
-- that write names (src/store/families.c via src/store/search.c), in the
-- same transaction.
--
-- {{TEXT_BYTES}} is TEXT compared byte by byte (COLLATE "C" on
-- PostgreSQL): a prefix range is only the set of words with that prefix
-- under byte order - a Danish collation puts "nå..." after "næ".
CREATE TABLE search_word (
	municipality_id BIGINT NOT NULL REFERENCES municipality(id),
	word {{TEXT_BYTES}} NOT NULL,
	family_id BIGINT NOT NULL REFERENCES family(id),
	person_id BIGINT REFERENCES person(id)
);
CREATE INDEX search_word_prefix ON search_word(municipality_id, word, family_id);
CREATE INDEX search_word_owner ON search_word(family_id, person_id);

-- Backfill: peel one word at a time off "key " (hyphens made spaces).
-- ltrim(rest, <rest without spaces>) strips the leading run of non-space
-- characters, leaving " rest-of-it"; the word is what it took off. Plain
-- string functions both backends share (no instr/strpos).
INSERT INTO search_word (municipality_id, word, family_id, person_id)
WITH RECURSIVE split(municipality_id, family_id, person_id, word, rest) AS (
	SELECT s.municipality_id, s.family_id, s.person_id, CAST('' AS TEXT), s.rest
	FROM (SELECT municipality_id, id AS family_id, CAST(NULL AS BIGINT) AS person_id,
	             replace(search_key, '-', ' ') || ' ' AS rest FROM family
	      UNION ALL
	      SELECT municipality_id, family_id, id, replace(search_key, '-', ' ') || ' '
	      FROM person) s
	UNION ALL
	SELECT municipality_id, family_id, person_id,
	       substr(rest, 1, length(rest) - length(ltrim(rest, replace(rest, ' ', '')))),
	       ltrim(ltrim(rest, replace(rest, ' ', '')), ' ')
	FROM split WHERE rest <> ''
)
SELECT DISTINCT municipality_id, word, family_id, person_id FROM split WHERE word <> '';

-- Course lists come in pages by a keyset on id (newest first, "e.id < ?"
-- from the cursor): this index walks a municipality's courses in id order
-- without sorting them all for every page when no status is chosen
-- (enrolment_status serves the status filters).
CREATE INDEX enrolment_page ON enrolment(municipality_id, programme, id);
