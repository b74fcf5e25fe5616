/*
 * h_hv_common.c - what the handlers of the 1½- and 3-year visits share
 * (h_health_visit.h): field errors and dates, an offer and a visit as
 * JSON, the answer with an offer and its ETag, and the parsing of the
 * fields several of them take (child, health visitor, a date not in the
 * future), the offer's state and saving a changed offer.
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

/* ---- shared helpers (h_health_visit.h) ---- */

int32_t hv_date(const json_t *body, const char *field)
{
	const json_t *v = json_object_get(body, field);
	int32_t d;

	if (!json_is_string(v) || !rede_date_parse(json_string_value(v), &d))
		return NO_DATE;
	return d;
}

int32_t hv_text_date(const char *s)
{
	int32_t d;

	return s && rede_date_parse(s, &d) ? d : NO_DATE;
}

json_t *hv_json_date(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *hv_json_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *hv_json_time(int64_t t)
{
	char iso[25];

	if (!t)
		return json_null();
	rede_time_iso(t * 1000, iso);
	return json_string(iso);
}

/* A staff member as the offers show one; null without a user or a name. */
json_t *hv_user_json(int64_t user_id, const char *name)
{
	return user_id && name
		       ? json_pack("{s:I, s:s}", "id", (json_int_t)user_id, "display_name", name)
		       : json_null();
}

enum rede_err hv_json_user(struct store_conn *c, int64_t user_id, json_t **out)
{
	char *name = NULL;
	enum rede_err err = user_id ? store_user_display_name(c, user_id, &name) : REDE_OK;

	*out = hv_user_json(err ? 0 : user_id, name);
	free(name);
	return err;
}

bool hv_offer_mine(const struct http_req *req, const struct hv_offer_row *o, struct http_resp *resp)
{
	if (o->health_visitor_id == req->auth.user_id)
		return true;
	http_problem(resp, 403, "Du er ikke sundhedsplejerske på dette tilbud");
	return false;
}

int hv_name_index(const char *const *names, int count, const json_t *v)
{
	return core_course_name_index(names, count,
				      json_is_string(v) ? json_string_value(v) : NULL);
}

static json_t *json_attempt(const struct hv_attempt_row *a)
{
	return json_pack("{s:I, s:s, s:s, s:b, s:o}", "id", (json_int_t)a->id, "attempted_on",
			 a->attempted_on, "channel", a->channel, "reached", a->reached, "note",
			 hv_json_str(a->note));
}

static int add_attempt(const struct hv_attempt_row *a, void *arg)
{
	json_array_append_new(arg, json_attempt(a));
	return 0;
}

static json_t *json_topics(const char *list)
{
	json_t *out = json_array();
	char buf[200], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
		json_array_append_new(out, json_string(t));
	return out;
}

enum rede_err hv_json_visit(struct store_conn *c, const struct hv_visit_row *v, json_t **out)
{
	json_t *who = NULL, *mats = json_array();
	enum rede_err err = hv_json_user(c, v->health_visitor_id, &who);

	for (size_t i = 0; i < v->nmaterials; i++)
		json_array_append_new(mats, json_string(v->materials[i]));
	if (err) {
		json_decref(mats);
		json_decref(who);
		return err;
	}
	*out = json_pack(
		"{s:I, s:I, s:s, s:o, s:I, s:o, s:o, s:o, s:b, s:o, s:b, s:o, s:o, s:o}", "id",
		(json_int_t)v->id, "offer_id", (json_int_t)v->offer_id, "visited_on", v->visited_on,
		"health_visitor", who, "minutes", (json_int_t)v->minutes, "topics",
		json_topics(v->topics), "topic_other", hv_json_str(v->topic_other), "materials",
		mats, "referral_within", v->referral_within, "referral_within_to",
		hv_json_str(v->referral_within_to), "referral_outside", v->referral_outside,
		"referral_outside_to", hv_json_str(v->referral_outside_to), "parent_rating",
		v->parent_rating < 0 ? json_null() : json_integer(v->parent_rating), "note",
		hv_json_str(v->note));
	return REDE_OK;
}

/* What an offer shows besides its own row - the family's name, the
 * health visitor, failed attempts, the child's birth date (for the window)
 * and the visit - read with it by a list (store_hv_offer_each) ... */
static enum rede_err offer_read_with_list(const struct hv_offer_row *o, struct family_row *fam,
					  json_t **who, int64_t *failed, char *birth,
					  struct hv_visit_row *v)
{
	fam->name = xstrdup(o->family_name ? o->family_name : "");
	*who = hv_user_json(o->health_visitor_id, o->visitor_name);
	*failed = o->failed_attempts;
	snprintf(birth, HV_DATE_SIZE, "%s", o->child_birth);
	v->id = o->visit_id;
	return o->child_found ? REDE_OK : REDE_E_NOTFOUND;
}

/* ... or looked up one by one (a single offer: v is the whole visit). */
static enum rede_err offer_looked_up(struct store_conn *c, const struct hv_offer_row *o,
				     struct family_row *fam, json_t **who, int64_t *failed,
				     char *birth, struct hv_visit_row *v)
{
	int64_t fam_id = 0;
	enum rede_err err = store_family_get(c, o->municipality_id, o->family_id, fam);

	if (!err)
		err = hv_json_user(c, o->health_visitor_id, who);
	if (!err)
		err = store_hv_attempts_failed(c, o->id, failed);
	if (!err)
		err = store_hv_child(c, o->municipality_id, o->child_id, &fam_id, birth);
	if (err)
		return err;
	err = store_hv_visit_by_offer(c, o->id, v);
	if (err == REDE_E_NOTFOUND) { /* not visited */
		v->id = 0;
		err = REDE_OK;
	}
	return err;
}

enum rede_err hv_json_offer(struct store_conn *c, const struct hv_offer_row *o,
			    const struct core_hv_params *p, bool full, json_t **out)
{
	struct family_row fam;
	struct hv_visit_row v;
	json_t *o_json = NULL, *who = NULL, *attempts = NULL, *visit = NULL;
	int64_t failed = 0;
	char birth[HV_DATE_SIZE], wfrom[HV_DATE_SIZE] = "", wto[HV_DATE_SIZE] = "";
	int prog =
		core_course_name_index(core_hv_programme_names, HV_PROGRAMME__COUNT, o->programme);
	enum rede_err err;

	memset(&fam, 0, sizeof(fam));
	hv_visit_row_init(&v);
	err = !full && o->list_read ? offer_read_with_list(o, &fam, &who, &failed, birth, &v)
				    : offer_looked_up(c, o, &fam, &who, &failed, birth, &v);
	if (err)
		goto out;
	if (birth[0] && prog < HV_PROGRAMME__COUNT) {
		int32_t open, close;

		core_hv_window(p, (enum core_hv_programme)prog, hv_text_date(birth), &open, &close);
		rede_date_format(open, wfrom);
		rede_date_format(close - 1, wto);
	}
	o_json = json_pack(
		"{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:s, s:o, s:o, s:o, s:I, "
		"s:I, s:o, s:o, s:o, s:I}",
		"id", (json_int_t)o->id, "family_id", (json_int_t)o->family_id, "family_name",
		fam.name, "child_id", (json_int_t)o->child_id, "programme", o->programme,
		"criterion", o->criterion, "offered_on", o->offered_on, "channel", o->channel,
		"social_measures", o->social_measures, "health_visitor", who, "unit_id",
		o->unit_id ? json_integer(o->unit_id) : json_null(), "status", o->status,
		"answered_on", hv_json_date(o->answered_on), "decline_reason",
		hv_json_date(o->decline_reason), "decline_text", hv_json_str(o->decline_text),
		"failed_attempts", (json_int_t)failed, "attempts_left_before_never_reached",
		(json_int_t)core_hv_attempts_left(p, failed), "window_from", hv_json_date(wfrom),
		"window_to", hv_json_date(wto), "visit_id", v.id ? json_integer(v.id) : json_null(),
		"version", (json_int_t)o->version);
	who = NULL;
	if (full) {
		attempts = json_array();
		err = store_hv_attempt_each(c, o->id, add_attempt, attempts);
		if (!err && v.id)
			err = hv_json_visit(c, &v, &visit);
		if (err)
			goto out;
		json_object_set_new(o_json, "attempts", attempts);
		json_object_set_new(o_json, "visit", visit ? visit : json_null());
		attempts = visit = NULL;
	}
out:
	json_decref(who);
	json_decref(attempts);
	json_decref(visit);
	family_row_release(&fam);
	hv_visit_row_release(&v);
	if (err) {
		json_decref(o_json);
		o_json = NULL;
	}
	*out = o_json;
	return err;
}

/* The full offer as JSON, with the caller's municipality's parameters. */
enum rede_err hv_offer_full(struct http_req *req, struct store_conn *c,
			    const struct hv_offer_row *o, json_t **out)
{
	struct core_hv_params p;
	enum rede_err err = store_hv_params(c, req->auth.municipality_id, &p);

	*out = NULL;
	if (!err)
		err = hv_json_offer(c, o, &p, true, out);
	return err;
}

/* Answer with the full offer and its ETag. */
enum rede_err hv_answer_offer(struct http_req *req, struct store_conn *c,
			      const struct hv_offer_row *o, int status, struct http_resp *resp)
{
	json_t *body = NULL;
	enum rede_err err = hv_offer_full(req, c, o, &body);

	if (!err) {
		http_json(resp, status, body);
		http_set_etag(resp, "hv_offer", o->id, o->version);
	}
	return err;
}

/* A child named in a body: exists in the municipality and its family is
 * the caller's to see; else a 400 naming the field. */
enum rede_err hv_child_parse(struct http_req *req, struct store_conn *c, const json_t *v,
			     int64_t *family_id, char birth[HV_DATE_SIZE], struct http_resp *resp)
{
	struct access_who who = http_who(req);
	enum rede_err err = store_hv_child(c, req->auth.municipality_id, json_integer_value(v),
					   family_id, birth);

	if (!err)
		err = store_access_family(c, &who, *family_id);
	if (err == REDE_E_NOTFOUND) {
		http_field_error(resp, "child_id", "Barnet findes ikke");
		return REDE_OK;
	}
	return err;
}

/* A date that must not lie in the future. */
void hv_not_future(const json_t *b, const char *field, struct http_resp *resp,
		   const char *message_da)
{
	int32_t d = hv_date(b, field);

	if (d != NO_DATE && d > rede_today())
		http_field_error(resp, field, message_da);
}

enum rede_err hv_visitor_parse(struct store_conn *c, int64_t mid, const json_t *v, int64_t *out,
			       struct http_resp *resp)
{
	bool yes = false;
	enum rede_err err = store_hv_is_health_visitor(c, mid, json_integer_value(v), &yes);

	if (err)
		return err;
	if (!yes)
		http_field_error(
			resp, "health_visitor_id",
			"Medarbejderen findes ikke i kommunen eller er ikke sundhedsplejerske");
	else
		*out = json_integer_value(v);
	return REDE_OK;
}

/* The state of an offer as the enum (HV_OFFER_STATUS__COUNT if unknown). */
enum core_hv_offer_status hv_offer_status(const struct hv_offer_row *o)
{
	return (enum core_hv_offer_status)core_course_name_index(core_hv_offer_status_names,
								 HV_OFFER_STATUS__COUNT, o->status);
}

/* Store a changed offer; a concurrent change answers 412. */
enum rede_err hv_save_offer(struct store_conn *c, struct hv_offer_row *o, struct http_resp *resp,
			    bool *saved)
{
	enum rede_err err = store_hv_offer_update(c, o);

	*saved = false;
	if (err == REDE_E_CONFLICT) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	*saved = !err;
	return err;
}

void hv_channel_parse(const json_t *v, const char *field, char *out, size_t n,
		      struct http_resp *resp)
{
	int k = hv_name_index(core_hv_channel_names, HV_CHANNEL__COUNT, v);

	if (k == HV_CHANNEL__COUNT)
		http_field_error(resp, field, "Vælg letter (brev), phone (telefon) eller sms");
	else
		snprintf(out, n, "%s", core_hv_channel_names[k]);
}
