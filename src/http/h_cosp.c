/*
 * h_cosp.c - COS-P group courses (Tryghedscirklen, DOMAIN §1.3): staff
 * training records, courses (hold) with one or two COS-P trained
 * facilitators and dated sessions, moving a session, and attendance per
 * session. Also the helpers the COS-P handlers share (h_cosp.h).
 *
 * A course itself holds no personal data: every COS-P role of the
 * municipality may read it. Its members (families) are listed only as far
 * as the access rule lets the caller see them; facilitators see all of
 * their course's families because placing a family makes them staff of
 * its COS-P enrolment (store/cosp.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_cosp.h"
#include "http/record_time.h"
#include "rede/core.h"
#include "rede/core_course.h"
#include "rede/core_sparring.h"
#include "rede/util.h"
#include "store/enrolments.h"
#include "store/record_times.h"
#include "store/sparring.h"
#include "store/tenancy.h"
#include "store/users.h"

#define INVALID_DA "Ugyldige data"

/* ---- shared helpers (h_cosp.h) ---- */

bool cosp_require_facilitator(struct http_req *req, struct store_conn *c, int64_t course_id,
			      struct http_resp *resp, enum rede_err *err)
{
	bool yes = false;

	*err = REDE_OK;
	if (req->auth.roles & ROLE_BIT(ROLE_COORDINATOR))
		return true;
	*err = store_cosp_is_facilitator(c, course_id, req->auth.user_id, &yes);
	if (*err)
		return false;
	if (!yes)
		http_problem(resp, 403, "Du er ikke kursusleder på dette hold");
	return yes;
}

json_t *cosp_list_json(const char *list)
{
	json_t *a = json_array();
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list ? list : "");
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
		json_array_append_new(a, json_string(t));
	return a;
}

static json_t *json_date_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *json_id_array(const int64_t *ids, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

json_t *json_cosp_offer(const struct core_cosp_params *p, const struct cosp_offer_row *o,
			const struct cosp_offer_facts *x)
{
	struct core_cosp_facts f = {0};
	json_t *sessions = json_array();
	enum core_cosp_stage stage;

	f.answered = strcmp(o->status, "offered") != 0;
	f.accepted = !strcmp(o->status, "accepted");
	f.placed = o->course_id != 0;
	f.dropped_out = o->dropout_on[0] != 0;
	f.attended = x->attended;
	f.last_session = CORE_NO_DATE;
	if (o->course_id && x->last_session_on[0])
		rede_date_parse(x->last_session_on, &f.last_session);
	for (size_t i = 0; i < x->nmarks; i++)
		json_array_append_new(sessions, json_pack("{s:I, s:b}", "session",
							  (json_int_t)x->marks[i].session,
							  "attended", x->marks[i].attended));
	stage = core_cosp_stage(p, &f, rede_today());
	return json_pack(
		"{s:I, s:I, s:s?, s:I, s:I, s:s, s:o, s:o, s:s, s:o, s:o, s:{s:o, s:o}, s:o, s:o, "
		"s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:i, s:i, s:I, s:o}, s:o, s:s, s:I}",
		"id", (json_int_t)o->id, "family_id", (json_int_t)o->family_id, "family_name",
		x->family_name, "child_id", (json_int_t)o->child_id, "enrolment_id",
		(json_int_t)o->enrolment_id, "offered_on", o->offered_on, "offered_by",
		o->offered_by ? json_integer(o->offered_by) : json_null(), "channel",
		json_date_or_null(o->channel), "status", o->status, "answered_on",
		json_date_or_null(o->answered_on), "decline_reason",
		json_date_or_null(o->decline_reason), "preferences", "time_slots",
		cosp_list_json(o->slots), "group_types", cosp_list_json(o->types),
		"institution_ids", json_id_array(o->institution_ids, o->ninstitutions),
		"acquaintance_family_ids", json_id_array(o->acquaintance_ids, o->nacquaintances),
		"course_id", o->course_id ? json_integer(o->course_id) : json_null(), "placed_on",
		json_date_or_null(o->placed_on), "placement_note",
		json_date_or_null(o->placement_note), "dropout_on",
		json_date_or_null(o->dropout_on), "dropout_reason",
		json_date_or_null(o->dropout_reason), "rating",
		o->rating ? json_integer(o->rating) : json_null(), "rated_on",
		json_date_or_null(o->rated_on), "attendance", "attended", f.attended, "recorded",
		(int)x->nmarks, "required", (json_int_t)p->completion_min_attended, "sessions",
		sessions, "completed",
		stage == COSP_COMPLETED                                    ? json_true()
		: stage == COSP_NOT_COMPLETED || stage == COSP_DROPPED_OUT ? json_false()
									   : json_null(),
		"stage", core_cosp_stage_names[stage], "version", (json_int_t)o->version);
}

enum rede_err json_cosp_offer_read(struct store_conn *c, const struct core_cosp_params *p,
				   const struct cosp_offer_row *o, json_t **out)
{
	struct cosp_offer_facts x;
	enum rede_err err = store_cosp_offer_facts(c, o, 1, &x);

	*out = err ? NULL : json_cosp_offer(p, o, &x);
	cosp_offer_facts_release(&x);
	return err;
}

/* ---- staff competences: the training records of every role ---- */

struct competence_acc {
	struct store_conn *c;
	int64_t municipality_id;
	json_t *items;
	enum rede_err err;
};

/* The record with its refresher date (training.refresher_months.KIND
 * after the training's last day; null when none is due). */
static enum rede_err json_competence(struct store_conn *c, int64_t municipality_id,
				     const struct competence_row *r, json_t **out)
{
	int64_t months = 0;
	int32_t done = CORE_NO_DATE, due;
	char due_s[11] = "";
	enum rede_err err =
		store_training_refresher_months(c, municipality_id, r->competence, &months);

	*out = NULL;
	if (err)
		return err;
	if (!rede_date_parse(r->ended_on[0] ? r->ended_on : r->obtained_on, &done))
		done = CORE_NO_DATE;
	due = core_training_refresher_due(done, months);
	if (due != CORE_NO_DATE)
		rede_date_format(due, due_s);
	*out = json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
			 (json_int_t)r->id, "user_id", (json_int_t)r->user_id, "competence",
			 r->competence, "obtained_on", r->obtained_on, "note",
			 json_date_or_null(r->note), "name", json_date_or_null(r->name), "provider",
			 json_date_or_null(r->provider), "ended_on", json_date_or_null(r->ended_on),
			 "hours", r->hours ? json_integer(r->hours) : json_null(), "certificate",
			 json_date_or_null(r->certificate), "certificate_ref",
			 json_date_or_null(r->certificate_ref), "refresher_due_on",
			 json_date_or_null(due_s));
	return REDE_OK;
}

