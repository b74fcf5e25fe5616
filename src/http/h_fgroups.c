/*
 * h_fgroups.c - the Aarhus family groups (DOMAIN §1.6, seed 004): groups
 * of 4-8 families that meet weekly for 12-16 weeks with rolling intake;
 * goals per child agreed at a start meeting with parents, daycare and a
 * group worker; the daycare's daily score 1-4 per goal with what it did,
 * in one quick call; status meetings every 6 weeks that return the scores
 * as a series for the chart.
 *
 * Staff reach a member through the access rule on its enrolment (the
 * group workers are its staff). A daycare user reaches only the children
 * of its own institution, after the start meeting, while the parents'
 * share_daycare consent is in force - and then only the child's name and
 * goals, which is what it needs to score them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_daycare.h"
#include "http/h_health_visit.h"
#include "http/record_time.h"
#include "rede/core.h"
#include "rede/core_cosp.h"
#include "rede/core_course.h"
#include "rede/util.h"
#include "store/families.h"
#include "store/fgroups.h"
#include "store/record_times.h"
#include "store/tenancy.h"
#include "store/users.h"

#define FGROUP_MAX_GOALS 8

static int32_t day_of(const char *s)
{
	int32_t d;

	return s && rede_date_parse(s, &d) ? d : CORE_NO_DATE;
}

static json_t *date_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static bool ids_of(const json_t *arr, const char *field, int64_t *out, size_t max, size_t *n,
		   struct http_resp *resp)
{
	size_t i;
	json_t *v;

	*n = 0;
	if (json_array_size(arr) > max || !json_array_size(arr)) {
		http_field_error(resp, field, "Angiv 1-4 gruppemedarbejdere");
		return false;
	}
	json_array_foreach(arr, i, v)
	{
		bool dup = false;
		if (!json_is_integer(v)) {
			http_field_error(resp, field, "Angiv en liste af id'er");
			return false;
		}
		for (size_t j = 0; j < *n; j++)
			dup |= out[j] == json_integer_value(v);
		if (!dup)
			out[(*n)++] = json_integer_value(v);
	}
	return true;
}

/* ---- JSON ---- */

struct series_acc {
	json_t *items;
	char last[11];
};

static int add_score(const struct fgroup_score_row *r, void *arg)
{
	struct series_acc *a = arg;

	json_array_append_new(a->items,
			      json_pack("{s:s, s:I, s:o}", "scored_on", r->scored_on, "score",
					(json_int_t)r->score, "did", date_or_null(r->did)));
	snprintf(a->last, sizeof(a->last), "%s", r->scored_on);
	return 0;
}

struct goals_acc {
	struct store_conn *c;
	json_t *items;
	bool with_scores;
	const char *today; /* daycare view: today's score only */
	enum rede_err err;
};

static int add_goal(const struct fgroup_goal_row *g, void *arg)
{
	struct goals_acc *a = arg;
	struct series_acc s = {json_array(), ""};
	json_t *o;

	a->err = store_fgroup_score_each(a->c, g->id, add_score, &s);
	if (a->err) {
		json_decref(s.items);
		return 1;
	}
	o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)g->id, "text", g->text, "agreed_on",
		      g->agreed_on);
	if (a->with_scores) {
		json_object_set_new(o, "scores", s.items);
	} else {
		json_t *today = json_null();
		size_t n = json_array_size(s.items);

		if (n && !strcmp(s.last, a->today))
			today = json_incref(json_array_get(s.items, n - 1));
		json_object_set_new(o, "today", today);
		json_decref(s.items);
	}
	json_array_append_new(a->items, o);
	return 0;
}

static int add_status(const struct fgroup_status_row *r, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)r->id, "held_on",
					     r->held_on, "note", date_or_null(r->note)));
	return 0;
}

static int last_status(const struct fgroup_status_row *r, void *arg)
{
	*(int32_t *)arg = day_of(r->held_on);
	return 0;
}

