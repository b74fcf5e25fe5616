/*
 * store.c - the generic half of the database layer (see store.h):
 * connection pool, per-connection statement cache, transactions with
 * retry of transient failures, and the migration runner. Backends
 * (sqlite.c, pg.c) only speak to their engine.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rede/store.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/backend.h"

#define STMT_CACHE 128
#define TX_MAX_ATTEMPTS 40

struct store_stmt {
	struct store_conn *conn;
	char *sql;     /* own copy of the SQL text: the cache key */
	uint64_t hash; /* FNV-1a of sql, checked before strcmp */
	void *impl;    /* backend statement; NULL when prepare failed */
	bool in_use;
	bool cached;
};

struct store_conn {
	struct store *store;
	void *impl;
	bool in_use;
	struct store_stmt *cache[STMT_CACHE];
	int ncache;
	int64_t last_changes;
	bool quiet_prepare; /* a statement expected to fail (probing a table) is not logged */
	bool read_tx;       /* in a STORE_TX_READ transaction: memos may be kept */
	struct {
		void *data;
		void (*free_fn)(void *);
	} memo[STORE_MEMO__COUNT]; /* store_memo_put, freed when the transaction ends */
};

/* A member of a group commit waiting for the group's COMMIT. */
struct group_wait {
	bool done;
	enum rede_err err;
	struct group_wait *next;
};

/* Group commit (SQLite; see store_group_commit in store.h). All fields
 * under m. */
struct group {
	int max; /* 0: off */
	pthread_mutex_t m;
	pthread_cond_t cv;
	struct store_conn *wc;      /* the one writer connection */
	bool open;                  /* a group transaction is open on wc */
	bool running;               /* a request body runs on wc */
	bool committing;            /* COMMIT is running on wc */
	int waiting;                /* requests queued to run their body */
	int members;                /* bodies run in the open transaction */
	struct group_wait *waiters; /* members waiting for its COMMIT */
	int64_t commits, bodies;    /* for store_group_counts */
};

struct store {
	const struct store_backend *be;
	char *url; /* as given to the backend */
	char *sqlite_path;
	pthread_mutex_t lock;
	pthread_cond_t freed;
	struct store_conn **conns;
	int nconns, max;
	struct group group;
	unsigned char *audit_key; /* sodium_malloc'd; NULL until store_audit_key_set */
};

static bool is_pg(const char *url)
{
	return str_starts(url, "postgres://") || str_starts(url, "postgresql://");
}

struct store *store_open(const char *url, int pool_size, char **msg)
{
	struct store *s = xcalloc(1, sizeof(*s));
	struct store_conn *first;

	if (is_pg(url)) {
		s->be = &store_backend_pg;
		s->url = xstrdup(url);
	} else {
		s->be = &store_backend_sqlite;
		s->url = xstrdup(str_starts(url, "sqlite:") ? url + 7 : url);
		s->sqlite_path = xstrdup(s->url);
	}
	s->max = pool_size > 0 ? pool_size : 1;
	s->conns = xcalloc((size_t)s->max, sizeof(*s->conns));
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->freed, NULL);
	/* Open one connection now so a bad URL fails here, not later. */
	first = xcalloc(1, sizeof(*first));
	first->store = s;
	if (s->be->connect(s->url, &first->impl, msg) != REDE_OK) {
		free(first);
		store_close(s);
		return NULL;
	}
	s->conns[s->nconns++] = first;
	return s;
}

static void stmt_free(struct store_stmt *st)
{
	if (st->impl)
		st->conn->store->be->finalize(st->impl);
	free(st->sql);
	free(st);
}

static uint64_t sql_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The transaction ended (or never began): drop what was kept for it. */
static void memo_clear(struct store_conn *c)
{
	for (int i = 0; i < STORE_MEMO__COUNT; i++) {
		if (c->memo[i].data)
			c->memo[i].free_fn(c->memo[i].data);
		c->memo[i].data = NULL;
	}
	c->read_tx = false;
}

static void conn_free(struct store *s, struct store_conn *c)
{
	memo_clear(c);
	for (int i = 0; i < c->ncache; i++)
		stmt_free(c->cache[i]);
	s->be->disconnect(c->impl);
	free(c);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->nconns; i++)
		conn_free(s, s->conns[i]);
	free(s->conns);
	if (s->group.wc) {
		conn_free(s, s->group.wc);
		pthread_mutex_destroy(&s->group.m);
		pthread_cond_destroy(&s->group.cv);
	}
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->freed);
	free(s->url);
	free(s->sqlite_path);
	if (s->audit_key)
		sodium_free(s->audit_key);
	free(s);
}

