/*
 * h_enrolments.c - home-pedagogue courses (enrolments): created by a
 * coordinator from an accepted referral, started at the start meeting,
 * with assigned home pedagogues, weekly hours with history, a planned end
 * within the programme's maximum length unless an extension is recorded
 * (DOMAIN §1.1). Also the helpers the other course handlers share
 * (h_course.h).
 *
 * Every course is loaded through the access rule (store/access.h): a
 * course the caller may not see, or another municipality's, answers 404.
 * Changes need the assigned staff or a coordinator (403), carry the ETag
 * of the course, and a PATCH must send If-Match (428 / 412).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_course.h"
#include "rede/core.h"
#include "rede/util.h"
#include "store/course_batch.h"
#include "store/referrals.h"
#include "store/tenancy.h"

/* ---- shared helpers (h_course.h) ---- */

int32_t course_date(const json_t *body, const char *field)
{
	const json_t *v = json_object_get(body, field);
	int32_t d;

	if (!json_is_string(v) || !rede_date_parse(json_string_value(v), &d))
		return CORE_NO_DATE;
	return d;
}

json_t *json_date(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static int32_t text_date(const char *s)
{
	int32_t d;

	return s && rede_date_parse(s, &d) ? d : CORE_NO_DATE;
}

bool course_require_staff(struct http_req *req, struct store_conn *c, const struct enrolment_row *e,
			  bool coordinator_too, struct http_resp *resp, enum rede_err *err)
{
	bool yes = false;

	*err = REDE_OK;
	if (coordinator_too && (req->auth.roles & ROLE_BIT(ROLE_COORDINATOR)))
		return true;
	if (req->auth.roles & ROLE_BIT(ROLE_HOME_PEDAGOGUE)) {
		*err = store_enrolment_is_staff(c, e->id, req->auth.user_id, &yes);
		if (*err)
			return false;
	}
	if (!yes) {
		http_problem(resp, 403, "Du er ikke tilknyttet dette forløb");
		return false;
	}
	return true;
}

bool course_require_open(const struct enrolment_row *e, struct http_resp *resp)
{
	if (strcmp(e->status, core_course_status_names[COURSE_CLOSED]))
		return true;
	http_problem(resp, 409, "Forløbet er afsluttet");
	http_problem_field(resp, "status", "Et afsluttet forløb kan ikke ændres");
	return false;
}

enum rede_err course_params(struct http_req *req, struct store_conn *c,
			    struct core_course_params *p)
{
	return store_course_params(c, req->auth.municipality_id, p);
}

json_t *json_rating(const struct rating_row *r)
{
	return json_pack("{s:I, s:s, s:I, s:s}", "id", (json_int_t)r->id, "rated_on", r->rated_on,
			 "value", (json_int_t)r->value, "by", r->by);
}

static int add_rating(const struct rating_row *r, void *arg)
{
	json_array_append_new(arg, json_rating(r));
	return 0;
}

enum rede_err json_goal(struct store_conn *c, const struct goal_row *g, json_t **out)
{
	json_t *ratings = json_array();
	enum rede_err err = store_rating_each(c, g->id, add_rating, ratings);

	if (err) {
		json_decref(ratings);
		return err;
	}
	*out = json_pack("{s:I, s:I, s:I, s:s, s:s, s:I, s:I, s:s, s:o, s:o, s:I}", "id",
			 (json_int_t)g->id, "enrolment_id", (json_int_t)g->enrolment_id, "theme",
			 (json_int_t)g->theme, "focus_area", g->focus_area, "text", g->text,
			 "baseline", (json_int_t)g->baseline, "target", (json_int_t)g->target,
			 "agreed_on", g->agreed_on, "attainment", json_date(g->attainment),
			 "ratings", ratings, "version", (json_int_t)g->version);
	return REDE_OK;
}

struct goals_acc {
	json_t *items;
	enum rede_err err;
};

static int add_goal(struct store_conn *c, const struct goal_row *g, void *arg)
{
	struct goals_acc *a = arg;
	json_t *o;

	a->err = json_goal(c, g, &o);
	if (a->err)
		return 1;
	json_array_append_new(a->items, o);
	return 0;
}

struct hours_acc {
	json_t *items;
	const char *today;
	int64_t current;
};

static int add_hours(const struct hours_row *h, void *arg)
{
	struct hours_acc *a = arg;

	json_array_append_new(a->items,
			      json_pack("{s:s, s:I}", "from_date", h->from_date, "minutes_per_week",
					(json_int_t)h->minutes_per_week));
	/* Oldest first: the last row on or before today is the one in force. */
	if (strcmp(h->from_date, a->today) <= 0 || a->current < 0)
		a->current = h->minutes_per_week;
	return 0;
}

static json_t *json_closure(const struct closure_row *r)
{
	json_t *ev = json_object();

	for (int i = 0; i < EVAL_QUESTION__COUNT; i++)
		json_object_set_new(ev, core_eval_question_names[i],
				    r->eval[i] < 0 ? json_null() : json_integer(r->eval[i]));
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "closed_on", r->closed_on, "reason",
			 r->reason, "other_intervention",
			 r->other_intervention ? json_string(r->other_intervention) : json_null(),
			 "handover_on", json_date(r->handover_on), "onward_referral",
			 r->onward_referral ? json_string(r->onward_referral) : json_null(),
			 "evaluation", ev);
}

