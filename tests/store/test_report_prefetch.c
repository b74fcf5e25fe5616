/*
 * test_report_prefetch.c - the grouped report queries of one family
 * (src/store/rq_rows.c, issue 22): listed without running them while a
 * report is built recording (the family's plan, report/request.c), then
 * fetched by several threads, each on its own connection, at the same
 * time - each grouped query once, whoever asks first, and a thread asking
 * for one being fetched waits for its rows. Every municipality reads the
 * rows its own one-municipality query gives. On PostgreSQL the grouped
 * forms run; on SQLite (no grouped forms) recording notes nothing and
 * every query answers as before. A report's statements are planned for
 * their own period (store_tx_custom_plans). Under ThreadSanitizer too
 * (Makefile).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rede/core.h"
#include "rede/report_request.h"
#include "rede/store.h"
#include "rede/util.h"
#include "report/report_internal.h"
#include "store/report_queries.h"

#include "fixture.h"

#define ASKS 48 /* items of the concurrent test: asks, three municipalities in turn */

static struct fixture fx;
static int64_t muni[3];                  /* Ærø, Læsø, Fanø */
static const int started[3] = {2, 1, 0}; /* courses each started in the period */

/* A home-pedagogue course of municipality m started on day (NULL: only
 * planned), with the family and child it needs. */
static void course(int64_t m, const char *day)
{
	fixture_execf(fx.s,
		      "INSERT INTO family (municipality_id, name, search_key, created_at) "
		      "VALUES (%lld, 'Familien Ø', 'familien o', 1)",
		      (long long)m);
	fixture_execf(fx.s,
		      "INSERT INTO person (municipality_id, family_id, kind, given_name, "
		      "family_name, search_key, created_at) SELECT %lld, max(id), 'child', 'Åse', "
		      "'Ø', 'ase o', 1 FROM family",
		      (long long)m);
	fixture_execf(fx.s,
		      "INSERT INTO enrolment (municipality_id, family_id, child_id, programme, "
		      "status, created_at, state_planned_on, state_active_on) SELECT %lld, (SELECT "
		      "max(id) FROM family), max(id), 'home_pedagogue', '%s', 1, '2025-01-02', "
		      "%s%s%s FROM person",
		      (long long)m, day ? "active" : "planned", day ? "'" : "", day ? day : "NULL",
		      day ? "'" : "");
}

static int setup(void **state)
{
	static const char *const names[3][2] = {
		{"0101", "Ærø"}, {"0202", "Læsø"}, {"0303", "Fanø"}};
	char sql[160];

	(void)state;
	if (fixture_open(&fx, "prefetch", 4, FIXTURE_AUDIT_KEY | FIXTURE_MIGRATE))
		return -1;
	for (int i = 0; i < 3; i++) {
		fixture_execf(
			fx.s,
			"INSERT INTO municipality (code, name, created_at) VALUES ('%s', '%s', 1)",
			names[i][0], names[i][1]);
		snprintf(sql, sizeof(sql), "SELECT id FROM municipality WHERE code = '%s'",
			 names[i][0]);
		muni[i] = fixture_int(fx.s, sql);
	}
	/* started in 2025: on its first day, its last day; one before, one only planned */
	course(muni[0], "2025-01-01");
	course(muni[0], "2025-12-31");
	course(muni[0], "2024-12-31");
	course(muni[1], "2025-06-30");
	course(muni[1], NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fixture_close(&fx);
}

static bool grouped(void)
{
	return !strncmp(fx.url, "postgres", 8);
}

static struct store_rq_scope scope(int64_t m, const char *to, struct store_rq_prefetch *p)
{
	return (struct store_rq_scope){
		.municipality_id = m, .from = "2025-01-01", .to = to, .prefetch = p};
}

/* The courses m started in 2025 as the course-state query reads them (the
 * first column; a grouped one-row query without m's group reads 0). */
static int64_t started_in(struct store_conn *c, int64_t m, struct store_rq_prefetch *p)
{
	struct store_rq_scope s = scope(m, "2025-12-31", p);
	struct store_rq_rows *r = store_rq_hp_course_states(c, &s);
	int64_t n = -1;

	if (store_rq_step_one(r) == REDE_OK)
		n = store_rq_int(r, 0);
	store_rq_finish(r);
	return n;
}

static enum rede_err fetch(struct store_conn *c, int i, void *arg)
{
	return store_rq_prefetch_fetch(c, arg, i);
}

static void test_recording_lists_without_running(void **state)
{
	struct store_conn *c = store_acquire(fx.s);
	struct store_rq_prefetch *p = store_rq_prefetch_new();
	struct store_rq_scope other = scope(muni[0], "2025-06-30", p);

	(void)state;
	assert_int_equal(store_begin(c, STORE_TX_READ), REDE_OK);
	assert_int_equal(store_rq_prefetch_pays(c), grouped());
	store_rq_prefetch_record(p, true);
	/* recording: the grouped query answers no rows (one row of NULLs) */
	assert_int_equal(started_in(c, muni[0], p), grouped() ? 0 : started[0]);
	assert_int_equal(store_rq_prefetch_count(p), grouped() ? 1 : 0);
	/* the same query for another municipality is the same grouped one */
	started_in(c, muni[1], p);
	assert_int_equal(store_rq_prefetch_count(p), grouped() ? 1 : 0);
	/* another period is another */
	store_rq_finish(store_rq_hp_course_states(c, &other));
	assert_int_equal(store_rq_prefetch_count(p), grouped() ? 2 : 0);
	store_rq_prefetch_record(p, false);
	/* fetched on several connections, every municipality reads its own rows */
	assert_int_equal(report_par_run(c, store_rq_prefetch_count(p), 3, fetch, p), REDE_OK);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(started_in(c, muni[i], NULL), started[i]);
		assert_int_equal(started_in(c, muni[i], p), started[i]);
	}
	assert_int_equal(store_rq_prefetch_count(p), grouped() ? 2 : 0);
	/* out of range: nothing */
	assert_int_equal(store_rq_prefetch_fetch(c, p, 99), REDE_OK);
	store_rollback(c);
	store_rq_prefetch_free(p);
	store_release(fx.s, c);
}

