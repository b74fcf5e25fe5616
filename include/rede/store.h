/*
 * store.h - the database interface every other module uses.
 *
 * Callers write portable SQL (the subset SQLite and PostgreSQL share) with
 * "?" placeholders and run it through these functions; each backend
 * (src/store/sqlite.c, src/store/pg.c) implements struct store_backend
 * (src/store/backend.h) and hides its dialect: placeholder style, error
 * codes, the few type words that differ in migrations.
 *
 * Ownership and threading:
 *   - struct store is a pool of connections; it is thread-safe.
 *   - struct store_conn is used by one thread at a time, between
 *     store_acquire and store_release (store_tx_run does both for you).
 *   - struct store_stmt belongs to its connection's statement cache.
 *     store_prepare hands out a reset statement; store_finish gives it back.
 *     Text returned by store_col_text lives until the next step/finish.
 *
 * Transactions: all work happens inside store_tx_run, which begins,
 * runs the body, commits, and retries the whole body when the backend
 * reports a transient failure (SQLite busy, PostgreSQL serialization
 * failure or deadlock). The body must therefore have no side effects
 * outside the database, or reset them on entry.
 */
#ifndef REDE_STORE_H
#define REDE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/err.h"

struct store;
struct store_conn;
struct store_stmt;

/* Open a store. url is "sqlite:PATH", a plain path (SQLite), or
 * "postgres://..." / "postgresql://..." (PostgreSQL). pool_size connections
 * are opened lazily up to that many. On failure returns NULL and, when msg
 * is not NULL, an English message the caller frees. */
struct store *store_open(const char *url, int pool_size, char **msg);
void store_close(struct store *s);
/* "sqlite" or "postgres" */
const char *store_backend_name(const struct store *s);
/* For SQLite stores, the file path; NULL otherwise. */
const char *store_sqlite_path(const struct store *s);

/* Run the numbered migrations embedded in the binary that are not yet
 * applied. *applied (may be NULL) gets how many ran. */
enum rede_err store_migrate(struct store *s, int *applied, char **msg);
/* Highest applied migration, 0 for an empty database, -1 on error. */
int store_schema_version(struct store *s);
/* The highest migration version compiled into the binary (numbers may
 * have gaps while parallel work reserves them, so this is not a count). */
int store_migrations_known(void);
/* How many of the migrations compiled in the database has not had (any
 * number, also below its highest); -1 on error. */
int store_migrations_pending(struct store *s);
/* Has the database had migration `version`? False on error. */
bool store_migration_applied(struct store *s, int version);

enum store_tx_mode {
	STORE_TX_READ,  /* reads only */
	STORE_TX_WRITE, /* takes the write lock up front (no upgrade deadlocks) */
	STORE_TX_MODE__COUNT
};

/* The body of a transaction. Return REDE_OK to commit; anything else rolls
 * back. REDE_E_RETRY (from a store call) makes store_tx_run retry. */
typedef enum rede_err (*store_tx_fn)(struct store_conn *c, void *arg);

/* Begin, run fn, commit. Retries transient failures with a short growing
 * back-off up to a bounded number of attempts; returns fn's error, or the
 * commit's. */
enum rede_err store_tx_run(struct store *s, enum store_tx_mode mode, store_tx_fn fn, void *arg);

/* Group commit for SQLite (the server turns it on): from now on, write
 * transactions of store_tx_run from many threads share one transaction
 * and one durable COMMIT, up to max requests; each body runs in its own
 * savepoint (its changes and audit entry are kept or dropped together)
 * and store_tx_run returns only after the COMMIT holding its changes is on
 * disk. See store.c for the rules. A no-op for PostgreSQL (its WAL writer
 * groups commits itself) and for max < 2. Call before any write. Manual
 * store_begin/store_commit writers must not run alongside it. */
enum rede_err store_group_commit(struct store *s, int max);
/* Group commits made and request bodies they held so far (0, 0 when group
 * commit is off). */
void store_group_counts(struct store *s, int64_t *commits, int64_t *bodies);

