/*
 * h_users.c - staff accounts, administered by a municipality's admins.
 *
 * An admin sees and changes only the users of their own municipality;
 * another municipality's user id answers 404. Changes need If-Match with
 * the ETag of the read (no lost updates). Disabling a user ends all their
 * sessions and revokes their API tokens in the same transaction.
 */
#include <ctype.h>
#include <string.h>

#include "http/auth.h"
#include "http/handlers.h"
#include "rede/core.h"
#include "rede/crypto.h"
#include "rede/util.h"
#include "store/sso.h"
#include "store/tenancy.h"

#define INVALID_DA "Ugyldige data"

/* The USER answer with its ETag (create, read, change, sso-link). */
static void user_reply(struct store_conn *c, struct http_resp *resp, int status,
		       const struct user_row *u)
{
	http_json(resp, status, json_user(c, u));
	http_set_etag(resp, "user", u->id, u->version);
}

struct user_acc {
	json_t *items;
	struct user_units units; /* the municipality's, read once */
	int64_t role_bit;        /* the staff directory's role */
};

static int add_user(const struct user_row *u, void *arg)
{
	struct user_acc *a = arg;

	json_array_append_new(a->items, json_user_from(&a->units, u));
	return 0;
}

enum rede_err h_users_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct user_acc a = {json_array(), {0}, 0};
	enum rede_err err;

	req->audit_action = "search";
	req->audit_entity = "user";
	req->audit_detail = xstrdup("all users of municipality");
	err = user_units_load(c, req->auth.municipality_id, &a.units);
	if (!err)
		err = store_user_each(c, req->auth.municipality_id, add_user, &a);
	user_units_release(&a.units);
	return http_items_answer(resp, a.items, err);
}

/* The staff directory: enabled people of the caller's municipality with a
 * given role (?role=home_pedagogue), names and units only - what a
 * coordinator needs to assign a course; no usernames, costs or states. */
static int add_staff(const struct user_row *u, void *arg)
{
	struct user_acc *a = arg;

	if (u->disabled_at || u->is_service || !(u->roles & a->role_bit))
		return 0;
	json_array_append_new(a->items, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)u->id,
						  "display_name", u->display_name, "units",
						  json_user_units_from(&a->units, u)));
	return 0;
}

enum rede_err h_staff_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const char *role = http_query(req, "role");
	enum core_role r = role ? core_role_parse(role) : ROLE__COUNT;
	struct user_acc a = {NULL, {0}, 0};
	enum rede_err err;

	if (r == ROLE__COUNT) {
		http_problem(resp, 400, INVALID_DA);
		http_problem_field(resp, "role", "Angiv en kendt rolle, fx home_pedagogue");
		return REDE_OK;
	}
	a.items = json_array();
	a.role_bit = ROLE_BIT(r);
	req->audit_action = "search";
	req->audit_entity = "user";
	req->audit_detail = xasprintf("staff with role %s", core_role_names[r]);
	err = user_units_load(c, req->auth.municipality_id, &a.units);
	if (!err)
		err = store_user_each(c, req->auth.municipality_id, add_staff, &a);
	user_units_release(&a.units);
	return http_items_answer(resp, a.items, err);
}