/* Threads ask at once for grouped queries nobody fetched yet: one runs
 * each, the others wait for its rows. */
struct asks {
	struct store_rq_prefetch *p;
	int64_t got[ASKS];
};

static enum rede_err ask(struct store_conn *c, int i, void *arg)
{
	struct asks *a = arg;

	/* two periods' queries: two sets asked for in turn */
	if (i % 2) {
		struct store_rq_scope s = scope(muni[i % 3], "2025-06-30", a->p);
		store_rq_finish(store_rq_hp_course_states(c, &s));
	}
	a->got[i] = started_in(c, muni[i % 3], a->p);
	return REDE_OK;
}

static void test_threads_asking_at_once_read_one_fetch(void **state)
{
	struct store_conn *c = store_acquire(fx.s);
	struct asks a = {.p = store_rq_prefetch_new()};

	(void)state;
	assert_int_equal(store_begin(c, STORE_TX_READ), REDE_OK);
	assert_int_equal(report_par_run(c, ASKS, 4, ask, &a), REDE_OK);
	for (int i = 0; i < ASKS; i++)
		assert_int_equal(a.got[i], started[i % 3]);
	assert_int_equal(store_rq_prefetch_count(a.p), grouped() ? 2 : 0);
	store_rollback(c);
	store_rq_prefetch_free(a.p);
	store_release(fx.s, c);
}

/* Without a grouped form (no prefetch, or SQLite), an aggregate read in a
 * read transaction is kept for the rest of it: the same answers as the
 * statement, for more queries than the memo keeps (it drops the oldest),
 * and gone with the transaction, so the next one reads what was committed
 * since. */
static void test_read_tx_keeps_aggregates(void **state)
{
	static const char *const ends[] = {"2025-01-01", "2025-03-31", "2025-06-30",
					   "2025-09-30", "2025-12-30", "2025-12-31"};
	enum { NE = sizeof(ends) / sizeof(ends[0]) };
	struct store_conn *c = store_acquire(fx.s);
	int64_t plain[3][NE];

	(void)state;
	/* in a write transaction: the statement itself, nothing kept */
	assert_int_equal(store_begin(c, STORE_TX_WRITE), REDE_OK);
	for (int i = 0; i < 3; i++)
		for (int e = 0; e < NE; e++) {
			struct store_rq_scope s = scope(muni[i], ends[e], NULL);
			struct store_rq_rows *r = store_rq_hp_course_states(c, &s);
			assert_int_equal(store_rq_step_one(r), REDE_OK);
			plain[i][e] = store_rq_int(r, 0);
			store_rq_finish(r);
		}
	assert_null(store_memo_get(c, STORE_MEMO_RQ));
	store_rollback(c);
	assert_int_equal(plain[0][0], 1);
	assert_int_equal(plain[0][NE - 2], 1);
	assert_int_equal(plain[0][NE - 1], 2);
	/* in a read transaction: kept, the same answers, asked three times
	 * over 18 sets (more than the memo keeps) */
	assert_int_equal(store_begin(c, STORE_TX_READ), REDE_OK);
	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < 3; i++)
			for (int e = 0; e < NE; e++) {
				struct store_rq_scope s = scope(muni[i], ends[e], NULL);
				struct store_rq_rows *r = store_rq_hp_course_states(c, &s);
				assert_int_equal(store_rq_step_one(r), REDE_OK);
				assert_int_equal(store_rq_int(r, 0), plain[i][e]);
				assert_int_equal(store_rq_step(r), REDE_DONE);
				store_rq_finish(r);
			}
	assert_non_null(store_memo_get(c, STORE_MEMO_RQ));
	/* committed meanwhile on another connection: not in this snapshot */
	course(muni[2], "2025-12-31");
	assert_int_equal(started_in(c, muni[2], NULL), started[2]);
	store_rollback(c);
	/* the next read transaction reads it */
	assert_int_equal(store_begin(c, STORE_TX_READ), REDE_OK);
	assert_null(store_memo_get(c, STORE_MEMO_RQ));
	assert_int_equal(started_in(c, muni[2], NULL), started[2] + 1);
	store_rollback(c);
	fixture_execf(fx.s, "DELETE FROM enrolment WHERE municipality_id = %lld",
		      (long long)muni[2]);
	store_release(fx.s, c);
}

