/*
 * test_store.c - the store interface against a real database: SQLite by
 * default, PostgreSQL when REDE_TEST_DB is a postgres:// URL (make test runs
 * both). Migrations, statements, declared column lists, errors,
 * transactions with retry, concurrency, the audit chain and settings, and
 * (PostgreSQL) a reconnect.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "rede/store.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/settings.h"
#include "store/tables.h"

#include "fixture.h"

static struct fixture fx;
static struct store *s;

/* Not migrated here: the first test applies the migrations and checks them. */
static int setup(void **state)
{
	(void)state;

	if (fixture_open(&fx, "store", 4, FIXTURE_AUDIT_KEY))
		return -1;
	s = fx.s;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_close(&fx);
}

static void exec_sql(const char *sql)
{
	fixture_exec(s, sql);
}

static int64_t count(const char *sql)
{
	return fixture_int(s, sql);
}

static void migrations(void **state)
{
	int applied = -1;
	char *msg = NULL;
	(void)state;

	assert_int_equal(store_schema_version(s), 0);
	assert_int_equal(store_migrate(s, &applied, &msg), REDE_OK);
	assert_true(applied > 0 && applied <= store_migrations_known());
	assert_int_equal(store_schema_version(s), store_migrations_known());
	assert_int_equal(store_migrate(s, &applied, &msg), REDE_OK);
	assert_int_equal(applied, 0);
	exec_sql("CREATE TABLE t_items (id BIGINT PRIMARY KEY, name TEXT UNIQUE, "
		 "parent BIGINT REFERENCES municipality(id), n BIGINT)");
}

struct insert_arg {
	int64_t id;
	const char *name;
	int64_t n;
};

static enum rede_err insert_body(struct store_conn *c, void *p)
{
	struct insert_arg *a = p;
	struct store_stmt *st =
		store_prepare(c, "INSERT INTO t_items (id, name, n) VALUES (?, ?, ?)");
	store_bind_int(st, 1, a->id);
	store_bind_text(st, 2, a->name);
	if (a->n == INT64_MIN)
		store_bind_null(st, 3);
	else
		store_bind_int(st, 3, a->n);
	return store_run(st);
}

static enum rede_err read_body(struct store_conn *c, void *p)
{
	struct store_stmt *st =
		store_prepare(c, "SELECT name, n FROM t_items WHERE id = ? ORDER BY id");
	enum rede_err err;
	(void)p;

	store_bind_int(st, 1, 1);
	err = store_step(st);
	assert_int_equal(err, REDE_ROW);
	assert_string_equal(store_col_text(st, 0), "æøå \"quoted\" 'x' ?");
	assert_int_equal(store_col_int(st, 1), INT64_MAX);
	assert_false(store_col_null(st, 1));
	assert_int_equal(store_step(st), REDE_DONE);
	store_finish(st);

	st = store_prepare(c, "SELECT name, n FROM t_items WHERE id = ?");
	store_bind_int(st, 1, 2);
	assert_int_equal(store_step(st), REDE_ROW);
	assert_null(store_col_text(st, 0));
	assert_true(store_col_null(st, 1));
	store_finish(st);
	return REDE_OK;
}

static void statements(void **state)
{
	struct insert_arg a = {1, "æøå \"quoted\" 'x' ?", INT64_MAX};
	struct insert_arg b = {2, NULL, INT64_MIN};
	(void)state;

	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, insert_body, &a), REDE_OK);
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, insert_body, &b), REDE_OK);
	assert_int_equal(store_tx_run(s, STORE_TX_READ, read_body, NULL), REDE_OK);
	/* '?' inside a literal is not a placeholder */
	assert_int_equal(count("SELECT count(*) FROM t_items WHERE name <> 'a?b'"), 1);
}

/* Every column kind of a declared list (store_read_row), on a row with
 * values and on one with NULLs. */
