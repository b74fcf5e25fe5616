/*
 * h_families.c - families (households), their children and guardians, CPR
 * lookup and consents (issue 3, DOMAIN §2).
 *
 * CPR numbers only ever travel in request and answer bodies: validated by
 * core_cpr_parse, stored encrypted with a keyed lookup hash, shown masked
 * ("DDMMYY-xxxx") in every answer; the full number only through the
 * audited reveal endpoint, for the roles whose work needs it. Every
 * family, person and consent is checked with the one access rule
 * (store/access.h): not yours or another municipality's is 404.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/handlers.h"
#include "rede/core.h"
#include "rede/core_family.h"
#include "rede/crypto.h"
#include "rede/util.h"
#include "store/families.h"

/* Never echoes the number: the message only says what a valid one looks like. */
static const char CPR_INVALID_DA[] =
	"CPR-nummeret er ikke gyldigt (DDMMÅÅ-XXXX med en rigtig dato)";

#define NAME_MAX_LEN 100
#define SEARCH_LIMIT 50

static void audit_id(struct http_req *req, const char *entity, int64_t id)
{
	req->audit_entity = entity;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)id);
}

/* "DDMMYY-xxxx" from the birth date the CPR number gave. */
static json_t *masked_cpr(const struct person_row *p)
{
	char out[12];

	if (!p->cpr_box || strlen(p->birth_date) != 10)
		return json_null();
	snprintf(out, sizeof(out), "%.2s%.2s%.2s-xxxx", p->birth_date + 8, p->birth_date + 5,
		 p->birth_date + 2);
	return json_string(out);
}

static json_t *opt_text(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *json_person(const struct person_row *p)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:b}", "id", (json_int_t)p->id,
			      "family_id", (json_int_t)p->family_id, "kind", p->kind, "given_name",
			      p->given_name, "family_name", p->family_name, "cpr", masked_cpr(p),
			      "interpreter_needed", p->interpreter_needed);
	json_object_set_new(o, "birth_date", opt_text(p->birth_date));
	json_object_set_new(o, "expected_birth_date", opt_text(p->expected_birth_date));
	json_object_set_new(o, "phone", opt_text(p->phone));
	json_object_set_new(o, "relation", opt_text(p->relation));
	json_object_set_new(o, "language", opt_text(p->language));
	json_object_set_new(o, "lives_with_child",
			    p->lives_with_child < 0 ? json_null()
						    : json_boolean(p->lives_with_child));
	/* for If-Match when changing the person from a family listing */
	json_object_set_new(
		o, "etag",
		json_sprintf("person-%lld-v%lld", (long long)p->id, (long long)p->version));
	return o;
}

static json_t *json_consent(const struct consent_row *r)
{
	json_t *o =
		json_pack("{s:I, s:s, s:I, s:s}", "id", (json_int_t)r->id, "purpose", r->purpose,
			  "guardian_id", (json_int_t)r->guardian_id, "given_on", r->given_on);
	json_object_set_new(o, "withdrawn_on", opt_text(r->withdrawn_on));
	json_object_set_new(o, "active", json_boolean(!r->withdrawn_on[0]));
	return o;
}

static int add_person(const struct person_row *p, void *arg)
{
	json_array_append_new(arg, json_person(p));
	return 0;
}

static int add_consent(const struct consent_row *r, void *arg)
{
	json_array_append_new(arg, json_consent(r));
	return 0;
}

static json_t *json_date_or_null(const char *d)
{
	return *d ? json_string(d) : json_null();
}

/* The family's referrals and enrolments for its timeline. */
static int add_referral_case(const struct family_case_row *r, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)r->id,
					     "programme", r->programme, "status", r->status,
					     "referred_on", json_date_or_null(r->referred_on)));
	return 0;
}

static int add_enrolment_case(const struct family_case_row *r, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id",
					     (json_int_t)r->id, "programme", r->programme, "status",
					     r->status, "start_on", json_date_or_null(r->start_on),
					     "planned_end_on", json_date_or_null(r->planned_end_on),
					     "closed_on", json_date_or_null(r->closed_on)));
	return 0;
}

