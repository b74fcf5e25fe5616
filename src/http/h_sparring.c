/*
 * h_sparring.c - faglig sparring (issue 23; seeds 000, 002, 004): the
 * sessions front-line staff record after a meeting, the municipality's
 * list of themes, and the leader's overview per unit and month (sparring
 * hours per staff member against the target, who has had none for a
 * while, training coverage and refreshers due).
 *
 * Access: home pedagogues, health visitors and coordinators record their
 * own sessions (the recorder takes part or led it); a session is seen by
 * its participants, its leader, its recorder and the leaders of a unit a
 * participant belongs to (store/sparring.h). A discussed course is a
 * reference: its family name and note are shown only to a reader the one
 * access rule (store/access.c) lets see the family; other readers learn
 * only how many courses they cannot see. A note may not name the family
 * (a person's name) when a participant may not see it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "http/objects.h"
#include "rede/core.h"
#include "rede/core_course.h"
#include "rede/core_sparring.h"
#include "rede/util.h"
#include "store/cosp.h"
#include "store/enrolments.h"
#include "store/families.h"
#include "store/sparring.h"

/* Staff whose sparring the overview counts. */
#define FRONT_LINE (ROLE_BIT(ROLE_HOME_PEDAGOGUE) | ROLE_BIT(ROLE_HEALTH_VISITOR))

static int32_t today(void)
{
	return rede_today();
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static bool parse_id_query(struct http_req *req, const char *name, int64_t *out,
			   struct http_resp *resp)
{
	const char *s = http_query(req, name);
	char *end = NULL;

	*out = 0;
	if (!s)
		return true;
	*out = strtoll(s, &end, 10);
	if (!*s || *end || *out <= 0) {
		http_field_error(resp, name, "Ugyldigt id");
		return false;
	}
	return true;
}

/* ---- themes ---- */

static json_t *json_theme(const struct sparring_theme_row *r)
{
	return json_pack("{s:I, s:s, s:b, s:b}", "id", (json_int_t)r->id, "name", r->name,
			 "default", r->municipality_id == 0, "retired", r->retired);
}

static int add_theme(const struct sparring_theme_row *r, void *arg)
{
	json_array_append_new(arg, json_theme(r));
	return 0;
}

/* GET /api/v1/sparring/themes[?all=1] */
enum rede_err h_sparring_themes_list(struct http_req *req, struct store_conn *c,
				     struct http_resp *resp)
{
	const char *all = http_query(req, "all");
	json_t *items = json_array();
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "sparring_theme";
	err = store_sparring_theme_each(c, req->auth.municipality_id, all && !strcmp(all, "1"),
					add_theme, items);
	return http_items_answer(resp, items, err);
}

static const struct http_jfield theme_fields[] = {
	{"name", J_STRING, true, SPARRING_NAME_MAX},
	{NULL, 0, false, 0},
};

/* POST /api/v1/sparring/themes (leaders, admins) */
enum rede_err h_sparring_themes_create(struct http_req *req, struct store_conn *c,
				       struct http_resp *resp)
{
	struct sparring_theme_row r;
	enum rede_err err;

	memset(&r, 0, sizeof(r));
	req->audit_entity = "sparring_theme";
	if (!http_json_check(req->body, theme_fields, resp))
		return REDE_OK;
	snprintf(r.name, sizeof(r.name), "%s",
		 json_string_value(json_object_get(req->body, "name")));
	if (!r.name[0]) {
		http_field_error(resp, "name", "Feltet skal udfyldes");
		return REDE_OK;
	}
	err = store_sparring_theme_add(c, req->auth.municipality_id, &r);
	if (err == REDE_E_CONFLICT) {
		http_conflict(resp, "name", "Temaet findes allerede");
		return REDE_OK;
	}
	if (err)
		return err;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)r.id);
	http_json(resp, 201, json_theme(&r));
	return REDE_OK;
}

static const struct http_jfield theme_patch_fields[] = {
	{"retired", J_BOOL, true, 0},
	{NULL, 0, false, 0},
};

