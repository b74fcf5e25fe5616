/*
 * h_hv_criteria.c - the records behind the fixed selection criteria of
 * the 1½- and 3-year visits (DOMAIN §1.2, seed 003): recording that a
 * child meets one, and listing a child's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_health_visit.h"
#include "rede/core.h"
#include "rede/core_course.h"
#include "rede/util.h"
#include "store/families.h"
#include "store/materials.h"
#include "store/tenancy.h"

/* ---- POST /api/v1/health-visits/criteria ---- */

static const struct http_jfield criterion_fields[] = {
	{"child_id", J_INT, true, 0},
	{"kind", J_STRING, true, 32},
	{"recorded_on", J_DATE, true, 0},
	{"topi", J_STRING_OR_NULL, false, 16},
	{"visit_count", J_INT_OR_NULL, false, 0},
	{"note", J_STRING_OR_NULL, false, HV_TEXT_MAX},
	{NULL, 0, false, 0},
};

static json_t *json_criterion(const struct hv_criterion_row *r)
{
	return json_pack("{s:I, s:I, s:s, s:o, s:o, s:s, s:o}", "id", (json_int_t)r->id, "child_id",
			 (json_int_t)r->child_id, "kind", r->kind, "topi", hv_json_date(r->topi),
			 "visit_count",
			 r->visit_count < 0 ? json_null() : json_integer(r->visit_count),
			 "recorded_on", r->recorded_on, "note", hv_json_str(r->note));
}

/* The largest plausible count of visits in a first year: one a day. */
#define HV_FIRST_YEAR_VISITS_MAX 366

enum rede_err h_hv_criteria_create(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct hv_criterion_row r;
	char birth[HV_DATE_SIZE];
	int kind = HV_CRITERION__COUNT;
	enum rede_err err = REDE_OK;

	hv_criterion_row_init(&r);
	req->audit_entity = "hv_criterion";
	if (!http_json_check(b, criterion_fields, resp))
		goto out;
	err = hv_child_parse(req, c, json_object_get(b, "child_id"), &r.family_id, birth, resp);
	if (err)
		goto out;
	r.municipality_id = req->auth.municipality_id;
	r.child_id = json_integer_value(json_object_get(b, "child_id"));
	r.recorded_by = req->auth.user_id;
	kind = hv_name_index(core_hv_criterion_names, HV_CRITERION__COUNT,
			     json_object_get(b, "kind"));
	if (kind == HV_CRITERION__COUNT)
		http_field_error(
			resp, "kind",
			"Vælg topi, first_year_visits, daycare_observation eller self_referral");
	else
		snprintf(r.kind, sizeof(r.kind), "%s", core_hv_criterion_names[kind]);
	v = json_object_get(b, "topi");
	if (kind == HV_CRIT_TOPI) {
		int t = json_is_string(v)
				? core_course_name_index(core_hv_topi_names + 1, HV_TOPI__COUNT - 1,
							 json_string_value(v))
				: HV_TOPI__COUNT - 1;
		if (t == HV_TOPI__COUNT - 1)
			http_field_error(resp, "topi",
					 "Angiv TOPI-placeringen: green, yellow eller red");
		else
			snprintf(r.topi, sizeof(r.topi), "%s", core_hv_topi_names[t + 1]);
	} else if (v && !json_is_null(v)) {
		http_field_error(resp, "topi", "TOPI-placering hører kun til en TOPI-registrering");
	}
	v = json_object_get(b, "visit_count");
	if (kind == HV_CRIT_FIRST_YEAR_VISITS) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > HV_FIRST_YEAR_VISITS_MAX)
			http_field_error(resp, "visit_count",
					 "Angiv antal sundhedsplejebesøg i første leveår (0-366)");
		else
			r.visit_count = json_integer_value(v);
	} else if (v && !json_is_null(v)) {
		http_field_error(
			resp, "visit_count",
			"Antal besøg hører kun til en registrering af besøg i første leveår");
	}
	hv_not_future(b, "recorded_on", resp, "Datoen ligger i fremtiden");
	if (http_failed(resp))
		goto out;
	snprintf(r.recorded_on, sizeof(r.recorded_on), "%s",
		 json_string_value(json_object_get(b, "recorded_on")));
	v = json_object_get(b, "note");
	if (json_is_string(v) && *json_string_value(v))
		r.note = xstrdup(json_string_value(v));
	err = store_hv_criterion_insert(c, &r);
	if (err)
		goto out;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)r.id);
	http_json(resp, 201, json_criterion(&r));
out:
	hv_criterion_row_release(&r);
	return err;
}

/* ---- GET /api/v1/health-visits/criteria?child_id= ---- */

static int add_criterion(const struct hv_criterion_row *r, void *arg)
{
	json_array_append_new(arg, json_criterion(r));
	return 0;
}

enum rede_err h_hv_criteria_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	const char *q = http_query(req, "child_id");
	char birth[HV_DATE_SIZE], *end = NULL;
	int64_t child = q ? strtoll(q, &end, 10) : 0, family_id = 0;
	json_t *items = NULL;
	enum rede_err err = REDE_OK;

	req->audit_action = "search";
	req->audit_entity = "hv_criterion";
	if (!q || !*q || *end || child <= 0) {
		http_field_error(resp, "child_id", "Angiv barnets id");
		return REDE_OK;
	}
	req->audit_detail = xasprintf("child %lld", (long long)child);
	err = store_hv_child(c, req->auth.municipality_id, child, &family_id, birth);
	if (!err)
		err = store_access_family(c, &who, family_id);
	if (err == REDE_E_NOTFOUND) {
		http_not_found(resp);
		return REDE_OK;
	}
	if (err)
		return err;
	items = json_array();
	err = store_hv_criterion_each(c, child, add_criterion, items);
	return http_items_answer(resp, items, err);
}