/* A member for staff: everything, with goals and their score series. */
static enum rede_err json_member(struct store_conn *c, const struct core_fgroup_params *p,
				 const struct fgroup_member_row *m, json_t **out)
{
	struct goals_acc g = {c, json_array(), true, NULL, REDE_OK};
	json_t *meetings = json_array();
	int32_t last = CORE_NO_DATE, next;
	char next_s[11] = "";
	enum rede_err err = store_fgroup_goal_each(c, m->id, add_goal, &g);

	if (!err)
		err = g.err;
	if (!err)
		err = store_fgroup_status_each(c, m->id, add_status, meetings);
	if (!err)
		err = store_fgroup_status_each(c, m->id, last_status, &last);
	if (err) {
		json_decref(g.items);
		json_decref(meetings);
		return err;
	}
	next = m->left_on[0] ? CORE_NO_DATE
			     : core_fgroup_next_status(p, day_of(m->start_meeting_on), last);
	if (next != CORE_NO_DATE)
		rede_date_format(next, next_s);
	*out = json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
		"s:b, s:I}",
		"id", (json_int_t)m->id, "group_id", (json_int_t)m->group_id, "family_id",
		(json_int_t)m->family_id, "child_id", (json_int_t)m->child_id, "enrolment_id",
		(json_int_t)m->enrolment_id, "daycare_unit_id", (json_int_t)m->daycare_unit_id,
		"joined_on", m->joined_on, "start_meeting_on", date_or_null(m->start_meeting_on),
		"start_participants", date_or_null(m->start_participants), "left_on",
		date_or_null(m->left_on), "left_reason", date_or_null(m->left_reason), "goals",
		g.items, "status_meetings", meetings, "next_status_meeting_on",
		date_or_null(next_s), "status_meeting_due",
		next != CORE_NO_DATE && next <= rede_today(), "version", (json_int_t)m->version);
	return REDE_OK;
}

static json_t *json_group(const struct fgroup_row *r, const struct core_fgroup_params *p,
			  int64_t active)
{
	json_t *w = json_array();
	char end[11];

	for (size_t i = 0; i < r->nworkers; i++)
		json_array_append_new(w, json_integer(r->worker_ids[i]));
	rede_date_format(day_of(r->start_on) + (int32_t)(r->weeks * 7), end);
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:I, s:b, s:b, s:I}", "id",
			 (json_int_t)r->id, "name", r->name, "start_on", r->start_on, "end_on", end,
			 "weeks", (json_int_t)r->weeks, "place", date_or_null(r->place), "unit_id",
			 r->unit_id ? json_integer(r->unit_id) : json_null(), "worker_ids", w,
			 "active_families", (json_int_t)active, "below_minimum",
			 active < p->min_families, "full", active >= p->max_families, "version",
			 (json_int_t)r->version);
}

/* The group with its workers' names beside their ids ("workers": [{id,
 * display_name}]): every reader of the group sees who runs it, and only
 * coordinators have the staff directory. names (may be NULL) keeps the
 * workers already looked up by a list, by id, so a list of many groups
 * reads each worker's name once. Takes ownership of nothing; *out is a new
 * reference. */
static enum rede_err json_group_named(struct store_conn *c, const struct fgroup_row *r,
				      const struct core_fgroup_params *p, int64_t active,
				      json_t *names, json_t **out)
{
	json_t *workers = json_array(), *u = NULL;
	enum rede_err err = REDE_OK;

	*out = NULL;
	for (size_t i = 0; i < r->nworkers && !err; i++) {
		char key[24];

		snprintf(key, sizeof(key), "%lld", (long long)r->worker_ids[i]);
		u = names ? json_object_get(names, key) : NULL;
		if (u) {
			json_array_append(workers, u);
			continue;
		}
		err = hv_json_user(c, r->worker_ids[i], &u);
		if (!err && names)
			json_object_set(names, key, u);
		if (!err)
			json_array_append_new(workers, u);
	}
	if (err) {
		json_decref(workers);
		return err;
	}
	*out = json_group(r, p, active);
	json_object_set_new(*out, "workers", workers);
	return REDE_OK;
}

/* ---- who may change a group ---- */

