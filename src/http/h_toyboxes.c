/*
 * h_toyboxes.c - toy boxes (kasser med legetøj, DOMAIN §1.5) as physical
 * inventory: the board of boxes with their state, checkout to a visit,
 * return (which dates the box and starts its quarantine, 72 hours by
 * default: setting toybox.quarantine_hours), write-off of lost or damaged
 * boxes.
 *
 * A box checked out during its quarantine is refused with 409 and a Danish
 * message naming when it is free (dd-mm-åååå kl. HH:MM, Danish time), also
 * given as free_at (UTC) in the problem body. The time is the server's one
 * clock (rede_now), compared with the stored return time, so tests set the
 * return time instead of sleeping.
 *
 * A box goes out for an accepted offer's visit, of the same age group, by
 * that offer's health visitor; which offer a box is out for is shown only
 * to those who may see the offer's family. Any health visitor of the
 * municipality may return or write off a box.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_health_visit.h"
#include "rede/core.h"
#include "rede/core_course.h"
#include "rede/util.h"
#include "store/toyboxes.h"

#define TOYBOX_NOTE_MAX 1000

/* offer_id when the caller may see the offer's family, else null. */
static enum rede_err visible_offer(struct http_req *req, struct store_conn *c, int64_t offer_id,
				   json_t **out)
{
	struct access_who who = http_who(req);
	struct hv_offer_row o;
	enum rede_err err;

	*out = json_null();
	if (!offer_id)
		return REDE_OK;
	hv_offer_row_init(&o);
	err = store_hv_offer_get(c, req->auth.municipality_id, offer_id, &o);
	if (!err)
		err = store_access_family(c, &who, o.family_id);
	hv_offer_row_release(&o);
	if (err == REDE_E_NOTFOUND)
		return REDE_OK;
	if (!err) {
		json_decref(*out);
		*out = json_integer(offer_id);
	}
	return err;
}

static enum rede_err json_toybox(struct http_req *req, struct store_conn *c,
				 const struct toybox_row *b, const struct core_toybox_params *p,
				 int64_t now, json_t **out)
{
	struct core_toybox_facts f;
	enum core_toybox_state state;
	json_t *o, *out_json = json_null(), *by = NULL, *offer = NULL;
	enum rede_err err = REDE_OK;

	toybox_facts(b, &f);
	state = core_toybox_state(p, &f, now);
	if (b->open_checkout_id) {
		err = hv_json_user(c, b->open_by, &by);
		if (!err)
			err = visible_offer(req, c, b->open_offer_id, &offer);
		if (err) {
			json_decref(by);
			json_decref(offer);
			return err;
		}
		json_decref(out_json);
		out_json = json_pack("{s:o, s:o, s:o}", "offer_id", offer, "by", by, "at",
				     hv_json_time(b->open_at));
	}
	o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:I}", "id", (json_int_t)b->id, "label",
		      b->label, "age_group", b->age_group, "state", core_toybox_state_names[state],
		      "checked_out", out_json, "last_returned_at",
		      hv_json_time(b->last_returned_at), "free_at",
		      state == TOYBOX_QUARANTINE ? hv_json_time(core_toybox_free_at(p, &f))
						 : json_null(),
		      "version", (json_int_t)b->version);
	if (state == TOYBOX_QUARANTINE) {
		char text[REDE_DK_TIME_SIZE];

		rede_dk_time_format((core_toybox_free_at(p, &f) + 59) / 60 * 60, text);
		json_object_set_new(o, "free_at_text", json_string(text));
	} else {
		json_object_set_new(o, "free_at_text", json_null());
	}
	json_object_set_new(
		o, "written_off",
		b->written_off_at
			? json_pack("{s:o, s:s, s:o}", "at", hv_json_time(b->written_off_at),
				    "reason", b->write_off_reason, "note",
				    hv_json_str(b->write_off_note[0] ? b->write_off_note : NULL))
			: json_null());
	*out = o;
	return REDE_OK;
}

/* ---- GET /api/v1/toyboxes[?age_group=][&state=] ---- */

struct list_acc {
	struct http_req *req;
	struct store_conn *c;
	const struct core_toybox_params *p;
	int64_t now;
	const char *state;
	json_t *items;
	enum rede_err err;
};