void store_audit_key_set(struct store *s, const unsigned char key[CORE_AUDIT_KEY_BYTES])
{
	if (!s->audit_key) {
		if (sodium_init() < 0)
			abort(); /* sodium_malloc needs it; callable more than once */
		s->audit_key = sodium_malloc(CORE_AUDIT_KEY_BYTES);
		if (!s->audit_key)
			abort(); /* allocation failure aborts (DESIGN §4) */
	}
	memcpy(s->audit_key, key, CORE_AUDIT_KEY_BYTES);
}

const unsigned char *store_conn_audit_key(const struct store_conn *c)
{
	return c->store->audit_key;
}

const char *store_backend_name(const struct store *s)
{
	return s->be->name;
}

const char *store_sqlite_path(const struct store *s)
{
	return s->sqlite_path;
}

const char *store_conn_backend(const struct store_conn *c)
{
	return c->store->be->name;
}

/* A free connection of s, or a new one while the pool has room; with wait
 * false NULL instead of waiting for one to be released. */
static struct store_conn *take(struct store *s, bool wait)
{
	struct store_conn *c = NULL;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		for (int i = 0; i < s->nconns; i++) {
			if (!s->conns[i]->in_use) {
				c = s->conns[i];
				break;
			}
		}
		if (c)
			break;
		if (s->nconns < s->max) {
			char *msg = NULL;
			struct store_conn *n = xcalloc(1, sizeof(*n));

			n->store = s;
			/* Connecting under the lock keeps this simple; it happens
			 * only up to pool-size times in the life of a process. */
			if (s->be->connect(s->url, &n->impl, &msg) == REDE_OK) {
				s->conns[s->nconns++] = n;
				c = n;
				break;
			}
			log_error("store: cannot open another connection: %s",
				  msg ? msg : "unknown");
			free(msg);
			free(n);
		}
		if (!wait)
			break;
		pthread_cond_wait(&s->freed, &s->lock);
	}
	if (c)
		c->in_use = true;
	pthread_mutex_unlock(&s->lock);
	return c;
}

struct store_conn *store_acquire(struct store *s)
{
	return take(s, true);
}

struct store_conn *store_acquire_spare(struct store_conn *like)
{
	return take(like->store, false);
}

struct store *store_conn_store(struct store_conn *c)
{
	return c->store;
}

void store_release(struct store *s, struct store_conn *c)
{
	pthread_mutex_lock(&s->lock);
	c->in_use = false;
	pthread_cond_signal(&s->freed);
	pthread_mutex_unlock(&s->lock);
}

enum rede_err store_begin(struct store_conn *c, enum store_tx_mode mode)
{
	enum rede_err err = c->store->be->begin(c->impl, mode);

	memo_clear(c);
	c->read_tx = !err && mode == STORE_TX_READ;
	return err;
}

enum rede_err store_commit(struct store_conn *c)
{
	memo_clear(c);
	return c->store->be->commit(c->impl);
}

enum rede_err store_tx_no_parallel_workers(struct store_conn *c)
{
	if (strcmp(store_conn_backend(c), "postgres"))
		return REDE_OK;
	return c->store->be->exec(c->impl, "SET LOCAL max_parallel_workers_per_gather = 0");
}

enum rede_err store_tx_custom_plans(struct store_conn *c)
{
	if (strcmp(store_conn_backend(c), "postgres"))
		return REDE_OK;
	return c->store->be->exec(c->impl, "SET LOCAL plan_cache_mode = force_custom_plan");
}

bool store_read_tx(const struct store_conn *c)
{
	return c->read_tx;
}

void *store_memo_get(struct store_conn *c, enum store_memo slot)
{
	return c->read_tx ? c->memo[slot].data : NULL;
}

bool store_memo_put(struct store_conn *c, enum store_memo slot, void *data, void (*free_fn)(void *))
{
	if (!c->read_tx) {
		free_fn(data);
		return false;
	}
	if (c->memo[slot].data)
		c->memo[slot].free_fn(c->memo[slot].data);
	c->memo[slot].data = data;
	c->memo[slot].free_fn = free_fn;
	return true;
}

/* Make every statement of the connection reusable again. */
static void reset_all(struct store_conn *c)
{
	for (int i = 0; i < c->ncache; i++) {
		struct store_stmt *st = c->cache[i];
		if (st->in_use && st->impl)
			c->store->be->reset(st->impl);
		st->in_use = false;
	}
}

