/*
 * saml.c - the SAML 2.0 service provider on lasso: a lasso server per
 * municipality, the signed AuthnRequest, and every check of a Response
 * (see sso.h for the list).
 *
 * Signatures and decryption are lasso's and xmlsec1's. Before lasso sees a
 * Response, saml_guard.c refuses the shapes signature wrapping needs, and
 * lasso is given exactly the bytes that were checked. After lasso, the
 * fields it leaves to its caller are checked here: Destination, Recipient,
 * audience, the time window, bearer confirmation, the NameID format, the
 * agreement of the two InResponseTo.
 *
 * A LassoServer is built for each use (a few milliseconds): lasso objects
 * are not shared between threads.
 */
#include <lasso/xml/misc_text_node.h>
#include <lasso/xml/saml-2.0/saml2_assertion.h>
#include <lasso/xml/saml-2.0/saml2_attribute.h>
#include <lasso/xml/saml-2.0/saml2_attribute_statement.h>
#include <lasso/xml/saml-2.0/saml2_attribute_value.h>
#include <lasso/xml/saml-2.0/saml2_audience_restriction.h>
#include <lasso/xml/saml-2.0/saml2_authn_statement.h>
#include <lasso/xml/saml-2.0/saml2_conditions.h>
#include <lasso/xml/saml-2.0/saml2_name_id.h>
#include <lasso/xml/saml-2.0/saml2_subject.h>
#include <lasso/xml/saml-2.0/saml2_subject_confirmation.h>
#include <lasso/xml/saml-2.0/saml2_subject_confirmation_data.h>
#include <lasso/xml/saml-2.0/samlp2_authn_request.h>
#include <lasso/xml/saml-2.0/samlp2_name_id_policy.h>
#include <lasso/xml/saml-2.0/samlp2_requested_authn_context.h>
#include <lasso/xml/saml-2.0/samlp2_response.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "sso/sso_internal.h"

#define RESPONSE_CAP (1024 * 1024)
#define PERSISTENT "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
#define BEARER "urn:oasis:names:tc:SAML:2.0:cm:bearer"
#define LOA_CLASS "https://data.gov.dk/concept/core/nsis/loa/"

LassoServer *sso_saml_server(const struct sso_saml_sp *sp, const char **why)
{
	char *md = sso_saml_sp_metadata_plain(sp);
	LassoServer *s = NULL;

	*why = "the SP configuration cannot be loaded";
	if (!md)
		return NULL;
	/* No certificate for lasso's signatures: Rede's messages use the
	 * HTTP-Redirect binding (no KeyInfo), and given as text xmlsec1
	 * 1.2.37 leaks a BIO on each signature (lasso tries it as a file
	 * name first). The IdP has the certificate from the SP metadata. */
	s = lasso_server_new_from_buffers(md, sp->key_pem, NULL, NULL);
	free(md);
	if (!s)
		return NULL;
	/* Debian's lasso is built with RSA-SHA1 as its default */
	s->signature_method = LASSO_SIGNATURE_METHOD_RSA_SHA256;
	if (lasso_server_add_provider_from_buffer(s, LASSO_PROVIDER_ROLE_IDP, sp->idp_metadata,
						  NULL, NULL) != 0) {
		*why = "the IdP metadata cannot be loaded";
		g_object_unref(s);
		return NULL;
	}
	return s;
}

/* ---- the cache of lasso servers, one per municipality ---- */
struct sso_saml_lease {
	char code[32];
	unsigned char fp[crypto_generichash_BYTES]; /* of the configuration */
	LassoServer *server;
	pthread_mutex_t use;
	struct sso_saml_lease *next;
};
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sso_saml_lease *cache_head;