static int add_competence(const struct competence_row *r, void *arg)
{
	struct competence_acc *a = arg;
	json_t *o;

	a->err = json_competence(a->c, a->municipality_id, r, &o);
	if (a->err)
		return 1;
	json_array_append_new(a->items, o);
	return 0;
}

/* GET /api/v1/competences?user_id= */
enum rede_err h_competences_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const char *user = http_query(req, "user_id");
	int64_t uid = 0;
	struct competence_acc a = {c, req->auth.municipality_id, json_array(), REDE_OK};
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "staff_competence";
	if (user) {
		char *end = NULL;
		uid = strtoll(user, &end, 10);
		if (!*user || *end || uid <= 0) {
			json_decref(a.items);
			http_field_error(resp, "user_id", "Ugyldigt id");
			return REDE_OK;
		}
	}
	err = store_competence_each(c, req->auth.municipality_id, uid, add_competence, &a);
	return http_items_answer(resp, a.items, err ? err : a.err);
}

static const struct http_jfield competence_fields[] = {
	{"competence", J_STRING, true, 31},
	{"obtained_on", J_DATE, true, 0},
	{"note", J_STRING_OR_NULL, false, COSP_TEXT_MAX},
	{"name", J_STRING_OR_NULL, false, COSP_NAME_MAX},
	{"provider", J_STRING_OR_NULL, false, COSP_NAME_MAX},
	{"ended_on", J_STRING_OR_NULL, false, 10},
	{"hours", J_INT_OR_NULL, false, 0},
	{"certificate", J_STRING_OR_NULL, false, 7},
	{"certificate_ref", J_STRING_OR_NULL, false, COSP_NAME_MAX},
	{NULL, 0, false, 0},
};
/* Hours of one training record: more is a typing error. */
#define TRAINING_HOURS_MAX 2000

static void copy_opt(const json_t *b, const char *field, char *dst, size_t n)
{
	const json_t *v = json_object_get(b, field);

	if (v && json_is_string(v))
		snprintf(dst, n, "%s", json_string_value(v));
}