/* A group worker or a coordinator (403 otherwise). */
static bool require_worker(struct http_req *req, struct store_conn *c, int64_t group_id,
			   struct http_resp *resp, enum rede_err *err)
{
	bool yes = (req->auth.roles & ROLE_BIT(ROLE_COORDINATOR)) != 0;

	*err = REDE_OK;
	if (!yes)
		*err = store_fgroup_is_worker(c, group_id, req->auth.user_id, &yes);
	if (!*err && !yes)
		http_problem(resp, 403, "Du er ikke gruppemedarbejder i denne familiegruppe");
	return !*err && yes;
}

static enum rede_err reply_member(struct http_req *req, struct store_conn *c,
				  const struct fgroup_member_row *m, int status,
				  struct http_resp *resp)
{
	struct core_fgroup_params p;
	json_t *body;
	enum rede_err err = store_fgroup_params(c, req->auth.municipality_id, &p);

	if (!err)
		err = json_member(c, &p, m, &body);
	if (err)
		return err;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)m->id);
	http_json(resp, status, body);
	http_set_etag(resp, "family_group_member", m->id, m->version);
	return REDE_OK;
}

/* ---- groups ---- */

static const struct http_jfield group_fields[] = {
	{"name", J_STRING, true, FGROUP_NAME_MAX},
	{"start_on", J_DATE, true, 0},
	{"weeks", J_INT, true, 0},
	{"place", J_STRING_OR_NULL, false, FGROUP_NAME_MAX},
	{"unit_id", J_INT_OR_NULL, false, 0},
	{"worker_ids", J_ARRAY, true, 0},
	{NULL, 0, false, 0},
};

/* POST /api/v1/family-groups */
enum rede_err h_fgroups_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct core_fgroup_params p;
	struct fgroup_row r;
	json_t *body = NULL;
	int64_t staff = ROLE_BIT(ROLE_HOME_PEDAGOGUE) | ROLE_BIT(ROLE_HEALTH_VISITOR);
	enum rede_err err;

	memset(&r, 0, sizeof(r));
	req->audit_entity = "family_group";
	err = store_fgroup_params(c, req->auth.municipality_id, &p);
	if (err || !http_json_check(b, group_fields, resp))
		return err;
	r.municipality_id = req->auth.municipality_id;
	r.created_by = req->auth.user_id;
	snprintf(r.name, sizeof(r.name), "%s", json_string_value(json_object_get(b, "name")));
	if (!r.name[0])
		http_field_error(resp, "name", "Giv gruppen et navn");
	snprintf(r.start_on, sizeof(r.start_on), "%s",
		 json_string_value(json_object_get(b, "start_on")));
	r.weeks = json_integer_value(json_object_get(b, "weeks"));
	if (r.weeks < p.min_weeks || r.weeks > p.max_weeks) {
		char msg[80];

		snprintf(msg, sizeof(msg), "Et forløb varer %lld-%lld uger", (long long)p.min_weeks,
			 (long long)p.max_weeks);
		http_field_error(resp, "weeks", msg);
	}
	if ((v = json_object_get(b, "place")) && json_is_string(v))
		snprintf(r.place, sizeof(r.place), "%s", json_string_value(v));
	if ((v = json_object_get(b, "unit_id")) && json_is_integer(v)) {
		struct unit_row u;

		r.unit_id = json_integer_value(v);
		err = store_unit_get(c, r.municipality_id, r.unit_id, &u);
		if (err == REDE_E_NOTFOUND) {
			err = REDE_OK;
			http_field_error(resp, "unit_id", "Enheden findes ikke");
		}
		if (err)
			return err;
	}
	if (ids_of(json_object_get(b, "worker_ids"), "worker_ids", r.worker_ids, FGROUP_MAX_WORKERS,
		   &r.nworkers, resp)) {
		for (size_t i = 0; i < r.nworkers; i++) {
			struct user_row u;

			user_row_init(&u);
			err = store_user_get(c, r.municipality_id, r.worker_ids[i], &u);
			if (err == REDE_E_NOTFOUND ||
			    (!err && (u.disabled_at || !(u.roles & staff)))) {
				err = REDE_OK;
				http_field_error(resp, "worker_ids",
						 "Gruppemedarbejdere er aktive pædagoger eller "
						 "sundhedsplejersker i kommunen");
			}
			user_row_release(&u);
			if (err || resp->status)
				break;
		}
	}
	if (err || resp->status)
		return err;
	err = store_fgroup_insert(c, &r);
	if (err)
		return err;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)r.id);
	err = json_group_named(c, &r, &p, 0, NULL, &body);
	if (err)
		return err;
	http_json(resp, 201, body);
	http_set_etag(resp, "family_group", r.id, r.version);
	resp->location = xasprintf("/api/v1/family-groups/%lld", (long long)r.id);
	return REDE_OK;
}