static void fingerprint(const struct sso_saml_sp *sp, unsigned char out[crypto_generichash_BYTES])
{
	crypto_generichash_state st;
	const char *parts[] = {sp->code,     sp->base_url, sp->entity_id,
			       sp->cert_pem, sp->key_pem,  sp->idp_metadata};

	crypto_generichash_init(&st, NULL, 0, crypto_generichash_BYTES);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		crypto_generichash_update(&st, (const unsigned char *)parts[i],
					  strlen(parts[i]) + 1);
	crypto_generichash_final(&st, out, crypto_generichash_BYTES);
}

LassoServer *sso_saml_server_get(const struct sso_saml_sp *sp, const char **why,
				 struct sso_saml_lease **lease)
{
	unsigned char fp[crypto_generichash_BYTES];
	struct sso_saml_lease *e;

	*lease = NULL;
	fingerprint(sp, fp);
	pthread_mutex_lock(&cache_lock);
	for (e = cache_head; e; e = e->next)
		if (!strcmp(e->code, sp->code))
			break;
	if (!e) {
		e = xcalloc(1, sizeof(*e));
		snprintf(e->code, sizeof(e->code), "%s", sp->code);
		pthread_mutex_init(&e->use, NULL);
		e->next = cache_head;
		cache_head = e;
	}
	pthread_mutex_unlock(&cache_lock);
	pthread_mutex_lock(&e->use);
	if (!e->server || memcmp(e->fp, fp, sizeof(fp))) {
		if (e->server)
			g_object_unref(e->server);
		e->server = sso_saml_server(sp, why);
		memcpy(e->fp, fp, sizeof(fp));
		if (!e->server) {
			pthread_mutex_unlock(&e->use);
			return NULL;
		}
	}
	*lease = e;
	return e->server;
}

void sso_saml_server_put(struct sso_saml_lease *lease)
{
	if (lease)
		pthread_mutex_unlock(&lease->use);
}

void sso_saml_server_relock(struct sso_saml_lease *lease)
{
	pthread_mutex_lock(&lease->use);
}

void sso_saml_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	while (cache_head) {
		struct sso_saml_lease *e = cache_head;
		cache_head = e->next;
		if (e->server)
			g_object_unref(e->server);
		pthread_mutex_destroy(&e->use);
		free(e);
	}
	pthread_mutex_unlock(&cache_lock);
}

enum rede_err sso_saml_sp_check(const struct sso_saml_sp *sp, const char **why)
{
	LassoServer *s = sso_saml_server(sp, why);

	if (!s)
		return REDE_E_INVALID;
	g_object_unref(s);
	return REDE_OK;
}