/* Manual connection use (CLI tools, migrations). Prefer store_tx_run. */
struct store_conn *store_acquire(struct store *s);
void store_release(struct store *s, struct store_conn *c);
/* Another connection to the same database as like (its pool: the primary
 * or the replica like came from) when one is free or the pool may still
 * open one; NULL at once instead of waiting. For work split over helper
 * threads (report families), which must never hold up the requests the
 * pool is sized for. Give it back with store_release(store_conn_store(c), c). */
struct store_conn *store_acquire_spare(struct store_conn *like);
struct store *store_conn_store(struct store_conn *c);
enum rede_err store_begin(struct store_conn *c, enum store_tx_mode mode);
enum rede_err store_commit(struct store_conn *c);
void store_rollback(struct store_conn *c);
/* What a module read once and keeps for the rest of a read transaction
 * (STORE_TX_READ: one snapshot, nothing in it changes - on PostgreSQL
 * REPEATABLE READ READ ONLY, on SQLite a deferred BEGIN's snapshot), so
 * the many reads of one report family do not each ask the database
 * again. One slot per kind. store_memo_get: the kept data, NULL outside a
 * read transaction or before store_memo_put. store_memo_put: keep data
 * (the connection owns it from now on and frees it with free_fn when the
 * transaction ends); outside a read transaction it is freed at once and
 * false returned. */
enum store_memo { STORE_MEMO_SETTINGS, STORE_MEMO_RQ, STORE_MEMO__COUNT };
bool store_read_tx(const struct store_conn *c); /* in a STORE_TX_READ transaction */
void *store_memo_get(struct store_conn *c, enum store_memo slot);
bool store_memo_put(struct store_conn *c, enum store_memo slot, void *data,
		    void (*free_fn)(void *));
/* For the rest of c's transaction each statement runs in one backend
 * process: on PostgreSQL SET LOCAL max_parallel_workers_per_gather = 0,
 * for work already split over connections, one per processor (a report
 * family, report/parallel.c), where PostgreSQL's own workers on top only
 * contend for the same processors; nothing on SQLite. */
enum rede_err store_tx_no_parallel_workers(struct store_conn *c);
/* For the rest of c's transaction each statement is planned for its own
 * parameters: on PostgreSQL SET LOCAL plan_cache_mode = force_custom_plan,
 * for a report's statements (report_produce, report/parallel.c). They are
 * prepared once per connection and asked with another period each time;
 * from the sixth execution PostgreSQL may keep one generic plan instead,
 * which for the national report queries took up to 3.3 times as long
 * (docs/PERFORMANCE.md "A report's plans for its own period"). Nothing on
 * SQLite, which plans each statement once and binds its values. */
enum rede_err store_tx_custom_plans(struct store_conn *c);
/* A step inside an open write transaction that may fail on its own (one
 * API call of an import): store_step_begin marks it; store_step_end keeps
 * its changes, or with keep false undoes them - and on PostgreSQL also
 * clears the failed state a refused statement (a unique violation the
 * handler answered 409) leaves, so the transaction can go on. Not nested. */
enum rede_err store_step_begin(struct store_conn *c);
enum rede_err store_step_end(struct store_conn *c, bool keep);

/* Prepare (or take from the cache) a statement. Never NULL: on a bad SQL
 * text the error surfaces at the first store_step as REDE_E_STORE and is
 * logged, since SQL in Rede is a compile-time constant. */
struct store_stmt *store_prepare(struct store_conn *c, const char *sql);
/* Placeholders are numbered from 1 in the order the "?" appear. */
void store_bind_int(struct store_stmt *st, int idx, int64_t v);
void store_bind_text(struct store_stmt *st, int idx, const char *v); /* NULL binds NULL */
void store_bind_null(struct store_stmt *st, int idx);
/* REDE_ROW, REDE_DONE, or an error (REDE_E_CONFLICT on a unique or
 * foreign-key violation, REDE_E_RETRY when transient, REDE_E_STORE). */
enum rede_err store_step(struct store_stmt *st);
/* Columns are numbered from 0. */
int64_t store_col_int(struct store_stmt *st, int col);
const char *store_col_text(struct store_stmt *st, int col); /* NULL for SQL NULL */
bool store_col_null(struct store_stmt *st, int col);
/* Number of result columns and their names (valid after a REDE_ROW; for
 * generic tools such as `rede copy`). */
