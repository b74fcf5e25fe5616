/*
 * test_replicas.c - src/store/replicas.c without a standby (issue 22): a
 * "replica" that is the primary itself is not a standby, so it is down
 * and never picked; a refused --replica; the read-your-own-writes window
 * per user, its length from the replica.* settings (read at each check),
 * and the safe fallback when the table of recent writers is full (every
 * reader goes to the primary). The replica paths on a real standby are
 * tests/replica/replica.test.mjs. PostgreSQL only: skipped on SQLite.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "rede/store.h"
#include "rede/util.h"
#include "store/replicas.h"
#include "store/settings.h"

#include "fixture.h"

static struct fixture fx;
static const char *url = fx.url;
static struct store *s;

static int setup(void **state)
{
	const char *env = getenv("REDE_TEST_DB");
	(void)state;

	if (!env || strncmp(env, "postgres", 8))
		return 0; /* every test skips */
	if (fixture_open(&fx, "replicas", 4, FIXTURE_MIGRATE))
		return -1;
	s = fx.s;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_close(&fx);
}

struct kv {
	const char *key, *value;
};

static enum rede_err set_body(struct store_conn *c, void *arg)
{
	const struct kv *kv = arg;
	enum rede_err err = REDE_OK;

	for (; kv->key && !err; kv++)
		err = store_setting_set(c, 0, kv->key, kv->value);
	return err;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void not_a_standby_is_down(void **state)
{
	const char *urls[1] = {url};
	struct store_replica_status st[2];
	struct store_replicas *r;
	char *msg = NULL;
	int which = -1;
	(void)state;

	if (!s)
		skip();
	r = store_replicas_open(s, urls, 1, 2, &msg);
	assert_non_null(r);
	assert_int_equal(store_replicas_status(r, st, 2), 1);
	assert_int_equal(st[0].state, STORE_REPLICA_DOWN);
	assert_int_equal(st[0].lag_ms, -1);
	assert_null(store_replicas_pick(r, &which));
	store_replicas_close(r);

	urls[0] = "sqlite:/tmp/x.db";
	assert_null(store_replicas_open(s, urls, 1, 2, &msg));
	assert_non_null(strstr(msg, "not a postgres:// URL"));
	free(msg);
}

static void own_writes_window(void **state)
{
	const struct kv fast[] = {{"replica.max_lag_ms", "20"},
				  {"replica.check_ms", "20"},
				  {"replica.own_writes_ms", "150"},
				  {NULL, NULL}};
	const struct kv back[] = {{"replica.max_lag_ms", "2000"},
				  {"replica.check_ms", "500"},
				  {"replica.own_writes_ms", "3000"},
				  {NULL, NULL}};
	const char *urls[1] = {url};
	struct store_replicas *r;
	char *msg = NULL;
	bool ok[7];
	(void)state;

	if (!s)
		skip();
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, set_body, (void *)fast), REDE_OK);
	r = store_replicas_open(s, urls, 1, 1, &msg); /* reads the settings */
	assert_non_null(r);
	/* checks gathered first, asserted after the close: a failed assert
	 * must not leave the monitor thread running */
	store_replicas_wrote(r, 7);
	ok[0] = store_replicas_recent_writer(r, 7);
	ok[1] = !store_replicas_recent_writer(r, 8);
	store_replicas_wrote(r, 0); /* nobody: ignored */
	ok[2] = !store_replicas_recent_writer(r, 0);
	sleep_ms(250); /* past 150 ms (the floor is 20 + 2 * 20) */
	ok[3] = !store_replicas_recent_writer(r, 7);

	/* more recent writers than the table holds: everyone is sent to
	 * the primary for the window, never someone's write missed */
	for (int64_t u = 1000; u < 1000 + 20000; u++)
		store_replicas_wrote(r, u);
	ok[4] = store_replicas_recent_writer(r, 999999);
	ok[5] = true;
	for (int64_t u = 1000; u < 1000 + 20000; u += 997)
		ok[5] = ok[5] && store_replicas_recent_writer(r, u);
	sleep_ms(250);
	ok[6] = !store_replicas_recent_writer(r, 999999);
	store_replicas_close(r);
	for (int i = 0; i < 7; i++) {
		if (!ok[i])
			fprintf(stderr, "own-writes check %d failed\n", i);
		assert_true(ok[i]);
	}
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, set_body, (void *)back), REDE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(not_a_standby_is_down),
		cmocka_unit_test(own_writes_window),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
