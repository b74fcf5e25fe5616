/*
 * test_zone.c - the Danish calendar day (rede_today, rede_dk_day) and the
 * zone reader behind it: the midnight boundaries in winter and summer time,
 * the changes to and from summer time, instants past the zone file's last
 * transition, the built-in rule agreeing with the system zone data, and
 * first use from many threads at once. Needs Debian's tzdata (DEB_PKGS).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rede/util.h"
#include "util/zone.h"

/* Unix seconds of y-m-d hh:mm UTC. */
static int64_t utc(int y, int m, int d, int hh, int mm)
{
	return (int64_t)rede_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60;
}

#define THREADS 8

static void *ask_today(void *arg)
{
	*(int32_t *)arg = rede_dk_day(utc(2025, 12, 4, 23, 30));
	return NULL;
}

/* First: the zone is loaded by whichever of many threads comes first. */
static void first_use_from_threads(void **state)
{
	pthread_t t[THREADS];
	int32_t day[THREADS];
	(void)state;

	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, ask_today, &day[i]), 0);
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(day[i], rede_days_from_civil(2025, 12, 5));
	}
}

static void midnight_winter(void **state)
{
	(void)state;
	/* 23:30 UTC on 4 December is 00:30 on 5 December in Denmark (CET). */
	assert_int_equal(rede_dk_day(utc(2025, 12, 4, 23, 30)), rede_days_from_civil(2025, 12, 5));
	assert_int_equal(rede_dk_day(utc(2025, 12, 4, 22, 59)), rede_days_from_civil(2025, 12, 4));
	assert_int_equal(rede_dk_day(utc(2025, 12, 4, 23, 0)), rede_days_from_civil(2025, 12, 5));
	assert_int_equal(rede_dk_offset(utc(2025, 12, 4, 23, 30)), 3600);
}

static void midnight_summer(void **state)
{
	(void)state;
	/* 22:30 UTC on 30 June is 00:30 on 1 July in Denmark (CEST). */
	assert_int_equal(rede_dk_day(utc(2026, 6, 30, 22, 30)), rede_days_from_civil(2026, 7, 1));
	assert_int_equal(rede_dk_day(utc(2026, 6, 30, 21, 59)), rede_days_from_civil(2026, 6, 30));
	assert_int_equal(rede_dk_day(utc(2026, 6, 30, 22, 0)), rede_days_from_civil(2026, 7, 1));
	assert_int_equal(rede_dk_offset(utc(2026, 6, 30, 22, 30)), 7200);
}

/* rede_today reads the one clock: shifted to the boundary instants. */
static void today_follows_the_clock(void **state)
{
	struct {
		int64_t at;
		int32_t want;
	} cases[] = {
		{utc(2025, 12, 4, 23, 30), rede_days_from_civil(2025, 12, 5)},
		{utc(2025, 12, 4, 22, 30), rede_days_from_civil(2025, 12, 4)},
		{utc(2026, 6, 30, 22, 30), rede_days_from_civil(2026, 7, 1)},
		{utc(2026, 6, 30, 21, 30), rede_days_from_civil(2026, 6, 30)},
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rede_clock_set_offset_ms(0);
		rede_clock_set_offset_ms(cases[i].at * 1000 - rede_now_ms());
		assert_int_equal(rede_today(), cases[i].want);
	}
	rede_clock_set_offset_ms(0);
}

static void summer_time_changes(void **state)
{
	(void)state;
	/* 2026: summer time from 01:00 UTC on 29 March to 01:00 UTC on 25 October */
	assert_int_equal(rede_dk_offset(utc(2026, 3, 29, 0, 59)), 3600);
	assert_int_equal(rede_dk_offset(utc(2026, 3, 29, 1, 0)), 7200);
	assert_int_equal(rede_dk_offset(utc(2026, 10, 25, 0, 59)), 7200);
	assert_int_equal(rede_dk_offset(utc(2026, 10, 25, 1, 0)), 3600);
	/* far beyond the transitions a zone file lists: its rule decides */
	assert_int_equal(rede_dk_offset(utc(2090, 7, 1, 12, 0)), 7200);
	assert_int_equal(rede_dk_offset(utc(2090, 1, 1, 12, 0)), 3600);
	assert_int_equal(rede_dk_offset(utc(2090, 3, 26, 0, 59)), 3600);
	assert_int_equal(rede_dk_offset(utc(2090, 3, 26, 1, 0)), 7200);
}

