/*
 * demo_cosp.h - SYNTHETIC COS-P courses and daycare cooperation for
 * `rede demo` (issue 6): trained staff, a finished and an upcoming COS-P
 * course with offers in every stage, handover conversations, the year's
 * consultant visits and a running family group with daily scores.
 */
#ifndef REDE_DEMO_DEMO_COSP_H
#define REDE_DEMO_DEMO_COSP_H

#include <stdint.h>

#include "rede/store.h"

struct demo_cosp_opts {
	int64_t municipality_id;
	int64_t unit_id;        /* the unit courses and groups belong to */
	int64_t daycare_ids[2]; /* the demo's daycare institutions */
	int64_t coordinator_id;
	int64_t health_visitor_id; /* facilitator, fixed health visitor, offers */
	int64_t pedagogue_id;      /* co-facilitator, family-group worker */
	uint64_t seed;
	int scale; /* sets of families */
};

/* Create it all inside the caller's transaction; *families gets how many
 * families were made. */
enum rede_err demo_cosp(struct store_conn *c, const struct demo_cosp_opts *o, int *families);

/* The same for `rede demo`'s users (koordinator, sundhedsplejerske,
 * hjemmepaedagog, looked up by name) and units. */
enum rede_err demo_cosp_for_demo_users(struct store_conn *c, int64_t municipality_id,
				       int64_t unit_id, int64_t daycare1, int64_t daycare2,
				       uint64_t seed, int scale, int *families);

#endif