/* PATCH /api/v1/sparring/themes/{id} {retired}: the municipality's own
 * themes only (the defaults are everyone's). */
enum rede_err h_sparring_themes_update(struct http_req *req, struct store_conn *c,
				       struct http_resp *resp)
{
	struct sparring_theme_row r = *obj_sparring_theme(req);
	enum rede_err err;

	if (!http_json_check(req->body, theme_patch_fields, resp))
		return REDE_OK;
	if (r.municipality_id == 0) {
		http_problem(resp, 409, "Standardtemaerne kan ikke ændres");
		return REDE_OK;
	}
	r.retired = json_is_true(json_object_get(req->body, "retired"));
	err = store_sparring_theme_retire(c, req->auth.municipality_id, r.id, r.retired);
	if (err)
		return err;
	http_json(resp, 200, json_theme(&r));
	return REDE_OK;
}

/* ---- colleagues ---- */

static int add_colleague(const struct sparring_staff_row *r, void *arg)
{
	json_t *roles = json_array();

	for (int k = 0; k < ROLE__COUNT; k++)
		if (r->roles & ROLE_BIT(k))
			json_array_append_new(roles, json_string(core_role_names[k]));
	json_array_append_new(arg, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)r->user_id,
					     "name", r->display_name, "roles", roles));
	return 0;
}

/* GET /api/v1/sparring/colleagues: who a session can name (names and
 * roles only) */
enum rede_err h_sparring_colleagues(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp)
{
	json_t *items = json_array();
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "user";
	req->audit_detail = xstrdup("sparring colleagues");
	err = store_sparring_colleagues(c, req->auth.municipality_id, add_colleague, items);
	return http_items_answer(resp, items, err);
}

/* ---- sessions ---- */

/* The reader's view of a session: names of participants and themes, and
 * each discussed course as far as the access rule lets the reader see
 * the family. */
static enum rede_err json_session(struct store_conn *c, const struct access_who *who,
				  const struct sparring_row *r, json_t **out)
{
	json_t *people = json_array(), *themes = json_array(), *cases = json_array();
	int hidden = 0;
	char *name = NULL;
	enum rede_err err = REDE_OK;

	*out = NULL;
	for (size_t i = 0; !err && i < r->nparticipants; i++) {
		err = store_user_display_name(c, r->participants[i], &name);
		if (!err)
			json_array_append_new(people, json_pack("{s:I, s:s}", "id",
								(json_int_t)r->participants[i],
								"name", name));
		free(name);
		name = NULL;
	}
	for (size_t i = 0; !err && i < r->nthemes; i++) {
		struct sparring_theme_row t;

		err = store_sparring_theme_get(c, r->municipality_id, r->themes[i], &t);
		if (!err)
			json_array_append_new(themes, json_pack("{s:I, s:s}", "id",
								(json_int_t)t.id, "name", t.name));
	}
	for (size_t i = 0; !err && i < r->ncases; i++) {
		int64_t family_id = 0;

		err = store_access_enrolment(c, who, r->cases[i].enrolment_id, &family_id);
		if (err == REDE_E_NOTFOUND) {
			err = REDE_OK;
			hidden++;
			continue;
		}
		if (!err)
			err = store_enrolment_family_name(c, family_id, &name);
		if (!err)
			json_array_append_new(
				cases, json_pack("{s:I, s:I, s:s?, s:o}", "enrolment_id",
						 (json_int_t)r->cases[i].enrolment_id, "family_id",
						 (json_int_t)family_id, "family_name", name, "note",
						 str_or_null(r->cases[i].note)));
		free(name);
		name = NULL;
	}
	if (!err && r->led_by)
		err = store_user_display_name(c, r->led_by, &name);
	if (err) {
		json_decref(people);
		json_decref(themes);
		json_decref(cases);
		free(name);
		return err;
	}
	*out = json_pack("{s:I, s:s, s:I, s:s, s:o, s:o, s:o, s:I, s:o, s:o, s:o, s:i}", "id",
			 (json_int_t)r->id, "held_on", r->held_on, "minutes",
			 (json_int_t)r->minutes, "form", r->form, "led_by",
			 r->led_by ? json_pack("{s:I, s:s}", "id", (json_int_t)r->led_by, "name",
					       name ? name : "")
				   : json_null(),
			 "led_by_name", str_or_null(r->led_by_name), "note", str_or_null(r->note),
			 "recorded_by", (json_int_t)r->recorded_by, "participants", people,
			 "themes", themes, "cases", cases, "cases_hidden", hidden);
	free(name);
	return REDE_OK;
}

