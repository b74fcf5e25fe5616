/*
 * h_consult.c - consultant visits by health visitors to daycare
 * institutions (Herning practice, DOMAIN §1.6, seed 004): every
 * institution has one fixed health visitor; the year's plan (an annual
 * wheel) gives it consultant.visits_per_year visits, one per period - four:
 * one per quarter - which can be moved; parents propose topics before a
 * visit (through daycare or the health visitor), the topics covered are
 * marked afterwards, and done / missed is visible (a planned visit whose
 * day has passed shows as overdue).
 *
 * Who sees a visit: the municipality's coordinators and leaders, the
 * visit's health visitor, and the daycare users of the institution
 * (anyone else: 404). Who changes it: its health visitor or a coordinator;
 * daycare users of the institution may add topics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_daycare.h"
#include "http/h_health_visit.h"
#include "rede/core.h"
#include "rede/core_cosp.h"
#include "rede/core_course.h"
#include "rede/util.h"
#include "store/consult.h"
#include "store/settings.h"
#include "store/tenancy.h"
#include "store/users.h"

static bool has(const struct http_req *req, enum core_role r)
{
	return (req->auth.roles & ROLE_BIT(r)) != 0;
}

static enum rede_err visits_per_year(struct store_conn *c, int64_t mid, int *n)
{
	int64_t v = 4;
	enum rede_err err = store_setting_int(c, mid, "consultant.visits_per_year", &v);

	if (err == REDE_E_NOTFOUND)
		log_error("setting consultant.visits_per_year is missing");
	*n = v < 1 ? 1 : v > CORE_CONSULT_MAX_VISITS ? CORE_CONSULT_MAX_VISITS : (int)v;
	return err;
}

/* A visit as JSON from its row and facts (no I/O); n: visits per year. */
static json_t *json_visit(const struct consult_visit_row *r, const struct consult_visit_facts *x,
			  int n)
{
	json_t *topics = json_array(), *out;
	int32_t d = 0;
	const char *state = r->status;

	for (size_t i = 0; i < x->ntopics; i++)
		json_array_append_new(
			topics, json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)x->topics[i].id,
					  "proposed_by", x->topics[i].proposed_by, "text",
					  x->topics[i].text, "covered", x->topics[i].covered));
	rede_date_parse(r->planned_on, &d);
	if (!strcmp(r->status, "planned") && d < rede_today())
		state = "overdue";
	out = json_pack("{s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:b, s:b, s:s, s:s, s:o, s:o, s:o, "
			"s:I}",
			"id", (json_int_t)r->id, "unit_id", (json_int_t)r->unit_id,
			"health_visitor_id", (json_int_t)r->health_visitor_id, "year",
			(json_int_t)r->year, "quarter", (json_int_t)r->quarter, "planned_on",
			r->planned_on, "first_planned_on", r->first_planned_on, "moved",
			strcmp(r->planned_on, r->first_planned_on) != 0, "in_period",
			core_year(d) == r->year && core_consult_period(d, n) == r->quarter,
			"status", r->status, "state", state, "done_on",
			r->done_on[0] ? json_string(r->done_on) : json_null(), "note",
			r->note[0] ? json_string(r->note) : json_null(), "topics", topics,
			"version", (json_int_t)r->version);
	/* the health visitor's name: the daycare and the annual wheel show who
	 * comes (only coordinators have the staff directory) */
	json_object_set_new(out, "health_visitor",
			    hv_user_json(r->health_visitor_id, x->health_visitor_name));
	return out;
}

/* Its health visitor or a coordinator (403 otherwise). */
static bool may_change(struct http_req *req, const struct consult_visit_row *r,
		       struct http_resp *resp)
{
	if (has(req, ROLE_COORDINATOR) ||
	    (has(req, ROLE_HEALTH_VISITOR) && r->health_visitor_id == req->auth.user_id))
		return true;
	http_problem(resp, 403, "Kun institutionens faste sundhedsplejerske kan ændre besøget");
	return false;
}

