/*
 * sso.h - municipal sign-in protocols on Debian's libraries:
 *
 *  - a SAML 2.0 service provider on the OIOSAML 3 profile (KOMBIT's
 *    Context Handler, NemLog-in) on lasso, which verifies and decrypts
 *    with xmlsec1: SP metadata, signed AuthnRequests, the checks of a
 *    Response, single logout (src/sso/saml*.c);
 *  - an OpenID Connect relying party (Entra ID, MitID Erhverv brokers):
 *    discovery and JWKS over libcurl, ID tokens verified with cjose
 *    (src/sso/oidc*.c).
 *
 * No HTTP server and no SQL here: src/http/h_sso*.c run these and keep
 * the state (sign-ins under way, the replay cache) in the store. Nothing
 * here writes XML signatures or does cryptography by hand.
 *
 * Ownership: every char * handed out is the caller's to free; results
 * structs are freed with their *_release.
 */
#ifndef REDE_SSO_H
#define REDE_SSO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/err.h"

/* Once at start-up, before threads: lasso (xmlsec1, libxml2) and libcurl.
 * False when a library cannot start. sso_shutdown at exit. */
bool sso_init(void);
void sso_shutdown(void);

/* Free a NULL-ended array of strings (NULL is fine). */
void sso_strv_free(char **v);

/* The NSIS assurance levels, in order; 0 = none/unknown. */
enum sso_loa { SSO_LOA_NONE, SSO_LOA_LOW, SSO_LOA_SUBSTANTIAL, SSO_LOA_HIGH, SSO_LOA__COUNT };
extern const char *const sso_loa_names[SSO_LOA__COUNT];
/* "Low", "Substantial", "High" (any case, or the
 * https://data.gov.dk/concept/core/nsis/loa/... URI). */
enum sso_loa sso_loa_parse(const char *s);

/* ---- operator input (the CLI) ---- */
/* The certificate and private key (PEM) belong together; *msg says why
 * not. */
enum rede_err sso_check_key_pair(const char *cert_pem, const char *key_pem, char **msg);
/* Certificate and private key (PEM, unencrypted) out of a PKCS#12 file. */
enum rede_err sso_pkcs12_to_pem(const void *der, size_t len, const char *password, char **cert_pem,
				char **key_pem, char **msg);

/* ---- SAML service provider ---- */
struct sso_saml_sp {
	const char *code;     /* municipality code, in the endpoint paths */
	const char *base_url; /* e.g. https://rede.example.dk */
	const char *entity_id;
	const char *cert_pem; /* signing and encryption */
	const char *key_pem;  /* in clear, in memory only */
	const char *idp_metadata;
};
/* base_url + "/auth/saml/" + code + "/" + what */
char *sso_saml_endpoint(const struct sso_saml_sp *sp, const char *what);
/* IdP metadata: its entityID; refuses metadata without a signing
 * certificate or an HTTP-Redirect SingleSignOnService. */
enum rede_err sso_saml_idp_check(const char *metadata, char **entity_id, char **msg);
/* Can lasso work with this configuration (keys, both metadata)? */
enum rede_err sso_saml_sp_check(const struct sso_saml_sp *sp, const char **why);
/* The SP's metadata, signed with its key (RSA-SHA256). */
enum rede_err sso_saml_metadata(const struct sso_saml_sp *sp, char **xml, char **msg);
/* A signed AuthnRequest (HTTP-Redirect binding, RSA-SHA256) asking for a
 * persistent NameID, the answer by HTTP-POST to our ACS, and at least
 * min_loa: the URL to send the browser to, and the request's ID. */
enum rede_err sso_saml_authn_request(const struct sso_saml_sp *sp, enum sso_loa min_loa, char **url,
				     char **request_id, char **msg);

/* What a verified Response says about the user. */
struct sso_saml_login {
	char *name_id; /* persistent NameID */
	char *name_id_format;
	char *name_qualifier;
	char *sp_name_qualifier;
	char *session_index;
	char *assertion_id;
	int64_t expires_at; /* the assertion's last validity (replay cache) */
	char *in_response_to;
	enum sso_loa loa;
	char *cvr;            /* attribute professional/cvr, or NULL */
	char *display_name;   /* fullName, or firstName lastName, or NULL */
	char *privileges_b64; /* privilegesIntermediate, or NULL */
};
void sso_saml_login_release(struct sso_saml_login *l);
/* Verify a SAMLResponse (base64, as POSTed to the ACS): the shape
 * (saml_guard.c), then with lasso the signature of the response and/or of
 * the assertion against the IdP's metadata keys (an encrypted assertion
 * decrypted with the SP key), then the status, the issuer, Destination and
 * Recipient (our ACS), the audience (our entity ID), the time window with
 * skew seconds, bearer confirmation, a persistent NameID, and that the
 * response's and the assertion's InResponseTo agree. REDE_E_DENIED with
 * *why (static English text, for logs) when a check fails. The caller
 * checks InResponseTo against its pending requests, the one-time use of
 * assertion_id, the LoA and the privileges. */