void store_rollback(struct store_conn *c)
{
	memo_clear(c);
	reset_all(c);
	c->store->be->rollback(c->impl);
}

enum rede_err store_step_begin(struct store_conn *c)
{
	return c->store->be->exec(c->impl, "SAVEPOINT rede_step");
}

enum rede_err store_step_end(struct store_conn *c, bool keep)
{
	enum rede_err err = REDE_OK;

	reset_all(c);
	if (!keep)
		err = c->store->be->exec(c->impl, "ROLLBACK TO rede_step");
	if (!err)
		err = c->store->be->exec(c->impl, "RELEASE rede_step");
	return err;
}

static void backoff(int attempt)
{
	long us = 500L << (attempt < 10 ? attempt : 10); /* 0.5 ms ... ~0.5 s */
	struct timespec ts;

	us = us / 2 + (long)randombytes_uniform((uint32_t)(us / 2 + 1));
	ts.tv_sec = us / 1000000;
	ts.tv_nsec = (us % 1000000) * 1000;
	nanosleep(&ts, NULL);
}

static enum rede_err group_tx_run(struct store *s, store_tx_fn fn, void *arg);

enum rede_err store_tx_run(struct store *s, enum store_tx_mode mode, store_tx_fn fn, void *arg)
{
	struct store_conn *c;
	enum rede_err err = REDE_E_RETRY;

	if (mode == STORE_TX_WRITE && s->group.max)
		return group_tx_run(s, fn, arg);
	c = store_acquire(s);
	for (int attempt = 0; attempt < TX_MAX_ATTEMPTS && err == REDE_E_RETRY; attempt++) {
		if (attempt)
			backoff(attempt);
		err = store_begin(c, mode);
		if (err)
			continue;
		err = fn(c, arg);
		if (err) {
			store_rollback(c);
			continue;
		}
		reset_all(c);
		err = store_commit(c);
		if (err)
			store_rollback(c);
	}
	if (err == REDE_E_RETRY)
		log_warn("store: transaction gave up after %d attempts", TX_MAX_ATTEMPTS);
	store_release(s, c);
	return err;
}

/* ---- group commit ----
 *
 * With synchronous=FULL every SQLite commit waits for the disk (about a
 * millisecond or more), and SQLite has one writer at a time, so one commit
 * per request caps durable writes at roughly 1 / fsync time. Here the
 * write requests of many threads share one transaction on one writer
 * connection and one COMMIT:
 *
 *   - bodies run one at a time (running), each inside its own SAVEPOINT:
 *     a body that fails is rolled back to its savepoint, so a change and
 *     its audit entry (written by the body) are kept or dropped together;
 *   - when a body ends and other requests are queued (and the group is
 *     below max), it leaves the transaction open for them and waits; the
 *     body that finds nobody queued commits, with synchronous=FULL, and
 *     then wakes every member with the COMMIT's result. No member returns
 *     (so no request is answered) before the COMMIT that holds its change
 *     is durable; if the COMMIT fails, every member fails;
 *   - a member may read an earlier member's uncommitted change, but it is
 *     answered only after that change's COMMIT, and reads (STORE_TX_READ)
 *     run on the pool's other connections and see committed data only;
 *   - if the engine rolled the whole transaction back by itself (I/O or
 *     memory error), every member waiting on it fails.
 * The group grows to the number of requests that arrive while one
 * commit's fsync runs, bounded by max and by the server's threads. */

static void group_finish(struct group *g, enum rede_err err)
{
	for (struct group_wait *w = g->waiters; w; w = w->next) {
		w->done = true;
		w->err = err;
	}
	g->waiters = NULL;
	g->open = false;
	g->members = 0;
	pthread_cond_broadcast(&g->cv);
}

/* Run fn in a savepoint of the group transaction (opening it when
 * needed). Called with g->running set by this thread. */
static enum rede_err group_body(struct store *s, store_tx_fn fn, void *arg)
{
	struct group *g = &s->group;
	struct store_conn *c = g->wc;
	enum rede_err err = REDE_E_RETRY;
	bool open;