/* The short form of a course, from its row and what store_course_extras
 * read for it (no I/O). */
static json_t *json_course_short(const struct enrolment_row *e, const struct course_extra *x,
				 const struct core_course_params *p, int32_t today)
{
	struct core_course_facts f;
	struct core_alert alerts[ALERT_KIND__COUNT];
	int32_t start = text_date(e->start_on);
	int32_t ext = text_date(e->extension_until);
	char limit[STORE_DATE_SIZE];
	json_t *o, *staff = json_array(), *al = json_array();
	size_t n;

	for (size_t i = 0; i < x->nstaff; i++)
		json_array_append_new(staff,
				      json_pack("{s:I, s:s}", "id", (json_int_t)x->staff_ids[i],
						"display_name", x->staff_names[i]));
	course_extra_facts(e, x, &f);
	n = core_course_alerts(p, &f, today, alerts);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(al, json_pack("{s:s, s:s}", "kind",
						    core_alert_kind_names[alerts[i].kind], "text",
						    alerts[i].text));
	limit[0] = 0;
	if (start != CORE_NO_DATE)
		rede_date_format(core_course_limit(p, start, ext), limit);
	o = json_pack(
		"{s:I, s:s, s:I, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
		"s:o, s:I}",
		"id", (json_int_t)e->id, "status", e->status, "family_id", (json_int_t)e->family_id,
		"family_name", x->family_name, "child_id", (json_int_t)e->child_id, "referral_id",
		e->referral_id ? json_integer(e->referral_id) : json_null(), "unit_id",
		e->unit_id ? json_integer(e->unit_id) : json_null(), "legal_frame",
		json_date(e->legal_frame), "start_meeting_on", json_date(e->start_meeting_on),
		"start_on", json_date(e->start_on), "planned_end_on", json_date(e->planned_end_on),
		"latest_end_on", json_date(limit), "closed_on", json_date(e->closed_on), "staff",
		staff, "alerts", al, "version", (json_int_t)e->version);
	json_object_set_new(o, "extension",
			    e->extension_reason
				    ? json_pack("{s:s, s:s}", "until", e->extension_until, "reason",
						e->extension_reason)
				    : json_null());
	json_object_set_new(o, "week",
			    start != CORE_NO_DATE && today >= start
				    ? json_integer(core_course_week(start, today))
				    : json_null());
	json_object_set_new(o, "weeks_left",
			    start != CORE_NO_DATE
				    ? json_integer(core_course_weeks_left(p, start, ext, today))
				    : json_null());
	json_object_set_new(
		o, "in_warning_period",
		json_boolean(start != CORE_NO_DATE && core_course_in_warning(p, start, today)));
	json_object_set_new(o, "max_weeks", json_integer(p->max_weeks));
	json_object_set_new(o, "warning_week", json_integer(p->warning_week));
	json_object_set_new(o, "rating_scale",
			    json_pack("{s:I, s:I}", "min", (json_int_t)p->rating_min, "max",
				      (json_int_t)p->rating_max));
	json_object_set_new(o, "minutes_per_week",
			    x->minutes_current < 0 ? json_null()
						   : json_integer(x->minutes_current));
	return o;
}