struct groups_acc {
	struct store_conn *c;
	struct core_fgroup_params p;
	json_t *names; /* the workers looked up so far (json_group_named) */
	json_t *items;
	enum rede_err err;
};

static int add_group(const struct fgroup_row *r, int64_t active, void *arg)
{
	struct groups_acc *a = arg;
	json_t *o = NULL;

	a->err = json_group_named(a->c, r, &a->p, active, a->names, &o);
	if (a->err)
		return 1;
	json_array_append_new(a->items, o);
	return 0;
}

/* GET /api/v1/family-groups */
enum rede_err h_fgroups_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct groups_acc a = {c, {0}, NULL, NULL, REDE_OK};
	char today[11];
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "family_group";
	rede_date_format(rede_today(), today);
	err = store_fgroup_params(c, req->auth.municipality_id, &a.p);
	if (err)
		return err;
	a.items = json_array();
	a.names = json_object();
	err = store_fgroup_each(c, req->auth.municipality_id, today, add_group, &a);
	json_decref(a.names);
	return http_items_answer(resp, a.items, err ? err : a.err);
}

struct members_acc {
	struct store_conn *c;
	const struct core_fgroup_params *p;
	json_t *items;
	enum rede_err err;
};

static int add_member(const struct fgroup_member_row *m, void *arg)
{
	struct members_acc *a = arg;
	json_t *o;

	a->err = json_member(a->c, a->p, m, &o);
	if (a->err)
		return 1;
	json_array_append_new(a->items, o);
	return 0;
}

/* GET /api/v1/family-groups/{id}: the group and the members the caller
 * may see */
enum rede_err h_fgroups_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	struct core_fgroup_params p;
	struct fgroup_row *g = obj_family_group(req);
	struct members_acc a = {c, &p, NULL, REDE_OK};
	char today[11];
	int64_t n = 0;
	json_t *body;
	enum rede_err err = REDE_OK;

	rede_date_format(rede_today(), today);
	err = store_fgroup_params(c, req->auth.municipality_id, &p);
	if (!err)
		err = store_fgroup_active(c, g->id, today, &n);
	if (err)
		return err;
	a.items = json_array();
	err = store_fgroup_member_each(c, g->id, &who, add_member, &a);
	if (!err)
		err = a.err;
	if (err) {
		json_decref(a.items);
		return err;
	}
	err = json_group_named(c, g, &p, n, NULL, &body);
	if (err) {
		json_decref(a.items);
		return err;
	}
	json_object_set_new(body, "members", a.items);
	http_json(resp, 200, body);
	http_set_etag(resp, "family_group", g->id, g->version);
	return REDE_OK;
}

static const struct http_jfield member_fields[] = {
	{"family_id", J_INT, true, 0},
	{"child_id", J_INT, true, 0},
	{"daycare_unit_id", J_INT, true, 0},
	{"joined_on", J_DATE, true, 0},
	{NULL, 0, false, 0},
};

/* POST /api/v1/family-groups/{id}/members: rolling intake while the group
 * runs and has room; needs the parents' consent to share with daycare. */