	for (int attempt = 0; attempt < TX_MAX_ATTEMPTS && err == REDE_E_RETRY; attempt++) {
		if (attempt)
			backoff(attempt);
		pthread_mutex_lock(&g->m);
		open = g->open;
		pthread_mutex_unlock(&g->m);
		if (!open) {
			/* another process may hold the write lock: retried */
			err = s->be->exec(c->impl, "BEGIN IMMEDIATE");
			if (err)
				continue;
			pthread_mutex_lock(&g->m);
			g->open = true;
			pthread_mutex_unlock(&g->m);
		}
		err = s->be->exec(c->impl, "SAVEPOINT rede_request");
		if (!err)
			err = fn(c, arg);
		reset_all(c);
		if (!s->be->in_tx(c->impl)) {
			/* The engine rolled the transaction back: earlier
			 * members' changes are gone with it. */
			log_error("store: group transaction lost: %s", s->be->errmsg(c->impl));
			pthread_mutex_lock(&g->m);
			group_finish(g, REDE_E_STORE);
			pthread_mutex_unlock(&g->m);
			if (!err)
				err = REDE_E_STORE;
			continue;
		}
		if (err && s->be->exec(c->impl, "ROLLBACK TO rede_request") != REDE_OK)
			log_error("store: cannot roll back to the request's savepoint");
		if (s->be->exec(c->impl, "RELEASE rede_request") != REDE_OK && !err)
			err = REDE_E_STORE;
	}
	return err;
}

static enum rede_err group_tx_run(struct store *s, store_tx_fn fn, void *arg)
{
	struct group *g = &s->group;
	struct group_wait me = {false, REDE_OK, NULL};
	enum rede_err err, cerr;

	pthread_mutex_lock(&g->m);
	g->waiting++;
	while (g->running || g->committing)
		pthread_cond_wait(&g->cv, &g->m);
	g->waiting--;
	g->running = true;
	pthread_mutex_unlock(&g->m);

	err = group_body(s, fn, arg);

	pthread_mutex_lock(&g->m);
	g->running = false;
	if (!g->open) {
		/* BEGIN failed or the transaction was lost: nothing to commit */
		pthread_cond_broadcast(&g->cv);
		pthread_mutex_unlock(&g->m);
		return err ? err : REDE_E_STORE;
	}
	g->members++;
	g->bodies++;
	if (g->waiting > 0 && g->members < g->max) {
		/* Others are queued: leave the transaction open for them and
		 * wait for the COMMIT one of them makes. */
		me.next = g->waiters;
		g->waiters = &me;
		pthread_cond_broadcast(&g->cv);
		while (!me.done)
			pthread_cond_wait(&g->cv, &g->m);
		cerr = me.err;
	} else {
		g->committing = true;
		pthread_mutex_unlock(&g->m);
		reset_all(g->wc);
		cerr = s->be->exec(g->wc->impl, "COMMIT");
		if (cerr && s->be->in_tx(g->wc->impl))
			s->be->exec(g->wc->impl, "ROLLBACK");
		pthread_mutex_lock(&g->m);
		g->committing = false;
		g->commits++;
		group_finish(g, cerr);
	}
	pthread_mutex_unlock(&g->m);
	if (cerr)
		log_error("store: group commit failed: %s", rede_err_name(cerr));
	return cerr ? cerr : err;
}

enum rede_err store_group_commit(struct store *s, int max)
{
	struct store_conn *c;
	char *msg = NULL;

	if (s->be != &store_backend_sqlite || max < 2 || s->group.max)
		return REDE_OK;
	c = xcalloc(1, sizeof(*c));
	c->store = s;
	if (s->be->connect(s->url, &c->impl, &msg) != REDE_OK) {
		log_error("store: cannot open the writer connection: %s", msg ? msg : "unknown");
		free(msg);
		free(c);
		return REDE_E_STORE;
	}
	c->in_use = true;
	pthread_mutex_init(&s->group.m, NULL);
	pthread_cond_init(&s->group.cv, NULL);
	s->group.wc = c;
	s->group.max = max;
	return REDE_OK;
}

void store_group_counts(struct store *s, int64_t *commits, int64_t *bodies)
{
	*commits = *bodies = 0;
	if (!s->group.max)
		return;
	pthread_mutex_lock(&s->group.m);
	*commits = s->group.commits;
	*bodies = s->group.bodies;
	pthread_mutex_unlock(&s->group.m);
}

struct store_stmt *store_prepare(struct store_conn *c, const char *sql)
{
	struct store_stmt *st = NULL;
	enum rede_err err = REDE_OK;
	uint64_t h = sql_hash(sql);
	bool dup = false;