static enum rede_err reply_visit(struct http_req *req, struct store_conn *c,
				 const struct consult_visit_row *r, struct http_resp *resp)
{
	struct consult_visit_facts x = {0};
	int n;
	enum rede_err err = visits_per_year(c, req->auth.municipality_id, &n);

	if (!err)
		err = store_consult_visit_facts(c, r, 1, &x);
	if (!err)
		http_json(resp, 200, json_visit(r, &x, n));
	consult_visit_facts_release(&x);
	if (err)
		return err;
	http_set_etag(resp, "consultant_visit", r->id, r->version);
	return REDE_OK;
}

static const struct http_jfield hv_fields[] = {
	{"user_id", J_INT, true, 0},
	{"since_on", J_DATE, false, 0},
	{NULL, 0, false, 0},
};

/* PUT /api/v1/institutions/{id}/health-visitor {user_id, since_on} */
enum rede_err h_institution_health_visitor(struct http_req *req, struct store_conn *c,
					   struct http_resp *resp)
{
	struct unit_row *u = obj_unit(req);
	struct user_row hv;
	char since[11], day[11];
	enum rede_err err = REDE_OK;

	user_row_init(&hv);
	if (!http_json_check(req->body, hv_fields, resp))
		goto out;
	if (core_unit_kind_parse(u->kind) != UNIT_DAYCARE) {
		http_conflict(resp, "id", "Kun dagtilbud har en fast sundhedsplejerske");
		goto out;
	}
	err = store_user_get(c, req->auth.municipality_id,
			     json_integer_value(json_object_get(req->body, "user_id")), &hv);
	if (err == REDE_E_NOTFOUND ||
	    (!err && (hv.disabled_at || !(hv.roles & ROLE_BIT(ROLE_HEALTH_VISITOR))))) {
		err = REDE_OK;
		http_field_error(resp, "user_id", "Vælg en aktiv sundhedsplejerske i kommunen");
		goto out;
	}
	if (err)
		goto out;
	rede_date_format(rede_today(), day);
	snprintf(since, sizeof(since), "%s",
		 json_object_get(req->body, "since_on")
			 ? json_string_value(json_object_get(req->body, "since_on"))
			 : day);
	err = store_institution_hv_set(c, u->id, hv.id, since, day);
	if (err)
		goto out;
	req->audit_action = "update";
	http_json(resp, 200,
		  json_pack("{s:I, s:I, s:s}", "unit_id", (json_int_t)u->id, "health_visitor_id",
			    (json_int_t)hv.id, "since_on", since));
out:
	user_row_release(&hv);
	return err;
}

struct plan_acc {
	struct store_conn *c;
	int64_t mid;
	int year, n;
	int created;
	json_t *items;
	enum rede_err err;
};

static int plan_institution(int64_t unit_id, int64_t user_id, void *arg)
{
	struct plan_acc *a = arg;
	int32_t dates[CORE_CONSULT_MAX_VISITS];

	core_consult_plan(a->year, a->n, dates);
	for (int q = 0; q < a->n; q++) {
		struct consult_visit_row r = {0};
		bool created = false;

		r.municipality_id = a->mid;
		r.unit_id = unit_id;
		r.health_visitor_id = user_id;
		r.year = a->year;
		r.quarter = q + 1;
		rede_date_format(dates[q], r.planned_on);
		a->err = store_consult_insert(a->c, &r, &created);
		if (a->err)
			return 1;
		a->created += created;
	}
	return 0;
}

static int add_visit(const struct consult_visit_row *r, const struct consult_visit_facts *x,
		     void *arg)
{
	struct plan_acc *a = arg;

	json_array_append_new(a->items, json_visit(r, x, a->n));
	return 0;
}

static const struct http_jfield plan_fields[] = {
	{"year", J_INT, true, 0},
	{NULL, 0, false, 0},
};

/* POST /api/v1/consultant-visits/plan {year}: the annual wheel for every
 * institution with a fixed health visitor (a health visitor: for hers);
 * visits already planned are kept, so running it again adds only what is
 * missing. */