static const struct http_jfield session_fields[] = {
	{"held_on", J_DATE, true, 0},
	{"minutes", J_INT, true, 0},
	{"form", J_STRING, true, 23},
	{"participant_ids", J_ARRAY, true, 0},
	{"led_by", J_INT_OR_NULL, false, 0},
	{"led_by_name", J_STRING_OR_NULL, false, SPARRING_NAME_MAX},
	{"theme_ids", J_ARRAY, false, 0},
	{"note", J_STRING_OR_NULL, false, SPARRING_NOTE_MAX},
	{"cases", J_ARRAY, false, 0},
	{NULL, 0, false, 0},
};

/* A user of the municipality who is not disabled: the roles through *roles. */
static enum rede_err staff_user(struct store_conn *c, int64_t municipality_id, int64_t id,
				int64_t *roles)
{
	struct user_row u;
	enum rede_err err;

	user_row_init(&u);
	err = store_user_get(c, municipality_id, id, &u);
	if (!err && (u.disabled_at || u.is_service))
		err = REDE_E_NOTFOUND;
	*roles = u.roles;
	user_row_release(&u);
	return err;
}

struct name_hit {
	const char *note;
	bool hit;
};

static bool names_in(const char *note, const char *name)
{
	/* A name of two letters or fewer would match ordinary words. */
	return name && strlen(name) > 2 && strcasestr(note, name);
}

static int person_named(const struct person_row *p, void *arg)
{
	struct name_hit *h = arg;

	if (names_in(h->note, p->given_name) || names_in(h->note, p->family_name))
		h->hit = true;
	return h->hit;
}

/* Does a note about a family name one of its people while someone who
 * takes part (participant or leader) may not see the family? */
static enum rede_err note_names_family(struct store_conn *c, const struct sparring_row *r,
				       int64_t family_id, const char *note, bool *bad)
{
	struct name_hit h = {note, false};
	bool someone_blind = false;
	enum rede_err err = REDE_OK;

	*bad = false;
	for (size_t i = 0; !err && i <= r->nparticipants && !someone_blind; i++) {
		int64_t uid = i < r->nparticipants ? r->participants[i] : r->led_by, roles = 0;
		struct access_who w;

		if (!uid)
			continue;
		err = staff_user(c, r->municipality_id, uid, &roles);
		if (err)
			return err;
		w.municipality_id = r->municipality_id;
		w.user_id = uid;
		w.roles = roles;
		err = store_access_family(c, &w, family_id);
		if (err == REDE_E_NOTFOUND) {
			someone_blind = true;
			err = REDE_OK;
		}
	}
	if (err || !someone_blind)
		return err;
	err = store_person_each(c, family_id, person_named, &h);
	*bad = h.hit;
	return err;
}

static size_t text_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void parse_cases(struct store_conn *c, const struct access_who *who, const json_t *arr,
			struct sparring_row *r, struct http_resp *resp, enum rede_err *err)
{
	size_t i;
	json_t *v;