static enum rede_err json_family(struct store_conn *c, const struct family_row *f, json_t **out)
{
	json_t *persons = json_array(), *consents = json_array(), *refs = json_array(),
	       *enr = json_array();
	enum rede_err err = store_person_each(c, f->id, add_person, persons);

	if (!err)
		err = store_consent_each(c, f->id, add_consent, consents);
	if (!err)
		err = store_family_referrals(c, f->id, add_referral_case, refs);
	if (!err)
		err = store_family_enrolments(c, f->id, add_enrolment_case, enr);
	*out = json_pack("{s:I, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)f->id, "name", f->name,
			 "persons", persons, "consents", consents, "referrals", refs, "enrolments",
			 enr);
	return err;
}

static const struct http_jfield person_fields[] = {
	{"kind", J_STRING, true, 16},
	{"given_name", J_STRING, true, NAME_MAX_LEN},
	{"family_name", J_STRING, true, NAME_MAX_LEN},
	{"cpr", J_STRING_OR_NULL, false, 11},
	{"expected_birth_date", J_DATE, false, 0},
	{"phone", J_STRING_OR_NULL, false, 30},
	{"relation", J_STRING_OR_NULL, false, 24},
	{"lives_with_child", J_BOOL, false, 0},
	{"language", J_STRING_OR_NULL, false, 40},
	{"interpreter_needed", J_BOOL, false, 0},
	{NULL, 0, false, 0},
};

/* Check one person object (field names prefixed for nested errors) and
 * fill p, encrypting the CPR number. False with field errors on resp. */
static bool person_parse(struct http_req *req, const json_t *o, const char *prefix,
			 struct person_row *p, struct http_resp *resp)
{
	const char *kind, *cpr, *rel;
	char field[64], norm[11];
	int y, m, d;
	json_t *v;

	if (!http_json_check(o, person_fields, resp)) {
		/* http_json_check names the fields without the prefix; good enough
		 * for the top level, and nested ones say which person */
		if (*prefix)
			http_problem_field(resp, prefix, "Fejl i personens oplysninger");
		return false;
	}
	kind = json_string_value(json_object_get(o, "kind"));
	if (core_name_index(person_kind_names, PERSON_KIND__COUNT, kind) == PERSON_KIND__COUNT) {
		snprintf(field, sizeof(field), "%skind", prefix);
		http_field_error(resp, field, "Vælg barn (child) eller forælder/værge (guardian)");
	}
	snprintf(p->kind, sizeof(p->kind), "%s", kind);
	p->given_name = xstrdup(json_string_value(json_object_get(o, "given_name")));
	p->family_name = xstrdup(json_string_value(json_object_get(o, "family_name")));
	if (!*p->given_name || !*p->family_name) {
		snprintf(field, sizeof(field), "%s%s", prefix,
			 *p->given_name ? "family_name" : "given_name");
		http_field_error(resp, field, "Navnet skal udfyldes");
	}
	cpr = json_string_value(json_object_get(o, "cpr"));
	if (cpr && *cpr) {
		char hash[CRYPTO_HASH_HEX];

		if (!core_cpr_parse(cpr, norm, &y, &m, &d)) {
			snprintf(field, sizeof(field), "%scpr", prefix);
			/* never echo the number */
			http_field_error(resp, field, CPR_INVALID_DA);
		} else {
			p->cpr_box = crypto_cpr_encrypt(http_keys(req->srv), norm);
			crypto_cpr_lookup_hash(http_keys(req->srv), norm, hash);
			p->cpr_hash = xstrdup(hash);
			rede_date_format(rede_days_from_civil(y, m, d), p->birth_date);
		}
		memset(norm, 0, sizeof(norm));
	}
	if ((v = json_object_get(o, "expected_birth_date")))
		snprintf(p->expected_birth_date, sizeof(p->expected_birth_date), "%s",
			 json_string_value(v));
	if (!strcmp(p->kind, "child") && !p->cpr_box && !p->expected_birth_date[0] &&
	    !(cpr && *cpr)) {
		snprintf(field, sizeof(field), "%scpr", prefix);
		http_field_error(resp, field,
				 "Et barn skal have CPR-nummer eller forventet fødselsdato");
	}
	rel = json_string_value(json_object_get(o, "relation"));
	if (rel && *rel) {
		if (core_name_index(guardian_relation_names, REL__COUNT, rel) == REL__COUNT) {
			snprintf(field, sizeof(field), "%srelation", prefix);
			http_field_error(resp, field,
					 "Ukendt relation (mother, father, co_mother, "
					 "foster_parent, other)");
		}
		snprintf(p->relation, sizeof(p->relation), "%s", rel);
	}
	p->phone = xstrdup(json_string_value(json_object_get(o, "phone")));
	p->language = xstrdup(json_string_value(json_object_get(o, "language")));
	v = json_object_get(o, "lives_with_child");
	p->lives_with_child = v ? json_is_true(v) : -1;
	p->interpreter_needed = json_is_true(json_object_get(o, "interpreter_needed"));
	return resp->status == 0;
}