enum rede_err h_consult_plan(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct plan_acc a = {c, req->auth.municipality_id, 0, 0, 0, NULL, REDE_OK};
	struct consult_filter f = {0};
	int64_t hv = 0;
	enum rede_err err;

	req->audit_entity = "consultant_visit";
	if (!http_json_check(req->body, plan_fields, resp))
		return REDE_OK;
	a.year = (int)json_integer_value(json_object_get(req->body, "year"));
	if (a.year < 2000 || a.year > 2100 || a.year < core_year(rede_today()) - 1) {
		http_field_error(resp, "year", "Planlæg indeværende eller kommende år");
		return REDE_OK;
	}
	err = visits_per_year(c, a.mid, &a.n);
	if (err)
		return err;
	if (!has(req, ROLE_COORDINATOR) && !has(req, ROLE_LEADER))
		hv = req->auth.user_id;
	err = store_institution_hv_each(c, a.mid, hv, plan_institution, &a);
	if (!err)
		err = a.err;
	if (err)
		return err;
	a.items = json_array();
	f.year = a.year;
	f.health_visitor_id = hv;
	err = store_consult_each(c, a.mid, &f, add_visit, &a);
	if (!err)
		err = a.err;
	if (err) {
		json_decref(a.items);
		return err;
	}
	req->audit_detail = xasprintf("year %d, %d created", a.year, a.created);
	http_json(resp, 200,
		  json_pack("{s:i, s:i, s:i, s:o}", "year", a.year, "created", a.created,
			    "visits_per_year", a.n, "items", a.items));
	return REDE_OK;
}

static bool query_int(struct http_req *req, const char *name, int64_t *out, struct http_resp *resp)
{
	const char *v = http_query(req, name);
	char *end = NULL;

	*out = 0;
	if (!v)
		return true;
	*out = strtoll(v, &end, 10);
	if (!*v || *end || *out <= 0) {
		http_field_error(resp, name, "Ugyldigt tal");
		return false;
	}
	return true;
}

/* GET /api/v1/consultant-visits?year=&unit_id= */
enum rede_err h_consult_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct plan_acc a = {c, req->auth.municipality_id, 0, 0, 0, NULL, REDE_OK};
	struct consult_filter f = {0};
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "consultant_visit";
	if (!query_int(req, "year", &f.year, resp) || !query_int(req, "unit_id", &f.unit_id, resp))
		return REDE_OK;
	if (!has(req, ROLE_COORDINATOR) && !has(req, ROLE_LEADER)) {
		if (has(req, ROLE_HEALTH_VISITOR))
			f.health_visitor_id = req->auth.user_id;
		else
			f.member_user_id = req->auth.user_id;
	}
	err = visits_per_year(c, a.mid, &a.n);
	if (err)
		return err;
	a.items = json_array();
	err = store_consult_each(c, a.mid, &f, add_visit, &a);
	return http_items_answer(resp, a.items, err ? err : a.err);
}

static const struct http_jfield move_fields[] = {
	{"planned_on", J_DATE, true, 0},
	{NULL, 0, false, 0},
};

/* PATCH /api/v1/consultant-visits/{id} {planned_on}: move a planned visit
 * within its year (If-Match honoured). */
enum rede_err h_consult_move(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct consult_visit_row *r = obj_consult_visit(req);
	int32_t d = 0;
	enum rede_err err = REDE_OK;

	if (!may_change(req, r, resp))
		return err;
	if (!http_if_match_ok(req, "consultant_visit", r->id, r->version)) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	if (!http_json_check(req->body, move_fields, resp))
		return REDE_OK;
	snprintf(r->planned_on, sizeof(r->planned_on), "%s",
		 json_string_value(json_object_get(req->body, "planned_on")));
	rede_date_parse(r->planned_on, &d);
	if (core_year(d) != r->year) {
		http_field_error(resp, "planned_on", "Besøget flyttes inden for samme år");
		return REDE_OK;
	}
	if (strcmp(r->status, "planned")) {
		http_conflict(resp, "planned_on", "Et afholdt eller aflyst besøg kan ikke flyttes");
		return REDE_OK;
	}
	err = store_consult_update(c, r);
	if (err == REDE_E_CONFLICT) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	if (err)
		return err;
	return reply_visit(req, c, r, resp);
}

static const struct http_jfield topic_fields[] = {
	{"text", J_STRING, true, CONSULT_TEXT_MAX},
	{"proposed_by", J_STRING, false, 16},
	{NULL, 0, false, 0},
};

