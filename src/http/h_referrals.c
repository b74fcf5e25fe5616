/*
 * h_referrals.c - referrals to the home-pedagogue course and the uniform
 * visitation (issue 3, items 3-4; DOMAIN §1.1, §1.4).
 *
 * Anyone in front-line work may refer a family they can see. The core
 * computes the same assessment with its reasons for every referral; only a
 * coordinator decides, and a family under serviceloven § 52 can only be
 * accepted with a recorded justification.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "rede/core_family.h"
#include "rede/core_programme.h"
#include "rede/core_visitation.h"
#include "rede/util.h"
#include "store/families.h"
#include "store/referrals.h"
#include "store/settings.h"

static int32_t day_of(const char *s)
{
	int32_t d;
	return s && rede_date_parse(s, &d) ? d : VIS_NO_DATE;
}

/* The core's assessment of a referral, computed from the records now. */
static enum rede_err assess(struct http_req *req, struct store_conn *c,
			    const struct referral_row *r, struct visitation_assessment *a)
{
	struct visitation_input in = {0};
	struct person_row child = {0};
	char today[11];
	int64_t months = 36;
	bool consent = false;
	enum rede_err err;

	err = store_setting_int(c, req->auth.municipality_id, "home_pedagogue.max_child_age_months",
				&months);
	if (err)
		return err;
	err = store_person_get(c, req->auth.municipality_id, r->child_id, &child);
	if (err)
		return err;
	rede_date_format(rede_today(), today);
	err = store_consent_active(c, r->family_id, "participation", today, &consent);
	in.referred_on = day_of(r->referred_on);
	in.child_birth = day_of(child.birth_date);
	in.expected_birth = day_of(child.expected_birth_date);
	in.max_child_age_months = (int)months;
	in.parent_risks = r->parent_risks;
	in.child_risks = r->child_risks;
	in.section52 = r->section52;
	in.participation_consent = consent;
	person_row_release(&child);
	if (!err)
		core_visitation_assess(&in, a);
	return err;
}

static json_t *json_referral(const struct referral_row *r)
{
	json_t *risks = json_array();
	json_t *o;

	for (int i = 0; i < r->nrisks; i++)
		json_array_append_new(risks, json_string(r->risks[i]));
	o = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:b, s:s, s:s, s:o}", "id", (json_int_t)r->id,
		      "family_id", (json_int_t)r->family_id, "child_id", (json_int_t)r->child_id,
		      "programme", r->programme, "source", r->source, "reason", r->reason,
		      "section52", r->section52, "referred_on", r->referred_on, "status", r->status,
		      "risk_factors", risks);
	json_object_set_new(o, "channel",
			    r->channel && *r->channel ? json_string(r->channel) : json_null());
	json_object_set_new(o, "topi", r->topi[0] ? json_string(r->topi) : json_null());
	json_object_set_new(o, "family_name",
			    r->family_name ? json_string(r->family_name) : json_null());
	json_object_set_new(o, "child_name",
			    r->child_name ? json_string(r->child_name) : json_null());
	json_object_set_new(o, "enrolment_id",
			    r->enrolment_id ? json_integer(r->enrolment_id) : json_null());
	return o;
}

static void audit_id(struct http_req *req, int64_t id)
{
	req->audit_entity = "referral";
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)id);
}

static const struct http_jfield referral_fields[] = {
	{"family_id", J_INT, true, 0},
	{"child_id", J_INT, true, 0},
	{"programme", J_STRING, false, 32},
	{"source", J_STRING, true, 32},
	{"channel", J_STRING_OR_NULL, false, 200},
	{"reason", J_STRING, true, 4000},
	{"risk_factors", J_ARRAY, false, 0},
	{"topi", J_STRING_OR_NULL, false, 8},
	{"section52", J_BOOL, false, 0},
	{"referred_on", J_DATE, true, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_referrals_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body;
	struct access_who who = http_who(req);
	struct referral_row r = {0};
	struct person_row child = {0};
	struct visitation_assessment a;
	const char *source, *topi, *prog;
	json_t *v, *body;
	size_t i;
	enum rede_err err = REDE_OK;

	req->audit_entity = "referral";
	if (!http_json_check(b, referral_fields, resp))
		goto out;
	r.municipality_id = req->auth.municipality_id;
	r.family_id = json_integer_value(json_object_get(b, "family_id"));
	r.child_id = json_integer_value(json_object_get(b, "child_id"));
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
	prog = json_string_value(json_object_get(b, "programme"));
	if (prog && strcmp(prog, PROGRAMME_HOME_PEDAGOGUE))
		http_field_error(resp, "programme",
				 "Henvisning er til hjemmepædagogisk forløb (home_pedagogue)");
	snprintf(r.programme, sizeof(r.programme), PROGRAMME_HOME_PEDAGOGUE);
	source = json_string_value(json_object_get(b, "source"));
	if (core_name_index(referral_source_names, SRC__COUNT, source) == SRC__COUNT)
		http_field_error(resp, "source", "Ukendt henvisningskilde");
	snprintf(r.source, sizeof(r.source), "%s", source);
	topi = json_string_value(json_object_get(b, "topi"));
	if (topi && *topi) {
		if (core_name_index(topi_names, TOPI__COUNT, topi) == TOPI__COUNT)
			http_field_error(
				resp, "topi",
				"TOPI-placering er grøn (green), gul (yellow) eller rød (red)");
		snprintf(r.topi, sizeof(r.topi), "%s", topi);
	}
	r.reason = xstrdup(json_string_value(json_object_get(b, "reason")));
	if (!*r.reason)
		http_field_error(resp, "reason", "Beskriv årsagen til henvisningen");
	r.channel = xstrdup(json_string_value(json_object_get(b, "channel")));
	r.section52 = json_is_true(json_object_get(b, "section52"));
	snprintf(r.referred_on, sizeof(r.referred_on), "%s",
		 json_string_value(json_object_get(b, "referred_on")));
	r.referred_by = req->auth.user_id;
	json_array_foreach(json_object_get(b, "risk_factors"), i, v)
	{
		bool known = false;

		if (json_is_string(v) && r.nrisks < REFERRAL_MAX_RISKS) {
			err = store_risk_factor_known(c, r.municipality_id, json_string_value(v),
						      &known);
			if (err)
				goto out;
		}
		if (!known) {
			http_field_error(resp, "risk_factors", "Ukendt risikofaktor");
			break;
		}
		snprintf(r.risks[r.nrisks++], sizeof(r.risks[0]), "%s", json_string_value(v));
	}
	if (resp->status)
		goto out;
	err = store_referral_create(c, &r);
	if (!err)
		err = store_referral_get(c, r.municipality_id, r.id, &r);
	if (!err)
		err = assess(req, c, &r, &a);
	if (err)
		goto out;
	audit_id(req, r.id);
	body = json_referral(&r);
	json_object_set_new(body, "assessment", store_visitation_assessment_json(&a));
	http_json(resp, 201, body);
	http_set_etag(resp, "referral", r.id, r.version);
	resp->location = xasprintf("/api/v1/referrals/%lld", (long long)r.id);
out:
	person_row_release(&child);
	referral_row_release(&r);
	return err;
}

static int add_referral(const struct referral_row *r, void *arg)
{
	json_array_append_new(arg, json_referral(r));
	return 0;
}

enum rede_err h_referrals_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	const char *status = http_query(req, "status");
	json_t *items;
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "referral";
	if (status && core_name_index(visitation_outcome_names, VIS__COUNT, status) == VIS__COUNT &&
	    strcmp(status, "pending")) {
		http_field_error(resp, "status", "Ukendt status");
		return REDE_OK;
	}
	req->audit_detail = xasprintf("status=%s", status ? status : "any");
	items = json_array();
	err = store_referral_list(c, &who, status, add_referral, items);
	return http_items_answer(resp, items, err);
}

