/*
 * access.h - object-level access to case content (DESIGN §5), checked
 * server-side on every object, after the route's role mask.
 *
 * Who sees a family's case content (persons, consents, referrals,
 * enrolments, goals, contacts):
 *   - staff assigned to one of the family's enrolments (enrolment_staff);
 *   - leaders, when one of the family's enrolments belongs to one of their
 *     units;
 *   - the health visitor of one of the family's 1½-/3-year visit offers
 *     (hv_offer.health_visitor_id), and leaders of the offer's unit;
 *   - coordinators of the municipality (they run visitation);
 *   - the user who created the family or referred it, so a referral can be
 *     completed by the person who started it.
 * A family deleted by retention (family.deleted_at) is seen by no one.
 * admin and evaluator never see case content; daycare users see only what
 * parents consented to share (their own endpoints, later issues).
 * Another municipality's object, or one the caller may not see, is
 * REDE_E_NOTFOUND: the API answers 404 in both cases (no existence oracle).
 */
#ifndef REDE_STORE_ACCESS_H
#define REDE_STORE_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/store.h"

/* The caller, as far as access is concerned (http fills it from the
 * authenticated request). */
struct access_who {
	int64_t municipality_id;
	int64_t user_id;
	int64_t roles;
};

/* REDE_OK when the caller may see the family's case content. */
enum rede_err store_access_family(struct store_conn *c, const struct access_who *a, int64_t family_id);
/* Is the family in the caller's own caseload (issue 18)? It is when the
 * caller created or referred it, is assigned to one of its courses or
 * visit offers, leads the unit of one, or it has a case still open (a
 * referral awaiting decision or on the waiting list, a course not closed,
 * a visit offer not answered). A family a coordinator sees only through
 * the role is outside: reading it needs a stated purpose. Call after
 * store_access_family. */
enum rede_err store_access_family_own(struct store_conn *c, const struct access_who *a,
				      int64_t family_id, bool *own);
/* The family of an enrolment, when the caller may see it. */
enum rede_err store_access_enrolment(struct store_conn *c, const struct access_who *a,
			       int64_t enrolment_id, int64_t *family_id);
/* A WHERE condition on a family alias "f" restricting a list to the
 * families the caller may see (the same condition access_family uses), and
 * the binder for its parameters. */
const char *store_access_family_filter_sql(const struct access_who *a);
/* Bind the parameters of store_access_family_filter_sql starting at idx;
 * returns the next free index. */
int store_access_family_filter_bind(struct store_stmt *st, int idx, const struct access_who *a);

#endif