enum rede_err sso_saml_response(const struct sso_saml_sp *sp, const char *saml_response,
				int64_t now, int64_t skew, struct sso_saml_login *out,
				const char **why);
/* The privileges of a privilegesIntermediate value within the CVR's
 * scope (NULL-ended array, sso_strv_free). REDE_E_DENIED with *why when
 * the value cannot be read. */
enum rede_err sso_saml_privileges(const char *b64, const char *cvr, char ***out, size_t *n,
				  const char **why);

/* Single logout. The SP starts: a signed LogoutRequest for the NameID and
 * SessionIndex of a session (HTTP-Redirect binding) - the URL. */
struct sso_saml_subject {
	const char *name_id;
	const char *name_id_format;
	const char *name_qualifier;
	const char *sp_name_qualifier;
	const char *session_index;
};
enum rede_err sso_saml_logout_url(const struct sso_saml_sp *sp, const struct sso_saml_subject *s,
				  char **url, char **msg);
/* The IdP starts: verify its LogoutRequest (the raw query string of the
 * HTTP-Redirect binding, or the base64 of the HTTP-POST binding) and read
 * who is logged out; then sso_saml_logout_answer builds the signed
 * LogoutResponse URL (HTTP-Redirect). */
struct sso_saml_logout;
enum rede_err sso_saml_logout_request(const struct sso_saml_sp *sp, const char *msg, bool post,
				      struct sso_saml_logout **out, char **name_id,
				      char **session_index, const char **why);
enum rede_err sso_saml_logout_answer(struct sso_saml_logout *lo, char **url);
void sso_saml_logout_free(struct sso_saml_logout *lo);
/* The IdP's answer to our LogoutRequest: verified (signature, issuer). */
enum rede_err sso_saml_logout_response(const struct sso_saml_sp *sp, const char *msg, bool post,
				       const char **why);

/* ---- OpenID Connect relying party ---- */
struct sso_oidc_rp {
	const char *issuer;
	const char *client_id;
	const char *client_secret; /* in clear, in memory only */
	const char *redirect_uri;
	const char *alg; /* the one accepted, e.g. "RS256" */
	const char *scopes;
};
/* What discovery said (cached per issuer for max_age seconds). */
struct sso_oidc_provider {
	char *issuer;
	char *authorization_endpoint;
	char *token_endpoint;
	char *jwks_uri;
	char *end_session_endpoint; /* may be NULL */
};
void sso_oidc_provider_release(struct sso_oidc_provider *p);
/* Is alg one Rede accepts for ID tokens (RS*, PS*, ES*)? */
bool sso_oidc_alg_ok(const char *alg);
/* Is url acceptable for an issuer or endpoint: https, or http to the
 * loopback address (tests, a local broker)? */
bool sso_oidc_url_ok(const char *url);
enum rede_err sso_oidc_discover(const char *issuer, int64_t max_age, struct sso_oidc_provider *out,
				char **msg);
/* PKCE: a fresh verifier (43 characters) and its S256 challenge. */
void sso_pkce(char verifier[64], char challenge[64]);
/* The authorization request URL (code flow, PKCE S256, state, nonce). */
char *sso_oidc_auth_url(const struct sso_oidc_provider *p, const struct sso_oidc_rp *rp,
			const char *state, const char *nonce, const char *challenge);
/* The back channel: exchange the code for tokens; *id_token on success. */
enum rede_err sso_oidc_exchange(const struct sso_oidc_provider *p, const struct sso_oidc_rp *rp,
				const char *code, const char *verifier, char **id_token,
				char **msg);
/* Verify an ID token: alg exactly rp->alg (never none, never HMAC), the
 * signature against the issuer's JWKS (cached for jwks_max_age seconds,
 * fetched again for an unknown kid at most every min_refetch seconds), iss,
 * aud (and azp), exp/iat/nbf with skew, nonce. *claims (caller decrefs)
 * on success; REDE_E_DENIED with *why otherwise. */
struct sso_oidc_policy {
	int64_t now;
	int64_t skew;
	int64_t jwks_max_age;
	int64_t jwks_min_refetch;
};
enum rede_err sso_oidc_verify(const struct sso_oidc_provider *p, const struct sso_oidc_rp *rp,
			      const char *id_token, const char *nonce,
			      const struct sso_oidc_policy *pol, json_t **claims, const char **why);
/* RP-initiated logout URL (end_session_endpoint), or NULL when the
 * provider has none. */
char *sso_oidc_logout_url(const char *end_session_endpoint, const char *client_id,
			  const char *post_logout_redirect_uri);
/* Forget cached discovery documents and key sets (tests, key rotation by
 * hand). */
void sso_oidc_cache_clear(void);

#endif
