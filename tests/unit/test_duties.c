/*
 * test_duties.c - the pure rules of issue 18: the purposes of a look-up and
 * the purpose a route implies; retention periods (calendar months, the
 * event they run from), what an archive delivery covers, what a retention
 * run may delete; the Danish calendar day at the DST edges; and that the
 * audit hash covers the purpose while older entries keep theirs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rede/core.h"
#include "rede/core_purpose.h"
#include "rede/core_retention.h"
#include "rede/util.h"

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_true(rede_date_parse(s, &d));
	return d;
}

static void purposes(void **state)
{
	(void)state;
	assert_int_equal(core_purpose_parse("identity"), PURPOSE_IDENTITY);
	assert_int_equal(core_purpose_parse("nonsense"), PURPOSE__COUNT);
	assert_int_equal(core_purpose_parse(NULL), PURPOSE__COUNT);
	/* the short list the user picks from, and nothing implied among it */
	assert_true(core_purpose_choosable(PURPOSE_CASEWORK));
	assert_true(core_purpose_choosable(PURPOSE_CORRECTION));
	assert_false(core_purpose_choosable(PURPOSE_STATISTICS));
	assert_false(core_purpose_choosable(PURPOSE_INSIGHT));
	assert_false(core_purpose_choosable(PURPOSE__COUNT));
	for (int i = 0; i < PURPOSE__COUNT; i++) {
		assert_non_null(core_purpose_names[i]);
		assert_true(strlen(core_purpose_labels[i]) > 10);
		assert_int_equal(core_purpose_parse(core_purpose_names[i]), i);
	}
	/* what a route implies */
	assert_int_equal(core_purpose_of_route("GET", "/api/v1/reports/{name}"),
			 PURPOSE_STATISTICS);
	assert_int_equal(core_purpose_of_route("GET", "/api/v1/families/{id}"), PURPOSE_CASEWORK);
	assert_int_equal(core_purpose_of_route("POST", "/api/v1/referrals/{id}/decision"),
			 PURPOSE_VISITATION);
	assert_int_equal(core_purpose_of_route("GET", "/api/v1/daycare/children"),
			 PURPOSE_DAYCARE_SHARING);
	assert_int_equal(core_purpose_of_route("POST", "/api/v1/insight"), PURPOSE_INSIGHT);
	assert_int_equal(core_purpose_of_route("POST", "/api/v1/legal-holds"), PURPOSE_LEGAL_HOLD);
	assert_int_equal(core_purpose_of_route("POST", "/api/v1/session"), PURPOSE_ADMINISTRATION);
	/* a command-line verb's purpose, from its "cli VERB" text */
	assert_int_equal(core_purpose_of_cli("cli report evaluation"), PURPOSE_STATISTICS);
	assert_int_equal(core_purpose_of_cli("cli audit person"), PURPOSE_INSIGHT);
	assert_int_equal(core_purpose_of_cli("cli restore"), PURPOSE_BACKUP);
	assert_int_equal(core_purpose_of_cli("cli hold add"), PURPOSE_LEGAL_HOLD);
	assert_int_equal(core_purpose_of_cli("cli user add"), PURPOSE_ADMINISTRATION);
	assert_int_equal(core_purpose_of_cli("cli demo"), PURPOSE_ADMINISTRATION);
	assert_int_equal(core_purpose_of_cli(NULL), PURPOSE_ADMINISTRATION);
	assert_string_equal(core_purpose_label("parent_request"),
			    "Forældrene har selv henvendt sig");
	assert_string_equal(core_purpose_label("unknown_code"), "unknown_code");
}

static void months(void **state)
{
	char out[11];
	(void)state;
	rede_date_format(core_add_months(day("2020-01-31"), 1), out);
	assert_string_equal(out, "2020-02-29"); /* leap year: the month's last day */
	rede_date_format(core_add_months(day("2021-01-31"), 1), out);
	assert_string_equal(out, "2021-02-28");
	rede_date_format(core_add_months(day("2019-03-15"), 120), out);
	assert_string_equal(out, "2029-03-15");
	rede_date_format(core_add_months(day("2019-11-30"), 3), out);
	assert_string_equal(out, "2020-02-29");
	rede_date_format(core_add_months(day("2019-11-30"), 0), out);
	assert_string_equal(out, "2019-11-30");
}

static void periods_and_verdicts(void **state)
{
	struct core_retention_rule end5 = {60, RET_FROM_END}, last10 = {120, RET_FROM_LAST_ENTRY};
	int32_t closed = day("2015-06-30"), last = day("2016-02-01");
	(void)state;

	assert_int_equal(core_retention_expires(&end5, closed, last), day("2020-06-30"));
	assert_int_equal(core_retention_expires(&last10, closed, last), day("2026-02-01"));
	assert_int_equal(core_retention_expires(&end5, CORE_NO_DATE, last), CORE_NO_DATE);

	/* open, kept, then due: waits for the archive, for a released hold */
	assert_int_equal(
		core_retention_verdict(&end5, CORE_NO_DATE, last, day("2030-01-01"), true, false),
		RET_OPEN);
	assert_int_equal(
		core_retention_verdict(&end5, closed, last, day("2020-06-29"), true, false),
		RET_KEPT);
	assert_int_equal(
		core_retention_verdict(&end5, closed, last, day("2020-06-30"), false, false),
		RET_NOT_ARCHIVED);
	assert_int_equal(core_retention_verdict(&end5, closed, last, day("2020-06-30"), true, true),
			 RET_HELD);
	assert_int_equal(
		core_retention_verdict(&end5, closed, last, day("2020-06-30"), true, false),
		RET_DELETE);
	/* last entry: the newer date counts */
	assert_int_equal(
		core_retention_verdict(&last10, closed, last, day("2026-01-31"), true, false),
		RET_KEPT);
}