enum rede_err json_course(struct store_conn *c, const struct enrolment_row *e,
			  const struct core_course_params *p, int32_t today, bool full,
			  json_t **out)
{
	struct course_extra x;
	struct hours_acc hours = {NULL, NULL, -1};
	struct goals_acc goals = {NULL, REDE_OK};
	struct closure_row cl;
	char day[STORE_DATE_SIZE];
	json_t *o = NULL;
	enum rede_err err;

	closure_row_init(&cl);
	err = store_course_extras(c, e, 1, today, &x);
	if (err)
		goto out;
	o = json_course_short(e, &x, p, today);
	if (!full)
		goto out;
	rede_date_format(today, day);
	hours.items = json_array();
	hours.today = day;
	err = store_hours_each(c, e->id, add_hours, &hours);
	json_object_set_new(o, "hours", hours.items);
	goals.items = json_array();
	if (!err)
		err = store_goal_each(c, e->id, add_goal, &goals);
	if (!err)
		err = goals.err;
	json_object_set_new(o, "goals", goals.items);
	if (!err) {
		err = store_closure_get(c, e->id, &cl);
		if (!err) {
			json_t *closure = json_closure(&cl), *attain = json_object();
			size_t i;
			json_t *g;

			/* Attainment lives on the goals; the closure shows it by
			 * goal id, as it was sent. */
			json_array_foreach(json_object_get(o, "goals"), i, g)
			{
				json_t *a = json_object_get(g, "attainment");
				char key[24];

				if (!json_is_string(a))
					continue;
				snprintf(key, sizeof(key), "%lld",
					 (long long)json_integer_value(json_object_get(g, "id")));
				json_object_set(attain, key, a);
			}
			json_object_set_new(closure, "attainment", attain);
			json_object_set_new(o, "closure", closure);
		} else if (err == REDE_E_NOTFOUND) {
			json_object_set_new(o, "closure", json_null());
			err = REDE_OK;
		}
	}
out:
	closure_row_release(&cl);
	course_extra_release(&x);
	if (err) {
		json_decref(o);
		o = NULL;
	}
	*out = o;
	return err;
}

/* ---- request parsing ---- */

/* staff_ids: 1..ENROLMENT_MAX_STAFF distinct home pedagogues of the
 * municipality. */
static enum rede_err staff_parse(struct store_conn *c, const json_t *arr, int64_t mid,
				 struct enrolment_row *e, struct http_resp *resp)
{
	size_t i, n = json_array_size(arr);
	json_t *v;
	enum rede_err err;

	e->nstaff = 0;
	if (n == 0 || n > ENROLMENT_MAX_STAFF) {
		char msg[120];

		snprintf(msg, sizeof(msg), "Vælg mellem 1 og %d hjemmepædagoger",
			 ENROLMENT_MAX_STAFF);
		http_field_error(resp, "staff_ids", msg);
		return REDE_OK;
	}
	json_array_foreach(arr, i, v)
	{
		bool ok = false;

		if (!json_is_integer(v)) {
			http_field_error(resp, "staff_ids",
					 "Listen må kun indeholde medarbejder-id'er");
			return REDE_OK;
		}
		for (size_t j = 0; j < e->nstaff; j++)
			if (e->staff_ids[j] == json_integer_value(v)) {
				http_field_error(resp, "staff_ids",
						 "Samme medarbejder er valgt to gange");
				return REDE_OK;
			}
		err = store_staff_eligible(c, mid, json_integer_value(v), &ok);
		if (err)
			return err;
		if (!ok) {
			http_field_error(resp, "staff_ids",
					 "Medarbejderen findes ikke i kommunen eller er ikke "
					 "hjemmepædagog");
			return REDE_OK;
		}
		e->staff_ids[e->nstaff++] = json_integer_value(v);
	}
	return REDE_OK;
}

static void legal_frame_parse(const json_t *v, struct enrolment_row *e, struct http_resp *resp)
{
	int k = core_course_name_index(core_legal_frame_names, LEGAL_FRAME__COUNT,
				       json_string_value(v));

	if (k == LEGAL_FRAME__COUNT) {
		http_field_error(resp, "legal_frame",
				 "Vælg dagtilbudsloven_8_9 (dagtilbudsloven §§ 8-9) eller "
				 "serviceloven_11_3 (serviceloven § 11, stk. 3)");
		return;
	}
	snprintf(e->legal_frame, sizeof(e->legal_frame), "%s", core_legal_frame_names[k]);
}

