/*
 * access.c - who may see which family's case content (see access.h).
 */
#include "store/access.h"
#include "rede/core.h"
#include "rede/core_programme.h"

/* One condition, used both for single objects and for list filtering, so
 * the two can never disagree. Parameters: municipality, coordinator flag,
 * user (created_by), user (referred_by), user (assigned), user (leader),
 * leader flag, user (health visitor of a visit offer), user (leader of the
 * offer's unit), leader flag. */

#define FAMILY_FILTER                                                                              \
	"f.municipality_id = ? AND f.deleted_at IS NULL AND ("                                     \
	" ? = 1"                                                                                   \
	" OR f.created_by = ?"                                                                     \
	" OR EXISTS (SELECT 1 FROM referral r WHERE r.family_id = f.id AND r.referred_by = ?)"     \
	" OR EXISTS (SELECT 1 FROM enrolment e JOIN enrolment_staff s ON s.enrolment_id = e.id"    \
	"            WHERE e.family_id = f.id AND s.user_id = ?)"                                  \
	" OR EXISTS (SELECT 1 FROM enrolment e JOIN unit_member m ON m.unit_id = e.unit_id"        \
	"            WHERE e.family_id = f.id AND m.user_id = ? AND ? = 1)"                        \
	" OR EXISTS (SELECT 1 FROM hv_offer o WHERE o.family_id = f.id"                            \
	"            AND o.health_visitor_id = ?)"                                                 \
	" OR EXISTS (SELECT 1 FROM hv_offer o JOIN unit_member m ON m.unit_id = o.unit_id"         \
	"            WHERE o.family_id = f.id AND m.user_id = ? AND ? = 1))"

static const char family_filter[] = FAMILY_FILTER;
/* FAMILY_FILTER as a set, ground by ground and parameter by parameter in
 * the same order (store_access_family_set_sql). */
static const char family_set_filter[] =
	"f.municipality_id = ? AND f.deleted_at IS NULL AND ("
	" ? = 1"
	" OR f.created_by = ?"
	" OR f.id IN (SELECT r.family_id FROM referral r WHERE r.referred_by = ?"
	"  UNION SELECT e.family_id FROM enrolment e JOIN enrolment_staff s ON"
	"   s.enrolment_id = e.id WHERE s.user_id = ?"
	"  UNION SELECT e.family_id FROM enrolment e JOIN unit_member m ON m.unit_id = e.unit_id"
	"   WHERE m.user_id = ? AND ? = 1"
	"  UNION SELECT o.family_id FROM hv_offer o WHERE o.health_visitor_id = ?"
	"  UNION SELECT o.family_id FROM hv_offer o JOIN unit_member m ON m.unit_id = o.unit_id"
	"   WHERE m.user_id = ? AND ? = 1))";
/* FAMILY_FILTER's grounds when both flags are 0, as a list of ids (the
 * municipality and deletion checks are the caller's): created, referred,
 * assigned to a course, health visitor of a visit offer. Parameters: the
 * user four times (store_access_family_narrow_bind). */
#define FAMILY_NARROW_IDS                                                                          \
	"SELECT g.id FROM family g WHERE g.created_by = ?"                                         \
	" UNION SELECT r.family_id FROM referral r WHERE r.referred_by = ?"                        \
	" UNION SELECT e.family_id FROM enrolment e JOIN enrolment_staff s ON"                     \
	"  s.enrolment_id = e.id WHERE s.user_id = ?"                                              \
	" UNION SELECT o.family_id FROM hv_offer o WHERE o.health_visitor_id = ?"
static const char family_narrow_ids[] = FAMILY_NARROW_IDS;
/* FAMILY_FILTER for a caller with both flags 0, from the narrow ids. */
static const char family_list_narrow[] =
	"f.municipality_id = ? AND f.deleted_at IS NULL AND f.id IN (" FAMILY_NARROW_IDS ")";
/* The caller's own caseload: the grounds above without the coordinator's
 * blanket one, or a case still open (visitation's daily work). */
static const char family_own_sql[] =
	"SELECT count(*) FROM family f WHERE f.id = ? AND ((" FAMILY_FILTER ")"
	" OR EXISTS (SELECT 1 FROM referral r WHERE r.family_id = f.id"
	"            AND r.status IN ('pending', 'waitlist'))"
	" OR EXISTS (SELECT 1 FROM enrolment e WHERE e.family_id = f.id AND e.status <> 'closed')"
	" OR EXISTS (SELECT 1 FROM hv_offer o WHERE o.family_id = f.id"
	"            AND o.status IN ('offered', 'accepted')))";

