/*
 * h_cosp_offers.c - offers of a COS-P course to families (DOMAIN §1.3):
 * offered -> accepted / declined, the family's preferences (time slots,
 * group types), the daycare institutions it is tied to and the families
 * it declared it knows (the planner never puts such families together),
 * dropout with date and reason, and the parents' rating afterwards on the
 * 4-point scale. Completion is never entered: it follows from attendance
 * by the programme's rule (core_cosp_stage).
 *
 * Creating an offer needs access to the family (404-like 400 otherwise)
 * and makes the offering health visitor staff of the offer's enrolment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_cosp.h"
#include "rede/core.h"
#include "rede/core_course.h"
#include "rede/util.h"
#include "store/families.h"
#include "store/tenancy.h"

static void write_list(const char *const *names, int count, unsigned mask, char *out, size_t n)
{
	out[0] = 0;
	for (int k = 0; k < count; k++)
		if (mask & (1u << k)) {
			size_t len = strlen(out);
			snprintf(out + len, n - len, "%s%s", len ? "," : "", names[k]);
		}
}

/* time_slots / group_types: names from the planner's vocabularies; an
 * absent list means "any". */
static void parse_prefs(const json_t *b, struct cosp_offer_row *o, bool defaults,
			struct http_resp *resp)
{
	static const struct {
		const char *field;
		const char *const *names;
		int count;
		size_t off;
		const char *msg;
	} lists[] = {
		{"time_slots", plan_slot_names, SLOT__COUNT, offsetof(struct cosp_offer_row, slots),
		 "Vælg blandt morning, afternoon og evening"},
		{"group_types", plan_type_names, GTYPE__COUNT,
		 offsetof(struct cosp_offer_row, types),
		 "Vælg blandt mothers, couples, mixed og individual"},
	};

	for (size_t l = 0; l < 2; l++) {
		const json_t *arr = json_object_get(b, lists[l].field), *v;
		const char *names[8];
		char *dst = (char *)o + lists[l].off;
		unsigned mask = 0;
		size_t i, n = 0;

		if (!arr) {
			if (defaults)
				write_list(lists[l].names, lists[l].count,
					   (1u << lists[l].count) - 1, dst, 64);
			continue;
		}
		json_array_foreach(arr, i, v)
		{
			if (n < 8)
				names[n++] = json_string_value(v);
		}
		if (!n || json_array_size(arr) > 8 ||
		    !core_cosp_mask(lists[l].names, lists[l].count, names, n, &mask)) {
			http_field_error(resp, lists[l].field, lists[l].msg);
			continue;
		}
		write_list(lists[l].names, lists[l].count, mask, dst, 64);
	}
}

/* institution_ids: daycare units of the municipality; acquaintance ids:
 * other families the caller may see (unknown and invisible read alike). */
static enum rede_err parse_ties(struct http_req *req, struct store_conn *c, const json_t *b,
				struct cosp_offer_row *o, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	const json_t *v;
	enum rede_err err = REDE_OK;

	if ((v = json_object_get(b, "institution_ids")) &&
	    http_id_list(v, "institution_ids", o->institution_ids, COSP_MAX_TIES, &o->ninstitutions,
			 resp)) {
		for (size_t i = 0; i < o->ninstitutions; i++) {
			struct unit_row u;

			err = store_unit_get(c, o->municipality_id, o->institution_ids[i], &u);
			if (err == REDE_E_NOTFOUND ||
			    (!err && core_unit_kind_parse(u.kind) != UNIT_DAYCARE)) {
				err = REDE_OK;
				http_field_error(resp, "institution_ids",
						 "Vælg dagtilbud (enheder af typen daycare)");
				break;
			}
			if (err)
				return err;
		}
	}
	if ((v = json_object_get(b, "acquaintance_family_ids")) &&
	    http_id_list(v, "acquaintance_family_ids", o->acquaintance_ids, COSP_MAX_TIES,
			 &o->nacquaintances, resp)) {
		for (size_t i = 0; i < o->nacquaintances; i++) {
			if (o->acquaintance_ids[i] == o->family_id) {
				http_field_error(resp, "acquaintance_family_ids",
						 "En familie kender ikke sig selv");
				break;
			}
			err = store_access_family(c, &who, o->acquaintance_ids[i]);
			if (err == REDE_E_NOTFOUND) {
				err = REDE_OK;
				http_field_error(resp, "acquaintance_family_ids",
						 "Familien findes ikke");
				break;
			}
			if (err)
				return err;
		}
	}
	return err;
}

