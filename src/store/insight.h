/*
 * insight.h - what a citizen's request for insight reads: every audit
 * entry about the person or their family's case (their own record, their
 * family, referrals, courses, goals, contacts). Found by the CPR number's
 * keyed lookup hash; the store never sees the number itself.
 */
#ifndef REDE_STORE_INSIGHT_H
#define REDE_STORE_INSIGHT_H

#include <stdint.h>

#include "rede/store.h"

/* The first registered person with this CPR lookup hash, in any
 * municipality; REDE_E_NOTFOUND when none. */
enum rede_err store_insight_person(struct store_conn *c, const char *cpr_hash, int64_t *person_id);

/* One access, as the audit log has it (strings valid during the call). */
struct insight_access {
	const char *at;          /* UTC, as stored */
	const char *action;
	const char *purpose;     /* "" when none */
	const char *outcome;
};
/* The accesses to the person's data, oldest first; fn returns non-zero to
 * stop. */
enum rede_err store_insight_each(struct store_conn *c, const char *cpr_hash,
				 int (*fn)(const struct insight_access *a, void *arg), void *arg);

#endif