/* The answers come from the system zone data, not the built-in rule:
 * Denmark had no summer time 1949-1979, and in 1980 it ended on 28
 * September, where the EU rule would say summer until 26 October. */
static void zone_data_is_read(void **state)
{
	(void)state;
	assert_int_equal(rede_dk_offset(utc(1960, 7, 1, 12, 0)), 3600);
	assert_int_equal(rede_dk_offset(utc(1980, 10, 15, 12, 0)), 3600);
	assert_int_equal(rede_dk_offset(utc(1980, 7, 1, 12, 0)), 7200);
}

/* The built-in EU rule (used without a zone file) gives what the system
 * zone data gives, every six hours from 1997 to 2100. */
static void rule_agrees_with_zone_data(void **state)
{
	struct zone z = {0};
	(void)state;

	assert_true(zone_from_rule("CET-1CEST,M3.5.0,M10.5.0/3", &z));
	for (int64_t t = utc(1997, 1, 1, 0, 0); t < utc(2100, 1, 1, 0, 0); t += 6 * 3600)
		assert_int_equal(zone_offset(&z, t), rede_dk_offset(t));
	/* and exactly at each change */
	for (int y = 1997; y < 2100; y++) {
		int64_t mar = utc(y, 3, 31, 1, 0), oct = utc(y, 10, 31, 1, 0);
		int64_t mar_last = mar - (((mar / 86400 + 4) % 7)) * 86400;
		int64_t oct_last = oct - (((oct / 86400 + 4) % 7)) * 86400;

		assert_int_equal(zone_offset(&z, mar_last - 1), 3600);
		assert_int_equal(rede_dk_offset(mar_last - 1), 3600);
		assert_int_equal(zone_offset(&z, mar_last), 7200);
		assert_int_equal(rede_dk_offset(mar_last), 7200);
		assert_int_equal(zone_offset(&z, oct_last - 1), 7200);
		assert_int_equal(rede_dk_offset(oct_last - 1), 7200);
		assert_int_equal(zone_offset(&z, oct_last), 3600);
		assert_int_equal(rede_dk_offset(oct_last), 3600);
	}
	zone_release(&z);
}

static void other_rules(void **state)
{
	struct zone z = {0};
	(void)state;

	/* southern hemisphere: summer time spans the new year */
	assert_true(zone_from_rule("AEST-10AEDT,M10.1.0,M4.1.0/3", &z));
	assert_int_equal(zone_offset(&z, utc(2026, 1, 15, 0, 0)), 11 * 3600);
	assert_int_equal(zone_offset(&z, utc(2026, 7, 15, 0, 0)), 10 * 3600);
	/* no summer time, a name in brackets, a negative offset */
	assert_true(zone_from_rule("<-03>3", &z));
	assert_int_equal(zone_offset(&z, utc(2026, 1, 15, 0, 0)), -3 * 3600);
	/* Julian day forms: J60 is 1 March even in a leap year */
	assert_true(zone_from_rule("XST-1XDT,J60/0,J300/0", &z));
	assert_int_equal(zone_offset(&z, utc(2024, 2, 29, 22, 0)), 3600);
	assert_int_equal(zone_offset(&z, utc(2024, 2, 29, 23, 0)), 7200);
	assert_false(zone_from_rule("", &z));
	assert_false(zone_from_rule("CET", &z));
	assert_false(zone_from_rule("CET-1CEST,M13.5.0,M10.5.0", &z));
	assert_false(zone_from_rule("CET-1CEST,M3.5.0", &z));
	zone_release(&z);
}

static void tzif_rejects_garbage(void **state)
{
	struct zone z;
	unsigned char junk[64] = "TZif2";
	(void)state;

	assert_false(zone_parse_tzif((const unsigned char *)"", 0, &z));
	assert_false(zone_parse_tzif((const unsigned char *)"not a zone file at all", 22, &z));
	assert_false(zone_parse_tzif(junk, sizeof(junk), &z)); /* no time types */
	junk[39] = 1;                                          /* one type, but no data */
	assert_false(zone_parse_tzif(junk, sizeof(junk), &z));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_use_from_threads),
		cmocka_unit_test(midnight_winter),
		cmocka_unit_test(midnight_summer),
		cmocka_unit_test(today_follows_the_clock),
		cmocka_unit_test(summer_time_changes),
		cmocka_unit_test(rule_agrees_with_zone_data),
		cmocka_unit_test(other_rules),
		cmocka_unit_test(tzif_rejects_garbage),
		cmocka_unit_test(zone_data_is_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