int store_col_count(struct store_stmt *st);
const char *store_col_name(struct store_stmt *st, int col);
/* The row-struct conventions every store file uses: "" and 0 stand for SQL
 * NULL in fixed fields. store_col_copy copies a text column into dst (NULL
 * -> ""), store_col_int0 reads NULL as 0; store_bind_text0 binds "" or
 * NULL as NULL, store_bind_int0 binds 0 as NULL (an absent id). */
void store_col_copy(struct store_stmt *st, int col, char *dst, size_t n);
int64_t store_col_int0(struct store_stmt *st, int col);
void store_bind_text0(struct store_stmt *st, int idx, const char *s);
void store_bind_int0(struct store_stmt *st, int idx, int64_t v);
/* Reset the statement and return it to the cache. Safe on NULL. */
void store_finish(struct store_stmt *st);

/* Step expecting one row: REDE_OK when a row is ready to read,
 * REDE_E_NOTFOUND when there is none, or the error. Does not finish: the
 * caller reads the columns and calls store_finish in every case. */
enum rede_err store_step_one(struct store_stmt *st);
/* Step once and finish: for INSERT/UPDATE/DELETE without rows. Returns
 * REDE_OK on success. */
enum rede_err store_run(struct store_stmt *st);
/* Step once expecting exactly one row with one integer column (e.g. an
 * INSERT ... RETURNING id or SELECT count(*)), then finish.
 * REDE_E_NOTFOUND when there was no row. */
enum rede_err store_run_int(struct store_stmt *st, int64_t *out);
/* After copying rows with explicit ids into table, let auto-assigned ids
 * continue after the largest (PostgreSQL identity columns need it). */
enum rede_err store_ids_follow(struct store_conn *c, const char *table);
/* Bulk load (rede copy): does the backend have one (PostgreSQL's COPY
 * FROM STDIN), and its three steps - begin loading columns cols of table,
 * one row of ncols text values (NULL = SQL NULL), end (ok false: abandon
 * the load; the server reports errors only at the end). Inside the
 * caller's write transaction. */
bool store_bulk_available(struct store_conn *c);
enum rede_err store_bulk_begin(struct store_conn *c, const char *table, const char *const *cols,
			       int ncols);
enum rede_err store_bulk_row(struct store_conn *c, const char *const *vals, int ncols);
enum rede_err store_bulk_end(struct store_conn *c, bool ok);
/* Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
int64_t store_changes(struct store_conn *c);
/* Does the database answer a trivial query? (the health check) */
enum rede_err store_ping(struct store_conn *c);

/* Work on the database files outside any transaction (src/store/
 * maintain.c): CHECKPOINT truncates SQLite's WAL (waiting for readers),
 * VACUUM rebuilds the database without free space or dead row versions
 * (SQLite VACUUM, PostgreSQL VACUUM (FULL), which locks each table while
 * it works) and then checkpoints. On failure *msg (caller frees) says why. */
enum store_maintenance { STORE_MAINT_CHECKPOINT, STORE_MAINT_VACUUM, STORE_MAINT__COUNT };
enum rede_err store_maintain(struct store *s, enum store_maintenance what, char **msg);

/* The backend of a connection ("sqlite"/"postgres"), for the rare
 * dialect-specific statement kept inside src/store/. */
const char *store_conn_backend(const struct store_conn *c);

/* ---- declared parameter and column lists (src/store/lists.c) ----
 * A statement's parameters are listed once, in the order of its
 * placeholders, instead of numbered binds:
 *   store_bind_all(st, STORE_INT(id), STORE_TEXT(day), STORE_INT0(unit_id));
 * and a row's columns once (SQL expression, kind, field of the row struct),
 * so the SELECT list and the reading of the row cannot disagree:
 *   static const struct store_col cols[] = {
 *           STORE_COL("f.id", STORE_COL_INT, struct family_row, id), ...};
 *   st = store_prepare_select(c, cols, n, "FROM family f WHERE f.id = ?");
 *   ... store_read_row(st, cols, n, &row); */