static void covered(void **state)
{
	struct core_archive_cover c[2] = {{day("2018-12-31"), 1600000000},
					  {day("2020-12-31"), 1700000000}};
	(void)state;

	/* ended before the delivered day and entered before the export */
	assert_true(core_retention_covered(day("2018-06-01"), 1500000000, c, 2));
	assert_true(core_retention_covered(day("2020-06-01"), 1650000000, c, 2));
	/* ended after every delivered day */
	assert_false(core_retention_covered(day("2021-01-01"), 1500000000, c, 2));
	/* dated in a delivered period but entered after its export: not in it */
	assert_false(core_retention_covered(day("2018-06-01"), 1750000000, c, 2));
	assert_false(core_retention_covered(day("2018-06-01"), 1700000000, c, 2)); /* same second */
	assert_false(core_retention_covered(CORE_NO_DATE, 1, c, 2));
	assert_false(core_retention_covered(day("2018-06-01"), 1, NULL, 0));
}

static void kinds(void **state)
{
	(void)state;
	assert_int_equal(core_case_kind_parse("health_visit"), CASE_HEALTH_VISIT);
	assert_int_equal(core_case_kind_parse("x"), CASE_KIND__COUNT);
	assert_true(core_retention_programme_valid(CASE_COURSE, "cosp"));
	assert_false(core_retention_programme_valid(CASE_COURSE, "visit_3y"));
	assert_true(core_retention_programme_valid(CASE_HEALTH_VISIT, "visit_3y"));
	assert_false(core_retention_programme_valid(CASE_KIND__COUNT, "all"));
	assert_int_equal(core_retention_event_parse("last_entry"), RET_FROM_LAST_ENTRY);
	assert_int_equal(core_retention_event_parse("closure"), RET_FROM__COUNT);
}

static int64_t at(const char *date, int h, int m)
{
	return (int64_t)day(date) * 86400 + h * 3600 + m * 60;
}

static void danish_day(void **state)
{
	char out[11];
	(void)state;
	/* winter: UTC+1 - 23:30 UTC on 4 December is 00:30 on 5 December */
	rede_date_format(rede_dk_day(at("2026-12-04", 23, 30)), out);
	assert_string_equal(out, "2026-12-05");
	rede_date_format(rede_dk_day(at("2026-12-04", 22, 59)), out);
	assert_string_equal(out, "2026-12-04");
	assert_int_equal(rede_dk_offset(at("2026-12-04", 12, 0)), 3600);
	/* summer: UTC+2 - 22:30 UTC on 30 June is 00:30 on 1 July */
	rede_date_format(rede_dk_day(at("2026-06-30", 22, 30)), out);
	assert_string_equal(out, "2026-07-01");
	/* the switches: last Sunday of March and of October, 01:00 UTC */
	assert_int_equal(rede_dk_offset(at("2026-03-29", 0, 59)), 3600);
	assert_int_equal(rede_dk_offset(at("2026-03-29", 1, 0)), 7200);
	assert_int_equal(rede_dk_offset(at("2026-10-25", 0, 59)), 7200);
	assert_int_equal(rede_dk_offset(at("2026-10-25", 1, 0)), 3600);
}

static void audit_purpose_hashed(void **state)
{
	char a[CORE_AUDIT_HASH_HEX], b[CORE_AUDIT_HASH_HEX], c[CORE_AUDIT_HASH_HEX];
	struct core_audit_entry e = {
		.id = 7,
		.at = "2026-11-23T04:30:00.123Z",
		.municipality_id = 3,
		.user_id = 9,
		.username = "hanne",
		.action = "reveal",
		.entity = "person",
		.entity_id = "42",
		.purpose = "GET /api/v1/persons/{id}/cpr",
		.outcome = "ok",
	};
	(void)state;

	core_audit_hash(core_audit_genesis, &e, a); /* an entry written before purposes */
	e.purpose_code = "identity";
	core_audit_hash(core_audit_genesis, &e, b);
	e.purpose_code = "casework";
	core_audit_hash(core_audit_genesis, &e, c);
	assert_string_not_equal(a, b);
	assert_string_not_equal(b, c);
	e.purpose_code = NULL;
	core_audit_hash(core_audit_genesis, &e, b);
	assert_string_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(purposes),
		cmocka_unit_test(months),
		cmocka_unit_test(periods_and_verdicts),
		cmocka_unit_test(covered),
		cmocka_unit_test(kinds),
		cmocka_unit_test(danish_day),
		cmocka_unit_test(audit_purpose_hashed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
