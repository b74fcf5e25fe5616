/*
 * h_goals.c - the goals of a course, agreed with the family at the start
 * meeting (theme 1-3, focus area, text in the family's words, baseline and
 * target on the programme's rating scale), and their dated ratings by
 * staff or parent (DOMAIN §1.1 "Goals").
 *
 * Only home pedagogues assigned to the course record them; a goal is
 * reached through its course, so the access rule of the course applies
 * (404). Changing a goal needs If-Match with its ETag (428 / 412).
 *
 * A rating made offline (issue 20) carries "recorded_at" (record_time.h)
 * and may carry If-Match with the goal's ETag as the device saw it; a goal
 * changed since answers 412 with the goal as it is now.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_course.h"
#include "http/record_time.h"
#include "rede/util.h"
#include "store/record_times.h"

/* Check and copy the goal fields present in b into g; every bad field is
 * named on resp. */
static void goal_fields(const json_t *b, const struct core_course_params *p, struct goal_row *g,
			struct http_resp *resp)
{
	const json_t *v;
	char msg[120];

	if ((v = json_object_get(b, "theme"))) {
		if (!core_theme_valid(json_integer_value(v))) {
			snprintf(msg, sizeof(msg), "Vælg tema %d-%d", CORE_THEME_FIRST,
				 CORE_THEME_LAST);
			http_field_error(resp, "theme", msg);
		}
		g->theme = json_integer_value(v);
	}
	if ((v = json_object_get(b, "focus_area"))) {
		int k = core_course_name_index(core_focus_area_names, FOCUS_AREA__COUNT,
					       json_string_value(v));
		if (k == FOCUS_AREA__COUNT)
			http_field_error(resp, "focus_area",
					 "Vælg routines, play_presence, feelings_language, "
					 "daycare_cooperation eller other");
		else
			snprintf(g->focus_area, sizeof(g->focus_area), "%s",
				 core_focus_area_names[k]);
	}
	if ((v = json_object_get(b, "text"))) {
		if (!*json_string_value(v))
			http_field_error(resp, "text", "Beskriv målet med familiens egne ord");
		free(g->text);
		g->text = xstrdup(json_string_value(v));
	}
	snprintf(msg, sizeof(msg), "Angiv en værdi på skalaen %lld-%lld", (long long)p->rating_min,
		 (long long)p->rating_max);
	if ((v = json_object_get(b, "baseline"))) {
		if (!core_rating_valid(p, json_integer_value(v)))
			http_field_error(resp, "baseline", msg);
		g->baseline = json_integer_value(v);
	}
	if ((v = json_object_get(b, "target"))) {
		if (!core_rating_valid(p, json_integer_value(v)))
			http_field_error(resp, "target", msg);
		g->target = json_integer_value(v);
	}
	if ((v = json_object_get(b, "agreed_on"))) {
		if (course_date(b, "agreed_on") > rede_today())
			http_field_error(resp, "agreed_on", "Datoen ligger i fremtiden");
		snprintf(g->agreed_on, sizeof(g->agreed_on), "%s", json_string_value(v));
	}
}

static enum rede_err answer_goal(struct store_conn *c, const struct goal_row *g, int status,
				 struct http_resp *resp)
{
	json_t *o;
	enum rede_err err = json_goal(c, g, &o);

	if (err)
		return err;
	http_json(resp, status, o);
	http_set_etag(resp, "goal", g->id, g->version);
	return REDE_OK;
}

/* ---- POST /api/v1/enrolments/{id}/goals ---- */

static const struct http_jfield goal_create_fields[] = {
	{"theme", J_INT, true, 0},
	{"focus_area", J_STRING, true, 32},
	{"text", J_STRING, true, COURSE_TEXT_MAX},
	{"baseline", J_INT, true, 0},
	{"target", J_INT, true, 0},
	{"agreed_on", J_DATE, true, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_goals_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct enrolment_row *e = obj_course(req);
	struct goal_row g;
	struct core_course_params p;
	enum rede_err err = REDE_OK;

	goal_row_init(&g);
	if (!course_require_staff(req, c, e, false, resp, &err))
		goto out;
	/* Until it exists the new goal is audited by its course. */
	req->audit_entity = "goal";
	req->audit_entity_id[0] = 0;
	req->audit_detail = xasprintf("enrolment %lld", (long long)e->id);
	if (!http_json_check(req->body, goal_create_fields, resp))
		goto out;
	err = course_params(req, c, &p);
	if (err)
		goto out;
	goal_fields(req->body, &p, &g, resp);
	if (http_failed(resp) || !course_require_open(e, resp))
		goto out;
	g.enrolment_id = e->id;
	err = store_goal_insert(c, &g);
	if (err)
		goto out;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)g.id);
	err = answer_goal(c, &g, 201, resp);
	if (!err)
		resp->location = xasprintf("/api/v1/goals/%lld", (long long)g.id);
