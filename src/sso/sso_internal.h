/*
 * sso_internal.h - what the files of src/sso/ share: the structural
 * checks run before lasso sees a message (saml_guard.c), the privilege
 * parser (privileges.c), building a lasso server for a municipality
 * (saml.c), and the back channel over libcurl (http_client.c).
 */
#ifndef REDE_SSO_INTERNAL_H
#define REDE_SSO_INTERNAL_H

#include <lasso/lasso.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "rede/sso.h"

/* Namespaces */
#define SSO_NS_SAMLP "urn:oasis:names:tc:SAML:2.0:protocol"
#define SSO_NS_SAML "urn:oasis:names:tc:SAML:2.0:assertion"
#define SSO_NS_MD "urn:oasis:names:tc:SAML:2.0:metadata"
#define SSO_NS_DS "http://www.w3.org/2000/09/xmldsig#"
#define SSO_NS_BPP "http://digst.dk/oiosaml/basic_privilege_profile"

/* OIOSAML 3 attribute names */
#define SSO_ATTR_LOA "https://data.gov.dk/concept/core/nsis/loa"
#define SSO_ATTR_PRIVILEGES "https://data.gov.dk/model/core/eid/privilegesIntermediate"
#define SSO_ATTR_CVR "https://data.gov.dk/model/core/eid/professional/cvr"
#define SSO_ATTR_FIRST_NAME "https://data.gov.dk/model/core/eid/firstName"
#define SSO_ATTR_LAST_NAME "https://data.gov.dk/model/core/eid/lastName"
#define SSO_ATTR_FULL_NAME "https://data.gov.dk/model/core/eid/fullName"
#define SSO_ATTR_EMAIL "https://data.gov.dk/model/core/eid/email"
#define SSO_ATTR_SPEC_VERSION "https://data.gov.dk/model/core/specVersion"

/* Parse XML from memory the safe way: no network, no DTD loading, no
 * entity substitution; a document with a DOCTYPE is refused. NULL on
 * failure. */
xmlDoc *sso_xml_read(const char *text, size_t len);

/* saml_guard.c: a decoded samlp:Response must have exactly one
 * (Encrypted)Assertion, a direct child of the Response; unique ID
 * attributes; each ds:Signature a direct child of the Response or the
 * Assertion, with one Reference to its parent's ID, exclusive c14n and the
 * enveloped transform only, and SHA-256 or stronger. *why names the
 * failed check (static English text). */
bool sso_guard_response(const char *xml, size_t len, const char **why);
/* The same for an assertion node on its own (after decryption). */
bool sso_guard_assertion(xmlNode *assertion, const char **why);
/* A signed message other than a Response (LogoutRequest/Response in the
 * POST binding): the signature rules above, no assertion. */
bool sso_guard_message(const char *xml, size_t len, const char **why);

/* privileges.c: the privileges of an OIO Basic Privilege Profile value
 * (base64 of a bpp:PrivilegeList) that lie in the scope of the given CVR
 * ("urn:dk:gov:saml:cvrNumberIdentifier:<cvr>"). *out is a NULL-ended
 * array of strings (sso_strv_free). */
bool sso_privileges_parse(const char *b64, const char *cvr, char ***out, size_t *n,
			  const char **why);

/* saml.c: a lasso server for sp (SP metadata generated, IdP metadata
 * added, RSA-SHA256 signing). NULL with *why on failure. */
LassoServer *sso_saml_server(const struct sso_saml_sp *sp, const char **why);
/* The cached lasso server of sp's municipality, rebuilt when the
 * configuration changed: building one costs ~0.2 s (xmlsec1 loads the
 * system's CA store for each key in the metadata). A lasso server is not
 * for two threads at once: get locks it for the caller until put.
 * *lease is for put (and for get_again after a pause, see saml_logout.c).
 * Never hold a lease while waiting for the database. */
struct sso_saml_lease;
LassoServer *sso_saml_server_get(const struct sso_saml_sp *sp, const char **why,
				 struct sso_saml_lease **lease);
void sso_saml_server_put(struct sso_saml_lease *lease);
/* Lock the lease's server again (it may have been rebuilt meanwhile: the
 * caller holds its own reference to the one it used). */
void sso_saml_server_relock(struct sso_saml_lease *lease);
/* Free the cache (sso_shutdown). */
void sso_saml_cache_clear(void);

/* saml_meta.c: the SP metadata without a signature (lasso's input). */
char *sso_saml_sp_metadata_plain(const struct sso_saml_sp *sp);

/* http_client.c: GET, or POST a form with client_secret_basic
 * authentication; *body is the answer (capped), *status its HTTP status.
 * REDE_E_IO with *msg on a network failure. */
enum rede_err sso_http_get(const char *url, char **body, long *status, char **msg);
enum rede_err sso_http_post_form(const char *url, const char *client_id, const char *secret,
				 const char *form, char **body, long *status, char **msg);

/* saml_query.c: verify the HTTP-Redirect binding signature of a raw
 * query against the IdP metadata's signing certificates (RSA-SHA256/384/
 * 512 only); *unsigned_query (caller frees) is the message without its
 * signature, for lasso. */
bool sso_saml_query_verify(const char *idp_metadata, const char *query, char **unsigned_query,
			   const char **why);

/* jwks.c: forget the cached key sets. */
void sso_oidc_jwks_clear(void);

/* Decode base64 (standard alphabet, whitespace ignored) into a NUL-ended
 * allocation; NULL when it is not base64 or longer than cap. */
char *sso_b64_decode(const char *b64, size_t cap, size_t *len);

#endif