enum rede_err h_fgroups_add_member(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	struct access_who who = http_who(req);
	const json_t *b = req->body;
	struct core_fgroup_params p;
	struct fgroup_row *g = obj_family_group(req);
	struct fgroup_member_row m;
	struct person_row child;
	struct unit_row u;
	int32_t joined, start;
	int64_t active = 0;
	bool consent = false;
	enum rede_err err = REDE_OK;

	memset(&m, 0, sizeof(m));
	memset(&child, 0, sizeof(child));
	if (!require_worker(req, c, g->id, resp, &err))
		return err;
	req->audit_entity = "family_group_member";
	req->audit_entity_id[0] = 0;
	req->audit_detail = xasprintf("family_group %lld", (long long)g->id);
	if (!http_json_check(b, member_fields, resp))
		return REDE_OK;
	err = store_fgroup_params(c, req->auth.municipality_id, &p);
	if (err)
		return err;
	m.group_id = g->id;
	m.family_id = json_integer_value(json_object_get(b, "family_id"));
	m.child_id = json_integer_value(json_object_get(b, "child_id"));
	m.daycare_unit_id = json_integer_value(json_object_get(b, "daycare_unit_id"));
	snprintf(m.joined_on, sizeof(m.joined_on), "%s",
		 json_string_value(json_object_get(b, "joined_on")));
	err = store_access_family(c, &who, m.family_id);
	if (err == REDE_E_NOTFOUND) {
		http_field_error(resp, "family_id", "Familien findes ikke");
		return REDE_OK;
	}
	if (err)
		return err;
	err = store_person_get(c, g->municipality_id, m.child_id, &child);
	if (err == REDE_E_NOTFOUND ||
	    (!err && (child.family_id != m.family_id || strcmp(child.kind, "child")))) {
		err = REDE_OK;
		http_field_error(resp, "child_id", "Vælg et barn i familien");
	}
	person_row_release(&child);
	if (err)
		return err;
	err = store_unit_get(c, g->municipality_id, m.daycare_unit_id, &u);
	if (err == REDE_E_NOTFOUND || (!err && core_unit_kind_parse(u.kind) != UNIT_DAYCARE)) {
		err = REDE_OK;
		http_field_error(resp, "daycare_unit_id", "Vælg barnets dagtilbud");
	}
	if (err)
		return err;
	joined = day_of(m.joined_on);
	start = day_of(g->start_on);
	if (joined < start || joined >= start + (int32_t)(g->weeks * 7) || joined > rede_today())
		http_field_error(resp, "joined_on",
				 "Optag sker mens gruppen kører, og højst i dag");
	if (resp->status)
		return REDE_OK;
	err = store_fgroup_active(c, g->id, m.joined_on, &active);
	if (!err)
		err = store_consent_active(c, m.family_id, "share_daycare", m.joined_on, &consent);
	if (err)
		return err;
	if (active >= p.max_families) {
		char msg[80];

		snprintf(msg, sizeof(msg), "Gruppen har allerede %lld familier", (long long)active);
		http_conflict(resp, "family_id", msg);
		return REDE_OK;
	}
	if (!consent) {
		http_problem(resp, 409, "Forældrenes samtykke mangler");
		http_problem_field(resp, "family_id",
				   "Familiegruppen deler mål og trivsel med dagtilbuddet og kræver "
				   "forældrenes samtykke til deling med dagtilbud");
		return REDE_OK;
	}
	err = store_fgroup_member_insert(c, &m);
	if (!err)
		err = store_fgroup_member_get(c, g->municipality_id, m.id, &m);
	if (err)
		return err;
	resp->location = xasprintf("/api/v1/family-group-members/%lld", (long long)m.id);
	return reply_member(req, c, &m, 201, resp);
}

static const struct http_jfield start_fields[] = {
	{"held_on", J_DATE, true, 0},
	{"participants", J_ARRAY, true, 0},
	{"goals", J_ARRAY, true, 0},
	{NULL, 0, false, 0},
};

/* POST /api/v1/family-group-members/{id}/start-meeting {held_on,
 * participants, goals: [{text}]}: once, with parents, daycare and a group
 * worker. */
enum rede_err h_fgroup_members_start(struct http_req *req, struct store_conn *c,
				     struct http_resp *resp)
{
	const json_t *b = req->body, *v, *goals;
	struct fgroup_member_row *m = obj_family_group_member(req);
	bool seen[FGROUP_PARTICIPANT__COUNT] = {false};
	size_t i;
	enum rede_err err = REDE_OK;

