/*
 * h_sso_saml.c - sign-in through KOMBIT's Context Handler (or another
 * OIOSAML 3 IdP) for one municipality:
 *
 *   GET  /auth/saml/{code}/metadata   the SP metadata, signed
 *   GET  /auth/saml/{code}/login      signed AuthnRequest -> 303 to the IdP
 *   POST /auth/saml/{code}/acs        the IdP's Response -> session, 303 to /
 *   GET|POST /auth/saml/{code}/slo    single logout, both ways
 *
 * The signature work (lasso, src/sso/) runs in the prepare step, outside
 * the write transaction; the handler then books the outcome: the
 * AuthnRequest the answer is for (InResponseTo: issued here, to this
 * browser, not too long ago, used once), the assertion's one-time use,
 * the assurance level and the CVR, and the sign-in itself (h_sso.c).
 * Every refusal is a Danish page and an audit entry naming the check.
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

/* What the prepare steps hand to the handlers. */
struct saml_scratch {
	int64_t municipality_id;
	struct sso_policy pol;
	char *url;                   /* login: where to send the browser */
	char *request_id;            /* login */
	struct sso_saml_login login; /* acs */
	char **privileges;           /* acs, within the CVR's scope */
	size_t nprivileges;
	char *cvr;       /* acs: the configured CVR */
	const char *why; /* acs: the failed check, or NULL */
	bool verified;   /* acs: the response passed lasso's and our checks */
};

static void scratch_free(void *p)
{
	struct saml_scratch *s = p;

	if (!s)
		return;
	free(s->url);
	free(s->request_id);
	sso_saml_login_release(&s->login);
	sso_strv_free(s->privileges);
	free(s->cvr);
	free(s);
}

static struct saml_scratch *scratch(struct http_req *req)
{
	if (!req->scratch) {
		req->scratch = xcalloc(1, sizeof(struct saml_scratch));
		req->scratch_free = scratch_free;
	}
	return req->scratch;
}

/* The municipality's configuration, with the SP key opened. */
struct saml_conf {
	struct municipality_row m;
	struct sso_saml_config cfg;
	struct sso_policy pol;
	char *key;
	struct sso_saml_sp sp;
	bool found; /* municipality known and SAML configured */
};

static void conf_release(struct saml_conf *k)
{
	if (k->key) {
		sodium_memzero(k->key, strlen(k->key));
		free(k->key);
	}
	sso_saml_config_release(&k->cfg);
	memset(k, 0, sizeof(*k));
}

static enum rede_err conf_load(struct store_conn *c, struct http_req *req, struct saml_conf *k,
			       bool need_enabled)
{
	const char *code = req->args[0];
	enum rede_err err;

	memset(k, 0, sizeof(*k));
	err = store_municipality_by_code(c, code, &k->m);
	if (!err)
		err = store_sso_saml_get(c, k->m.id, &k->cfg);
	if (err == REDE_E_NOTFOUND)
		return REDE_OK;
	if (!err)
		err = h_sso_policy(c, k->m.id, &k->pol);
	if (err)
		return err;
	if (need_enabled && !k->cfg.enabled)
		return REDE_OK;
	if (crypto_secret_open(http_keys(req->srv), k->cfg.sp_key_sealed, &k->key) != REDE_OK) {
		log_error("saml: the SP key of municipality %s does not open with this key file",
			  k->m.code);
		return REDE_E_CRYPTO;
	}
	k->sp = (struct sso_saml_sp){k->m.code,      k->cfg.base_url, k->cfg.sp_entity_id,
				     k->cfg.sp_cert, k->key,          k->cfg.idp_metadata};
	k->found = true;
	return REDE_OK;
}

struct conf_tx {
	struct http_req *req;
	struct saml_conf *k;
	bool need_enabled;
};

static enum rede_err conf_body(struct store_conn *c, void *arg)
{
	struct conf_tx *t = arg;

	conf_release(t->k);
	return conf_load(c, t->req, t->k, t->need_enabled);
}

static void unknown(struct http_resp *resp)
{
	h_sso_page(resp, 404, "Ukendt kommune",
		   "Kommunen findes ikke i Rede, eller den bruger ikke kommunens login.");
}

/* ---- metadata ---- */

enum rede_err h_saml_metadata(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct saml_conf k;
	char *xml = NULL, *msg = NULL;
	enum rede_err err = conf_load(c, req, &k, false);

	if (err)
		goto out;
	if (!k.found) {
		unknown(resp);
		goto out;
	}
	err = sso_saml_metadata(&k.sp, &xml, &msg);
	if (err) {
		log_error("saml metadata: %s", msg ? msg : "failed");
		goto out;
	}
	http_raw(resp, 200, xml, strlen(xml), "application/samlmetadata+xml", NULL);
out:
	free(msg);
	conf_release(&k);
	return err;
}

