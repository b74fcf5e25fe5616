/*
 * h_sso.c - the end of a sign-in through the municipality's identity
 * provider, and what the SAML and OIDC handlers share (h_sso.h); plus the
 * two JSON answers about it: which municipalities offer it (the sign-in
 * page) and the municipality's set-up (its admins).
 *
 * A federated user is created on the first sign-in with the roles and
 * units the municipality maps their privileges/claims to, and every
 * sign-in applies the mapping again: what the IdP no longer says, the user
 * no longer has. A federated user has no password. The session is the
 * one a password sign-in opens (same cookie, CSRF token, time limits,
 * audit), with what single logout needs kept beside it.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/auth.h"
#include "http/h_sso.h"
#include "http/handlers.h"
#include "rede/core.h"
#include "rede/crypto.h"
#include "rede/util.h"
#include "store/settings.h"
#include "store/sso.h"
#include "store/tenancy.h"

enum rede_err h_sso_policy(struct store_conn *c, int64_t municipality_id, struct sso_policy *out)
{
	static const struct store_setting_key keys[] = {
		{"sso.local_login", offsetof(struct sso_policy, local_login)},
		{"sso.saml_min_loa", offsetof(struct sso_policy, saml_min_loa)},
		{"sso.clock_skew_seconds", offsetof(struct sso_policy, clock_skew)},
		{"sso.request_max_age_seconds", offsetof(struct sso_policy, request_max_age)},
		{"sso.jwks_max_age_seconds", offsetof(struct sso_policy, jwks_max_age)},
		{"sso.jwks_min_refetch_seconds", offsetof(struct sso_policy, jwks_min_refetch)},
	};
	return store_settings_load(c, municipality_id, keys, sizeof(keys) / sizeof(keys[0]), out);
}

void h_sso_page(struct http_resp *resp, int status, const char *title_da, const char *text_da)
{
	/* the texts are the program's own: no request data reaches the page */
	char *html = xasprintf(
		"<!doctype html>\n<html lang=\"da\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		"<title>%s – Rede</title><link rel=\"stylesheet\" href=\"/css/rede.css\"></head>"
		"<body><main class=\"sso-page\" id=\"main\"><h1>%s</h1><p>%s</p>"
		"<p><a href=\"/\">Tilbage til log ind</a></p></main></body></html>\n",
		title_da, title_da, text_da);

	http_raw(resp, status, html, strlen(html), "text/html; charset=utf-8", NULL);
}

void h_sso_browser_bind(struct http_req *req, struct http_resp *resp, int64_t max_age,
			char hash[CRYPTO_HASH_HEX])
{
	const char *have = http_cookie(req, SSO_COOKIE);
	char tok[CRYPTO_TOKEN_TEXT];

	if (have && strlen(have) == CRYPTO_TOKEN_TEXT - 1) {
		crypto_token_hash(have, hash);
		return;
	}
	crypto_token_new(tok);
	crypto_token_hash(tok, hash);
	/* The identity provider answers by a POST from its own site: a
	 * SameSite=Strict or Lax cookie would not come along. SameSite=None
	 * needs Secure, so SAML sign-in wants --behind-tls; without TLS (a
	 * test on one machine) Lax serves the OIDC redirect. */
	http_add_cookie(resp,
			xasprintf("%s=%s; HttpOnly; Path=/auth/; Max-Age=%lld; %s", SSO_COOKIE, tok,
				  (long long)max_age,
				  http_tls(req->srv) ? "SameSite=None; Secure" : "SameSite=Lax"));
}

bool h_sso_browser_hash(struct http_req *req, char hash[CRYPTO_HASH_HEX])
{
	const char *have = http_cookie(req, SSO_COOKIE);

	if (!have || strlen(have) != CRYPTO_TOKEN_TEXT - 1)
		return false;
	crypto_token_hash(have, hash);
	return true;
}

void h_sso_refused(struct http_req *req, int64_t municipality_id, const char *kind, const char *why)
{
	req->audit_action = "login";
	req->audit_entity = "user";
	req->audit_municipality_id = municipality_id;
	free(req->audit_detail);
	req->audit_detail = xasprintf("%s refused: %s", kind, why ? why : "unknown");
	log_info("sign-in through %s refused: %s", kind, why ? why : "unknown");
}

