/*
 * h_hv_visits.c - the visit itself at 1½ or 3 years (topics, materials,
 * referrals on, the parent's rating): recorded once, for an accepted
 * offer (409), and read. A visit recorded offline (issue 20) carries
 * "recorded_at" (record_time.h) and If-Match with the offer's ETag as the
 * device saw it; an offer changed since answers 412 with it as it is now.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_health_visit.h"
#include "http/record_time.h"
#include "rede/core.h"
#include "rede/core_course.h"
#include "rede/util.h"
#include "store/families.h"
#include "store/materials.h"
#include "store/record_times.h"
#include "store/tenancy.h"

/* ---- POST /api/v1/health-visits/offers/{id}/visit ---- */

static const struct http_jfield visit_fields[] = {
	{"visited_on", J_DATE, true, 0},
	{"minutes", J_INT, true, 0},
	{"topics", J_ARRAY, true, 0},
	{"topic_other", J_STRING_OR_NULL, false, HV_TEXT_MAX},
	{"materials", J_ARRAY, false, 0},
	{"referral_within", J_BOOL, true, 0},
	{"referral_within_to", J_STRING_OR_NULL, false, HV_TEXT_MAX},
	{"referral_outside", J_BOOL, true, 0},
	{"referral_outside_to", J_STRING_OR_NULL, false, HV_TEXT_MAX},
	{"parent_rating", J_INT_OR_NULL, false, 0},
	{"note", J_STRING_OR_NULL, false, HV_NOTE_MAX},
	{"health_visitor_id", J_INT, false, 0},
	RECORD_TIME_FIELD,
	{NULL, 0, false, 0},
};

/* topics: distinct names from core_hv_topic_names, kept in table order. */
static void topics_parse(const json_t *arr, struct hv_visit_row *v, struct http_resp *resp)
{
	bool seen[HV_TOPIC__COUNT] = {false};
	size_t i;
	json_t *t;

	json_array_foreach(arr, i, t)
	{
		int k = hv_name_index(core_hv_topic_names, HV_TOPIC__COUNT, t);

		if (k == HV_TOPIC__COUNT) {
			http_field_error(resp, "topics",
					 "Ukendt emne: vælg sleep, boundaries, feelings, relation, "
					 "regulation, daycare_start, food eller other");
			return;
		}
		seen[k] = true;
	}
	v->topics[0] = 0;
	for (int k = 0; k < HV_TOPIC__COUNT; k++)
		if (seen[k]) {
			size_t n = strlen(v->topics);

			snprintf(v->topics + n, sizeof(v->topics) - n, "%s%s", n ? "," : "",
				 core_hv_topic_names[k]);
		}
}

/* materials: catalog codes of the programme's age group, distinct. */
static enum rede_err materials_parse(struct store_conn *c, int64_t mid, const char *age_group,
				     const json_t *arr, struct hv_visit_row *v,
				     struct http_resp *resp)
{
	size_t i;
	json_t *t;

	json_array_foreach(arr, i, t)
	{
		struct material_row m;
		bool dup = false;
		enum rede_err err;

		if (!json_is_string(t) || v->nmaterials == HV_VISIT_MAX_MATERIALS ||
		    json_string_length(t) >= HV_CODE_SIZE) {
			http_field_error(resp, "materials", "Ugyldig liste af materialer");
			return REDE_OK;
		}
		for (size_t j = 0; j < v->nmaterials; j++)
			dup |= !strcmp(v->materials[j], json_string_value(t));
		if (dup)
			continue;
		memset(&m, 0, sizeof(m));
		err = store_material_get(c, mid, json_string_value(t), &m);
		if (err == REDE_E_NOTFOUND ||
		    (!err && (!m.active || strcmp(m.age_group, age_group)))) {
			char msg[200];

			snprintf(msg, sizeof(msg),
				 "Materialet %s findes ikke i kataloget for denne aldersgruppe",
				 json_string_value(t));
			material_row_release(&m);
			http_field_error(resp, "materials", msg);
			return REDE_OK;
		}
		material_row_release(&m);
		if (err)
			return err;
		snprintf(v->materials[v->nmaterials++], HV_CODE_SIZE, "%s", json_string_value(t));
	}
	return REDE_OK;
}

/* A referral flag with its "to what": the text is required when the flag
 * is set and refused when it is not. */
static char *referral_parse(const json_t *b, const char *flag, const char *to, bool *out,
			    struct http_resp *resp)
{
	const json_t *v = json_object_get(b, to);
	bool has = json_is_string(v) && *json_string_value(v);

	*out = json_is_true(json_object_get(b, flag));
	if (*out && !has)
		http_field_error(resp, to, "Angiv hvad familien er henvist til");
	else if (!*out && has)
		http_field_error(resp, to, "Udfyldes kun, når familien er henvist");
	return *out && has ? xstrdup(json_string_value(v)) : NULL;
}

/* 412 with the offer as it is now (a stale If-Match). */
static enum rede_err offer_stale(struct http_req *req, struct store_conn *c,
				 const struct hv_offer_row *o, struct http_resp *resp)
{
	json_t *body = NULL;
	enum rede_err err = hv_offer_full(req, c, o, &body);

	if (!err)
		http_precondition_failed_current(resp, body, "hv_offer", o->id, o->version);
	return err;
}

