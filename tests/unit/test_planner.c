/*
 * test_planner.c - the COS-P group planner: its hard rules on hand-made and
 * generated instances, optimality against brute force on small ones, and
 * determinism.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rede/core_planner.h"

#define ALL_SLOTS ((1u << SLOT__COUNT) - 1)
#define ALL_TYPES ((1u << GTYPE__COUNT) - 1)

static uint64_t rng;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* ---- generated instances ---- */
struct instance {
	struct plan_family fam[400];
	struct plan_course crs[40];
	int64_t dc[400][2];
	int64_t knows[400][2];
	size_t n, m;
};

static void generate(struct instance *in, size_t n, size_t m, int daycares, int maxcap)
{
	memset(in, 0, sizeof(*in));
	in->n = n;
	in->m = m;
	for (size_t c = 0; c < m; c++) {
		in->crs[c].id = 1000 + (int64_t)c;
		in->crs[c].slot = (enum plan_slot)(next() % SLOT__COUNT);
		in->crs[c].type = (enum plan_type)(next() % GTYPE__COUNT);
		in->crs[c].capacity = 1 + (int)(next() % (unsigned)maxcap);
	}
	for (size_t f = 0; f < n; f++) {
		struct plan_family *p = &in->fam[f];
		p->id = 1 + (int64_t)f;
		p->slots = (unsigned)(1 + next() % ALL_SLOTS);
		p->types = (unsigned)(1 + next() % ALL_TYPES);
		p->ndaycares = next() % 3;
		for (size_t d = 0; d < p->ndaycares; d++)
			in->dc[f][d] = 1 + (int64_t)(next() % (unsigned)daycares);
		p->daycares = in->dc[f];
		p->nknows = n > 1 ? next() % 2 : 0;
		for (size_t k = 0; k < p->nknows; k++)
			in->knows[f][k] = 1 + (int64_t)(next() % n);
		p->knows = in->knows[f];
	}
}

/* Every rule holds in the result; returns how many were placed. */
static int check_rules(const struct instance *in, const struct plan_result *r)
{
	int load[40] = {0}, placed = 0;

	assert_int_equal(r->n, in->n);
	for (size_t i = 0; i < in->n; i++) {
		const struct plan_outcome *o = &r->outcomes[i];
		assert_int_equal(o->family_id, in->fam[i].id);
		if (!o->course_id) {
			assert_int_not_equal(o->reason, PLAN_PLACED);
			continue;
		}
		assert_int_equal(o->reason, PLAN_PLACED);
		size_t c = (size_t)(o->course_id - 1000);
		assert_true(c < in->m);
		assert_true(in->fam[i].slots & (1u << in->crs[c].slot));
		assert_true(in->fam[i].types & (1u << in->crs[c].type));
		load[c]++;
		placed++;
		for (size_t j = 0; j < i; j++) {
			int64_t dc;
			if (r->outcomes[j].course_id == o->course_id)
				assert_false(core_plan_conflict(&in->fam[i], &in->fam[j], &dc));
		}
	}
	for (size_t c = 0; c < in->m; c++)
		assert_true(load[c] <= in->crs[c].capacity);
	assert_int_equal(placed, r->placed);
	return placed;
}

/* Brute force: the most families placeable (small instances only). */
static int brute(const struct instance *in, size_t f, int *load, int *where)
{
	int best, here;

	if (f == in->n)
		return 0;
	best = brute(in, f + 1, load, where); /* leave f out */
	for (size_t c = 0; c < in->m; c++) {
		bool ok = load[c] < in->crs[c].capacity &&
			  (in->fam[f].slots & (1u << in->crs[c].slot)) &&
			  (in->fam[f].types & (1u << in->crs[c].type));
		for (size_t g = 0; g < f && ok; g++) {
			int64_t dc;
			if (where[g] == (int)c && core_plan_conflict(&in->fam[f], &in->fam[g], &dc))
				ok = false;
		}
		if (!ok)
			continue;
		load[c]++;
		where[f] = (int)c;
		here = 1 + brute(in, f + 1, load, where);
		where[f] = -1;
		load[c]--;
		if (here > best)
			best = here;
	}
	return best;
}

static void optimal_on_small_instances(void **state)
{
	static struct instance in;
	(void)state;

	rng = 0x1234567;
	for (int round = 0; round < 300; round++) {
		struct plan_result r;
		int load[40] = {0}, where[400];

		generate(&in, 2 + next() % 8, 1 + next() % 3, 4, 3);
		for (size_t i = 0; i < in.n; i++)
			where[i] = -1;
		core_plan(in.fam, in.n, in.crs, in.m, 0, &r);
		int got = check_rules(&in, &r);
		assert_true(r.proven_optimal);
		assert_int_equal(got, brute(&in, 0, load, where));
		core_plan_result_release(&r);
	}
}