enum rede_err sso_saml_authn_request(const struct sso_saml_sp *sp, enum sso_loa min_loa, char **url,
				     char **request_id, char **msg)
{
	const char *why = NULL;
	struct sso_saml_lease *lease = NULL;
	LassoServer *server = sso_saml_server_get(sp, &why, &lease);
	LassoLogin *login = NULL;
	LassoSamlp2AuthnRequest *req;
	enum rede_err err = REDE_E_CRYPTO;
	int rc;

	*url = *request_id = *msg = NULL;
	if (!server) {
		*msg = xasprintf("%s", why);
		goto out;
	}
	login = lasso_login_new(server);
	rc = lasso_login_init_authn_request(login, NULL, LASSO_HTTP_METHOD_REDIRECT);
	if (rc) {
		*msg = xasprintf("authn request: %s", lasso_strerror(rc));
		goto out;
	}
	req = LASSO_SAMLP2_AUTHN_REQUEST(LASSO_PROFILE(login)->request);
	g_free(req->NameIDPolicy->Format);
	req->NameIDPolicy->Format = g_strdup(PERSISTENT);
	req->NameIDPolicy->AllowCreate = TRUE;
	g_free(req->ProtocolBinding);
	req->ProtocolBinding = g_strdup("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
	g_free(req->AssertionConsumerServiceURL);
	req->AssertionConsumerServiceURL = sso_saml_endpoint(sp, "acs");
	if (min_loa > SSO_LOA_NONE) {
		LassoSamlp2RequestedAuthnContext *ctx = LASSO_SAMLP2_REQUESTED_AUTHN_CONTEXT(
			lasso_samlp2_requested_authn_context_new());
		ctx->AuthnContextClassRef = g_list_append(
			NULL, g_strdup_printf(LOA_CLASS "%s", sso_loa_names[min_loa]));
		ctx->Comparison = g_strdup("minimum");
		if (req->RequestedAuthnContext)
			g_object_unref(req->RequestedAuthnContext);
		req->RequestedAuthnContext = ctx;
	}
	lasso_profile_set_signature_hint(LASSO_PROFILE(login), LASSO_PROFILE_SIGNATURE_HINT_FORCE);
	rc = lasso_login_build_authn_request_msg(login);
	if (rc || !LASSO_PROFILE(login)->msg_url) {
		*msg = xasprintf("authn request: %s", lasso_strerror(rc));
		goto out;
	}
	*url = xstrdup(LASSO_PROFILE(login)->msg_url);
	*request_id = xstrdup(LASSO_SAMLP2_REQUEST_ABSTRACT(req)->ID);
	err = REDE_OK;
out:
	if (login)
		g_object_unref(login);
	sso_saml_server_put(lease);
	return err;
}

void sso_saml_login_release(struct sso_saml_login *l)
{
	free(l->name_id);
	free(l->name_id_format);
	free(l->name_qualifier);
	free(l->sp_name_qualifier);
	free(l->session_index);
	free(l->assertion_id);
	free(l->in_response_to);
	free(l->cvr);
	free(l->display_name);
	free(l->privileges_b64);
	memset(l, 0, sizeof(*l));
}

/* "2026-05-20T10:00:00Z" or with fractional seconds, UTC only. */
static bool iso_time(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, se, n = 0;

	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) != 6 ||
	    n != 19 || !rede_date_valid(y, mo, d) || h > 23 || mi > 59 || se > 60)
		return false;
	s += n;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (strcmp(s, "Z"))
		return false;
	*out = (int64_t)rede_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return true;
}

/* The text of the first value of an attribute: lasso keeps a text value
 * as a text node in the value's "any" list. */
static char *attr_text(LassoSaml2Attribute *a)
{
	for (GList *v = a->AttributeValue; v; v = v->next) {
		LassoSaml2AttributeValue *av = v->data;

		if (!LASSO_IS_SAML2_ATTRIBUTE_VALUE(av))
			continue;
		for (GList *n = av->any; n; n = n->next) {
			LassoMiscTextNode *t = n->data;
			if (LASSO_IS_MISC_TEXT_NODE(t) && t->text_child && t->content)
				return xstrdup(t->content);
		}
	}
	return NULL;
}

static void read_attributes(LassoSaml2Assertion *as, struct sso_saml_login *out)
{
	char *first = NULL, *last = NULL, *full = NULL;

	for (GList *s = as->AttributeStatement; s; s = s->next) {
		LassoSaml2AttributeStatement *st = s->data;

		for (GList *ai = st->Attribute; ai; ai = ai->next) {
			LassoSaml2Attribute *a = ai->data;
			char **slot = NULL;

			if (!LASSO_IS_SAML2_ATTRIBUTE(a) || !a->Name)
				continue;
			if (!strcmp(a->Name, SSO_ATTR_LOA)) {
				char *v = attr_text(a);
				out->loa = sso_loa_parse(v);
				free(v);
				continue;
			}
			if (!strcmp(a->Name, SSO_ATTR_PRIVILEGES))
				slot = &out->privileges_b64;
			else if (!strcmp(a->Name, SSO_ATTR_CVR))
				slot = &out->cvr;
			else if (!strcmp(a->Name, SSO_ATTR_FIRST_NAME))
				slot = &first;
			else if (!strcmp(a->Name, SSO_ATTR_LAST_NAME))
				slot = &last;
			else if (!strcmp(a->Name, SSO_ATTR_FULL_NAME))
				slot = &full;
			if (slot && !*slot)
				*slot = attr_text(a);
		}
	}
	if (full)
		out->display_name = full;
	else if (first || last)
		out->display_name = xasprintf("%s%s%s", first ? first : "",
					      first && last ? " " : "", last ? last : "");
	if (full != out->display_name)
		free(full);
	free(first);
	free(last);
}

