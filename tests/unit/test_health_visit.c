/*
 * test_health_visit.c - the rules of src/core/health_visit.c: name tables,
 * month arithmetic with month-end clamping, the age window and "due in a
 * period" on both sides of each edge, the coarse birth-date range, offer
 * dates, the selection criteria (which one applied, thresholds, criteria a
 * municipality switched off), the offer's state machine, the parent
 * rating, toy-box states with an injected now (71h59m refused, 72h free,
 * another quarantine length) and the Danish message in local time across
 * both daylight-saving changes. Parameters are the seed values migration
 * 0003 inserts (in the program they come from the setting table).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rede/core_course.h"
#include "rede/core_health_visit.h"
#include "rede/util.h"

static const struct core_hv_params P = {
	.age_from_months = {18, 36},
	.age_to_months = {21, 39},
	.offer_lead_days = 31,
	.never_reached_attempts = 3,
	.criterion_enabled = {true, true, true, true},
	.first_year_visits_more_than = 5,
};
static const struct core_toybox_params Q = {.quarantine_hours = 72};

static int32_t D(const char *s)
{
	int32_t d = 0;

	assert_true(rede_date_parse(s, &d));
	return d;
}

/* Unix seconds of a UTC date and time. */
static int64_t T(const char *date, int h, int m, int s)
{
	return (int64_t)D(date) * 86400 + h * 3600 + m * 60 + s;
}

static void name_tables(void **state)
{
	(void)state;
	assert_int_equal(
		core_course_name_index(core_hv_programme_names, HV_PROGRAMME__COUNT, "visit_3y"),
		HV_VISIT_3Y);
	assert_int_equal(
		core_course_name_index(core_hv_programme_names, HV_PROGRAMME__COUNT, "visit_2y"),
		HV_PROGRAMME__COUNT);
	assert_string_equal(core_hv_age_group_names[HV_VISIT_1_5Y], "1_5y");
	assert_int_equal(
		core_course_name_index(core_hv_decline_names, HV_DECLINE__COUNT, "enough_contact"),
		HV_DECLINE_ENOUGH_CONTACT);
	assert_int_equal(
		core_course_name_index(core_hv_topic_names, HV_TOPIC__COUNT, "daycare_start"),
		HV_TOPIC_DAYCARE_START);
	assert_int_equal(core_course_name_index(core_hv_offer_status_names, HV_OFFER_STATUS__COUNT,
						"never_reached"),
			 HV_NEVER_REACHED);
	assert_int_equal(
		core_course_name_index(core_toybox_state_names, TOYBOX_STATE__COUNT, "quarantine"),
		TOYBOX_QUARANTINE);
	for (int i = 0; i < HV_CRITERION__COUNT; i++)
		assert_int_equal(core_course_name_index(core_hv_criterion_names,
							HV_CRITERION__COUNT,
							core_hv_criterion_names[i]),
				 i);
	assert_string_equal(core_hv_topic_labels_da[HV_TOPIC_BOUNDARIES],
			    "Grænsesætning og opdragelse");
}

static void months(void **state)
{
	(void)state;
	assert_int_equal(core_hv_add_months(D("2024-03-15"), 18), D("2025-09-15"));
	assert_int_equal(core_hv_add_months(D("2024-03-15"), 36), D("2027-03-15"));
	/* No 31 February: the month's last day, in leap and common years. */
	assert_int_equal(core_hv_add_months(D("2022-08-31"), 18), D("2024-02-29"));
	assert_int_equal(core_hv_add_months(D("2023-08-31"), 18), D("2025-02-28"));
	assert_int_equal(core_hv_add_months(D("2024-02-29"), 36), D("2027-02-28"));
	assert_int_equal(core_hv_add_months(D("2024-01-31"), 1), D("2024-02-29"));
	assert_int_equal(core_hv_add_months(D("2024-12-10"), 1), D("2025-01-10"));
	/* Backwards too (the birth-date range uses it). */
	assert_int_equal(core_hv_add_months(D("2025-09-15"), -18), D("2024-03-15"));
	assert_int_equal(core_hv_add_months(D("2025-01-31"), -2), D("2024-11-30"));
	assert_int_equal(core_hv_add_months(D("2025-01-15"), 0), D("2025-01-15"));
}

