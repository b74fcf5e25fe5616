/*
 * audit_person.h - what `rede audit person` reads (the lighter, audit-only
 * sibling of the full insight document of src/insight/): every audit
 * entry about the person or their family's case (their own record, their
 * family, referrals, courses, goals, contacts). Found by the CPR number's
 * keyed lookup hash; the store never sees the number itself.
 */
#ifndef REDE_STORE_AUDIT_PERSON_H
#define REDE_STORE_AUDIT_PERSON_H

#include <stdint.h>

#include "rede/store.h"

/* The first registered person with this CPR lookup hash, in any
 * municipality; REDE_E_NOTFOUND when none. */
enum rede_err store_audit_person_find(struct store_conn *c, const char *cpr_hash,
				      int64_t *person_id);

/* One access, as the audit log has it (strings valid during the call). */
struct audit_person_access {
	const char *at; /* UTC, as stored */
	const char *action;
	const char *purpose; /* "" when none */
	const char *outcome;
};
/* The accesses to the person's data, oldest first; fn returns non-zero to
 * stop. */
enum rede_err store_audit_person_each(struct store_conn *c, const char *cpr_hash,
				      int (*fn)(const struct audit_person_access *a, void *arg),
				      void *arg);

#endif
