/*
 * h_health_visits.c - the extra health-visitor home visits at 1½ and 3
 * years (DOMAIN §1.2, seed 003) over HTTP: the records behind the fixed
 * selection criteria, the list of children due for an offer in a period
 * (each with the criterion that applied), offers with their contact
 * attempts and the family's answer, and the visit itself (topics,
 * materials, referrals on, the parent's rating). Also the helpers the
 * materials and toy-box handlers share (h_health_visit.h).
 *
 * Rules enforced here with the core (rede/core_health_visit.h):
 *   - an offer needs a child who meets one of the municipality's enabled
 *     criteria on the offer date (409), dated within the programme's age
 *     window or up to offer_lead_days before it (400), once per child and
 *     programme (409);
 *   - the answer follows the offer's state machine; "never reached" only
 *     after never_reached_attempts unreached attempts (409);
 *   - a visit is recorded once, for an accepted offer (409).
 * Every offer and visit is read through the access rule: another
 * municipality's, or one the caller may not see, is 404. Only the offer's
 * health visitor changes it (403).
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

#define NO_DATE         INT32_MIN

/* ---- shared helpers (h_health_visit.h) ---- */

void hv_bad(struct http_resp *resp, const char *field, const char *message_da)
{
	http_field_error(resp, field, message_da);
}

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

enum rede_err hv_json_user(struct store_conn *c, int64_t user_id, json_t **out)
{
	char *name = NULL;
	enum rede_err err;

	*out = json_null();
	if (!user_id)
		return REDE_OK;
	err = store_user_display_name(c, user_id, &name);
	if (!err && name) {
		json_decref(*out);
		*out = json_pack("{s:I, s:s}", "id", (json_int_t)user_id, "display_name", name);
	}
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

static int name_index(const char *const *names, int count, const json_t *v)
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

static enum rede_err json_visit(struct store_conn *c, const struct hv_visit_row *v, json_t **out)
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
	    json_topics(v->topics), "topic_other", hv_json_str(v->topic_other), "materials", mats,
	    "referral_within", v->referral_within, "referral_within_to",
	    hv_json_str(v->referral_within_to), "referral_outside", v->referral_outside,
	    "referral_outside_to", hv_json_str(v->referral_outside_to), "parent_rating",
	    v->parent_rating < 0 ? json_null() : json_integer(v->parent_rating), "note",
	    hv_json_str(v->note));
	return REDE_OK;
}