enum store_arg_kind { STORE_ARG_INT, STORE_ARG_INT0, STORE_ARG_TEXT, STORE_ARG_TEXT0 };
struct store_arg {
	enum store_arg_kind kind;
	int64_t i;
	const char *s;
};
#define STORE_INT(v) ((struct store_arg){STORE_ARG_INT, (v), NULL})
#define STORE_INT0(v) ((struct store_arg){STORE_ARG_INT0, (v), NULL}) /* 0 binds NULL */
#define STORE_TEXT(v) ((struct store_arg){STORE_ARG_TEXT, 0, (v)})    /* NULL binds NULL */
#define STORE_TEXT0(v) ((struct store_arg){STORE_ARG_TEXT0, 0, (v)})  /* "" binds NULL */
/* Bind args to the parameters first, first + 1, ...; returns the next. */
int store_bind_list(struct store_stmt *st, int first, const struct store_arg *args, size_t n);
#define store_bind_all(st, ...)                                                                    \
	store_bind_list((st), 1, (const struct store_arg[]){__VA_ARGS__},                          \
			sizeof((const struct store_arg[]){__VA_ARGS__}) /                          \
				sizeof(struct store_arg))

/* Rows read for many ids at once: "... WHERE x IN (" STORE_BATCH_PLACES ")"
 * with a fixed number of placeholders, so every batch is one cached
 * prepared statement whatever the list's length. */
#define STORE_BATCH 64
#define STORE_BATCH_8_ "?,?,?,?,?,?,?,?"
#define STORE_BATCH_PLACES                                                                         \
	STORE_BATCH_8_ "," STORE_BATCH_8_ "," STORE_BATCH_8_ "," STORE_BATCH_8_ "," STORE_BATCH_8_ \
		       "," STORE_BATCH_8_ "," STORE_BATCH_8_ "," STORE_BATCH_8_
/* Bind ids[0 .. min(n, STORE_BATCH)) to the STORE_BATCH parameters from
 * first on; the places left over get 0, which is no id. Returns the next
 * parameter. */
int store_bind_batch(struct store_stmt *st, int first, const int64_t *ids, size_t n);
/* Copy the ids of the first min(n, STORE_BATCH) rows of an array of
 * structs with an int64_t id field into ids; returns how many
 * (STORE_BATCH_IDS(ids, rows, n) names the field and the stride). */
size_t store_batch_ids_at(int64_t *ids, const int64_t *first_id, size_t stride, size_t n);
#define STORE_BATCH_IDS(ids, rows, n) store_batch_ids_at((ids), &(rows)->id, sizeof(*(rows)), (n))
/* The index of id among ids[0 .. min(n, STORE_BATCH)), or -1: which row
 * of the batch a result row belongs to. */
long store_batch_find(const int64_t *ids, size_t n, int64_t id);

enum store_col_kind {
	STORE_COL_INT,  /* int64_t */
	STORE_COL_INT0, /* int64_t, NULL as 0 */
	STORE_COL_BOOL, /* bool, from an integer column */
	STORE_COL_TEXT, /* char[size], NULL as "" */
	STORE_COL_STR,  /* char *, owned by the row, NULL as NULL */
	/* const char *, the statement's own text: valid only until the next
	 * store_step or store_finish (a row handed to a callback); NULL as
	 * NULL */
	STORE_COL_CSTR,
	/* int64_t, NULL as -1: a count or a rating where 0 is a value and
	 * NULL is "not recorded" */
	STORE_COL_INTM1,
};
struct store_col {
	const char *expr; /* in the SELECT list */
	enum store_col_kind kind;
	size_t offset, size;
};
#define STORE_COL(expr, kind, type, field)                                                         \
	{                                                                                          \
		(expr), (kind), offsetof(type, field), sizeof(((type *)0)->field)                  \
	}
/* The number of columns in a declared list (an array, not a pointer). */
#define STORE_NCOLS(cols) (sizeof(cols) / sizeof((cols)[0]))
/* "SELECT <the cols' expressions> <rest>"; the caller frees it. */
char *store_select_sql(const struct store_col *cols, size_t n, const char *rest);
/* That statement, prepared on c (store_prepare's rules). */
struct store_stmt *store_prepare_select(struct store_conn *c, const struct store_col *cols,
					size_t n, const char *rest);
/* Read the current row's first n columns into row by the list. */
void store_read_row(struct store_stmt *st, const struct store_col *cols, size_t n, void *row);

#endif