/* ---- the end of a sign-in ---- */

static int grant_row(const struct sso_map_row *r, void *arg)
{
	struct core_sso_grant *g = arg;

	if (!core_sso_grant_add(g, r->role, r->unit_id))
		log_warn("sso mapping names an unknown role");
	return 0;
}

/* A username no password user can pick by chance: code, kind and a
 * digest of the subject (the subject itself may be personal data). */
static char *make_username(int64_t municipality_id, const char *code, const char *kind,
			   const char *subject, int len)
{
	char hash[CRYPTO_HASH_HEX];
	char *key = xasprintf("%lld/%s/%s", (long long)municipality_id, kind, subject);

	crypto_token_hash(key, hash);
	free(key);
	return xasprintf("%s.%s.%.*s", code, kind, len, hash);
}

static enum rede_err create_user(struct store_conn *c, const struct sso_person *p,
				 const struct core_sso_grant *g, struct user_row *u)
{
	struct municipality_row m;
	enum rede_err err = store_municipality_get(c, p->municipality_id, &m);

	if (err)
		return err;
	u->municipality_id = p->municipality_id;
	u->display_name =
		xstrdup(p->display_name && *p->display_name ? p->display_name : "Medarbejder");
	u->password_hash = xstrdup(""); /* no local password */
	u->roles = g->roles;
	for (size_t i = 0; i < g->nunits && i < USER_MAX_UNITS; i++)
		u->unit_ids[u->nunits++] = g->units[i];
	/* the short name, or the long one if a local user happens to have it */
	for (int len = 12; len <= 32; len += 20) {
		struct user_row other;

		free(u->username);
		u->username = make_username(p->municipality_id, m.code, p->kind, p->subject, len);
		user_row_init(&other);
		err = store_user_by_name(c, p->municipality_id, u->username, &other);
		user_row_release(&other);
		if (err != REDE_OK)
			break;
	}
	if (err != REDE_E_NOTFOUND)
		return err ? err : REDE_E_CONFLICT;
	err = store_user_insert(c, u);
	if (!err)
		err = store_sso_identity_add(c, p->municipality_id, p->kind, p->subject, u->id,
					     rede_now());
	/* the same person's first sign-in in two tabs at once: the other one
	 * created the user; run again and find it */
	return err == REDE_E_CONFLICT ? REDE_E_RETRY : err;
}

/* Keep only units of the municipality (a unit may have been removed since
 * the mapping was made). */
static void own_units(struct store_conn *c, int64_t municipality_id, struct core_sso_grant *g)
{
	size_t n = 0;

	for (size_t i = 0; i < g->nunits; i++) {
		struct unit_row unit;
		if (store_unit_get(c, municipality_id, g->units[i], &unit) == REDE_OK)
			g->units[n++] = g->units[i];
	}
	g->nunits = n;
}

