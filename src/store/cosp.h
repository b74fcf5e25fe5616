/*
 * cosp.h - COS-P group courses in the store (DOMAIN §1.3): staff
 * competences, courses (hold) with facilitators and dated sessions, offers
 * to families with their answer, preferences and ties (daycare
 * institutions, declared acquaintances), placements, attendance, dropout
 * and the parents' rating.
 *
 * A family's offer owns an enrolment (programme 'cosp') whose staff are the
 * offering health visitor and, once placed, the course's facilitators; the
 * enrolment's unit is the course's unit. That is how the one access rule
 * (store/access.h) lets exactly those people, the coordinators and the
 * unit's leaders see the family. These functions do NOT apply the access
 * rule: callers check store_access_enrolment(offer.enrolment_id) first,
 * and list functions take the caller and filter with the rule's SQL.
 *
 * Tenancy: functions taking a municipality_id answer REDE_E_NOTFOUND for
 * another municipality's row. Rows hold their text in fixed buffers sized
 * for the API's length limits; there is nothing to release. Dates are
 * "YYYY-MM-DD", "" for none.
 */
#ifndef REDE_STORE_COSP_H
#define REDE_STORE_COSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/core_cosp.h"
#include "rede/core_programme.h"
#include "rede/store.h"
#include "store/access.h"

#define COMPETENCE_COSP "cosp"
/* Array bounds (the API refuses more): facilitators per course, ties
 * (institutions or acquaintances) per offer. */
#define COSP_MAX_FACILITATORS 4
#define COSP_MAX_TIES 32
#define COSP_NAME_MAX 120
#define COSP_TEXT_MAX 1000
#define COSP_DATE 11

/* ---- programme parameters ---- */
enum rede_err store_cosp_params(struct store_conn *c, int64_t municipality_id,
				struct core_cosp_params *out);

/* ---- staff competences ---- */
struct competence_row {
	int64_t id;
	int64_t user_id;
	char competence[32];
	char obtained_on[COSP_DATE];
	char note[COSP_TEXT_MAX + 1];
	int64_t recorded_by;
	int64_t created_at;
	/* The training behind it (migration 0019, issue 23): every role's
	 * training records are these rows; "" / 0 when not recorded. */
	char name[COSP_NAME_MAX * 4 + 1];
	char provider[COSP_NAME_MAX * 4 + 1];
	char ended_on[COSP_DATE]; /* last day; "" = one day (obtained_on) */
	int64_t hours;            /* 0 = not recorded */
	char certificate[8];      /* yes, no, "" */
	char certificate_ref[COSP_NAME_MAX * 4 + 1];
};
/* Insert (sets id, created_at). REDE_E_CONFLICT when the same competence
 * on the same date is recorded already. */
enum rede_err store_competence_add(struct store_conn *c, int64_t municipality_id,
				   struct competence_row *r);
/* Competences of the municipality (user_id 0) or of one user, by user and
 * date. */
enum rede_err store_competence_each(struct store_conn *c, int64_t municipality_id, int64_t user_id,
				    int (*fn)(const struct competence_row *r, void *arg),
				    void *arg);
/* Does the user hold competence obtained on or before on_date? */
enum rede_err store_competence_held(struct store_conn *c, int64_t municipality_id, int64_t user_id,
				    const char *competence, const char *on_date, bool *held);

/* ---- courses and sessions ---- */
struct cosp_course_row {
	int64_t id;
	int64_t municipality_id;
	int64_t unit_id; /* 0 = none */
	char name[COSP_NAME_MAX + 1];
	char start_on[COSP_DATE];
	char time_slot[16];  /* plan_slot_names */
	char group_type[16]; /* plan_type_names */
	char place[COSP_NAME_MAX + 1];
	int64_t capacity;
	bool childcare, meal;
	char cancelled_on[COSP_DATE];
	int64_t created_by;
	int64_t created_at;
	int64_t version;
	int64_t facilitator_ids[COSP_MAX_FACILITATORS];
	size_t nfacilitators;
};
struct cosp_session_row {
	int64_t id;
	int64_t course_id;
	int64_t number; /* 1.. */
	char held_on[COSP_DATE];
};
/* Insert the course with its facilitators and one session per date
 * (numbered from 1). Sets id, created_at, version. */
enum rede_err store_cosp_course_insert(struct store_conn *c, struct cosp_course_row *r,
				       const int32_t *dates, int ndates);
enum rede_err store_cosp_course_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				    struct cosp_course_row *out);
/* Courses of the municipality by start date; open_from (may be NULL): only
 * courses not cancelled that start on or after it. */
enum rede_err store_cosp_course_each(struct store_conn *c, int64_t municipality_id,
				     const char *open_from,
				     int (*fn)(const struct cosp_course_row *r, void *arg),
				     void *arg);
enum rede_err store_cosp_session_each(struct store_conn *c, int64_t course_id,
				      int (*fn)(const struct cosp_session_row *r, void *arg),
				      void *arg);