enum rede_err h_referrals_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct referral_row *r = obj_referral(req);
	struct visitation_assessment a;
	json_t *body;
	enum rede_err err = assess(req, c, r, &a);

	if (!err) {
		body = json_referral(r);
		json_object_set_new(body, "assessment", store_visitation_assessment_json(&a));
		http_json(resp, 200, body);
		http_set_etag(resp, "referral", r->id, r->version);
	}
	return err;
}

static const struct http_jfield decision_fields[] = {
	{"outcome", J_STRING, true, 32},
	{"reason", J_STRING_OR_NULL, false, 4000},
	{"other_intervention", J_STRING_OR_NULL, false, 400},
	{"section52_justification", J_STRING_OR_NULL, false, 4000},
	{"decided_on", J_DATE, true, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_referrals_decide(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body;
	struct referral_row *r = obj_referral(req);
	struct visitation_assessment a;
	struct core_field_error errs[4];
	const char *outcome, *reason, *other, *just;
	char *snapshot = NULL;
	json_t *aj, *body;
	size_t o;
	int n;
	enum rede_err err = REDE_OK;

	req->audit_action = "decide";
	if (!http_json_check(b, decision_fields, resp))
		goto out;
	if (!http_if_match_ok(req, "referral", r->id, r->version)) {
		http_precondition_failed(resp);
		goto out;
	}
	if (strcmp(r->status, "pending") && strcmp(r->status, "waitlist")) {
		http_conflict(resp, "outcome", "Henvisningen er allerede afgjort");
		goto out;
	}
	outcome = json_string_value(json_object_get(b, "outcome"));
	reason = json_string_value(json_object_get(b, "reason"));
	other = json_string_value(json_object_get(b, "other_intervention"));
	just = json_string_value(json_object_get(b, "section52_justification"));
	o = core_name_index(visitation_outcome_names, VIS__COUNT, outcome);
	n = core_visitation_decision_check((enum visitation_outcome)o, r->section52, reason, other,
					   just, errs);
	for (int i = 0; i < n; i++)
		http_field_error(resp, errs[i].field, errs[i].message);
	if (resp->status)
		goto out;
	err = assess(req, c, r, &a);
	if (err)
		goto out;
	aj = store_visitation_assessment_json(&a);
	snapshot = json_dumps(aj, JSON_COMPACT);
	json_decref(aj);
	err = store_referral_decide(c, r, outcome, reason, other, just, snapshot,
				    json_string_value(json_object_get(b, "decided_on")),
				    req->auth.user_id);
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_precondition_failed(resp);
		goto out;
	}
	if (err)
		goto out;
	body = json_referral(r);
	json_object_set_new(body, "assessment", store_visitation_assessment_json(&a));
	http_json(resp, 200, body);
	http_set_etag(resp, "referral", r->id, r->version);
out:
	free(snapshot);
	return err;
}

static int add_risk(const char *code, const char *kind, const char *label, void *arg)
{
	json_array_append_new(
		arg, json_pack("{s:s, s:s, s:s}", "code", code, "kind", kind, "label", label));
	return 0;
}

enum rede_err h_risk_factors_list(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp)
{
	json_t *items = json_array();
	enum rede_err err = store_risk_factor_each(c, req->auth.municipality_id, add_risk, items);

	return http_items_answer(resp, items, err);
}
