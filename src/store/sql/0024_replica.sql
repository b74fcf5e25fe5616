-- 0024_replica: read replicas of a PostgreSQL primary (issue 22,
-- `rede serve --replica URL`; src/store/replicas.c, docs/OPERATIONS.md).
--
-- replica.max_lag_ms: a replica further behind the primary than this is
-- skipped (the primary answers) until it has caught up.
-- replica.check_ms: how often the server measures each replica's lag and
-- whether it answers at all.
-- replica.own_writes_ms: for this long after a user's own write, that
-- user's reads go to the primary (read-your-own-writes). The server uses
-- at least max_lag_ms + 2 * check_ms, the longest a replica it still uses
-- can be behind, so a lower value cannot break the promise.
-- Defaults only (municipality 0): the server reads them from the primary
-- at every check, so a change applies within one check.
INSERT INTO setting (municipality_id, key, value) VALUES
	(0, 'replica.max_lag_ms', '2000'),
	(0, 'replica.check_ms', '500'),
	(0, 'replica.own_writes_ms', '3000');