/* ---- login ---- */

enum rede_err h_saml_login_prepare(struct http_req *req, struct http_resp *resp)
{
	struct saml_scratch *s = scratch(req);
	struct saml_conf k;
	struct conf_tx t = {req, &k, true};
	char *msg = NULL;
	enum rede_err err;

	memset(&k, 0, sizeof(k));
	err = store_tx_run(http_store(req->srv), STORE_TX_READ, conf_body, &t);
	if (err)
		goto out;
	if (!k.found) {
		unknown(resp);
		goto out;
	}
	s->municipality_id = k.m.id;
	s->pol = k.pol;
	err = sso_saml_authn_request(&k.sp, (enum sso_loa)k.pol.saml_min_loa, &s->url,
				     &s->request_id, &msg);
	if (err)
		log_error("saml login: %s", msg ? msg : "failed");
out:
	free(msg);
	conf_release(&k);
	return err;
}

enum rede_err h_saml_login(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct saml_scratch *s = req->scratch;
	struct sso_pending p = {0};
	enum rede_err err;

	h_sso_browser_bind(req, resp, s->pol.request_max_age, p.browser_hash);
	snprintf(p.key, sizeof(p.key), "%s", s->request_id);
	p.municipality_id = s->municipality_id;
	snprintf(p.kind, sizeof(p.kind), "saml");
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

/* ---- the assertion consumer service ---- */

enum rede_err h_saml_acs_prepare(struct http_req *req, struct http_resp *resp)
{
	struct saml_scratch *s = scratch(req);
	struct saml_conf k;
	struct conf_tx t = {req, &k, true};
	char *msg = http_form(req, "SAMLResponse");
	enum rede_err err;

	memset(&k, 0, sizeof(k));
	err = store_tx_run(http_store(req->srv), STORE_TX_READ, conf_body, &t);
	if (err)
		goto out;
	if (!k.found) {
		unknown(resp);
		goto out;
	}
	s->municipality_id = k.m.id;
	s->pol = k.pol;
	s->cvr = xstrdup(k.cfg.cvr);
	if (!msg) {
		s->why = "no SAMLResponse in the form";
		goto out;
	}
	if (sso_saml_response(&k.sp, msg, rede_now(), k.pol.clock_skew, &s->login, &s->why) !=
	    REDE_OK)
		goto out;
	if (s->login.privileges_b64 &&
	    sso_saml_privileges(s->login.privileges_b64, k.cfg.cvr, &s->privileges, &s->nprivileges,
				&s->why) != REDE_OK)
		goto out;
	s->verified = true;
out:
	free(msg);
	conf_release(&k);
	return err;
}

static enum rede_err refuse(struct http_req *req, struct http_resp *resp, const char *why,
			    const char *title, const char *text)
{
	struct saml_scratch *s = req->scratch;

	h_sso_refused(req, s->municipality_id, "saml", why);
	h_sso_page(resp, 403, title ? title : FAILED_TITLE, text ? text : FAILED_TEXT);
	return REDE_OK;
}

/* The AuthnRequest the answer is for: issued here for this municipality,
 * to this browser, recently; then used up. */
static enum rede_err check_request(struct http_req *req, struct store_conn *c, const char **why)
{
	struct saml_scratch *s = req->scratch;
	struct sso_pending p;
	char browser[CRYPTO_HASH_HEX];
	bool taken = false;
	enum rede_err err;

	*why = NULL;
	err = store_sso_pending_get(c, s->login.in_response_to, &p);
	if (err == REDE_E_NOTFOUND) {
		*why = "InResponseTo names no request of ours (or one already answered)";
		return REDE_OK;
	}
	if (err)
		return err;
	if (strcmp(p.kind, "saml") || p.municipality_id != s->municipality_id) {
		*why = "InResponseTo names another municipality's request";
		return REDE_OK;
	}
	if (rede_now() - p.created_at > s->pol.request_max_age) {
		*why = "the request is too old";
		return REDE_OK;
	}
	if (!h_sso_browser_hash(req, browser) || !str_equal_ct(browser, p.browser_hash)) {
		*why = "the answer comes to another browser than the request";
		return REDE_OK;
	}
	err = store_sso_pending_take(c, p.key, &taken);
	if (!err && !taken)
		*why = "the request was answered already";
	return err;
}

enum rede_err h_saml_acs(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct saml_scratch *s = req->scratch;
	struct sso_saml_login *l = &s->login;
	struct sso_person p = {0};
	const char *why = NULL;
	bool fresh = false;
	enum rede_err err;

	if (!s->verified)
		return refuse(req, resp, s->why, NULL, NULL);
	/* one-time use, before anything else: a replayed assertion is
	 * refused as such whatever else is wrong with it */
	err = store_sso_replay_claim(c, "saml", l->assertion_id, l->expires_at, rede_now(), &fresh);
	if (err)
		return err;
	if (!fresh)
		return refuse(req, resp, "assertion replayed", NULL, NULL);
	err = check_request(req, c, &why);
	if (err)
		return err;
	if (why)
		return refuse(req, resp, why, NULL, NULL);
	if ((int64_t)l->loa < s->pol.saml_min_loa)
		return refuse(
			req, resp, "assurance level too low", "Sikringsniveauet er for lavt",
			"Rede kræver et højere sikringsniveau (NSIS), end du loggede ind med. "
			"Log ind igen med MitID på det krævede niveau.");
	if (!s->cvr || !*s->cvr)
		return refuse(req, resp, "no CVR configured for the municipality", NULL,
			      "Kommunens login er ikke sat helt op i Rede (CVR-nummer mangler). "
			      "Kontakt kommunens administrator.");
	if (!l->cvr || strcmp(l->cvr, s->cvr))
		return refuse(req, resp, "user of another organisation (CVR)",
			      "Forkert organisation",
			      "Du er logget ind som medarbejder i en anden organisation end denne "
			      "kommune.");
	p.municipality_id = s->municipality_id;
	p.kind = "saml";
	p.subject = l->name_id;
	p.display_name = l->display_name;
	p.values = s->privileges;
	p.nvalues = s->nprivileges;
	p.name_id_format = l->name_id_format;
	p.name_qualifier = l->name_qualifier;
	p.sp_name_qualifier = l->sp_name_qualifier;
	p.session_index = l->session_index;
	return h_sso_sign_in(req, c, resp, &p);
}

/* ---- single logout ---- */

/* The value of a query parameter, from the raw query (MHD decodes it). */
static bool has_param(struct http_req *req, const char *name)
{
	return http_query(req, name) != NULL;
}

enum rede_err h_saml_slo(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	bool post = !strcmp(req->method, "POST");
	char *form_req = post ? http_form(req, "SAMLRequest") : NULL;
	char *form_resp = post && !form_req ? http_form(req, "SAMLResponse") : NULL;
	bool is_request = post ? form_req != NULL : has_param(req, "SAMLRequest");
	bool is_response = post ? form_resp != NULL : has_param(req, "SAMLResponse");
	struct sso_saml_logout *lo = NULL;
	char *name_id = NULL, *session_index = NULL, *url = NULL;
	const char *why = NULL;
	struct saml_conf k;
	int64_t ended = 0;
	enum rede_err err = conf_load(c, req, &k, false);

	req->audit_action = "logout";
	req->audit_entity = "user";
	if (err)
		goto out;
	if (!k.found) {
		unknown(resp);
		goto out;
	}
	req->audit_municipality_id = k.m.id;
	if (!is_request && !is_response) {
		h_sso_page(resp, 400, "Ugyldig forespørgsel",
			   "Der mangler en besked fra kommunens login.");
		goto out;
	}
	if (!post && (!req->raw_query || !*req->raw_query)) {
		h_sso_page(resp, 400, "Ugyldig forespørgsel", "Beskeden kunne ikke læses.");
		goto out;
	}
	if (is_response) {
		/* the IdP's answer to our LogoutRequest: Rede's session ended
		 * when the user signed out */
		if (sso_saml_logout_response(&k.sp, post ? form_resp : req->raw_query, post,
					     &why) != REDE_OK) {
			h_sso_refused(req, k.m.id, "saml", why);
			req->audit_action = "logout";
			h_sso_page(
				resp, 400, "Log ud mislykkedes",
				"Svaret fra kommunens login kunne ikke godkendes. Du er logget ud "
				"af Rede.");
			goto out;
		}
		resp->status = 303;
		resp->location = xstrdup("/");
		resp->keep = true;
		goto out;
	}
	err = sso_saml_logout_request(&k.sp, post ? form_req : req->raw_query, post, &lo, &name_id,
				      &session_index, &why);
	if (err == REDE_E_DENIED) {
		err = REDE_OK;
		h_sso_refused(req, k.m.id, "saml", why);
		req->audit_action = "logout";
		h_sso_page(resp, 400, "Log ud mislykkedes",
			   "Beskeden fra kommunens login kunne ikke godkendes.");
		goto out;
	}
	if (err)
		goto out;
	err = store_sso_session_end_subject(c, k.m.id, "saml", name_id, session_index, rede_now(),
					    &ended);
	if (err)
		goto out;
	err = sso_saml_logout_answer(lo, &url);
	if (err)
		goto out;
	req->audit_detail =
		xasprintf("saml single logout from the IdP: %lld sessions ended", (long long)ended);
	resp->status = 303;
	resp->location = url;
	url = NULL;
	resp->keep = true;
out:
	sso_saml_logout_free(lo);
	free(url);
	free(name_id);
	free(session_index);
	free(form_req);
	free(form_resp);
	conf_release(&k);
	return err;
}