/* POST /api/v1/users/{id}/competences: admins, coordinators and leaders
 * for anyone; front-line staff their own training (issue 23). */
enum rede_err h_competences_add(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct competence_row r = {0};
	int64_t keepers = ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_LEADER);
	int32_t start = 0, end = 0, today = rede_today();
	json_t *body = NULL;
	enum rede_err err = REDE_OK;

	r.user_id = obj_user(req)->id;
	if (!(req->auth.roles & keepers) && r.user_id != req->auth.user_id) {
		http_problem(resp, 403, "Du kan kun registrere din egen uddannelse");
		goto out;
	}
	if (!http_json_check(b, competence_fields, resp))
		goto out;
	r.recorded_by = req->auth.user_id;
	snprintf(r.competence, sizeof(r.competence), "%s",
		 json_string_value(json_object_get(b, "competence")));
	if (core_course_name_index(core_competence_names, COMPETENCE__COUNT, r.competence) ==
	    COMPETENCE__COUNT)
		http_field_error(resp, "competence", "Vælg cosp, marte_meo, icdp, nbo eller other");
	snprintf(r.obtained_on, sizeof(r.obtained_on), "%s",
		 json_string_value(json_object_get(b, "obtained_on")));
	rede_date_parse(r.obtained_on, &start);
	if (start > today)
		http_field_error(resp, "obtained_on", "Datoen ligger i fremtiden");
	copy_opt(b, "note", r.note, sizeof(r.note));
	copy_opt(b, "name", r.name, sizeof(r.name));
	copy_opt(b, "provider", r.provider, sizeof(r.provider));
	copy_opt(b, "ended_on", r.ended_on, sizeof(r.ended_on));
	copy_opt(b, "certificate", r.certificate, sizeof(r.certificate));
	copy_opt(b, "certificate_ref", r.certificate_ref, sizeof(r.certificate_ref));
	if (r.ended_on[0] && (!rede_date_parse(r.ended_on, &end) || end < start))
		http_field_error(resp, "ended_on",
				 "Slutdatoen skal være samme dag som eller efter startdatoen");
	else if (r.ended_on[0] && end > today)
		http_field_error(resp, "ended_on", "Uddannelsen registreres, når den er afsluttet");
	if ((v = json_object_get(b, "hours")) && json_is_integer(v)) {
		r.hours = json_integer_value(v);
		if (r.hours < 1 || r.hours > TRAINING_HOURS_MAX)
			http_field_error(resp, "hours", "Angiv timer mellem 1 og 2000");
	}
	if (r.certificate[0] && strcmp(r.certificate, "yes") && strcmp(r.certificate, "no"))
		http_field_error(resp, "certificate", "Vælg yes eller no");
	if (r.certificate_ref[0] && strcmp(r.certificate, "yes"))
		http_field_error(resp, "certificate_ref",
				 "En beviskode kræver, at der er udstedt et bevis");
	if (resp->status)
		goto out;
	err = store_competence_add(c, req->auth.municipality_id, &r);
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_conflict(resp, "obtained_on",
			      "Kompetencen er allerede registreret på den dato");
		goto out;
	}
	if (!err)
		err = json_competence(c, req->auth.municipality_id, &r, &body);
	if (err)
		goto out;
	req->audit_entity = "staff_competence";
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)r.id);
	http_json(resp, 201, body);
out:
	return err;
}

/* ---- courses ---- */

struct session_acc {
	json_t *items;
	char last[COSP_DATE];
};

static int add_session(const struct cosp_session_row *r, void *arg)
{
	struct session_acc *a = arg;

	json_array_append_new(a->items, json_pack("{s:I, s:s}", "number", (json_int_t)r->number,
						  "held_on", r->held_on));
	snprintf(a->last, sizeof(a->last), "%s", r->held_on);
	return 0;
}