static bool username_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 3 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (!(islower(ch) || isdigit(ch) || ch == '.' || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

/* Check unit_ids (an array of this municipality's unit ids) into u. */
static bool units_parse(struct store_conn *c, const json_t *arr, int64_t municipality_id,
			struct user_row *u, struct http_resp *resp, enum rede_err *err)
{
	size_t i;
	json_t *v;

	u->nunits = 0;
	*err = REDE_OK;
	json_array_foreach(arr, i, v)
	{
		struct unit_row unit;

		if (!json_is_integer(v) || u->nunits == USER_MAX_UNITS) {
			http_problem(resp, 400, INVALID_DA);
			http_problem_field(resp, "unit_ids", "Ugyldig liste af enheder");
			return false;
		}
		*err = store_unit_get(c, municipality_id, json_integer_value(v), &unit);
		if (*err == REDE_E_NOTFOUND) {
			*err = REDE_OK;
			http_problem(resp, 400, INVALID_DA);
			http_problem_field(resp, "unit_ids", "Enheden findes ikke");
			return false;
		}
		if (*err)
			return false;
		u->unit_ids[u->nunits++] = unit.id;
	}
	return true;
}

static bool password_ok(struct http_req *req, const char *pw, const char *field,
			struct http_resp *resp)
{
	const struct rede_policy *pol = http_policy(req->srv);
	char msg[120];

	if (core_password_acceptable(pw, (int)pol->password_min_length))
		return true;
	snprintf(msg, sizeof(msg), "Adgangskoden skal have mindst %lld tegn",
		 (long long)pol->password_min_length);
	http_problem(resp, 400, INVALID_DA);
	http_problem_field(resp, field, msg);
	return false;
}

static const struct http_jfield user_create_fields[] = {
	{"username", J_STRING, true, 64},      {"display_name", J_STRING, true, 200},
	{"password", J_STRING, false, 1024},   {"roles", J_ARRAY, true, 0},
	{"unit_ids", J_ARRAY, false, 0},       {"hourly_cost_ore", J_INT_OR_NULL, false, 0},
	{"service_account", J_BOOL, false, 0}, {NULL, 0, false, 0},
};

enum rede_err h_users_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body;
	const char *pw;
	struct user_row u;
	json_t *cost;
	enum rede_err err = REDE_OK;

	user_row_init(&u);
	req->audit_entity = "user";
	if (!http_json_check(b, user_create_fields, resp))
		goto out;
	u.municipality_id = req->auth.municipality_id;
	u.username = xstrdup(json_string_value(json_object_get(b, "username")));
	u.display_name = xstrdup(json_string_value(json_object_get(b, "display_name")));
	u.is_service = json_is_true(json_object_get(b, "service_account"));
	pw = json_string_value(json_object_get(b, "password"));
	if (!username_ok(u.username)) {
		http_problem(resp, 400, INVALID_DA);
		http_problem_field(resp, "username",
				   "Brugernavnet skal have 3-64 tegn: a-z, 0-9, punktum, "
				   "bindestreg eller understreg");
		goto out;
	}
	if (!*u.display_name) {
		http_problem(resp, 400, INVALID_DA);
		http_problem_field(resp, "display_name", "Feltet skal udfyldes");
		goto out;
	}
	if (!json_roles_parse(json_object_get(b, "roles"), "roles", &u.roles, resp))
		goto out;
	cost = json_object_get(b, "hourly_cost_ore");
	if (json_is_integer(cost)) {
		u.hourly_cost_ore = json_integer_value(cost);
		if (u.hourly_cost_ore < 0 || u.hourly_cost_ore > 10000000) {
			http_problem(resp, 400, INVALID_DA);
			http_problem_field(resp, "hourly_cost_ore", "Timeprisen er urimelig");
			goto out;
		}
	}
	if (!units_parse(c, json_object_get(b, "unit_ids"), u.municipality_id, &u, resp, &err))
		goto out;
	if (u.is_service) {
		if (pw) {
			http_problem(resp, 400, INVALID_DA);
			http_problem_field(resp, "password",
					   "En servicekonto logger ind med et token, ikke en "
					   "adgangskode");
			goto out;
		}
		u.password_hash = xstrdup("");
	} else {
		if (!pw) {
			/* no local password (an imported staff member, issue 19):
			 * cannot sign in with one until an admin sets it (POST
			 * /users/{id}/password); the municipality's login is
			 * unaffected */
			u.password_hash = xstrdup("");
		} else {
			if (!password_ok(req, pw, "password", resp))
				goto out;
			u.password_hash = crypto_password_hash(pw);
			if (!u.password_hash) {
				err = REDE_E_CRYPTO;
				goto out;
			}
		}
	}
	err = store_user_insert(c, &u);
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_conflict(resp, "username", "Brugernavnet er optaget");
		goto out;
	}
	if (!err) /* read back: the sign-in name is made by the store */
		err = store_user_get(c, u.municipality_id, u.id, &u);
	if (err)
		goto out;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)u.id);
	user_reply(c, resp, 201, &u);
	resp->location = xasprintf("/api/v1/users/%lld", (long long)u.id);