/* Born 2024-03-15: the 1½-year window is 2025-09-15 .. 2025-12-14, the
 * 3-year window 2027-03-15 .. 2027-06-14. */
static void age_window(void **state)
{
	int32_t b = D("2024-03-15"), open, close;
	(void)state;

	core_hv_window(&P, HV_VISIT_1_5Y, b, &open, &close);
	assert_int_equal(open, D("2025-09-15"));
	assert_int_equal(close, D("2025-12-15"));
	core_hv_window(&P, HV_VISIT_3Y, b, &open, &close);
	assert_int_equal(open, D("2027-03-15"));
	assert_int_equal(close, D("2027-06-15"));

	/* The period ends the day before the window opens: not due; on it: due. */
	assert_false(core_hv_due_in_period(&P, HV_VISIT_1_5Y, b, D("2025-09-01"), D("2025-09-14"),
					   NULL, NULL));
	assert_true(core_hv_due_in_period(&P, HV_VISIT_1_5Y, b, D("2025-09-01"), D("2025-09-15"),
					  &open, &close));
	assert_int_equal(open, D("2025-09-15"));
	/* The period starts on the window's last day: due; the day after: not. */
	assert_true(core_hv_due_in_period(&P, HV_VISIT_1_5Y, b, D("2025-12-14"), D("2026-01-31"),
					  NULL, NULL));
	assert_false(core_hv_due_in_period(&P, HV_VISIT_1_5Y, b, D("2025-12-15"), D("2026-01-31"),
					   NULL, NULL));
	/* A period inside the window, and one around it. */
	assert_true(core_hv_due_in_period(&P, HV_VISIT_1_5Y, b, D("2025-10-01"), D("2025-10-31"),
					  NULL, NULL));
	assert_true(core_hv_due_in_period(&P, HV_VISIT_1_5Y, b, D("2025-01-01"), D("2026-12-31"),
					  NULL, NULL));
	/* The other programme is not due then. */
	assert_false(core_hv_due_in_period(&P, HV_VISIT_3Y, b, D("2025-01-01"), D("2026-12-31"),
					   NULL, NULL));
	/* An empty period is never due. */
	assert_false(core_hv_due_in_period(&P, HV_VISIT_1_5Y, b, D("2025-10-02"), D("2025-10-01"),
					   NULL, NULL));
	/* A municipality that offers at 17-19 months. */
	{
		struct core_hv_params q = P;

		q.age_from_months[HV_VISIT_1_5Y] = 17;
		q.age_to_months[HV_VISIT_1_5Y] = 19;
		assert_true(core_hv_due_in_period(&q, HV_VISIT_1_5Y, b, D("2025-08-15"),
						  D("2025-08-15"), NULL, NULL));
		assert_false(core_hv_due_in_period(&q, HV_VISIT_1_5Y, b, D("2025-10-15"),
						   D("2025-10-31"), NULL, NULL));
	}
}

/* Every birth date whose window meets the period lies in the coarse range. */
static void birth_range(void **state)
{
	int32_t from = D("2026-02-01"), to = D("2026-03-31");
	(void)state;

	for (int prog = 0; prog < HV_PROGRAMME__COUNT; prog++) {
		int32_t oldest, youngest;
		int inside = 0;

		core_hv_birth_range(&P, (enum core_hv_programme)prog, from, to, &oldest, &youngest);
		for (int32_t b = from - 5 * 366; b <= to; b++) {
			if (!core_hv_due_in_period(&P, (enum core_hv_programme)prog, b, from, to,
						   NULL, NULL))
				continue;
			inside++;
			assert_true(b >= oldest);
			assert_true(b <= youngest);
		}
		assert_true(inside > 100);
		assert_true(youngest - oldest < inside + 20);
	}
}

