/*
 * test_visitation.c - the visitation assessment and decision rules, and
 * the name search key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rede/core_family.h"
#include "rede/core_visitation.h"
#include "rede/util.h"

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_true(rede_date_parse(s, &d));
	return d;
}

static const struct visitation_reason *reason(const struct visitation_assessment *a,
					      const char *code)
{
	for (int i = 0; i < a->n; i++)
		if (!strcmp(a->reasons[i].code, code))
			return &a->reasons[i];
	fail_msg("no reason %s", code);
	return NULL;
}

static void age_limit_boundary(void **state)
{
	struct visitation_input in = {.referred_on = day("2026-11-23"),
				      .expected_birth = VIS_NO_DATE,
				      .max_child_age_months = 36,
				      .parent_risks = 1,
				      .participation_consent = true};
	struct visitation_assessment a;
	(void)state;

	in.child_birth = day("2023-11-24"); /* 35 months and 30 days */
	core_visitation_assess(&in, &a);
	assert_true(reason(&a, "child_age")->ok);
	assert_true(a.in_target_group);
	in.child_birth = day("2023-11-23"); /* exactly 3 years */
	core_visitation_assess(&in, &a);
	assert_false(reason(&a, "child_age")->ok);
	assert_false(a.in_target_group);
	assert_non_null(strstr(reason(&a, "child_age")->text, "36 måneder"));
	/* not born yet: fine with an expected date, not without */
	in.child_birth = VIS_NO_DATE;
	in.expected_birth = day("2027-02-01");
	core_visitation_assess(&in, &a);
	assert_true(reason(&a, "child_age")->ok);
	in.expected_birth = VIS_NO_DATE;
	core_visitation_assess(&in, &a);
	assert_false(reason(&a, "child_age")->ok);
}

static void risks_section52_consent(void **state)
{
	struct visitation_input in = {.referred_on = day("2026-11-23"),
				      .child_birth = day("2025-05-01"),
				      .expected_birth = VIS_NO_DATE,
				      .max_child_age_months = 36};
	struct visitation_assessment a;
	(void)state;

	core_visitation_assess(&in, &a);
	assert_int_equal(a.n, 4);
	assert_false(reason(&a, "risk_factors")->ok);
	assert_false(reason(&a, "consent")->ok);
	assert_true(reason(&a, "section52")->ok);
	in.child_risks = 2;
	in.participation_consent = true;
	in.section52 = true;
	core_visitation_assess(&in, &a);
	assert_true(reason(&a, "risk_factors")->ok);
	assert_false(reason(&a, "section52")->ok);
	assert_false(a.in_target_group);
}

static void decision_rules(void **state)
{
	struct core_field_error e[4];
	(void)state;

	assert_int_equal(core_visitation_decision_check(VIS_ACCEPTED, false, NULL, NULL, NULL, e),
			 0);
	assert_int_equal(core_visitation_decision_check(VIS_ACCEPTED, true, NULL, NULL, "", e), 1);
	assert_string_equal(e[0].field, "section52_justification");
	assert_int_equal(core_visitation_decision_check(VIS_ACCEPTED, true, NULL, NULL, "fordi", e),
			 0);
	assert_int_equal(core_visitation_decision_check(VIS_REJECTED, false, "", NULL, NULL, e), 1);
	assert_string_equal(e[0].field, "reason");
	assert_int_equal(
		core_visitation_decision_check(VIS_REFERRED_ELSEWHERE, false, NULL, NULL, NULL, e),
		1);
	assert_string_equal(e[0].field, "other_intervention");
	assert_int_equal(core_visitation_decision_check(VIS_WAITLIST, true, NULL, NULL, NULL, e),
			 0);
	assert_int_equal(core_visitation_decision_check(VIS__COUNT, false, NULL, NULL, NULL, e), 1);
	assert_string_equal(e[0].field, "outcome");
}

static void search_key(void **state)
{
	char out[64];
	(void)state;

	assert_string_equal(core_search_key("  Familien   ÆRØSEN ", out, sizeof(out)),
			    "familien ærøsen");
	assert_string_equal(core_search_key("Åse Øster-Ébert", out, sizeof(out)),
			    "åse øster-ébert");
	assert_string_equal(core_search_key("æøå", out, sizeof(out)), "æøå");
	/* never splits a two-byte letter when cut short */
	core_search_key("ÆÆÆÆ", out, 6);
	assert_string_equal(out, "ææ");
	assert_int_equal(
		core_name_index(consent_purpose_names, CONSENT_PURPOSE__COUNT, "share_daycare"),
		CONSENT_SHARE_DAYCARE_P);
	assert_int_equal(core_name_index(consent_purpose_names, CONSENT_PURPOSE__COUNT, "x"),
			 CONSENT_PURPOSE__COUNT);
	assert_int_equal(core_name_index(consent_purpose_names, CONSENT_PURPOSE__COUNT, NULL),
			 CONSENT_PURPOSE__COUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(age_limit_boundary),
		cmocka_unit_test(risks_section52_consent),
		cmocka_unit_test(decision_rules),
		cmocka_unit_test(search_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
