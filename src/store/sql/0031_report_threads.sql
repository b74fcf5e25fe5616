-- 0031_report_threads: how many connections build one report family at once
-- (src/report/parallel.c, docs/ARCHITECTURE.md "One family on several
-- connections").
--
-- server.report_threads: the municipalities' reports of a family (an
-- evaluator's view, the evaluation kit) are built on up to this many
-- connections at once - the asking one and spare ones of the pool that see
-- the same data version; 0 means one per processor, 1 only the asking one.
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'server.report_threads', '0');
