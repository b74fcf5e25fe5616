/*
 * demo_courses.h - SYNTHETIC home-pedagogue cases for `rede demo`
 * (issue 3 item 11): families with generated names and CPR numbers,
 * referrals and courses in every state, for the demo users.
 */
#ifndef REDE_DEMO_DEMO_COURSES_H
#define REDE_DEMO_DEMO_COURSES_H

#include <stdint.h>

#include "rede/crypto.h"
#include "rede/store.h"

struct demo_course_opts {
	int64_t municipality_id;
	int64_t unit_id;        /* the unit courses belong to (its leader reads them) */
	int64_t coordinator_id; /* referrals, decisions and courses are made by */
	int64_t pedagogue_id;   /* assigned to every course */
	int64_t referrer_id;    /* the health visitor who refers */
	const struct crypto_keys *keys;
	uint64_t seed; /* --seed: the same seed gives the same people */
	int scale;     /* --scale: sets of cases (each covers every state) */
};

/* Create the cases inside the caller's transaction. *families gets how
 * many families were made. */
enum rede_err demo_courses(struct store_conn *c, const struct demo_course_opts *o, int *families);

#endif
