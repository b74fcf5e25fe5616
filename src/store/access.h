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
 * parents consented to share (store_access_handover, the daycare filter).
 * Another municipality's object, or one the caller may not see, is
 * REDE_E_NOTFOUND: the API answers 404 in both cases (no existence oracle).
 *
 * The object a route's path names is loaded through these rules by
 * src/http/objects.c (which rule for which kind of object is its table);
 * together with the role masks of src/http/routes.c they say who may see
 * and do what.
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
enum rede_err store_access_family(struct store_conn *c, const struct access_who *a,
				  int64_t family_id);
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
/* The family of an enrolment of the home-pedagogue programme (a "course"),
 * when the caller may see it; COS-P and family-group enrolments are not
 * courses (REDE_E_NOTFOUND). */
enum rede_err store_access_course(struct store_conn *c, const struct access_who *a,
				  int64_t enrolment_id, int64_t *family_id);
/* Staff roles in the case work; a daycare user without one of them sees
 * only what was shared with daycare. */
bool store_access_daycare_only(const struct access_who *a);
/* A handover conversation: staff who may see the family; a daycare-only
 * user while it is shared with them (store_access_daycare_filter_sql) on
 * day ("YYYY-MM-DD"). */
enum rede_err store_access_handover(struct store_conn *c, const struct access_who *a,
				    int64_t handover_id, int64_t family_id, const char *day);
/* A consultant visit to a daycare institution: coordinators and leaders of
 * the municipality, the visit's health visitor, daycare users of the
 * institution (unit_id). The visit's own municipality is checked by the
 * caller's load. */
enum rede_err store_access_consult_visit(struct store_conn *c, const struct access_who *a,
					 int64_t unit_id, int64_t health_visitor_id);
/* A health visitor's own page (materials): an active health visitor of the
 * municipality, asked about by themself, a coordinator or a leader. */
enum rede_err store_access_health_visitor(struct store_conn *c, const struct access_who *a,
					  int64_t user_id);

/* A WHERE condition on a handover alias "h": shared with the daycare user
 * - a member of the handover's institution, the parents' consent to share
 * with daycare in force on the day. Parameters: user, day, day; bound by
 * store_access_daycare_filter_bind from idx, which returns the next. */
const char *store_access_daycare_filter_sql(void);
int store_access_daycare_filter_bind(struct store_stmt *st, int idx, int64_t user_id,
				     const char *day);

/* A WHERE condition on a family alias "f" restricting a list to the
 * families the caller may see (the same condition access_family uses), and
 * the binder for its parameters. */
const char *store_access_family_filter_sql(const struct access_who *a);
/* The same condition written as a set: the families the caller may see
 * are gathered once (one hashed or materialised subquery) instead of the
 * rule's subqueries running for each candidate family - for a search
 * whose prefix matches every family of the municipality (issue 22). The
 * same parameters, bound by store_access_family_filter_bind. */
const char *store_access_family_set_sql(void);
/* Bind the parameters of store_access_family_filter_sql starting at idx;
 * returns the next free index. */
int store_access_family_filter_bind(struct store_stmt *st, int idx, const struct access_who *a);

/* Whether the caller reaches families only through their own work: no
 * coordinator's blanket ground and no leader's unit ground (a home
 * pedagogue, a health visitor, daycare staff). For them the condition
 * above is the same as "f.id IN (store_access_family_narrow_sql()) AND
 * f.municipality_id = ? AND f.deleted_at IS NULL": a few hundred ids at
 * most, which a search can start from instead of every family whose
 * words match the prefix (issue 22 goal 3). */
bool store_access_family_is_narrow(const struct access_who *a);
/* The ids of those families (a SELECT of one column, without the
 * municipality and deletion checks, which the caller adds). Parameters:
 * the user four times, bound by store_access_family_narrow_bind from idx,
 * which returns the next free index. */
const char *store_access_family_narrow_sql(void);
int store_access_family_narrow_bind(struct store_stmt *st, int idx, const struct access_who *a);

/* For a list: store_access_family_filter_sql in the form that is quick
 * for the caller - for a narrow caller the families reached through their
 * own work as an id list ("f.municipality_id = ? AND f.deleted_at IS NULL
 * AND f.id IN (...)"), so a list of a municipality's referrals or offers
 * starts from a health visitor's few hundred families instead of testing
 * the rule on every row (0.66 s -> 0.01 s for a national health visitor's
 * referrals); for anyone else the filter itself. Same rows either way.
 * Bound by store_access_family_list_bind from idx (returns the next). */
const char *store_access_family_list_sql(const struct access_who *a);
int store_access_family_list_bind(struct store_stmt *st, int idx, const struct access_who *a);

#endif