	if (!arr)
		return;
	if (json_array_size(arr) > SPARRING_MAX_CASES) {
		http_field_error(resp, "cases", "Højst 12 forløb pr. sparring");
		return;
	}
	json_array_foreach(arr, i, v)
	{
		const json_t *id = json_object_get(v, "enrolment_id"),
			     *note = json_object_get(v, "note");
		struct sparring_case_row *k = &r->cases[r->ncases];
		int64_t family_id = 0;
		bool bad = false;

		if (!json_is_object(v) || !json_is_integer(id) || json_integer_value(id) <= 0 ||
		    (note && !json_is_null(note) && !json_is_string(note)) ||
		    json_object_size(v) != (note ? 2u : 1u)) {
			http_field_error(resp, "cases",
					 "Hvert forløb er {enrolment_id, note}; noten må udelades");
			return;
		}
		if (note && json_is_string(note) &&
		    text_chars(json_string_value(note)) > SPARRING_CASE_NOTE_MAX) {
			http_field_error(resp, "cases", "Noten er for lang (højst 500 tegn)");
			return;
		}
		for (size_t j = 0; j < r->ncases; j++)
			if (r->cases[j].enrolment_id == json_integer_value(id)) {
				http_field_error(resp, "cases", "Det samme forløb står to gange");
				return;
			}
		k->enrolment_id = json_integer_value(id);
		if (note && json_is_string(note))
			snprintf(k->note, sizeof(k->note), "%s", json_string_value(note));
		*err = store_access_enrolment(c, who, k->enrolment_id, &family_id);
		if (*err == REDE_E_NOTFOUND) {
			*err = REDE_OK;
			http_field_error(resp, "cases", "Forløbet findes ikke");
			return;
		}
		if (*err)
			return;
		if (k->note[0]) {
			*err = note_names_family(c, r, family_id, k->note, &bad);
			if (*err)
				return;
			if (bad) {
				http_field_error(resp, "cases",
						 "Noten må ikke nævne familien, når ikke alle "
						 "deltagere må se den");
				return;
			}
		}
		r->ncases++;
	}
}

/* POST /api/v1/sparring/sessions */
enum rede_err h_sparring_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	const json_t *b = req->body, *v;
	struct sparring_row *r = xcalloc(1, sizeof(*r));
	int32_t d = 0;
	bool self = false;
	json_t *body = NULL;
	enum rede_err err = REDE_OK;

	req->audit_entity = "sparring_session";
	if (!http_json_check(b, session_fields, resp))
		goto out;
	r->municipality_id = req->auth.municipality_id;
	r->recorded_by = req->auth.user_id;
	snprintf(r->held_on, sizeof(r->held_on), "%s",
		 json_string_value(json_object_get(b, "held_on")));
	rede_date_parse(r->held_on, &d);
	if (d > today())
		http_field_error(resp, "held_on", "Sparringen registreres, når den er holdt");
	r->minutes = json_integer_value(json_object_get(b, "minutes"));
	if (r->minutes < 1 || r->minutes > SPARRING_MAX_MINUTES)
		http_field_error(resp, "minutes", "Angiv varigheden i minutter (1-600)");
	snprintf(r->form, sizeof(r->form), "%s", json_string_value(json_object_get(b, "form")));
	if (core_sparring_form_parse(r->form) == SPARRING_FORM__COUNT)
		http_field_error(resp, "form",
				 "Vælg individual, group, ppr, health_visiting, "
				 "family_department eller leader");
	if ((v = json_object_get(b, "led_by")) && json_is_integer(v))
		r->led_by = json_integer_value(v);
	if ((v = json_object_get(b, "led_by_name")) && json_is_string(v))
		snprintf(r->led_by_name, sizeof(r->led_by_name), "%s", json_string_value(v));
	if ((v = json_object_get(b, "note")) && json_is_string(v))
		snprintf(r->note, sizeof(r->note), "%s", json_string_value(v));
	if (r->led_by && r->led_by_name[0])
		http_field_error(resp, "led_by_name",
				 "Angiv enten en kollega eller et navn som leder, ikke begge");
	if (!http_id_list(json_object_get(b, "participant_ids"), "participant_ids", r->participants,
			  SPARRING_MAX_PARTICIPANTS, &r->nparticipants, resp))
		goto out;
	if (!r->nparticipants)
		http_field_error(resp, "participant_ids", "Angiv mindst én deltager");
	for (size_t i = 0; i < r->nparticipants; i++) {
		int64_t roles = 0;

		self = self || r->participants[i] == req->auth.user_id;
		if (r->participants[i] == r->led_by)
			http_field_error(resp, "led_by", "Lederen står også som deltager");
		err = staff_user(c, r->municipality_id, r->participants[i], &roles);
		if (err == REDE_E_NOTFOUND) {
			err = REDE_OK;
			http_field_error(resp, "participant_ids",
					 "Vælg deltagere blandt kollegerne");
			break;
		}
		if (err)
			goto out;
	}
	if (r->led_by) {
		int64_t roles = 0;

		self = self || r->led_by == req->auth.user_id;
		err = staff_user(c, r->municipality_id, r->led_by, &roles);
		if (err == REDE_E_NOTFOUND) {
			err = REDE_OK;
			http_field_error(resp, "led_by", "Vælg lederen blandt kollegerne");
		}
		if (err)
			goto out;
	}
	if (r->nparticipants && !self)
		http_field_error(resp, "participant_ids",
				 "Du registrerer din egen sparring: du deltager eller leder den");
	if (!http_id_list(json_object_get(b, "theme_ids"), "theme_ids", r->themes,
			  SPARRING_MAX_THEMES, &r->nthemes, resp))
		goto out;
	for (size_t i = 0; i < r->nthemes; i++) {
		struct sparring_theme_row t;

		err = store_sparring_theme_get(c, r->municipality_id, r->themes[i], &t);
		if (err == REDE_E_NOTFOUND || (!err && t.retired)) {
			err = REDE_OK;
			http_field_error(resp, "theme_ids", "Vælg temaer fra listen");
			break;
		}
		if (err)
			goto out;
	}
	if (resp->status)
		goto out;
	parse_cases(c, &who, json_object_get(b, "cases"), r, resp, &err);
	if (err || resp->status)
		goto out;
	err = store_sparring_insert(c, r);
	if (!err)
		err = json_session(c, &who, r, &body);
	if (err)
		goto out;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)r->id);
	http_json(resp, 201, body);
	resp->location = xasprintf("/api/v1/sparring/sessions/%lld", (long long)r->id);
