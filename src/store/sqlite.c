/*
 * sqlite.c - the embedded SQLite backend of the store (see backend.h).
 *
 * Every connection runs with WAL (readers never block the writer),
 * foreign keys on, synchronous=FULL (a committed write survives power
 * loss), secure_delete (removed content is zeroed) and a busy timeout; write transactions take the write lock up
 * front (BEGIN IMMEDIATE) so two writers never deadlock on an upgrade.
 * The database file is created with mode 0600: it holds personal data.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rede/util.h"
#include "store/backend.h"

#define SQLITE_BUSY_MS 5000

struct sq_stmt {
	sqlite3_stmt *st;
	sqlite3 *db;
};

static enum rede_err map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return REDE_OK;
	case SQLITE_ROW: return REDE_ROW;
	case SQLITE_DONE: return REDE_DONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return REDE_E_RETRY;
	case SQLITE_CONSTRAINT:
		switch (rc) {
		case SQLITE_CONSTRAINT_UNIQUE:
		case SQLITE_CONSTRAINT_PRIMARYKEY:
		case SQLITE_CONSTRAINT_FOREIGNKEY: return REDE_E_CONFLICT;
		default: return REDE_E_STORE;
		}
	default: return REDE_E_STORE;
	}
}

static int slow_sql_trace(unsigned type, void *ctx, void *p, void *x)
{
	int64_t ns = *(const sqlite3_int64 *)x;

	(void)type;
	(void)ctx;
	store_slow_sql_log(ns, sqlite3_sql(p));
	return 0;
}

/* SQLite counts its memory under one global mutex on every allocation
 * (SQLITE_CONFIG_MEMSTATUS, on by default). Rede never reads those counts,
 * and with a pool of threads that mutex showed in the caseload's profile
 * (issue 22 goal 4). Off, once, before the library initialises (a later
 * call is refused by SQLite and changes nothing). */
static pthread_once_t sq_configured = PTHREAD_ONCE_INIT;

static void sq_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static enum rede_err sq_connect(const char *path, void **conn, char **msg)
{
	sqlite3 *db = NULL;
	char *emsg = NULL;
	int rc, fd;
	/* secure_delete: deleted and overwritten content is zeroed in the file,
	 * so personal data removed by retention (or replaced by a correction)
	 * does not linger in free space (issue 18). */
	static const char pragmas[] = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
				      "PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;";

	/* Create a new file ourselves so it is 0600 from its first moment
	 * (SQLite gives the -wal and -shm files the same mode). Never open and
	 * close an EXISTING database file here: close() drops every POSIX lock
	 * this process holds on it, including those of our other connections,
	 * which lets another process write underneath them and corrupts the
	 * database. */
	pthread_once(&sq_configured, sq_configure);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	rc = sqlite3_open_v2(
		path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (msg)
			*msg = xasprintf("%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return REDE_E_STORE;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, SQLITE_BUSY_MS);
	if (store_slow_sql_ns() >= 0)
		sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, slow_sql_trace, NULL);
	rc = sqlite3_exec(db, pragmas, NULL, NULL, &emsg);
	if (rc != SQLITE_OK) {
		if (msg)
			*msg = xasprintf("%s: %s", path, emsg ? emsg : "pragma failed");
		sqlite3_free(emsg);
		sqlite3_close(db);
		return REDE_E_STORE;
	}
	*conn = db;
	return REDE_OK;
}

static void sq_disconnect(void *conn)
{
	sqlite3_close_v2(conn);
}

static enum rede_err sq_exec(void *conn, const char *sql)
{
	int rc = sqlite3_exec(conn, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)
		log_error("sqlite: %s", sqlite3_errmsg(conn));
	return map_rc(rc);
}

/* SQLite has one writer at a time. Threads of this process queue for it
 * on a mutex instead of in SQLite's busy handler, which sleeps in steps of
 * up to 100 ms and turns contention into long tail latencies. (Other
 * processes still meet the busy timeout.) A transaction runs on one thread
 * from begin to commit/rollback, so a thread-local flag tracks the hold. */
static pthread_mutex_t sq_writer = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local bool sq_holds_writer;

static void writer_release(void)
{
	if (sq_holds_writer) {
		sq_holds_writer = false;
		pthread_mutex_unlock(&sq_writer);
	}
}

static enum rede_err sq_begin(void *conn, enum store_tx_mode mode)
{
	enum rede_err err;

	if (mode != STORE_TX_WRITE)
		return sq_exec(conn, "BEGIN");
	pthread_mutex_lock(&sq_writer);
	sq_holds_writer = true;
	err = sq_exec(conn, "BEGIN IMMEDIATE");
	if (err)
		writer_release();
	return err;
}

static enum rede_err sq_commit(void *conn)
{
	enum rede_err err = sq_exec(conn, "COMMIT");

	if (!err)
		writer_release();
	return err; /* on failure the caller rolls back, which releases */
}

static void sq_rollback(void *conn)
{
	if (!sqlite3_get_autocommit(conn))
		sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
	writer_release();
}

static void *sq_prepare(void *conn, const char *sql, enum rede_err *err)
{
	sqlite3_stmt *st = NULL;
	struct sq_stmt *s;
	int rc = sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);

	if (rc != SQLITE_OK) {
		*err = map_rc(rc);
		if (*err == REDE_OK)
			*err = REDE_E_STORE;
		return NULL;
	}
	s = xmalloc(sizeof(*s));
	s->st = st;
	s->db = conn;
	return s;
}

