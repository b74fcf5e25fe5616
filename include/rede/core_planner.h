/*
 * core_planner.h - the COS-P group planner (issue 6, DOMAIN §1.3).
 *
 * Places families who accepted a COS-P offer into open courses (hold):
 *   - never more families in a course than its capacity;
 *   - only in a course whose time slot and type the family accepts;
 *   - NEVER two families in one course who are tied to the same daycare
 *     institution or who declared that they know each other (seed 003:
 *     "Vær varsom med at sammensætte grupper ...").
 * It maximises the number of families placed: a greedy placement of the
 * most constrained families first, improved by moving placed families to
 * make room, then an exact branch-and-bound search with a fixed node budget
 * that proves the result optimal for instances of a municipality's size or
 * stops with the best found. No clock is read: the same input always gives
 * the same plan. Every placement and every family left out is explained.
 *
 * Pure C: no I/O. The caller owns all arrays; core_plan_result_release
 * frees what core_plan allocates.
 */
#ifndef REDE_CORE_PLANNER_H
#define REDE_CORE_PLANNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum plan_slot { SLOT_MORNING, SLOT_AFTERNOON, SLOT_EVENING, SLOT__COUNT };
enum plan_type { GTYPE_MOTHERS, GTYPE_COUPLES, GTYPE_MIXED, GTYPE_INDIVIDUAL, GTYPE__COUNT };
extern const char *const plan_slot_names[SLOT__COUNT];
extern const char *const plan_type_names[GTYPE__COUNT];
/* In Danish, for the planner's explanations. */
extern const char *const plan_slot_labels_da[SLOT__COUNT];
extern const char *const plan_type_labels_da[GTYPE__COUNT];

struct plan_family {
	int64_t id;
	unsigned slots;          /* bit set of 1 << enum plan_slot accepted */
	unsigned types;          /* bit set of 1 << enum plan_type accepted */
	const int64_t *daycares; /* institutions the family is tied to */
	size_t ndaycares;
	const int64_t *knows; /* families it declared it knows */
	size_t nknows;
	/* courses the family must not join although they match (a family it
	 * is tied to is already placed there); may be NULL */
	const int64_t *avoid;
	size_t navoid;
};

struct plan_course {
	int64_t id;
	enum plan_slot slot;
	enum plan_type type;
	int capacity; /* places still free */
};

enum plan_reason {
	PLAN_PLACED,
	PLAN_NO_MATCHING_COURSE, /* no course in an accepted slot and type */
	PLAN_ALL_FULL,           /* matching courses exist but are full */
	PLAN_CONFLICT,           /* every matching course with room has a tied family */
	PLAN_REASON__COUNT
};
extern const char *const plan_reason_names[PLAN_REASON__COUNT];

struct plan_outcome {
	int64_t family_id;
	int64_t course_id; /* 0 when not placed */
	enum plan_reason reason;
	/* for PLAN_CONFLICT: one family that blocks it, and why */
	int64_t conflict_family_id;
	int64_t conflict_daycare_id; /* 0 = declared acquaintance */
	int matching_courses;        /* courses in accepted slot and type */
};

struct plan_result {
	struct plan_outcome *outcomes; /* one per family, in input order */
	size_t n;
	int placed;
	bool proven_optimal; /* the search finished within its budget */
	long nodes;          /* search nodes used */
};

/* Plan. node_budget bounds the exact search (0 = a default of 2 million). */
void core_plan(const struct plan_family *families, size_t nfam, const struct plan_course *courses,
	       size_t ncourses, long node_budget, struct plan_result *out);
void core_plan_result_release(struct plan_result *r);

/* Do families a and b conflict (shared daycare or declared acquaintance, in
 * either direction)? *daycare gets the shared institution, 0 if none. */
bool core_plan_conflict(const struct plan_family *a, const struct plan_family *b, int64_t *daycare);

#endif