static int add_box(const struct toybox_row *b, void *arg)
{
	struct list_acc *a = arg;
	struct core_toybox_facts f;
	json_t *o;

	toybox_facts(b, &f);
	if (a->state &&
	    strcmp(a->state, core_toybox_state_names[core_toybox_state(a->p, &f, a->now)]))
		return 0;
	a->err = json_toybox(a->req, a->c, b, a->p, a->now, &o);
	if (a->err)
		return 1;
	json_array_append_new(a->items, o);
	return 0;
}

enum rede_err h_toyboxes_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const char *age = http_query(req, "age_group"), *state = http_query(req, "state");
	struct core_toybox_params p;
	struct list_acc a = {req, c, &p, rede_now(), state, NULL, REDE_OK};
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "toybox";
	if (age && core_course_name_index(core_hv_age_group_names, HV_PROGRAMME__COUNT, age) ==
			   HV_PROGRAMME__COUNT)
		http_field_error(resp, "age_group", "Vælg 1_5y eller 3y");
	if (state && core_course_name_index(core_toybox_state_names, TOYBOX_STATE__COUNT, state) ==
			     TOYBOX_STATE__COUNT)
		http_field_error(resp, "state",
				 "Vælg available, checked_out, quarantine eller written_off");
	if (http_failed(resp))
		return REDE_OK;
	err = store_toybox_params(c, req->auth.municipality_id, &p);
	if (err)
		return err;
	a.items = json_array();
	err = store_toybox_each(c, req->auth.municipality_id, age, add_box, &a);
	if (!err)
		err = a.err;
	if (err) {
		json_decref(a.items);
		return err;
	}
	http_json(resp, 200,
		  json_pack("{s:I, s:o}", "quarantine_hours", (json_int_t)p.quarantine_hours,
			    "items", a.items));
	return REDE_OK;
}

/* Answer with one box (history when full) and its ETag. */
static enum rede_err answer_box(struct http_req *req, struct store_conn *c,
				const struct toybox_row *b, int status, bool full,
				struct http_resp *resp);

/* ---- POST /api/v1/toyboxes ---- */

static const struct http_jfield create_fields[] = {
	{"label", J_STRING, true, 100},
	{"age_group", J_STRING, true, 8},
	{NULL, 0, false, 0},
};

enum rede_err h_toyboxes_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *body = req->body;
	struct toybox_row b;
	const char *label, *age;
	enum rede_err err;

	memset(&b, 0, sizeof(b));
	req->audit_entity = "toybox";
	if (!http_json_check(body, create_fields, resp))
		return REDE_OK;
	label = json_string_value(json_object_get(body, "label"));
	age = json_string_value(json_object_get(body, "age_group"));
	if (!*label)
		http_field_error(resp, "label", "Kassens mærkning skal udfyldes");
	if (core_course_name_index(core_hv_age_group_names, HV_PROGRAMME__COUNT, age) ==
	    HV_PROGRAMME__COUNT)
		http_field_error(resp, "age_group", "Vælg 1_5y eller 3y");
	if (http_failed(resp))
		return REDE_OK;
	b.municipality_id = req->auth.municipality_id;
	snprintf(b.label, sizeof(b.label), "%s", label);
	snprintf(b.age_group, sizeof(b.age_group), "%s", age);
	err = store_toybox_insert(c, &b);
	if (err == REDE_E_CONFLICT) {
		http_conflict(resp, "label", "Der findes allerede en kasse med den mærkning");
		return REDE_OK;
	}
	if (err)
		return err;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)b.id);
	err = answer_box(req, c, &b, 201, true, resp);
	if (!err)
		resp->location = xasprintf("/api/v1/toyboxes/%lld", (long long)b.id);
	return err;
}

/* ---- GET /api/v1/toyboxes/{id} ---- */

struct history_acc {
	struct http_req *req;
	struct store_conn *c;
	json_t *items;
	enum rede_err err;
};

static int add_checkout(const struct toybox_checkout_row *r, void *arg)
{
	struct history_acc *a = arg;
	json_t *offer = NULL, *by = NULL, *back = NULL;

	a->err = visible_offer(a->req, a->c, r->offer_id, &offer);
	if (!a->err)
		a->err = hv_json_user(a->c, r->checked_out_by, &by);
	if (!a->err)
		a->err = hv_json_user(a->c, r->returned_by, &back);
	if (a->err) {
		json_decref(offer);
		json_decref(by);
		json_decref(back);
		return 1;
	}
	json_array_append_new(a->items,
			      json_pack("{s:o, s:o, s:o, s:o, s:o}", "offer_id", offer,
					"checked_out_at", hv_json_time(r->checked_out_at),
					"checked_out_by", by, "returned_at",
					hv_json_time(r->returned_at), "returned_by", back));
	return 0;
}