enum rede_err h_sso_sign_in(struct http_req *req, struct store_conn *c, struct http_resp *resp,
			    const struct sso_person *p)
{
	struct core_sso_grant g = {0};
	struct sso_session_row link = {0};
	struct user_row u;
	char csrf[CRYPTO_TOKEN_TEXT];
	int64_t user_id = 0, session_id = 0, now = rede_now();
	enum rede_err err;

	user_row_init(&u);
	for (size_t i = 0; i < p->nvalues; i++) {
		err = store_sso_map_of(c, p->municipality_id, p->values[i], grant_row, &g);
		if (err)
			goto out;
	}
	own_units(c, p->municipality_id, &g);
	err = store_sso_identity_user(c, p->municipality_id, p->kind, p->subject, &user_id);
	if (err == REDE_E_NOTFOUND)
		err = REDE_OK; /* the first sign-in */
	else if (!err)
		err = store_user_get(c, p->municipality_id, user_id, &u);
	if (err)
		goto out;
	if (!g.roles) {
		h_sso_refused(req, p->municipality_id, p->kind, "no mapped role");
		req->audit_user_id = u.id;
		if (u.id) {
			/* the privilege is gone: so are the sessions it gave */
			err = store_session_end_user(c, u.id, now, NULL);
			if (err)
				goto out;
			resp->keep = true;
		}
		h_sso_page(
			resp, 403, "Du har ingen rolle i Rede",
			"Kommunens login kender dig, men du har ingen rolle, der giver adgang til "
			"Rede. Kontakt din leder eller kommunens administrator, hvis du skal "
			"bruge Rede.");
		goto out;
	}
	if (u.id && u.disabled_at) {
		h_sso_refused(req, p->municipality_id, p->kind, "user disabled in Rede");
		req->audit_user_id = u.id;
		h_sso_page(resp, 403, "Din bruger er spærret",
			   "Din bruger i Rede er spærret. Kontakt kommunens administrator.");
		goto out;
	}
	if (u.id) {
		u.roles = g.roles;
		u.nunits = 0;
		for (size_t i = 0; i < g.nunits && i < USER_MAX_UNITS; i++)
			u.unit_ids[u.nunits++] = g.units[i];
		if (p->display_name && *p->display_name) {
			free(u.display_name);
			u.display_name = xstrdup(p->display_name);
		}
		err = store_user_update(c, &u);
		if (!err)
			err = store_sso_identity_touch(c, p->municipality_id, p->kind, p->subject,
						       now);
	} else {
		err = create_user(c, p, &g, &u);
	}
	if (err)
		goto out;
	err = auth_session_start(req, c, resp, u.id, csrf, &session_id);
	if (err)
		goto out;
	link.session_id = session_id;
	link.municipality_id = p->municipality_id;
	snprintf(link.kind, sizeof(link.kind), "%s", p->kind);
	link.subject = (char *)p->subject;
	link.name_id_format = (char *)p->name_id_format;
	link.name_qualifier = (char *)p->name_qualifier;
	link.sp_name_qualifier = (char *)p->sp_name_qualifier;
	link.session_index = (char *)p->session_index;
	link.idp_logout = (char *)p->idp_logout;
	err = store_sso_session_add(c, &link);
	if (err)
		goto out;
	req->audit_action = "login";
	req->audit_entity = "user";
	req->audit_user_id = u.id;
	req->audit_municipality_id = u.municipality_id;
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld", (long long)u.id);
	free(req->audit_detail);
	req->audit_detail = xasprintf("through %s", p->kind);
	/* to the start page: it finds the session with GET /api/v1/me */
	resp->status = 303;
	free(resp->location);
	resp->location = xstrdup("/");
	resp->keep = true;
out:
	user_row_release(&u);
	return err;
}

/* ---- logging out where the session came from ---- */

enum rede_err h_sso_logout_url(struct http_req *req, struct store_conn *c, int64_t session_id,
			       char **url)
{
	struct sso_session_row link;
	enum rede_err err = store_sso_session_get(c, session_id, &link);

	*url = NULL;
	if (err == REDE_E_NOTFOUND)
		return REDE_OK;
	if (err)
		return err;
	if (!strcmp(link.kind, "oidc")) {
		struct sso_oidc_config cfg;
		if (link.idp_logout[0] &&
		    store_sso_oidc_get(c, link.municipality_id, &cfg) == REDE_OK) {
			char *back = xasprintf("%s/", cfg.base_url);
			*url = sso_oidc_logout_url(link.idp_logout, cfg.client_id, back);
			free(back);
			sso_oidc_config_release(&cfg);
		}
	} else if (!strcmp(link.kind, "saml")) {
		struct sso_saml_config cfg;
		struct municipality_row m;
		char *key = NULL, *msg = NULL;

		if (store_sso_saml_get(c, link.municipality_id, &cfg) == REDE_OK &&
		    store_municipality_get(c, link.municipality_id, &m) == REDE_OK &&
		    crypto_secret_open(http_keys(req->srv), cfg.sp_key_sealed, &key) == REDE_OK) {
			struct sso_saml_sp sp = {m.code,      cfg.base_url, cfg.sp_entity_id,
						 cfg.sp_cert, key,          cfg.idp_metadata};
			struct sso_saml_subject s = {link.subject, link.name_id_format,
						     link.name_qualifier, link.sp_name_qualifier,
						     link.session_index};
			if (sso_saml_logout_url(&sp, &s, url, &msg) != REDE_OK)
				log_warn("saml logout request: %s", msg ? msg : "failed");
			free(msg);
		}
		if (key) {
			sodium_memzero(key, strlen(key));
			free(key);
		}
		sso_saml_config_release(&cfg);
	}
	sso_session_row_release(&link);
	return REDE_OK;
}