struct list_row {
	int64_t id, n, n0;
	bool set;
	char name[8];
	char *dup;
	const char *borrowed;
};
static const struct store_col list_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct list_row, id),
	STORE_COL("n", STORE_COL_INT, struct list_row, n),
	STORE_COL("n", STORE_COL_INT0, struct list_row, n0),
	STORE_COL("CASE WHEN n IS NULL THEN 0 ELSE 1 END", STORE_COL_BOOL, struct list_row, set),
	STORE_COL("name", STORE_COL_TEXT, struct list_row, name),
	STORE_COL("name", STORE_COL_STR, struct list_row, dup),
	STORE_COL("name", STORE_COL_CSTR, struct list_row, borrowed),
};
#define LIST_NCOLS (sizeof(list_cols) / sizeof(list_cols[0]))

static enum rede_err list_body(struct store_conn *c, void *p)
{
	struct store_stmt *st = store_prepare_select(c, list_cols, LIST_NCOLS,
						     "FROM t_items WHERE id IN (1, 2) "
						     "ORDER BY id");
	struct list_row r;
	(void)p;

	memset(&r, 0, sizeof(r));
	assert_int_equal(store_step(st), REDE_ROW);
	store_read_row(st, list_cols, LIST_NCOLS, &r);
	assert_int_equal(r.id, 1);
	assert_int_equal(r.n, INT64_MAX);
	assert_int_equal(r.n0, INT64_MAX);
	assert_true(r.set);
	assert_string_equal(r.name, "æøå "); /* cut to the field's 8 bytes */
	assert_string_equal(r.dup, "æøå \"quoted\" 'x' ?");
	assert_ptr_not_equal(r.dup, store_col_text(st, 4));
	assert_ptr_equal(r.borrowed, store_col_text(st, 6));
	assert_string_equal(r.borrowed, "æøå \"quoted\" 'x' ?");

	assert_int_equal(store_step(st), REDE_ROW);
	store_read_row(st, list_cols, LIST_NCOLS, &r); /* frees the first dup */
	assert_int_equal(r.id, 2);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.n0, 0);
	assert_false(r.set);
	assert_string_equal(r.name, "");
	assert_null(r.dup);
	assert_null(r.borrowed);
	assert_int_equal(store_step(st), REDE_DONE);
	store_finish(st);
	return REDE_OK;
}

static void column_lists(void **state)
{
	char *sql = store_select_sql(list_cols, 2, "FROM t_items");
	(void)state;

	assert_string_equal(sql, "SELECT id, n FROM t_items");
	free(sql);
	assert_int_equal(store_tx_run(s, STORE_TX_READ, list_body, NULL), REDE_OK);
}

static enum rede_err fk_body(struct store_conn *c, void *p)
{
	(void)p;
	return store_run(store_prepare(
		c, "INSERT INTO t_items (id, name, parent) VALUES (99, 'orphan', 123456)"));
}

static void constraint_errors(void **state)
{
	struct insert_arg dup = {3, "æøå \"quoted\" 'x' ?", 1};
	struct insert_arg dupid = {1, "other", 1};
	(void)state;

	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, insert_body, &dup), REDE_E_CONFLICT);
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, insert_body, &dupid), REDE_E_CONFLICT);
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, fk_body, NULL), REDE_E_CONFLICT);
	assert_int_equal(count("SELECT count(*) FROM t_items"), 2);
}

static enum rede_err failing_body(struct store_conn *c, void *p)
{
	enum rede_err err = insert_body(c, p);
	return err ? err : REDE_E_INVALID; /* decide to fail after writing */
}

static void rollback(void **state)
{
	struct insert_arg a = {10, "rolled back", 1};
	(void)state;

	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, failing_body, &a), REDE_E_INVALID);
	assert_int_equal(count("SELECT count(*) FROM t_items WHERE id = 10"), 0);
}

struct retry_arg {
	int calls;
	int fail_times;
};

static enum rede_err retry_body(struct store_conn *c, void *p)
{
	struct retry_arg *r = p;
	struct insert_arg a = {20, "retried", 1};
	enum rede_err err = insert_body(c, &a);

	if (err)
		return err;
	return ++r->calls <= r->fail_times ? REDE_E_RETRY : REDE_OK;
}

static void retry(void **state)
{
	struct retry_arg r = {0, 2};
	(void)state;

	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, retry_body, &r), REDE_OK);
	assert_int_equal(r.calls, 3);
	assert_int_equal(count("SELECT count(*) FROM t_items WHERE id = 20"), 1);
}