/* Move session number of a course to held_on. REDE_E_NOTFOUND when there
 * is no such session. */
enum rede_err store_cosp_session_move(struct store_conn *c, int64_t course_id, int64_t number,
				      const char *held_on);
/* The session row of a course by number. */
enum rede_err store_cosp_session_get(struct store_conn *c, int64_t course_id, int64_t number,
				     struct cosp_session_row *out);
/* Places taken: families placed and not dropped out. */
enum rede_err store_cosp_course_taken(struct store_conn *c, int64_t course_id, int64_t *n);
/* Is user a facilitator of the course? */
enum rede_err store_cosp_is_facilitator(struct store_conn *c, int64_t course_id, int64_t user_id,
					bool *yes);

/* ---- offers ---- */
struct cosp_offer_row {
	int64_t id;
	int64_t municipality_id;
	int64_t family_id;
	int64_t child_id;
	int64_t enrolment_id;
	char offered_on[COSP_DATE];
	int64_t offered_by;
	char channel[16];
	char status[16]; /* offered, accepted, declined */
	char answered_on[COSP_DATE];
	char decline_reason[COSP_TEXT_MAX + 1];
	char slots[64];    /* comma list of plan_slot_names */
	char types[64];    /* comma list of plan_type_names */
	int64_t course_id; /* 0 = not placed */
	char placed_on[COSP_DATE];
	char placement_note[COSP_TEXT_MAX + 1];
	char dropout_on[COSP_DATE];
	char dropout_reason[COSP_TEXT_MAX + 1];
	int64_t rating; /* 0 = not rated */
	char rated_on[COSP_DATE];
	int64_t created_at;
	int64_t version;
	int64_t institution_ids[COSP_MAX_TIES];
	size_t ninstitutions;
	int64_t acquaintance_ids[COSP_MAX_TIES];
	size_t nacquaintances;
};
/* Insert the offer, its ties, and its enrolment (programme cosp, status
 * planned, with staff_id as staff when not 0). Sets id, enrolment_id,
 * created_at, version. */
enum rede_err store_cosp_offer_insert(struct store_conn *c, struct cosp_offer_row *r,
				      int64_t staff_id);
enum rede_err store_cosp_offer_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				   struct cosp_offer_row *out);
/* Write every changeable column and the ties when the stored version
 * equals r->version; bumps it. REDE_E_CONFLICT when stale. When the offer
 * was declined or dropped out the enrolment is closed; when placed it is
 * active, in the course's unit, with the facilitators as staff. */
enum rede_err store_cosp_offer_update(struct store_conn *c, struct cosp_offer_row *r);

/* What an offer shows besides its row (the API's offer): its family's
 * name, its attendance records and the day of its course's last session.
 * Read for STORE_BATCH offers per query - a list of thousands of offers is
 * a few hundred statements, not five per offer - and for a single offer by
 * the same code, so an offer looks the same in a list and on its own. */
struct cosp_attendance_mark {
	int64_t session; /* the session's number */
	bool attended;
};
struct cosp_offer_facts {
	char *family_name; /* owned */
	/* The day of the course's last session (cosp_course.last_held_on;
	 * sessions are in date order); "" when not placed or the course has
	 * no sessions. */
	char last_session_on[COSP_DATE];
	/* Every attendance record of the offer, by session number; owned. */
	struct cosp_attendance_mark *marks;
	size_t nmarks;
	int attended; /* marks with attended */
};
void cosp_offer_facts_release(struct cosp_offer_facts *x);
/* Fill out[i] for rows[i], i < n (out is zeroed first); release each with
 * cosp_offer_facts_release, also on error. */
enum rede_err store_cosp_offer_facts(struct store_conn *c, const struct cosp_offer_row *rows,
				     size_t n, struct cosp_offer_facts *out);

struct cosp_offer_filter {
	const char *status; /* NULL = any */
	int64_t course_id;  /* 0 = any */
	bool unplaced;      /* accepted, not placed, not dropped out */
	bool facts;         /* pass each offer's facts to fn (else NULL) */
};
/* Offers the caller may see (who != NULL) or all of municipality_id (who
 * NULL: planner and internal use), oldest first, with their ties. Rows and
 * facts passed to fn are temporary. */
enum rede_err store_cosp_offer_each(struct store_conn *c, int64_t municipality_id,
				    const struct access_who *who,
				    const struct cosp_offer_filter *flt,
				    int (*fn)(const struct cosp_offer_row *r,
					      const struct cosp_offer_facts *x, void *arg),
				    void *arg);

/* ---- attendance ---- */
/* Record (or correct) whether the offer's family attended a session. */
enum rede_err store_cosp_attendance_set(struct store_conn *c, int64_t session_id, int64_t offer_id,
					bool attended, int64_t user_id);
/* (An offer's attendance records are in its facts, above.) */

#endif