	if (!require_worker(req, c, m->group_id, resp, &err))
		return err;
	if (!http_json_check(b, start_fields, resp))
		return REDE_OK;
	snprintf(m->start_meeting_on, sizeof(m->start_meeting_on), "%s",
		 json_string_value(json_object_get(b, "held_on")));
	if (day_of(m->start_meeting_on) > rede_today() ||
	    strcmp(m->start_meeting_on, m->joined_on) < 0)
		http_field_error(resp, "held_on", "Mødet ligger mellem optag og i dag");
	json_array_foreach(json_object_get(b, "participants"), i, v)
	{
		int k = core_course_name_index(core_fgroup_participant_names,
					       FGROUP_PARTICIPANT__COUNT, json_string_value(v));
		if (k == FGROUP_PARTICIPANT__COUNT) {
			http_field_error(resp, "participants",
					 "Vælg blandt parents, daycare, group_worker og other");
			break;
		}
		seen[k] = true;
	}
	if (!resp->status &&
	    (!seen[FGROUP_PARENTS] || !seen[FGROUP_DAYCARE] || !seen[FGROUP_GROUP_WORKER]))
		http_field_error(resp, "participants",
				 "Forældre, dagtilbud og en gruppemedarbejder deltager i "
				 "opstartsmødet");
	m->start_participants[0] = 0;
	for (int k = 0; k < FGROUP_PARTICIPANT__COUNT; k++)
		if (seen[k]) {
			size_t n = strlen(m->start_participants);
			snprintf(m->start_participants + n, sizeof(m->start_participants) - n,
				 "%s%s", n ? "," : "", core_fgroup_participant_names[k]);
		}
	goals = json_object_get(b, "goals");
	if (!json_array_size(goals) || json_array_size(goals) > FGROUP_MAX_GOALS)
		http_field_error(resp, "goals", "Aftal 1-8 mål for barnet");
	json_array_foreach(goals, i, v)
	{
		const json_t *t = json_object_get(v, "text");
		if (!json_is_object(v) || json_object_size(v) != 1 || !json_is_string(t) ||
		    !*json_string_value(t) || strlen(json_string_value(t)) > FGROUP_TEXT_MAX) {
			http_field_error(resp, "goals", "Hvert mål er {text}");
			break;
		}
	}
	if (resp->status)
		return REDE_OK;
	{
		struct fgroup_member_row stored;

		err = store_fgroup_member_get(c, req->auth.municipality_id, m->id, &stored);
		if (err)
			return err;
		if (stored.start_meeting_on[0] || stored.left_on[0]) {
			http_conflict(resp, "held_on",
				      stored.left_on[0] ? "Familien har forladt gruppen"
							: "Opstartsmødet er allerede holdt");
			return REDE_OK;
		}
	}
	err = store_fgroup_member_update(c, m);
	if (err == REDE_E_CONFLICT) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	json_array_foreach(goals, i, v)
	{
		struct fgroup_goal_row g = {0};

		if (err)
			break;
		g.member_id = m->id;
		snprintf(g.text, sizeof(g.text), "%s",
			 json_string_value(json_object_get(v, "text")));
		snprintf(g.agreed_on, sizeof(g.agreed_on), "%s", m->start_meeting_on);
		err = store_fgroup_goal_add(c, &g);
	}
	if (err)
		return err;
	req->audit_action = "update";
	return reply_member(req, c, m, 200, resp);
}

static const struct http_jfield leave_fields[] = {
	{"left_on", J_DATE, true, 0},
	{"reason", J_STRING, true, FGROUP_TEXT_MAX},
	{NULL, 0, false, 0},
};

/* POST /api/v1/family-group-members/{id}/leave {left_on, reason} */
enum rede_err h_fgroup_members_leave(struct http_req *req, struct store_conn *c,
				     struct http_resp *resp)
{
	struct fgroup_member_row *m = obj_family_group_member(req);
	enum rede_err err = REDE_OK;