static void sq_bind_int(void *p, int idx, int64_t v)
{
	sqlite3_bind_int64(((struct sq_stmt *)p)->st, idx, v);
}

static void sq_bind_text(void *p, int idx, const char *v)
{
	sqlite3_bind_text(((struct sq_stmt *)p)->st, idx, v, -1, SQLITE_TRANSIENT);
}

static void sq_bind_null(void *p, int idx)
{
	sqlite3_bind_null(((struct sq_stmt *)p)->st, idx);
}

static enum rede_err sq_step(void *p)
{
	struct sq_stmt *s = p;
	int rc = sqlite3_step(s->st);
	enum rede_err err = map_rc(rc);

	if (err != REDE_ROW && err != REDE_DONE && err != REDE_E_RETRY && err != REDE_E_CONFLICT)
		log_error("sqlite: %s: %s", sqlite3_errmsg(s->db), sqlite3_sql(s->st));
	return err;
}

static int64_t sq_col_int(void *p, int col)
{
	return sqlite3_column_int64(((struct sq_stmt *)p)->st, col);
}

static const char *sq_col_text(void *p, int col)
{
	return (const char *)sqlite3_column_text(((struct sq_stmt *)p)->st, col);
}

static bool sq_col_null(void *p, int col)
{
	return sqlite3_column_type(((struct sq_stmt *)p)->st, col) == SQLITE_NULL;
}

static int sq_col_count(void *p)
{
	return sqlite3_column_count(((struct sq_stmt *)p)->st);
}

static const char *sq_col_name(void *p, int col)
{
	return sqlite3_column_name(((struct sq_stmt *)p)->st, col);
}

static enum rede_err sq_ids_follow(void *conn, const char *table)
{
	/* INTEGER PRIMARY KEY already continues after the largest id */
	(void)conn;
	(void)table;
	return REDE_OK;
}

static void sq_reset(void *p)
{
	struct sq_stmt *s = p;
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

static void sq_finalize(void *p)
{
	struct sq_stmt *s = p;
	sqlite3_finalize(s->st);
	free(s);
}

static int64_t sq_changes(void *conn)
{
	return sqlite3_changes64(conn);
}

static const char *sq_dialect(const char *token)
{
	if (!strcmp(token, "ID"))
		return "INTEGER PRIMARY KEY";
	if (!strcmp(token, "BLOB"))
		return "BLOB";
	if (!strcmp(token, "TEXT_BYTES"))
		return "TEXT"; /* BINARY collation: memcmp order */
	return NULL;
}

static const char *sq_errmsg(void *conn)
{
	return sqlite3_errmsg(conn);
}

static bool sq_in_tx(void *conn)
{
	return !sqlite3_get_autocommit(conn);
}

const struct store_backend store_backend_sqlite = {
	.name = "sqlite",
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.exec = sq_exec,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.prepare = sq_prepare,
	.bind_int = sq_bind_int,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_int = sq_col_int,
	.col_text = sq_col_text,
	.col_null = sq_col_null,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.ids_follow = sq_ids_follow,
	.reset = sq_reset,
	.finalize = sq_finalize,
	.changes = sq_changes,
	.dialect = sq_dialect,
	.errmsg = sq_errmsg,
	.in_tx = sq_in_tx,
};
