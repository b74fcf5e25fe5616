/*
 * test_sparring.c - the rules of faglig sparring and competence
 * development (core_sparring.h): the pro-rata target, the flag for no
 * sparring, refresher dates at month ends, the caseload prompt, the
 * overhead spread (shares sum to the total).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rede/core_course.h"
#include "rede/core_sparring.h"
#include "rede/util.h"

static const struct core_sparring_params P = {60, 14, 6, 8, 75};

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_true(rede_date_parse(s, &d));
	return d;
}

static void target(void **state)
{
	struct core_sparring_params none = P;
	(void)state;
	assert_int_equal(core_sparring_target(&P, 14), 60);
	assert_int_equal(core_sparring_target(&P, 28), 120);
	assert_int_equal(core_sparring_target(&P, 30), 129); /* 128.57 */
	assert_int_equal(core_sparring_target(&P, 31), 133); /* 132.86 */
	assert_int_equal(core_sparring_target(&P, 7), 30);
	assert_int_equal(core_sparring_target(&P, 1), 4); /* 4.29 */
	assert_int_equal(core_sparring_target(&P, 0), 0);
	none.target_period_days = 0;
	assert_int_equal(core_sparring_target(&none, 30), 0);
}

static void flagged(void **state)
{
	int32_t today = day("2026-06-30");
	(void)state;
	/* six weeks = 42 days */
	assert_false(core_sparring_flagged(&P, today - 41, CORE_NO_DATE, today));
	assert_true(core_sparring_flagged(&P, today - 42, CORE_NO_DATE, today));
	/* never: counted from since */
	assert_false(core_sparring_flagged(&P, CORE_NO_DATE, today - 10, today));
	assert_true(core_sparring_flagged(&P, CORE_NO_DATE, today - 70, today));
	assert_false(core_sparring_flagged(&P, CORE_NO_DATE, CORE_NO_DATE, today));
}

static void refresher(void **state)
{
	(void)state;
	assert_int_equal(core_training_refresher_due(day("2023-05-10"), 36), day("2026-05-10"));
	assert_int_equal(core_training_refresher_due(day("2024-02-29"), 12), day("2025-02-28"));
	assert_int_equal(core_training_refresher_due(day("2025-08-31"), 6), day("2026-02-28"));
	assert_int_equal(core_training_refresher_due(day("2025-11-15"), 2), day("2026-01-15"));
	assert_int_equal(core_training_refresher_due(day("2025-11-15"), 0), CORE_NO_DATE);
	assert_int_equal(core_training_refresher_due(CORE_NO_DATE, 12), CORE_NO_DATE);
}

static void case_prompt(void **state)
{
	int32_t today = day("2026-06-30");
	(void)state;
	/* eight weeks = 56 days; only with alerts */
	assert_false(core_sparring_case_prompt(&P, true, today - 55, CORE_NO_DATE, today));
	assert_true(core_sparring_case_prompt(&P, true, today - 56, CORE_NO_DATE, today));
	assert_false(core_sparring_case_prompt(&P, false, today - 90, CORE_NO_DATE, today));
	/* never discussed: from the course's start */
	assert_true(core_sparring_case_prompt(&P, true, CORE_NO_DATE, today - 60, today));
	assert_false(core_sparring_case_prompt(&P, true, CORE_NO_DATE, today - 20, today));
	assert_false(core_sparring_case_prompt(&P, true, CORE_NO_DATE, CORE_NO_DATE, today));
}

static void spread(void **state)
{
	int64_t parts[3] = {1, 1, 1}, out[3];
	int64_t p2[4] = {600, 300, 100, 0}, o2[4];
	int64_t zero[2] = {0, 0}, oz[2];
	(void)state;
	core_sparring_spread(100, parts, 3, out);
	/* 33.33 each: the one left over to the first among equals */
	assert_int_equal(out[0], 34);
	assert_int_equal(out[1], 33);
	assert_int_equal(out[2], 33);
	core_sparring_spread(999, p2, 4, o2);
	/* 599.4, 299.7, 99.9: floors 599, 299, 99 (sum 997), +1 to 600 and 300 */
	assert_int_equal(o2[0], 600);
	assert_int_equal(o2[1], 300);
	assert_int_equal(o2[2], 99);
	assert_int_equal(o2[3], 0);
	core_sparring_spread(50, zero, 2, oz);
	assert_int_equal(oz[0], 0);
	assert_int_equal(oz[1], 0);
}

/* The caseload's gentle prompt (core_course_alerts): only with another
 * alert, after case_prompt_weeks without sparring on the course. */
static void caseload_prompt(void **state)
{
	const struct core_course_params cp = {.max_weeks = 40,
					      .warning_week = 32,
					      .rating_min = 1,
					      .rating_max = 4,
					      .no_contact_days = 21,
					      .goal_unrated_days = 42,
					      .sparring_prompt_weeks = 8};
	struct core_course_params off = cp;
	struct core_alert out[ALERT_KIND__COUNT];
	int32_t s = day("2026-01-05");
	int32_t rated[1] = {s};
	struct core_course_facts f = {
		.status = COURSE_ACTIVE,
		.start = s,
		.extension_until = CORE_NO_DATE,
		.last_contact = s + 55,
		.goal_last_rated = rated,
		.ngoals = 1,
		.last_discussed = CORE_NO_DATE,
	};
	size_t n;
	(void)state;

	/* day 56: eight weeks, never discussed, the goal unrated for 42+ days */
	n = core_course_alerts(&cp, &f, s + 56, out);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].kind, ALERT_GOAL_UNRATED);
	assert_int_equal(out[1].kind, ALERT_NOT_DISCUSSED);
	assert_string_equal(out[1].text, "Ikke drøftet i faglig sparring siden start i 8 uger – "
					 "måske et forløb at tage med til faglig sparring");
	/* discussed seven weeks ago: no prompt */
	f.last_discussed = s + 56 - 49;
	assert_int_equal(core_course_alerts(&cp, &f, s + 56, out), 1);
	/* discussed eight weeks ago: the prompt says so */
	f.last_discussed = s;
	n = core_course_alerts(&cp, &f, s + 56, out);
	assert_int_equal(n, 2);
	assert_string_equal(out[1].text, "Ikke drøftet i faglig sparring i 8 uger – "
					 "måske et forløb at tage med til faglig sparring");
	/* no other alert: no prompt however long */
	rated[0] = s + 50;
	assert_int_equal(core_course_alerts(&cp, &f, s + 56, out), 0);
	rated[0] = s;
	/* switched off (0) */
	off.sparring_prompt_weeks = 0;
	assert_int_equal(core_course_alerts(&off, &f, s + 56, out), 1);
}

static void names(void **state)
{
	(void)state;
	assert_int_equal(core_sparring_form_parse("ppr"), SPARRING_PPR);
	assert_int_equal(core_sparring_form_parse("yoga"), SPARRING_FORM__COUNT);
	assert_int_equal(core_sparring_form_parse(NULL), SPARRING_FORM__COUNT);
	assert_int_equal(core_training_kind_parse("icdp"), COMPETENCE_ICDP);
	assert_int_equal(core_training_kind_parse("COSP"), TRAINING_KIND__COUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(target),    cmocka_unit_test(flagged),
		cmocka_unit_test(refresher), cmocka_unit_test(case_prompt),
		cmocka_unit_test(spread),    cmocka_unit_test(caseload_prompt),
		cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
