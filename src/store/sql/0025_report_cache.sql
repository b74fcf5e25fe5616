-- 0025_report_cache: what a cached family of report views is keyed by
-- (src/report/cache.c, docs/ARCHITECTURE.md "Cached report families").
--
-- Every change to the data is put on record in the same transaction as
-- the change; reads, searches, exports, sign-ins and sign-outs change no
-- report's numbers. The newest entry of any other action is therefore a
-- data version: this partial index makes reading it one index probe, on
-- both backends (store_rq_data_version).
CREATE INDEX audit_change ON audit_log (id)
	WHERE action NOT IN ('read', 'search', 'export', 'login', 'logout');

-- server.report_cache_families: how many families (report, period, asking
-- municipality, day, data version) the server keeps; 0 turns the cache off.
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'server.report_cache_families', '8');