enum rede_err hv_json_offer(struct store_conn *c, const struct hv_offer_row *o,
                            const struct core_hv_params *p, bool full, json_t **out)
{
	struct family_row fam;
	struct hv_visit_row v;
	json_t *o_json = NULL, *who = NULL, *attempts = NULL, *visit = NULL;
	int64_t failed = 0, fam_id = 0;
	char birth[HV_DATE_SIZE], wfrom[HV_DATE_SIZE] = "", wto[HV_DATE_SIZE] = "";
	int prog =
	    core_course_name_index(core_hv_programme_names, HV_PROGRAMME__COUNT, o->programme);
	enum rede_err err;

	memset(&fam, 0, sizeof(fam));
	hv_visit_row_init(&v);
	err = store_family_get(c, o->municipality_id, o->family_id, &fam);
	if (!err)
		err = hv_json_user(c, o->health_visitor_id, &who);
	if (!err)
		err = store_hv_attempts_failed(c, o->id, &failed);
	if (!err)
		err = store_hv_child(c, o->municipality_id, o->child_id, &fam_id, birth);
	if (err)
		goto out;
	if (birth[0] && prog < HV_PROGRAMME__COUNT) {
		int32_t open, close;

		core_hv_window(p, (enum core_hv_programme)prog, hv_text_date(birth), &open, &close);
		rede_date_format(open, wfrom);
		rede_date_format(close - 1, wto);
	}
	err = store_hv_visit_by_offer(c, o->id, &v);
	if (err == REDE_E_NOTFOUND) {
		v.id = 0;
		err = REDE_OK;
	}
	if (err)
		goto out;
	o_json = json_pack(
	    "{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:s, s:o, s:o, s:o, s:I, "
	    "s:I, s:o, s:o, s:o, s:I}",
	    "id", (json_int_t)o->id, "family_id", (json_int_t)o->family_id, "family_name", fam.name,
	    "child_id", (json_int_t)o->child_id, "programme", o->programme, "criterion",
	    o->criterion, "offered_on", o->offered_on, "channel", o->channel, "social_measures",
	    o->social_measures, "health_visitor", who, "unit_id",
	    o->unit_id ? json_integer(o->unit_id) : json_null(), "status", o->status, "answered_on",
	    hv_json_date(o->answered_on), "decline_reason", hv_json_date(o->decline_reason),
	    "decline_text", hv_json_str(o->decline_text), "failed_attempts", (json_int_t)failed,
	    "attempts_left_before_never_reached", (json_int_t)core_hv_attempts_left(p, failed),
	    "window_from", hv_json_date(wfrom), "window_to", hv_json_date(wto), "visit_id",
	    v.id ? json_integer(v.id) : json_null(), "version", (json_int_t)o->version);
	who = NULL;
	if (full) {
		attempts = json_array();
		err = store_hv_attempt_each(c, o->id, add_attempt, attempts);
		if (!err && v.id)
			err = json_visit(c, &v, &visit);
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

/* Answer with the full offer and its ETag. */
static enum rede_err answer_offer(struct http_req *req, struct store_conn *c,
                                  const struct hv_offer_row *o, int status, struct http_resp *resp)
{
	struct core_hv_params p;
	json_t *body = NULL;
	enum rede_err err = store_hv_params(c, req->auth.municipality_id, &p);

	if (!err)
		err = hv_json_offer(c, o, &p, true, &body);
	if (!err) {
		http_json(resp, status, body);
		http_set_etag(resp, "hv_offer", o->id, o->version);
	}
	return err;
}

/* A child named in a body: exists in the municipality and its family is
 * the caller's to see; else a 400 naming the field. */
static enum rede_err child_parse(struct http_req *req, struct store_conn *c, const json_t *v,
                                 int64_t *family_id, char birth[HV_DATE_SIZE],
                                 struct http_resp *resp)
{
	struct access_who who = http_who(req);
	enum rede_err err =
	    store_hv_child(c, req->auth.municipality_id, json_integer_value(v), family_id, birth);

	if (!err)
		err = store_access_family(c, &who, *family_id);
	if (err == REDE_E_NOTFOUND) {
		hv_bad(resp, "child_id", "Barnet findes ikke");
		return REDE_OK;
	}
	return err;
}

/* A date that must not lie in the future. */
static void not_future(const json_t *b, const char *field, struct http_resp *resp,
                       const char *message_da)
{
	int32_t d = hv_date(b, field);

	if (d != NO_DATE && d > rede_today())
		hv_bad(resp, field, message_da);
}

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
	err = child_parse(req, c, json_object_get(b, "child_id"), &r.family_id, birth, resp);
	if (err)
		goto out;
	r.municipality_id = req->auth.municipality_id;
	r.child_id = json_integer_value(json_object_get(b, "child_id"));
	r.recorded_by = req->auth.user_id;
	kind = name_index(core_hv_criterion_names, HV_CRITERION__COUNT, json_object_get(b, "kind"));
	if (kind == HV_CRITERION__COUNT)
		hv_bad(resp, "kind",
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
			hv_bad(resp, "topi", "Angiv TOPI-placeringen: green, yellow eller red");
		else
			snprintf(r.topi, sizeof(r.topi), "%s", core_hv_topi_names[t + 1]);
	} else if (v && !json_is_null(v)) {
		hv_bad(resp, "topi", "TOPI-placering hører kun til en TOPI-registrering");
	}
	v = json_object_get(b, "visit_count");
	if (kind == HV_CRIT_FIRST_YEAR_VISITS) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > HV_FIRST_YEAR_VISITS_MAX)
			hv_bad(resp, "visit_count",
			       "Angiv antal sundhedsplejebesøg i første leveår (0-366)");
		else
			r.visit_count = json_integer_value(v);
	} else if (v && !json_is_null(v)) {
		hv_bad(resp, "visit_count",
		       "Antal besøg hører kun til en registrering af besøg i første leveår");
	}
	not_future(b, "recorded_on", resp, "Datoen ligger i fremtiden");
	if (hv_failed(resp))
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
		hv_bad(resp, "child_id", "Angiv barnets id");
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
	if (err) {
		json_decref(items);
		return err;
	}
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return REDE_OK;
}

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
	json_array_append_new(
	    a->items, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "child_id",
	                        (json_int_t)r->child_id, "family_id", (json_int_t)r->family_id,
	                        "family_name", r->family_name, "child_name", r->child_name,
	                        "birth_date", r->birth_date, "window_from", wfrom, "window_to", wto,
	                        "criterion", core_hv_criterion_names[applied], "criterion_label",
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
		hv_bad(resp, "programme",
		       "Vælg visit_1_5y (1½-års-besøg) eller visit_3y (3-års-besøg)");
	if (!from_s || !rede_date_parse(from_s, &a.from))
		hv_bad(resp, "from", "Angiv periodens første dag (ÅÅÅÅ-MM-DD)");
	if (!to_s || !rede_date_parse(to_s, &a.to))
		hv_bad(resp, "to", "Angiv periodens sidste dag (ÅÅÅÅ-MM-DD)");
	else if (!hv_failed(resp) && a.to < a.from)
		hv_bad(resp, "to", "Periodens sidste dag ligger før den første");
	else if (!hv_failed(resp) && a.to - a.from >= HV_DUE_PERIOD_MAX_DAYS)
		hv_bad(resp, "to", "Perioden må højst være to år");
	if (hv_failed(resp))
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

/* ---- offers: shared parsing ---- */

static void channel_parse(const json_t *v, const char *field, char *out, size_t n,
                          struct http_resp *resp)
{
	int k = name_index(core_hv_channel_names, HV_CHANNEL__COUNT, v);

	if (k == HV_CHANNEL__COUNT)
		hv_bad(resp, field, "Vælg letter (brev), phone (telefon) eller sms");
	else
		snprintf(out, n, "%s", core_hv_channel_names[k]);
}

static enum rede_err visitor_parse(struct store_conn *c, int64_t mid, const json_t *v, int64_t *out,
                                   struct http_resp *resp)
{
	bool yes = false;
	enum rede_err err = store_hv_is_health_visitor(c, mid, json_integer_value(v), &yes);

	if (err)
		return err;
	if (!yes)
		hv_bad(resp, "health_visitor_id",
		       "Medarbejderen findes ikke i kommunen eller er ikke sundhedsplejerske");
	else
		*out = json_integer_value(v);
	return REDE_OK;
}

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
		hv_bad(resp, "unit_id", "Enheden findes ikke");
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
		hv_bad(resp, "offered_on", msg);
		break;
	case HV_OFFER_DATE_TOO_LATE:
		snprintf(msg, sizeof(msg),
		         "Barnet er ude af aldersvinduet for %s: tilbuddet skulle gives senest %s",
		         core_hv_programme_labels_da[prog], b);
		hv_bad(resp, "offered_on", msg);
		break;
	default:
		break;
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
		err =
		    child_parse(req, c, json_object_get(b, "child_id"), &o.family_id, birth, resp);
	if (err)
		goto out;
	o.municipality_id = req->auth.municipality_id;
	o.child_id = json_integer_value(json_object_get(b, "child_id"));
	o.created_by = req->auth.user_id;
	o.health_visitor_id = req->auth.user_id;
	if (!hv_failed(resp) && !birth[0])
		hv_bad(resp, "child_id", "Barnet er ikke født endnu (ingen fødselsdato)");
	prog = name_index(core_hv_programme_names, HV_PROGRAMME__COUNT,
	                  json_object_get(b, "programme"));
	if (prog == HV_PROGRAMME__COUNT)
		hv_bad(resp, "programme",
		       "Vælg visit_1_5y (1½-års-besøg) eller visit_3y (3-års-besøg)");
	else
		snprintf(o.programme, sizeof(o.programme), "%s", core_hv_programme_names[prog]);
	channel_parse(json_object_get(b, "channel"), "channel", o.channel, sizeof(o.channel), resp);
	o.social_measures = json_is_true(json_object_get(b, "social_measures"));
	not_future(b, "offered_on", resp, "Tilbuddet kan først registreres, når det er givet");
	snprintf(o.offered_on, sizeof(o.offered_on), "%s",
	         json_string_value(json_object_get(b, "offered_on")));
	if ((v = json_object_get(b, "health_visitor_id")))
		err = visitor_parse(c, o.municipality_id, v, &o.health_visitor_id, resp);
	if (!err)
		err = unit_parse(c, o.municipality_id, json_object_get(b, "unit_id"), &o.unit_id,
		                 resp);
	if (err)
		goto out;
	if (prog != HV_PROGRAMME__COUNT)
		offer_date_check(&p, (enum core_hv_programme)prog, birth, hv_date(b, "offered_on"),
		                 resp);
	if (hv_failed(resp))
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
	err = answer_offer(req, c, &o, 201, resp);
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
		hv_bad(resp, "programme", "Vælg visit_1_5y eller visit_3y");
	if (status && core_course_name_index(core_hv_offer_status_names, HV_OFFER_STATUS__COUNT,
	                                     status) == HV_OFFER_STATUS__COUNT)
		hv_bad(resp, "status",
		       "Vælg offered, accepted, declined, never_reached eller visited");
	if (hv_failed(resp))
		return REDE_OK;
	req->audit_detail = xasprintf("mine=%d programme=%s status=%s", only_mine ? 1 : 0,
	                              prog ? prog : "any", status ? status : "any");
	err = store_hv_params(c, req->auth.municipality_id, &p);
	if (err)
		return err;
	a.items = json_array();
	err = store_hv_offer_each(c, &who, only_mine, prog, status, add_offer, &a);
	if (!err)
		err = a.err;
	if (err) {
		json_decref(a.items);
		return err;
	}
	http_json(resp, 200, json_pack("{s:o}", "items", a.items));
	return REDE_OK;
}

