/*
 * fixture.h - the shared setup of the store tests (tests/store/test_*.c):
 * a fresh store on the backend the environment chooses, migrated, and the
 * tenants and users a test needs, plus the two SQL helpers every store test
 * wrote again (run a statement, read one integer).
 *
 * The backend: REDE_TEST_DB when set (a postgres:// URL; make test hands
 * each store binary a fresh PostgreSQL database, tools/run-tests.sh), else a
 * new SQLite file in a directory of its own under /tmp, removed again by
 * fixture_close. Static functions in a header because each store test is
 * one program of one file (the Makefile links tests/store/test_*.c alone
 * against librede.a); a test includes it after cmocka.h.
 *
 * Ownership: the fixture owns its store; fixture_close closes it.
 */
#ifndef REDE_TESTS_STORE_FIXTURE_H
#define REDE_TESTS_STORE_FIXTURE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rede/core.h"
#include "rede/store.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/tenancy.h"
#include "store/users.h"

struct fixture {
	char dir[64];  /* the SQLite file's directory; "" on PostgreSQL */
	char url[512]; /* what store_open was given (a test may open it again) */
	struct store *s;
};

/* How fixture_open prepares the store. */
enum fixture_flags {
	FIXTURE_MIGRATE = 1,   /* apply every migration (store_migrate) */
	FIXTURE_AUDIT_KEY = 2, /* set the fixed test audit key (7s) before migrating */
};

/* Opens a fresh store with `pool` connections; `name` names the SQLite
 * directory (/tmp/rede-NAME-XXXXXX). 0 on success, -1 (with the reason on
 * stderr) otherwise - the shape cmocka's group setup wants. */
static inline int fixture_open(struct fixture *f, const char *name, int pool, int flags)
{
	const char *env = getenv("REDE_TEST_DB");
	char *msg = NULL;

	memset(f, 0, sizeof(*f));
	/* A failed assertion inside a transaction body would longjmp past
	 * store_tx_run's rollback and release, leaving the connection's
	 * transaction open: the binary's next test then waits for its lock for
	 * ever. cmocka aborts at the failure instead (after printing it) when
	 * this is 1; a caller's own setting is kept. */
	setenv("CMOCKA_TEST_ABORT", "1", 0);
	if (env && *env) {
		snprintf(f->url, sizeof(f->url), "%s", env);
	} else {
		snprintf(f->dir, sizeof(f->dir), "/tmp/rede-%s-XXXXXX", name);
		if (!mkdtemp(f->dir)) {
			f->dir[0] = '\0';
			return -1;
		}
		snprintf(f->url, sizeof(f->url), "sqlite:%s/t.db", f->dir);
	}
	f->s = store_open(f->url, pool, &msg);
	if (f->s && (flags & FIXTURE_AUDIT_KEY)) {
		unsigned char audit_key[CORE_AUDIT_KEY_BYTES];
		memset(audit_key, 7, sizeof(audit_key));
		store_audit_key_set(f->s, audit_key);
	}
	if (!f->s || ((flags & FIXTURE_MIGRATE) && store_migrate(f->s, NULL, &msg) != REDE_OK)) {
		fprintf(stderr, "cannot open %s: %s\n", f->url, msg ? msg : "");
		free(msg);
		return -1;
	}
	return 0;
}

/* Closes the store and removes the SQLite directory. 0 on success. */
static inline int fixture_close(struct fixture *f)
{
	int rc = 0;

	if (f->s)
		store_close(f->s);
	f->s = NULL;
	if (f->dir[0]) {
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
		rc = system(cmd);
		f->dir[0] = '\0';
	}
	return rc;
}

/* A user of municipality m in unit `unit_id` (0 = none) with the given role
 * bits; username and display name are `name`, the password hash a dummy. */
static inline enum rede_err fixture_user_add(struct store_conn *c, int64_t m, int64_t unit_id,
					     const char *name, int64_t roles, bool disabled,
					     int64_t *id)
{
	struct user_row u;
	enum rede_err err;

	user_row_init(&u);
	u.municipality_id = m;
	u.username = xstrdup(name);
	u.display_name = xstrdup(name);
	u.password_hash = xstrdup("x");
	u.roles = roles;
	u.disabled_at = disabled ? 1 : 0;
	if (unit_id)
		u.unit_ids[u.nunits++] = unit_id;
	err = store_user_insert(c, &u);
	*id = u.id;
	user_row_release(&u);
	return err;
}

/* A change as every write makes one: a daycare unit `name` of municipality
 * 1 and its audit entry, on c inside the caller's write transaction. */
static inline enum rede_err fixture_unit_audited(struct store_conn *c, const char *name)
{
	struct core_audit_entry e = {0};
	char id[32];
	int64_t uid = 0;
	enum rede_err err;
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO unit (municipality_id, kind, name, created_at) VALUES "
		   "(1, 'daycare', ?, 1) RETURNING id");

	store_bind_text(st, 1, name);
	err = store_run_int(st, &uid);
	if (err)
		return err;
	snprintf(id, sizeof(id), "%lld", (long long)uid);
	e.municipality_id = 1;
	e.username = "test";
	e.action = "create";
	e.entity = "unit";
	e.entity_id = id;
	e.purpose = "test";
	e.outcome = "ok";
	return store_audit_append(c, &e);
}

static inline enum rede_err fixture_exec_body(struct store_conn *c, void *arg)
{
	return store_run(store_prepare(c, arg));
}

/* Runs one statement in a write transaction of its own; fails the test
 * when it does not succeed. */
static inline void fixture_exec(struct store *s, const char *sql)
{
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, fixture_exec_body, (void *)sql), REDE_OK);
}

/* fixture_exec of a printf-formatted statement (the test's own values). */
__attribute__((format(printf, 2, 3))) static inline void fixture_execf(struct store *s,
								       const char *fmt, ...)
{
	char sql[1024];
	va_list ap;

	va_start(ap, fmt);
	assert_true(vsnprintf(sql, sizeof(sql), fmt, ap) < (int)sizeof(sql));
	va_end(ap);
	fixture_exec(s, sql);
}

static inline enum rede_err fixture_int_body(struct store_conn *c, void *arg)
{
	void **a = arg;
	return store_run_int(store_prepare(c, a[0]), a[1]);
}

/* The one integer a query answers (a count), read in a transaction of its
 * own; fails the test when the query does not succeed. */
static inline int64_t fixture_int(struct store *s, const char *sql)
{
	int64_t n = -1;
	void *a[2] = {(void *)sql, &n};

	assert_int_equal(store_tx_run(s, STORE_TX_READ, fixture_int_body, a), REDE_OK);
	return n;
}

/* PostgreSQL's plan_cache_mode in c's transaction, into out ("" on
 * SQLite): what store_tx_custom_plans set, or the server's setting. */
static inline void fixture_plan_mode(const struct fixture *f, struct store_conn *c, char *out,
				     size_t n)
{
	struct store_stmt *st;

	out[0] = '\0';
	if (strncmp(f->url, "postgres", 8))
		return;
	st = store_prepare(c, "SELECT current_setting('plan_cache_mode')");
	assert_int_equal(store_step_one(st), REDE_OK);
	store_col_copy(st, 0, out, n);
	store_finish(st);
}

#endif