static enum rede_err nested_body(struct store_conn *c, void *p)
{
	const char *sql = "SELECT id FROM t_items WHERE id >= ? ORDER BY id";
	struct store_stmt *outer = store_prepare(c, sql), *inner;
	int rows = 0;
	enum rede_err err;
	(void)p;

	store_bind_int(outer, 1, 1);
	while ((err = store_step(outer)) == REDE_ROW) {
		int64_t first = 0;
		/* the same SQL again while the outer one is still stepping */
		inner = store_prepare(c, sql);
		store_bind_int(inner, 1, store_col_int(outer, 0));
		assert_int_equal(store_run_int(inner, &first), REDE_OK);
		assert_int_equal(first, store_col_int(outer, 0));
		rows++;
	}
	store_finish(outer);
	assert_int_equal(rows, 3);
	return err == REDE_DONE ? REDE_OK : err;
}

static void nested_statements(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++) /* and the cache hands them out again */
		assert_int_equal(store_tx_run(s, STORE_TX_READ, nested_body, NULL), REDE_OK);
}

struct worker {
	int base;
};

static enum rede_err counter_body(struct store_conn *c, void *p)
{
	int64_t n = 0;
	enum rede_err err =
		store_run_int(store_prepare(c, "SELECT n FROM t_items WHERE id = 1000"), &n);
	struct store_stmt *st;

	(void)p;
	if (err)
		return err;
	st = store_prepare(c, "UPDATE t_items SET n = ? WHERE id = 1000");
	store_bind_int(st, 1, n + 1);
	return store_run(st);
}

static void *worker_main(void *p)
{
	struct worker *w = p;

	for (int i = 0; i < 100; i++) {
		struct insert_arg a = {100000 + w->base * 1000 + i, NULL, i};
		assert_int_equal(store_tx_run(s, STORE_TX_WRITE, insert_body, &a), REDE_OK);
		/* read-modify-write: lost updates would show in the final count */
		assert_int_equal(store_tx_run(s, STORE_TX_WRITE, counter_body, NULL), REDE_OK);
	}
	return NULL;
}

static void concurrency(void **state)
{
	pthread_t t[8];
	struct worker w[8];
	struct insert_arg counter = {1000, "counter", 0};
	(void)state;

	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, insert_body, &counter), REDE_OK);
	for (int i = 0; i < 8; i++) {
		w[i].base = i;
		pthread_create(&t[i], NULL, worker_main, &w[i]);
	}
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(count("SELECT count(*) FROM t_items WHERE id >= 100000"), 800);
	assert_int_equal(count("SELECT n FROM t_items WHERE id = 1000"), 800);
}

static enum rede_err audit_body(struct store_conn *c, void *p)
{
	int *n = p;
	for (int i = 0; i < *n; i++) {
		char detail[32];
		struct core_audit_entry e = {.action = "read",
					     .entity = "family",
					     .entity_id = "7",
					     .purpose = "test",
					     .outcome = "ok",
					     .municipality_id = i % 2,
					     .username = i % 3 ? "u" : NULL,
					     .detail = detail};
		snprintf(detail, sizeof(detail), "entry %d", i);
		enum rede_err err = store_audit_append(c, &e);
		if (err)
			return err;
	}
	return REDE_OK;
}

static void audit_chain(void **state)
{
	struct store_audit_report r;
	int n = 50;
	(void)state;

	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, audit_body, &n), REDE_OK);
	assert_int_equal(store_audit_verify(s, &r), REDE_OK);
	assert_int_equal(r.first_bad_id, 0);
	assert_int_equal(r.checked, 50);

	/* a changed entry */
	exec_sql("UPDATE audit_log SET detail = 'changed' WHERE id = 20");
	assert_int_equal(store_audit_verify(s, &r), REDE_OK);
	assert_int_equal(r.first_bad_id, 20);
	exec_sql("UPDATE audit_log SET detail = 'entry 19' WHERE id = 20");
	assert_int_equal(store_audit_verify(s, &r), REDE_OK);
	assert_int_equal(r.first_bad_id, 0);

	/* a changed hash column alone is caught by the next entry's link */
	exec_sql("UPDATE audit_log SET outcome = 'denied' WHERE id = 5");
	assert_int_equal(store_audit_verify(s, &r), REDE_OK);
	assert_int_equal(r.first_bad_id, 5);
	exec_sql("UPDATE audit_log SET outcome = 'ok' WHERE id = 5");

	/* a removed entry in the middle */
	exec_sql("DELETE FROM audit_log WHERE id = 30");
	assert_int_equal(store_audit_verify(s, &r), REDE_OK);
	assert_int_equal(r.first_bad_id, 30);
}