static enum rede_err answer_box(struct http_req *req, struct store_conn *c,
				const struct toybox_row *b, int status, bool full,
				struct http_resp *resp)
{
	struct core_toybox_params p;
	struct history_acc h = {req, c, NULL, REDE_OK};
	json_t *o = NULL;
	enum rede_err err = store_toybox_params(c, b->municipality_id, &p);

	if (!err)
		err = json_toybox(req, c, b, &p, rede_now(), &o);
	if (!err && full) {
		h.items = json_array();
		err = store_toybox_checkout_each(c, b->id, add_checkout, &h);
		if (!err)
			err = h.err;
		json_object_set_new(o, "history", h.items);
	}
	if (err) {
		json_decref(o);
		return err;
	}
	http_json(resp, status, o);
	http_set_etag(resp, "toybox", b->id, b->version);
	return REDE_OK;
}

enum rede_err h_toyboxes_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	return answer_box(req, c, obj_toybox(req), 200, true, resp);
}

/* A state refusal: 409 naming the state. */
static void refuse_state(struct http_resp *resp, enum core_toybox_state st)
{
	switch (st) {
	case TOYBOX_WRITTEN_OFF:
		http_problem(resp, 409, "Kassen er afskrevet");
		http_problem_field(resp, "state",
				   "En afskrevet kasse kan ikke udlånes eller ændres");
		break;
	case TOYBOX_CHECKED_OUT:
		http_problem(resp, 409, "Kassen er udlånt");
		http_problem_field(resp, "state", "Kassen er ude til et andet besøg");
		break;
	default:
		http_problem(resp, 409, "Kassen er ikke udlånt");
		http_problem_field(resp, "state", "Kun en udlånt kasse kan afleveres");
		break;
	}
}

/* A change that lost a race with another (version moved): 409. */
static void refuse_race(struct http_resp *resp)
{
	http_problem(resp, 409, "Kassen er netop ændret af en anden");
	http_problem_field(resp, "state", "Hent kassens status igen");
}

/* ---- POST /api/v1/toyboxes/{id}/checkout ---- */