/* POST /api/v1/consultant-visits/{id}/topics {text, proposed_by}: a topic
 * for a planned visit; parents propose through daycare or the health
 * visitor. */
enum rede_err h_consult_topic(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct consult_visit_row *r = obj_consult_visit(req);
	struct consult_topic_row t = {0};
	const char *by;
	enum rede_err err = REDE_OK;

	if (!http_json_check(req->body, topic_fields, resp))
		return REDE_OK;
	by = json_string_value(json_object_get(req->body, "proposed_by"));
	if (!by)
		by = "parents";
	if (core_course_name_index(core_consult_proposer_names, CONSULT_PROPOSER__COUNT, by) ==
	    CONSULT_PROPOSER__COUNT)
		http_field_error(resp, "proposed_by", "Vælg parents, daycare eller health_visitor");
	snprintf(t.text, sizeof(t.text), "%s",
		 json_string_value(json_object_get(req->body, "text")));
	if (!t.text[0])
		http_field_error(resp, "text", "Skriv emnet");
	if (resp->status)
		return REDE_OK;
	if (strcmp(r->status, "planned")) {
		http_conflict(resp, "text", "Besøget er allerede afholdt");
		return REDE_OK;
	}
	t.visit_id = r->id;
	snprintf(t.proposed_by, sizeof(t.proposed_by), "%s", by);
	err = store_consult_topic_add(c, &t, req->auth.user_id);
	if (err)
		return err;
	req->audit_action = "update";
	return reply_visit(req, c, r, resp);
}

static const struct http_jfield outcome_fields[] = {
	{"status", J_STRING, true, 16},
	{"done_on", J_DATE, false, 0},
	{"covered_topic_ids", J_ARRAY, false, 0},
	{"note", J_STRING_OR_NULL, false, CONSULT_TEXT_MAX},
	{NULL, 0, false, 0},
};

/* POST /api/v1/consultant-visits/{id}/outcome {status: done|missed,
 * done_on, covered_topic_ids, note} */
enum rede_err h_consult_outcome(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct consult_visit_row *r = obj_consult_visit(req);
	const char *status;
	int32_t d = 0;
	size_t i;
	enum rede_err err = REDE_OK;

	if (!may_change(req, r, resp))
		return err;
	if (!http_json_check(b, outcome_fields, resp))
		return REDE_OK;
	status = json_string_value(json_object_get(b, "status"));
	if (strcmp(status, "done") && strcmp(status, "missed"))
		http_field_error(resp, "status", "Vælg done eller missed");
	else if (!strcmp(status, "done")) {
		if (!json_object_get(b, "done_on"))
			http_field_error(resp, "done_on", "Angiv datoen for besøget");
		else {
			snprintf(r->done_on, sizeof(r->done_on), "%s",
				 json_string_value(json_object_get(b, "done_on")));
			rede_date_parse(r->done_on, &d);
			if (d > rede_today())
				http_field_error(resp, "done_on", "Datoen ligger i fremtiden");
		}
	} else if (json_array_size(json_object_get(b, "covered_topic_ids"))) {
		http_field_error(resp, "covered_topic_ids", "Et aflyst besøg dækker ingen emner");
	}
	if ((v = json_object_get(b, "note")) && json_is_string(v))
		snprintf(r->note, sizeof(r->note), "%s", json_string_value(v));
	if (resp->status)
		return REDE_OK;
	if (strcmp(r->status, "planned")) {
		http_conflict(resp, "status", "Besøget er allerede registreret");
		return REDE_OK;
	}
	json_array_foreach(json_object_get(b, "covered_topic_ids"), i, v)
	{
		err = json_is_integer(v)
			      ? store_consult_topic_cover(c, r->id, json_integer_value(v))
			      : REDE_E_NOTFOUND;
		if (err == REDE_E_NOTFOUND) {
			http_field_error(resp, "covered_topic_ids", "Emnet hører ikke til besøget");
			return REDE_OK;
		}
		if (err)
			return err;
	}
	snprintf(r->status, sizeof(r->status), "%s", status);
	err = store_consult_update(c, r);
	if (err == REDE_E_CONFLICT) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	if (err)
		return err;
	req->audit_action = "update";
	return reply_visit(req, c, r, resp);
}
