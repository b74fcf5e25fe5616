/*
 * pg.c - the PostgreSQL backend of the store, on libpq (see backend.h).
 *
 * Isolation: write transactions run SERIALIZABLE and read transactions
 * REPEATABLE READ READ ONLY. The core relies on a transaction's reads being
 * consistent with its writes (check a version, then update it); under
 * SERIALIZABLE a conflicting concurrent transaction fails with SQLSTATE
 * 40001, which maps to REDE_E_RETRY, and store_tx_run re-runs the whole
 * body - the same path SQLite's busy errors take. synchronous_commit is on:
 * a write answered 2xx is durable.
 *
 * Portable SQL arrives with "?" placeholders; they are rewritten to $1, $2,
 * ... (outside quoted literals and identifiers) and prepared once per
 * connection. Parameters and results travel as text. Parameter values are
 * never logged: they hold personal data.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rede/util.h"
#include "store/backend.h"

/* Batched list queries (course_batch.c) bind 64 ids plus a few values;
 * `rede copy` binds up to ~1000 values per multi-row INSERT. The array is
 * sized per statement, so the bound only guards against runaway SQL. */
#define PG_MAX_PARAMS 4096

struct pg_conn {
	PGconn *pg;
	unsigned next_stmt;
	unsigned epoch; /* sessions so far: a reset loses prepared statements */
	int64_t changes;
	bool broken;
	struct buf copy; /* COPY rows not yet sent (rede copy) */
};

struct pg_stmt {
	struct pg_conn *conn;
	char name[24];
	unsigned epoch; /* the session it was prepared in (conn->epoch) */
	int nparams;
	char **params; /* nparams values, NULL = SQL NULL */
	PGresult *res;
	int row;         /* next row to hand out; -1 = not executed */
	const char *sql; /* the caller's SQL, for log lines */
};

static enum rede_err map_state(const PGresult *res, struct pg_conn *c)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

	if (PQstatus(c->pg) != CONNECTION_OK) {
		c->broken = true;
		return REDE_E_STORE;
	}
	if (!state)
		return REDE_E_STORE;
	if (!strcmp(state, "40001") || !strcmp(state, "40P01"))
		return REDE_E_RETRY;
	if (!strcmp(state, "23505") || !strcmp(state, "23503"))
		return REDE_E_CONFLICT;
	return REDE_E_STORE;
}

static enum rede_err pg_exec(void *conn, const char *sql);

/* Run on every new session (also after a reset). With the named prepared
 * statements these are the only session state Rede keeps on a connection
 * (no temporary tables, advisory locks or LISTEN); what that means behind
 * a pooler in transaction mode is in docs/OPERATIONS.md ("A shared
 * service"). jit = off: only a report's large plans reach the JIT's cost
 * threshold, and compiling them cost more than it saved (national
 * evaluation kit 17.0 s with it, 13.5 s without; docs/PERFORMANCE.md). */
#define SESSION_SETUP                                                                              \
	"SET synchronous_commit = on; SET client_encoding = 'UTF8'; "                              \
	"SET TIME ZONE 'UTC'; SET client_min_messages = warning; SET jit = off"

static enum rede_err pg_connect(const char *url, void **conn, char **msg)
{
	struct pg_conn *c = xcalloc(1, sizeof(*c));

	buf_init(&c->copy, 0);
	c->pg = PQconnectdb(url);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		if (msg)
			*msg = xasprintf("postgres: %s", PQerrorMessage(c->pg));
		PQfinish(c->pg);
		buf_release(&c->copy);
		free(c);
		return REDE_E_STORE;
	}
	if (pg_exec(c, SESSION_SETUP) != REDE_OK) {
		if (msg)
			*msg = xasprintf("postgres: %s", PQerrorMessage(c->pg));
		PQfinish(c->pg);
		buf_release(&c->copy);
		free(c);
		return REDE_E_STORE;
	}
	*conn = c;
	return REDE_OK;
}

static void pg_disconnect(void *conn)
{
	struct pg_conn *c = conn;
	PQfinish(c->pg);
	buf_release(&c->copy);
	free(c);
}