/* The daycare rule: the user is a member of the institution and the
 * parents' consent to share with daycare is in force on the day. */
#define DAYCARE_FILTER                                                                             \
	"EXISTS (SELECT 1 FROM unit_member m WHERE m.unit_id = h.unit_id AND m.user_id = ?) AND "  \
	"EXISTS (SELECT 1 FROM consent k WHERE k.family_id = h.family_id AND "                     \
	"k.purpose = 'share_daycare' AND k.given_on <= ? AND "                                     \
	"(k.withdrawn_on IS NULL OR k.withdrawn_on > ?))"
static const char daycare_filter[] = DAYCARE_FILTER;
static const char family_one_sql[] =
	"SELECT count(*) FROM family f WHERE f.id = ? AND " FAMILY_FILTER;

static bool case_role(const struct access_who *a)
{
	int64_t staff = ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_HOME_PEDAGOGUE) |
			ROLE_BIT(ROLE_HEALTH_VISITOR) | ROLE_BIT(ROLE_DAYCARE) |
			ROLE_BIT(ROLE_LEADER);
	return (a->roles & staff) != 0;
}

const char *store_access_family_filter_sql(const struct access_who *a)
{
	(void)a;
	return family_filter;
}

const char *store_access_family_set_sql(void)
{
	return family_set_filter;
}

/* Bind the filter's parameters; with_role false leaves out the
 * coordinator's blanket ground (the caller's own caseload). */
static int filter_bind(struct store_stmt *st, int idx, const struct access_who *a, bool with_role)
{
	bool coord = with_role && (a->roles & ROLE_BIT(ROLE_COORDINATOR)) != 0;
	bool leader = (a->roles & ROLE_BIT(ROLE_LEADER)) != 0;
	/* Users without a case role match nothing: user id 0 never exists. */
	int64_t uid = case_role(a) ? a->user_id : 0;

	const struct store_arg args[] = {STORE_INT(a->municipality_id),
					 STORE_INT(coord ? 1 : 0),
					 STORE_INT(uid),
					 STORE_INT(uid),
					 STORE_INT(uid),
					 STORE_INT(uid),
					 STORE_INT(leader ? 1 : 0),
					 STORE_INT(uid),
					 STORE_INT(uid),
					 STORE_INT(leader ? 1 : 0)};

	return store_bind_list(st, idx, args, sizeof(args) / sizeof(args[0]));
}

int store_access_family_filter_bind(struct store_stmt *st, int idx, const struct access_who *a)
{
	return filter_bind(st, idx, a, true);
}

bool store_access_family_is_narrow(const struct access_who *a)
{
	return !(a->roles & (ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_LEADER)));
}

const char *store_access_family_narrow_sql(void)
{
	return family_narrow_ids;
}

int store_access_family_narrow_bind(struct store_stmt *st, int idx, const struct access_who *a)
{
	/* the same user id as filter_bind: 0 (nobody) without a case role */
	int64_t uid = case_role(a) ? a->user_id : 0;

	return store_bind_list(st, idx,
			       (const struct store_arg[]){STORE_INT(uid), STORE_INT(uid),
							  STORE_INT(uid), STORE_INT(uid)},
			       4);
}

const char *store_access_family_list_sql(const struct access_who *a)
{
	return store_access_family_is_narrow(a) ? family_list_narrow : family_filter;
}

int store_access_family_list_bind(struct store_stmt *st, int idx, const struct access_who *a)
{
	if (!store_access_family_is_narrow(a))
		return filter_bind(st, idx, a, true);
	store_bind_int(st, idx, a->municipality_id);
	return store_access_family_narrow_bind(st, idx + 1, a);
}

enum rede_err store_access_family(struct store_conn *c, const struct access_who *a,
				  int64_t family_id)
{
	struct store_stmt *st = store_prepare(c, family_one_sql);
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(family_id));
	store_access_family_filter_bind(st, 2, a);
	err = store_run_int(st, &n);
	if (err)
		return err;
	return n > 0 ? REDE_OK : REDE_E_NOTFOUND;
}

