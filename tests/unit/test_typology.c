/*
 * test_typology.c - the typology for promising practice (core_typology.h):
 * element scores as the share of yes answers, the total 0-11, and the
 * comparison statistics; with seed 004's questions individuel
 * tilrettelæggelse 0.71 is 5 of its 7 questions and monitorering 0.4 is
 * 2 of 5, as in the seed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rede/core_typology.h"

static void elements_and_codes(void **state)
{
	(void)state;
	assert_int_equal(TYP_ELEMENT__COUNT, 11);
	assert_int_equal(core_typology_element_parse("monitorering"), TYP_MONITORERING);
	assert_int_equal(core_typology_element_parse("nope"), TYP_ELEMENT__COUNT);
	assert_true(core_typology_element_locked(TYP_OEKONOMI));
	assert_true(core_typology_element_locked(TYP_FAGLIG_REFLEKSION));
	assert_false(core_typology_element_locked(TYP_VIRKNING));
	assert_string_equal(core_typology_element_labels_da[TYP_OEKONOMI], "Økonomi");
	assert_int_equal(core_typology_evidence_parse("costs_compared"), TYPEV_COSTS_COMPARED);
}

static void scores_are_shares_of_yes(void **state)
{
	int yes[TYP_ELEMENT__COUNT] = {0}, n[TYP_ELEMENT__COUNT] = {0};
	double score[TYP_ELEMENT__COUNT];
	(void)state;

	n[TYP_INDIVIDUEL_TILRETTELAEGGELSE] = 7;
	yes[TYP_INDIVIDUEL_TILRETTELAEGGELSE] = 5;
	n[TYP_MONITORERING] = 5;
	yes[TYP_MONITORERING] = 2;
	n[TYP_OEKONOMI] = 3;
	n[TYP_FAGLIG_REFLEKSION] = 3;
	yes[TYP_FAGLIG_REFLEKSION] = 3;
	assert_float_equal(core_typology_score(yes, n, score), 5.0 / 7 + 0.4 + 1, 1e-12);
	assert_float_equal(score[TYP_INDIVIDUEL_TILRETTELAEGGELSE], 0.714285, 1e-6);
	assert_float_equal(score[TYP_MONITORERING], 0.4, 1e-12);
	assert_float_equal(score[TYP_OEKONOMI], 0, 1e-12);
	assert_float_equal(score[TYP_VIRKNING], 0, 1e-12); /* no questions */
	for (int e = 0; e < TYP_ELEMENT__COUNT; e++)
		yes[e] = n[e] = 2;
	assert_float_equal(core_typology_score(yes, n, score), 11, 1e-12);
}

static void comparison_statistics(void **state)
{
	const double v[] = {9.04, 6.10, 7.6, 7.7, 8.5};
	struct core_stats s;
	(void)state;

	core_stats_of(v, 5, &s);
	assert_float_equal(s.min, 6.10, 1e-12);
	assert_float_equal(s.max, 9.04, 1e-12);
	assert_float_equal(s.median, 7.7, 1e-12);
	assert_float_equal(s.mean, (9.04 + 6.10 + 7.6 + 7.7 + 8.5) / 5, 1e-12);
	core_stats_of(v, 4, &s);
	assert_float_equal(s.median, (7.6 + 7.7) / 2, 1e-12);
	core_stats_of(v, 0, &s);
	assert_int_equal(s.n, 0);
	assert_float_equal(s.mean, 0, 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(elements_and_codes),
		cmocka_unit_test(scores_are_shares_of_yes),
		cmocka_unit_test(comparison_statistics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