static enum rede_err pg_exec(void *conn, const char *sql)
{
	struct pg_conn *c = conn;
	PGresult *res = PQexec(c->pg, sql);
	ExecStatusType s = PQresultStatus(res);
	enum rede_err err = REDE_OK;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		err = map_state(res, c);
		if (err != REDE_E_RETRY)
			log_error("postgres: %s", PQresultErrorMessage(res));
	}
	PQclear(res);
	return err;
}

static enum rede_err pg_begin(void *conn, enum store_tx_mode mode)
{
	struct pg_conn *c = conn;

	if (c->broken || PQstatus(c->pg) != CONNECTION_OK) {
		PQreset(c->pg);
		if (PQstatus(c->pg) != CONNECTION_OK)
			return REDE_E_STORE;
		c->broken = false;
		c->epoch++; /* prepared statements died with the old session:
			     * pg_step prepares them again (a replica that was
			     * restarted, a primary that failed over) */
		if (pg_exec(c, SESSION_SETUP) != REDE_OK)
			return REDE_E_STORE;
	}
	return pg_exec(c, mode == STORE_TX_WRITE
				  ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
				  : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

static enum rede_err pg_commit(void *conn)
{
	return pg_exec(conn, "COMMIT");
}

static void pg_rollback(void *conn)
{
	struct pg_conn *c = conn;
	if (PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
		PGresult *res = PQexec(c->pg, "ROLLBACK");
		PQclear(res);
	}
}

/* "?" -> "$n" outside quotes; *n gets the count. */
static char *rewrite(const char *sql, int *n)
{
	struct buf b;
	char quote = 0;

	buf_init(&b, 0);
	*n = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			buf_addch(&b, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			buf_addch(&b, *p);
		} else if (*p == '?') {
			buf_printf(&b, "$%d", ++*n);
		} else {
			buf_addch(&b, *p);
		}
	}
	return buf_detach(&b, NULL);
}

static void *pg_prepare(void *conn, const char *sql, enum rede_err *err)
{
	struct pg_conn *c = conn;
	struct pg_stmt *st;
	PGresult *res;
	int n;
	char *text = rewrite(sql, &n);

	if (n > PG_MAX_PARAMS) {
		free(text);
		*err = REDE_E_STORE;
		return NULL;
	}
	st = xcalloc(1, sizeof(*st));
	st->conn = c;
	st->nparams = n;
	st->params = xcalloc(n ? (size_t)n : 1, sizeof(*st->params));
	st->row = -1;
	st->sql = sql; /* owned by the statement cache in store.c, lives as long as st */
	snprintf(st->name, sizeof(st->name), "r%u", ++c->next_stmt);
	st->epoch = c->epoch;
	res = PQprepare(c->pg, st->name, text, 0, NULL);
	free(text);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		/* store_prepare logs it (with the SQL), unless the caller
		 * expected the failure (a probe for a missing table) */
		*err = map_state(res, c);
		PQclear(res);
		free(st->params);
		free(st);
		return NULL;
	}
	PQclear(res);
	return st;
}

static void set_param(struct pg_stmt *st, int idx, char *v)
{
	if (idx < 1 || idx > st->nparams) {
		free(v);
		return;
	}
	free(st->params[idx - 1]);
	st->params[idx - 1] = v;
}

static void pg_bind_int(void *p, int idx, int64_t v)
{
	set_param(p, idx, xasprintf("%lld", (long long)v));
}

static void pg_bind_text(void *p, int idx, const char *v)
{
	set_param(p, idx, xstrdup(v));
}

static void pg_bind_null(void *p, int idx)
{
	set_param(p, idx, NULL);
}

/* A monotonic clock for the slow-statement log only (not the program's
 * clock, which tests may shift). */