out:
	free(r);
	return err;
}

/* GET /api/v1/sparring/sessions/{id} */
enum rede_err h_sparring_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	json_t *body = NULL;
	enum rede_err err = json_session(c, &who, obj_sparring_session(req), &body);

	if (!err)
		http_json(resp, 200, body);
	return err;
}

static bool date_query(struct http_req *req, const char *name, char out[11], struct http_resp *resp)
{
	const char *s = http_query(req, name);
	int32_t d;

	out[0] = 0;
	if (!s)
		return true;
	if (!rede_date_parse(s, &d)) {
		http_field_error(resp, name, "Ugyldig dato (ÅÅÅÅ-MM-DD)");
		return false;
	}
	snprintf(out, 11, "%s", s);
	return true;
}

/* GET /api/v1/sparring/sessions?from=&to=&user_id= */
enum rede_err h_sparring_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	char from[11], to[11];
	int64_t user_id = 0;
	int64_t *ids = xcalloc(SPARRING_LIST_MAX, sizeof(*ids));
	struct sparring_row *r = xcalloc(1, sizeof(*r));
	json_t *items = json_array(), *o;
	size_t n = 0;
	enum rede_err err = REDE_OK;

	req->audit_action = "search";
	req->audit_entity = "sparring_session";
	if (!date_query(req, "from", from, resp) || !date_query(req, "to", to, resp) ||
	    !parse_id_query(req, "user_id", &user_id, resp))
		goto out;
	err = store_sparring_ids(c, &who, from, to, user_id, ids, SPARRING_LIST_MAX, &n);
	for (size_t i = 0; !err && i < n; i++) {
		err = store_sparring_get(c, req->auth.municipality_id, ids[i], r);
		if (!err)
			err = json_session(c, &who, r, &o);
		if (!err)
			json_array_append_new(items, o);
	}
	if (err)
		goto out;
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	items = NULL;
out:
	json_decref(items);
	free(ids);
	free(r);
	return err;
}

/* ---- the leader's overview ---- */