static void audit_tail_removed(void **state)
{
	struct store_audit_report r;
	int n = 5;
	(void)state;

	/* start a fresh chain */
	exec_sql("DELETE FROM audit_log");
	exec_sql("UPDATE audit_head SET last_id = 0, last_hash = "
		 "'0000000000000000000000000000000000000000000000000000000000000000'");
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, audit_body, &n), REDE_OK);
	assert_int_equal(store_audit_verify(s, &r), REDE_OK);
	assert_int_equal(r.first_bad_id, 0);
	exec_sql("DELETE FROM audit_log WHERE id = 5");
	assert_int_equal(store_audit_verify(s, &r), REDE_OK);
	assert_int_equal(r.first_bad_id, 5);
}

static enum rede_err mid_body(struct store_conn *c, void *p)
{
	return store_run_int(store_prepare(c, "SELECT id FROM municipality WHERE code = '0707'"),
			     p);
}

static enum rede_err settings_body(struct store_conn *c, void *p)
{
	struct rede_policy pol;
	int64_t v = 0, mid = 0;
	enum rede_err err;
	(void)p;

	err = store_policy_load(c, &pol);
	assert_int_equal(err, REDE_OK);
	assert_int_equal(pol.session.idle_seconds, 1800);
	assert_int_equal(pol.session.absolute_seconds, 43200);
	assert_int_equal(pol.password_min_length, 12);
	assert_int_equal(pol.suppression_threshold, 5);
	assert_int_equal(store_setting_int(c, 0, "no.such.key", &v), REDE_E_NOTFOUND);
	assert_int_equal(store_run_int(store_prepare(c, "INSERT INTO municipality (code, name, "
							"created_at) VALUES ('0101', 'T', 0) "
							"RETURNING id"),
				       &mid),
			 REDE_OK);
	assert_int_equal(store_setting_set(c, mid, "report.suppression_threshold", "3"), REDE_OK);
	assert_int_equal(store_setting_int(c, mid, "report.suppression_threshold", &v), REDE_OK);
	assert_int_equal(v, 3);
	assert_int_equal(store_setting_int(c, mid + 1, "report.suppression_threshold", &v),
			 REDE_OK);
	assert_int_equal(v, 5); /* another municipality keeps the default */
	assert_int_equal(store_setting_set(c, mid, "report.suppression_threshold", "4"), REDE_OK);
	assert_int_equal(store_setting_int(c, mid, "report.suppression_threshold", &v), REDE_OK);
	assert_int_equal(v, 4);
	return REDE_ERR__COUNT; /* roll back: leave the defaults for other tests */
}

static void settings(void **state)
{
	(void)state;
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, settings_body, NULL), REDE_ERR__COUNT);
}

/* One municipality's settings as store_setting_each_in lists them. */
static int each_in_one(const char *key, const char *value, void *arg)
{
	struct buf *b = arg;

	buf_adds(b, key);
	buf_addch(b, '=');
	buf_adds(b, value);
	buf_addch(b, ';');
	return 0;
}

static void settings_listed(struct store_conn *c, int64_t mid, struct buf *b)
{
	buf_init(b, 0);
	assert_int_equal(store_setting_each_in(c, mid, each_in_one, b), REDE_OK);
}

static enum rede_err threshold_set_body(struct store_conn *c, void *p)
{
	return store_setting_set(c, *(int64_t *)p, "report.suppression_threshold",
				 *(int64_t *)p > 0 ? "7" : "5");
}

/* In a read transaction the settings are read once and kept
 * (store_memo_put): every answer is the database's, in the same order, and
 * stays that of the transaction's snapshot after another connection's
 * change; the next read transaction sees the change. */
