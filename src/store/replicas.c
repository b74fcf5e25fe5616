/*
 * replicas.c - read replicas of a PostgreSQL primary: the monitor that
 * measures each one's lag, the pick of a replica for a read, and the
 * check that it has caught up with the primary before it answers (see
 * replicas.h for the rules).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rede/util.h"
#include "store/audit.h"
#include "store/backend.h"
#include "store/replicas.h"
#include "store/settings.h"

/* Samples of the primary's WAL position kept for the lag: at the default
 * check interval two minutes, far beyond any max lag worth having. */
#define RING 256
/* How long a read waits between two looks at a replica that has not yet
 * replayed the primary's position (the whole wait is replica.wait_ms). */
#define POLL_NS 1000000L
/* A replica's state is trusted for this many check intervals (one is the
 * interval itself, the other covers the check's own duration). */
#define STALE_CHECKS 2

struct replica {
	char *url;           /* the operator's URL + read-only options */
	struct store *store; /* NULL until it first answered */
	enum store_replica_state state;
	int64_t lag_ms;
	int64_t checked_at; /* monotonic ms of its last check */
	bool failed;        /* a request failed on it since the check */
	atomic_llong reads, fallbacks, behind;
};

struct sample {
	int64_t t; /* monotonic ms */
	uint64_t lsn;
};

struct store_replicas {
	struct store *primary;
	struct replica reps[STORE_REPLICAS_MAX];
	int n, pool;
	pthread_mutex_t m; /* everything below, and reps' state */
	pthread_cond_t cv;
	bool stopping, started;
	bool primary_failing; /* monitor thread only */
	pthread_t thread;
	unsigned next; /* round robin */
	struct sample ring[RING];
	int nring, ring_head; /* ring_head: where the next sample goes */
	int64_t max_lag_ms, check_ms, wait_ms;
};

const char *const store_replica_state_names[3] = {"down", "lagging", "ok"};

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "16/B374D848" -> 0x16B374D848; 0 for NULL or garbage. */
static uint64_t parse_lsn(const char *s)
{
	unsigned long hi, lo;

	if (!s || sscanf(s, "%lx/%lx", &hi, &lo) != 2)
		return 0;
	return ((uint64_t)hi << 32) | (uint64_t)(lo & 0xffffffffUL);
}

/* ---- the checks ---- */

struct primary_check {
	int64_t max_lag_ms, check_ms, wait_ms;
	uint64_t lsn;
};

static enum rede_err primary_body(struct store_conn *c, void *arg)
{
	struct primary_check *p = arg;
	struct store_stmt *st;
	enum rede_err err;

	err = store_setting_int(c, 0, "replica.max_lag_ms", &p->max_lag_ms);
	if (!err)
		err = store_setting_int(c, 0, "replica.check_ms", &p->check_ms);
	if (!err)
		err = store_setting_int(c, 0, "replica.wait_ms", &p->wait_ms);
	if (err)
		return err;
	st = store_prepare(c, "SELECT pg_current_wal_lsn()");
	err = store_step_one(st);
	if (!err)
		p->lsn = parse_lsn(store_col_text(st, 0));
	store_finish(st);
	return err;
}

struct replica_check {
	bool standby;
	uint64_t lsn;
};

/* What a server says of itself: in recovery (1) or not (0), and how far
 * it replayed (the statement's text). */
struct replica_read {
	int64_t recovery;
	const char *lsn;
};
static const struct store_col replica_cols[] = {
	STORE_COL("CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END", STORE_COL_INT,
		  struct replica_read, recovery),
	STORE_COL("pg_last_wal_replay_lsn()", STORE_COL_CSTR, struct replica_read, lsn),
};
#define NREPLICA_COLS (sizeof(replica_cols) / sizeof(replica_cols[0]))

static enum rede_err replica_body(struct store_conn *c, void *arg)
{
	struct replica_check *r = arg;
	struct store_stmt *st = store_prepare_select(c, replica_cols, NREPLICA_COLS, "");
	enum rede_err err = store_step_one(st);