static enum rede_err reply_offer(struct http_req *req, struct store_conn *c,
				 const struct cosp_offer_row *o, int status, struct http_resp *resp)
{
	struct core_cosp_params p;
	json_t *body;
	enum rede_err err = store_cosp_params(c, req->auth.municipality_id, &p);

	if (!err)
		err = json_cosp_offer_read(c, &p, o, &body);
	if (err)
		return err;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)o->id);
	http_json(resp, status, body);
	http_set_etag(resp, "cosp_offer", o->id, o->version);
	return REDE_OK;
}

static const struct http_jfield offer_fields[] = {
	{"family_id", J_INT, true, 0},
	{"child_id", J_INT, true, 0},
	{"offered_on", J_DATE, true, 0},
	{"channel", J_STRING_OR_NULL, false, 16},
	{"time_slots", J_ARRAY, false, 0},
	{"group_types", J_ARRAY, false, 0},
	{"institution_ids", J_ARRAY, false, 0},
	{"acquaintance_family_ids", J_ARRAY, false, 0},
	{NULL, 0, false, 0},
};

/* POST /api/v1/cosp/offers */
enum rede_err h_cosp_offers_create(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	struct access_who who = http_who(req);
	const json_t *b = req->body, *v;
	struct cosp_offer_row o;
	struct person_row child;
	int32_t d = 0;
	enum rede_err err = REDE_OK;

	memset(&o, 0, sizeof(o));
	memset(&child, 0, sizeof(child));
	req->audit_entity = "cosp_offer";
	if (!http_json_check(b, offer_fields, resp))
		goto out;
	o.municipality_id = req->auth.municipality_id;
	o.family_id = json_integer_value(json_object_get(b, "family_id"));
	o.child_id = json_integer_value(json_object_get(b, "child_id"));
	err = store_access_family(c, &who, o.family_id);
	if (err == REDE_E_NOTFOUND) {
		err = REDE_OK;
		http_field_error(resp, "family_id", "Familien findes ikke");
		goto out;
	}
	if (err)
		goto out;
	err = store_person_get(c, o.municipality_id, o.child_id, &child);
	if (err == REDE_E_NOTFOUND ||
	    (!err && (child.family_id != o.family_id || strcmp(child.kind, "child")))) {
		err = REDE_OK;
		http_field_error(resp, "child_id", "Vælg et barn i familien");
	}
	if (err)
		goto out;
	snprintf(o.offered_on, sizeof(o.offered_on), "%s",
		 json_string_value(json_object_get(b, "offered_on")));
	rede_date_parse(o.offered_on, &d);
	if (d > rede_today())
		http_field_error(resp, "offered_on", "Tilbuddet kan ikke dateres i fremtiden");
	if ((v = json_object_get(b, "channel")) && json_is_string(v)) {
		if (core_course_name_index(core_cosp_channel_names, COSP_CHANNEL__COUNT,
					   json_string_value(v)) == COSP_CHANNEL__COUNT)
			http_field_error(resp, "channel",
					 "Vælg letter, phone, sms eller in_person");
		snprintf(o.channel, sizeof(o.channel), "%s", json_string_value(v));
	}
	snprintf(o.status, sizeof(o.status), "offered");
	o.offered_by = req->auth.user_id;
	parse_prefs(b, &o, true, resp);
	err = parse_ties(req, c, b, &o, resp);
	if (err || resp->status)
		goto out;
	err = store_cosp_offer_insert(
		c, &o, (req->auth.roles & ROLE_BIT(ROLE_HEALTH_VISITOR)) ? req->auth.user_id : 0);
	if (!err)
		err = store_cosp_offer_get(c, o.municipality_id, o.id, &o);
	if (!err)
		err = reply_offer(req, c, &o, 201, resp);
	if (!err)
		resp->location = xasprintf("/api/v1/cosp/offers/%lld", (long long)o.id);
out:
	person_row_release(&child);
	return err;
}

struct offers_acc {
	struct core_cosp_params p;
	const char *stage;
	json_t *items;
};

static int add_offer(const struct cosp_offer_row *o, const struct cosp_offer_facts *x, void *arg)
{
	struct offers_acc *a = arg;
	json_t *j = json_cosp_offer(&a->p, o, x);

	if (a->stage && strcmp(json_string_value(json_object_get(j, "stage")), a->stage))
		json_decref(j);
	else
		json_array_append_new(a->items, j);
	return 0;
}