static enum rede_err person_insert(struct http_req *req, struct store_conn *c, struct person_row *p,
				   const char *field, struct http_resp *resp)
{
	char full[2 * NAME_MAX_LEN + 2], key[4 * NAME_MAX_LEN + 8];
	enum rede_err err;

	snprintf(full, sizeof(full), "%s %s", p->given_name, p->family_name);
	err = store_person_create(c, req->auth.municipality_id, p,
				  core_search_key(full, key, sizeof(key)));
	if (err == REDE_E_CONFLICT) {
		http_conflict(resp, field,
			      "Personen med dette CPR-nummer er allerede registreret "
			      "- find familien via CPR-opslag");
		return REDE_OK;
	}
	return err;
}

static const struct http_jfield family_fields[] = {
	{"name", J_STRING, true, NAME_MAX_LEN},
	{"persons", J_ARRAY, false, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_families_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body, *arr;
	struct family_row f = {0};
	char key[4 * NAME_MAX_LEN + 8];
	int64_t id;
	size_t i;
	json_t *o, *body;
	enum rede_err err;

	req->audit_entity = "family";
	if (!http_json_check(b, family_fields, resp))
		return REDE_OK;
	const char *name = json_string_value(json_object_get(b, "name"));
	if (!*name) {
		http_field_error(resp, "name", "Feltet skal udfyldes");
		return REDE_OK;
	}
	err = store_family_create(c, req->auth.municipality_id, name,
				  core_search_key(name, key, sizeof(key)), req->auth.user_id, &id);
	if (err)
		return err;
	audit_id(req, "family", id);
	arr = json_object_get(b, "persons");
	json_array_foreach(arr, i, o)
	{
		struct person_row p = {0};
		char prefix[32];

		p.family_id = id;
		snprintf(prefix, sizeof(prefix), "persons[%zu].", i);
		if (person_parse(req, o, prefix, &p, resp))
			err = person_insert(req, c, &p, "persons", resp);
		person_row_release(&p);
		if (err || resp->status)
			return err;
	}
	err = store_family_get(c, req->auth.municipality_id, id, &f);
	if (!err)
		err = json_family(c, &f, &body);
	if (!err) {
		http_json(resp, 201, body);
		http_set_etag(resp, "family", f.id, f.version);
		resp->location = xasprintf("/api/v1/families/%lld", (long long)id);
	}
	family_row_release(&f);
	return err;
}

struct search_acc {
	json_t *items;
	int n;
};

/* Collects up to SEARCH_LIMIT families; one more tells there are more. */
static int add_family(const struct family_row *f, void *arg)
{
	struct search_acc *a = arg;

	if (a->n++ == SEARCH_LIMIT)
		return 1;
	json_array_append_new(a->items,
			      json_pack("{s:I, s:s}", "id", (json_int_t)f->id, "name", f->name));
	return 0;
}

/* A search text holding a CPR number is a CPR look-up (DESIGN §5): the
 * number is hashed with the lookup key and goes no further, the entry on
 * record says "cpr lookup" as POST /persons/lookup's does, and the answer
 * is the family of the person with that number when the caller may see it
 * (the look-up's rules), in the search's shape. */
static enum rede_err search_by_cpr(struct http_req *req, struct store_conn *c, char digits[11],
				   struct http_resp *resp)
{
	struct access_who who = http_who(req);
	struct person_row p = {0};
	struct family_row f = {0};
	char norm[11], hash[CRYPTO_HASH_HEX];
	json_t *items = json_array();
	bool valid = core_cpr_parse(digits, norm, NULL, NULL, NULL);
	enum rede_err err = REDE_OK;

	req->audit_entity = "person";
	free(req->audit_detail);
	req->audit_detail = xstrdup("cpr lookup");
	if (!valid) {
		http_field_error(resp, "q", CPR_INVALID_DA);
		goto out;
	}
	crypto_cpr_lookup_hash(http_keys(req->srv), norm, hash);
	err = store_person_by_cpr_hash(c, req->auth.municipality_id, hash, &p);
	if (!err) {
		audit_id(req, "person", p.id);
		err = store_access_family(c, &who, p.family_id);
	}
	if (!err)
		err = store_family_get(c, req->auth.municipality_id, p.family_id, &f);
	if (!err)
		json_array_append_new(
			items, json_pack("{s:I, s:s}", "id", (json_int_t)f.id, "name", f.name));
	if (err == REDE_E_NOTFOUND)
		err = REDE_OK; /* nobody, or not yours: no hit, as for a name */
	if (!err)
		http_json(resp, 200,
			  json_pack("{s:O, s:b, s:i}", "items", items, "more", 0, "limit",
				    SEARCH_LIMIT));
out:
	json_decref(items);
	family_row_release(&f);
	person_row_release(&p);
	sodium_memzero(norm, sizeof(norm));
	return err;
}

/* GET /api/v1/families?q= - the families whose names (the family's or a
 * member's) have a word starting with each word of q: "han" finds Hansen
 * and Hans Peter, "han pet" only Hans Peter. Case and Danish capitals are
 * folded (core_search_key). A q holding a CPR number is a CPR look-up
 * (search_by_cpr). */
enum rede_err h_families_search(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const char *q = http_query(req, "q");
	struct access_who who = http_who(req);
	char key[4 * NAME_MAX_LEN + 8], digits[11];
	struct search_acc acc = {NULL, 0};
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "family";
	if (!q || strlen(q) < 2 || strlen(q) > NAME_MAX_LEN) {
		http_field_error(resp, "q", "Søg på mindst 2 tegn af et navn");
		return REDE_OK;
	}
	if (core_cpr_find(q, digits)) {
		err = search_by_cpr(req, c, digits, resp);
		sodium_memzero(digits, sizeof(digits));
		return err;
	}
	core_search_key(q, key, sizeof(key));
	/* The criterion belongs in the audit log (DESIGN §5), never in the log
	 * file - but not as a name: the log outlives the people it mentions
	 * (retention deletes them, the chain keeps every entry), so it keeps a
	 * keyed hash of the folded text, which tells whether a given name was
	 * searched for without saying any (issue 18). */
	{
		char *tagged = xasprintf("search:%s", key), hash[CRYPTO_HASH_HEX];
		char cpr[11], shown[17];
		size_t at = 0;

		crypto_cpr_lookup_hash(http_keys(req->srv), tagged, hash);
		/* 16 hex digits of it - the first 16 that hold nothing shaped like
		 * a CPR number, or the audit's CPR net would write them as '#' */
		do {
			snprintf(shown, sizeof(shown), "%.16s", hash + at);
		} while (core_cpr_find(shown, cpr) && (at += 16) + 16 < CRYPTO_HASH_HEX);
		req->audit_detail = xasprintf("name search #%s", shown);
		free(tagged);
	}
	acc.items = json_array();
	err = store_family_search(c, &who, key, SEARCH_LIMIT + 1, add_family, &acc);
	if (err) {
		json_decref(acc.items);
		return err;
	}
	http_json(resp, 200,
		  json_pack("{s:o, s:b, s:i}", "items", acc.items, "more", acc.n > SEARCH_LIMIT,
			    "limit", SEARCH_LIMIT));
	return REDE_OK;
}

enum rede_err h_families_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct family_row *f = obj_family(req);
	struct access_who who = http_who(req);
	json_t *body = NULL;
	bool own = true;
	enum rede_err err = REDE_OK;

	/* a family outside one's caseload is read for a stated purpose */
	if (who.roles & ROLE_BIT(ROLE_COORDINATOR))
		err = store_access_family_own(c, &who, f->id, &own);
	if (!err && !http_purpose(req, http_query(req, "purpose"), !own, resp))
		return REDE_OK;
	if (!err)
		err = json_family(c, f, &body);
	if (!err) {
		http_json(resp, 200, body);
		http_set_etag(resp, "family", f->id, f->version);
	}
	return err;
}