static void minutes_parse(const json_t *v, int64_t *out, struct http_resp *resp)
{
	*out = json_integer_value(v);
	if (*out < 1 || *out > COURSE_MINUTES_PER_WEEK_MAX) {
		char msg[120];

		snprintf(msg, sizeof(msg), "Angiv minutter pr. uge mellem 1 og %d",
			 COURSE_MINUTES_PER_WEEK_MAX);
		http_field_error(resp, "minutes_per_week", msg);
	}
}

/* The planned end against the programme's limit (core_course_end_message). */
static void end_check(const struct core_course_params *p, const struct enrolment_row *e,
		      struct http_resp *resp)
{
	int32_t start = text_date(e->start_on), end = text_date(e->planned_end_on);
	char msg[CORE_COURSE_MSG_SIZE];

	if (start != CORE_NO_DATE && end != CORE_NO_DATE &&
	    core_course_end_message(p, start, end, text_date(e->extension_until), msg))
		http_field_error(resp, "planned_end_on", msg);
}

static void etag_and_body(struct http_resp *resp, int status, json_t *body,
			  const struct enrolment_row *e)
{
	http_json(resp, status, body);
	http_set_etag(resp, "enrolment", e->id, e->version);
}

/* Encode the full course after a change and answer with it. */
static enum rede_err answer_course(struct http_req *req, struct store_conn *c,
				   const struct enrolment_row *e, int status,
				   struct http_resp *resp)
{
	struct core_course_params p;
	json_t *o = NULL;
	enum rede_err err = course_params(req, c, &p);

	if (!err)
		err = json_course(c, e, &p, rede_today(), true, &o);
	if (!err)
		etag_and_body(resp, status, o, e);
	return err;
}

/* ---- POST /api/v1/enrolments ---- */

static const struct http_jfield create_fields[] = {
	{"referral_id", J_INT, true, 0},
	{"staff_ids", J_ARRAY, true, 0},
	{"unit_id", J_INT, true, 0},
	{"legal_frame", J_STRING, true, 32},
	{"start_meeting_on", J_DATE, false, 0},
	{"start_on", J_DATE, true, 0},
	{"planned_end_on", J_DATE, true, 0},
	{"minutes_per_week", J_INT, true, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_enrolments_create(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp)
{
	const json_t *b = req->body;
	struct access_who who = http_who(req);
	struct enrolment_row e;
	struct core_course_params p;
	struct unit_row unit;
	int64_t referral_id, existing, minutes = 0;
	char rstatus[32];
	enum rede_err err = REDE_OK;

	enrolment_row_init(&e);
	req->audit_entity = "enrolment";
	if (!http_json_check(b, create_fields, resp))
		goto out;
	err = course_params(req, c, &p);
	if (err)
		goto out;
	e.municipality_id = req->auth.municipality_id;
	referral_id = json_integer_value(json_object_get(b, "referral_id"));
	err = store_referral_get_basic(c, e.municipality_id, referral_id, &e.family_id, &e.child_id,
				       rstatus);
	if (!err)
		err = store_access_family(c, &who, e.family_id);
	if (err == REDE_E_NOTFOUND) {
		err = REDE_OK;
		http_field_error(resp, "referral_id", "Henvisningen findes ikke");
		goto out;
	}
	if (err)
		goto out;
	e.referral_id = referral_id;
	err = staff_parse(c, json_object_get(b, "staff_ids"), e.municipality_id, &e, resp);
	if (err)
		goto out;
	err = store_unit_get(c, e.municipality_id,
			     json_integer_value(json_object_get(b, "unit_id")), &unit);
	if (err == REDE_E_NOTFOUND) {
		err = REDE_OK;
		http_field_error(resp, "unit_id", "Enheden findes ikke");
	} else if (err) {
		goto out;
	} else {
		e.unit_id = unit.id;
	}
	legal_frame_parse(json_object_get(b, "legal_frame"), &e, resp);
	minutes_parse(json_object_get(b, "minutes_per_week"), &minutes, resp);
	snprintf(e.status, sizeof(e.status), "%s", core_course_status_names[COURSE_PLANNED]);
	snprintf(e.start_on, sizeof(e.start_on), "%s",
		 json_string_value(json_object_get(b, "start_on")));
	snprintf(e.planned_end_on, sizeof(e.planned_end_on), "%s",
		 json_string_value(json_object_get(b, "planned_end_on")));
	if (json_object_get(b, "start_meeting_on"))
		snprintf(e.start_meeting_on, sizeof(e.start_meeting_on), "%s",
			 json_string_value(json_object_get(b, "start_meeting_on")));
	end_check(&p, &e, resp);
	if (http_failed(resp))
		goto out;
	if (strcmp(rstatus, "accepted")) {
		http_problem(resp, 409, "Henvisningen er ikke bevilget");
		http_problem_field(resp, "referral_id",
				   "Et forløb kan kun oprettes fra en bevilget henvisning");
		goto out;
	}
	err = store_enrolment_by_referral(c, e.municipality_id, referral_id, &existing);
	if (err == REDE_OK) {
		http_problem(resp, 409, "Henvisningen har allerede et forløb");
		http_problem_field(resp, "referral_id", "Der er allerede oprettet et forløb");
		goto out;
	}
	if (err != REDE_E_NOTFOUND)
		goto out;
	err = store_enrolment_insert(c, &e, e.start_on, minutes, req->auth.user_id);
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_conflict(resp, "referral_id", "Der er allerede oprettet et forløb");
		goto out;
	}
	if (err)
		goto out;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)e.id);
	err = answer_course(req, c, &e, 201, resp);
	if (!err)
		resp->location = xasprintf("/api/v1/enrolments/%lld", (long long)e.id);
