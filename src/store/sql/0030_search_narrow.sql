-- 0030_search_narrow: keys for the name search of a caller whose families
-- are few (issue 22 goal 3, docs/PERFORMANCE.md). A home pedagogue's or a
-- health visitor's search starts from the families they reach through
-- their own work (store_access_family_narrow_sql): the families they
-- created need a key on created_by, and each family's words are then
-- looked up by family and prefix, so the key on search_word leads with
-- family_id and has the word next. It replaces (family_id, person_id),
-- which only the rewriting of one name's words used, and that still
-- finds a family's few rows by its first column.
CREATE INDEX family_created_by ON family(created_by);
CREATE INDEX search_word_family ON search_word(family_id, word);
DROP INDEX search_word_owner;