enum rede_err h_families_add_person(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp)
{
	struct family_row *f = obj_family(req);
	struct person_row p = {0};
	enum rede_err err = REDE_OK;

	p.family_id = f->id;
	if (!person_parse(req, req->body, "", &p, resp))
		goto out;
	err = person_insert(req, c, &p, "cpr", resp);
	if (err || resp->status)
		goto out;
	audit_id(req, "person", p.id);
	req->audit_action = "create";
	http_json(resp, 201, json_person(&p));
	http_set_etag(resp, "person", p.id, p.version);
out:
	person_row_release(&p);
	return err;
}

/* If-Match is required for changes: 428 without, 412 when stale. */
static bool if_match_required(struct http_req *req, const char *entity, int64_t id, int64_t version,
			      struct http_resp *resp)
{
	if (!req->if_match) {
		http_problem(resp, 428, "Ændringen mangler If-Match (hent oplysningerne igen)");
		return false;
	}
	if (!http_if_match_ok(req, entity, id, version)) {
		http_precondition_failed(resp);
		return false;
	}
	return true;
}

static const struct http_jfield family_patch_fields[] = {
	{"name", J_STRING, true, NAME_MAX_LEN},
	{NULL, 0, false, 0},
};

enum rede_err h_families_update(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct family_row *f = obj_family(req);
	char key[4 * NAME_MAX_LEN + 8];
	json_t *body;
	enum rede_err err = REDE_OK;

	if (!http_json_check(req->body, family_patch_fields, resp) ||
	    !if_match_required(req, "family", f->id, f->version, resp))
		goto out;
	free(f->name);
	f->name = xstrdup(json_string_value(json_object_get(req->body, "name")));
	if (!*f->name) {
		http_field_error(resp, "name", "Feltet skal udfyldes");
		goto out;
	}
	err = store_family_update(c, f, core_search_key(f->name, key, sizeof(key)));
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_precondition_failed(resp);
		goto out;
	}
	if (!err)
		err = json_family(c, f, &body);
	if (!err) {
		http_json(resp, 200, body);
		http_set_etag(resp, "family", f->id, f->version);
	}
