/*
 * enrolments.h - home-pedagogue courses in the store: the enrolment row,
 * its assigned staff, its weekly-hours history, lists, the extension
 * decision, the closure, and the facts the caseload alerts are computed
 * from (DOMAIN §1.1, §2).
 *
 * Tenancy: every function taking a municipality_id returns REDE_E_NOTFOUND
 * for another municipality's row. These functions do NOT apply the access
 * rule (store/access.h): callers check store_access_enrolment first, and
 * list functions take the caller and filter with the access rule's SQL.
 *
 * Ownership: struct enrolment_row owns extension_reason;
 * enrolment_row_release frees it. Dates are "YYYY-MM-DD", "" for none.
 */
#ifndef REDE_STORE_ENROLMENTS_H
#define REDE_STORE_ENROLMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/core_course.h"
#include "rede/core_programme.h"
#include "rede/store.h"
#include "store/access.h"

#define ENROLMENT_MAX_STAFF 8
#define STORE_DATE_SIZE 11
/* The consent purpose that covers sharing with daycare (consent.purpose). */
#define CONSENT_SHARE_DAYCARE "share_daycare"

struct enrolment_row {
	int64_t id;
	int64_t municipality_id;
	int64_t family_id;
	int64_t child_id;
	int64_t referral_id;  /* 0 = none */
	int64_t unit_id;      /* 0 = none */
	char status[16];      /* core_course_status_names */
	char legal_frame[32]; /* core_legal_frame_names */
	char start_meeting_on[STORE_DATE_SIZE];
	char start_on[STORE_DATE_SIZE];
	char planned_end_on[STORE_DATE_SIZE];
	char extension_until[STORE_DATE_SIZE];
	char *extension_reason;       /* NULL = no extension */
	int64_t extension_decided_by; /* 0 = none */
	int64_t extension_decided_at; /* unix seconds; 0 = none */
	char closed_on[STORE_DATE_SIZE];
	int64_t created_at;
	int64_t version;
	int64_t staff_ids[ENROLMENT_MAX_STAFF];
	size_t nstaff;
};
void enrolment_row_init(struct enrolment_row *e);
void enrolment_row_release(struct enrolment_row *e);
/* The columns of an enrolment row (alias e), declared once in
 * store_enrolment_cols and read by store_enrolment_from_row from column 0;
 * a query may select more columns after them. STORE_ENROLMENT_COLS is the
 * same list as SQL text for statements assembled at compile time
 * (tests/store/test_courses.c checks that the two agree). */
extern const struct store_col store_enrolment_cols[];
#define STORE_ENROLMENT_COLS                                                                       \
	"e.id, e.municipality_id, e.family_id, e.child_id, e.referral_id, e.unit_id, e.status, "   \
	"e.legal_frame, e.start_meeting_on, e.start_on, e.planned_end_on, e.extension_until, "     \
	"e.extension_reason, e.extension_decided_by, e.closed_on, e.created_at, e.version, "       \
	"e.extension_decided_at"
#define STORE_ENROLMENT_NCOLS 18
/* Fill e (released first) from the current row of st. */
void store_enrolment_from_row(struct store_stmt *st, struct enrolment_row *e);

/* The programme parameters of a municipality (its own setting rows, else
 * the defaults of migration 0002). REDE_E_NOTFOUND (logged) when a key is
 * missing altogether. */
enum rede_err store_course_params(struct store_conn *c, int64_t municipality_id,
				  struct core_course_params *out);

/* Is user_id a home pedagogue of the municipality who can be assigned
 * (role home_pedagogue, not disabled)? */
enum rede_err store_staff_eligible(struct store_conn *c, int64_t municipality_id, int64_t user_id,
				   bool *ok);
/* Is user_id assigned to the enrolment? */
enum rede_err store_enrolment_is_staff(struct store_conn *c, int64_t enrolment_id, int64_t user_id,
				       bool *yes);

/* The enrolment made from a referral, if any (REDE_E_NOTFOUND when none). */
enum rede_err store_enrolment_by_referral(struct store_conn *c, int64_t municipality_id,
					  int64_t referral_id, int64_t *id);