static void offer_dates(void **state)
{
	int32_t b = D("2024-03-15");
	(void)state;

	/* Window opens 2025-09-15; 31 days' lead: from 2025-08-15. */
	assert_int_equal(core_hv_check_offer_date(&P, HV_VISIT_1_5Y, b, D("2025-08-14")),
			 HV_OFFER_DATE_TOO_EARLY);
	assert_int_equal(core_hv_check_offer_date(&P, HV_VISIT_1_5Y, b, D("2025-08-15")),
			 HV_OFFER_DATE_OK);
	assert_int_equal(core_hv_check_offer_date(&P, HV_VISIT_1_5Y, b, D("2025-12-14")),
			 HV_OFFER_DATE_OK);
	assert_int_equal(core_hv_check_offer_date(&P, HV_VISIT_1_5Y, b, D("2025-12-15")),
			 HV_OFFER_DATE_TOO_LATE);
	assert_int_equal(core_hv_check_offer_date(&P, HV_VISIT_3Y, b, D("2025-12-01")),
			 HV_OFFER_DATE_TOO_EARLY);
}

static void criteria(void **state)
{
	struct core_hv_facts f = {HV_TOPI_NONE, -1, false, false};
	struct core_hv_params q = P;
	(void)state;

	/* Nothing known: not in the target group. */
	assert_int_equal(core_hv_criterion_applied(&P, &f), HV_CRITERION__COUNT);
	assert_int_equal(core_hv_criteria_mask(&P, &f), 0);
	/* TOPI green is not; yellow and red are. */
	f.topi = HV_TOPI_GREEN;
	assert_int_equal(core_hv_criterion_applied(&P, &f), HV_CRITERION__COUNT);
	f.topi = HV_TOPI_YELLOW;
	assert_int_equal(core_hv_criterion_applied(&P, &f), HV_CRIT_TOPI);
	f.topi = HV_TOPI_RED;
	assert_int_equal(core_hv_criterion_applied(&P, &f), HV_CRIT_TOPI);
	f.topi = HV_TOPI_GREEN;
	/* More than 5 visits: 5 is not enough, 6 is. */
	f.first_year_visits = 5;
	assert_int_equal(core_hv_criterion_applied(&P, &f), HV_CRITERION__COUNT);
	f.first_year_visits = 6;
	assert_int_equal(core_hv_criterion_applied(&P, &f), HV_CRIT_FIRST_YEAR_VISITS);
	/* A municipality with "more than 8". */
	q.first_year_visits_more_than = 8;
	assert_int_equal(core_hv_criterion_applied(&q, &f), HV_CRITERION__COUNT);
	f.first_year_visits = 0;
	f.daycare_observation = true;
	assert_int_equal(core_hv_criterion_applied(&P, &f), HV_CRIT_DAYCARE_OBSERVATION);
	f.daycare_observation = false;
	f.self_referral = true;
	assert_int_equal(core_hv_criterion_applied(&P, &f), HV_CRIT_SELF_REFERRAL);
	/* Several apply: the first in order is the one recorded, the mask has all. */
	f.topi = HV_TOPI_RED;
	f.first_year_visits = 9;
	f.daycare_observation = true;
	assert_int_equal(core_hv_criterion_applied(&P, &f), HV_CRIT_TOPI);
	assert_int_equal(core_hv_criteria_mask(&P, &f), 0xf);
	/* A municipality that does not use TOPI. */
	q = P;
	q.criterion_enabled[HV_CRIT_TOPI] = false;
	assert_int_equal(core_hv_criterion_applied(&q, &f), HV_CRIT_FIRST_YEAR_VISITS);
	assert_int_equal(core_hv_criteria_mask(&q, &f), 0xe);
	q.criterion_enabled[HV_CRIT_FIRST_YEAR_VISITS] = false;
	q.criterion_enabled[HV_CRIT_DAYCARE_OBSERVATION] = false;
	q.criterion_enabled[HV_CRIT_SELF_REFERRAL] = false;
	assert_int_equal(core_hv_criterion_applied(&q, &f), HV_CRITERION__COUNT);
}