out:
	enrolment_row_release(&e);
	return err;
}

/* ---- GET /api/v1/enrolments[?mine=1][&status=...|&open=1][&limit=N][&cursor=C] ---- */

#define PAGE_DEFAULT 100
#define PAGE_MAX 500

/* Answer {"items": [...]} with the courses of one page (limit 0: all of
 * them, for the caseload); with a limit also "next", the cursor of the
 * following page or null on the last one. */
static enum rede_err course_page(struct http_req *req, struct store_conn *c, bool mine,
				 bool open_only, const char *status, int64_t before, int limit,
				 struct http_resp *resp)
{
	struct access_who who = http_who(req);
	struct core_course_params p;
	struct enrolment_row *rows = NULL;
	struct course_extra *x = NULL;
	int32_t today = rede_today();
	size_t n = 0, shown;
	json_t *items, *body;
	enum rede_err err = course_params(req, c, &p);

	/* one row more than the page tells whether there is a next page */
	if (!err)
		err = store_enrolment_page(c, &who, mine, open_only, status, before,
					   limit > 0 ? limit + 1 : 0, &rows, &n);
	shown = limit > 0 && n > (size_t)limit ? (size_t)limit : n;
	if (!err && shown) {
		x = xcalloc(shown, sizeof(*x));
		err = store_course_extras(c, rows, shown, today, x);
	}
	if (!err) {
		items = json_array();
		for (size_t i = 0; i < shown; i++)
			json_array_append_new(items, json_course_short(&rows[i], &x[i], &p, today));
		body = json_pack("{s:o}", "items", items);
		if (limit > 0)
			json_object_set_new(
				body, "next",
				shown < n ? json_sprintf("%lld", (long long)rows[shown - 1].id)
					  : json_null());
		http_json(resp, 200, body);
	}
	for (size_t i = 0; x && i < shown; i++)
		course_extra_release(&x[i]);
	free(x);
	store_enrolment_list_free(rows, n);
	return err;
}

enum rede_err course_list(struct http_req *req, struct store_conn *c, bool mine, bool open_only,
			  const char *status, struct http_resp *resp)
{
	return course_page(req, c, mine, open_only, status, 0, 0, resp);
}

/* A positive integer query parameter; false when present but not one. */
static bool query_positive(struct http_req *req, const char *name, int64_t *out)
{
	const char *v = http_query(req, name);
	char *end;

	if (!v)
		return true;
	errno = 0;
	*out = strtoll(v, &end, 10);
	return *v >= '0' && *v <= '9' && !*end && errno == 0 && *out > 0;
}

