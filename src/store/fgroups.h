/*
 * fgroups.h - the Aarhus family groups (DOMAIN §1.6, seed 004) in the
 * store: groups of 4-8 families meeting weekly for 12-16 weeks with
 * rolling intake, their group workers, members (a child with its family
 * and its daycare institution), goals per child set at a start meeting,
 * the daycare's daily 1-4 score per goal with what it did, and status
 * meetings every 6 weeks.
 *
 * A member owns an enrolment (programme 'family_group') whose staff are
 * the group workers and whose unit is the group's unit, so the one access
 * rule (store/access.h) decides which staff see the family; the caller
 * checks it. Daycare users reach members only through
 * store_fgroup_daycare_* which demand membership of the child's
 * institution and the parents' share_daycare consent in force.
 *
 * Tenancy: functions taking a municipality_id answer REDE_E_NOTFOUND for
 * another municipality's row. Rows hold text in fixed buffers; nothing to
 * release.
 */
#ifndef REDE_STORE_FGROUPS_H
#define REDE_STORE_FGROUPS_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/core_cosp.h"
#include "rede/core_programme.h"
#include "rede/store.h"
#include "store/access.h"

#define FGROUP_MAX_WORKERS 4
#define FGROUP_NAME_MAX 120
#define FGROUP_TEXT_MAX 1000

enum rede_err store_fgroup_params(struct store_conn *c, int64_t municipality_id,
				  struct core_fgroup_params *out);

struct fgroup_row {
	int64_t id;
	int64_t municipality_id;
	int64_t unit_id; /* 0 = none */
	char name[FGROUP_NAME_MAX + 1];
	char start_on[11];
	int64_t weeks;
	char place[FGROUP_NAME_MAX + 1];
	int64_t created_by;
	int64_t version;
	int64_t worker_ids[FGROUP_MAX_WORKERS];
	size_t nworkers;
};
enum rede_err store_fgroup_insert(struct store_conn *c, struct fgroup_row *r);
enum rede_err store_fgroup_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			       struct fgroup_row *out);
/* The municipality's groups by start, each with its workers and its
 * members active on day (as store_fgroup_active), both read for
 * STORE_BATCH groups per query. Rows passed to fn are temporary. */
enum rede_err store_fgroup_each(struct store_conn *c, int64_t municipality_id, const char *day,
				int (*fn)(const struct fgroup_row *r, int64_t active, void *arg),
				void *arg);
enum rede_err store_fgroup_is_worker(struct store_conn *c, int64_t group_id, int64_t user_id,
				     bool *yes);
/* Members who joined on or before day and had not left by it. */
enum rede_err store_fgroup_active(struct store_conn *c, int64_t group_id, const char *day,
				  int64_t *n);

struct fgroup_member_row {
	int64_t id;
	int64_t group_id;
	int64_t municipality_id; /* the group's */
	int64_t family_id;
	int64_t child_id;
	int64_t enrolment_id;
	int64_t daycare_unit_id;
	char joined_on[11];
	char start_meeting_on[11];
	char start_participants[128];
	char left_on[11];
	char left_reason[FGROUP_TEXT_MAX + 1];
	int64_t version;
};
/* Insert with its enrolment (programme family_group, active, staff = the
 * group's workers, unit = the group's unit). Sets id, enrolment_id. */
enum rede_err store_fgroup_member_insert(struct store_conn *c, struct fgroup_member_row *r);
enum rede_err store_fgroup_member_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				      struct fgroup_member_row *out);
/* Members of a group the caller may see (who) in joining order. */
enum rede_err store_fgroup_member_each(struct store_conn *c, int64_t group_id,
				       const struct access_who *who,
				       int (*fn)(const struct fgroup_member_row *r, void *arg),
				       void *arg);
/* Write the start meeting and leaving when the stored version equals
 * r->version; bumps it; closes the enrolment when the member left.
 * REDE_E_CONFLICT when stale. */
enum rede_err store_fgroup_member_update(struct store_conn *c, struct fgroup_member_row *r);

/* ---- goals, daily scores, status meetings ---- */
struct fgroup_goal_row {
	int64_t id;
	int64_t member_id;
	char text[FGROUP_TEXT_MAX + 1];
	char agreed_on[11];
};
enum rede_err store_fgroup_goal_add(struct store_conn *c, struct fgroup_goal_row *r);
enum rede_err store_fgroup_goal_get(struct store_conn *c, int64_t id, struct fgroup_goal_row *out);
enum rede_err store_fgroup_goal_each(struct store_conn *c, int64_t member_id,
				     int (*fn)(const struct fgroup_goal_row *r, void *arg),
				     void *arg);

struct fgroup_score_row {
	int64_t goal_id;
	char scored_on[11];
	int64_t score;
	char did[FGROUP_TEXT_MAX + 1];
};
/* Record the day's score; a second one the same day replaces it. */
enum rede_err store_fgroup_score_put(struct store_conn *c, const struct fgroup_score_row *r,
				     int64_t user_id);
/* Scores of a goal by date (from "" = all). */
enum rede_err store_fgroup_score_each(struct store_conn *c, int64_t goal_id,
				      int (*fn)(const struct fgroup_score_row *r, void *arg),
				      void *arg);

struct fgroup_status_row {
	int64_t id;
	int64_t member_id;
	char held_on[11];
	char note[FGROUP_TEXT_MAX + 1];
};
enum rede_err store_fgroup_status_add(struct store_conn *c, struct fgroup_status_row *r,
				      int64_t user_id);
enum rede_err store_fgroup_status_each(struct store_conn *c, int64_t member_id,
				       int (*fn)(const struct fgroup_status_row *r, void *arg),
				       void *arg);

/* ---- the daycare's way in ---- */
/* Members whose institution the daycare user belongs to, who have had
 * their start meeting and not left, with the parents' share_daycare
 * consent in force on day. */
enum rede_err store_fgroup_daycare_each(struct store_conn *c, int64_t municipality_id,
					int64_t user_id, const char *day,
					int (*fn)(const struct fgroup_member_row *r, void *arg),
					void *arg);
/* The same rule for one member; REDE_E_NOTFOUND when it does not hold. */
enum rede_err store_fgroup_daycare_member(struct store_conn *c, int64_t municipality_id,
					  int64_t user_id, const char *day, int64_t member_id);

#endif
