/*
 * test_replicas.c - src/store/replicas.c without a standby (issue 22): a
 * "replica" that is the primary itself is not a standby, so it is down
 * and never picked; a refused --replica; a "replica" that has replayed
 * nothing (the primary has no replay position) is behind: the read waits
 * replica.wait_ms (read at each check) for it and is counted as behind,
 * never let through. The replica paths on a real standby are
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

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void behind_waits_then_primary(void **state)
{
	const struct kv wait[] = {{"replica.wait_ms", "60"}, {NULL, NULL}};
	const struct kv back[] = {{"replica.wait_ms", "100"}, {NULL, NULL}};
	const char *urls[1] = {url};
	struct store_replica_status st[1];
	struct store_replicas *r;
	enum store_catch_up res;
	char *msg = NULL;
	int64_t t0, took;
	(void)state;

	if (!s)
		skip();
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, set_body, (void *)wait), REDE_OK);
	r = store_replicas_open(s, urls, 1, 1, &msg); /* reads the settings */
	assert_non_null(r);
	t0 = now_ms();
	res = store_replicas_caught_up(r, 0);
	took = now_ms() - t0;
	store_replicas_status(r, st, 1);
	store_replicas_close(r);
	assert_int_equal(res, STORE_CATCH_UP_BEHIND);
	assert_true(took >= 60);
	assert_int_equal(st[0].behind, 1);
	assert_int_equal(st[0].fallbacks, 0);
	assert_int_equal(store_tx_run(s, STORE_TX_WRITE, set_body, (void *)back), REDE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(not_a_standby_is_down),
		cmocka_unit_test(behind_waits_then_primary),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
