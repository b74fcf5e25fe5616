/*
 * demo_scale_cosp.h - the COS-P and daycare part of `rede demo --scale`
 * (issue 9): per generated municipality, COS-P trained staff, courses,
 * offers with the seeds' funnel, placements that respect the planner's
 * ties, attendance and ratings; handover conversations with daycare;
 * family groups with goals, daily scores and status meetings; and the
 * consultant visits' annual wheel. SYNTHETIC data only.
 *
 * demo_scale.c drives it: demo_scale_cosp_begin after a municipality's
 * units and staff exist, demo_scale_cosp_family for every family it has
 * made (in the family's transaction), demo_scale_cosp_end before the
 * municipality's last commit. The state has its own PRNG stream per
 * municipality, so the home-pedagogue rows do not change with it and the
 * same seed and day give the same rows.
 *
 * Ownership: the state is allocated by _begin and freed by _end (also on
 * error); the arrays in struct demo_scale_muni are borrowed and must live
 * until _end.
 */
#ifndef REDE_DEMO_DEMO_SCALE_COSP_H
#define REDE_DEMO_DEMO_SCALE_COSP_H

#include <stdbool.h>
#include <stdint.h>

#include "demo/demo_scale.h"
#include "rede/store.h"

/* What demo_scale.c knows of one municipality. */
struct demo_scale_muni {
	struct store_conn *c;
	int64_t municipality_id;
	int64_t admin_unit, hv_unit;
	const int64_t *daycares, *peds, *coords, *hvs;
	int ndaycares, nped, ncoord, nhv;
	int64_t families; /* families this municipality will get */
	int32_t today;    /* days since 1970-01-01 */
	int32_t window;   /* the generated period's length in days */
	uint64_t seed;    /* this municipality's stream */
};

/* One generated family. birth 0: not born yet. */
struct demo_scale_family {
	int64_t id, child, mother;
	int32_t referred; /* the consents are given on this day */
	int32_t birth;
};

struct demo_scale_cosp;

enum rede_err demo_scale_cosp_begin(const struct demo_scale_muni *m, struct demo_scale_stats *st,
				    struct demo_scale_cosp **out);
enum rede_err demo_scale_cosp_family(struct demo_scale_cosp *x, const struct demo_scale_family *f);
/* Finishes the municipality (the family groups' closing rows) and frees x. */
enum rede_err demo_scale_cosp_end(struct demo_scale_cosp *x, enum rede_err err);

#endif
