/*
 * test_cosp.c - rules of COS-P courses, consultant visits and family
 * groups (core_cosp.h): completion and stage at their boundaries, session
 * dates, the annual wheel's one visit per quarter on a weekday, and the
 * status-meeting rhythm.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rede/core_cosp.h"
#include "rede/core_course.h"
#include "rede/util.h"

static const struct core_cosp_params P = {8, 10, 6, 7, 2, 1, 4};

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_true(rede_date_parse(s, &d));
	return d;
}

static void completion_rule(void **state)
{
	(void)state;
	assert_false(core_cosp_completed(&P, 5, false));
	assert_true(core_cosp_completed(&P, 6, false));
	assert_true(core_cosp_completed(&P, 8, false));
	assert_false(core_cosp_completed(&P, 8, true));
}

static void stages(void **state)
{
	int32_t today = day("2026-06-01");
	struct core_cosp_facts f = {0};
	(void)state;

	f.last_session = CORE_NO_DATE;
	assert_int_equal(core_cosp_stage(&P, &f, today), COSP_OFFERED);
	f.answered = true;
	assert_int_equal(core_cosp_stage(&P, &f, today), COSP_DECLINED);
	f.accepted = true;
	assert_int_equal(core_cosp_stage(&P, &f, today), COSP_ACCEPTED);
	f.placed = true;
	f.last_session = today; /* the last session is today: not over yet */
	assert_int_equal(core_cosp_stage(&P, &f, today), COSP_PLACED);
	f.last_session = today - 1;
	f.attended = 5;
	assert_int_equal(core_cosp_stage(&P, &f, today), COSP_NOT_COMPLETED);
	f.attended = 6;
	assert_int_equal(core_cosp_stage(&P, &f, today), COSP_COMPLETED);
	f.dropped_out = true;
	assert_int_equal(core_cosp_stage(&P, &f, today), COSP_DROPPED_OUT);
	assert_string_equal(core_cosp_stage_names[COSP_NOT_COMPLETED], "not_completed");
}

static void session_dates(void **state)
{
	int32_t d[8];
	(void)state;

	core_cosp_session_dates(day("2026-02-02"), 8, 7, d);
	assert_int_equal(d[0], day("2026-02-02"));
	assert_int_equal(d[7], day("2026-03-23"));
	assert_true(core_cosp_dates_ascending(d, 8));
	d[3] = d[2];
	assert_false(core_cosp_dates_ascending(d, 8));
}

static void masks(void **state)
{
	const char *ok[] = {"morning", "evening"}, *bad[] = {"night"};
	unsigned m;
	(void)state;

	assert_true(core_cosp_mask(plan_slot_names, SLOT__COUNT, ok, 2, &m));
	assert_int_equal(m, (1u << SLOT_MORNING) | (1u << SLOT_EVENING));
	assert_false(core_cosp_mask(plan_slot_names, SLOT__COUNT, bad, 1, &m));
}

static void annual_wheel(void **state)
{
	int32_t v[4];
	(void)state;

	assert_int_equal(core_weekday(day("2026-11-23")), 0); /* a Monday */
	assert_int_equal(core_weekday(day("2026-11-29")), 6);
	for (int year = 2024; year <= 2030; year++) {
		core_consult_plan(year, 4, v);
		for (int q = 0; q < 4; q++) {
			assert_int_equal(core_year(v[q]), year);
			assert_int_equal(core_consult_period(v[q], 4), q + 1);
			assert_true(core_weekday(v[q]) < 5);
		}
	}
	assert_int_equal(core_consult_period(day("2026-03-31"), 4), 1);
	assert_int_equal(core_consult_period(day("2026-04-02"), 4), 2);
	assert_int_equal(core_consult_period(day("2026-12-31"), 4), 4);
}

static void family_groups(void **state)
{
	struct core_fgroup_params p = {4, 8, 12, 16, 6, 1, 4};
	int32_t start = day("2026-01-05");
	(void)state;

	assert_int_equal(core_fgroup_next_status(&p, start, CORE_NO_DATE), start + 42);
	assert_int_equal(core_fgroup_next_status(&p, start, start + 42), start + 84);
	assert_int_equal(core_fgroup_next_status(&p, start, start + 40), start + 42);
	assert_int_equal(core_fgroup_next_status(&p, CORE_NO_DATE, CORE_NO_DATE), CORE_NO_DATE);
	assert_false(core_fgroup_score_valid(&p, 0));
	assert_true(core_fgroup_score_valid(&p, 1));
	assert_true(core_fgroup_score_valid(&p, 4));
	assert_false(core_fgroup_score_valid(&p, 5));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(completion_rule), cmocka_unit_test(stages),
		cmocka_unit_test(session_dates),   cmocka_unit_test(masks),
		cmocka_unit_test(annual_wheel),    cmocka_unit_test(family_groups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