out:
	user_row_release(&u);
	return err;
}

enum rede_err h_users_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct user_row *u = obj_user(req);

	user_reply(c, resp, 200, u);
	return REDE_OK;
}

static const struct http_jfield user_update_fields[] = {
	{"display_name", J_STRING, false, 200}, {"roles", J_ARRAY, false, 0},
	{"unit_ids", J_ARRAY, false, 0},        {"hourly_cost_ore", J_INT_OR_NULL, false, 0},
	{"disabled", J_BOOL, false, 0},         {NULL, 0, false, 0},
};

enum rede_err h_users_update(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const json_t *b = req->body;
	struct user_row *u = obj_user(req);
	json_t *v;
	bool disable_now = false;
	enum rede_err err = REDE_OK;

	if (!http_json_check(b, user_update_fields, resp))
		goto out;
	if (!req->if_match) {
		http_problem(resp, 428, "Ændringen mangler If-Match (hent brugeren igen)");
		goto out;
	}
	if (!http_if_match_ok(req, "user", u->id, u->version)) {
		http_precondition_failed(resp);
		goto out;
	}
	if ((v = json_object_get(b, "display_name"))) {
		if (!*json_string_value(v)) {
			http_problem(resp, 400, INVALID_DA);
			http_problem_field(resp, "display_name", "Feltet skal udfyldes");
			goto out;
		}
		free(u->display_name);
		u->display_name = xstrdup(json_string_value(v));
	}
	if ((v = json_object_get(b, "roles")) && !json_roles_parse(v, "roles", &u->roles, resp))
		goto out;
	if ((v = json_object_get(b, "unit_ids")) &&
	    !units_parse(c, v, u->municipality_id, u, resp, &err))
		goto out;
	if ((v = json_object_get(b, "hourly_cost_ore")))
		u->hourly_cost_ore = json_is_integer(v) ? json_integer_value(v) : -1;
	if ((v = json_object_get(b, "disabled"))) {
		if (json_is_true(v) && u->id == req->auth.user_id) {
			http_problem(resp, 400, INVALID_DA);
			http_problem_field(resp, "disabled", "Du kan ikke deaktivere dig selv");
			goto out;
		}
		disable_now = json_is_true(v) && !u->disabled_at;
		u->disabled_at =
			json_is_true(v) ? (u->disabled_at ? u->disabled_at : rede_now()) : 0;
	}
	err = store_user_update(c, u);
	if (err == REDE_E_CONFLICT) {
		err = REDE_OK;
		http_precondition_failed(resp);
		goto out;
	}
	if (!err && disable_now) {
		req->audit_action = "disable";
		err = auth_end_user_sessions(c, u->id);
	}
	if (err)
		goto out;
	user_reply(c, resp, 200, u);
out:
	return err;
}

static const struct http_jfield reset_fields[] = {
	{"password", J_STRING, true, 1024},
	{NULL, 0, false, 0},
};

