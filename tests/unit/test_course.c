/*
 * test_course.c - the home-pedagogue course rules of src/core/course.c:
 * name tables, the length limit with and without an extension (and its
 * Danish messages), week
 * numbers, the warning week, the rating scale and the caseload alerts.
 * Boundaries are tested on both sides with the seed's parameter values
 * (which in the program come from the setting table).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rede/core_course.h"
#include "rede/util.h"

/* The seed values migration 0002 inserts. */
static const struct core_course_params P = {
	.max_weeks = 40,
	.warning_week = 32,
	.rating_min = 1,
	.rating_max = 4,
	.no_contact_days = 21,
	.goal_unrated_days = 42,
};

static int32_t D(const char *s)
{
	int32_t d = 0;

	assert_true(rede_date_parse(s, &d));
	return d;
}

static void name_tables(void **state)
{
	(void)state;
	assert_int_equal(core_course_name_index(core_legal_frame_names, LEGAL_FRAME__COUNT,
						"serviceloven_11_3"),
			 LEGAL_SERVICELOVEN_11_3);
	assert_int_equal(core_course_name_index(core_contact_kind_names, CONTACT_KIND__COUNT,
						"network_meeting"),
			 CONTACT_NETWORK_MEETING);
	assert_int_equal(core_course_name_index(core_stance_names, STANCE__COUNT, "behind"),
			 STANCE_BEHIND);
	assert_int_equal(core_course_name_index(core_closure_reason_names, CLOSURE_REASON__COUNT,
						"needs_other_intervention"),
			 CLOSURE_NEEDS_OTHER_INTERVENTION);
	assert_int_equal(
		core_course_name_index(core_focus_area_names, FOCUS_AREA__COUNT, "Routines"),
		FOCUS_AREA__COUNT);
	assert_int_equal(core_course_name_index(core_activity_names, ACTIVITY__COUNT, NULL),
			 ACTIVITY__COUNT);
	for (int i = 0; i < CONTACT_KIND__COUNT; i++)
		assert_int_equal(core_course_name_index(core_contact_kind_names,
							CONTACT_KIND__COUNT,
							core_contact_kind_names[i]),
				 i);
	assert_true(core_eval_answer_valid(0));
	assert_true(core_eval_answer_valid(4));
	assert_false(core_eval_answer_valid(5));
	assert_false(core_eval_answer_valid(-1));
	assert_string_equal(core_eval_answer_labels_da[EVAL_HIGH], "I høj grad");
	assert_string_equal(core_eval_answer_labels_da[EVAL_DONT_KNOW], "Ved ikke");
}

/* Start Monday 2026-01-05; 40 weeks later is Monday 2026-10-12. */
static void length_limit(void **state)
{
	int32_t s = D("2026-01-05");
	(void)state;

	assert_int_equal(core_course_latest_end(&P, s), D("2026-10-12"));
	assert_int_equal(core_course_check_end(&P, s, D("2026-10-12"), CORE_NO_DATE), END_OK);
	assert_int_equal(core_course_check_end(&P, s, D("2026-10-13"), CORE_NO_DATE),
			 END_BEYOND_LIMIT);
	assert_int_equal(core_course_check_end(&P, s, s, CORE_NO_DATE), END_OK);
	assert_int_equal(core_course_check_end(&P, s, s - 1, CORE_NO_DATE), END_BEFORE_START);
	/* An extension replaces the limit, up to its own date. */
	assert_int_equal(core_course_check_end(&P, s, D("2026-11-30"), D("2026-11-30")), END_OK);
	assert_int_equal(core_course_check_end(&P, s, D("2026-12-01"), D("2026-11-30")),
			 END_BEYOND_LIMIT);
	/* A municipality with a 30-week programme. */
	{
		struct core_course_params q = P;
		q.max_weeks = 30;
		assert_int_equal(core_course_latest_end(&q, s), s + 210);
		assert_int_equal(core_course_check_end(&q, s, s + 211, CORE_NO_DATE),
				 END_BEYOND_LIMIT);
	}
}