out:
	goal_row_release(&g);
	return err;
}

/* ---- GET /api/v1/goals/{id} ---- */

enum rede_err h_goals_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	return answer_goal(c, obj_goal(req), 200, resp);
}

/* ---- PATCH /api/v1/goals/{id} ---- */

static const struct http_jfield goal_update_fields[] = {
	{"theme", J_INT, false, 0},
	{"focus_area", J_STRING, false, 32},
	{"text", J_STRING, false, COURSE_TEXT_MAX},
	{"baseline", J_INT, false, 0},
	{"target", J_INT, false, 0},
	{"agreed_on", J_DATE, false, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_goals_update(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct enrolment_row *e = obj_course(req);
	struct goal_row *g = obj_goal(req);
	struct core_course_params p;
	enum rede_err err = REDE_OK;

	if (!course_require_staff(req, c, e, false, resp, &err))
		goto out;
	if (!http_json_check(req->body, goal_update_fields, resp))
		goto out;
	if (!req->if_match) {
		http_problem(resp, 428, "Ændringen mangler If-Match (hent målet igen)");
		http_problem_field(resp, "If-Match", "Send ETag fra seneste hentning af målet");
		goto out;
	}
	if (!http_if_match_ok(req, "goal", g->id, g->version)) {
		http_precondition_failed(resp);
		goto out;
	}
	err = course_params(req, c, &p);
	if (err)
		goto out;
	goal_fields(req->body, &p, g, resp);
	if (http_failed(resp) || !course_require_open(e, resp))
		goto out;
	err = store_goal_update(c, g);
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_precondition_failed(resp);
		goto out;
	}
	if (!err)
		err = answer_goal(c, g, 200, resp);
out:
	return err;
}

/* ---- POST /api/v1/goals/{id}/ratings ---- */

static const struct http_jfield rating_fields[] = {
	{"rated_on", J_DATE, true, 0}, {"value", J_INT, true, 0},
	{"by", J_STRING, true, 16},    RECORD_TIME_FIELD,
	{NULL, 0, false, 0},
};

enum rede_err h_goals_rate(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body;
	struct enrolment_row *e = obj_course(req);
	struct goal_row *g = obj_goal(req);
	struct rating_row r;
	struct core_course_params p;
	int by;
	int64_t recorded_at = 0;
	char msg[120];
	json_t *o;
	enum rede_err err = REDE_OK;

	memset(&r, 0, sizeof(r));
	req->audit_action = "rate";
	if (!course_require_staff(req, c, e, false, resp, &err))
		goto out;
	if (!http_json_check(b, rating_fields, resp))
		goto out;
	err = course_params(req, c, &p);
	if (err)
		goto out;
	r.goal_id = g->id;
	r.value = json_integer_value(json_object_get(b, "value"));
	r.recorded_by = req->auth.user_id;
	snprintf(r.rated_on, sizeof(r.rated_on), "%s",
		 json_string_value(json_object_get(b, "rated_on")));
	if (!core_rating_valid(&p, r.value)) {
		snprintf(msg, sizeof(msg), "Angiv en værdi på skalaen %lld-%lld",
			 (long long)p.rating_min, (long long)p.rating_max);
		http_field_error(resp, "value", msg);
	}
	by = core_course_name_index(core_rater_names, RATER__COUNT,
				    json_string_value(json_object_get(b, "by")));
	if (by == RATER__COUNT)
		http_field_error(resp, "by", "Angiv staff (medarbejder) eller parent (forælder)");
	else
		snprintf(r.by, sizeof(r.by), "%s", core_rater_names[by]);
	if (course_date(b, "rated_on") > rede_today())
		http_field_error(resp, "rated_on", "Datoen ligger i fremtiden");
	else if (strcmp(r.rated_on, g->agreed_on) < 0)
		http_field_error(resp, "rated_on", "Datoen ligger før målet blev aftalt");
	err = http_recorded_at(req, c, resp, &recorded_at);
	if (err || http_failed(resp))
		goto out;
	if (!http_if_match_ok(req, "goal", g->id, g->version)) {
		err = json_goal(c, g, &o);
		if (!err)
			http_precondition_failed_current(resp, o, "goal", g->id, g->version);
		goto out;
	}
	if (!course_require_open(e, resp))
		goto out;
	err = store_rating_insert(c, &r);
	if (!err && recorded_at)
		err = store_rating_recorded_at(c, r.id, recorded_at);
	if (err)
		goto out;
	o = json_rating(&r);
	http_record_times_json(o, recorded_at, r.created_at);
	http_json(resp, 201, o);
out:
	return err;
}
