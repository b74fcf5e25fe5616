/*
 * h_sso_oidc.c - sign-in through an OpenID Connect provider (Entra ID, a
 * MitID Erhverv broker) for one municipality:
 *
 *   GET /auth/oidc/{code}/login     -> 303 to the provider (code flow,
 *                                      PKCE S256, state, nonce)
 *   GET /auth/oidc/{code}/callback  code + state -> session, 303 to /
 *
 * The network (discovery, the token endpoint, the key set) and the token
 * check run in the prepare steps, outside any write transaction. The
 * state is the key of the sign-in under way: issued here, bound to the
 * browser's rede_sso cookie, used once; it carries the nonce the ID token
 * must repeat and the PKCE verifier. The client secret is stored sealed
 * with the key file and opened only for the token request.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "http/h_sso.h"
#include "http/handlers.h"
#include "rede/util.h"
#include "store/sso.h"
#include "store/tenancy.h"

#define FAILED_TITLE "Log ind mislykkedes"
#define FAILED_TEXT                                                                                \
	"Svaret fra kommunens login kunne ikke godkendes. Prøv at logge ind igen. Sker det "      \
	"igen, så kontakt kommunens administrator."
#define VALUES_MAX 256

struct oidc_scratch {
	int64_t municipality_id;
	struct sso_policy pol;
	char *url; /* login: the authorization request */
	char state[64];
	char nonce[64];
	char verifier[64];
	/* callback */
	const char *why;
	bool verified;
	char *subject;
	char *display_name;
	char **values;
	size_t nvalues;
	char *idp_logout;
};

static void scratch_free(void *p)
{
	struct oidc_scratch *s = p;

	if (!s)
		return;
	free(s->url);
	free(s->subject);
	free(s->display_name);
	sso_strv_free(s->values);
	free(s->idp_logout);
	sodium_memzero(s, sizeof(*s));
	free(s);
}

static struct oidc_scratch *scratch(struct http_req *req)
{
	if (!req->scratch) {
		req->scratch = xcalloc(1, sizeof(struct oidc_scratch));
		req->scratch_free = scratch_free;
	}
	return req->scratch;
}

struct oidc_conf {
	char code[16];
	struct municipality_row m;
	struct sso_oidc_config cfg;
	struct sso_policy pol;
	struct sso_pending pending; /* callback: the sign-in the state names */
	bool have_pending;
	const char *state;
	bool found;
};

static enum rede_err conf_body(struct store_conn *c, void *arg)
{
	struct oidc_conf *k = arg;
	enum rede_err err;

	sso_oidc_config_release(&k->cfg);
	k->found = k->have_pending = false;
	err = store_municipality_by_code(c, k->code, &k->m);
	if (!err)
		err = store_sso_oidc_get(c, k->m.id, &k->cfg);
	if (err == REDE_E_NOTFOUND)
		return REDE_OK;
	if (!err)
		err = h_sso_policy(c, k->m.id, &k->pol);
	if (!err && k->state) {
		err = store_sso_pending_get(c, k->state, &k->pending);
		k->have_pending = err == REDE_OK;
		if (err == REDE_E_NOTFOUND)
			err = REDE_OK;
	}
	k->found = !err && k->cfg.enabled;
	return err;
}

static enum rede_err conf_read(struct http_req *req, struct oidc_conf *k, const char *state)
{
	memset(k, 0, sizeof(*k));
	snprintf(k->code, sizeof(k->code), "%s", req->args[0]);
	k->state = state;
	return store_tx_run(http_store(req->srv), STORE_TX_READ, conf_body, k);
}

static void unknown(struct http_resp *resp)
{
	h_sso_page(resp, 404, "Ukendt kommune",
		   "Kommunen findes ikke i Rede, eller den bruger ikke kommunens login.");
}

static char *redirect_uri(const struct oidc_conf *k)
{
	return xasprintf("%s/auth/oidc/%s/callback", k->cfg.base_url, k->m.code);
}