/* The Danish messages of the length rules, as the API answers them. */
static void length_messages(void **state)
{
	int32_t s = D("2026-01-05");
	char msg[CORE_COURSE_MSG_SIZE];
	(void)state;

	assert_false(core_course_end_message(&P, s, D("2026-10-12"), CORE_NO_DATE, msg));
	assert_true(core_course_end_message(&P, s, D("2026-10-13"), CORE_NO_DATE, msg));
	assert_string_equal(msg, "Et forløb må højst vare 40 uger fra start; seneste tilladte "
				 "slutdato er 12-10-2026 (længere kræver en registreret beslutning "
				 "om forlængelse)");
	assert_true(core_course_end_message(&P, s, s - 1, CORE_NO_DATE, msg));
	assert_string_equal(msg, "Slutdatoen ligger før forløbets start");
	assert_false(core_course_end_message(&P, s, D("2026-11-30"), D("2026-11-30"), msg));
	assert_true(core_course_end_message(&P, s, D("2026-12-01"), D("2026-11-30"), msg));
	assert_string_equal(msg, "Slutdatoen ligger efter den registrerede forlængelse; seneste "
				 "tilladte slutdato er 30-11-2026");
	/* an extension must pass the 40 weeks and cover the planned end */
	assert_true(core_course_extension_message(&P, s, D("2026-10-12"), CORE_NO_DATE, msg));
	assert_string_equal(msg, "En forlængelse skal gå ud over 40 uger, dvs. efter 12-10-2026");
	assert_false(core_course_extension_message(&P, s, D("2026-10-13"), CORE_NO_DATE, msg));
	assert_true(core_course_extension_message(&P, s, D("2026-10-13"), D("2026-10-14"), msg));
	assert_string_equal(msg, "Forlængelsen slutter før den planlagte slutdato");
	assert_false(core_course_extension_message(&P, s, D("2026-10-14"), D("2026-10-14"), msg));
	assert_true(core_course_extension_message(&P, CORE_NO_DATE, D("2026-10-14"), CORE_NO_DATE,
						  msg));
	assert_string_equal(msg, "Forløbet har ingen startdato");
}

static void week_numbers(void **state)
{
	int32_t s = D("2026-01-05");
	(void)state;

	assert_int_equal(core_course_week(s, s - 1), 0);
	assert_int_equal(core_course_week(s, s), 1);
	assert_int_equal(core_course_week(s, s + 6), 1);
	assert_int_equal(core_course_week(s, s + 7), 2);
	/* The last day of week 40, and the day the course passes 40 weeks. */
	assert_int_equal(core_course_week(s, D("2026-10-11")), 40);
	assert_int_equal(core_course_week(s, D("2026-10-12")), 41);
	assert_int_equal(core_course_week(CORE_NO_DATE, s), 0);
}

static void warning_week(void **state)
{
	int32_t s = D("2026-01-05");
	(void)state;

	/* Week 32 starts 31 weeks (217 days) after the start: 2026-08-10. */
	assert_false(core_course_in_warning(&P, s, D("2026-08-09")));
	assert_true(core_course_in_warning(&P, s, D("2026-08-10")));
	assert_true(core_course_in_warning(&P, s, D("2026-12-24")));
}

static void weeks_left(void **state)
{
	int32_t s = D("2026-01-05");
	(void)state;

	assert_int_equal(core_course_weeks_left(&P, s, CORE_NO_DATE, s), 40);
	assert_int_equal(core_course_weeks_left(&P, s, CORE_NO_DATE, s + 1), 39);
	assert_int_equal(core_course_weeks_left(&P, s, CORE_NO_DATE, D("2026-10-11")), 0);
	assert_int_equal(core_course_weeks_left(&P, s, CORE_NO_DATE, D("2026-10-12")), 0);
	assert_int_equal(core_course_weeks_left(&P, s, CORE_NO_DATE, D("2026-10-30")), 0);
	assert_int_equal(core_course_weeks_left(&P, s, D("2026-10-26"), D("2026-10-12")), 2);
	/* A planned course that starts later has all its weeks left. */
	assert_int_equal(core_course_weeks_left(&P, s, CORE_NO_DATE, s - 10), 40);
}