static void settings_read_tx(void **state)
{
	struct store_conn *c = store_acquire(s);
	struct buf in_write, in_read;
	int64_t mid = 0, zero = 0, v = 0;

	(void)state;
	exec_sql("INSERT INTO municipality (code, name, created_at) VALUES ('0707', 'Ærø', 0)");
	assert_int_equal(store_tx_run(s, STORE_TX_READ, mid_body, &mid), REDE_OK);
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, threshold_set_body, &mid), REDE_OK);
	/* outside a read transaction: read from the table each time */
	assert_int_equal(store_begin(c, STORE_TX_WRITE), REDE_OK);
	settings_listed(c, mid, &in_write);
	assert_null(store_memo_get(c, STORE_MEMO_SETTINGS));
	assert_int_equal(store_commit(c), REDE_OK);
	assert_int_equal(store_begin(c, STORE_TX_READ), REDE_OK);
	assert_int_equal(store_setting_int(c, mid, "report.suppression_threshold", &v), REDE_OK);
	assert_non_null(store_memo_get(c, STORE_MEMO_SETTINGS));
	assert_int_equal(v, 7);
	assert_int_equal(store_setting_int(c, mid + 1, "report.suppression_threshold", &v),
			 REDE_OK);
	assert_int_equal(v, 5);
	assert_int_equal(store_setting_int(c, 0, "report.suppression_threshold", &v), REDE_OK);
	assert_int_equal(v, 5);
	assert_int_equal(store_setting_int(c, mid, "no.such.key", &v), REDE_E_NOTFOUND);
	settings_listed(c, mid, &in_read);
	assert_string_equal(in_read.data, in_write.data);
	assert_non_null(strstr(in_read.data, "report.suppression_threshold=5;"
					     "report.suppression_threshold=7;"));
	/* another connection puts the default back: this snapshot keeps 7 */
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, threshold_set_body, &zero), REDE_OK);
	assert_int_equal(store_setting_int(c, mid, "report.suppression_threshold", &v), REDE_OK);
	assert_int_equal(v, 7);
	store_rollback(c);
	assert_null(store_memo_get(c, STORE_MEMO_SETTINGS));
	assert_int_equal(store_begin(c, STORE_TX_READ), REDE_OK);
	assert_int_equal(store_setting_int(c, 0, "report.suppression_threshold", &v), REDE_OK);
	assert_int_equal(v, 5);
	assert_int_equal(store_commit(c), REDE_OK);
	store_release(s, c);
	buf_release(&in_write);
	buf_release(&in_read);
	exec_sql("DELETE FROM setting WHERE municipality_id <> 0");
	exec_sql("DELETE FROM municipality WHERE code = '0707'");
}

static enum rede_err pragma_body(struct store_conn *c, void *p)
{
	struct store_stmt *st = store_prepare(c, "PRAGMA journal_mode");
	(void)p;
	assert_int_equal(store_step(st), REDE_ROW);
	assert_string_equal(store_col_text(st, 0), "wal");
	store_finish(st);
	int64_t v = -1;
	assert_int_equal(store_run_int(store_prepare(c, "PRAGMA foreign_keys"), &v), REDE_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_run_int(store_prepare(c, "PRAGMA synchronous"), &v), REDE_OK);
	assert_int_equal(v, 2); /* FULL */
	return REDE_OK;
}