static enum rede_err json_course(struct store_conn *c, const struct cosp_course_row *r,
				 json_t **out)
{
	struct session_acc s = {json_array(), ""};
	int64_t taken = 0;
	enum rede_err err = store_cosp_session_each(c, r->id, add_session, &s);

	if (!err)
		err = store_cosp_course_taken(c, r->id, &taken);
	if (err) {
		json_decref(s.items);
		return err;
	}
	*out = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:o, s:I, s:I, s:I, s:b, s:b, s:o, s:o, "
			 "s:o, s:o, s:I}",
			 "id", (json_int_t)r->id, "name", r->name, "start_on", r->start_on,
			 "end_on", json_date_or_null(s.last), "time_slot", r->time_slot,
			 "group_type", r->group_type, "place", json_date_or_null(r->place),
			 "capacity", (json_int_t)r->capacity, "taken", (json_int_t)taken, "free",
			 (json_int_t)(r->capacity > taken ? r->capacity - taken : 0), "childcare",
			 r->childcare, "meal", r->meal, "unit_id",
			 r->unit_id ? json_integer(r->unit_id) : json_null(), "cancelled_on",
			 json_date_or_null(r->cancelled_on), "facilitator_ids",
			 json_id_array(r->facilitator_ids, r->nfacilitators), "sessions", s.items,
			 "version", (json_int_t)r->version);
	return REDE_OK;
}

static const struct http_jfield course_fields[] = {
	{"name", J_STRING, true, COSP_NAME_MAX},
	{"start_on", J_DATE, true, 0},
	{"time_slot", J_STRING, true, 16},
	{"group_type", J_STRING, true, 16},
	{"place", J_STRING_OR_NULL, false, COSP_NAME_MAX},
	{"capacity", J_INT, false, 0},
	{"childcare", J_BOOL, false, 0},
	{"meal", J_BOOL, false, 0},
	{"unit_id", J_INT_OR_NULL, false, 0},
	{"facilitator_ids", J_ARRAY, true, 0},
	{"session_dates", J_ARRAY, false, 0},
	{NULL, 0, false, 0},
};

/* Facilitators: one or two staff of the municipality, at least one a
 * health visitor, the others health visitors or pedagogues, each COS-P
 * trained on or before the start (409 naming facilitator_ids otherwise). */
static enum rede_err check_facilitators(struct http_req *req, struct store_conn *c,
					const struct core_cosp_params *p, struct cosp_course_row *r,
					struct http_resp *resp)
{
	const json_t *arr = json_object_get(req->body, "facilitator_ids");
	int64_t staff = ROLE_BIT(ROLE_HEALTH_VISITOR) | ROLE_BIT(ROLE_HOME_PEDAGOGUE);
	bool health_visitor = false;
	enum rede_err err = REDE_OK;
	char msg[120];

	if (!http_id_list(arr, "facilitator_ids", r->facilitator_ids, COSP_MAX_FACILITATORS,
			  &r->nfacilitators, resp))
		return REDE_OK;
	if (r->nfacilitators < 1 || (int64_t)r->nfacilitators > p->max_facilitators) {
		snprintf(msg, sizeof(msg), "Et hold har 1-%lld kursusledere",
			 (long long)p->max_facilitators);
		http_field_error(resp, "facilitator_ids", msg);
		return REDE_OK;
	}
	for (size_t i = 0; i < r->nfacilitators; i++) {
		struct user_row u;

		user_row_init(&u);
		err = store_user_get(c, req->auth.municipality_id, r->facilitator_ids[i], &u);
		if (err == REDE_E_NOTFOUND || (!err && (u.disabled_at || !(u.roles & staff)))) {
			err = REDE_OK;
			http_field_error(
				resp, "facilitator_ids",
				"Kursusledere er aktive sundhedsplejersker eller pædagoger "
				"i kommunen");
		}
		health_visitor |= !err && (u.roles & ROLE_BIT(ROLE_HEALTH_VISITOR));
		user_row_release(&u);
		if (err || resp->status)
			return err;
	}
	if (!health_visitor)
		http_field_error(resp, "facilitator_ids",
				 "Mindst én kursusleder skal være sundhedsplejerske");
	return REDE_OK;
}

static enum rede_err check_trained(struct http_req *req, struct store_conn *c,
				   const struct cosp_course_row *r, struct http_resp *resp)
{
	for (size_t i = 0; i < r->nfacilitators; i++) {
		bool held = false;
		enum rede_err err =
			store_competence_held(c, req->auth.municipality_id, r->facilitator_ids[i],
					      COMPETENCE_COSP, r->start_on, &held);
		if (err)
			return err;
		if (!held) {
			char msg[160];

			snprintf(msg, sizeof(msg),
				 "Medarbejder %lld er ikke uddannet i COS-P (Tryghedscirklen) "
				 "senest på holdets startdato",
				 (long long)r->facilitator_ids[i]);
			if (!resp->status)
				http_problem(resp, 409, "Kursuslederen er ikke COS-P-uddannet");
			http_problem_field(resp, "facilitator_ids", msg);
		}
	}
	return REDE_OK;
}

