/*
 * demo_visits.h - SYNTHETIC health-visitor visits at 1½ and 3 years for
 * `rede demo` (issue 5): families with children in and past the age
 * windows, criteria records, offers with attempts and answers in roughly
 * the seed's proportions, visits with topics, materials and ratings, the
 * demo health visitor's knowledge of the materials, and toy boxes in every
 * state. Deterministic for --seed.
 */
#ifndef REDE_DEMO_DEMO_VISITS_H
#define REDE_DEMO_DEMO_VISITS_H

#include <stdint.h>

#include "demo/demo_courses.h"
#include "rede/store.h"

/* Create the visits inside the caller's transaction, for the health
 * visitor o->referrer_id, whose offers belong to unit hv_unit_id. Adds the
 * families made to *families. */
enum rede_err demo_visits(struct store_conn *c, const struct demo_course_opts *o,
			  int64_t hv_unit_id, int *families);

#endif
