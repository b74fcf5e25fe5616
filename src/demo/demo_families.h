/*
 * demo_families.h - the family side of the synthetic demo cases: a
 * household with a child (CPR or expected birth date) and guardians,
 * consents, a referral and, when given, the visitation decision. Used by
 * demo_courses.c; kept apart so the course generator does not depend on
 * how families and referrals are stored.
 */
#ifndef REDE_DEMO_DEMO_FAMILIES_H
#define REDE_DEMO_DEMO_FAMILIES_H

#include <stdbool.h>
#include <stdint.h>

#include "demo/demo_courses.h"
#include "rede/store.h"
#include "store/families.h"

struct demo_family_spec {
	char family_name[64];
	const char *surname;
	const char *child_given;
	const char *child_cpr;  /* NULL: not born yet, see expected_birth */
	int32_t expected_birth; /* days since epoch, when child_cpr is NULL */
	const char *mother_given, *mother_cpr;
	const char *father_given, *father_cpr; /* father_given NULL = single parent */
	bool share_daycare;                    /* consent to share with daycare given */
	int32_t referred_on;
	const char *decision; /* visitation outcome, NULL = still pending */
};

struct demo_family {
	int64_t family_id;
	int64_t child_id;
	int64_t mother_id;
	int64_t referral_id;
	int64_t share_consent_id; /* 0 = none */
	bool share_daycare;
};

enum rede_err demo_family_create(struct store_conn *c, const struct demo_course_opts *o,
				 const struct demo_family_spec *spec, struct demo_family *out);
/* The parents withdraw the share_daycare consent from the given day. */
enum rede_err demo_family_withdraw_share(struct store_conn *c, const struct demo_course_opts *o,
					 const struct demo_family *f, int32_t from);

/* The core's assessment of a demo referral as the coordinator saw it when
 * deciding (same rules and snapshot format as the API: the reports count
 * its reasons), as JSON text the caller frees; NULL on a store error.
 * birth / expected are days since epoch, 0 when not known; the family has
 * given its participation consent. */
char *demo_assessment(struct store_conn *c, int64_t municipality_id, int32_t referred_on,
		      int32_t birth, int32_t expected, int nrisks, bool section52);

/* The common part of a demo person, for every generator: p zeroed and
 * filled with family, kind, names and lives_with_child (1, 0 or -1). */
void demo_person_begin(struct person_row *p, int64_t family_id, const char *kind, const char *given,
		       const char *surname, int lives_with_child);
/* A valid CPR number (10 digits) stored as the API stores it: encrypted,
 * keyed-hashed, birth date from it. */
void demo_person_set_cpr(struct person_row *p, const struct crypto_keys *keys, const char *cpr);
/* Store p with the search key of its names; *id is set; p is released. */
enum rede_err demo_person_save(struct store_conn *c, int64_t municipality_id, struct person_row *p,
			       int64_t *id);

#endif