/* POST /api/v1/groups */
enum rede_err h_cosp_courses_create(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct core_cosp_params p;
	struct cosp_course_row r;
	int32_t dates[CORE_COSP_MAX_SESSIONS], start = 0;
	json_t *body = NULL;
	int k;
	enum rede_err err;

	memset(&r, 0, sizeof(r));
	req->audit_entity = "cosp_course";
	err = store_cosp_params(c, req->auth.municipality_id, &p);
	if (err || !http_json_check(b, course_fields, resp))
		goto out;
	r.municipality_id = req->auth.municipality_id;
	r.created_by = req->auth.user_id;
	snprintf(r.name, sizeof(r.name), "%s", json_string_value(json_object_get(b, "name")));
	if (!*r.name)
		http_field_error(resp, "name", "Giv holdet et navn");
	snprintf(r.start_on, sizeof(r.start_on), "%s",
		 json_string_value(json_object_get(b, "start_on")));
	rede_date_parse(r.start_on, &start);
	k = core_course_name_index(plan_slot_names, SLOT__COUNT,
				   json_string_value(json_object_get(b, "time_slot")));
	if (k == SLOT__COUNT)
		http_field_error(resp, "time_slot", "Vælg morning, afternoon eller evening");
	else
		snprintf(r.time_slot, sizeof(r.time_slot), "%s", plan_slot_names[k]);
	k = core_course_name_index(plan_type_names, GTYPE__COUNT,
				   json_string_value(json_object_get(b, "group_type")));
	if (k == GTYPE__COUNT)
		http_field_error(resp, "group_type",
				 "Vælg mothers, couples, mixed eller individual");
	else
		snprintf(r.group_type, sizeof(r.group_type), "%s", plan_type_names[k]);
	if ((v = json_object_get(b, "place")) && json_is_string(v))
		snprintf(r.place, sizeof(r.place), "%s", json_string_value(v));
	r.capacity = (v = json_object_get(b, "capacity")) ? json_integer_value(v) : p.capacity;
	if (r.capacity < 1 || r.capacity > p.capacity) {
		char msg[80];

		snprintf(msg, sizeof(msg), "Et hold har 1-%lld pladser", (long long)p.capacity);
		http_field_error(resp, "capacity", msg);
	}
	r.childcare = json_is_true(json_object_get(b, "childcare"));
	r.meal = json_is_true(json_object_get(b, "meal"));
	if ((v = json_object_get(b, "unit_id")) && json_is_integer(v)) {
		struct unit_row u;

		r.unit_id = json_integer_value(v);
		err = store_unit_get(c, r.municipality_id, r.unit_id, &u);
		if (err == REDE_E_NOTFOUND) {
			err = REDE_OK;
			http_field_error(resp, "unit_id", "Enheden findes ikke");
		}
		if (err)
			goto out;
	}
	if ((v = json_object_get(b, "session_dates"))) {
		size_t i;
		json_t *d;

		if ((int64_t)json_array_size(v) != p.sessions) {
			char msg[80];

			snprintf(msg, sizeof(msg), "Et hold har %lld gange", (long long)p.sessions);
			http_field_error(resp, "session_dates", msg);
		} else {
			json_array_foreach(v, i, d)
			{
				if (!json_is_string(d) ||
				    !rede_date_parse(json_string_value(d), &dates[i])) {
					http_field_error(resp, "session_dates",
							 "Ugyldig dato (ÅÅÅÅ-MM-DD)");
					break;
				}
				if (!http_date_plausible(resp, "session_dates", dates[i]))
					break;
			}
			if (!resp->status && (dates[0] != start ||
					      !core_cosp_dates_ascending(dates, (int)p.sessions)))
				http_field_error(resp, "session_dates",
						 "Første gang er startdatoen, og datoerne "
						 "kommer i rækkefølge");
		}
	} else {
		core_cosp_session_dates(start, (int)p.sessions, p.session_interval_days, dates);
	}
	err = check_facilitators(req, c, &p, &r, resp);
	if (err || resp->status)
		goto out;
	err = check_trained(req, c, &r, resp);
	if (err || resp->status)
		goto out;
	err = store_cosp_course_insert(c, &r, dates, (int)p.sessions);
	if (!err)
		err = store_cosp_course_get(c, r.municipality_id, r.id, &r);
	if (!err)
		err = json_course(c, &r, &body);
	if (err)
		goto out;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)r.id);
	http_json(resp, 201, body);
	http_set_etag(resp, "cosp_course", r.id, r.version);
	resp->location = xasprintf("/api/v1/groups/%lld", (long long)r.id);
