/*
 * saml_logout.c - SAML single logout, both ways, on lasso.
 *
 * Rede keeps no lasso session between requests. What logout needs of one -
 * the NameID and SessionIndex the IdP gave - is kept with Rede's session
 * (table sso_session) and turned back into a minimal lasso session when
 * logout runs. Rede's own messages use the HTTP-Redirect binding (signed
 * query, RSA-SHA256); the IdP's may come by HTTP-Redirect or HTTP-POST,
 * and must be signed.
 */
#include <lasso/xml/saml-2.0/saml2_assertion.h>
#include <lasso/xml/saml-2.0/saml2_authn_statement.h>
#include <lasso/xml/saml-2.0/saml2_name_id.h>
#include <lasso/xml/saml-2.0/saml2_subject.h>
#include <lasso/xml/saml-2.0/samlp2_logout_request.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "sso/sso_internal.h"

#define MSG_CAP (256 * 1024)

struct sso_saml_logout {
	struct sso_saml_lease *lease;
	LassoLogout *logout; /* holds its own reference to the server */
};

/* A lasso session holding one minimal assertion for s, from idp. */
static bool set_session(LassoProfile *profile, const char *idp, const struct sso_saml_subject *s)
{
	LassoSession *session = lasso_session_new();
	LassoSaml2Assertion *as = LASSO_SAML2_ASSERTION(lasso_saml2_assertion_new());
	LassoSaml2Subject *subj = LASSO_SAML2_SUBJECT(lasso_saml2_subject_new());
	LassoSaml2NameID *ni =
		LASSO_SAML2_NAME_ID(lasso_saml2_name_id_new_with_string((char *)s->name_id));
	LassoSaml2AuthnStatement *st =
		LASSO_SAML2_AUTHN_STATEMENT(lasso_saml2_authn_statement_new());
	gchar *dump;
	bool ok;

	if (s->name_id_format && *s->name_id_format)
		ni->Format = g_strdup(s->name_id_format);
	if (s->name_qualifier && *s->name_qualifier)
		ni->NameQualifier = g_strdup(s->name_qualifier);
	if (s->sp_name_qualifier && *s->sp_name_qualifier)
		ni->SPNameQualifier = g_strdup(s->sp_name_qualifier);
	subj->NameID = ni;
	as->Subject = subj;
	/* always one: lasso refuses a logout for a session without any */
	st->SessionIndex = g_strdup(s->session_index ? s->session_index : "");
	as->AuthnStatement = g_list_append(NULL, st);
	lasso_session_add_assertion(session, idp, LASSO_NODE(as));
	dump = lasso_session_dump(session);
	ok = dump && lasso_profile_set_session_from_dump(profile, dump) == 0;
	g_free(dump);
	g_object_unref(as);
	g_object_unref(session);
	return ok;
}

static char *idp_id(const struct sso_saml_sp *sp)
{
	char *id = NULL, *msg = NULL;

	sso_saml_idp_check(sp->idp_metadata, &id, &msg);
	free(msg);
	return id;
}

enum rede_err sso_saml_logout_url(const struct sso_saml_sp *sp, const struct sso_saml_subject *s,
				  char **url, char **msg)
{
	const char *why = NULL;
	struct sso_saml_lease *lease = NULL;
	LassoServer *server = sso_saml_server_get(sp, &why, &lease);
	LassoLogout *logout = NULL;
	char *idp = idp_id(sp);
	enum rede_err err = REDE_E_CRYPTO;
	int rc;

	*url = *msg = NULL;
	if (!server || !idp) {
		*msg = xasprintf("%s", server ? "the IdP metadata cannot be read" : why);
		goto out;
	}
	logout = lasso_logout_new(server);
	if (!set_session(LASSO_PROFILE(logout), idp, s)) {
		*msg = xasprintf("cannot build the logout session");
		goto out;
	}
	lasso_profile_set_signature_hint(LASSO_PROFILE(logout), LASSO_PROFILE_SIGNATURE_HINT_FORCE);
	rc = lasso_logout_init_request(logout, idp, LASSO_HTTP_METHOD_REDIRECT);
	if (!rc)
		rc = lasso_logout_build_request_msg(logout);
	if (rc || !LASSO_PROFILE(logout)->msg_url) {
		*msg = xasprintf("logout request: %s", lasso_strerror(rc));
		goto out;
	}
	*url = xstrdup(LASSO_PROFILE(logout)->msg_url);
	err = REDE_OK;
out:
	free(idp);
	if (logout)
		g_object_unref(logout);
	sso_saml_server_put(lease);
	return err;
}

/* For the POST binding: the base64 message, checked by the guard and
 * re-encoded so lasso reads exactly the checked bytes. */
static char *checked_post(const char *msg, const char **why)
{
	size_t len = 0, blen;
	char *xml = sso_b64_decode(msg, MSG_CAP, &len), *b64 = NULL;

	*why = "message is not base64";
	if (xml && sso_guard_message(xml, len, why)) {
		blen = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
		b64 = xmalloc(blen);
		sodium_bin2base64(b64, blen, (const unsigned char *)xml, len,
				  sodium_base64_VARIANT_ORIGINAL);
	}
	free(xml);
	return b64;
}

void sso_saml_logout_free(struct sso_saml_logout *lo)
{
	if (!lo)
		return;
	if (lo->logout) {
		sso_saml_server_relock(lo->lease);
		g_object_unref(lo->logout);
		sso_saml_server_put(lo->lease);
	}
	free(lo);
}