static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Prepare st again on the connection's new session, under a new name
 * (the names count up for the connection's life); on failure it is tried
 * again at the next use. */
static enum rede_err reprepare(struct pg_stmt *st)
{
	struct pg_conn *c = st->conn;
	int n;
	char *text = rewrite(st->sql, &n);
	PGresult *res;
	enum rede_err err = REDE_OK;

	snprintf(st->name, sizeof(st->name), "r%u", ++c->next_stmt);
	res = PQprepare(c->pg, st->name, text, 0, NULL);
	free(text);
	if (PQresultStatus(res) == PGRES_COMMAND_OK)
		st->epoch = c->epoch;
	else
		err = map_state(res, c);
	PQclear(res);
	return err;
}

static enum rede_err pg_step(void *p)
{
	struct pg_stmt *st = p;
	ExecStatusType s;

	if (st->row < 0 && st->epoch != st->conn->epoch) {
		enum rede_err err = reprepare(st);

		if (err) {
			st->row = 0;
			return err;
		}
	}
	if (st->row < 0) {
		int64_t t0 = store_slow_sql_ns() >= 0 ? mono_ns() : 0;

		st->res = PQexecPrepared(st->conn->pg, st->name, st->nparams,
					 (const char *const *)st->params, NULL, NULL, 0);
		if (t0)
			store_slow_sql_log(mono_ns() - t0, st->sql);
		s = PQresultStatus(st->res);
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			enum rede_err err = map_state(st->res, st->conn);
			/* SQLSTATE and the statement only: PostgreSQL's message
			 * text can quote the parameter values (personal data) */
			if (err == REDE_E_STORE)
				log_error("postgres: sqlstate %s in: %s",
					  PQresultErrorField(st->res, PG_DIAG_SQLSTATE)
						  ? PQresultErrorField(st->res, PG_DIAG_SQLSTATE)
						  : "?",
					  st->sql);
			PQclear(st->res);
			st->res = NULL;
			st->row = 0;
			return err;
		}
		st->conn->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
		st->row = 0;
	}
	if (!st->res)
		return REDE_DONE;
	if (st->row < PQntuples(st->res)) {
		st->row++;
		return REDE_ROW;
	}
	return REDE_DONE;
}

static int64_t pg_col_int(void *p, int col)
{
	struct pg_stmt *st = p;
	if (!st->res || st->row < 1 || PQgetisnull(st->res, st->row - 1, col))
		return 0;
	return strtoll(PQgetvalue(st->res, st->row - 1, col), NULL, 10);
}

static const char *pg_col_text(void *p, int col)
{
	struct pg_stmt *st = p;
	if (!st->res || st->row < 1 || PQgetisnull(st->res, st->row - 1, col))
		return NULL;
	return PQgetvalue(st->res, st->row - 1, col);
}

static bool pg_col_null(void *p, int col)
{
	struct pg_stmt *st = p;
	return !st->res || st->row < 1 || PQgetisnull(st->res, st->row - 1, col);
}

static int pg_col_count(void *p)
{
	struct pg_stmt *st = p;
	return st->res ? PQnfields(st->res) : 0;
}

static const char *pg_col_name(void *p, int col)
{
	struct pg_stmt *st = p;
	return st->res ? PQfname(st->res, col) : NULL;
}

static enum rede_err pg_ids_follow(void *conn, const char *table)
{
	struct pg_conn *c = conn;
	char *esc = PQescapeLiteral(c->pg, table, strlen(table));
	char *sql;
	enum rede_err err;

	if (!esc)
		return REDE_E_STORE;
	sql = xasprintf("SELECT setval(pg_get_serial_sequence(%s, 'id'), "
			"GREATEST(COALESCE(MAX(id), 0), 1)) FROM %s",
			esc, table);
	err = pg_exec(c, sql);
	free(sql);
	PQfreemem(esc);
	return err;
}

/* ---- COPY FROM STDIN (rede copy) ---- */

static enum rede_err pg_copy_begin(void *conn, const char *table, const char *const *cols,
				   int ncols)
{
	struct pg_conn *c = conn;
	struct buf b;
	PGresult *res;
	enum rede_err err = REDE_OK;

	buf_init(&b, 0);
	buf_printf(&b, "COPY %s (", table);
	for (int i = 0; i < ncols; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", cols[i]);
	buf_adds(&b, ") FROM STDIN");
	res = PQexec(c->pg, b.data);
	buf_reset(&c->copy);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		err = map_state(res, c);
		log_error("postgres: cannot start COPY into %s", table);
	}
	PQclear(res);
	buf_release(&b);
	return err;
}