/* A report's statements are prepared once per connection and asked with
 * another period each time; from the sixth execution PostgreSQL may keep
 * one generic plan instead, up to 3.3 times slower for the national
 * queries (docs/PERFORMANCE.md "A report's plans for its own period").
 * report_produce and the family's helpers (report/parallel.c) plan them
 * for their own parameters for the rest of the transaction, and only for
 * it: a query asked eight times in such a transaction had eight custom
 * plans and no generic one. */
static void test_report_statements_planned_for_their_period(void **state)
{
	struct store_conn *c = store_acquire(fx.s);
	struct report_scope s;
	struct report_caller who = {.cli = true};
	struct report *r = NULL;
	char mode[32];
	int64_t generic = -1, custom = -1;

	(void)state;
	assert_int_equal(store_begin(c, STORE_TX_READ), REDE_OK);
	fixture_plan_mode(&fx, c, mode, sizeof(mode));
	assert_string_equal(mode, grouped() ? "auto" : "");
	report_scope_init(&s);
	snprintf(s.from, sizeof(s.from), "2025-01-01");
	snprintf(s.to, sizeof(s.to), "2025-12-31");
	report_scope_add_muni(&s, muni[0], "0101", "Ærø", 0);
	assert_int_equal(report_produce(c, "home-pedagogue", &s, &who, false, &r), REDE_OK);
	assert_non_null(r);
	report_free(r);
	report_scope_release(&s);
	fixture_plan_mode(&fx, c, mode, sizeof(mode));
	assert_string_equal(mode, grouped() ? "force_custom_plan" : "");
	/* a statement of the connection's cache, asked eight times (not a
	 * report query: those are kept for the read transaction, rq_rows.c) */
	for (int i = 0; i < 8; i++) {
		struct store_stmt *st = store_prepare(
			c,
			"SELECT count(*) FROM enrolment WHERE municipality_id = ? AND start_on >= ?");
		int64_t n = -1;

		store_bind_int(st, 1, muni[0]);
		store_bind_text(st, 2, i % 2 ? "2025-01-01" : "2020-01-01");
		assert_int_equal(store_run_int(st, &n), REDE_OK);
		assert_true(n >= 0);
	}
	if (grouped()) {
		struct store_stmt *st = store_prepare(
			c,
			"SELECT sum(generic_plans), sum(custom_plans) FROM pg_prepared_statements "
			"WHERE statement LIKE 'SELECT count(*) FROM enrolment WHERE municipality_id = $1%'");
		assert_int_equal(store_step_one(st), REDE_OK);
		generic = store_col_int(st, 0);
		custom = store_col_int(st, 1);
		store_finish(st);
		assert_int_equal(generic, 0);
		assert_true(custom >= 8);
	}
	store_rollback(c);
	/* the next transaction plans as the server is set */
	assert_int_equal(store_begin(c, STORE_TX_READ), REDE_OK);
	fixture_plan_mode(&fx, c, mode, sizeof(mode));
	assert_string_equal(mode, grouped() ? "auto" : "");
	store_rollback(c);
	store_release(fx.s, c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recording_lists_without_running),
		cmocka_unit_test(test_threads_asking_at_once_read_one_fetch),
		cmocka_unit_test(test_read_tx_keeps_aggregates),
		cmocka_unit_test(test_report_statements_planned_for_their_period),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
