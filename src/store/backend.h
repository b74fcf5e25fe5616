/*
 * backend.h - what a database backend implements (internal to src/store).
 *
 * store.c owns everything generic: the connection pool, the per-connection
 * statement cache, transactions with retry, and the migration runner. A
 * backend only speaks to its engine. All SQL it receives is portable SQL
 * with "?" placeholders; rewriting them (PostgreSQL wants $1, $2, ...) and
 * mapping the engine's error codes onto enum rede_err is the backend's job.
 *
 * Migration files (src/store/sql/NNNN_name.sql) may use these tokens, which
 * the backend's dialect() replaces before running them:
 *   {{ID}}    an auto-assigned 64-bit integer primary key
 *   {{BLOB}}  a byte string column
 * Everything else in a migration is plain portable SQL.
 */
#ifndef REDE_STORE_BACKEND_H
#define REDE_STORE_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/err.h"
#include "rede/store.h"

struct store_backend {
	const char *name; /* "sqlite", "postgres" */

	/* url: what follows the scheme, or the whole URL for postgres */
	enum rede_err (*connect)(const char *url, void **conn, char **msg);
	void (*disconnect)(void *conn);

	/* Run one or more statements without parameters or results
	 * (migrations, BEGIN/COMMIT). */
	enum rede_err (*exec)(void *conn, const char *sql);
	enum rede_err (*begin)(void *conn, enum store_tx_mode mode);
	enum rede_err (*commit)(void *conn);
	void (*rollback)(void *conn);

	/* Returns NULL and sets *err when the SQL cannot be prepared. */
	void *(*prepare)(void *conn, const char *sql, enum rede_err *err);
	void (*bind_int)(void *st, int idx, int64_t v);
	void (*bind_text)(void *st, int idx, const char *v);
	void (*bind_null)(void *st, int idx);
	enum rede_err (*step)(void *st);
	int64_t (*col_int)(void *st, int col);
	const char *(*col_text)(void *st, int col);
	bool (*col_null)(void *st, int col);
	int (*col_count)(void *st);
	const char *(*col_name)(void *st, int col);
	void (*reset)(void *st); /* ready to bind and step again */
	void (*finalize)(void *st);
	int64_t (*changes)(void *conn);

	/* Replacement text for a migration token such as "ID"; NULL if unknown. */
	const char *(*dialect)(const char *token);
	/* After rows with explicit ids were copied into table (rede copy),
	 * make the next auto-assigned id follow them. */
	enum rede_err (*ids_follow)(void *conn, const char *table);
	/* Bulk load for rede copy (PostgreSQL: COPY ... FROM STDIN in text
	 * format): start loading the columns cols of table, send rows of
	 * ncols text values (NULL = SQL NULL), end (the server checks and
	 * answers only then). NULL where the engine has none: rede copy then
	 * sends batched INSERTs. Inside the caller's transaction. */
	enum rede_err (*copy_begin)(void *conn, const char *table, const char *const *cols,
				    int ncols);
	enum rede_err (*copy_row)(void *conn, const char *const *vals, int ncols);
	enum rede_err (*copy_end)(void *conn, bool ok);
	/* Last error text of the connection, English, for logs. */
	const char *(*errmsg)(void *conn);
	/* Is a transaction open on the connection? (The engine may have rolled
	 * one back by itself after an I/O or memory error.) */
	bool (*in_tx)(void *conn);
};

extern const struct store_backend store_backend_sqlite;
extern const struct store_backend store_backend_pg;

/* Embedded migrations, generated at build time from src/store/sql/. */
struct store_migration {
	int version;
	const char *name;
	const char *sql;
};
/* REDE_SLOW_SQL_MS=N (store.c): the threshold in ns, -1 when off; and the
 * log line for a statement that took ns, by its SQL text with the "?"
 * placeholders only - never the bound values (personal data). */
int64_t store_slow_sql_ns(void);
void store_slow_sql_log(int64_t ns, const char *sql);

/* The audit key given with store_audit_key_set (store/audit.h), NULL when
 * none was: for audit.c. */
const unsigned char *store_conn_audit_key(const struct store_conn *c);

/* Run a migration's SQL text ({{TOKEN}} words in the backend's dialect)
 * on c (store.c, for migrate.c). */
enum rede_err store_exec_migration_sql(struct store_conn *c, const char *sql);
/* The backend's message about c's last error (owned by the backend). */
const char *store_conn_errmsg(struct store_conn *c);

extern const struct store_migration store_migrations[];
/* The part of migration `version` that SQL cannot say the same way on both
 * backends (migrate_data.c), run after its SQL in the same transaction. */
enum rede_err store_migration_data_step(struct store_conn *c, int version);
extern const int store_migrations_count;

#endif