/* One row in COPY's text format: tab between columns, \N for NULL, and
 * backslash, tab, newline and carriage return escaped. */
static enum rede_err pg_copy_send(struct pg_conn *c)
{
	int rc = c->copy.len ? PQputCopyData(c->pg, c->copy.data, (int)c->copy.len) : 1;

	buf_reset(&c->copy);
	return rc == 1 ? REDE_OK : REDE_E_STORE;
}

static enum rede_err pg_copy_row(void *conn, const char *const *vals, int ncols)
{
	struct pg_conn *c = conn;
	struct buf *b = &c->copy;

	for (int i = 0; i < ncols; i++) {
		if (i)
			buf_addch(b, '\t');
		if (!vals[i]) {
			buf_adds(b, "\\N");
			continue;
		}
		for (const char *p = vals[i]; *p; p++) {
			switch (*p) {
			case '\\': buf_adds(b, "\\\\"); break;
			case '\t': buf_adds(b, "\\t"); break;
			case '\n': buf_adds(b, "\\n"); break;
			case '\r': buf_adds(b, "\\r"); break;
			default: buf_addch(b, *p);
			}
		}
	}
	buf_addch(b, '\n');
	/* libpq sends in its own chunks anyway; 64 KiB per call saves calls */
	return b->len >= 65536 ? pg_copy_send(c) : REDE_OK;
}

static enum rede_err pg_copy_end(void *conn, bool ok)
{
	struct pg_conn *c = conn;
	enum rede_err err = REDE_OK;
	PGresult *res;

	if (ok)
		err = pg_copy_send(c);
	buf_reset(&c->copy);
	if (PQputCopyEnd(c->pg, ok && !err ? NULL : "rede copy stopped") != 1 && !err)
		err = REDE_E_STORE;
	while ((res = PQgetResult(c->pg))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && !err) {
			err = map_state(res, c);
			if (ok)
				log_error("postgres: sqlstate %s in COPY",
					  PQresultErrorField(res, PG_DIAG_SQLSTATE)
						  ? PQresultErrorField(res, PG_DIAG_SQLSTATE)
						  : "?");
		}
		PQclear(res);
	}
	return ok || err ? err : REDE_E_ABORTED;
}

static void pg_reset(void *p)
{
	struct pg_stmt *st = p;

	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	for (int i = 0; i < st->nparams; i++) {
		free(st->params[i]);
		st->params[i] = NULL;
	}
}

static void pg_finalize(void *p)
{
	/* The server-side statement lives until the connection closes;
	 * statements are cached for the connection's life anyway. */
	pg_reset(p);
	free(((struct pg_stmt *)p)->params);
	free(p);
}

static int64_t pg_changes(void *conn)
{
	return ((struct pg_conn *)conn)->changes;
}

static const char *pg_dialect(const char *token)
{
	if (!strcmp(token, "ID"))
		return "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
	if (!strcmp(token, "BLOB"))
		return "BYTEA";
	if (!strcmp(token, "TEXT_BYTES"))
		return "TEXT COLLATE \"C\""; /* byte order whatever the database's collation */
	return NULL;
}

static const char *pg_errmsg(void *conn)
{
	return PQerrorMessage(((struct pg_conn *)conn)->pg);
}

static bool pg_in_tx(void *conn)
{
	return PQtransactionStatus(((struct pg_conn *)conn)->pg) != PQTRANS_IDLE;
}

const struct store_backend store_backend_pg = {
	.name = "postgres",
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_null = pg_col_null,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.ids_follow = pg_ids_follow,
	.reset = pg_reset,
	.finalize = pg_finalize,
	.changes = pg_changes,
	.dialect = pg_dialect,
	.copy_begin = pg_copy_begin,
	.copy_row = pg_copy_row,
	.copy_end = pg_copy_end,
	.errmsg = pg_errmsg,
	.in_tx = pg_in_tx,
};
