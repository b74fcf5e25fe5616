/*
 * test_group_commit.c - store_group_commit (issue 9): many threads' write
 * transactions sharing one durable COMMIT on SQLite. Every successful body
 * keeps its change and its audit entry; a failing body in the middle of a
 * group drops both and nobody else's; a retried body runs again cleanly;
 * the audit chain verifies; a body sees what earlier members of its group
 * wrote but readers on other connections do not until the COMMIT. On
 * PostgreSQL store_group_commit is a no-op and the same checks hold.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rede/core.h"
#include "rede/store.h"
#include "rede/util.h"
#include "store/audit.h"

#include "fixture.h"

#define THREADS 12
#define PER_THREAD 40

static struct fixture fx;
static struct store *s;

static int setup(void **state)
{
	(void)state;

	if (fixture_open(&fx, "group", THREADS + 2, FIXTURE_AUDIT_KEY | FIXTURE_MIGRATE))
		return -1;
	s = fx.s;
	return store_group_commit(s, 64) == REDE_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_close(&fx);
}

struct job {
	int thread, n;
	int retries_left; /* body answers REDE_E_RETRY this many times first */
};

/* A change (a unit) and its audit entry; every 7th body fails after
 * writing both, like a handler that finds a problem late. */
static enum rede_err change_body(struct store_conn *c, void *arg)
{
	struct job *j = arg;
	char name[64];
	enum rede_err err;

	snprintf(name, sizeof(name), "u-%d-%d", j->thread, j->n);
	err = fixture_unit_audited(c, name);
	if (err)
		return err;
	if (j->retries_left > 0) {
		j->retries_left--;
		return REDE_E_RETRY;
	}
	return j->n % 7 == 3 ? REDE_E_ABORTED : REDE_OK;
}

static void *worker(void *arg)
{
	int t = (int)(intptr_t)arg;
	long failures = 0;

	for (int n = 0; n < PER_THREAD; n++) {
		struct job j = {t, n, n % 11 == 5 ? 2 : 0};
		enum rede_err err = store_tx_run(s, STORE_TX_WRITE, change_body, &j);
		bool want_ok = n % 7 != 3;

		if ((err == REDE_OK) != want_ok || (!want_ok && err != REDE_E_ABORTED))
			failures++;
	}
	return (void *)failures;
}

static enum rede_err setup_body(struct store_conn *c, void *arg)
{
	(void)arg;
	return store_run(store_prepare(
		c, "INSERT INTO municipality (code, name, created_at) VALUES ('0101', 'T', 1)"));
}

static int64_t count(const char *sql)
{
	return fixture_int(s, sql);
}

static void concurrent_changes_keep_their_audit_entries(void **state)
{
	pthread_t th[THREADS];
	struct store_audit_report rep;
	int64_t want = 0;
	(void)state;

	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, setup_body, NULL), REDE_OK);
	for (int t = 0; t < THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, worker, (void *)(intptr_t)t), 0);
	for (int t = 0; t < THREADS; t++) {
		void *failures;

		pthread_join(th[t], &failures);
		assert_int_equal((long)failures, 0);
	}
	for (int n = 0; n < PER_THREAD; n++)
		want += n % 7 != 3 ? THREADS : 0;
	assert_int_equal(count("SELECT count(*) FROM unit"), want);
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity = 'unit'"), want);
	/* every kept unit has exactly its own entry */
	assert_int_equal(count("SELECT count(*) FROM unit u WHERE NOT EXISTS (SELECT 1 FROM "
			       "audit_log a WHERE a.entity = 'unit' AND a.entity_id = "
			       "CAST(u.id AS TEXT))"),
			 0);
	assert_int_equal(store_audit_verify(s, &rep), REDE_OK);
	assert_int_equal(rep.first_bad_id, 0);
	assert_int_equal(rep.checked, want);
	if (!strcmp(store_backend_name(s), "sqlite")) {
		int64_t commits, bodies;

		/* the writes were grouped: fewer commits than bodies */
		store_group_counts(s, &commits, &bodies);
		assert_true(bodies >= THREADS * PER_THREAD);
		assert_true(commits < bodies);
		printf("# %lld bodies in %lld commits\n", (long long)bodies, (long long)commits);
	}
}

/* A body running in a group sees earlier members' rows; a reader on
 * another connection sees only committed ones. */
static enum rede_err visible_body(struct store_conn *c, void *arg)
{
	int64_t *n = arg;
	return store_run_int(store_prepare(c, "SELECT count(*) FROM unit"), n);
}

static void a_lone_write_commits_before_returning(void **state)
{
	struct job j = {99, 0, 0};
	int64_t before = count("SELECT count(*) FROM unit"), seen = -1;
	(void)state;

	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, change_body, &j), REDE_OK);
	/* committed: a reader on another connection sees it at once */
	assert_int_equal(count("SELECT count(*) FROM unit"), before + 1);
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, visible_body, &seen), REDE_OK);
	assert_int_equal(seen, before + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(concurrent_changes_keep_their_audit_entries),
		cmocka_unit_test(a_lone_write_commits_before_returning),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