	if (!err) {
		struct replica_read x;

		store_read_row(st, replica_cols, NREPLICA_COLS, &x);
		r->standby = x.recovery == 1;
		r->lsn = parse_lsn(x.lsn);
	}
	store_finish(st);
	return err;
}

/* How far behind a replica that replayed up to lsn is, by the samples of
 * the primary's position; -1 when no sample is old enough to say (it is
 * behind all of them: more than the ring spans, or just started). Under
 * r->m. */
static int64_t lag_of(const struct store_replicas *r, uint64_t lsn, int64_t now)
{
	for (int i = 0; i < r->nring; i++) {
		const struct sample *s = &r->ring[(r->ring_head - 1 - i + RING) % RING];

		if (s->lsn <= lsn)
			return i == 0 ? 0 : now - s->t;
	}
	return -1;
}

static void set_state(struct store_replicas *r, int i, enum store_replica_state state, int64_t lag)
{
	struct replica *rep = &r->reps[i];

	if (rep->state != state) {
		if (state == STORE_REPLICA_OK)
			log_info("replica %d: ok (lag %lld ms), reads go to it", i + 1,
				 (long long)lag);
		else if (state == STORE_REPLICA_LAGGING)
			log_warn("replica %d: lagging %s%lld ms (more than replica.max_lag_ms), "
				 "skipped: the primary answers",
				 i + 1, lag < 0 ? "over " : "",
				 (long long)(lag < 0 ? r->max_lag_ms : lag));
		else
			log_warn("replica %d: down, skipped: the primary answers", i + 1);
	}
	rep->state = state;
	rep->lag_ms = lag;
	rep->checked_at = mono_ms();
	rep->failed = false;
}

/* A read that checks the audit chain needs the key on the replica too. */
static void copy_audit_key(struct store *primary, struct store *replica)
{
	struct store_conn *c = store_acquire(primary);
	const unsigned char *key = store_conn_audit_key(c);

	if (key)
		store_audit_key_set(replica, key);
	store_release(primary, c);
}

static void check_once(struct store_replicas *r)
{
	struct primary_check p = {0};
	/* before the query: the position read is at least as new as this
	 * (a lag measured from it can only be too long, never too short) */
	int64_t now = mono_ms();

	if (store_tx_run(r->primary, STORE_TX_READ, primary_body, &p) != REDE_OK) {
		/* once per outage, not every check; the replicas keep their
		 * state meanwhile (reads on an ok replica still work) */
		if (!r->primary_failing)
			log_error("replicas: cannot read the primary's WAL position or the "
				  "replica.* settings; checks resume when it answers");
		r->primary_failing = true;
		return;
	}
	r->primary_failing = false;
	pthread_mutex_lock(&r->m);
	r->max_lag_ms = p.max_lag_ms;
	r->check_ms = p.check_ms > 0 ? p.check_ms : 1;
	r->wait_ms = p.wait_ms;
	r->ring[r->ring_head] = (struct sample){now, p.lsn};
	r->ring_head = (r->ring_head + 1) % RING;
	if (r->nring < RING)
		r->nring++;
	pthread_mutex_unlock(&r->m);

	for (int i = 0; i < r->n; i++) {
		struct replica *rep = &r->reps[i];
		struct replica_check rc = {0};
		struct store *rs;
		enum rede_err err = REDE_E_STORE;
		int64_t lag;

		/* Only this thread sets a replica's store (under r->m, for
		 * the readers' pick), once it first answers. */
		pthread_mutex_lock(&r->m);
		rs = rep->store;
		pthread_mutex_unlock(&r->m);
		if (!rs) {
			char *msg = NULL;

			rs = store_open(rep->url, r->pool, &msg);
			free(msg); /* the state change is logged, not libpq's text */
			if (rs) {
				copy_audit_key(r->primary, rs);
				pthread_mutex_lock(&r->m);
				rep->store = rs;
				pthread_mutex_unlock(&r->m);
			}
		}
		if (rs)
			err = store_tx_run(rs, STORE_TX_READ, replica_body, &rc);
		pthread_mutex_lock(&r->m);
		if (err || !rc.standby) {
			if (!err && rep->state != STORE_REPLICA_DOWN)
				log_warn("replica %d is not a standby (promoted?)", i + 1);
			set_state(r, i, STORE_REPLICA_DOWN, -1);
		} else {
			lag = lag_of(r, rc.lsn, mono_ms());
			set_state(r, i,
				  lag >= 0 && lag <= r->max_lag_ms ? STORE_REPLICA_OK
								   : STORE_REPLICA_LAGGING,
				  lag);
		}
		pthread_mutex_unlock(&r->m);
	}
}