struct overview_acc {
	struct store_conn *c;
	int64_t municipality_id;
	const struct core_sparring_params *p;
	char from[11], to[11];
	int32_t upto; /* the last day counted (month end or today) */
	int64_t target;
	json_t *staff;
	int nstaff, met, flagged, refresher_due;
	int holding[TRAINING_KIND__COUNT];
	enum rede_err err;
};

struct training_acc {
	struct overview_acc *o;
	json_t *items;
	bool held[TRAINING_KIND__COUNT];
	int due;
};

static int add_training(const struct competence_row *r, void *arg)
{
	struct training_acc *t = arg;
	int k = core_training_kind_parse(r->competence);
	int64_t months = 0;
	int32_t done = CORE_NO_DATE, due;
	char due_s[11] = "";

	t->o->err = store_training_refresher_months(t->o->c, t->o->municipality_id, r->competence,
						    &months);
	if (t->o->err)
		return 1;
	if (!rede_date_parse(r->ended_on[0] ? r->ended_on : r->obtained_on, &done))
		done = CORE_NO_DATE;
	due = core_training_refresher_due(done, months);
	if (due != CORE_NO_DATE)
		rede_date_format(due, due_s);
	if (k < TRAINING_KIND__COUNT)
		t->held[k] = true;
	if (due != CORE_NO_DATE && due <= t->o->upto)
		t->due++;
	json_array_append_new(t->items,
			      json_pack("{s:s, s:o, s:s, s:o, s:b}", "competence", r->competence,
					"name", str_or_null(r->name), "obtained_on", r->obtained_on,
					"refresher_due_on", str_or_null(due_s), "refresher_due",
					due != CORE_NO_DATE && due <= t->o->upto));
	return 0;
}

static int add_staff(const struct sparring_staff_row *s, void *arg)
{
	struct overview_acc *o = arg;
	struct training_acc t = {o, json_array(), {false}, 0};
	int64_t sessions = 0, minutes = 0;
	char last[11], upto[11];
	int32_t last_d = CORE_NO_DATE;
	bool flagged;

	rede_date_format(o->upto, upto);
	o->err = store_sparring_user_minutes(o->c, s->user_id, o->from, o->to, &sessions, &minutes);
	if (!o->err)
		o->err = store_sparring_user_last(o->c, s->user_id, upto, last);
	if (!o->err)
		o->err = store_competence_each(o->c, o->municipality_id, s->user_id, add_training,
					       &t);
	if (o->err) {
		json_decref(t.items);
		return 1;
	}
	if (!last[0] || !rede_date_parse(last, &last_d))
		last_d = CORE_NO_DATE;
	flagged = core_sparring_flagged(o->p, last_d, (int32_t)(s->created_at / 86400), o->upto);
	o->nstaff++;
	o->met += minutes >= o->target;
	o->flagged += flagged;
	o->refresher_due += t.due > 0;
	for (int k = 0; k < TRAINING_KIND__COUNT; k++)
		o->holding[k] += t.held[k];
	json_array_append_new(
		o->staff,
		json_pack("{s:I, s:s, s:I, s:I, s:I, s:b, s:o, s:o, s:b, s:o, s:i}", "user_id",
			  (json_int_t)s->user_id, "name", s->display_name, "sessions",
			  (json_int_t)sessions, "minutes", (json_int_t)minutes, "target_minutes",
			  (json_int_t)o->target, "target_met", minutes >= o->target,
			  "last_sparring_on", str_or_null(last), "weeks_since",
			  last_d != CORE_NO_DATE ? json_integer((o->upto - last_d) / 7)
						 : json_null(),
			  "flagged", flagged, "trainings", t.items, "refreshers_due", t.due));
	return 0;
}

struct units_acc {
	json_t *items;
	int64_t first;
};

static int add_unit(int64_t unit_id, const char *name, void *arg)
{
	struct units_acc *a = arg;

	if (!a->first)
		a->first = unit_id;
	json_array_append_new(a->items, json_pack("{s:I, s:s}", "id", (json_int_t)unit_id, "name",
						  name ? name : ""));
	return 0;
}

