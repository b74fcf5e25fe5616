/*
 * test_report_round.c - the one rounding rule of shown numbers (issue 15
 * item 4): sums are kept exact and rounded once, at the cell shown, half
 * away from zero - rede_div_round, and report_cell_number / the writers
 * over counts, sums (minutes as hours, øre and minute-øre as kroner) and
 * derived cells. Values chosen where truncating first, or rounding a
 * binary fraction, gives another number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rede/report.h"
#include "rede/util.h"

static void div_round(void **state)
{
	(void)state;
	assert_int_equal(rede_div_round(7, 2), 4);
	assert_int_equal(rede_div_round(-7, 2), -4);
	assert_int_equal(rede_div_round(5, 3), 2);
	assert_int_equal(rede_div_round(4, 3), 1);
	assert_int_equal(rede_div_round(-5, 3), -2);
	assert_int_equal(rede_div_round(0, 7), 0);
	assert_int_equal(rede_div_round(80049, 100), 800);
	assert_int_equal(rede_div_round(80050, 100), 801);
	assert_int_equal(rede_div_round(INT64_MAX, 2), INT64_MAX / 2 + 1);
	assert_int_equal(rede_div_round(INT64_MIN + 1, 2), INT64_MIN / 2);
}

/* The shown number of a one-cell table holding a sum n in format f. */
static double shown_sum(int64_t n, enum report_fmt f)
{
	struct report *r = report_new("t", "t");
	struct report_table *t = report_table(r, "t", "t", (const char *const[]){"v", "v", NULL});
	double v = -1;

	report_row(t, "a", "a");
	report_set_sum(t, 0, 0, n, f, NULL, NULL);
	report_finish(r);
	assert_true(report_cell_number(report_cell_at(t, 0, 0), &v));
	report_free(r);
	return v;
}

static void sums_round_once(void **state)
{
	(void)state;
	/* 9 minutes are 0.15 hours: 0.2 shown (half away from zero), though
	 * 9 / 60.0 is a binary fraction just below 0.15 */
	assert_float_equal(shown_sum(9, RFMT_HOURS), 0.2, 1e-9);
	assert_float_equal(shown_sum(3, RFMT_HOURS), 0.1, 1e-9);
	assert_float_equal(shown_sum(2, RFMT_HOURS), 0.0, 1e-9);
	assert_float_equal(shown_sum(-9, RFMT_HOURS), -0.2, 1e-9);
	/* øre as kroner */
	assert_float_equal(shown_sum(150, RFMT_KR), 2, 1e-9);
	assert_float_equal(shown_sum(149, RFMT_KR), 1, 1e-9);
	assert_float_equal(shown_sum(-150, RFMT_KR), -2, 1e-9);
	/* staff cost: 45 + 75 minutes at 400.25 kr/h = 800.50 kr -> 801; the
	 * old sum of per-visit whole øre (30018 + 50031 = 800.49 kr) gave 800 */
	assert_float_equal(shown_sum((45 + 75) * INT64_C(40025), RFMT_KR_MIN), 801, 1e-9);
	assert_float_equal(shown_sum(80049 * INT64_C(60), RFMT_KR_MIN), 800, 1e-9);
	/* national size stays exact: 5 million hours at 500 kr */
	assert_float_equal(shown_sum(INT64_C(300000000) * 50000, RFMT_KR_MIN), 2500000000.0, 1e-3);
}

static void derived_from_exact_sums(void **state)
{
	struct report *r = report_new("t", "t");
	struct report_table *t = report_table(
		r, "t", "t", (const char *const[]){"n", "n", "kr", "kr", "per", "per", NULL});
	char text[64];
	double v;
	(void)state;

	report_row(t, "a", "a");
	report_set_count(t, 0, 0, 2, "units");
	report_set_sum(t, 0, 1, 120 * INT64_C(40025), RFMT_KR_MIN, "units", "cost");
	report_set_derived(t, 0, 2, RCELL_RATIO, "cost", "units", RFMT_KR_MIN);
	report_finish(r);
	assert_true(report_cell_number(report_cell_at(t, 0, 1), &v));
	assert_float_equal(v, 801, 1e-9);
	assert_true(report_cell_number(report_cell_at(t, 0, 2), &v));
	assert_float_equal(v, 400, 1e-9); /* 400.25 */
	assert_string_equal(report_cell_text(r, report_cell_at(t, 0, 1), true, text, sizeof(text)),
			    "801");
	assert_int_equal(report_fmt_decimals(RFMT_KR_MIN), 0);
	assert_int_equal(report_fmt_decimals(RFMT_HOURS), 1);
	assert_int_equal(report_fmt_decimals(RFMT_DEC2), 2);
	report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(div_round),
		cmocka_unit_test(sums_round_once),
		cmocka_unit_test(derived_from_exact_sums),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
