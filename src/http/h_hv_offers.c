/*
 * h_hv_offers.c - offers of a visit at 1½ or 3 years: made, listed, read,
 * changed and withdrawn. An offer needs a child who meets one of the
 * municipality's enabled criteria on the offer date (409), dated within
 * the programme's age window or up to offer_lead_days before it (400),
 * once per child and programme (409). Only the offer's health visitor
 * changes it (403).
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

#define NO_DATE INT32_MIN

/* ---- offers: shared parsing ---- */

static enum rede_err unit_parse(struct store_conn *c, int64_t mid, const json_t *v, int64_t *out,
				struct http_resp *resp)
{
	struct unit_row u;
	enum rede_err err;

	if (!v || json_is_null(v)) {
		*out = 0;
		return REDE_OK;
	}
	err = store_unit_get(c, mid, json_integer_value(v), &u);
	if (err == REDE_E_NOTFOUND) {
		http_field_error(resp, "unit_id", "Enheden findes ikke");
		return REDE_OK;
	}
	if (!err)
		*out = u.id;
	return err;
}

/* offered_on against the child's age window. */
static void offer_date_check(const struct core_hv_params *p, enum core_hv_programme prog,
			     const char *birth, int32_t offered_on, struct http_resp *resp)
{
	int32_t open, close;
	char a[HV_DATE_SIZE], b[HV_DATE_SIZE], msg[300];

	if (!birth[0] || offered_on == NO_DATE)
		return;
	core_hv_window(p, prog, hv_text_date(birth), &open, &close);
	/* in the messages: Danish dates */
	rede_date_format_da(open - (int32_t)p->offer_lead_days, a);
	rede_date_format_da(close - 1, b);
	switch (core_hv_check_offer_date(p, prog, hv_text_date(birth), offered_on)) {
	case HV_OFFER_DATE_TOO_EARLY:
		snprintf(msg, sizeof(msg),
			 "Barnet er for ungt til %s: tilbuddet kan tidligst gives %s",
			 core_hv_programme_labels_da[prog], a);
		http_field_error(resp, "offered_on", msg);
		break;
	case HV_OFFER_DATE_TOO_LATE:
		snprintf(msg, sizeof(msg),
			 "Barnet er ude af aldersvinduet for %s: tilbuddet skulle gives senest %s",
			 core_hv_programme_labels_da[prog], b);
		http_field_error(resp, "offered_on", msg);
		break;
	default: break;
	}
}

/* ---- POST /api/v1/health-visits/offers ---- */

static const struct http_jfield offer_fields[] = {
	{"child_id", J_INT, true, 0},         {"programme", J_STRING, true, 16},
	{"offered_on", J_DATE, true, 0},      {"channel", J_STRING, true, 16},
	{"social_measures", J_BOOL, true, 0}, {"health_visitor_id", J_INT, false, 0},
	{"unit_id", J_INT_OR_NULL, false, 0}, {NULL, 0, false, 0},
};