	for (int i = 0; i < c->ncache; i++) {
		if (c->cache[i]->hash == h && !strcmp(c->cache[i]->sql, sql)) {
			st = c->cache[i];
			break;
		}
	}
	dup = st != NULL;
	if (st && !st->in_use && st->impl) {
		st->in_use = true;
		return st;
	}
	/* Not cached, or the cached one is busy (nested use): a new one. */
	st = xcalloc(1, sizeof(*st));
	st->conn = c;
	st->sql = xstrdup(sql);
	st->hash = h;
	st->in_use = true;
	st->impl = c->store->be->prepare(c->impl, st->sql, &err);
	if (!st->impl && !c->quiet_prepare)
		log_error("store: cannot prepare statement (%s): %s: %s", rede_err_name(err),
			  c->store->be->errmsg(c->impl), sql);
	if (st->impl && !dup && c->ncache < STMT_CACHE) {
		st->cached = true;
		c->cache[c->ncache++] = st;
	}
	return st;
}

void store_bind_int(struct store_stmt *st, int idx, int64_t v)
{
	if (st->impl)
		st->conn->store->be->bind_int(st->impl, idx, v);
}

void store_bind_text(struct store_stmt *st, int idx, const char *v)
{
	if (!st->impl)
		return;
	if (v)
		st->conn->store->be->bind_text(st->impl, idx, v);
	else
		st->conn->store->be->bind_null(st->impl, idx);
}

void store_bind_null(struct store_stmt *st, int idx)
{
	if (st->impl)
		st->conn->store->be->bind_null(st->impl, idx);
}

enum rede_err store_step(struct store_stmt *st)
{
	enum rede_err err;

	if (!st->impl)
		return REDE_E_STORE;
	err = st->conn->store->be->step(st->impl);
	if (err == REDE_DONE)
		st->conn->last_changes = st->conn->store->be->changes(st->conn->impl);
	return err;
}

int64_t store_col_int(struct store_stmt *st, int col)
{
	return st->impl ? st->conn->store->be->col_int(st->impl, col) : 0;
}

const char *store_col_text(struct store_stmt *st, int col)
{
	return st->impl ? st->conn->store->be->col_text(st->impl, col) : NULL;
}

bool store_col_null(struct store_stmt *st, int col)
{
	return st->impl ? st->conn->store->be->col_null(st->impl, col) : true;
}

void store_col_copy(struct store_stmt *st, int col, char *dst, size_t n)
{
	const char *s = store_col_text(st, col);
	size_t len = s ? strlen(s) : 0;

	/* snprintf's truncation without its format parsing: this runs for
	 * every text column of every row read (issue 22, the caseload) */
	if (!n)
		return;
	if (len >= n)
		len = n - 1;
	memcpy(dst, s ? s : "", len);
	dst[len] = 0;
}

int64_t store_col_int0(struct store_stmt *st, int col)
{
	return store_col_null(st, col) ? 0 : store_col_int(st, col);
}

void store_bind_text0(struct store_stmt *st, int idx, const char *s)
{
	store_bind_text(st, idx, s && *s ? s : NULL);
}

void store_bind_int0(struct store_stmt *st, int idx, int64_t v)
{
	if (v)
		store_bind_int(st, idx, v);
	else
		store_bind_null(st, idx);
}

int store_col_count(struct store_stmt *st)
{
	return st->impl ? st->conn->store->be->col_count(st->impl) : 0;
}

const char *store_col_name(struct store_stmt *st, int col)
{
	return st->impl ? st->conn->store->be->col_name(st->impl, col) : NULL;
}

enum rede_err store_ids_follow(struct store_conn *c, const char *table)
{
	return c->store->be->ids_follow(c->impl, table);
}

bool store_bulk_available(struct store_conn *c)
{
	return c->store->be->copy_begin != NULL;
}

enum rede_err store_bulk_begin(struct store_conn *c, const char *table, const char *const *cols,
			       int ncols)
{
	return c->store->be->copy_begin(c->impl, table, cols, ncols);
}

enum rede_err store_bulk_row(struct store_conn *c, const char *const *vals, int ncols)
{
	return c->store->be->copy_row(c->impl, vals, ncols);
}

enum rede_err store_bulk_end(struct store_conn *c, bool ok)
{
	return c->store->be->copy_end(c->impl, ok);
}

void store_finish(struct store_stmt *st)
{
	if (!st)
		return;
	if (!st->cached) {
		stmt_free(st);
		return;
	}
	st->conn->store->be->reset(st->impl);
	st->in_use = false;
}

