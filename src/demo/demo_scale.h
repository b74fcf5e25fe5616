/*
 * demo_scale.h - `rede demo --scale N|national`: SYNTHETIC data at the size
 * of a real municipality (N = 1: a mid-size municipality over four years)
 * or of the whole country (98 municipalities, ~250,000 children, ~5 million
 * contacts), for benchmarks and reports (issue 9, DESIGN §7).
 *
 * It runs after the small demo (cmd_demo.c) and adds to it: the first
 * municipality is the demo municipality itself, so the demo logins
 * (hjemmepaedagog, koordinator, leder) see a full-size caseload; national
 * adds 97 more synthetic municipalities (codes 9001-9097, no official
 * code). Same seed and same day give the same rows. Writes in large
 * transactions through the store functions the API uses; every CPR number
 * is encrypted and keyed-hashed exactly like the normal path.
 */
#ifndef REDE_DEMO_DEMO_SCALE_H
#define REDE_DEMO_DEMO_SCALE_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/crypto.h"
#include "rede/store.h"

/* Families (each with one child) of a scale-1 municipality over 4 years. */
#define DEMO_SCALE_FAMILIES 2550
/* The national set. */
#define DEMO_NATIONAL_MUNICIPALITIES 98
#define DEMO_NATIONAL_CHILDREN 250000

struct demo_scale_opts {
	double scale; /* families = scale * DEMO_SCALE_FAMILIES (ignored when national) */
	bool national;
	uint64_t seed;
	const struct crypto_keys *keys;
	const char *password_hash; /* every generated user gets it (the demo password) */
	/* The demo municipality and its users, which take part. */
	int64_t municipality_id;
	int64_t admin_unit_id; /* the administration: courses belong to it */
	int64_t coordinator_id;
	int64_t pedagogue_id; /* the demo home pedagogue gets a share of the courses */
	int64_t referrer_id;
};

struct demo_scale_stats {
	int64_t municipalities, families, persons, referrals, courses, goals, ratings, contacts;
	int64_t users;
	int64_t hv_offers, hv_visits; /* 1½- and 3-year visit offers and visits */
	/* COS-P and daycare cooperation (demo_scale_cosp.c) */
	int64_t cosp_trained, cosp_courses, cosp_offers, cosp_accepted, cosp_placed;
	int64_t cosp_started, cosp_completed;
	int64_t handovers, fgroups, fgroup_members, daycare_scores, consult_visits;
	double cosp_seconds; /* time spent generating those (not the commits) */
	double seconds;
	double crypto_seconds; /* time spent encrypting and hashing CPR numbers */
};

/* Generate. Opens its own transactions on s (one per chunk of families);
 * needs no concurrent writer. Prints progress to stderr. */
enum rede_err demo_scale_run(struct store *s, const struct demo_scale_opts *o,
			     struct demo_scale_stats *out);

#endif
