/*
 * h_hv_due.c - the children due for an offer of a visit at 1½ or 3 years
 * in a period, each with the criterion that applied (DOMAIN §1.2).
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

/* ---- GET /api/v1/health-visits/due?programme=&from=&to= ---- */

struct due_acc {
	json_t *items;
	const struct core_hv_params *p;
	enum core_hv_programme prog;
	int32_t from, to;
};

static int add_due(const struct hv_due_row *r, void *arg)
{
	struct due_acc *a = arg;
	int32_t open, close;
	char wfrom[HV_DATE_SIZE], wto[HV_DATE_SIZE];
	enum core_hv_criterion applied;
	unsigned mask;
	json_t *all;

	if (!core_hv_due_in_period(a->p, a->prog, hv_text_date(r->birth_date), a->from, a->to,
				   &open, &close))
		return 0;
	applied = core_hv_criterion_applied(a->p, &r->facts);
	if (applied == HV_CRITERION__COUNT)
		return 0;
	mask = core_hv_criteria_mask(a->p, &r->facts);
	all = json_array();
	for (int i = 0; i < HV_CRITERION__COUNT; i++)
		if (mask & (1u << i))
			json_array_append_new(all, json_string(core_hv_criterion_names[i]));
	rede_date_format(open, wfrom);
	rede_date_format(close - 1, wto);
	json_array_append_new(a->items,
			      json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}",
					"child_id", (json_int_t)r->child_id, "family_id",
					(json_int_t)r->family_id, "family_name", r->family_name,
					"child_name", r->child_name, "birth_date", r->birth_date,
					"window_from", wfrom, "window_to", wto, "criterion",
					core_hv_criterion_names[applied], "criterion_label",
					core_hv_criterion_labels_da[applied], "criteria", all));
	return 0;
}

enum rede_err h_hv_due(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	const char *prog_s = http_query(req, "programme");
	const char *from_s = http_query(req, "from"), *to_s = http_query(req, "to");
	struct core_hv_params p;
	struct due_acc a = {NULL, &p, HV_VISIT_1_5Y, 0, 0};
	char oldest[HV_DATE_SIZE], youngest[HV_DATE_SIZE];
	int32_t lo, hi;
	int prog = core_course_name_index(core_hv_programme_names, HV_PROGRAMME__COUNT, prog_s);
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "hv_due";
	if (prog == HV_PROGRAMME__COUNT)
		http_field_error(resp, "programme",
				 "Vælg visit_1_5y (1½-års-besøg) eller visit_3y (3-års-besøg)");
	if (!from_s || !rede_date_parse(from_s, &a.from))
		http_field_error(resp, "from", "Angiv periodens første dag (ÅÅÅÅ-MM-DD)");
	if (!to_s || !rede_date_parse(to_s, &a.to))
		http_field_error(resp, "to", "Angiv periodens sidste dag (ÅÅÅÅ-MM-DD)");
	else if (!http_failed(resp) && a.to < a.from)
		http_field_error(resp, "to", "Periodens sidste dag ligger før den første");
	else if (!http_failed(resp) && a.to - a.from >= HV_DUE_PERIOD_MAX_DAYS)
		http_field_error(resp, "to", "Perioden må højst være to år");
	if (http_failed(resp))
		return REDE_OK;
	a.prog = (enum core_hv_programme)prog;
	req->audit_detail = xasprintf("programme=%s from=%s to=%s", prog_s, from_s, to_s);
	err = store_hv_params(c, req->auth.municipality_id, &p);
	if (err)
		return err;
	core_hv_birth_range(&p, a.prog, a.from, a.to, &lo, &hi);
	rede_date_format(lo, oldest);
	rede_date_format(hi, youngest);
	a.items = json_array();
	err = store_hv_due_each(c, &who, core_hv_programme_names[prog], oldest, youngest, to_s,
				add_due, &a);
	if (err) {
		json_decref(a.items);
		return err;
	}
	http_json(resp, 200,
		  json_pack("{s:s, s:s, s:s, s:o}", "programme", core_hv_programme_names[prog],
			    "from", from_s, "to", to_s, "items", a.items));
	return REDE_OK;
}