static void offer_state_machine(void **state)
{
	(void)state;
	/* accepted and declined from offered */
	assert_int_equal(core_hv_check_answer(&P, HV_OFFERED, HV_ANSWER_ACCEPTED, 0), HV_STEP_OK);
	assert_int_equal(core_hv_check_answer(&P, HV_OFFERED, HV_ANSWER_DECLINED, 0), HV_STEP_OK);
	assert_int_equal(core_hv_answer_status(HV_ANSWER_ACCEPTED), HV_ACCEPTED);
	assert_int_equal(core_hv_answer_status(HV_ANSWER_DECLINED), HV_DECLINED);
	assert_int_equal(core_hv_answer_status(HV_ANSWER_NEVER_REACHED), HV_NEVER_REACHED);
	/* never reached only after 3 unreached attempts */
	assert_int_equal(core_hv_check_answer(&P, HV_OFFERED, HV_ANSWER_NEVER_REACHED, 0),
			 HV_STEP_TOO_FEW_ATTEMPTS);
	assert_int_equal(core_hv_check_answer(&P, HV_OFFERED, HV_ANSWER_NEVER_REACHED, 2),
			 HV_STEP_TOO_FEW_ATTEMPTS);
	assert_int_equal(core_hv_check_answer(&P, HV_OFFERED, HV_ANSWER_NEVER_REACHED, 3),
			 HV_STEP_OK);
	assert_int_equal(core_hv_check_answer(&P, HV_OFFERED, HV_ANSWER_NEVER_REACHED, 7),
			 HV_STEP_OK);
	assert_int_equal(core_hv_attempts_left(&P, 0), 3);
	assert_int_equal(core_hv_attempts_left(&P, 2), 1);
	assert_int_equal(core_hv_attempts_left(&P, 3), 0);
	assert_int_equal(core_hv_attempts_left(&P, 5), 0);
	{
		struct core_hv_params q = P;

		q.never_reached_attempts = 5;
		assert_int_equal(core_hv_check_answer(&q, HV_OFFERED, HV_ANSWER_NEVER_REACHED, 4),
				 HV_STEP_TOO_FEW_ATTEMPTS);
	}
	/* the family cancels an accepted visit */
	assert_int_equal(core_hv_check_answer(&P, HV_ACCEPTED, HV_ANSWER_DECLINED, 0), HV_STEP_OK);
	assert_int_equal(core_hv_check_answer(&P, HV_ACCEPTED, HV_ANSWER_ACCEPTED, 0),
			 HV_STEP_WRONG_STATE);
	assert_int_equal(core_hv_check_answer(&P, HV_ACCEPTED, HV_ANSWER_NEVER_REACHED, 3),
			 HV_STEP_WRONG_STATE);
	/* final states stay final */
	for (int from = HV_DECLINED; from <= HV_VISITED; from++)
		for (int a = 0; a < HV_ANSWER__COUNT; a++)
			assert_int_equal(core_hv_check_answer(&P, (enum core_hv_offer_status)from,
							      (enum core_hv_answer)a, 9),
					 HV_STEP_WRONG_STATE);
	/* attempts while offered, a visit once accepted */
	assert_int_equal(core_hv_check_attempt(HV_OFFERED), HV_STEP_OK);
	for (int from = HV_ACCEPTED; from < HV_OFFER_STATUS__COUNT; from++)
		assert_int_equal(core_hv_check_attempt((enum core_hv_offer_status)from),
				 HV_STEP_WRONG_STATE);
	assert_int_equal(core_hv_check_visit(HV_ACCEPTED), HV_STEP_OK);
	assert_int_equal(core_hv_check_visit(HV_OFFERED), HV_STEP_WRONG_STATE);
	assert_int_equal(core_hv_check_visit(HV_VISITED), HV_STEP_WRONG_STATE);
	assert_int_equal(core_hv_check_visit(HV_DECLINED), HV_STEP_WRONG_STATE);
}

static void rating(void **state)
{
	(void)state;
	assert_true(core_hv_rating_valid(0));
	assert_true(core_hv_rating_valid(1));
	assert_true(core_hv_rating_valid(4));
	assert_false(core_hv_rating_valid(5));
	assert_false(core_hv_rating_valid(-1));
}