enum rede_err store_access_enrolment(struct store_conn *c, const struct access_who *a,
				     int64_t enrolment_id, int64_t *family_id)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT family_id FROM enrolment WHERE id = ? AND municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(enrolment_id), STORE_INT(a->municipality_id));
	err = store_run_int(st, family_id);
	if (err)
		return err;
	return store_access_family(c, a, *family_id);
}

enum rede_err store_access_family_own(struct store_conn *c, const struct access_who *a,
				      int64_t family_id, bool *own)
{
	struct store_stmt *st = store_prepare(c, family_own_sql);
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(family_id));
	filter_bind(st, 2, a, false);
	err = store_run_int(st, &n);
	*own = n > 0;
	return err;
}

enum rede_err store_access_course(struct store_conn *c, const struct access_who *a,
				  int64_t enrolment_id, int64_t *family_id)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT family_id FROM enrolment WHERE id = ? AND municipality_id = ? AND "
		   "programme = '" PROGRAMME_HOME_PEDAGOGUE "'");
	enum rede_err err;

	store_bind_all(st, STORE_INT(enrolment_id), STORE_INT(a->municipality_id));
	err = store_run_int(st, family_id);
	if (err)
		return err;
	return store_access_family(c, a, *family_id);
}

bool store_access_daycare_only(const struct access_who *a)
{
	int64_t staff = ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_HOME_PEDAGOGUE) |
			ROLE_BIT(ROLE_HEALTH_VISITOR) | ROLE_BIT(ROLE_LEADER);

	return (a->roles & ROLE_BIT(ROLE_DAYCARE)) && !(a->roles & staff);
}

const char *store_access_daycare_filter_sql(void)
{
	return daycare_filter;
}

int store_access_daycare_filter_bind(struct store_stmt *st, int idx, int64_t user_id,
				     const char *day)
{
	const struct store_arg args[] = {STORE_INT(user_id), STORE_TEXT(day), STORE_TEXT(day)};

	return store_bind_list(st, idx, args, sizeof(args) / sizeof(args[0]));
}

enum rede_err store_access_handover(struct store_conn *c, const struct access_who *a,
				    int64_t handover_id, int64_t family_id, const char *day)
{
	struct store_stmt *st;
	int64_t n = 0;
	enum rede_err err;

	if (!store_access_daycare_only(a))
		return store_access_family(c, a, family_id);
	st = store_prepare(c, "SELECT count(*) FROM handover h WHERE h.id = ? AND "
			      "h.municipality_id = ? AND " DAYCARE_FILTER);
	store_bind_all(st, STORE_INT(handover_id), STORE_INT(a->municipality_id));
	store_access_daycare_filter_bind(st, 3, a->user_id, day);
	err = store_run_int(st, &n);
	if (!err && !n)
		err = REDE_E_NOTFOUND;
	return err;
}

enum rede_err store_access_consult_visit(struct store_conn *c, const struct access_who *a,
					 int64_t unit_id, int64_t health_visitor_id)
{
	struct store_stmt *st;
	int64_t n = 0;
	enum rede_err err;

	if ((a->roles & (ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_LEADER))) ||
	    ((a->roles & ROLE_BIT(ROLE_HEALTH_VISITOR)) && health_visitor_id == a->user_id))
		return REDE_OK;
	if (!(a->roles & ROLE_BIT(ROLE_DAYCARE)))
		return REDE_E_NOTFOUND;
	st = store_prepare(c, "SELECT count(*) FROM unit_member WHERE unit_id = ? AND user_id = ?");
	store_bind_all(st, STORE_INT(unit_id), STORE_INT(a->user_id));
	err = store_run_int(st, &n);
	if (!err && !n)
		err = REDE_E_NOTFOUND;
	return err;
}

enum rede_err store_access_health_visitor(struct store_conn *c, const struct access_who *a,
					  int64_t user_id)
{
	int64_t readers = ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_LEADER);
	struct store_stmt *st;
	int64_t roles = 0;
	enum rede_err err;

	st = store_prepare(c, "SELECT roles FROM app_user WHERE id = ? AND municipality_id = ? AND "
			      "disabled_at IS NULL");
	store_bind_all(st, STORE_INT(user_id), STORE_INT(a->municipality_id));
	err = store_run_int(st, &roles);
	if (err)
		return err;
	if (!(roles & ROLE_BIT(ROLE_HEALTH_VISITOR)) ||
	    (user_id != a->user_id && !(a->roles & readers)))
		return REDE_E_NOTFOUND;
	return REDE_OK;
}