static const struct http_jfield checkout_fields[] = {
	{"offer_id", J_INT, true, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_toyboxes_checkout(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp)
{
	const json_t *body = req->body;
	struct toybox_row *b = obj_toybox(req);
	struct hv_offer_row o;
	struct core_toybox_params p;
	struct core_toybox_facts f;
	enum core_toybox_state st;
	int64_t now = rede_now();
	int prog;
	enum rede_err err = REDE_OK;

	hv_offer_row_init(&o);
	req->audit_action = "checkout";
	if (!http_json_check(body, checkout_fields, resp))
		goto out;
	{
		struct access_who who = http_who(req);

		err = store_hv_offer_get(c, req->auth.municipality_id,
					 json_integer_value(json_object_get(body, "offer_id")), &o);
		if (!err)
			err = store_access_family(c, &who, o.family_id);
	}
	if (err == REDE_E_NOTFOUND) {
		err = REDE_OK;
		http_field_error(resp, "offer_id", "Tilbuddet findes ikke");
		goto out;
	}
	if (err)
		goto out;
	req->audit_detail = xasprintf("offer %lld", (long long)o.id);
	if (o.health_visitor_id != req->auth.user_id) {
		http_problem(resp, 403, "Du er ikke sundhedsplejerske på dette tilbud");
		http_problem_field(resp, "offer_id",
				   "Kassen udlånes af besøgets sundhedsplejerske");
		goto out;
	}
	if (!http_if_match_ok(req, "toybox", b->id, b->version)) {
		http_precondition_failed(resp);
		goto out;
	}
	prog = core_course_name_index(core_hv_programme_names, HV_PROGRAMME__COUNT, o.programme);
	if (prog == HV_PROGRAMME__COUNT || strcmp(core_hv_age_group_names[prog], b->age_group)) {
		http_problem(resp, 409, "Kassen passer ikke til besøget");
		http_problem_field(resp, "age_group",
				   "Kassens aldersgruppe er en anden end besøgets (1½ eller 3 år)");
		goto out;
	}
	if (strcmp(o.status, core_hv_offer_status_names[HV_ACCEPTED])) {
		http_problem(resp, 409, "Familien har ikke takket ja til besøget");
		http_problem_field(resp, "offer_id",
				   "En kasse udlånes til et besøg, familien har takket ja til");
		goto out;
	}
	err = store_toybox_params(c, b->municipality_id, &p);
	if (err)
		goto out;
	toybox_facts(b, &f);
	st = core_toybox_state(&p, &f, now);
	if (st == TOYBOX_QUARANTINE) {
		char msg[CORE_TOYBOX_MSG_SIZE];
		int64_t free_at = core_toybox_free_at(&p, &f);

		core_toybox_quarantine_message(free_at, msg);
		http_problem(resp, 409, "Kassen er i karantæne");
		http_problem_field(resp, "state", msg);
		json_object_set_new(resp->json, "free_at", hv_json_time(free_at));
		goto out;
	}
	if (st != TOYBOX_AVAILABLE) {
		refuse_state(resp, st);
		goto out;
	}
	err = store_toybox_checkout(c, b, o.id, req->auth.user_id, now);
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		refuse_race(resp);
		goto out;
	}
	if (!err)
		err = answer_box(req, c, b, 200, true, resp);
out:
	hv_offer_row_release(&o);
	return err;
}

/* ---- POST /api/v1/toyboxes/{id}/return ---- */

static const struct http_jfield return_fields[] = {
	{NULL, 0, false, 0},
};

enum rede_err h_toyboxes_return(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct toybox_row *b = obj_toybox(req);
	enum rede_err err = REDE_OK;

	req->audit_action = "return";
	if (!http_json_check(req->body, return_fields, resp))
		goto out;
	if (!http_if_match_ok(req, "toybox", b->id, b->version)) {
		http_precondition_failed(resp);
		goto out;
	}
	if (b->written_off_at || !b->open_checkout_id) {
		refuse_state(resp, b->written_off_at ? TOYBOX_WRITTEN_OFF : TOYBOX_AVAILABLE);
		goto out;
	}
	err = store_toybox_return(c, b, req->auth.user_id, rede_now());
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		refuse_race(resp);
		goto out;
	}
	if (!err)
		err = answer_box(req, c, b, 200, true, resp);
out:
	return err;
}

/* ---- POST /api/v1/toyboxes/{id}/write-off ---- */

static const struct http_jfield write_off_fields[] = {
	{"reason", J_STRING, true, 16},
	{"note", J_STRING_OR_NULL, false, TOYBOX_NOTE_MAX},
	{NULL, 0, false, 0},
};

enum rede_err h_toyboxes_write_off(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	const json_t *body = req->body, *note;
	struct toybox_row *b = obj_toybox(req);
	int reason;
	enum rede_err err = REDE_OK;

	req->audit_action = "write_off";
	if (!http_json_check(body, write_off_fields, resp))
		goto out;
	reason = core_course_name_index(core_toybox_write_off_names, WRITE_OFF__COUNT,
					json_string_value(json_object_get(body, "reason")));
	note = json_object_get(body, "note");
	if (reason == WRITE_OFF__COUNT)
		http_field_error(resp, "reason",
				 "Vælg lost (bortkommet), damaged (ødelagt) eller other");
	else if (reason == WRITE_OFF_OTHER && (!json_is_string(note) || !*json_string_value(note)))
		http_field_error(resp, "note", "Beskriv hvorfor kassen afskrives");
	if (http_failed(resp))
		goto out;
	if (!http_if_match_ok(req, "toybox", b->id, b->version)) {
		http_precondition_failed(resp);
		goto out;
	}
	if (b->written_off_at) {
		refuse_state(resp, TOYBOX_WRITTEN_OFF);
		goto out;
	}
	err = store_toybox_write_off(c, b, core_toybox_write_off_names[reason],
				     json_is_string(note) ? json_string_value(note) : NULL,
				     req->auth.user_id, rede_now());
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		refuse_race(resp);
		goto out;
	}
	if (!err)
		err = answer_box(req, c, b, 200, true, resp);
out:
	return err;
}
