/*
 * sparring.h - faglig sparring sessions, their themes and the courses
 * discussed, and the figures the leader's overview, the reports and the
 * caseload prompt read (issue 23; migration 0019). Training records are
 * the COS-P training records (store/cosp.h, staff_competence), extended.
 *
 * Who sees a session (store_sparring_visible, and the same condition in
 * store_sparring_ids): its participants, its leader, the user who
 * recorded it, and leaders of a unit one of its participants belongs to
 * (DESIGN §5: another municipality's or an unseen session is
 * REDE_E_NOTFOUND). The notes on discussed courses are NOT filtered here:
 * the caller applies the one access rule (store_access_enrolment) to each
 * before showing it.
 *
 * Rows hold their text in fixed buffers sized for the API's limits;
 * nothing to release. Dates are "YYYY-MM-DD", "" for none.
 */
#ifndef REDE_STORE_SPARRING_H
#define REDE_STORE_SPARRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/core_sparring.h"
#include "rede/store.h"
#include "store/access.h"

#define SPARRING_MAX_PARTICIPANTS 30
#define SPARRING_MAX_THEMES 12
#define SPARRING_MAX_CASES 12
#define SPARRING_NOTE_MAX 1000
#define SPARRING_CASE_NOTE_MAX 500
#define SPARRING_NAME_MAX 120
#define SPARRING_MAX_MINUTES 600
#define SPARRING_LIST_MAX 500

enum rede_err store_sparring_params(struct store_conn *c, int64_t municipality_id,
				    struct core_sparring_params *out);
/* training.refresher_months.KIND for the municipality; 0 when none. */
enum rede_err store_training_refresher_months(struct store_conn *c, int64_t municipality_id,
					      const char *kind, int64_t *months);

/* ---- themes ---- */
struct sparring_theme_row {
	int64_t id;
	int64_t municipality_id; /* 0 = a default every municipality sees */
	char name[SPARRING_NAME_MAX * 4 + 1];
	bool retired;
};
/* The municipality's themes and the defaults, by name; retired ones only
 * when include_retired. */
enum rede_err store_sparring_theme_each(struct store_conn *c, int64_t municipality_id,
					bool include_retired,
					int (*fn)(const struct sparring_theme_row *r, void *arg),
					void *arg);
/* Insert (sets id); REDE_E_CONFLICT when the name exists. */
enum rede_err store_sparring_theme_add(struct store_conn *c, int64_t municipality_id,
				       struct sparring_theme_row *r);
/* One theme the municipality may use (its own or a default). */
enum rede_err store_sparring_theme_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				       struct sparring_theme_row *out);
/* Retire or restore one of the municipality's own themes. */
enum rede_err store_sparring_theme_retire(struct store_conn *c, int64_t municipality_id, int64_t id,
					  bool retired);

/* ---- sessions ---- */
struct sparring_case_row {
	int64_t enrolment_id;
	char note[SPARRING_CASE_NOTE_MAX * 4 + 1]; /* characters, UTF-8 */
};
struct sparring_row {
	int64_t id;
	int64_t municipality_id;
	char held_on[11];
	int64_t minutes;
	char form[24];
	int64_t led_by; /* 0 = an outsider (led_by_name) or none */
	char led_by_name[SPARRING_NAME_MAX * 4 + 1];
	char note[SPARRING_NOTE_MAX * 4 + 1];
	int64_t recorded_by;
	int64_t created_at;
	int64_t participants[SPARRING_MAX_PARTICIPANTS];
	size_t nparticipants;
	int64_t themes[SPARRING_MAX_THEMES];
	size_t nthemes;
	struct sparring_case_row cases[SPARRING_MAX_CASES];
	size_t ncases;
};
/* Insert the session with participants, themes and cases (sets id,
 * created_at). */
enum rede_err store_sparring_insert(struct store_conn *c, struct sparring_row *r);
/* One session with its children; REDE_E_NOTFOUND for another
 * municipality's. */
enum rede_err store_sparring_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				 struct sparring_row *out);
/* REDE_OK when the caller may see the session, else REDE_E_NOTFOUND. */
enum rede_err store_sparring_visible(struct store_conn *c, const struct access_who *who,
				     int64_t id);
/* The ids of the sessions the caller may see held in [from, to] (either
 * "" for open), and with user_id as participant or leader when non-zero;
 * newest first, at most max. */
enum rede_err store_sparring_ids(struct store_conn *c, const struct access_who *who,
				 const char *from, const char *to, int64_t user_id, int64_t *ids,
				 size_t max, size_t *n);

/* ---- figures ---- */
struct sparring_staff_row {
	int64_t user_id;
	char display_name[SPARRING_NAME_MAX * 4 + 1];
	int64_t roles;
	int64_t created_at;
};
/* The active members of a unit holding one of roles, by name. */
enum rede_err store_sparring_unit_staff(struct store_conn *c, int64_t municipality_id,
					int64_t unit_id, int64_t roles,
					int (*fn)(const struct sparring_staff_row *r, void *arg),
					void *arg);
/* The municipality's active staff who may take part in sparring (roles
 * home pedagogue, health visitor, coordinator, leader), by name: the
 * colleagues a session can name. */
enum rede_err store_sparring_colleagues(struct store_conn *c, int64_t municipality_id,
					int (*fn)(const struct sparring_staff_row *r, void *arg),
					void *arg);
/* The units user is a member of (id, name), by name. */
enum rede_err store_sparring_member_units(struct store_conn *c, int64_t user_id,
					  int (*fn)(int64_t unit_id, const char *name, void *arg),
					  void *arg);
/* The planned and active courses a user is assigned to (ids, newest
 * first, at most max). */
enum rede_err store_sparring_staff_courses(struct store_conn *c, int64_t user_id, int64_t *ids,
					   size_t max, size_t *n);
/* Is user a member of unit? */
enum rede_err store_sparring_unit_member(struct store_conn *c, int64_t user_id, int64_t unit_id,
					 bool *yes);
/* A participant's sessions and minutes held in [from, to]. */
enum rede_err store_sparring_user_minutes(struct store_conn *c, int64_t user_id, const char *from,
					  const char *to, int64_t *sessions, int64_t *minutes);
/* The newest day on or before upto the user took part in sparring ("" when
 * never). */
enum rede_err store_sparring_user_last(struct store_conn *c, int64_t user_id, const char *upto,
				       char last[11]);
/* The newest day a course was discussed in sparring ("" when never). */
enum rede_err store_sparring_case_last(struct store_conn *c, int64_t enrolment_id, char last[11]);

#endif
