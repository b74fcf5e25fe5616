/*
 * h_hv_answers.c - the family's answer to an offer of a visit at 1½ or 3
 * years: the contact attempts and the answer, which follows the offer's
 * state machine; "never reached" only after never_reached_attempts
 * unreached attempts (409).
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

/* ---- POST /api/v1/health-visits/offers/{id}/attempts ---- */

static const struct http_jfield attempt_fields[] = {
	{"attempted_on", J_DATE, true, 0},
	{"channel", J_STRING, true, 16},
	{"reached", J_BOOL, true, 0},
	{"note", J_STRING_OR_NULL, false, HV_TEXT_MAX},
	{NULL, 0, false, 0},
};

enum rede_err h_hv_attempts_create(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct hv_offer_row *o = obj_hv_offer(req);
	struct hv_attempt_row a;
	enum rede_err err = REDE_OK;

	memset(&a, 0, sizeof(a));
	if (!hv_offer_mine(req, o, resp))
		goto out;
	req->audit_action = "attempt";
	if (!http_json_check(b, attempt_fields, resp))
		goto out;
	hv_channel_parse(json_object_get(b, "channel"), "channel", a.channel, sizeof(a.channel),
			 resp);
	hv_not_future(b, "attempted_on", resp, "Et kontaktforsøg kan ikke dateres i fremtiden");
	snprintf(a.attempted_on, sizeof(a.attempted_on), "%s",
		 json_string_value(json_object_get(b, "attempted_on")));
	if (strcmp(a.attempted_on, o->offered_on) < 0)
		http_field_error(resp, "attempted_on", "Kontaktforsøget ligger før tilbudsdatoen");
	a.reached = json_is_true(json_object_get(b, "reached"));
	v = json_object_get(b, "note");
	if (json_is_string(v) && *json_string_value(v))
		a.note = xstrdup(json_string_value(v));
	if (http_failed(resp))
		goto out;
	if (core_hv_check_attempt(hv_offer_status(o)) != HV_STEP_OK) {
		http_problem(resp, 409, "Familien har allerede svaret");
		http_problem_field(resp, "status",
				   "Kontaktforsøg registreres, mens tilbuddet afventer svar");
		goto out;
	}
	a.offer_id = o->id;
	a.recorded_by = req->auth.user_id;
	err = store_hv_attempt_insert(c, &a);
	if (!err)
		err = hv_answer_offer(req, c, o, 201, resp);
	if (!err)
		resp->location = xasprintf("/api/v1/health-visits/offers/%lld", (long long)o->id);
out:
	hv_attempt_row_release(&a);
	return err;
}

/* ---- POST /api/v1/health-visits/offers/{id}/answer ---- */

static const struct http_jfield answer_fields[] = {
	{"answer", J_STRING, true, 16},
	{"answered_on", J_DATE, true, 0},
	{"decline_reason", J_STRING_OR_NULL, false, 24},
	{"decline_text", J_STRING_OR_NULL, false, HV_TEXT_MAX},
	{NULL, 0, false, 0},
};

enum rede_err h_hv_answer(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct hv_offer_row *o = obj_hv_offer(req);
	struct core_hv_params p;
	int64_t failed = 0;
	int ans, reason = HV_DECLINE__COUNT;
	bool saved;
	char msg[200];
	enum rede_err err = REDE_OK;

	if (!hv_offer_mine(req, o, resp))
		goto out;
	req->audit_action = "answer";
	if (!http_json_check(b, answer_fields, resp))
		goto out;
	ans = hv_name_index(core_hv_answer_names, HV_ANSWER__COUNT, json_object_get(b, "answer"));
	if (ans == HV_ANSWER__COUNT)
		http_field_error(resp, "answer",
				 "Vælg accepted (ja tak), declined (nej tak) eller "
				 "never_reached (ikke truffet)");
	hv_not_future(b, "answered_on", resp, "Svaret kan ikke dateres i fremtiden");
	if (strcmp(json_string_value(json_object_get(b, "answered_on")), o->offered_on) < 0)
		http_field_error(resp, "answered_on", "Svaret ligger før tilbudsdatoen");
	else if (!strcmp(o->status, core_hv_offer_status_names[HV_ACCEPTED]) && o->answered_on[0] &&
		 strcmp(json_string_value(json_object_get(b, "answered_on")), o->answered_on) < 0)
		/* a cancellation follows the yes: the offer's history is in date order */
		http_field_error(resp, "answered_on", "Afbuddet ligger før familiens ja tak");
	v = json_object_get(b, "decline_reason");
	if (ans == HV_ANSWER_DECLINED) {
		reason = hv_name_index(core_hv_decline_names, HV_DECLINE__COUNT, v);
		if (reason == HV_DECLINE__COUNT)
			http_field_error(resp, "decline_reason",
					 "Angiv hvorfor familien takkede nej: fear_of_stigma, "
					 "enough_contact, too_busy eller other");
	} else if (v && !json_is_null(v)) {
		http_field_error(resp, "decline_reason", "En begrundelse hører kun til et nej tak");
	}
	v = json_object_get(b, "decline_text");
	if (reason == HV_DECLINE_OTHER && (!json_is_string(v) || !*json_string_value(v)))
		http_field_error(resp, "decline_text", "Beskriv den anden grund");
	else if (ans != HV_ANSWER_DECLINED && json_is_string(v))
		http_field_error(resp, "decline_text", "En begrundelse hører kun til et nej tak");
	if (http_failed(resp))
		goto out;
	if (!http_if_match_ok(req, "hv_offer", o->id, o->version)) {
		http_precondition_failed(resp);
		goto out;
	}
	err = store_hv_params(c, o->municipality_id, &p);
	if (!err)
		err = store_hv_attempts_failed(c, o->id, &failed);
	if (err)
		goto out;
	switch (core_hv_check_answer(&p, hv_offer_status(o), (enum core_hv_answer)ans, failed)) {
	case HV_STEP_OK: break;
	case HV_STEP_TOO_FEW_ATTEMPTS:
		snprintf(msg, sizeof(msg),
			 "Familien kan først registreres som ikke truffet efter %lld forgæves "
			 "kontaktforsøg; %lld er registreret",
			 (long long)p.never_reached_attempts, (long long)failed);
		http_problem(resp, 409, "For få kontaktforsøg");
		http_problem_field(resp, "answer", msg);
		goto out;
	default:
		http_problem(resp, 409, "Svaret passer ikke til tilbuddets status");
		http_problem_field(resp, "status",
				   "Tilbuddet har allerede et svar, der ikke kan ændres sådan");
		goto out;
	}
	snprintf(o->status, sizeof(o->status), "%s",
		 core_hv_offer_status_names[core_hv_answer_status((enum core_hv_answer)ans)]);
	snprintf(o->answered_on, sizeof(o->answered_on), "%s",
		 json_string_value(json_object_get(b, "answered_on")));
	snprintf(o->decline_reason, sizeof(o->decline_reason), "%s",
		 reason < HV_DECLINE__COUNT ? core_hv_decline_names[reason] : "");
	free(o->decline_text);
	o->decline_text = NULL;
	if (reason < HV_DECLINE__COUNT && json_is_string(v) && *json_string_value(v))
		o->decline_text = xstrdup(json_string_value(v));
	err = hv_save_offer(c, o, resp, &saved);
	if (!err && saved)
		err = hv_answer_offer(req, c, o, 200, resp);
out:
	return err;
}