static void toybox_quarantine(void **state)
{
	int64_t back = T("2026-03-10", 9, 0, 0); /* 10:00 Danish time (CET) */
	struct core_toybox_facts f = {false, false, back};
	char msg[CORE_TOYBOX_MSG_SIZE];
	(void)state;

	assert_int_equal(core_toybox_free_at(&Q, &f), back + 72 * 3600);
	/* 71 hours 59 minutes after the return: still in quarantine. */
	assert_int_equal(core_toybox_state(&Q, &f, back + 71 * 3600 + 59 * 60), TOYBOX_QUARANTINE);
	assert_int_equal(core_toybox_state(&Q, &f, back + 72 * 3600 - 1), TOYBOX_QUARANTINE);
	/* 72 hours: free. */
	assert_int_equal(core_toybox_state(&Q, &f, back + 72 * 3600), TOYBOX_AVAILABLE);
	assert_int_equal(core_toybox_state(&Q, &f, back + 100 * 3600), TOYBOX_AVAILABLE);
	/* Right after the return. */
	assert_int_equal(core_toybox_state(&Q, &f, back), TOYBOX_QUARANTINE);
	/* A municipality with 48 hours. */
	{
		struct core_toybox_params q = {.quarantine_hours = 48};

		assert_int_equal(core_toybox_state(&q, &f, back + 48 * 3600 - 60),
				 TOYBOX_QUARANTINE);
		assert_int_equal(core_toybox_state(&q, &f, back + 48 * 3600), TOYBOX_AVAILABLE);
	}
	/* Never out: available; out: checked out; written off wins. */
	f.last_returned_at = 0;
	assert_int_equal(core_toybox_free_at(&Q, &f), 0);
	assert_int_equal(core_toybox_state(&Q, &f, back), TOYBOX_AVAILABLE);
	f.checked_out = true;
	assert_int_equal(core_toybox_state(&Q, &f, back), TOYBOX_CHECKED_OUT);
	f.written_off = true;
	assert_int_equal(core_toybox_state(&Q, &f, back), TOYBOX_WRITTEN_OFF);

	core_toybox_quarantine_message(back + 72 * 3600, msg);
	assert_string_equal(msg, "Kassen er i karantæne efter brug og kan først udlånes igen "
				 "13-03-2026 kl. 10:00");
	/* Seconds round up to the next whole minute. */
	core_toybox_quarantine_message(back + 72 * 3600 + 1, msg);
	assert_non_null(strstr(msg, "13-03-2026 kl. 10:01"));
}

static void danish_time(void **state)
{
	char out[REDE_DK_TIME_SIZE];
	(void)state;

	/* Winter: UTC+1. */
	rede_dk_time_format(T("2026-01-05", 23, 30, 0), out);
	assert_string_equal(out, "06-01-2026 kl. 00:30");
	/* Summer: UTC+2. */
	rede_dk_time_format(T("2026-07-01", 8, 15, 0), out);
	assert_string_equal(out, "01-07-2026 kl. 10:15");
	/* 2026: summer time from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC. */
	rede_dk_time_format(T("2026-03-29", 0, 59, 0), out);
	assert_string_equal(out, "29-03-2026 kl. 01:59");
	rede_dk_time_format(T("2026-03-29", 1, 0, 0), out);
	assert_string_equal(out, "29-03-2026 kl. 03:00");
	rede_dk_time_format(T("2026-10-25", 0, 59, 0), out);
	assert_string_equal(out, "25-10-2026 kl. 02:59");
	rede_dk_time_format(T("2026-10-25", 1, 0, 0), out);
	assert_string_equal(out, "25-10-2026 kl. 02:00");
	/* New Year's Eve rolls into the next year. */
	rede_dk_time_format(T("2026-12-31", 23, 0, 0), out);
	assert_string_equal(out, "01-01-2027 kl. 00:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(name_tables),         cmocka_unit_test(months),
		cmocka_unit_test(age_window),          cmocka_unit_test(birth_range),
		cmocka_unit_test(offer_dates),         cmocka_unit_test(criteria),
		cmocka_unit_test(offer_state_machine), cmocka_unit_test(rating),
		cmocka_unit_test(toybox_quarantine),   cmocka_unit_test(danish_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