out:
	return err;
}

static const struct http_jfield person_patch_fields[] = {
	{"given_name", J_STRING, false, NAME_MAX_LEN},
	{"family_name", J_STRING, false, NAME_MAX_LEN},
	{"expected_birth_date", J_DATE, false, 0},
	{"phone", J_STRING_OR_NULL, false, 30},
	{"relation", J_STRING_OR_NULL, false, 24},
	{"lives_with_child", J_BOOL, false, 0},
	{"language", J_STRING_OR_NULL, false, 40},
	{"interpreter_needed", J_BOOL, false, 0},
	{NULL, 0, false, 0},
};

static void replace(char **dst, const json_t *v)
{
	free(*dst);
	*dst = xstrdup(json_string_value(v));
}

enum rede_err h_persons_update(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct person_row *p = obj_person(req);
	const json_t *b = req->body;
	char full[2 * NAME_MAX_LEN + 2], key[4 * NAME_MAX_LEN + 8];
	json_t *v;
	enum rede_err err = REDE_OK;

	if (!http_json_check(b, person_patch_fields, resp) ||
	    !if_match_required(req, "person", p->id, p->version, resp))
		goto out;
	if ((v = json_object_get(b, "given_name")))
		replace(&p->given_name, v);
	if ((v = json_object_get(b, "family_name")))
		replace(&p->family_name, v);
	if (!*p->given_name || !*p->family_name)
		http_field_error(resp, *p->given_name ? "family_name" : "given_name",
				 "Navnet skal udfyldes");
	if ((v = json_object_get(b, "expected_birth_date")))
		snprintf(p->expected_birth_date, sizeof(p->expected_birth_date), "%s",
			 json_string_value(v));
	if ((v = json_object_get(b, "phone")))
		replace(&p->phone, v);
	if ((v = json_object_get(b, "language")))
		replace(&p->language, v);
	if ((v = json_object_get(b, "relation"))) {
		const char *rel = json_string_value(v);
		if (rel && core_name_index(guardian_relation_names, REL__COUNT, rel) == REL__COUNT)
			http_field_error(resp, "relation",
					 "Ukendt relation (mother, father, co_mother, "
					 "foster_parent, other)");
		snprintf(p->relation, sizeof(p->relation), "%s", rel ? rel : "");
	}
	if ((v = json_object_get(b, "lives_with_child")))
		p->lives_with_child = json_is_true(v);
	if ((v = json_object_get(b, "interpreter_needed")))
		p->interpreter_needed = json_is_true(v);
	if (resp->status)
		goto out;
	snprintf(full, sizeof(full), "%s %s", p->given_name, p->family_name);
	err = store_person_update(c, p, core_search_key(full, key, sizeof(key)));
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_precondition_failed(resp);
		goto out;
	}
	if (!err) {
		http_json(resp, 200, json_person(p));
		http_set_etag(resp, "person", p->id, p->version);
	}