/* ---- GET /api/v1/sso/municipalities (public): the sign-in page's list ---- */

static int add_municipality(const struct sso_municipality_row *r, void *arg)
{
	json_t *m = json_pack("{s:s, s:s, s:[]}", "code", r->code, "name", r->name, "methods");
	json_t *methods = json_object_get(m, "methods");

	if (r->saml)
		json_array_append_new(methods, json_string("saml"));
	if (r->oidc)
		json_array_append_new(methods, json_string("oidc"));
	json_array_append_new(arg, m);
	return 0;
}

static int local_login_of(struct store_conn *c, json_t *items)
{
	size_t i;
	json_t *m;

	json_array_foreach(items, i, m)
	{
		struct municipality_row row;
		int64_t on = 1;

		if (store_municipality_by_code(c, json_string_value(json_object_get(m, "code")),
					       &row) == REDE_OK)
			store_setting_int(c, row.id, "sso.local_login", &on);
		json_object_set_new(m, "local_login", json_boolean(on != 0));
	}
	return 0;
}

enum rede_err h_sso_municipalities(struct http_req *req, struct store_conn *c,
				   struct http_resp *resp)
{
	json_t *items = json_array();
	enum rede_err err = store_sso_municipality_each(c, add_municipality, items);

	(void)req;
	if (err) {
		json_decref(items);
		return err;
	}
	local_login_of(c, items);
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return REDE_OK;
}

/* ---- GET /api/v1/sso (admin): the municipality's set-up ---- */

struct admin_ctx {
	struct store_conn *c;
	int64_t municipality_id;
	json_t *arr;
};

static int add_map_row(const struct sso_map_row *r, void *arg)
{
	struct admin_ctx *a = arg;
	json_t *row = json_pack("{s:s, s:s}", "from", r->source, "role", r->role);
	struct unit_row unit;

	if (r->unit_id && store_unit_get(a->c, a->municipality_id, r->unit_id, &unit) == REDE_OK)
		json_object_set_new(
			row, "unit",
			json_pack("{s:I, s:s}", "id", (json_int_t)unit.id, "name", unit.name));
	else
		json_object_set_new(row, "unit", json_null());
	json_array_append_new(a->arr, row);
	return 0;
}

static int add_name(const char *username, void *arg)
{
	json_array_append_new(arg, json_string(username));
	return 0;
}

enum rede_err h_sso_admin_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	int64_t mid = req->auth.municipality_id, on = 1;
	struct sso_saml_config saml;
	struct sso_oidc_config oidc;
	struct municipality_row m;
	struct admin_ctx a = {c, mid, json_array()};
	json_t *body = json_object(), *bg = json_array();
	enum rede_err err;

	req->audit_entity = "sso";
	err = store_municipality_get(c, mid, &m);
	if (!err)
		err = store_sso_map_each(c, mid, add_map_row, &a);
	if (!err)
		err = store_sso_break_glass_each(c, mid, add_name, bg);
	if (!err)
		err = store_setting_int(c, mid, "sso.local_login", &on);
	if (err == REDE_E_NOTFOUND)
		err = REDE_OK;
	if (err)
		goto out;
	err = store_sso_saml_get(c, mid, &saml);
	if (!err) {
		char *md = xasprintf("%s/auth/saml/%s/metadata", saml.base_url, m.code);
		json_object_set_new(body, "saml",
				    json_pack("{s:b, s:s, s:s, s:s, s:s}", "enabled", saml.enabled,
					      "sp_entity_id", saml.sp_entity_id, "idp_entity_id",
					      saml.idp_entity_id, "metadata_url", md, "cvr",
					      saml.cvr));
		free(md);
		sso_saml_config_release(&saml);
	} else if (err == REDE_E_NOTFOUND) {
		json_object_set_new(body, "saml", json_null());
	} else {
		goto out;
	}
	err = store_sso_oidc_get(c, mid, &oidc);
	if (!err) {
		json_object_set_new(body, "oidc",
				    json_pack("{s:b, s:s, s:s, s:s, s:s}", "enabled", oidc.enabled,
					      "issuer", oidc.issuer, "client_id", oidc.client_id,
					      "alg", oidc.alg, "role_claim", oidc.role_claim));
		sso_oidc_config_release(&oidc);
	} else if (err == REDE_E_NOTFOUND) {
		json_object_set_new(body, "oidc", json_null());
	} else {
		goto out;
	}
	err = REDE_OK;
	json_object_set_new(body, "local_login", json_boolean(on != 0));
	json_object_set_new(body, "break_glass", bg);
	json_object_set_new(body, "mapping", a.arr);
	bg = a.arr = NULL;
	http_json(resp, 200, body);
	body = NULL;