enum rede_err h_hv_visit_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct hv_offer_row *o = obj_hv_offer(req);
	struct hv_visit_row vis;
	int prog;
	int64_t recorded_at = 0;
	bool saved;
	enum rede_err err = REDE_OK;

	hv_visit_row_init(&vis);
	if (!hv_offer_mine(req, o, resp))
		goto out;
	req->audit_entity = "hv_visit";
	req->audit_entity_id[0] = 0;
	req->audit_detail = xasprintf("offer %lld", (long long)o->id);
	if (!http_json_check(b, visit_fields, resp))
		goto out;
	prog = core_course_name_index(core_hv_programme_names, HV_PROGRAMME__COUNT, o->programme);
	vis.municipality_id = o->municipality_id;
	vis.offer_id = o->id;
	vis.health_visitor_id = o->health_visitor_id;
	vis.recorded_by = req->auth.user_id;
	snprintf(vis.visited_on, sizeof(vis.visited_on), "%s",
		 json_string_value(json_object_get(b, "visited_on")));
	hv_not_future(b, "visited_on", resp,
		      "Besøget kan først registreres, når det har fundet sted");
	if (strcmp(vis.visited_on, o->offered_on) < 0 ||
	    (o->answered_on[0] && strcmp(vis.visited_on, o->answered_on) < 0))
		http_field_error(resp, "visited_on",
				 "Besøget ligger før tilbuddet eller familiens svar");
	vis.minutes = json_integer_value(json_object_get(b, "minutes"));
	if (vis.minutes < 1 || vis.minutes > HV_VISIT_MINUTES_MAX)
		http_field_error(resp, "minutes", "Angiv besøgets varighed i minutter (1-1440)");
	topics_parse(json_object_get(b, "topics"), &vis, resp);
	v = json_object_get(b, "topic_other");
	if (strstr(vis.topics, "other") && (!json_is_string(v) || !*json_string_value(v)))
		http_field_error(resp, "topic_other", "Beskriv det andet emne");
	else if (!strstr(vis.topics, "other") && json_is_string(v) && *json_string_value(v))
		http_field_error(resp, "topic_other", "Udfyldes kun, når emnet other er valgt");
	else if (json_is_string(v) && *json_string_value(v))
		vis.topic_other = xstrdup(json_string_value(v));
	vis.referral_within_to = referral_parse(b, "referral_within", "referral_within_to",
						&vis.referral_within, resp);
	vis.referral_outside_to = referral_parse(b, "referral_outside", "referral_outside_to",
						 &vis.referral_outside, resp);
	v = json_object_get(b, "parent_rating");
	if (json_is_integer(v) && !core_hv_rating_valid(json_integer_value(v)))
		http_field_error(
			resp, "parent_rating",
			"Vælg 1 (i høj grad), 2 (i nogen grad), 3 (i mindre grad), 4 (slet ikke) "
			"eller 0 (ved ikke)");
	else if (json_is_integer(v))
		vis.parent_rating = json_integer_value(v);
	v = json_object_get(b, "note");
	if (json_is_string(v) && *json_string_value(v))
		vis.note = xstrdup(json_string_value(v));
	err = REDE_OK;
	if ((v = json_object_get(b, "health_visitor_id")))
		err = hv_visitor_parse(c, o->municipality_id, v, &vis.health_visitor_id, resp);
	if (!err && prog < HV_PROGRAMME__COUNT)
		err = materials_parse(c, o->municipality_id, core_hv_age_group_names[prog],
				      json_object_get(b, "materials"), &vis, resp);
	if (!err)
		err = http_recorded_at(req, c, resp, &recorded_at);
	if (err || http_failed(resp))
		goto out;
	if (core_hv_check_visit(hv_offer_status(o)) != HV_STEP_OK) {
		http_problem(resp, 409,
			     hv_offer_status(o) == HV_VISITED ? "Besøget er allerede registreret"
							      : "Familien har ikke takket ja");
		http_problem_field(
			resp, "status",
			"Et besøg registreres én gang, for et tilbud familien har takket "
			"ja til");
		goto out;
	}
	/* A visit recorded offline against the offer as the device saw it: an
	 * offer changed since answers 412 with the offer as it is now. */
	if (!http_if_match_ok(req, "hv_offer", o->id, o->version)) {
		err = offer_stale(req, c, o, resp);
		goto out;
	}
	snprintf(o->status, sizeof(o->status), "%s", core_hv_offer_status_names[HV_VISITED]);
	err = hv_save_offer(c, o, resp, &saved);
	if (!err && saved)
		err = store_hv_visit_insert(c, &vis);
	if (!err && saved && recorded_at)
		err = store_hv_visit_recorded_at(c, vis.id, recorded_at);
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_conflict(resp, "status", "Besøget er allerede registreret");
		goto out;
	}
	if (err || !saved)
		goto out;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)vis.id);
	{
		json_t *j = NULL;

		err = hv_json_visit(c, &vis, &j);
		if (err)
			goto out;
		http_record_times_json(j, recorded_at, vis.created_at);
		http_json(resp, 201, j);
		resp->location = xasprintf("/api/v1/health-visits/visits/%lld", (long long)vis.id);
	}
out:
	hv_visit_row_release(&vis);
	return err;
}

/* ---- GET /api/v1/health-visits/visits/{id} ---- */

enum rede_err h_hv_visit_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const struct hv_offer_row *o = obj_hv_offer(req);
	json_t *j = NULL;
	enum rede_err err = hv_json_visit(c, obj_hv_visit(req), &j);

	if (err)
		return err;
	json_object_set_new(j, "programme", json_string(o->programme));
	json_object_set_new(j, "family_id", json_integer(o->family_id));
	json_object_set_new(j, "child_id", json_integer(o->child_id));
	http_json(resp, 200, j);
	return REDE_OK;
}