enum rede_err h_enrolments_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const char *mine = http_query(req, "mine");
	const char *status = http_query(req, "status");
	const char *open = http_query(req, "open");
	bool only_mine = mine && !strcmp(mine, "1");
	bool open_only = open && !strcmp(open, "1");
	int64_t limit = PAGE_DEFAULT, cursor = 0;

	req->audit_action = "search";
	req->audit_entity = "enrolment";
	if (status && core_course_name_index(core_course_status_names, COURSE_STATUS__COUNT,
					     status) == COURSE_STATUS__COUNT)
		http_field_error(resp, "status", "Vælg planned, active eller closed");
	if (!query_positive(req, "limit", &limit) || limit > PAGE_MAX)
		http_field_error(resp, "limit",
				 "Antal pr. side skal være et helt tal fra 1 til 500");
	if (!query_positive(req, "cursor", &cursor))
		http_field_error(resp, "cursor", "Ugyldig fortsættelse - hent listen forfra");
	if (resp->status)
		return REDE_OK;
	req->audit_detail = xasprintf("mine=%d status=%s open=%d", only_mine ? 1 : 0,
				      status ? status : "any", open_only ? 1 : 0);
	return course_page(req, c, only_mine, open_only, status, cursor, (int)limit, resp);
}

/* ---- GET /api/v1/enrolments/{id} ---- */

enum rede_err h_enrolments_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	return answer_course(req, c, obj_course(req), 200, resp);
}

/* Store a changed course; a concurrent change answers 412. */
static enum rede_err save_course(struct store_conn *c, struct enrolment_row *e,
				 struct http_resp *resp, bool *saved)
{
	enum rede_err err = store_enrolment_update(c, e);

	*saved = false;
	if (err == REDE_E_CONFLICT) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	*saved = !err;
	return err;
}

/* ---- PATCH /api/v1/enrolments/{id} ---- */

static const struct http_jfield update_fields[] = {
	{"planned_end_on", J_DATE, false, 0},
	{"staff_ids", J_ARRAY, false, 0},
	{"legal_frame", J_STRING, false, 32},
	{NULL, 0, false, 0},
};

enum rede_err h_enrolments_update(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp)
{
	const json_t *b = req->body;
	struct enrolment_row *e = obj_course(req);
	struct core_course_params p;
	json_t *v;
	bool saved;
	enum rede_err err = REDE_OK;

	if (!course_require_staff(req, c, e, true, resp, &err))
		goto out;
	if (!http_json_check(b, update_fields, resp))
		goto out;
	if (!req->if_match) {
		http_problem(resp, 428, "Ændringen mangler If-Match (hent forløbet igen)");
		http_problem_field(resp, "If-Match", "Send ETag fra seneste hentning af forløbet");
		goto out;
	}
	if (!http_if_match_ok(req, "enrolment", e->id, e->version)) {
		http_precondition_failed(resp);
		goto out;
	}
	if (!course_require_open(e, resp))
		goto out;
	err = course_params(req, c, &p);
	if (err)
		goto out;
	if ((v = json_object_get(b, "staff_ids"))) {
		if (!(req->auth.roles & ROLE_BIT(ROLE_COORDINATOR))) {
			http_problem(resp, 403,
				     "Kun en koordinator kan ændre tilknyttede "
				     "medarbejdere");
			http_problem_field(resp, "staff_ids", "Kontakt koordinatoren");
			goto out;
		}
		err = staff_parse(c, v, e->municipality_id, e, resp);
		if (err)
			goto out;
	}
	if ((v = json_object_get(b, "legal_frame")))
		legal_frame_parse(v, e, resp);
	if ((v = json_object_get(b, "planned_end_on"))) {
		snprintf(e->planned_end_on, sizeof(e->planned_end_on), "%s", json_string_value(v));
		end_check(&p, e, resp);
	}
	if (http_failed(resp))
		goto out;
	err = save_course(c, e, resp, &saved);
	if (saved)
		err = answer_course(req, c, e, 200, resp);
out:
	return err;
}

/* The optional If-Match of the POST actions on a course. */
static bool post_if_match(struct http_req *req, const struct enrolment_row *e,
			  struct http_resp *resp)
{
	if (http_if_match_ok(req, "enrolment", e->id, e->version))
		return true;
	http_precondition_failed(resp);
	return false;
}

/* ---- POST /api/v1/enrolments/{id}/hours ---- */