out:
	return err;
}

struct course_list_acc {
	struct store_conn *c;
	json_t *items;
	enum rede_err err;
};

static int add_course(const struct cosp_course_row *r, void *arg)
{
	struct course_list_acc *a = arg;
	json_t *o;

	a->err = json_course(a->c, r, &o);
	if (a->err)
		return 1;
	json_array_append_new(a->items, o);
	return 0;
}

/* GET /api/v1/groups?open=1 */
enum rede_err h_cosp_courses_list(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp)
{
	const char *open = http_query(req, "open");
	struct course_list_acc a = {c, json_array(), REDE_OK};
	char today[COSP_DATE];
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "cosp_course";
	rede_date_format(rede_today(), today);
	err = store_cosp_course_each(c, req->auth.municipality_id,
				     open && !strcmp(open, "1") ? today : NULL, add_course, &a);
	return http_items_answer(resp, a.items, err ? err : a.err);
}

struct member_acc {
	const struct core_cosp_params *p;
	json_t *items;
};

static int add_member(const struct cosp_offer_row *o, const struct cosp_offer_facts *x, void *arg)
{
	struct member_acc *a = arg;

	json_array_append_new(a->items, json_cosp_offer(a->p, o, x));
	return 0;
}

/* The members of course r the caller may see, as offers (*out owned). */
static enum rede_err course_members(struct http_req *req, struct store_conn *c,
				    const struct cosp_course_row *r,
				    const struct core_cosp_params *p, json_t **out)
{
	struct access_who who = http_who(req);
	struct cosp_offer_filter flt = {0};
	struct member_acc a = {p, json_array()};
	enum rede_err err;

	flt.course_id = r->id;
	flt.facts = true;
	err = store_cosp_offer_each(c, r->municipality_id, &who, &flt, add_member, &a);
	if (err) {
		json_decref(a.items);
		a.items = NULL;
	}
	*out = a.items;
	return err;
}

/* GET /api/v1/groups/{id}: the course with the members the caller may see */
enum rede_err h_cosp_courses_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct core_cosp_params p;
	struct cosp_course_row *r = obj_cosp_group(req);
	json_t *body = NULL, *members = NULL;
	enum rede_err err = REDE_OK;

	err = store_cosp_params(c, req->auth.municipality_id, &p);
	if (!err)
		err = json_course(c, r, &body);
	if (!err)
		err = course_members(req, c, r, &p, &members);
	if (err) {
		json_decref(body);
		return err;
	}
	json_object_set_new(body, "members", members);
	http_json(resp, 200, body);
	http_set_etag(resp, "cosp_course", r->id, r->version);
	return REDE_OK;
}

static const struct http_jfield move_fields[] = {
	{"held_on", J_DATE, true, 0},
	{NULL, 0, false, 0},
};

struct dates_acc {
	int32_t d[CORE_COSP_MAX_SESSIONS];
	int n;
};

static int collect_date(const struct cosp_session_row *r, void *arg)
{
	struct dates_acc *a = arg;

	if (a->n < CORE_COSP_MAX_SESSIONS)
		rede_date_parse(r->held_on, &a->d[a->n++]);
	return 0;
}

/* PATCH /api/v1/groups/{id}/sessions/{number} {held_on} */
enum rede_err h_cosp_sessions_move(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	struct cosp_course_row *r = obj_cosp_group(req);
	struct cosp_session_row s;
	struct dates_acc a = {{0}, 0};
	const char *held_on;
	int64_t number;
	int32_t d = 0;
	json_t *body = NULL;
	enum rede_err err = REDE_OK;

	if (!http_arg_id(req, 1, &number) ||
	    (err = store_cosp_session_get(c, r->id, number, &s)) == REDE_E_NOTFOUND) {
		http_not_found(resp);
		return REDE_OK;
	}
	if (err || !cosp_require_facilitator(req, c, r->id, resp, &err))
		return err;
	if (!http_json_check(req->body, move_fields, resp))
		return REDE_OK;
	held_on = json_string_value(json_object_get(req->body, "held_on"));
	rede_date_parse(held_on, &d);
	err = store_cosp_session_each(c, r->id, collect_date, &a);
	if (err)
		return err;
	a.d[number - 1] = d;
	if (!core_cosp_dates_ascending(a.d, a.n)) {
		http_field_error(resp, "held_on",
				 "Datoen skal ligge mellem forrige og næste gang på holdet");
		return REDE_OK;
	}
	err = store_cosp_session_move(c, r->id, number, held_on);
	if (!err)
		err = json_course(c, r, &body);
	if (err)
		return err;
	http_json(resp, 200, body);
	return REDE_OK;
}