/* Insert e with its staff (sets id, created_at, version = 1) and its first
 * weekly-hours row (minutes_per_week from hours_from). REDE_E_CONFLICT when
 * the referral already has an enrolment. */
enum rede_err store_enrolment_insert(struct store_conn *c, struct enrolment_row *e,
				     const char *hours_from, int64_t minutes_per_week,
				     int64_t user_id);
/* By id, with staff. */
enum rede_err store_enrolment_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				  struct enrolment_row *out);
/* Write status, legal frame, dates, unit, extension and staff when the
 * stored version equals e->version; bumps e->version. REDE_E_CONFLICT when
 * stale. */
enum rede_err store_enrolment_update(struct store_conn *c, struct enrolment_row *e);

/* The enrolments (home-pedagogue programme) the caller may see, newest
 * first, with their staff: *out gets *count rows (free them with
 * store_enrolment_list_free). mine: only those the caller is assigned to;
 * open_only: planned and active; status: only that status (NULL = any). */
enum rede_err store_enrolment_list(struct store_conn *c, const struct access_who *who, bool mine,
				   bool open_only, const char *status, struct enrolment_row **out,
				   size_t *count);
/* One page of store_enrolment_list: the rows with id below before_id (0:
 * from the newest), at most limit of them (0: all). */
enum rede_err store_enrolment_page(struct store_conn *c, const struct access_who *who, bool mine,
				   bool open_only, const char *status, int64_t before_id, int limit,
				   struct enrolment_row **out, size_t *count);
void store_enrolment_list_free(struct enrolment_row *rows, size_t n);
/* Each enrolment (home-pedagogue programme) the caller may see, newest
 * first. mine: only those the caller is assigned to. open_only: only
 * planned and active ones. fn returns non-zero to stop; the row is
 * released after fn returns. */
enum rede_err store_enrolment_each(
	struct store_conn *c, const struct access_who *who, bool mine, bool open_only,
	int (*fn)(struct store_conn *c, const struct enrolment_row *e, void *arg), void *arg);

/* The name of the family an enrolment belongs to (for lists). */
enum rede_err store_enrolment_family_name(struct store_conn *c, int64_t family_id, char **name);

/* ---- weekly hours (history) ---- */
struct hours_row {
	int64_t id;
	char from_date[STORE_DATE_SIZE];
	int64_t minutes_per_week;
	int64_t set_by; /* 0 = unknown */
};
enum rede_err store_hours_add(struct store_conn *c, int64_t enrolment_id, const char *from_date,
			      int64_t minutes_per_week, int64_t user_id, int64_t *id);
/* Oldest first. */
enum rede_err store_hours_each(struct store_conn *c, int64_t enrolment_id,
			       int (*fn)(const struct hours_row *h, void *arg), void *arg);

/* ---- closure (one per enrolment) ---- */
struct closure_row {
	int64_t enrolment_id;
	char closed_on[STORE_DATE_SIZE];
	char reason[32];
	char *other_intervention;
	char handover_on[STORE_DATE_SIZE];
	char *onward_referral;
	int64_t eval[EVAL_QUESTION__COUNT]; /* -1 = not asked */
	int64_t recorded_by;
	int64_t created_at;
};
void closure_row_init(struct closure_row *r);
void closure_row_release(struct closure_row *r);
/* REDE_E_CONFLICT when the enrolment already has a closure. */
enum rede_err store_closure_insert(struct store_conn *c, struct closure_row *r);
enum rede_err store_closure_get(struct store_conn *c, int64_t enrolment_id,
				struct closure_row *out);

/* Courses read together in one query ("... IN (?, ... ?)" with this many
 * placeholders, so each such query is one cached statement). */
#define ENROLMENT_BATCH STORE_BATCH
/* Load the staff ids of many enrolments at once (rows[i].staff_ids); the
 * course facts of a list are in course_batch.h. */
enum rede_err store_enrolment_staff_batch(struct store_conn *c, struct enrolment_row *rows,
					  size_t n);

#endif