/* GET /api/v1/sparring/overview?unit_id=&month=YYYY-MM (leaders, of their
 * own units; without unit_id the first of them) */
enum rede_err h_sparring_overview(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp)
{
	const char *month = http_query(req, "month");
	struct core_sparring_params p;
	struct overview_acc o;
	json_t *coverage;
	int64_t unit_id = 0;
	int32_t first, last, now = today();
	int y = 0, m = 0;
	char mbuf[8];
	bool member = false;
	struct units_acc units = {json_array(), 0};
	enum rede_err err;

	memset(&o, 0, sizeof(o));
	req->audit_action = "read";
	req->audit_entity = "sparring_overview";
	if (!parse_id_query(req, "unit_id", &unit_id, resp)) {
		json_decref(units.items);
		return REDE_OK;
	}
	err = store_sparring_member_units(c, req->auth.user_id, add_unit, &units);
	if (err) {
		json_decref(units.items);
		return err;
	}
	if (!unit_id)
		unit_id = units.first;
	if (!unit_id) {
		json_decref(units.items);
		http_field_error(resp, "unit_id", "Du er ikke knyttet til en enhed");
		return REDE_OK;
	}
	if (month) {
		char tail = 0;
		if (strlen(month) != 7 || sscanf(month, "%4d-%2d%c", &y, &m, &tail) != 2 ||
		    !rede_date_valid(y, m, 1)) {
			http_field_error(resp, "month", "Angiv måneden som ÅÅÅÅ-MM");
			goto bad;
		}
	} else {
		char d[11];
		rede_date_format(now, d);
		sscanf(d, "%4d-%2d", &y, &m);
	}
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)unit_id);
	err = store_sparring_unit_member(c, req->auth.user_id, unit_id, &member);
	if (err)
		goto fail;
	if (!member) {
		http_not_found(resp);
		goto bad;
	}
	err = store_sparring_params(c, req->auth.municipality_id, &p);
	if (err)
		goto fail;
	first = rede_days_from_civil(y, m, 1);
	last = rede_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	if (first > now) {
		http_field_error(resp, "month", "Måneden er ikke begyndt endnu");
		goto bad;
	}
	o.c = c;
	o.municipality_id = req->auth.municipality_id;
	o.p = &p;
	o.upto = last < now ? last : now;
	rede_date_format(first, o.from);
	rede_date_format(o.upto, o.to);
	o.target = core_sparring_target(&p, (int64_t)o.upto - first + 1);
	o.staff = json_array();
	err = store_sparring_unit_staff(c, req->auth.municipality_id, unit_id, FRONT_LINE,
					add_staff, &o);
	if (!err)
		err = o.err;
	if (err) {
		json_decref(o.staff);
		goto fail;
	}
	coverage = json_array();
	for (int k = 0; k < TRAINING_KIND__COUNT; k++)
		json_array_append_new(coverage, json_pack("{s:s, s:i}", "competence",
							  core_training_kind_names[k], "staff",
							  o.holding[k]));
	snprintf(mbuf, sizeof(mbuf), "%04d-%02d", y, m);
	http_json(resp, 200,
		  json_pack("{s:I, s:s, s:s, s:s, s:{s:I, s:I, s:I, s:I}, s:{s:i, s:i, s:i, s:i}, "
			    "s:o, s:o}",
			    "unit_id", (json_int_t)unit_id, "month", mbuf, "from", o.from, "to",
			    o.to, "rule", "target_minutes", (json_int_t)p.target_minutes,
			    "target_period_days", (json_int_t)p.target_period_days, "flag_weeks",
			    (json_int_t)p.flag_weeks, "period_target_minutes", (json_int_t)o.target,
			    "totals", "staff", o.nstaff, "target_met", o.met, "flagged", o.flagged,
			    "refresher_due", o.refresher_due, "training_coverage", coverage,
			    "staff", o.staff));
	json_object_set_new(resp->json, "units", units.items);
	return REDE_OK;
bad:
	json_decref(units.items);
	return REDE_OK;
fail:
	json_decref(units.items);
	return err;
}