static void ratings_and_themes(void **state)
{
	(void)state;
	assert_false(core_rating_valid(&P, 0));
	assert_true(core_rating_valid(&P, 1));
	assert_true(core_rating_valid(&P, 4));
	assert_false(core_rating_valid(&P, 5));
	assert_false(core_theme_valid(0));
	assert_true(core_theme_valid(1));
	assert_true(core_theme_valid(3));
	assert_false(core_theme_valid(4));
}

static bool has(const struct core_alert *a, size_t n, enum core_alert_kind k)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].kind == k)
			return a[i].text[0] != 0;
	return false;
}

static void alerts(void **state)
{
	struct core_alert out[ALERT_KIND__COUNT];
	int32_t s = D("2026-01-05");
	int32_t rated[2] = {s, s};
	struct core_course_facts f = {
		.status = COURSE_ACTIVE,
		.start = s,
		.extension_until = CORE_NO_DATE,
		.last_contact = CORE_NO_DATE,
		.goal_last_rated = rated,
		.ngoals = 2,
	};
	size_t n;
	(void)state;

	/* On the start day nothing is due. */
	assert_int_equal(core_course_alerts(&P, &f, s, out), 0);
	/* No contact: counted from the start while there is none. */
	assert_int_equal(core_course_alerts(&P, &f, s + 20, out), 0);
	n = core_course_alerts(&P, &f, s + 21, out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].kind, ALERT_NO_CONTACT);
	f.last_contact = s + 10;
	assert_int_equal(core_course_alerts(&P, &f, s + 30, out), 0);
	assert_true(has(out, core_course_alerts(&P, &f, s + 31, out), ALERT_NO_CONTACT));
	/* A goal not rated for 42 days. */
	f.last_contact = s + 41;
	assert_int_equal(core_course_alerts(&P, &f, s + 41, out), 0);
	rated[1] = s + 5;
	n = core_course_alerts(&P, &f, s + 42, out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].kind, ALERT_GOAL_UNRATED);
	assert_string_equal(out[0].text, "1 mål er ikke vurderet i 42 dage eller mere");
	rated[0] = rated[1] = s + 40;
	/* Warning week: from the first day of week 32. */
	f.last_contact = D("2026-08-09");
	rated[0] = rated[1] = D("2026-08-01");
	assert_int_equal(core_course_alerts(&P, &f, D("2026-08-09"), out), 0);
	n = core_course_alerts(&P, &f, D("2026-08-10"), out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].kind, ALERT_WARNING_WEEK);
	assert_string_equal(out[0].text, "Forløbet er i uge 32 af 40 – planlæg afslutningen");
	/* Past the limit the text says so. */
	f.last_contact = D("2026-10-12");
	rated[0] = rated[1] = D("2026-10-01");
	n = core_course_alerts(&P, &f, D("2026-10-13"), out);
	assert_int_equal(n, 1);
	assert_non_null(strstr(out[0].text, "passeret"));
	/* A planned network meeting without consent. */
	f.planned_meetings_without_consent = 1;
	n = core_course_alerts(&P, &f, D("2026-10-13"), out);
	assert_int_equal(n, 2);
	assert_int_equal(out[1].kind, ALERT_CONSENT_MISSING);
	/* Closed courses have no alerts; planned ones none before the start. */
	f.status = COURSE_CLOSED;
	assert_int_equal(core_course_alerts(&P, &f, D("2026-10-13"), out), 0);
	f.status = COURSE_PLANNED;
	f.planned_meetings_without_consent = 0;
	f.last_contact = CORE_NO_DATE;
	f.ngoals = 0;
	assert_int_equal(core_course_alerts(&P, &f, s - 30, out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(name_tables),        cmocka_unit_test(length_limit),
		cmocka_unit_test(length_messages),    cmocka_unit_test(week_numbers),
		cmocka_unit_test(warning_week),       cmocka_unit_test(weeks_left),
		cmocka_unit_test(ratings_and_themes), cmocka_unit_test(alerts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