/* The checks lasso leaves to its caller. */
static const char *check_assertion(const struct sso_saml_sp *sp, LassoSamlp2Response *resp,
				   LassoSaml2Assertion *as, int64_t now, int64_t skew,
				   struct sso_saml_login *out)
{
	char *acs = sso_saml_endpoint(sp, "acs");
	const char *why = NULL;
	LassoSaml2Conditions *cond = as->Conditions;
	LassoSaml2Subject *subj = as->Subject;
	LassoSaml2SubjectConfirmation *sc;
	LassoSaml2SubjectConfirmationData *scd;
	LassoSaml2AuthnStatement *authn;
	int64_t nb, noa, scd_noa;
	bool audience = false;

	if (!resp->parent.Destination || strcmp(resp->parent.Destination, acs)) {
		why = "response Destination is not this ACS";
		goto out;
	}
	if (!as->ID || !*as->ID) {
		why = "assertion without ID";
		goto out;
	}
	if (!cond || !iso_time(cond->NotBefore, &nb) || !iso_time(cond->NotOnOrAfter, &noa)) {
		why = "assertion without NotBefore/NotOnOrAfter conditions";
		goto out;
	}
	if (now + skew < nb) {
		why = "assertion not yet valid";
		goto out;
	}
	if (now - skew >= noa) {
		why = "assertion expired";
		goto out;
	}
	for (GList *a = cond->AudienceRestriction; a; a = a->next) {
		LassoSaml2AudienceRestriction *ar = a->data;
		if (LASSO_IS_SAML2_AUDIENCE_RESTRICTION(ar) && ar->Audience &&
		    !strcmp(ar->Audience, sp->entity_id))
			audience = true;
	}
	if (!audience) {
		why = "assertion audience is not this SP";
		goto out;
	}
	if (!subj || !subj->NameID || !subj->NameID->content || !*subj->NameID->content) {
		why = "assertion without NameID";
		goto out;
	}
	if (!subj->NameID->Format || strcmp(subj->NameID->Format, PERSISTENT)) {
		why = "NameID is not persistent";
		goto out;
	}
	sc = subj->SubjectConfirmation;
	scd = sc ? sc->SubjectConfirmationData : NULL;
	if (!sc || !sc->Method || strcmp(sc->Method, BEARER) || !scd) {
		why = "no bearer subject confirmation";
		goto out;
	}
	if (!scd->Recipient || strcmp(scd->Recipient, acs)) {
		why = "subject confirmation Recipient is not this ACS";
		goto out;
	}
	if (!iso_time(scd->NotOnOrAfter, &scd_noa) || now - skew >= scd_noa) {
		why = "subject confirmation expired";
		goto out;
	}
	if (scd->NotBefore && (!iso_time(scd->NotBefore, &nb) || now + skew < nb)) {
		why = "subject confirmation not yet valid";
		goto out;
	}
	if (!scd->InResponseTo || !*scd->InResponseTo) {
		why = "unsolicited response (no InResponseTo)";
		goto out;
	}
	if (resp->parent.InResponseTo && strcmp(resp->parent.InResponseTo, scd->InResponseTo)) {
		why = "response and assertion answer different requests";
		goto out;
	}
	authn = as->AuthnStatement ? as->AuthnStatement->data : NULL;
	if (!authn || !LASSO_IS_SAML2_AUTHN_STATEMENT(authn)) {
		why = "no authentication statement";
		goto out;
	}
	if (authn->SessionNotOnOrAfter &&
	    (!iso_time(authn->SessionNotOnOrAfter, &nb) || now - skew >= nb)) {
		why = "IdP session has ended";
		goto out;
	}
	out->name_id = xstrdup(subj->NameID->content);
	out->name_id_format = xstrdup(subj->NameID->Format);
	out->name_qualifier = xstrdup(subj->NameID->NameQualifier);
	out->sp_name_qualifier = xstrdup(subj->NameID->SPNameQualifier);
	out->session_index = xstrdup(authn->SessionIndex);
	out->assertion_id = xstrdup(as->ID);
	out->in_response_to = xstrdup(scd->InResponseTo);
	out->expires_at = (noa > scd_noa ? noa : scd_noa) + skew;
	read_attributes(as, out);
out:
	free(acs);
	return why;
}