	if (!require_worker(req, c, m->group_id, resp, &err))
		return err;
	if (!http_json_check(req->body, leave_fields, resp))
		return REDE_OK;
	if (m->left_on[0]) {
		http_conflict(resp, "left_on", "Familien har allerede forladt gruppen");
		return REDE_OK;
	}
	snprintf(m->left_on, sizeof(m->left_on), "%s",
		 json_string_value(json_object_get(req->body, "left_on")));
	snprintf(m->left_reason, sizeof(m->left_reason), "%s",
		 json_string_value(json_object_get(req->body, "reason")));
	if (strcmp(m->left_on, m->joined_on) < 0 || day_of(m->left_on) > rede_today())
		http_field_error(resp, "left_on", "Datoen ligger mellem optag og i dag");
	if (!m->left_reason[0])
		http_field_error(resp, "reason", "Angiv årsagen");
	if (resp->status)
		return REDE_OK;
	err = store_fgroup_member_update(c, m);
	if (err == REDE_E_CONFLICT) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	if (err)
		return err;
	req->audit_action = "update";
	return reply_member(req, c, m, 200, resp);
}

static const struct http_jfield status_fields[] = {
	{"held_on", J_DATE, true, 0},
	{"note", J_STRING_OR_NULL, false, FGROUP_TEXT_MAX},
	{NULL, 0, false, 0},
};

/* POST /api/v1/family-group-members/{id}/status-meetings {held_on, note}:
 * records the meeting and answers with the member, whose goals carry the
 * daily scores as a series (the chart's data). */
enum rede_err h_fgroup_members_status(struct http_req *req, struct store_conn *c,
				      struct http_resp *resp)
{
	const json_t *v;
	struct fgroup_member_row *m = obj_family_group_member(req);
	struct fgroup_status_row s = {0};
	enum rede_err err = REDE_OK;

	if (!require_worker(req, c, m->group_id, resp, &err))
		return err;
	if (!http_json_check(req->body, status_fields, resp))
		return REDE_OK;
	snprintf(s.held_on, sizeof(s.held_on), "%s",
		 json_string_value(json_object_get(req->body, "held_on")));
	if ((v = json_object_get(req->body, "note")) && json_is_string(v))
		snprintf(s.note, sizeof(s.note), "%s", json_string_value(v));
	if (day_of(s.held_on) > rede_today())
		http_field_error(resp, "held_on", "Mødet registreres, når det er holdt");
	if (resp->status)
		return REDE_OK;
	if (!m->start_meeting_on[0] || strcmp(s.held_on, m->start_meeting_on) < 0) {
		http_conflict(resp, "held_on", "Statusmøder følger efter opstartsmødet");
		return REDE_OK;
	}
	s.member_id = m->id;
	err = store_fgroup_status_add(c, &s, req->auth.user_id);
	if (err)
		return err;
	req->audit_action = "update";
	return reply_member(req, c, m, 201, resp);
}

/* GET /api/v1/family-group-members/{id}: the member with its goals and
 * score series */
enum rede_err h_fgroup_members_scores(struct http_req *req, struct store_conn *c,
				      struct http_resp *resp)
{
	return reply_member(req, c, obj_family_group_member(req), 200, resp);
}

/* ---- the daycare's part ---- */

struct child_acc {
	struct store_conn *c;
	const char *today;
	json_t *items;
	enum rede_err err;
};

static int add_child(const struct fgroup_member_row *m, void *arg)
{
	struct child_acc *a = arg;
	struct goals_acc g = {a->c, json_array(), false, a->today, REDE_OK};
	struct person_row child;

	memset(&child, 0, sizeof(child));
	a->err = store_fgroup_goal_each(a->c, m->id, add_goal, &g);
	if (!a->err)
		a->err = g.err;
	if (!a->err)
		a->err = store_person_get(a->c, m->municipality_id, m->child_id, &child);
	if (!a->err)
		json_array_append_new(a->items,
				      json_pack("{s:I, s:I, s:{s:s, s:s}, s:o}", "member_id",
						(json_int_t)m->id, "daycare_unit_id",
						(json_int_t)m->daycare_unit_id, "child",
						"given_name", child.given_name, "family_name",
						child.family_name, "goals", g.items));
	else
		json_decref(g.items);
	person_row_release(&child);
	return a->err != REDE_OK;
}