static const struct http_jfield attendance_fields[] = {
	{"session", J_INT, true, 0},
	{"records", J_ARRAY, true, 0},
	RECORD_TIME_FIELD,
	{NULL, 0, false, 0},
};

/* POST /api/v1/groups/{id}/attendance {session, records: [{offer_id,
 * attended}]}: who came to one session; a record may be corrected. */
enum rede_err h_cosp_attendance(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *recs, *v;
	struct core_cosp_params p;
	struct cosp_course_row *r = obj_cosp_group(req);
	struct cosp_session_row s;
	json_t *members = NULL;
	int32_t held = 0;
	int64_t recorded_at = 0;
	size_t i;
	enum rede_err err = REDE_OK;

	if (!cosp_require_facilitator(req, c, r->id, resp, &err))
		return err;
	if (!http_json_check(b, attendance_fields, resp))
		return REDE_OK;
	err = store_cosp_session_get(c, r->id, json_integer_value(json_object_get(b, "session")),
				     &s);
	if (err == REDE_E_NOTFOUND) {
		http_field_error(resp, "session", "Holdet har ikke den gang");
		return REDE_OK;
	}
	if (err)
		return err;
	recs = json_object_get(b, "records");
	if (!json_array_size(recs))
		http_field_error(resp, "records", "Angiv fremmøde for mindst én familie");
	rede_date_parse(s.held_on, &held);
	if (held > rede_today())
		http_field_error(resp, "session", "Fremmøde kan først registreres på dagen");
	json_array_foreach(recs, i, v)
	{
		const json_t *oid = json_object_get(v, "offer_id"),
			     *att = json_object_get(v, "attended");
		struct cosp_offer_row o;

		if (resp->status)
			break;
		if (!json_is_object(v) || !json_is_integer(oid) || !json_is_boolean(att) ||
		    json_object_size(v) != 2) {
			http_field_error(resp, "records",
					 "Hver registrering er {offer_id, attended}");
			break;
		}
		err = store_cosp_offer_get(c, r->municipality_id, json_integer_value(oid), &o);
		if (err == REDE_E_NOTFOUND || (!err && o.course_id != r->id)) {
			err = REDE_OK;
			http_field_error(resp, "records", "Familien er ikke på holdet");
			break;
		}
		if (err)
			return err;
		if (o.dropout_on[0] && strcmp(o.dropout_on, s.held_on) <= 0) {
			http_problem(resp, 409, "Familien er stoppet på holdet");
			http_problem_field(resp, "records", "Familien stoppede før denne gang");
			break;
		}
	}
	if (!resp->status) {
		err = http_recorded_at(req, c, resp, &recorded_at);
		if (err)
			return err;
	}
	if (resp->status)
		return REDE_OK;
	json_array_foreach(recs, i, v)
	{
		int64_t oid = json_integer_value(json_object_get(v, "offer_id"));

		err = store_cosp_attendance_set(c, s.id, oid,
						json_is_true(json_object_get(v, "attended")),
						req->auth.user_id);
		if (!err)
			err = store_cosp_attendance_recorded_at(c, s.id, oid, recorded_at);
		if (err)
			return err;
	}
	req->audit_detail = xasprintf("session %lld", (long long)s.number);
	err = store_cosp_params(c, r->municipality_id, &p);
	if (err)
		return err;
	err = course_members(req, c, r, &p, &members);
	if (err)
		return err;
	{
		json_t *o = json_pack("{s:I, s:s, s:o}", "session", (json_int_t)s.number, "held_on",
				      s.held_on, "members", members);

		http_record_times_json(o, recorded_at, rede_now());
		http_json(resp, 200, o);
	}
	return REDE_OK;
}