static const struct http_jfield hours_fields[] = {
	{"from_date", J_DATE, true, 0},
	{"minutes_per_week", J_INT, true, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_enrolments_hours(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body;
	struct enrolment_row *e = obj_course(req);
	const char *from;
	int64_t minutes = 0, hid;
	bool saved;
	enum rede_err err = REDE_OK;

	req->audit_action = "change_hours";
	if (!course_require_staff(req, c, e, true, resp, &err))
		goto out;
	if (!http_json_check(b, hours_fields, resp))
		goto out;
	from = json_string_value(json_object_get(b, "from_date"));
	minutes_parse(json_object_get(b, "minutes_per_week"), &minutes, resp);
	if (e->start_on[0] && strcmp(from, e->start_on) < 0)
		http_field_error(resp, "from_date", "Datoen ligger før forløbets start");
	if (http_failed(resp))
		goto out;
	if (!post_if_match(req, e, resp) || !course_require_open(e, resp))
		goto out;
	err = store_hours_add(c, e->id, from, minutes, req->auth.user_id, &hid);
	if (!err)
		err = save_course(c, e, resp, &saved);
	if (!err && saved)
		err = answer_course(req, c, e, 201, resp);
out:
	return err;
}

/* ---- POST /api/v1/enrolments/{id}/extension ---- */

static const struct http_jfield extension_fields[] = {
	{"until", J_DATE, true, 0},
	{"reason", J_STRING, true, COURSE_TEXT_MAX},
	{NULL, 0, false, 0},
};

enum rede_err h_enrolments_extension(struct http_req *req, struct store_conn *c,
				     struct http_resp *resp)
{
	const json_t *b = req->body;
	struct enrolment_row *e = obj_course(req);
	struct core_course_params p;
	int32_t start, until, end;
	char msg[CORE_COURSE_MSG_SIZE];
	const char *reason;
	bool saved;
	enum rede_err err = REDE_OK;

	req->audit_action = "extend";
	if (!http_json_check(b, extension_fields, resp))
		goto out;
	err = course_params(req, c, &p);
	if (err)
		goto out;
	start = text_date(e->start_on);
	until = course_date(b, "until");
	end = text_date(e->planned_end_on);
	reason = json_string_value(json_object_get(b, "reason"));
	if (core_course_extension_message(&p, start, until, end, msg))
		http_field_error(resp, "until", msg);
	if (!*reason)
		http_field_error(resp, "reason", "Begrundelsen for forlængelsen skal udfyldes");
	if (http_failed(resp))
		goto out;
	if (!post_if_match(req, e, resp) || !course_require_open(e, resp))
		goto out;
	snprintf(e->extension_until, sizeof(e->extension_until), "%s",
		 json_string_value(json_object_get(b, "until")));
	free(e->extension_reason);
	e->extension_reason = xstrdup(reason);
	e->extension_decided_by = req->auth.user_id;
	e->extension_decided_at = rede_now();
	err = save_course(c, e, resp, &saved);
	if (!err && saved)
		err = answer_course(req, c, e, 201, resp);
out:
	return err;
}

/* ---- POST /api/v1/enrolments/{id}/start ---- */

static const struct http_jfield start_fields[] = {
	{"start_meeting_on", J_DATE, true, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_enrolments_start(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body;
	struct enrolment_row *e = obj_course(req);
	bool saved;
	enum rede_err err = REDE_OK;

	req->audit_action = "start";
	if (!course_require_staff(req, c, e, true, resp, &err))
		goto out;
	if (!http_json_check(b, start_fields, resp))
		goto out;
	if (course_date(b, "start_meeting_on") > rede_today()) {
		http_field_error(resp, "start_meeting_on",
				 "Opstartsmødet kan først registreres, når det er holdt");
		goto out;
	}
	if (!post_if_match(req, e, resp))
		goto out;
	if (strcmp(e->status, core_course_status_names[COURSE_PLANNED])) {
		http_problem(resp, 409, "Forløbet er allerede startet eller afsluttet");
		http_problem_field(resp, "status", "Kun et planlagt forløb kan startes");
		goto out;
	}
	snprintf(e->start_meeting_on, sizeof(e->start_meeting_on), "%s",
		 json_string_value(json_object_get(b, "start_meeting_on")));
	snprintf(e->status, sizeof(e->status), "%s", core_course_status_names[COURSE_ACTIVE]);
	err = save_course(c, e, resp, &saved);
	if (!err && saved)
		err = answer_course(req, c, e, 200, resp);
out:
	return err;
}
