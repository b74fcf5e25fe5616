-- 0027_replica_wait: read-after-write on read replicas by WAL position
-- instead of a per-user time window (issue 22; src/store/replicas.c).
--
-- A replica now answers a read only once it has replayed the primary's
-- WAL position of the moment the read began, so every reader sees every
-- write that finished before - not only the writer, and whichever server
-- process or CLI command made it. replica.own_writes_ms (the window) has
-- no use left.
-- replica.wait_ms: how long a read waits for a replica to reach that
-- position before the primary answers it instead.
DELETE FROM setting WHERE key = 'replica.own_writes_ms';
INSERT INTO setting (municipality_id, key, value) VALUES (0, 'replica.wait_ms', '100');
