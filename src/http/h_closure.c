/*
 * h_closure.c - POST /api/v1/enrolments/{id}/close: the end of a course
 * (DOMAIN §1.1 "Closure"): date, reason (another intervention named when
 * that is the reason), attainment of every goal, an optional knowledge
 * handover to daycare (consent-checked on its date), an onward referral,
 * and the parents' closing evaluation (1 i høj grad .. 4 slet ikke, 0 ved
 * ikke; a question left out was not asked).
 *
 * A course closes once: the closure row is keyed by the enrolment and a
 * second close answers 409. Everything is written in the request's
 * transaction, so a refused close leaves the course untouched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_course.h"
#include "rede/util.h"
#include "store/families.h"

struct attain_acc {
	const json_t *attainment;
	struct http_resp *resp;
	int64_t *ids;
	int *values;
	size_t n, alloc;
};

/* Every goal of the course needs an attainment. */
static int check_goal(struct store_conn *c, const struct goal_row *g, void *arg)
{
	struct attain_acc *a = arg;
	char key[32], field[48];
	const json_t *v;
	int k;

	(void)c;
	snprintf(key, sizeof(key), "%lld", (long long)g->id);
	snprintf(field, sizeof(field), "attainment.%s", key);
	v = json_object_get(a->attainment, key);
	k = core_course_name_index(core_attainment_names, ATTAINMENT__COUNT,
				   json_is_string(v) ? json_string_value(v) : NULL);
	if (!v) {
		http_field_error(a->resp, field,
				 "Angiv om målet er nået (met, partly eller not_met)");
		return 0;
	}
	if (k == ATTAINMENT__COUNT) {
		http_field_error(a->resp, field, "Vælg met, partly eller not_met");
		return 0;
	}
	if (a->n == a->alloc) {
		a->alloc = a->alloc ? a->alloc * 2 : 8;
		a->ids = xrealloc(a->ids, a->alloc * sizeof(*a->ids));
		a->values = xrealloc(a->values, a->alloc * sizeof(*a->values));
	}
	a->ids[a->n] = g->id;
	a->values[a->n++] = k;
	return 0;
}

/* No attainment for something that is not a goal of the course. */
static void check_unknown_goals(struct attain_acc *a)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)a->attainment, key, v)
	{
		bool known = false;
		char field[80];

		for (size_t i = 0; i < a->n && !known; i++) {
			char id[32];

			snprintf(id, sizeof(id), "%lld", (long long)a->ids[i]);
			known = !strcmp(id, key);
		}
		if (!known && strlen(key) < 40) {
			snprintf(field, sizeof(field), "attainment.%s", key);
			http_field_error(a->resp, field, "Målet hører ikke til dette forløb");
		} else if (!known) {
			http_field_error(a->resp, "attainment",
					 "Målet hører ikke til dette forløb");
		}
	}
}

static void evaluation_parse(const json_t *ev, struct closure_row *r, struct http_resp *resp)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)ev, key, v)
	{
		int q = core_course_name_index(core_eval_question_names, EVAL_QUESTION__COUNT, key);
		char field[80];

		snprintf(field, sizeof(field), "evaluation.%.60s", key);
		if (q == EVAL_QUESTION__COUNT) {
			http_field_error(resp, field, "Ukendt spørgsmål");
			continue;
		}
		if (json_is_null(v))
			continue;
		if (!json_is_integer(v) || !core_eval_answer_valid(json_integer_value(v))) {
			http_field_error(
				resp, field,
				"Svar 1 (i høj grad), 2 (i nogen grad), 3 (i mindre grad), "
				"4 (slet ikke) eller 0 (ved ikke)");
			continue;
		}
		r->eval[q] = json_integer_value(v);
	}
}

static char *opt_text(const json_t *b, const char *field)
{
	const json_t *v = json_object_get(b, field);

	return json_is_string(v) && *json_string_value(v) ? xstrdup(json_string_value(v)) : NULL;
}

