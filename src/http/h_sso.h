/*
 * h_sso.h - what the sign-in handlers share (h_sso.c, h_sso_saml.c,
 * h_sso_oidc.c): the per-municipality policy, the Danish pages a browser
 * is shown when a sign-in is refused, the cookie binding a sign-in to the
 * browser that started it, and the end of every successful sign-in - the
 * user, their roles, the session.
 */
#ifndef REDE_HTTP_H_SSO_H
#define REDE_HTTP_H_SSO_H

#include "rede/crypto.h"
#include "rede/http.h"
#include "rede/sso.h"

#define SSO_COOKIE "rede_sso"

/* The sso.* settings of a municipality (its own rows over the defaults). */
struct sso_policy {
	int64_t local_login;
	int64_t saml_min_loa;
	int64_t clock_skew;
	int64_t request_max_age;
	int64_t jwks_max_age;
	int64_t jwks_min_refetch;
};
enum rede_err h_sso_policy(struct store_conn *c, int64_t municipality_id, struct sso_policy *out);

/* Answer with a small Danish HTML page (a refused sign-in, an unknown
 * municipality): no session, nothing about why beyond the text. */
void h_sso_page(struct http_resp *resp, int status, const char *title_da, const char *text_da);

/* The hash of the browser's rede_sso cookie; when it has none, a new one
 * is set on resp (max_age seconds). */
void h_sso_browser_bind(struct http_req *req, struct http_resp *resp, int64_t max_age,
			char hash[CRYPTO_HASH_HEX]);
/* The hash of the rede_sso cookie the browser sent; false without one. */
bool h_sso_browser_hash(struct http_req *req, char hash[CRYPTO_HASH_HEX]);

/* Someone the identity provider vouched for, for h_sso_sign_in. */
struct sso_person {
	int64_t municipality_id;
	const char *kind;         /* "saml" or "oidc" */
	const char *subject;      /* persistent NameID, or sub */
	const char *display_name; /* may be NULL */
	char *const *values;      /* privileges or claim values */
	size_t nvalues;
	/* kept with the session for single logout */
	const char *name_id_format, *name_qualifier, *sp_name_qualifier, *session_index;
	const char *idp_logout; /* OIDC end_session_endpoint */
};
/* In the write transaction: map the values to roles and units, create the
 * user on the first sign-in or re-apply the roles, open a session (the
 * same as a password sign-in's) and send the browser to the start page.
 * With no mapped role: a Danish page, no session, and the user's other
 * sessions end. */
enum rede_err h_sso_sign_in(struct http_req *req, struct store_conn *c, struct http_resp *resp,
			    const struct sso_person *p);
/* Record a refused sign-in for the audit entry: why is English, static. */
void h_sso_refused(struct http_req *req, int64_t municipality_id, const char *kind,
		   const char *why);

#endif
