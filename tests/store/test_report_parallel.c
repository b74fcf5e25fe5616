/*
 * test_report_parallel.c - report_par_run (src/report/parallel.c, issue
 * 22): the municipalities' reports of a family built on several
 * connections at once. Every item is built exactly once, helpers build
 * some of them on connections of their own, and every item reads the same
 * data as the asking transaction; a helper whose transaction sees a newer
 * data version builds nothing (the asking connection builds its share);
 * server.report_threads 1 keeps everything on the asking connection; the
 * first error is returned. On SQLite and on PostgreSQL.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "rede/core.h"
#include "rede/store.h"
#include "rede/util.h"
#include "report/report_internal.h"
#include "store/audit.h"

#include "fixture.h"

#define ITEMS 40

static struct fixture fx;

static int setup(void **state)
{
	(void)state;
	if (fixture_open(&fx, "parallel", 4, FIXTURE_AUDIT_KEY | FIXTURE_MIGRATE))
		return -1;
	/* municipality 1, whose units the changes add */
	fixture_exec(fx.s, "INSERT INTO municipality (code, name, created_at) "
			   "VALUES ('0101', 'Ærø', 1)");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_close(&fx);
}

/* An audited change, as every write makes. */
static enum rede_err change_body(struct store_conn *c, void *arg)
{
	static int made;
	char name[64];

	(void)arg;
	snprintf(name, sizeof(name), "Enhed Æblehaven %d", ++made);
	return fixture_unit_audited(c, name);
}

static void change(void)
{
	assert_int_equal(store_tx_run(fx.s, STORE_TX_WRITE, change_body, NULL), REDE_OK);
}

static void threads_set(const char *value)
{
	fixture_execf(fx.s,
		      "UPDATE setting SET value = '%s' WHERE municipality_id = 0 AND "
		      "key = 'server.report_threads'",
		      value);
}

struct items {
	struct store_conn *asking;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool wait_for_helper; /* the asking connection waits until a helper took an item */
	bool slow;            /* each item takes 5 ms: time for a helper to start */
	int helper_items;
	int fail_at; /* -1: none */
	int built[ITEMS];
	struct store_conn *conn[ITEMS];
	int64_t version[ITEMS], units[ITEMS];
};

static enum rede_err item(struct store_conn *c, int i, void *arg)
{
	struct items *it = arg;
	enum rede_err err;

	pthread_mutex_lock(&it->mu);
	it->built[i]++;
	it->conn[i] = c;
	if (c != it->asking) {
		it->helper_items++;
		pthread_cond_broadcast(&it->cv);
	} else if (it->wait_for_helper) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 10;
		while (!it->helper_items && pthread_cond_timedwait(&it->cv, &it->mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&it->mu);
	if (it->slow)
		usleep(5000);
	if (i == it->fail_at)
		return REDE_E_STORE;
	err = store_rq_data_version(c, &it->version[i]);
	if (!err)
		err = store_run_int(store_prepare(c, "SELECT count(*) FROM unit"), &it->units[i]);
	return err;
}

/* Runs report_par_run inside a read transaction of its own connection;
 * with change_first, an audited change commits after that transaction has
 * read (so its helpers begin on newer data). *version and *units: what
 * the asking transaction sees. */
static enum rede_err run(struct items *it, bool change_first, int64_t *version, int64_t *units)
{
	struct store_conn *c = store_acquire(fx.s);
	enum rede_err err;

	it->asking = c;
	assert_int_equal(store_begin(c, STORE_TX_READ), REDE_OK);
	assert_int_equal(store_rq_data_version(c, version), REDE_OK);
	assert_int_equal(store_run_int(store_prepare(c, "SELECT count(*) FROM unit"), units),
			 REDE_OK);
	if (change_first)
		change();
	err = report_par_run(c, ITEMS, report_par_threads(c), item, it);
	store_rollback(c);
	store_release(fx.s, c);
	return err;
}

static void items_init(struct items *it)
{
	memset(it, 0, sizeof(*it));
	pthread_mutex_init(&it->mu, NULL);
	pthread_cond_init(&it->cv, NULL);
	it->fail_at = -1;
}

static void items_release(struct items *it)
{
	pthread_mutex_destroy(&it->mu);
	pthread_cond_destroy(&it->cv);
}

static void test_helpers_share_the_work(void **state)
{
	struct items it;
	int64_t version, units;

	(void)state;
	change();
	threads_set("3");
	items_init(&it);
	it.wait_for_helper = true;
	assert_int_equal(run(&it, false, &version, &units), REDE_OK);
	assert_true(version > 0);
	assert_true(it.helper_items > 0);
	for (int i = 0; i < ITEMS; i++) {
		assert_int_equal(it.built[i], 1);
		assert_int_equal(it.version[i], version);
		assert_int_equal(it.units[i], units);
	}
	items_release(&it);
}

static void test_helper_on_newer_data_builds_nothing(void **state)
{
	struct items it;
	int64_t version, units;

	(void)state;
	threads_set("3");
	items_init(&it);
	it.slow = true; /* a helper that wrongly took part would have items */
	assert_int_equal(run(&it, true, &version, &units), REDE_OK);
	assert_int_equal(it.helper_items, 0);
	for (int i = 0; i < ITEMS; i++) {
		assert_int_equal(it.built[i], 1);
		assert_ptr_equal(it.conn[i], it.asking);
		assert_int_equal(it.version[i], version); /* the asking snapshot, not the change */
		assert_int_equal(it.units[i], units);
	}
	/* the change is there for whoever reads now */
	assert_int_equal(fixture_int(fx.s, "SELECT count(*) FROM unit"), units + 1);
	items_release(&it);
}

static void test_one_thread_keeps_to_the_asking_connection(void **state)
{
	struct items it;
	int64_t version, units;

	(void)state;
	threads_set("1");
	items_init(&it);
	assert_int_equal(run(&it, false, &version, &units), REDE_OK);
	assert_int_equal(it.helper_items, 0);
	for (int i = 0; i < ITEMS; i++) {
		assert_int_equal(it.built[i], 1);
		assert_ptr_equal(it.conn[i], it.asking);
	}
	threads_set("0");
	items_release(&it);
}

static void test_first_error_is_returned(void **state)
{
	struct items it;
	int64_t version, units;

	(void)state;
	threads_set("3");
	items_init(&it);
	it.fail_at = 5;
	assert_int_equal(run(&it, false, &version, &units), REDE_E_STORE);
	for (int i = 0; i < ITEMS; i++)
		assert_true(it.built[i] <= 1);
	items_release(&it);
	threads_set("0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_helpers_share_the_work),
		cmocka_unit_test(test_helper_on_newer_data_builds_nothing),
		cmocka_unit_test(test_one_thread_keeps_to_the_asking_connection),
		cmocka_unit_test(test_first_error_is_returned),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