out:
	return err;
}

static const struct http_jfield lookup_fields[] = {
	{"cpr", J_STRING, true, 11},
	{"purpose", J_STRING, false, 32},
	{NULL, 0, false, 0},
};

enum rede_err h_persons_lookup(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct access_who who = http_who(req);
	struct person_row p = {0};
	char norm[11], hash[CRYPTO_HASH_HEX];
	enum rede_err err = REDE_OK;

	req->audit_action = "search";
	req->audit_entity = "person";
	req->audit_detail = xstrdup("cpr lookup");
	if (!http_json_check(req->body, lookup_fields, resp))
		return REDE_OK;
	/* a look-up by CPR number implies no purpose: the caller gives it */
	http_purpose(req, json_string_value(json_object_get(req->body, "purpose")), true, resp);
	if (!core_cpr_parse(json_string_value(json_object_get(req->body, "cpr")), norm, NULL, NULL,
			    NULL))
		http_field_error(resp, "cpr", CPR_INVALID_DA);
	if (resp->status)
		return REDE_OK;
	crypto_cpr_lookup_hash(http_keys(req->srv), norm, hash);
	memset(norm, 0, sizeof(norm));
	err = store_person_by_cpr_hash(c, req->auth.municipality_id, hash, &p);
	if (!err) {
		audit_id(req, "person", p.id);
		err = store_access_family(c, &who, p.family_id);
	}
	if (err == REDE_E_NOTFOUND) {
		err = REDE_OK;
		http_not_found(resp);
	} else if (!err) {
		http_json(resp, 200,
			  json_pack("{s:o, s:I}", "person", json_person(&p), "family_id",
				    (json_int_t)p.family_id));
	}
	person_row_release(&p);
	return err;
}