enum rede_err h_hv_offers_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct hv_offer_row o;
	struct core_hv_params p;
	struct core_hv_facts facts;
	char birth[HV_DATE_SIZE] = "";
	int prog;
	enum core_hv_criterion applied;
	enum rede_err err = REDE_OK;

	hv_offer_row_init(&o);
	req->audit_entity = "hv_offer";
	if (!http_json_check(b, offer_fields, resp))
		goto out;
	err = store_hv_params(c, req->auth.municipality_id, &p);
	if (!err)
		err = hv_child_parse(req, c, json_object_get(b, "child_id"), &o.family_id, birth,
				     resp);
	if (err)
		goto out;
	o.municipality_id = req->auth.municipality_id;
	o.child_id = json_integer_value(json_object_get(b, "child_id"));
	o.created_by = req->auth.user_id;
	o.health_visitor_id = req->auth.user_id;
	if (!http_failed(resp) && !birth[0])
		http_field_error(resp, "child_id", "Barnet er ikke født endnu (ingen fødselsdato)");
	prog = hv_name_index(core_hv_programme_names, HV_PROGRAMME__COUNT,
			     json_object_get(b, "programme"));
	if (prog == HV_PROGRAMME__COUNT)
		http_field_error(resp, "programme",
				 "Vælg visit_1_5y (1½-års-besøg) eller visit_3y (3-års-besøg)");
	else
		snprintf(o.programme, sizeof(o.programme), "%s", core_hv_programme_names[prog]);
	hv_channel_parse(json_object_get(b, "channel"), "channel", o.channel, sizeof(o.channel),
			 resp);
	o.social_measures = json_is_true(json_object_get(b, "social_measures"));
	hv_not_future(b, "offered_on", resp, "Tilbuddet kan først registreres, når det er givet");
	snprintf(o.offered_on, sizeof(o.offered_on), "%s",
		 json_string_value(json_object_get(b, "offered_on")));
	if ((v = json_object_get(b, "health_visitor_id")))
		err = hv_visitor_parse(c, o.municipality_id, v, &o.health_visitor_id, resp);
	if (!err)
		err = unit_parse(c, o.municipality_id, json_object_get(b, "unit_id"), &o.unit_id,
				 resp);
	if (err)
		goto out;
	if (prog != HV_PROGRAMME__COUNT)
		offer_date_check(&p, (enum core_hv_programme)prog, birth, hv_date(b, "offered_on"),
				 resp);
	if (http_failed(resp))
		goto out;
	err = store_hv_child_facts(c, o.child_id, o.offered_on, &facts);
	if (err)
		goto out;
	applied = core_hv_criterion_applied(&p, &facts);
	if (applied == HV_CRITERION__COUNT) {
		http_problem(resp, 409, "Barnet er ikke i målgruppen");
		http_problem_field(resp, "child_id",
				   "Ingen af kommunens udvælgelseskriterier er opfyldt på "
				   "tilbudsdatoen: registrér først det kriterium, der gælder");
		goto out;
	}
	snprintf(o.criterion, sizeof(o.criterion), "%s", core_hv_criterion_names[applied]);
	snprintf(o.status, sizeof(o.status), "%s", core_hv_offer_status_names[HV_OFFERED]);
	err = store_hv_offer_insert(c, &o);
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_problem(resp, 409, "Barnet har allerede fået dette tilbud");
		http_problem_field(resp, "child_id",
				   "Der er allerede registreret et tilbud om dette besøg");
		goto out;
	}
	if (err)
		goto out;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)o.id);
	err = hv_answer_offer(req, c, &o, 201, resp);
	if (!err)
		resp->location = xasprintf("/api/v1/health-visits/offers/%lld", (long long)o.id);
out:
	hv_offer_row_release(&o);
	return err;
}

/* ---- GET /api/v1/health-visits/offers[?mine=1][&programme=][&status=] ---- */

struct offers_acc {
	json_t *items;
	const struct core_hv_params *p;
	enum rede_err err;
};

static int add_offer(struct store_conn *c, const struct hv_offer_row *o, void *arg)
{
	struct offers_acc *a = arg;
	json_t *j;

	a->err = hv_json_offer(c, o, a->p, false, &j);
	if (a->err)
		return 1;
	json_array_append_new(a->items, j);
	return 0;
}

enum rede_err h_hv_offers_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	const char *mine = http_query(req, "mine");
	const char *prog = http_query(req, "programme"), *status = http_query(req, "status");
	struct core_hv_params p;
	struct offers_acc a = {NULL, &p, REDE_OK};
	bool only_mine = mine && !strcmp(mine, "1");
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "hv_offer";
	if (prog && core_course_name_index(core_hv_programme_names, HV_PROGRAMME__COUNT, prog) ==
			    HV_PROGRAMME__COUNT)
		http_field_error(resp, "programme", "Vælg visit_1_5y eller visit_3y");
	if (status && core_course_name_index(core_hv_offer_status_names, HV_OFFER_STATUS__COUNT,
					     status) == HV_OFFER_STATUS__COUNT)
		http_field_error(resp, "status",
				 "Vælg offered, accepted, declined, never_reached eller visited");
	if (http_failed(resp))
		return REDE_OK;
	req->audit_detail = xasprintf("mine=%d programme=%s status=%s", only_mine ? 1 : 0,
				      prog ? prog : "any", status ? status : "any");
	err = store_hv_params(c, req->auth.municipality_id, &p);
	if (err)
		return err;
	a.items = json_array();
	err = store_hv_offer_each(c, &who, only_mine, prog, status, add_offer, &a);
	return http_items_answer(resp, a.items, err ? err : a.err);
}

/* ---- GET /api/v1/health-visits/offers/{id} ---- */

enum rede_err h_hv_offers_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	return hv_answer_offer(req, c, obj_hv_offer(req), 200, resp);
}

struct first_attempt {
	char on[HV_DATE_SIZE];
};

static int note_first(const struct hv_attempt_row *a, void *arg)
{
	struct first_attempt *f = arg;

	snprintf(f->on, sizeof(f->on), "%s", a->attempted_on);
	return 1;
}

