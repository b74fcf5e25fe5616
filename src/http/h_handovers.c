/*
 * h_handovers.c - the handover conversation when a child starts in
 * daycare (overleveringssamtale, DOMAIN §1.6, seed 003): date, the daycare
 * institution, participants (parents, health visitor, daycare, ...) and
 * what was shared, item by item.
 *
 * It can only be recorded with the parents' share_daycare consent in force
 * on the day (409 naming family_id otherwise; nothing written). Staff who
 * may see the family see everything about it. A daycare user sees a
 * handover only when it belongs to the institution and only while the
 * consent is still in force, and then exactly the shared items with the
 * date and the child's name - never participants, staff, other notes, or
 * anything else of the case (DOMAIN §1.6: sharing per consent, never by
 * default).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_daycare.h"
#include "rede/core.h"
#include "rede/core_course.h"
#include "rede/core_daycare.h"
#include "rede/util.h"
#include "store/families.h"
#include "store/handovers.h"
#include "store/tenancy.h"

static json_t *json_items(const struct handover_row *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->nitems; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "topic", r->items[i].topic, "text",
						   r->items[i].text));
	return a;
}

static json_t *json_list(const char *list)
{
	json_t *a = json_array();
	char buf[160], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
		json_array_append_new(a, json_string(t));
	return a;
}

/* Staff view: everything. */
static json_t *json_handover(const struct handover_row *r)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)r->id,
			 "family_id", (json_int_t)r->family_id, "child_id", (json_int_t)r->child_id,
			 "unit_id", (json_int_t)r->unit_id, "held_on", r->held_on, "participants",
			 json_list(r->participants), "items", json_items(r), "recorded_by",
			 r->recorded_by ? json_integer(r->recorded_by) : json_null());
}

/* Daycare view: what was shared, which child, when. Nothing else. */
static enum rede_err json_shared(struct store_conn *c, const struct handover_row *r, json_t **out)
{
	struct person_row child;
	enum rede_err err;

	memset(&child, 0, sizeof(child));
	err = store_person_get(c, r->municipality_id, r->child_id, &child);
	if (!err)
		*out = json_pack("{s:I, s:I, s:s, s:{s:s, s:s}, s:o}", "id", (json_int_t)r->id,
				 "unit_id", (json_int_t)r->unit_id, "held_on", r->held_on, "child",
				 "given_name", child.given_name, "family_name", child.family_name,
				 "items", json_items(r));
	person_row_release(&child);
	return err;
}

static bool is_daycare_only(const struct http_req *req)
{
	struct access_who who = http_who(req);

	return store_access_daycare_only(&who);
}

static const struct http_jfield handover_fields[] = {
	{"family_id", J_INT, true, 0},
	{"child_id", J_INT, true, 0},
	{"unit_id", J_INT, true, 0},
	{"held_on", J_DATE, true, 0},
	{"participants", J_ARRAY, true, 0},
	{"items", J_ARRAY, true, 0},
	{NULL, 0, false, 0},
};

static void parse_participants(const json_t *arr, struct handover_row *r, struct http_resp *resp)
{
	bool seen[HANDOVER_PARTICIPANT__COUNT] = {false};
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		int k = core_course_name_index(core_handover_participant_names,
					       HANDOVER_PARTICIPANT__COUNT,
					       json_is_string(v) ? json_string_value(v) : NULL);
		if (k == HANDOVER_PARTICIPANT__COUNT) {
			http_field_error(resp, "participants",
					 "Vælg blandt parents, health_visitor, daycare, "
					 "home_pedagogue og other");
			return;
		}
		seen[k] = true;
	}
	if (!seen[0] || !seen[2]) {
		http_field_error(resp, "participants",
				 "Forældrene og dagtilbuddet deltager i en overleveringssamtale");
		return;
	}
	for (int k = 0; k < HANDOVER_PARTICIPANT__COUNT; k++)
		if (seen[k]) {
			size_t n = strlen(r->participants);
			snprintf(r->participants + n, sizeof(r->participants) - n, "%s%s",
				 n ? "," : "", core_handover_participant_names[k]);
		}
}

static void parse_items(const json_t *arr, struct handover_row *r, struct http_resp *resp)
{
	size_t i;
	json_t *v;

	if (!json_array_size(arr) || json_array_size(arr) > HANDOVER_MAX_ITEMS) {
		http_field_error(resp, "items", "Angiv 1-32 punkter, der blev delt");
		return;
	}
	json_array_foreach(arr, i, v)
	{
		const json_t *topic = json_object_get(v, "topic"),
			     *text = json_object_get(v, "text");
		int k = core_course_name_index(core_handover_topic_names, HANDOVER_TOPIC__COUNT,
					       json_is_string(topic) ? json_string_value(topic)
								     : NULL);

		if (!json_is_object(v) || json_object_size(v) != 2 || k == HANDOVER_TOPIC__COUNT ||
		    !json_is_string(text) || !*json_string_value(text) ||
		    strlen(json_string_value(text)) > HANDOVER_TEXT_MAX) {
			http_field_error(resp, "items",
					 "Hvert punkt er {topic, text}; topic er sleep, food, "
					 "language, development, routines, relations, health "
					 "eller other");
			return;
		}
		snprintf(r->items[r->nitems].topic, sizeof(r->items[0].topic), "%s",
			 core_handover_topic_names[k]);
		r->items[r->nitems++].text = xstrdup(json_string_value(text));
	}
}

