-- 0029_search_narrow: keys for the name search of a caller whose families
-- are few (issue 22 goal 3, docs/PERFORMANCE.md). A home pedagogue's or a
-- health visitor's search starts from the families they reach through
-- their own work (store_access_family_narrow_sql): the families they
-- created need a key on created_by, and each family's words are then
-- looked up by family and prefix, so the key on search_word leads with
-- family_id and has the word next. It replaces (family_id, person_id),
-- which only the rewriting of one name's words used, and that still
-- finds a family's few rows by its first column. Everyone else's search
-- shows the municipality's newest families first: with a key on
-- (municipality_id, id) PostgreSQL walks back through that municipality's
-- families only, instead of every family of the service with a higher id.
CREATE INDEX family_created_by ON family(created_by);
CREATE INDEX search_word_family ON search_word(family_id, word);
DROP INDEX search_word_owner;
CREATE INDEX family_newest ON family(municipality_id, id);