/* ---- PATCH /api/v1/health-visits/offers/{id} ---- */

static const struct http_jfield offer_update_fields[] = {
	{"offered_on", J_DATE, false, 0},      {"channel", J_STRING, false, 16},
	{"social_measures", J_BOOL, false, 0}, {"health_visitor_id", J_INT, false, 0},
	{"unit_id", J_INT_OR_NULL, false, 0},  {NULL, 0, false, 0},
};

enum rede_err h_hv_offers_update(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct hv_offer_row *o = obj_hv_offer(req);
	struct core_hv_params p;
	struct first_attempt first = {""};
	char birth[HV_DATE_SIZE];
	int64_t fam;
	enum core_hv_offer_status st;
	bool saved;
	enum rede_err err = REDE_OK;

	if (!hv_offer_mine(req, o, resp))
		goto out;
	if (!http_json_check(b, offer_update_fields, resp))
		goto out;
	if (!req->if_match) {
		http_problem(resp, 428, "Ændringen mangler If-Match (hent tilbuddet igen)");
		http_problem_field(resp, "If-Match", "Send ETag fra seneste hentning af tilbuddet");
		goto out;
	}
	if (!http_if_match_ok(req, "hv_offer", o->id, o->version)) {
		http_precondition_failed(resp);
		goto out;
	}
	err = store_hv_params(c, o->municipality_id, &p);
	if (!err)
		err = store_hv_child(c, o->municipality_id, o->child_id, &fam, birth);
	if (!err)
		err = store_hv_attempt_each(c, o->id, note_first, &first);
	if (err)
		goto out;
	if ((v = json_object_get(b, "offered_on"))) {
		int prog = core_course_name_index(core_hv_programme_names, HV_PROGRAMME__COUNT,
						  o->programme);

		hv_not_future(b, "offered_on", resp, "Tilbuddet kan ikke dateres i fremtiden");
		snprintf(o->offered_on, sizeof(o->offered_on), "%s", json_string_value(v));
		if (prog < HV_PROGRAMME__COUNT)
			offer_date_check(&p, (enum core_hv_programme)prog, birth,
					 hv_text_date(o->offered_on), resp);
		if ((o->answered_on[0] && strcmp(o->offered_on, o->answered_on) > 0) ||
		    (first.on[0] && strcmp(o->offered_on, first.on) > 0))
			http_field_error(
				resp, "offered_on",
				"Tilbudsdatoen ligger efter et registreret kontaktforsøg eller svar");
	}
	if ((v = json_object_get(b, "channel")))
		hv_channel_parse(v, "channel", o->channel, sizeof(o->channel), resp);
	if ((v = json_object_get(b, "social_measures")))
		o->social_measures = json_is_true(v);
	if ((v = json_object_get(b, "health_visitor_id")))
		err = hv_visitor_parse(c, o->municipality_id, v, &o->health_visitor_id, resp);
	if (!err && json_object_get(b, "unit_id"))
		err = unit_parse(c, o->municipality_id, json_object_get(b, "unit_id"), &o->unit_id,
				 resp);
	if (err || http_failed(resp))
		goto out;
	st = hv_offer_status(o);
	if (st != HV_OFFERED && st != HV_ACCEPTED) {
		http_problem(resp, 409, "Tilbuddet er afsluttet");
		http_problem_field(
			resp, "status",
			"Et tilbud, der er afslået, ikke nået eller gennemført, kan ikke "
			"ændres");
		goto out;
	}
	err = hv_save_offer(c, o, resp, &saved);
	if (!err && saved)
		err = hv_answer_offer(req, c, o, 200, resp);
out:
	return err;
}

/* ---- DELETE /api/v1/health-visits/offers/{id} ---- */

enum rede_err h_hv_offers_delete(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct hv_offer_row *o = obj_hv_offer(req);
	enum rede_err err = REDE_OK;

	if (!hv_offer_mine(req, o, resp))
		goto out;
	if (!http_if_match_ok(req, "hv_offer", o->id, o->version)) {
		http_precondition_failed(resp);
		goto out;
	}
	err = hv_offer_status(o) == HV_OFFERED ? store_hv_offer_delete(c, o->id, o->version)
					       : REDE_E_CONFLICT;
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_problem(resp, 409, "Tilbuddet kan ikke slettes");
		http_problem_field(resp, "status",
				   "Kun et tilbud uden svar, kontaktforsøg og udlånt legetøj kan "
				   "slettes (et fejlagtigt oprettet tilbud)");
		goto out;
	}
	if (!err)
		http_json(resp, 204, NULL);
out:
	return err;
}