enum rede_err h_persons_reveal_cpr(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	struct person_row *p = obj_person(req);
	char cpr[11], shown[12];
	enum rede_err err = REDE_OK;

	(void)c;
	/* showing the full number implies no purpose: the caller gives it */
	if (!http_purpose(req, http_query(req, "purpose"), true, resp))
		goto out;
	if (!p->cpr_box) {
		http_problem(resp, 404, "Personen har intet CPR-nummer registreret");
		goto out;
	}
	err = crypto_cpr_decrypt(http_keys(req->srv), p->cpr_box, cpr);
	if (err)
		goto out;
	snprintf(shown, sizeof(shown), "%.6s-%.4s", cpr, cpr + 6);
	http_json(resp, 200, json_pack("{s:I, s:s}", "person_id", (json_int_t)p->id, "cpr", shown));
	memset(cpr, 0, sizeof(cpr));
	memset(shown, 0, sizeof(shown));
out:
	return err;
}

static const struct http_jfield consent_fields[] = {
	{"purpose", J_STRING, true, 32},
	{"guardian_id", J_INT, true, 0},
	{"given_on", J_DATE, true, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_families_give_consent(struct http_req *req, struct store_conn *c,
				      struct http_resp *resp)
{
	struct family_row *f = obj_family(req);
	struct person_row g = {0};
	struct consent_row r = {0};
	const char *purpose;
	enum rede_err err = REDE_OK;

	if (!http_json_check(req->body, consent_fields, resp))
		goto out;
	purpose = json_string_value(json_object_get(req->body, "purpose"));
	if (core_name_index(consent_purpose_names, CONSENT_PURPOSE__COUNT, purpose) ==
	    CONSENT_PURPOSE__COUNT)
		http_field_error(resp, "purpose",
				 "Ukendt formål (participation, share_daycare, "
				 "share_health_visiting, evaluation_contact)");
	err = store_person_get(c, req->auth.municipality_id,
			       json_integer_value(json_object_get(req->body, "guardian_id")), &g);
	if (err == REDE_E_NOTFOUND ||
	    (!err && (g.family_id != f->id || strcmp(g.kind, "guardian")))) {
		err = REDE_OK;
		http_field_error(resp, "guardian_id",
				 "Samtykket skal gives af en forælder/værge i familien");
	}
	if (err || resp->status)
		goto out;
	r.family_id = f->id;
	r.guardian_id = g.id;
	snprintf(r.purpose, sizeof(r.purpose), "%s", purpose);
	snprintf(r.given_on, sizeof(r.given_on), "%s",
		 json_string_value(json_object_get(req->body, "given_on")));
	err = store_consent_give(c, req->auth.municipality_id, &r, req->auth.user_id);
	if (err)
		goto out;
	audit_id(req, "consent", r.id);
	req->audit_action = "create";
	http_json(resp, 201, json_consent(&r));
	http_set_etag(resp, "consent", r.id, r.version);
out:
	person_row_release(&g);
	return err;
}

static const struct http_jfield withdraw_fields[] = {
	{"withdrawn_on", J_DATE, true, 0},
	{NULL, 0, false, 0},
};

enum rede_err h_consents_withdraw(struct http_req *req, struct store_conn *c,
				  struct http_resp *resp)
{
	struct consent_row *r = obj_consent(req);
	const char *on;
	enum rede_err err;

	if (!http_json_check(req->body, withdraw_fields, resp))
		return REDE_OK;
	if (!http_if_match_ok(req, "consent", r->id, r->version)) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	on = json_string_value(json_object_get(req->body, "withdrawn_on"));
	if (r->withdrawn_on[0]) {
		http_conflict(resp, "withdrawn_on", "Samtykket er allerede trukket tilbage");
		return REDE_OK;
	}
	if (strcmp(on, r->given_on) < 0) {
		http_field_error(resp, "withdrawn_on",
				 "Tilbagetrækningen kan ikke ligge før samtykket blev givet");
		return REDE_OK;
	}
	err = store_consent_withdraw(c, r, on);
	if (err == REDE_E_CONFLICT) {
		http_precondition_failed(resp);
		return REDE_OK;
	}
	if (err)
		return err;
	http_json(resp, 200, json_consent(r));
	http_set_etag(resp, "consent", r->id, r->version);
	return REDE_OK;
}
