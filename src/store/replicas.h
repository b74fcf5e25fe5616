/*
 * replicas.h - read replicas of a PostgreSQL primary (issue 22): which
 * store a read-only request runs on.
 *
 * `rede serve --replica URL` (repeatable) opens each streaming standby as
 * a store of its own, every connection read-only
 * (default_transaction_read_only; the standby refuses writes anyway). A
 * monitor thread measures, every replica.check_ms, whether each replica
 * answers and how far it is behind the primary:
 *
 *   lag = now - the time of the newest sample of the primary's WAL
 *         position (pg_current_wal_lsn, one per check) that the replica
 *         has replayed (pg_last_wal_replay_lsn); 0 when it has replayed
 *         the current one.
 *
 * so a replica with lag L shows at least everything committed on the
 * primary L ago. A replica is "ok" with lag <= replica.max_lag_ms,
 * "lagging" beyond, "down" when it does not answer or is not a standby;
 * only "ok" replicas are picked (round robin), else the caller uses the
 * primary; so is a replica whose last check is more than two intervals
 * old (the monitor is stuck). State changes are logged (replica number
 * and lag only).
 *
 * Read-after-write: a replica answers a read only once it has replayed
 * the primary's WAL position as the read began (pg_current_wal_lsn on the
 * primary, then pg_last_wal_replay_lsn on the replica, looked at again
 * every millisecond for up to replica.wait_ms; store_replicas_caught_up).
 * Every commit a client has been answered for ends at or before that
 * position, so any read - by the writer or anyone else, through this
 * server process or another, or after a `rede` CLI command - sees every
 * write that finished before it began. A replica that does not catch up
 * in time leaves the read to the primary (counted as "behind"). The
 * price is two short look-ups per replica read, one of them on the
 * primary; the report or search itself runs on the replica.
 *
 * Ownership: store_replicas_open takes nothing it is given (the URLs are
 * copied); store_replicas_close stops the monitor and closes the replica
 * stores; the primary is the caller's and must outlive it. Thread-safe.
 */
#ifndef REDE_STORE_REPLICAS_H
#define REDE_STORE_REPLICAS_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/store.h"

#define STORE_REPLICAS_MAX 16

struct store_replicas;

enum store_replica_state { STORE_REPLICA_DOWN, STORE_REPLICA_LAGGING, STORE_REPLICA_OK };

/* The replicas at urls[0..n) of the PostgreSQL primary; pool_size
 * connections each, opened lazily. A replica that is down now is not an
 * error: the monitor keeps trying. NULL (and *msg, caller frees) when the
 * primary is not PostgreSQL or a URL is not a postgres:// one. The first
 * check has run when it returns. */
struct store_replicas *store_replicas_open(struct store *primary, const char *const *urls, int n,
					   int pool_size, char **msg);
void store_replicas_close(struct store_replicas *r);

/* The store of a replica that is ok now, or NULL (use the primary).
 * *which gets its number (0-based) for store_replicas_failed. */
struct store *store_replicas_pick(struct store_replicas *r, int *which);
/* The replica picked may not answer after all (read_route_keep): not
 * counted as a read it answered. */
void store_replicas_unpick(struct store_replicas *r, int which);
/* A request on replica `which` failed with a store error: counted, and
 * the replica is taken out until the next check says it is ok. */
void store_replicas_failed(struct store_replicas *r, int which);
/* Has replica `which` (just picked) replayed everything the primary had
 * written when this was called? Waits up to replica.wait_ms. Only OK lets
 * the read run on it; BEHIND (counted, and the pick undone) and
 * PRIMARY_FAILED send it to the primary; FAILED is a store error on the
 * replica (the caller reports it with store_replicas_failed). */
enum store_catch_up {
	STORE_CATCH_UP_OK,
	STORE_CATCH_UP_BEHIND,
	STORE_CATCH_UP_FAILED,
	STORE_CATCH_UP_PRIMARY_FAILED
};
enum store_catch_up store_replicas_caught_up(struct store_replicas *r, int which);

/* One replica as /healthz shows it. */
struct store_replica_status {
	enum store_replica_state state;
	int64_t lag_ms;    /* -1 when unknown (down) */
	int64_t reads;     /* requests it answered */
	int64_t fallbacks; /* requests it failed that the primary answered */
	int64_t behind;    /* reads it had not caught up for: the primary's */
};
/* Fills out[0..n) and returns n (how many replicas there are). */
int store_replicas_status(struct store_replicas *r, struct store_replica_status *out, int max);
extern const char *const store_replica_state_names[3];

#endif