/* GET /api/v1/cosp/offers?status=&stage=&course_id= */
enum rede_err h_cosp_offers_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	struct cosp_offer_filter flt = {0};
	struct offers_acc a = {{0}, NULL, NULL};
	const char *course = http_query(req, "course_id");
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "cosp_offer";
	flt.status = http_query(req, "status");
	a.stage = http_query(req, "stage");
	if (flt.status && strcmp(flt.status, "offered") && strcmp(flt.status, "accepted") &&
	    strcmp(flt.status, "declined"))
		http_field_error(resp, "status", "Vælg offered, accepted eller declined");
	if (a.stage && core_course_name_index(core_cosp_stage_names, COSP_STAGE__COUNT, a.stage) ==
			       COSP_STAGE__COUNT)
		http_field_error(resp, "stage", "Ukendt forløbstrin");
	if (course) {
		char *end = NULL;
		flt.course_id = strtoll(course, &end, 10);
		if (!*course || *end || flt.course_id <= 0)
			http_field_error(resp, "course_id", "Ugyldigt id");
	}
	if (resp->status)
		return REDE_OK;
	req->audit_detail = xasprintf("status=%s stage=%s", flt.status ? flt.status : "any",
				      a.stage ? a.stage : "any");
	err = store_cosp_params(c, req->auth.municipality_id, &a.p);
	if (err)
		return err;
	a.items = json_array();
	flt.facts = true;
	err = store_cosp_offer_each(c, req->auth.municipality_id, &who, &flt, add_offer, &a);
	return http_items_answer(resp, a.items, err);
}

/* GET /api/v1/cosp/offers/{id} */
enum rede_err h_cosp_offers_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	return reply_offer(req, c, obj_cosp_offer(req), 200, resp);
}

static const struct http_jfield update_fields[] = {
	{"channel", J_STRING_OR_NULL, false, 16},
	{"time_slots", J_ARRAY, false, 0},
	{"group_types", J_ARRAY, false, 0},
	{"institution_ids", J_ARRAY, false, 0},
	{"acquaintance_family_ids", J_ARRAY, false, 0},
	{NULL, 0, false, 0},
};

/* PATCH /api/v1/cosp/offers/{id}: preferences and ties (If-Match). */
enum rede_err h_cosp_offers_update(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct cosp_offer_row *o = obj_cosp_offer(req);
	enum rede_err err = REDE_OK;

	if (!req->if_match) {
		http_problem(resp, 428, "If-Match mangler");
		return REDE_OK;
	}
	if (!http_if_match_ok(req, "cosp_offer", o->id, o->version)) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	if (!http_json_check(b, update_fields, resp))
		return REDE_OK;
	if ((v = json_object_get(b, "channel"))) {
		o->channel[0] = 0;
		if (json_is_string(v)) {
			if (core_course_name_index(core_cosp_channel_names, COSP_CHANNEL__COUNT,
						   json_string_value(v)) == COSP_CHANNEL__COUNT)
				http_field_error(resp, "channel",
						 "Vælg letter, phone, sms eller in_person");
			snprintf(o->channel, sizeof(o->channel), "%s", json_string_value(v));
		}
	}
	parse_prefs(b, o, false, resp);
	err = parse_ties(req, c, b, o, resp);
	if (err || resp->status)
		return err;
	err = store_cosp_offer_update(c, o);
	if (err == REDE_E_CONFLICT) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	if (err)
		return err;
	return reply_offer(req, c, o, 200, resp);
}

static const struct http_jfield answer_fields[] = {
	{"answer", J_STRING, true, 16},
	{"answered_on", J_DATE, true, 0},
	{"reason", J_STRING_OR_NULL, false, COSP_TEXT_MAX},
	{NULL, 0, false, 0},
};

/* POST /api/v1/cosp/offers/{id}/answer {answer: accepted|declined,
 * answered_on, reason} - once. */
enum rede_err h_cosp_offers_answer(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct cosp_offer_row *o = obj_cosp_offer(req);
	const char *answer;
	enum rede_err err = REDE_OK;

	req->audit_action = "answer";
	if (!http_json_check(b, answer_fields, resp))
		return REDE_OK;
	answer = json_string_value(json_object_get(b, "answer"));
	if (strcmp(answer, "accepted") && strcmp(answer, "declined"))
		http_field_error(resp, "answer", "Svaret er accepted eller declined");
	snprintf(o->answered_on, sizeof(o->answered_on), "%s",
		 json_string_value(json_object_get(b, "answered_on")));
	if (strcmp(o->answered_on, o->offered_on) < 0)
		http_field_error(resp, "answered_on", "Svaret kan ikke ligge før tilbuddet");
	if ((v = json_object_get(b, "reason")) && json_is_string(v))
		snprintf(o->decline_reason, sizeof(o->decline_reason), "%s", json_string_value(v));
	if (resp->status)
		return REDE_OK;
	if (strcmp(o->status, "offered")) {
		http_conflict(resp, "answer", "Familien har allerede svaret på tilbuddet");
		return REDE_OK;
	}
	snprintf(o->status, sizeof(o->status), "%s", answer);
	err = store_cosp_offer_update(c, o);
	if (err == REDE_E_CONFLICT) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	if (err)
		return err;
	return reply_offer(req, c, o, 200, resp);
}