static const struct http_jfield close_fields[] = {
	{"closed_on", J_DATE, true, 0},
	{"reason", J_STRING, true, 32},
	{"other_intervention", J_STRING_OR_NULL, false, COURSE_TEXT_MAX},
	{"attainment", J_OBJECT, false, 0},
	{"handover_on", J_DATE, false, 0},
	{"onward_referral", J_STRING_OR_NULL, false, COURSE_TEXT_MAX},
	{"evaluation", J_OBJECT, false, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_enrolments_close(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body;
	struct enrolment_row *e = obj_course(req);
	struct closure_row r;
	struct attain_acc a = {0};
	int reason;
	int32_t closed;
	bool active = false;
	enum rede_err err = REDE_OK;

	closure_row_init(&r);
	req->audit_action = "close";
	if (!course_require_staff(req, c, e, false, resp, &err))
		goto out;
	if (!http_json_check(b, close_fields, resp))
		goto out;
	r.enrolment_id = e->id;
	r.recorded_by = req->auth.user_id;
	snprintf(r.closed_on, sizeof(r.closed_on), "%s",
		 json_string_value(json_object_get(b, "closed_on")));
	closed = course_date(b, "closed_on");
	if (closed > rede_today())
		http_field_error(resp, "closed_on", "Afslutningsdatoen ligger i fremtiden");
	else if (e->start_on[0] && strcmp(r.closed_on, e->start_on) < 0 &&
		 !strcmp(e->status, core_course_status_names[COURSE_ACTIVE]))
		http_field_error(resp, "closed_on", "Afslutningsdatoen ligger før forløbets start");
	reason = core_course_name_index(core_closure_reason_names, CLOSURE_REASON__COUNT,
					json_string_value(json_object_get(b, "reason")));
	if (reason == CLOSURE_REASON__COUNT)
		http_field_error(resp, "reason",
				 "Vælg goals_met, max_weeks_reached, family_withdrew, "
				 "needs_other_intervention, moved eller other");
	else
		snprintf(r.reason, sizeof(r.reason), "%s", core_closure_reason_names[reason]);
	r.other_intervention = opt_text(b, "other_intervention");
	if (reason == CLOSURE_NEEDS_OTHER_INTERVENTION && !r.other_intervention)
		http_field_error(resp, "other_intervention",
				 "Angiv hvilken anden indsats familien har brug for");
	r.onward_referral = opt_text(b, "onward_referral");
	if (json_object_get(b, "handover_on"))
		snprintf(r.handover_on, sizeof(r.handover_on), "%s",
			 json_string_value(json_object_get(b, "handover_on")));
	evaluation_parse(json_object_get(b, "evaluation"), &r, resp);
	a.attainment = json_object_get(b, "attainment");
	a.resp = resp;
	err = store_goal_each(c, e->id, check_goal, &a);
	if (err)
		goto out;
	check_unknown_goals(&a);
	if (http_failed(resp))
		goto out;
	if (!http_if_match_ok(req, "enrolment", e->id, e->version)) {
		http_precondition_failed(resp);
		goto out;
	}
	if (!strcmp(e->status, core_course_status_names[COURSE_CLOSED])) {
		http_problem(resp, 409, "Forløbet er allerede afsluttet");
		http_problem_field(resp, "status", "Et forløb kan kun afsluttes én gang");
		goto out;
	}
	if (r.handover_on[0]) {
		err = store_consent_active(c, e->family_id, CONSENT_SHARE_DAYCARE, r.handover_on,
					   &active);
		if (err)
			goto out;
		if (!active) {
			http_problem(resp, 409, "Forældrenes samtykke mangler");
			http_problem_field(resp, "handover_on",
					   "Vidensoverlevering til dagtilbuddet kræver forældrenes "
					   "samtykke til deling med dagtilbud på datoen");
			goto out;
		}
	}
	err = store_closure_insert(c, &r);
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_conflict(resp, "status", "Et forløb kan kun afsluttes én gang");
		goto out;
	}
	for (size_t i = 0; !err && i < a.n; i++) {
		struct goal_row g;

		goal_row_init(&g);
		err = store_goal_get(c, e->municipality_id, a.ids[i], &g);
		if (!err) {
			snprintf(g.attainment, sizeof(g.attainment), "%s",
				 core_attainment_names[a.values[i]]);
			err = store_goal_update(c, &g);
		}
		goal_row_release(&g);
	}
	if (err)
		goto out;
	snprintf(e->status, sizeof(e->status), "%s", core_course_status_names[COURSE_CLOSED]);
	snprintf(e->closed_on, sizeof(e->closed_on), "%s", r.closed_on);
	err = store_enrolment_update(c, e);
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_precondition_failed(resp);
		goto out;
	}
	if (err)
		goto out;
	{
		struct core_course_params p;
		json_t *o = NULL;

		err = course_params(req, c, &p);
		if (!err)
			err = json_course(c, e, &p, rede_today(), true, &o);
		if (!err) {
			http_json(resp, 200, o);
			http_set_etag(resp, "enrolment", e->id, e->version);
		}
	}
out:
	free(a.ids);
	free(a.values);
	closure_row_release(&r);
	return err;
}