enum rede_err sso_saml_response(const struct sso_saml_sp *sp, const char *saml_response,
				int64_t now, int64_t skew, struct sso_saml_login *out,
				const char **why)
{
	size_t len = 0, blen;
	char *xml = sso_b64_decode(saml_response, RESPONSE_CAP, &len);
	char *b64 = NULL;
	struct sso_saml_lease *lease = NULL;
	LassoServer *server = NULL;
	LassoLogin *login = NULL;
	LassoSamlp2Response *resp;
	LassoSaml2Assertion *as;
	enum rede_err err = REDE_E_DENIED;
	int rc;

	memset(out, 0, sizeof(*out));
	*why = "SAMLResponse is not base64";
	if (!xml || !sso_guard_response(xml, len, why))
		goto out;
	/* lasso reads exactly the bytes the guard checked */
	blen = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
	b64 = xmalloc(blen);
	sodium_bin2base64(b64, blen, (const unsigned char *)xml, len,
			  sodium_base64_VARIANT_ORIGINAL);
	server = sso_saml_server_get(sp, why, &lease);
	if (!server) {
		err = REDE_E_CRYPTO;
		goto out;
	}
	login = lasso_login_new(server);
	lasso_profile_set_signature_verify_hint(LASSO_PROFILE(login),
						LASSO_PROFILE_SIGNATURE_VERIFY_HINT_MAYBE);
	rc = lasso_login_process_authn_response_msg(login, b64);
	if (rc == LASSO_PROFILE_ERROR_MISSING_ASSERTION &&
	    memmem(xml, len, "EncryptedAssertion", 18)) {
		/* lasso drops an assertion it cannot decrypt and reports none */
		*why = "encrypted assertion cannot be decrypted (key or algorithm; see OPERATIONS)";
		goto out;
	}
	if (rc) {
		*why = lasso_strerror(rc);
		goto out;
	}
	resp = LASSO_SAMLP2_RESPONSE(LASSO_PROFILE(login)->response);
	if (g_list_length(resp->Assertion) != 1 ||
	    !LASSO_IS_SAML2_ASSERTION(resp->Assertion->data)) {
		*why = "not exactly one assertion";
		goto out;
	}
	as = resp->Assertion->data;
	if (resp->EncryptedAssertion) {
		xmlNode *orig = lasso_node_get_original_xmlnode(LASSO_NODE(as));
		if (!orig || !sso_guard_assertion(orig, why))
			goto out;
	}
	*why = check_assertion(sp, resp, as, now, skew, out);
	if (*why) {
		sso_saml_login_release(out);
		goto out;
	}
	err = REDE_OK;
out:
	if (login)
		g_object_unref(login);
	sso_saml_server_put(lease);
	free(b64);
	free(xml);
	return err;
}

enum rede_err sso_saml_privileges(const char *b64, const char *cvr, char ***out, size_t *n,
				  const char **why)
{
	return sso_privileges_parse(b64, cvr, out, n, why) ? REDE_OK : REDE_E_DENIED;
}
