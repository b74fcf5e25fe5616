/*
 * goals.h - the goals of a home-pedagogue course and their dated ratings
 * in the store (DOMAIN §1.1 "Goals", §2).
 *
 * A goal belongs to one enrolment; its municipality is the enrolment's.
 * store_goal_get takes the municipality and answers REDE_E_NOTFOUND for
 * another's goal; the access rule (store/access.h) is the caller's job,
 * through the goal's enrolment.
 *
 * Ownership: struct goal_row owns text; goal_row_release frees it.
 */
#ifndef REDE_STORE_GOALS_H
#define REDE_STORE_GOALS_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/store.h"
#include "store/enrolments.h"

struct goal_row {
	int64_t id;
	int64_t enrolment_id;
	int64_t theme;
	char focus_area[32];
	char *text;
	int64_t baseline;
	int64_t target;
	char agreed_on[STORE_DATE_SIZE];
	char attainment[16]; /* "" until closure */
	int64_t created_at;
	int64_t version;
};
void goal_row_init(struct goal_row *g);
void goal_row_release(struct goal_row *g);

/* Sets id, created_at, version = 1. */
enum rede_err store_goal_insert(struct store_conn *c, struct goal_row *g);
enum rede_err store_goal_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			     struct goal_row *out);
/* Theme, focus area, text, baseline, target, agreed_on and attainment when
 * the stored version equals g->version; bumps it. REDE_E_CONFLICT when
 * stale. */
enum rede_err store_goal_update(struct store_conn *c, struct goal_row *g);
/* Goals of an enrolment, oldest first; the row is released after fn. */
enum rede_err store_goal_each(struct store_conn *c, int64_t enrolment_id,
			      int (*fn)(struct store_conn *c, const struct goal_row *g, void *arg),
			      void *arg);

struct rating_row {
	int64_t id;
	int64_t goal_id;
	char rated_on[STORE_DATE_SIZE];
	int64_t value;
	char by[16]; /* core_rater_names */
	int64_t recorded_by;
	int64_t created_at;
};
enum rede_err store_rating_insert(struct store_conn *c, struct rating_row *r);
/* Ratings of a goal, oldest first. */
enum rede_err store_rating_each(struct store_conn *c, int64_t goal_id,
				int (*fn)(const struct rating_row *r, void *arg), void *arg);

#endif