static void sqlite_settings(void **state)
{
	struct stat st;
	(void)state;

	if (strcmp(store_backend_name(s), "sqlite")) {
		skip();
		return;
	}
	assert_int_equal(store_tx_run(s, STORE_TX_READ, pragma_body, NULL), REDE_OK);
	assert_int_equal(stat(store_sqlite_path(s), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static enum rede_err jit_body(struct store_conn *c, void *p)
{
	struct store_stmt *st = store_prepare(c, "SHOW jit");
	enum rede_err err = store_step_one(st);

	if (!err)
		snprintf(p, 8, "%s", store_col_text(st, 0));
	store_finish(st);
	return err;
}

/* PostgreSQL: every connection has jit = off (src/store/pg.c: the JIT cost
 * the national reports more than it saved). */
static void pg_session(void **state)
{
	char jit[8] = "";
	(void)state;

	if (!strcmp(store_backend_name(s), "sqlite")) {
		skip();
		return;
	}
	assert_int_equal(store_tx_run(s, STORE_TX_READ, jit_body, jit), REDE_OK);
	assert_string_equal(jit, "off");
}

static enum rede_err tables_body(struct store_conn *c, void *p)
{
	const char *sql =
		strcmp(store_conn_backend(c), "sqlite")
			? "SELECT table_name FROM information_schema.tables WHERE "
			  "table_schema = current_schema() AND table_name NOT IN "
			  "('schema_version', 't_items') ORDER BY 1"
			: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
			  "LIKE 'sqlite_%' AND name NOT IN ('schema_version', 't_items') "
			  "ORDER BY 1";
	struct store_stmt *st = store_prepare(c, sql);
	int n = 0;
	enum rede_err err;
	(void)p;

	while ((err = store_step(st)) == REDE_ROW) {
		bool listed = false;
		for (int i = 0; i < store_tables_count; i++)
			listed = listed || !strcmp(store_tables[i].name, store_col_text(st, 0));
		if (!listed)
			fprintf(stderr, "table %s is missing from store_tables\n",
				store_col_text(st, 0));
		assert_true(listed);
		n++;
	}
	store_finish(st);
	assert_int_equal(n, store_tables_count);
	return err == REDE_DONE ? REDE_OK : err;
}

/* rede copy visits store_tables: every table of the schema must be there. */
static void table_list_complete(void **state)
{
	(void)state;
	assert_int_equal(store_tx_run(s, STORE_TX_READ, tables_body, NULL), REDE_OK);
}

static enum rede_err pid_body(struct store_conn *c, void *arg)
{
	int64_t *out = arg;
	enum rede_err err = store_run_int(store_prepare(c, "SELECT pg_backend_pid()"), &out[0]);

	if (!err)
		err = store_run_int(store_prepare(c, "SELECT 41 + 1"), &out[1]);
	return err;
}

/* PostgreSQL: a connection whose server session ended (a restarted
 * replica, a failover, an administrator's pg_terminate_backend) connects
 * again, and its cached statements are prepared again on the new session -
 * before, every cached statement failed on it for the process's life. */
static void reconnect(void **state)
{
	struct store_conn *c0, *c1;
	int64_t before[2] = {0}, after[2] = {0}, killed = 0;
	char sql[96];
	enum rede_err err = REDE_E_STORE;
	(void)state;

	if (strcmp(store_backend_name(s), "postgres"))
		skip();
	c0 = store_acquire(s);
	c1 = store_acquire(s);
	assert_int_equal(store_begin(c0, STORE_TX_READ), REDE_OK);
	assert_int_equal(pid_body(c0, before), REDE_OK);
	assert_int_equal(store_commit(c0), REDE_OK);
	assert_int_equal(before[1], 42);
	snprintf(sql, sizeof(sql), "SELECT CASE WHEN pg_terminate_backend(%lld) THEN 1 ELSE 0 END",
		 (long long)before[0]);
	assert_int_equal(store_begin(c1, STORE_TX_READ), REDE_OK);
	assert_int_equal(store_run_int(store_prepare(c1, sql), &killed), REDE_OK);
	assert_int_equal(store_commit(c1), REDE_OK);
	assert_int_equal(killed, 1);
	store_release(s, c1);
	/* the first use finds the session gone; the next ones work */
	for (int i = 0; i < 3 && err; i++) {
		store_rollback(c0);
		err = store_begin(c0, STORE_TX_READ);
		if (!err)
			err = pid_body(c0, after);
		if (!err)
			err = store_commit(c0);
	}
	store_release(s, c0);
	assert_int_equal(err, REDE_OK);
	assert_int_equal(after[1], 42);
	assert_true(after[0] != before[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrations),        cmocka_unit_test(statements),
		cmocka_unit_test(column_lists),      cmocka_unit_test(constraint_errors),
		cmocka_unit_test(rollback),          cmocka_unit_test(retry),
		cmocka_unit_test(nested_statements), cmocka_unit_test(concurrency),
		cmocka_unit_test(audit_chain),       cmocka_unit_test(audit_tail_removed),
		cmocka_unit_test(settings),          cmocka_unit_test(sqlite_settings),
		cmocka_unit_test(pg_session),        cmocka_unit_test(table_list_complete),
		cmocka_unit_test(reconnect),         cmocka_unit_test(settings_read_tx),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