static void random_text(char out[64])
{
	unsigned char rnd[24];

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2base64(out, 64, rnd, sizeof(rnd), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* ---- login ---- */

enum rede_err h_oidc_login_prepare(struct http_req *req, struct http_resp *resp)
{
	struct oidc_scratch *s = scratch(req);
	struct oidc_conf k;
	struct sso_oidc_provider prov = {0};
	char challenge[64], *ru = NULL, *msg = NULL;
	enum rede_err err = conf_read(req, &k, NULL);

	if (err)
		goto out;
	if (!k.found) {
		unknown(resp);
		goto out;
	}
	s->municipality_id = k.m.id;
	s->pol = k.pol;
	if (sso_oidc_discover(k.cfg.issuer, k.pol.jwks_max_age, &prov, &msg) != REDE_OK) {
		log_warn("oidc discovery for municipality %s: %s", k.m.code, msg ? msg : "failed");
		h_sso_page(resp, 502, "Kommunens login svarer ikke",
			   "Rede kan ikke nå kommunens login lige nu. Prøv igen om lidt.");
		goto out;
	}
	random_text(s->state);
	random_text(s->nonce);
	sso_pkce(s->verifier, challenge);
	ru = redirect_uri(&k);
	{
		struct sso_oidc_rp rp = {k.cfg.issuer, k.cfg.client_id, NULL,
					 ru,           k.cfg.alg,       k.cfg.scopes};
		s->url = sso_oidc_auth_url(&prov, &rp, s->state, s->nonce, challenge);
	}
	if (!s->url)
		err = REDE_E_IO;
out:
	free(ru);
	free(msg);
	sso_oidc_provider_release(&prov);
	sso_oidc_config_release(&k.cfg);
	return err;
}

enum rede_err h_oidc_login(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct oidc_scratch *s = req->scratch;
	struct sso_pending p = {0};
	enum rede_err err;

	h_sso_browser_bind(req, resp, s->pol.request_max_age, p.browser_hash);
	snprintf(p.key, sizeof(p.key), "%s", s->state);
	p.municipality_id = s->municipality_id;
	snprintf(p.kind, sizeof(p.kind), "oidc");
	snprintf(p.nonce, sizeof(p.nonce), "%s", s->nonce);
	snprintf(p.verifier, sizeof(p.verifier), "%s", s->verifier);
	p.created_at = rede_now();
	err = store_sso_pending_prune(c, p.created_at - s->pol.request_max_age);
	if (!err)
		err = store_sso_pending_add(c, &p);
	if (err)
		return err;
	resp->status = 303;
	resp->location = xstrdup(s->url);
	resp->keep = true;
	return REDE_OK;
}

/* ---- callback ---- */

/* The values of the role claim (a string or an array of strings). */
static void claim_values(json_t *claims, const char *name, struct oidc_scratch *s)
{
	json_t *v = json_object_get(claims, name), *e;
	size_t i, n = 0;

	s->values = xcalloc(VALUES_MAX + 1, sizeof(char *));
	if (json_is_string(v)) {
		s->values[n++] = xstrdup(json_string_value(v));
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e)
		{
			if (json_is_string(e) && n < VALUES_MAX)
				s->values[n++] = xstrdup(json_string_value(e));
		}
	}
	s->nvalues = n;
}

static void name_of(json_t *claims, struct oidc_scratch *s)
{
	const char *name = json_string_value(json_object_get(claims, "name"));
	const char *given = json_string_value(json_object_get(claims, "given_name"));
	const char *family = json_string_value(json_object_get(claims, "family_name"));

	if (name && *name)
		s->display_name = xstrdup(name);
	else if (given || family)
		s->display_name = xasprintf("%s%s%s", given ? given : "",
					    given && family ? " " : "", family ? family : "");
}

enum rede_err h_oidc_callback_prepare(struct http_req *req, struct http_resp *resp)
{
	struct oidc_scratch *s = scratch(req);
	const char *state = http_query(req, "state"), *code = http_query(req, "code");
	struct oidc_conf k;
	struct sso_oidc_provider prov = {0};
	char browser[CRYPTO_HASH_HEX], *ru = NULL, *secret = NULL, *id_token = NULL, *msg = NULL;
	json_t *claims = NULL;
	enum rede_err err = conf_read(req, &k, state && strlen(state) < 128 ? state : NULL);

	if (err)
		goto out;
	if (!k.found) {
		unknown(resp);
		goto out;
	}
	s->municipality_id = k.m.id;
	s->pol = k.pol;
	snprintf(s->state, sizeof(s->state), "%s", state && strlen(state) < 64 ? state : "");
	if (http_query(req, "error")) {
		s->why = "the provider answered with an error";
		goto out;
	}
	/* RFC 9207: a provider that names itself must be ours (mix-up) */
	if (http_query(req, "iss") && strcmp(http_query(req, "iss"), k.cfg.issuer)) {
		s->why = "authorization response from another issuer";
		goto out;
	}
	if (!state || !code || !k.have_pending) {
		s->why = "state names no sign-in of ours (or one already finished)";
		goto out;
	}
	if (strcmp(k.pending.kind, "oidc") || k.pending.municipality_id != k.m.id) {
		s->why = "state names another municipality's sign-in";
		goto out;
	}
	if (rede_now() - k.pending.created_at > k.pol.request_max_age) {
		s->why = "the sign-in is too old";
		goto out;
	}
	if (!h_sso_browser_hash(req, browser) || !str_equal_ct(browser, k.pending.browser_hash)) {
		s->why = "the answer comes to another browser than the request";
		goto out;
	}
	if (sso_oidc_discover(k.cfg.issuer, k.pol.jwks_max_age, &prov, &msg) != REDE_OK) {
		log_warn("oidc discovery: %s", msg ? msg : "failed");
		s->why = "discovery failed";
		goto out;
	}
	if (crypto_secret_open(http_keys(req->srv), k.cfg.client_secret_sealed, &secret) !=
	    REDE_OK) {
		log_error("oidc: the client secret of municipality %s does not open with this key "
			  "file",
			  k.m.code);
		err = REDE_E_CRYPTO;
		goto out;
	}
	ru = redirect_uri(&k);
	{
		struct sso_oidc_rp rp = {k.cfg.issuer, k.cfg.client_id, secret,
					 ru,           k.cfg.alg,       k.cfg.scopes};
		struct sso_oidc_policy pol = {rede_now(), k.pol.clock_skew, k.pol.jwks_max_age,
					      k.pol.jwks_min_refetch};

		free(msg);
		msg = NULL;
		if (sso_oidc_exchange(&prov, &rp, code, k.pending.verifier, &id_token, &msg) !=
		    REDE_OK) {
			log_warn("oidc token request: %s", msg ? msg : "failed");
			s->why = "the code could not be exchanged";
			goto out;
		}
		if (sso_oidc_verify(&prov, &rp, id_token, k.pending.nonce, &pol, &claims,
				    &s->why) != REDE_OK)
			goto out;
	}
	s->subject = xstrdup(json_string_value(json_object_get(claims, "sub")));
	name_of(claims, s);
	claim_values(claims, k.cfg.role_claim, s);
	s->idp_logout = xstrdup(prov.end_session_endpoint);
	s->verified = true;
out:
	json_decref(claims);
	if (secret) {
		sodium_memzero(secret, strlen(secret));
		free(secret);
	}
	free(id_token);
	free(ru);
	free(msg);
	sso_oidc_provider_release(&prov);
	sso_oidc_config_release(&k.cfg);
	return err;
}

enum rede_err h_oidc_callback(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct oidc_scratch *s = req->scratch;
	struct sso_person p = {0};
	bool taken = false;
	enum rede_err err;

	if (!s->verified) {
		h_sso_refused(req, s->municipality_id, "oidc", s->why);
		h_sso_page(resp, 403, FAILED_TITLE, FAILED_TEXT);
		return REDE_OK;
	}
	/* the state is used once: a second answer to it is refused */
	err = store_sso_pending_take(c, s->state, &taken);
	if (err)
		return err;
	if (!taken) {
		h_sso_refused(req, s->municipality_id, "oidc", "the sign-in was finished already");
		h_sso_page(resp, 403, FAILED_TITLE, FAILED_TEXT);
		return REDE_OK;
	}
	p.municipality_id = s->municipality_id;
	p.kind = "oidc";
	p.subject = s->subject;
	p.display_name = s->display_name;
	p.values = s->values;
	p.nvalues = s->nvalues;
	p.idp_logout = s->idp_logout;
	return h_sso_sign_in(req, c, resp, &p);
}