static void rules_and_determinism_at_municipality_scale(void **state)
{
	static struct instance in;
	(void)state;

	rng = 0xfeedbeef;
	for (int round = 0; round < 5; round++) {
		struct plan_result a, b;

		generate(&in, 300 + next() % 100, 30 + next() % 10, 60, 10);
		core_plan(in.fam, in.n, in.crs, in.m, 200000, &a);
		core_plan(in.fam, in.n, in.crs, in.m, 200000, &b);
		check_rules(&in, &a);
		assert_int_equal(a.placed, b.placed);
		assert_int_equal(a.nodes, b.nodes);
		assert_memory_equal(a.outcomes, b.outcomes, a.n * sizeof(*a.outcomes));
		core_plan_result_release(&a);
		core_plan_result_release(&b);
	}
}

static void explanations(void **state)
{
	/* 1 and 2 share daycare 7; 4 says it knows 3; 5 wants evenings only */
	static const int64_t dc7[] = {7};
	static const int64_t knows3[] = {3};
	struct plan_family f[] = {
		{1, ALL_SLOTS, ALL_TYPES, dc7, 1, NULL, 0},
		{2, ALL_SLOTS, ALL_TYPES, dc7, 1, NULL, 0},
		{3, ALL_SLOTS, ALL_TYPES, NULL, 0, NULL, 0},
		{4, ALL_SLOTS, ALL_TYPES, NULL, 0, knows3, 1},
		{5, 1u << SLOT_EVENING, ALL_TYPES, NULL, 0, NULL, 0},
	};
	struct plan_course c[] = {{100, SLOT_MORNING, GTYPE_MIXED, 2}};
	struct plan_result r;
	(void)state;

	core_plan(f, 5, c, 1, 0, &r);
	assert_int_equal(r.placed, 2);
	assert_true(r.proven_optimal);
	/* the two placed are never a tied pair */
	int64_t a = 0, b = 0, dc;
	for (int i = 0; i < 5; i++)
		if (r.outcomes[i].course_id)
			*(a ? &b : &a) = r.outcomes[i].family_id;
	assert_false(core_plan_conflict(&f[a - 1], &f[b - 1], &dc));
	assert_int_equal(r.outcomes[4].reason, PLAN_NO_MATCHING_COURSE);
	assert_int_equal(r.outcomes[4].matching_courses, 0);
	for (int i = 0; i < 4; i++)
		if (!r.outcomes[i].course_id)
			assert_int_equal(r.outcomes[i].reason, PLAN_ALL_FULL);
	core_plan_result_release(&r);

	/* with room but a tie: the reason names the family in the way */
	struct plan_course big[] = {{100, SLOT_MORNING, GTYPE_MIXED, 10}};
	core_plan(f, 2, big, 1, 0, &r);
	assert_int_equal(r.placed, 1);
	int left = r.outcomes[0].course_id ? 1 : 0;
	assert_int_equal(r.outcomes[left].reason, PLAN_CONFLICT);
	assert_int_equal(r.outcomes[left].conflict_family_id, f[1 - left].id);
	assert_int_equal(r.outcomes[left].conflict_daycare_id, 7);
	core_plan_result_release(&r);

	/* a declared acquaintance counts in both directions */
	assert_true(core_plan_conflict(&f[2], &f[3], &dc));
	assert_int_equal(dc, 0);
	assert_true(core_plan_conflict(&f[3], &f[2], &dc));
}

/* A course the family must avoid (a tied family is already placed there)
 * is never chosen, even when it is the only one with room. */
static void avoided_courses(void **state)
{
	static const int64_t avoid100[] = {100};
	struct plan_family f[] = {
		{1, ALL_SLOTS, ALL_TYPES, NULL, 0, NULL, 0, avoid100, 1},
		{2, ALL_SLOTS, ALL_TYPES, NULL, 0, NULL, 0, NULL, 0},
	};
	struct plan_course c[] = {{100, SLOT_MORNING, GTYPE_MIXED, 5},
				  {101, SLOT_MORNING, GTYPE_MIXED, 1}};
	struct plan_result r;
	(void)state;

	core_plan(f, 2, c, 2, 0, &r);
	assert_int_equal(r.placed, 2);
	assert_int_equal(r.outcomes[0].course_id, 101);
	assert_int_equal(r.outcomes[1].course_id, 100);
	assert_int_equal(r.outcomes[0].matching_courses, 1);
	core_plan_result_release(&r);

	core_plan(f, 1, c, 1, 0, &r);
	assert_int_equal(r.placed, 0);
	assert_int_equal(r.outcomes[0].reason, PLAN_NO_MATCHING_COURSE);
	core_plan_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(explanations),
		cmocka_unit_test(avoided_courses),
		cmocka_unit_test(optimal_on_small_instances),
		cmocka_unit_test(rules_and_determinism_at_municipality_scale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