/* ---- GET /api/v1/health-visits/offers/{id} ---- */

enum rede_err h_hv_offers_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	return answer_offer(req, c, obj_hv_offer(req), 200, resp);
}

/* The state of an offer as the enum (HV_OFFER_STATUS__COUNT if unknown). */
static enum core_hv_offer_status offer_status(const struct hv_offer_row *o)
{
	return (enum core_hv_offer_status)core_course_name_index(core_hv_offer_status_names,
	                                                         HV_OFFER_STATUS__COUNT, o->status);
}

/* Store a changed offer; a concurrent change answers 412. */
static enum rede_err save_offer(struct store_conn *c, struct hv_offer_row *o,
                                struct http_resp *resp, bool *saved)
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

		not_future(b, "offered_on", resp, "Tilbuddet kan ikke dateres i fremtiden");
		snprintf(o->offered_on, sizeof(o->offered_on), "%s", json_string_value(v));
		if (prog < HV_PROGRAMME__COUNT)
			offer_date_check(&p, (enum core_hv_programme)prog, birth,
			                 hv_text_date(o->offered_on), resp);
		if ((o->answered_on[0] && strcmp(o->offered_on, o->answered_on) > 0) ||
		    (first.on[0] && strcmp(o->offered_on, first.on) > 0))
			hv_bad(
			    resp, "offered_on",
			    "Tilbudsdatoen ligger efter et registreret kontaktforsøg eller svar");
	}
	if ((v = json_object_get(b, "channel")))
		channel_parse(v, "channel", o->channel, sizeof(o->channel), resp);
	if ((v = json_object_get(b, "social_measures")))
		o->social_measures = json_is_true(v);
	if ((v = json_object_get(b, "health_visitor_id")))
		err = visitor_parse(c, o->municipality_id, v, &o->health_visitor_id, resp);
	if (!err && json_object_get(b, "unit_id"))
		err = unit_parse(c, o->municipality_id, json_object_get(b, "unit_id"), &o->unit_id,
		                 resp);
	if (err || hv_failed(resp))
		goto out;
	st = offer_status(o);
	if (st != HV_OFFERED && st != HV_ACCEPTED) {
		http_problem(resp, 409, "Tilbuddet er afsluttet");
		http_problem_field(
		    resp, "status",
		    "Et tilbud, der er afslået, ikke nået eller gennemført, kan ikke "
		    "ændres");
		goto out;
	}
	err = save_offer(c, o, resp, &saved);
	if (!err && saved)
		err = answer_offer(req, c, o, 200, resp);
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
	err = offer_status(o) == HV_OFFERED ? store_hv_offer_delete(c, o->id, o->version)
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
	channel_parse(json_object_get(b, "channel"), "channel", a.channel, sizeof(a.channel), resp);
	not_future(b, "attempted_on", resp, "Et kontaktforsøg kan ikke dateres i fremtiden");
	snprintf(a.attempted_on, sizeof(a.attempted_on), "%s",
	         json_string_value(json_object_get(b, "attempted_on")));
	if (strcmp(a.attempted_on, o->offered_on) < 0)
		hv_bad(resp, "attempted_on", "Kontaktforsøget ligger før tilbudsdatoen");
	a.reached = json_is_true(json_object_get(b, "reached"));
	v = json_object_get(b, "note");
	if (json_is_string(v) && *json_string_value(v))
		a.note = xstrdup(json_string_value(v));
	if (hv_failed(resp))
		goto out;
	if (core_hv_check_attempt(offer_status(o)) != HV_STEP_OK) {
		http_problem(resp, 409, "Familien har allerede svaret");
		http_problem_field(resp, "status",
		                   "Kontaktforsøg registreres, mens tilbuddet afventer svar");
		goto out;
	}
	a.offer_id = o->id;
	a.recorded_by = req->auth.user_id;
	err = store_hv_attempt_insert(c, &a);
	if (!err)
		err = answer_offer(req, c, o, 201, resp);
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
	ans = name_index(core_hv_answer_names, HV_ANSWER__COUNT, json_object_get(b, "answer"));
	if (ans == HV_ANSWER__COUNT)
		hv_bad(resp, "answer",
		       "Vælg accepted (ja tak), declined (nej tak) eller "
		       "never_reached (ikke truffet)");
	not_future(b, "answered_on", resp, "Svaret kan ikke dateres i fremtiden");
	if (strcmp(json_string_value(json_object_get(b, "answered_on")), o->offered_on) < 0)
		hv_bad(resp, "answered_on", "Svaret ligger før tilbudsdatoen");
	else if (!strcmp(o->status, core_hv_offer_status_names[HV_ACCEPTED]) && o->answered_on[0] &&
	         strcmp(json_string_value(json_object_get(b, "answered_on")), o->answered_on) < 0)
		/* a cancellation follows the yes: the offer's history is in date order */
		hv_bad(resp, "answered_on", "Afbuddet ligger før familiens ja tak");
	v = json_object_get(b, "decline_reason");
	if (ans == HV_ANSWER_DECLINED) {
		reason = name_index(core_hv_decline_names, HV_DECLINE__COUNT, v);
		if (reason == HV_DECLINE__COUNT)
			hv_bad(resp, "decline_reason",
			       "Angiv hvorfor familien takkede nej: fear_of_stigma, "
			       "enough_contact, too_busy eller other");
	} else if (v && !json_is_null(v)) {
		hv_bad(resp, "decline_reason", "En begrundelse hører kun til et nej tak");
	}
	v = json_object_get(b, "decline_text");
	if (reason == HV_DECLINE_OTHER && (!json_is_string(v) || !*json_string_value(v)))
		hv_bad(resp, "decline_text", "Beskriv den anden grund");
	else if (ans != HV_ANSWER_DECLINED && json_is_string(v))
		hv_bad(resp, "decline_text", "En begrundelse hører kun til et nej tak");
	if (hv_failed(resp))
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
	switch (core_hv_check_answer(&p, offer_status(o), (enum core_hv_answer)ans, failed)) {
	case HV_STEP_OK:
		break;
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
	err = save_offer(c, o, resp, &saved);
	if (!err && saved)
		err = answer_offer(req, c, o, 200, resp);
out:
	return err;
}

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
		int k = name_index(core_hv_topic_names, HV_TOPIC__COUNT, t);

		if (k == HV_TOPIC__COUNT) {
			hv_bad(resp, "topics",
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
			hv_bad(resp, "materials", "Ugyldig liste af materialer");
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
			hv_bad(resp, "materials", msg);
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
		hv_bad(resp, to, "Angiv hvad familien er henvist til");
	else if (!*out && has)
		hv_bad(resp, to, "Udfyldes kun, når familien er henvist");
	return *out && has ? xstrdup(json_string_value(v)) : NULL;
}

enum rede_err h_hv_visit_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *v;
	struct hv_offer_row *o = obj_hv_offer(req);
	struct hv_visit_row vis;
	int prog;
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
	not_future(b, "visited_on", resp, "Besøget kan først registreres, når det har fundet sted");
	if (strcmp(vis.visited_on, o->offered_on) < 0 ||
	    (o->answered_on[0] && strcmp(vis.visited_on, o->answered_on) < 0))
		hv_bad(resp, "visited_on", "Besøget ligger før tilbuddet eller familiens svar");
	vis.minutes = json_integer_value(json_object_get(b, "minutes"));
	if (vis.minutes < 1 || vis.minutes > HV_VISIT_MINUTES_MAX)
		hv_bad(resp, "minutes", "Angiv besøgets varighed i minutter (1-1440)");
	topics_parse(json_object_get(b, "topics"), &vis, resp);
	v = json_object_get(b, "topic_other");
	if (strstr(vis.topics, "other") && (!json_is_string(v) || !*json_string_value(v)))
		hv_bad(resp, "topic_other", "Beskriv det andet emne");
	else if (!strstr(vis.topics, "other") && json_is_string(v) && *json_string_value(v))
		hv_bad(resp, "topic_other", "Udfyldes kun, når emnet other er valgt");
	else if (json_is_string(v) && *json_string_value(v))
		vis.topic_other = xstrdup(json_string_value(v));
	vis.referral_within_to =
	    referral_parse(b, "referral_within", "referral_within_to", &vis.referral_within, resp);
	vis.referral_outside_to = referral_parse(b, "referral_outside", "referral_outside_to",
	                                         &vis.referral_outside, resp);
	v = json_object_get(b, "parent_rating");
	if (json_is_integer(v) && !core_hv_rating_valid(json_integer_value(v)))
		hv_bad(resp, "parent_rating",
		       "Vælg 1 (i høj grad), 2 (i nogen grad), 3 (i mindre grad), 4 (slet ikke) "
		       "eller 0 (ved ikke)");
	else if (json_is_integer(v))
		vis.parent_rating = json_integer_value(v);
	v = json_object_get(b, "note");
	if (json_is_string(v) && *json_string_value(v))
		vis.note = xstrdup(json_string_value(v));
	err = REDE_OK;
	if ((v = json_object_get(b, "health_visitor_id")))
		err = visitor_parse(c, o->municipality_id, v, &vis.health_visitor_id, resp);
	if (!err && prog < HV_PROGRAMME__COUNT)
		err = materials_parse(c, o->municipality_id, core_hv_age_group_names[prog],
		                      json_object_get(b, "materials"), &vis, resp);
	if (err || hv_failed(resp))
		goto out;
	if (core_hv_check_visit(offer_status(o)) != HV_STEP_OK) {
		http_problem(resp, 409,
		             offer_status(o) == HV_VISITED ? "Besøget er allerede registreret"
		                                            : "Familien har ikke takket ja");
		http_problem_field(
		    resp, "status",
		    "Et besøg registreres én gang, for et tilbud familien har takket "
		    "ja til");
		goto out;
	}
	if (!http_if_match_ok(req, "hv_offer", o->id, o->version)) {
		http_precondition_failed(resp);
		goto out;
	}
	snprintf(o->status, sizeof(o->status), "%s", core_hv_offer_status_names[HV_VISITED]);
	err = save_offer(c, o, resp, &saved);
	if (!err && saved)
		err = store_hv_visit_insert(c, &vis);
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

		err = json_visit(c, &vis, &j);
		if (err)
			goto out;
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
	enum rede_err err = json_visit(c, obj_hv_visit(req), &j);

	if (err)
		return err;
	json_object_set_new(j, "programme", json_string(o->programme));
	json_object_set_new(j, "family_id", json_integer(o->family_id));
	json_object_set_new(j, "child_id", json_integer(o->child_id));
	http_json(resp, 200, j);
	return REDE_OK;
}