/* GET /api/v1/daycare/children: the children of the caller's institutions
 * in family groups, their goals and today's score - the daily form. */
enum rede_err h_daycare_children(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	char today[11];
	struct child_acc a = {c, today, json_array(), REDE_OK};
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "family_group_member";
	rede_date_format(rede_today(), today);
	err = store_fgroup_daycare_each(c, req->auth.municipality_id, req->auth.user_id, today,
					add_child, &a);
	if (!err)
		err = a.err;
	if (err) {
		json_decref(a.items);
		return err;
	}
	http_json(resp, 200, json_pack("{s:s, s:o}", "date", today, "items", a.items));
	return REDE_OK;
}

static const struct http_jfield score_fields[] = {
	{"goal_id", J_INT, true, 0},
	{"score", J_INT, true, 0},
	{"did", J_STRING_OR_NULL, false, FGROUP_TEXT_MAX},
	{"scored_on", J_DATE, false, 0},
	RECORD_TIME_FIELD,
	{NULL, 0, false, 0},
};

/* POST /api/v1/daycare/scores {goal_id, score, did, scored_on}: the daily
 * score (default today); the same day again replaces it. */
enum rede_err h_daycare_score(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct core_fgroup_params p;
	struct fgroup_goal_row g;
	struct fgroup_member_row m;
	struct fgroup_score_row s = {0};
	char today[11];
	int64_t recorded_at = 0;
	json_t *o;
	enum rede_err err;

	req->audit_entity = "daycare_score";
	if (!http_json_check(b, score_fields, resp))
		return REDE_OK;
	rede_date_format(rede_today(), today);
	s.goal_id = json_integer_value(json_object_get(b, "goal_id"));
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)s.goal_id);
	/* the goal must belong to a child the caller's institution scores today */
	err = store_fgroup_goal_get(c, s.goal_id, &g);
	if (!err)
		err = store_fgroup_member_get(c, req->auth.municipality_id, g.member_id, &m);
	if (!err)
		err = store_fgroup_daycare_member(c, req->auth.municipality_id, req->auth.user_id,
						  today, m.id);
	if (err == REDE_E_NOTFOUND) {
		http_field_error(resp, "goal_id", "Målet findes ikke");
		return REDE_OK;
	}
	if (!err)
		err = store_fgroup_params(c, req->auth.municipality_id, &p);
	if (err)
		return err;
	s.score = json_integer_value(json_object_get(b, "score"));
	if (!core_fgroup_score_valid(&p, s.score)) {
		char msg[60];

		snprintf(msg, sizeof(msg), "Scoren er %lld-%lld", (long long)p.score_min,
			 (long long)p.score_max);
		http_field_error(resp, "score", msg);
	}
	snprintf(s.scored_on, sizeof(s.scored_on), "%s",
		 (v = json_object_get(b, "scored_on")) ? json_string_value(v) : today);
	if (strcmp(s.scored_on, today) > 0 || strcmp(s.scored_on, m.start_meeting_on) < 0)
		http_field_error(resp, "scored_on", "Dagen ligger mellem opstartsmødet og i dag");
	if ((v = json_object_get(b, "did")) && json_is_string(v))
		snprintf(s.did, sizeof(s.did), "%s", json_string_value(v));
	if (!resp->status) {
		err = http_recorded_at(req, c, resp, &recorded_at);
		if (err)
			return err;
	}
	if (resp->status)
		return REDE_OK;
	err = store_fgroup_score_put(c, &s, req->auth.user_id);
	if (!err)
		err = store_daycare_score_recorded_at(c, s.goal_id, s.scored_on, recorded_at);
	if (err)
		return err;
	o = json_pack("{s:I, s:s, s:I, s:o}", "goal_id", (json_int_t)s.goal_id, "scored_on",
		      s.scored_on, "score", (json_int_t)s.score, "did", date_or_null(s.did));
	http_record_times_json(o, recorded_at, rede_now());
	http_json(resp, 200, o);
	return REDE_OK;
}