static void *monitor(void *arg)
{
	struct store_replicas *r = arg;

	pthread_mutex_lock(&r->m);
	while (!r->stopping) {
		struct timespec ts;
		int64_t ms = r->check_ms;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += ms / 1000;
		ts.tv_nsec += (ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&r->cv, &r->m, &ts);
		if (r->stopping)
			break;
		pthread_mutex_unlock(&r->m);
		check_once(r);
		pthread_mutex_lock(&r->m);
	}
	pthread_mutex_unlock(&r->m);
	return NULL;
}

/* ---- open, close ---- */

/* The URL with every session read-only, and a connect timeout unless it
 * names one (a replica host that vanished must not hold the monitor). */
static char *read_only_url(const char *url)
{
	const char *sep = strchr(url, '?') ? "&" : "?";

	return xasprintf("%s%soptions=-c%%20default_transaction_read_only%%3Don%s", url, sep,
			 strstr(url, "connect_timeout=") ? "" : "&connect_timeout=5");
}

struct store_replicas *store_replicas_open(struct store *primary, const char *const *urls, int n,
					   int pool_size, char **msg)
{
	struct store_replicas *r = NULL;

	if (strcmp(store_backend_name(primary), "postgres")) {
		*msg = xstrdup("--replica needs a PostgreSQL primary (--db postgres://...)");
		goto out;
	}
	if (n < 1 || n > STORE_REPLICAS_MAX) {
		*msg = xasprintf("between 1 and %d replicas", STORE_REPLICAS_MAX);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		if (!str_starts(urls[i], "postgres://") && !str_starts(urls[i], "postgresql://")) {
			*msg = xasprintf("replica %d: not a postgres:// URL", i + 1);
			goto out;
		}
	}
	r = xcalloc(1, sizeof(*r));
	r->primary = primary;
	r->n = n;
	r->pool = pool_size > 0 ? pool_size : 1;
	pthread_mutex_init(&r->m, NULL);
	pthread_cond_init(&r->cv, NULL);
	for (int i = 0; i < n; i++) {
		r->reps[i].url = read_only_url(urls[i]);
		r->reps[i].state = STORE_REPLICA_DOWN;
		r->reps[i].lag_ms = -1;
	}
	r->check_ms = 1;
	check_once(r);
	if (pthread_create(&r->thread, NULL, monitor, r) != 0)
		abort(); /* resource exhaustion at start-up (DESIGN §4) */
	r->started = true;
out:
	return r;
}

void store_replicas_close(struct store_replicas *r)
{
	if (!r)
		return;
	if (r->started) {
		pthread_mutex_lock(&r->m);
		r->stopping = true;
		pthread_cond_signal(&r->cv);
		pthread_mutex_unlock(&r->m);
		pthread_join(r->thread, NULL);
	}
	for (int i = 0; i < r->n; i++) {
		store_close(r->reps[i].store);
		free(r->reps[i].url);
	}
	pthread_mutex_destroy(&r->m);
	pthread_cond_destroy(&r->cv);
	free(r);
}

/* ---- the pick ---- */

struct store *store_replicas_pick(struct store_replicas *r, int *which)
{
	struct store *s = NULL;
	int64_t now = mono_ms();