out:
	json_decref(bg);
	json_decref(a.arr);
	json_decref(body);
	return err;
}

/* ---- PUT /api/v1/sso/local-login (admin): passwords on or off ---- */

static const struct http_jfield local_login_fields[] = {
	{"enabled", J_BOOL, true, 0},
	{"break_glass", J_ARRAY, false, 0},
	{NULL, 0, false, 0},
};

#define BREAK_GLASS_MAX 16

/* The municipality's admin turns passwords off for its staff, naming the
 * break-glass accounts that keep theirs (the list replaces the old one).
 * Turning them off needs at least one break-glass admin, so the
 * municipality cannot lock itself out when its IdP is down. */
enum rede_err h_sso_local_login_put(struct http_req *req, struct store_conn *c,
				    struct http_resp *resp)
{
	int64_t mid = req->auth.municipality_id, ids[BREAK_GLASS_MAX];
	json_t *list = json_object_get(req->body, "break_glass"), *v;
	bool enabled, admin = false;
	size_t i, n = 0;
	enum rede_err err;

	req->audit_action = "update";
	req->audit_entity = "sso";
	if (!http_json_check(req->body, local_login_fields, resp))
		return REDE_OK;
	enabled = json_is_true(json_object_get(req->body, "enabled"));
	if (json_array_size(list) > BREAK_GLASS_MAX) {
		http_field_error(resp, "break_glass", "Højst 16 nødadgange");
		return REDE_OK;
	}
	json_array_foreach(list, i, v)
	{
		struct user_row u;

		user_row_init(&u);
		err = json_is_string(v) ? store_user_by_name(c, mid, json_string_value(v), &u)
					: REDE_E_NOTFOUND;
		/* another municipality's user is unknown here */
		if (err == REDE_E_NOTFOUND ||
		    (!err && (u.municipality_id != mid || u.disabled_at || !u.password_hash[0]))) {
			user_row_release(&u);
			http_field_error(
				resp, "break_glass",
				"Nødadgang skal være en aktiv bruger i kommunen med adgangskode");
			return REDE_OK;
		}
		if (err) {
			user_row_release(&u);
			return err;
		}
		admin |= (u.roles & ROLE_BIT(ROLE_ADMIN)) != 0;
		ids[n++] = u.id;
		user_row_release(&u);
	}
	if (!enabled && !admin) {
		http_field_error(
			resp, "break_glass",
			"Angiv mindst én administrator med nødadgang, før adgangskoder slås fra");
		return REDE_OK;
	}
	err = store_setting_set(c, mid, "sso.local_login", enabled ? "1" : "0");
	if (!err)
		err = store_sso_break_glass_clear(c, mid);
	for (i = 0; !err && i < n; i++)
		err = store_sso_break_glass_set(c, mid, ids[i], true);
	if (err)
		return err;
	free(req->audit_detail);
	req->audit_detail = xasprintf("local passwords %s, %zu break-glass accounts",
				      enabled ? "on" : "off", n);
	return h_sso_admin_get(req, c, resp);
}