enum rede_err sso_saml_logout_request(const struct sso_saml_sp *sp, const char *msg, bool post,
				      struct sso_saml_logout **out, char **name_id,
				      char **session_index, const char **why)
{
	struct sso_saml_logout *lo = xcalloc(1, sizeof(*lo));
	LassoServer *server;
	char *checked = NULL, *slo = sso_saml_endpoint(sp, "slo");
	LassoSamlp2LogoutRequest *req;
	enum rede_err err = REDE_E_DENIED;
	int rc;

	*out = NULL;
	*name_id = *session_index = NULL;
	if (post)
		checked = checked_post(msg, why);
	else if (!sso_saml_query_verify(sp->idp_metadata, msg, &checked, why))
		checked = NULL;
	if (!checked)
		goto out;
	server = sso_saml_server_get(sp, why, &lo->lease);
	if (!server) {
		err = REDE_E_CRYPTO;
		goto out;
	}
	lo->logout = lasso_logout_new(server);
	/* POST: lasso (xmlsec1) verifies the XML signature; Redirect: the
	 * query signature was verified above and lasso gets the message
	 * without it (saml_query.c says why) */
	lasso_profile_set_signature_verify_hint(LASSO_PROFILE(lo->logout),
						post ? LASSO_PROFILE_SIGNATURE_VERIFY_HINT_FORCE
						     : LASSO_PROFILE_SIGNATURE_VERIFY_HINT_IGNORE);
	rc = lasso_logout_process_request_msg(lo->logout, checked);
	/* the caller asks the database next: no lease meanwhile */
	sso_saml_server_put(lo->lease);
	if (rc) {
		*why = lasso_strerror(rc);
		goto out;
	}
	req = LASSO_SAMLP2_LOGOUT_REQUEST(LASSO_PROFILE(lo->logout)->request);
	if (!req || !req->NameID || !req->NameID->content) {
		*why = "logout request without NameID";
		goto out;
	}
	if (req->parent.Destination && strcmp(req->parent.Destination, slo)) {
		*why = "logout request Destination is not this SLO endpoint";
		goto out;
	}
	*name_id = xstrdup(req->NameID->content);
	*session_index = xstrdup(req->SessionIndex);
	*out = lo;
	lo = NULL;
	err = REDE_OK;
out:
	sso_saml_logout_free(lo);
	free(checked);
	free(slo);
	return err;
}

enum rede_err sso_saml_logout_answer(struct sso_saml_logout *lo, char **url)
{
	LassoProfile *p = LASSO_PROFILE(lo->logout);
	LassoSamlp2LogoutRequest *req = LASSO_SAMLP2_LOGOUT_REQUEST(p->request);
	struct sso_saml_subject s = {req->NameID->content, req->NameID->Format,
				     req->NameID->NameQualifier, req->NameID->SPNameQualifier,
				     req->SessionIndex};
	enum rede_err err = REDE_E_CRYPTO;
	int rc;

	*url = NULL;
	sso_saml_server_relock(lo->lease);
	/* Rede has ended the sessions; lasso answers Success when it finds
	 * the subject in a session */
	if (!set_session(p, p->remote_providerID, &s))
		goto out;
	rc = lasso_logout_validate_request(lo->logout);
	if (rc)
		log_warn("saml logout: %s", lasso_strerror(rc));
	/* answer by HTTP-Redirect whatever binding the request came by (a
	 * POST answer would need a self-submitting page) */
	lo->logout->initial_http_request_method = LASSO_HTTP_METHOD_REDIRECT;
	p->http_request_method = LASSO_HTTP_METHOD_REDIRECT;
	lasso_profile_set_signature_hint(p, LASSO_PROFILE_SIGNATURE_HINT_FORCE);
	rc = lasso_logout_build_response_msg(lo->logout);
	if (rc || !p->msg_url) {
		log_warn("saml logout response: %s", lasso_strerror(rc));
		goto out;
	}
	*url = xstrdup(p->msg_url);
	err = REDE_OK;
out:
	sso_saml_server_put(lo->lease);
	return err;
}

enum rede_err sso_saml_logout_response(const struct sso_saml_sp *sp, const char *msg, bool post,
				       const char **why)
{
	struct sso_saml_lease *lease = NULL;
	LassoServer *server = sso_saml_server_get(sp, why, &lease);
	char *idp = idp_id(sp), *checked = NULL;
	LassoProvider *prov;
	enum rede_err err = REDE_E_DENIED;
	int rc;

	if (!server || !idp)
		goto out;
	if (!post) {
		if (sso_saml_query_verify(sp->idp_metadata, msg, &checked, why))
			err = REDE_OK;
		goto out;
	}
	checked = checked_post(msg, why);
	if (!checked)
		goto out;
	prov = lasso_server_get_provider(server, idp);
	rc = prov ? lasso_provider_verify_signature(prov, checked, "ID",
						    LASSO_MESSAGE_FORMAT_BASE64)
		  : LASSO_SERVER_ERROR_PROVIDER_NOT_FOUND;
	if (rc) {
		*why = lasso_strerror(rc);
		goto out;
	}
	err = REDE_OK;
out:
	free(checked);
	free(idp);
	sso_saml_server_put(lease);
	return err;
}