enum rede_err store_run(struct store_stmt *st)
{
	enum rede_err err = store_step(st);

	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}

enum rede_err store_step_one(struct store_stmt *st)
{
	enum rede_err err = store_step(st);

	if (err == REDE_ROW)
		return REDE_OK;
	return err == REDE_DONE ? REDE_E_NOTFOUND : err;
}

enum rede_err store_run_int(struct store_stmt *st, int64_t *out)
{
	enum rede_err err = store_step_one(st);

	if (!err)
		*out = store_col_int(st, 0);
	store_finish(st);
	return err;
}

enum rede_err store_ping(struct store_conn *c)
{
	int64_t one;

	return store_run_int(store_prepare(c, "SELECT 1"), &one);
}

int64_t store_changes(struct store_conn *c)
{
	return c->last_changes;
}

/* ---- the slow-statement log (REDE_SLOW_SQL_MS) ---- */

static int64_t slow_sql_ns = -1;
static pthread_once_t slow_sql_once = PTHREAD_ONCE_INIT;

static void slow_sql_from_env(void)
{
	const char *e = getenv("REDE_SLOW_SQL_MS");

	if (e && *e)
		slow_sql_ns = (int64_t)(atof(e) * 1e6);
}

int64_t store_slow_sql_ns(void)
{
	pthread_once(&slow_sql_once, slow_sql_from_env);
	return slow_sql_ns;
}

void store_slow_sql_log(int64_t ns, const char *sql)
{
	if (store_slow_sql_ns() >= 0 && ns >= slow_sql_ns)
		log_warn("slow sql %.1f ms: %s", (double)ns / 1e6, sql ? sql : "?");
}

/* ---- migrations ---- */

int store_migrations_known(void)
{
	return store_migrations_count ? store_migrations[store_migrations_count - 1].version : 0;
}

static const char schema_version_sql[] =
	"CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, "
	"name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

static enum rede_err version_body(struct store_conn *c, void *arg)
{
	int64_t v = 0;
	enum rede_err err = c->store->be->exec(c->impl, schema_version_sql);

	if (!err)
		err = store_run_int(store_prepare(c, "SELECT COALESCE(MAX(version), 0) "
						     "FROM schema_version"),
				    &v);
	*(int *)arg = (int)v;
	return err;
}

/* On a new database the table is missing and the read fails: expected, so
 * not logged as an error (the first `rede init` printed one). */
static enum rede_err version_read_body(struct store_conn *c, void *arg)
{
	int64_t v = 0;
	enum rede_err err;

	c->quiet_prepare = true;
	err = store_run_int(
		store_prepare(c, "SELECT COALESCE(MAX(version), 0) FROM schema_version"), &v);
	c->quiet_prepare = false;

	*(int *)arg = (int)v;
	return err;
}

int store_schema_version(struct store *s)
{
	int v = 0;

	/* A read first: every command checks the version, and a write
	 * transaction would cost a disk flush each time. Only a database
	 * without the table yet (a new file) needs the write that creates it. */
	if (store_tx_run(s, STORE_TX_READ, version_read_body, &v) == REDE_OK)
		return v;
	if (store_tx_run(s, STORE_TX_WRITE, version_body, &v) != REDE_OK)
		return -1;
	return v;
}

/* Replace {{TOKEN}} words with the backend's dialect. */
static char *dialect_sql(const struct store_backend *be, const char *sql)
{
	struct buf b;
	const char *p = sql;

	buf_init(&b, 0);
	while (*p) {
		const char *open = strstr(p, "{{"), *close;
		if (!open) {
			buf_adds(&b, p);
			break;
		}
		close = strstr(open, "}}");
		if (!close) {
			buf_adds(&b, p);
			break;
		}
		buf_add(&b, p, (size_t)(open - p));
		char token[32];
		snprintf(token, sizeof(token), "%.*s", (int)(close - open - 2), open + 2);
		const char *rep = be->dialect(token);
		buf_adds(&b, rep ? rep : token);
		p = close + 2;
	}
	return buf_detach(&b, NULL);
}

enum rede_err store_exec_migration_sql(struct store_conn *c, const char *sql)
{
	char *text = dialect_sql(c->store->be, sql);
	enum rede_err err = c->store->be->exec(c->impl, text);

	free(text);
	return err;
}

const char *store_conn_errmsg(struct store_conn *c)
{
	return c->store->be->errmsg(c->impl);
}
