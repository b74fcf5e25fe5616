/*
 * planner.c - benchmark of the COS-P group planner on a municipality's
 * year: FAMILIES accepted families (default 400) tied to 60 daycare
 * institutions, some declared acquaintances, and COURSES open courses
 * (default 40) of 10 places. Prints one JSON line: milliseconds (median of
 * 5 runs), families placed, whether the plan was proven optimal.
 *
 *   bench/planner [FAMILIES [COURSES]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rede/core_planner.h"

static unsigned long long rng = 88172645463325252ULL;
static unsigned long long next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)atoi(argv[1]) : 400,
	       m = argc > 2 ? (size_t)atoi(argv[2]) : 40;
	struct plan_family *fam = calloc(n, sizeof(*fam));
	struct plan_course *crs = calloc(m, sizeof(*crs));
	int64_t(*dc)[2] = calloc(n, sizeof(*dc)), (*kn)[2] = calloc(n, sizeof(*kn));
	struct plan_result r = {0};
	double ms[5];

	for (size_t c = 0; c < m; c++) {
		crs[c].id = (int64_t)c + 1;
		crs[c].slot = (enum plan_slot)(c % SLOT__COUNT);
		crs[c].type =
			(enum plan_type)(next() % 10 < 6 ? GTYPE_MIXED : next() % GTYPE__COUNT);
		crs[c].capacity = 10;
	}
	for (size_t f = 0; f < n; f++) {
		fam[f].id = (int64_t)f + 1;
		fam[f].slots = (unsigned)(1u << (next() % SLOT__COUNT)) |
			       (next() % 2 ? 1u << (next() % SLOT__COUNT) : 0);
		fam[f].types = (1u << GTYPE_MIXED) | (unsigned)(1u << (next() % GTYPE__COUNT));
		fam[f].ndaycares = 1 + next() % 2;
		for (size_t d = 0; d < fam[f].ndaycares; d++)
			dc[f][d] = 1 + (int64_t)(next() % 60);
		fam[f].daycares = dc[f];
		fam[f].nknows = next() % 5 == 0;
		kn[f][0] = 1 + (int64_t)(next() % n);
		fam[f].knows = kn[f];
	}
	for (int i = 0; i < 5; i++) {
		struct timespec a, b;
		if (i)
			core_plan_result_release(&r);
		clock_gettime(CLOCK_MONOTONIC, &a);
		core_plan(fam, n, crs, m, 0, &r);
		clock_gettime(CLOCK_MONOTONIC, &b);
		ms[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	}
	qsort(ms, 5, sizeof(ms[0]), cmp);
	printf("{\"families\": %zu, \"courses\": %zu, \"ms_median\": %.2f, \"placed\": %d, "
	       "\"proven_optimal\": %s, \"nodes\": %ld}\n",
	       n, m, ms[2], r.placed, r.proven_optimal ? "true" : "false", r.nodes);
	core_plan_result_release(&r);
	free(fam);
	free(crs);
	free(dc);
	free(kn);
	return 0;
}