enum rede_err h_users_password(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct user_row *u = obj_user(req);
	const char *pw;
	char *hash = NULL;
	enum rede_err err = REDE_OK;

	req->audit_action = "password_reset";
	if (!http_json_check(req->body, reset_fields, resp))
		goto out;
	pw = json_string_value(json_object_get(req->body, "password"));
	if (u->is_service) {
		http_problem(resp, 400, INVALID_DA);
		http_problem_field(resp, "password", "En servicekonto har ingen adgangskode");
		goto out;
	}
	/* a user who signs in through the municipality's identity provider
	 * has no password in Rede (issue 17) */
	if (u->federated) {
		http_conflict(resp, "password",
			      "Brugeren logger ind med kommunens login og "
			      "har ingen adgangskode i Rede");
		goto out;
	}
	if (!password_ok(req, pw, "password", resp))
		goto out;
	hash = crypto_password_hash(pw);
	if (!hash) {
		err = REDE_E_CRYPTO;
		goto out;
	}
	err = store_user_set_password(c, u->id, hash);
	/* A reset password invalidates sessions opened with the old one. */
	if (!err)
		err = store_session_end_user(c, u->id, rede_now(), NULL);
	if (!err)
		resp->status = 204;
out:
	free(hash);
	return err;
}

enum rede_err h_users_end_sessions(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	enum rede_err err = auth_end_user_sessions(c, obj_user(req)->id);

	req->audit_action = "end_sessions";
	if (!err)
		resp->status = 204;
	return err;
}

static const struct http_jfield sso_link_fields[] = {
	{"from_user_id", J_INT, true, 0},
	{NULL, 0, false, 0},
};

/* Why the login of from may not go to u; NULL when it may. */
static const char *sso_link_refusal(const struct http_req *req, const struct user_row *u,
				    const struct user_row *from)
{
	if (u->is_service)
		return "En servicekonto logger ind med et token, ikke med kommunens login";
	if (u->disabled_at)
		return "Brugeren er deaktiveret";
	if (u->federated)
		return "Brugeren logger allerede ind med kommunens login";
	if (!from->federated)
		return "Den valgte bruger logger ikke ind med kommunens login";
	if (from->id == req->auth.user_id)
		return "Du kan ikke flytte dit eget login";
	return NULL;
}

enum rede_err h_users_sso_link(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct user_row *u = obj_user(req);
	struct user_row from;
	const char *why;
	int64_t moved = 0;
	enum rede_err err = REDE_OK;

	user_row_init(&from);
	req->audit_action = "sso_link";
	if (!http_json_check(req->body, sso_link_fields, resp))
		goto out;
	err = store_user_get(c, u->municipality_id,
			     json_integer_value(json_object_get(req->body, "from_user_id")), &from);
	if (err == REDE_E_NOTFOUND || (!err && from.id == u->id)) {
		err = REDE_OK;
		http_problem(resp, 400, INVALID_DA);
		http_problem_field(resp, "from_user_id", "Vælg en anden bruger i kommunen");
		goto out;
	}
	if (err)
		goto out;
	why = sso_link_refusal(req, u, &from);
	if (why) {
		http_conflict(resp, "from_user_id", why);
		goto out;
	}
	err = store_sso_identity_move(c, u->municipality_id, from.id, u->id, &moved);
	/* the account the first sign-in made is not used again */
	if (!err && !from.disabled_at) {
		from.disabled_at = rede_now();
		err = store_user_update(c, &from);
	}
	if (!err)
		err = auth_end_user_sessions(c, from.id);
	/* a user who signs in through the municipality's login has no
	 * password in Rede (as h_users_password keeps it): one set on the
	 * imported account goes, and the sessions opened with it */
	if (!err)
		err = store_user_set_password(c, u->id, "");
	if (!err)
		err = auth_end_user_sessions(c, u->id);
	/* the answer is the user as now stored: federated, and the version
	 * the password change gave it (the ETag a next edit sends) */
	if (!err)
		err = store_user_get(c, u->municipality_id, u->id, u);
	if (err)
		goto out;
	req->audit_detail = xasprintf("login moved from user %lld (%lld identities)",
				      (long long)from.id, (long long)moved);
	user_reply(c, resp, 200, u);
out:
	user_row_release(&from);
	return err;
}
