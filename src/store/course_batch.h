/*
 * course_batch.h - what a course list shows besides the enrolment row
 * (family name, staff names, the weekly minutes in force, and the facts
 * behind the caseload alerts), read for many courses at once.
 *
 * Why: reading these per course cost six to eight queries per course, so
 * a caseload of 25 courses ran ~170 statements and a leader's list of all
 * courses thousands (issue 9). Here each kind of fact is one query per
 * COURSE_BATCH courses ("... WHERE enrolment_id IN (?, ... ?)" with a fixed
 * number of placeholders, so every query is one cached prepared
 * statement). The single-course answer uses the same code with n = 1, so a
 * course looks the same in a list and on its own.
 *
 * Ownership: struct course_extra owns its strings and arrays;
 * course_extra_release frees them.
 */
#ifndef REDE_STORE_COURSE_BATCH_H
#define REDE_STORE_COURSE_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "rede/core_course.h"
#include "rede/store.h"
#include "store/access.h"
#include "store/enrolments.h"

#define COURSE_BATCH ENROLMENT_BATCH

struct course_extra {
	char *family_name;
	int64_t staff_ids[ENROLMENT_MAX_STAFF]; /* assigned staff, by user id */
	char *staff_names[ENROLMENT_MAX_STAFF];
	size_t nstaff;
	int64_t minutes_current; /* weekly minutes in force on the day; -1 when none */
	int32_t last_contact;    /* see struct core_course_facts */
	int32_t *rated;          /* per goal, oldest goal first */
	size_t ngoals, rated_alloc;
	int meetings_without_consent;
	int32_t last_discussed; /* see struct core_course_facts */
};
void course_extra_release(struct course_extra *x);

/* Fill out[i] for rows[i], i < n, as of day (days since epoch). out is
 * zeroed first; release each with course_extra_release, also on error. */
enum rede_err store_course_extras(struct store_conn *c, const struct enrolment_row *rows, size_t n,
				  int32_t day, struct course_extra *out);

/* The alert facts of row e from its extra (no I/O). f->goal_last_rated
 * points into x. */
void course_extra_facts(const struct enrolment_row *e, const struct course_extra *x,
			struct core_course_facts *f);

/* The caller's caseload (GET /api/v1/caseload): the planned and active
 * home-pedagogue courses the caller is assigned to and may see (the access
 * rule of store/access.h), newest first, each with its extra as of day -
 * the same rows and facts as store_enrolment_list(mine, open_only) plus
 * store_course_extras, in three queries instead of nine: the rows with
 * the one-value facts, then staff, then goals, each driven by the caller's
 * open assignments (caseload_open, migration 0028, caseload_facts.h;
 * issues 9 and 22: the caseload is the page a home pedagogue opens first,
 * many times a day).
 * *rows and *extras are allocated (NULL when none); free them with
 * store_caseload_free, also on error. */
enum rede_err store_caseload(struct store_conn *c, const struct access_who *who, int32_t day,
			     struct enrolment_row **rows, struct course_extra **extras, size_t *n);
void store_caseload_free(struct enrolment_row *rows, struct course_extra *extras, size_t n);

/* ---- caseload facts ----
 * What core_course_alerts needs about a course on day (days since epoch):
 * last contact that took place, each goal's newest rating (or agreed-on
 * date), and future network meetings without an active share_daycare
 * consent. *rated is allocated for the goals and freed by the caller. */
enum rede_err store_course_facts(struct store_conn *c, const struct enrolment_row *e, int32_t day,
				 struct core_course_facts *f, int32_t **rated);

#endif