	pthread_mutex_lock(&r->m);
	for (int k = 0; k < r->n && !s; k++) {
		int i = (int)(r->next++ % (unsigned)r->n);
		struct replica *rep = &r->reps[i];

		/* a state older than STALE_CHECKS intervals (the monitor is
		 * stuck on another replica) no longer vouches for the lag */
		if (rep->state == STORE_REPLICA_OK && !rep->failed && rep->store &&
		    now - rep->checked_at <= STALE_CHECKS * r->check_ms) {
			s = rep->store;
			*which = i;
			atomic_fetch_add(&rep->reads, 1);
		}
	}
	pthread_mutex_unlock(&r->m);
	return s;
}

void store_replicas_unpick(struct store_replicas *r, int which)
{
	if (which >= 0 && which < r->n)
		atomic_fetch_sub(&r->reps[which].reads, 1);
}

void store_replicas_failed(struct store_replicas *r, int which)
{
	pthread_mutex_lock(&r->m);
	if (which >= 0 && which < r->n) {
		struct replica *rep = &r->reps[which];

		if (!rep->failed)
			log_warn("replica %d: a read failed on it, skipped until the next check",
				 which + 1);
		rep->failed = true;
		atomic_fetch_sub(&rep->reads, 1);
		atomic_fetch_add(&rep->fallbacks, 1);
	}
	pthread_mutex_unlock(&r->m);
}

/* ---- caught up ---- */

struct position {
	const char *sql;
	uint64_t lsn;
};

static enum rede_err position_body(struct store_conn *c, void *arg)
{
	struct position *p = arg;
	struct store_stmt *st = store_prepare(c, p->sql);
	enum rede_err err = store_step_one(st);

	if (!err)
		p->lsn = parse_lsn(store_col_text(st, 0));
	store_finish(st);
	return err;
}

/* Each look is a transaction of its own (store_tx_run reconnects a
 * connection a restart cut). The read that follows begins after it, so its
 * snapshot holds everything replayed by then. */
static enum rede_err position(struct store *s, const char *sql, uint64_t *lsn)
{
	struct position p = {sql, 0};
	enum rede_err err = store_tx_run(s, STORE_TX_READ, position_body, &p);

	*lsn = p.lsn;
	return err;
}

enum store_catch_up store_replicas_caught_up(struct store_replicas *r, int which)
{
	enum store_catch_up res = STORE_CATCH_UP_BEHIND;
	struct store *rs;
	uint64_t target, at;
	int64_t until;

	pthread_mutex_lock(&r->m);
	rs = r->reps[which].store;
	until = mono_ms() + r->wait_ms;
	pthread_mutex_unlock(&r->m);
	/* every commit a client has been told of ends at or before this */
	if (position(r->primary, "SELECT pg_current_wal_lsn()", &target) != REDE_OK) {
		res = STORE_CATCH_UP_PRIMARY_FAILED;
		goto out;
	}
	for (;;) {
		struct timespec ts = {0, POLL_NS};

		if (position(rs, "SELECT pg_last_wal_replay_lsn()", &at) != REDE_OK) {
			res = STORE_CATCH_UP_FAILED;
			goto out;
		}
		if (at >= target) {
			res = STORE_CATCH_UP_OK;
			goto out;
		}
		if (mono_ms() >= until)
			break;
		nanosleep(&ts, NULL);
	}
	atomic_fetch_sub(&r->reps[which].reads, 1);
	atomic_fetch_add(&r->reps[which].behind, 1);
out:
	return res;
}

int store_replicas_status(struct store_replicas *r, struct store_replica_status *out, int max)
{
	pthread_mutex_lock(&r->m);
	for (int i = 0; i < r->n && i < max; i++) {
		out[i].state = r->reps[i].state;
		out[i].lag_ms = r->reps[i].lag_ms;
		out[i].reads = atomic_load(&r->reps[i].reads);
		out[i].fallbacks = atomic_load(&r->reps[i].fallbacks);
		out[i].behind = atomic_load(&r->reps[i].behind);
	}
	pthread_mutex_unlock(&r->m);
	return r->n;
}