/* POST /api/v1/handovers */
enum rede_err h_handovers_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	const json_t *b = req->body;
	struct handover_row r;
	struct person_row child;
	struct unit_row u;
	bool active = false;
	int32_t d = 0;
	enum rede_err err = REDE_OK;

	handover_row_init(&r);
	memset(&child, 0, sizeof(child));
	req->audit_entity = "handover";
	if (!http_json_check(b, handover_fields, resp))
		goto out;
	r.municipality_id = req->auth.municipality_id;
	r.family_id = json_integer_value(json_object_get(b, "family_id"));
	r.child_id = json_integer_value(json_object_get(b, "child_id"));
	r.unit_id = json_integer_value(json_object_get(b, "unit_id"));
	r.recorded_by = req->auth.user_id;
	err = store_access_family(c, &who, r.family_id);
	if (err == REDE_E_NOTFOUND) {
		err = REDE_OK;
		http_field_error(resp, "family_id", "Familien findes ikke");
		goto out;
	}
	if (err)
		goto out;
	err = store_person_get(c, r.municipality_id, r.child_id, &child);
	if (err == REDE_E_NOTFOUND ||
	    (!err && (child.family_id != r.family_id || strcmp(child.kind, "child")))) {
		err = REDE_OK;
		http_field_error(resp, "child_id", "Vælg et barn i familien");
	}
	if (err)
		goto out;
	err = store_unit_get(c, r.municipality_id, r.unit_id, &u);
	if (err == REDE_E_NOTFOUND || (!err && core_unit_kind_parse(u.kind) != UNIT_DAYCARE)) {
		err = REDE_OK;
		http_field_error(resp, "unit_id", "Vælg dagtilbuddet (en enhed af typen daycare)");
	}
	if (err)
		goto out;
	snprintf(r.held_on, sizeof(r.held_on), "%s",
		 json_string_value(json_object_get(b, "held_on")));
	rede_date_parse(r.held_on, &d);
	if (d > rede_today())
		http_field_error(resp, "held_on", "Samtalen registreres, når den er holdt");
	parse_participants(json_object_get(b, "participants"), &r, resp);
	parse_items(json_object_get(b, "items"), &r, resp);
	if (resp->status)
		goto out;
	err = store_consent_active(c, r.family_id, "share_daycare", r.held_on, &active);
	if (err)
		goto out;
	if (!active) {
		http_problem(resp, 409, "Forældrenes samtykke mangler");
		http_problem_field(resp, "family_id",
				   "En overleveringssamtale kræver forældrenes samtykke til deling "
				   "med dagtilbud på samtalens dato");
		goto out;
	}
	err = store_handover_insert(c, &r);
	if (err)
		goto out;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)r.id);
	http_json(resp, 201, json_handover(&r));
	resp->location = xasprintf("/api/v1/handovers/%lld", (long long)r.id);
out:
	person_row_release(&child);
	handover_row_release(&r);
	return err;
}

static int add_handover(const struct handover_row *r, void *arg)
{
	json_array_append_new(arg, json_handover(r));
	return 0;
}

/* GET /api/v1/handovers?family_id= (staff who may see the family) */
enum rede_err h_handovers_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	const char *fam = http_query(req, "family_id");
	char *end = NULL;
	int64_t family_id = fam ? strtoll(fam, &end, 10) : 0;
	json_t *items;
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "handover";
	if (!fam || !*fam || *end || family_id <= 0) {
		http_field_error(resp, "family_id", "Angiv familien");
		return REDE_OK;
	}
	req->audit_detail = xasprintf("family %lld", (long long)family_id);
	err = store_access_family(c, &who, family_id);
	if (err == REDE_E_NOTFOUND) {
		http_not_found(resp);
		return REDE_OK;
	}
	if (err)
		return err;
	items = json_array();
	err = store_handover_each_family(c, family_id, add_handover, items);
	return http_items_answer(resp, items, err);
}

/* GET /api/v1/handovers/{id}: the staff view, or the daycare view */
enum rede_err h_handovers_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct handover_row *r = obj_handover(req);
	json_t *body = NULL;
	enum rede_err err = REDE_OK;

	if (is_daycare_only(req)) {
		err = json_shared(c, r, &body);
		if (err)
			goto out;
	} else {
		body = json_handover(r);
	}
	http_json(resp, 200, body);
out:
	return err;
}

struct shared_acc {
	struct store_conn *c;
	json_t *items;
	enum rede_err err;
};

static int add_shared(const struct handover_row *r, void *arg)
{
	struct shared_acc *a = arg;
	json_t *o;

	a->err = json_shared(a->c, r, &o);
	if (a->err)
		return 1;
	json_array_append_new(a->items, o);
	return 0;
}

/* GET /api/v1/daycare/handovers: what was shared with the caller's
 * institutions, while the consents are in force */
enum rede_err h_daycare_handovers(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp)
{
	struct shared_acc a = {c, json_array(), REDE_OK};
	char day[11];
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "handover";
	rede_date_format(rede_today(), day);
	err = store_handover_each_daycare(c, req->auth.municipality_id, req->auth.user_id, day,
					  add_shared, &a);
	return http_items_answer(resp, a.items, err ? err : a.err);
}
