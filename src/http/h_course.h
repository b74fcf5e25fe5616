/*
 * h_course.h - what the course handlers (h_enrolments.c, h_goals.c,
 * h_contacts.c, h_caseload.c) share: the assignment and state checks
 * every write makes, field errors, and the JSON form of courses and goals.
 * Private to those files.
 *
 * Order of checks in every course handler: the course is loaded through
 * the access rule first, by the route (obj_course, http/objects.h: 404 when
 * missing, another municipality's, or not the caller's to see), then who
 * may change it (403), then the body (400), then the course's state (409).
 */
#ifndef REDE_HTTP_H_COURSE_H
#define REDE_HTTP_H_COURSE_H

#include <stdbool.h>
#include <stdint.h>

#include "http/handlers.h"
#include "rede/core_course.h"
#include "store/enrolments.h"
#include "store/goals.h"

/* A week has this many minutes: the physical ceiling of weekly hours. */
#define COURSE_MINUTES_PER_WEEK_MAX (7 * 24 * 60)
/* A single contact cannot last longer than a day. */
#define COURSE_CONTACT_MINUTES_MAX (24 * 60)
#define COURSE_TEXT_MAX 4000
#define COURSE_NOTE_MAX 20000

/* Parse a date field already checked as J_DATE; CORE_NO_DATE when absent
 * or null. */
int32_t course_date(const json_t *body, const char *field);

/* The caller must be assigned to the course (403 otherwise); with
 * coordinator_too, a coordinator passes as well. */
bool course_require_staff(struct http_req *req, struct store_conn *c, const struct enrolment_row *e,
			  bool coordinator_too, struct http_resp *resp, enum rede_err *err);
/* The course must not be closed (409 otherwise). */
bool course_require_open(const struct enrolment_row *e, struct http_resp *resp);
/* The programme parameters of the caller's municipality. */
enum rede_err course_params(struct http_req *req, struct store_conn *c,
			    struct core_course_params *p);

/* A course as JSON. full adds goals with ratings and the closure; lists
 * use the short form with family name, week and alerts. */
enum rede_err json_course(struct store_conn *c, const struct enrolment_row *e,
			  const struct core_course_params *p, int32_t today, bool full,
			  json_t **out);
/* Answer 200 {"items": [course…]} (short form) with the courses the caller
 * may see; mine: assigned to the caller; open_only: planned and active;
 * status: only that status (NULL = any). */
enum rede_err course_list(struct http_req *req, struct store_conn *c, bool mine, bool open_only,
			  const char *status, struct http_resp *resp);
/* A goal with its ratings. */
enum rede_err json_goal(struct store_conn *c, const struct goal_row *g, json_t **out);
json_t *json_rating(const struct rating_row *r);
/* "YYYY-MM-DD" or null for "". */
json_t *json_date(const char *s);

#endif