static const struct http_jfield dropout_fields[] = {
	{"dropout_on", J_DATE, true, 0},
	{"reason", J_STRING, true, COSP_TEXT_MAX},
	{NULL, 0, false, 0},
};

/* POST /api/v1/cosp/offers/{id}/dropout {dropout_on, reason}: a family
 * stops; voluntary, so a normal outcome. By a facilitator or coordinator. */
enum rede_err h_cosp_offers_dropout(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp)
{
	const json_t *b = req->body;
	struct cosp_offer_row *o = obj_cosp_offer(req);
	bool already;
	enum rede_err err = REDE_OK;

	req->audit_action = "dropout";
	already = o->dropout_on[0] != 0;
	if (o->course_id && !cosp_require_facilitator(req, c, o->course_id, resp, &err))
		return err;
	if (!http_json_check(b, dropout_fields, resp))
		return REDE_OK;
	snprintf(o->dropout_on, sizeof(o->dropout_on), "%s",
		 json_string_value(json_object_get(b, "dropout_on")));
	snprintf(o->dropout_reason, sizeof(o->dropout_reason), "%s",
		 json_string_value(json_object_get(b, "reason")));
	if (!o->dropout_reason[0])
		http_field_error(resp, "reason", "Angiv årsagen");
	{
		int32_t d = 0;
		rede_date_parse(o->dropout_on, &d);
		if (d > rede_today())
			http_field_error(resp, "dropout_on", "Datoen ligger i fremtiden");
	}
	if (resp->status)
		return REDE_OK;
	if (strcmp(o->status, "accepted") || !o->course_id || already) {
		http_conflict(resp, "dropout_on",
			      already ? "Familien er allerede stoppet"
				      : "Kun en familie på et hold kan stoppe");
		return REDE_OK;
	}
	if (strcmp(o->dropout_on, o->placed_on) < 0) {
		http_field_error(resp, "dropout_on", "Datoen ligger før familien fik plads");
		return REDE_OK;
	}
	err = store_cosp_offer_update(c, o);
	if (err == REDE_E_CONFLICT) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	if (err)
		return err;
	return reply_offer(req, c, o, 200, resp);
}

static const struct http_jfield rating_fields[] = {
	{"rating", J_INT, true, 0},
	{"rated_on", J_DATE, true, 0},
	{NULL, 0, false, 0},
};

/* POST /api/v1/cosp/offers/{id}/rating {rating 1-4, rated_on}: "I hvilken
 * grad ..." after the course; for a family that was on a course. */
enum rede_err h_cosp_offers_rating(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	const json_t *b = req->body;
	struct core_cosp_params p;
	struct cosp_offer_row *o = obj_cosp_offer(req);
	enum rede_err err = REDE_OK;

	req->audit_action = "rate";
	if (!http_json_check(b, rating_fields, resp))
		return REDE_OK;
	err = store_cosp_params(c, req->auth.municipality_id, &p);
	if (err)
		return err;
	o->rating = json_integer_value(json_object_get(b, "rating"));
	if (o->rating < p.rating_min || o->rating > p.rating_max) {
		char msg[80];

		snprintf(msg, sizeof(msg), "Vurderingen er %lld-%lld", (long long)p.rating_min,
			 (long long)p.rating_max);
		http_field_error(resp, "rating", msg);
	}
	snprintf(o->rated_on, sizeof(o->rated_on), "%s",
		 json_string_value(json_object_get(b, "rated_on")));
	if (resp->status)
		return REDE_OK;
	if (!o->course_id) {
		http_conflict(resp, "rating",
			      "Kun en familie, der har været på hold, kan vurdere det");
		return REDE_OK;
	}
	err = store_cosp_offer_update(c, o);
	if (err == REDE_E_CONFLICT) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	if (err)
		return err;
	return reply_offer(req, c, o, 200, resp);
}
