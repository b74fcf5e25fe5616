/*
 * sso.h - municipal sign-in through an identity provider, in the store:
 * each municipality's SAML and OpenID Connect configuration, the mapping
 * from privileges/claims to Rede roles, who an IdP's subject is in Rede,
 * sign-ins under way, the one-time-use cache of accepted assertions, the
 * sessions they opened (for single logout) and break-glass accounts.
 *
 * Ownership: the config structs own their strings; *_release frees them.
 * Secrets (sp_key_sealed, client_secret_sealed) are stored sealed with the
 * key file (crypto_secret_seal); the store never sees them in clear.
 */
#ifndef REDE_STORE_SSO_H
#define REDE_STORE_SSO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/store.h"

struct sso_saml_config {
	int64_t municipality_id;
	char *idp_entity_id;
	char *idp_metadata;
	char *sp_entity_id;
	char *sp_cert;
	char *sp_key_sealed;
	char *base_url;
	char *cvr;
	bool enabled;
	int64_t updated_at;
};
void sso_saml_config_release(struct sso_saml_config *s);
/* REDE_E_NOTFOUND when the municipality has none. */
enum rede_err store_sso_saml_get(struct store_conn *c, int64_t municipality_id,
				 struct sso_saml_config *out);
/* Insert or replace (enabled as given). */
enum rede_err store_sso_saml_put(struct store_conn *c, const struct sso_saml_config *s);

struct sso_oidc_config {
	int64_t municipality_id;
	char *issuer;
	char *client_id;
	char *client_secret_sealed;
	char *base_url;
	char *alg;
	char *scopes;
	char *role_claim;
	bool enabled;
	int64_t updated_at;
};
void sso_oidc_config_release(struct sso_oidc_config *s);
enum rede_err store_sso_oidc_get(struct store_conn *c, int64_t municipality_id,
				 struct sso_oidc_config *out);
enum rede_err store_sso_oidc_put(struct store_conn *c, const struct sso_oidc_config *s);

/* Turn a configured method ("saml"/"oidc") on or off; REDE_E_NOTFOUND
 * when it is not configured. */
enum rede_err store_sso_set_enabled(struct store_conn *c, int64_t municipality_id, const char *kind,
				    bool enabled);

/* The municipalities with a federated sign-in turned on, ordered by name
 * (for the sign-in page). */
struct sso_municipality_row {
	const char *code;
	const char *name;
	bool saml;
	bool oidc;
};
enum rede_err store_sso_municipality_each(struct store_conn *c,
					  int (*fn)(const struct sso_municipality_row *r,
						    void *arg),
					  void *arg);

/* ---- role mapping ---- */
struct sso_map_row {
	const char *source;
	const char *role;
	int64_t unit_id; /* 0 = none */
};
/* Add a mapping row (adding one that exists is not an error). */
enum rede_err store_sso_map_add(struct store_conn *c, int64_t municipality_id, const char *source,
				const char *role, int64_t unit_id);
/* Remove the rows for source (only those of role when role is not NULL);
 * *n gets how many. */
enum rede_err store_sso_map_remove(struct store_conn *c, int64_t municipality_id,
				   const char *source, const char *role, int64_t *n);
/* Each row, ordered by source, role, unit; fn returns non-zero to stop. */
enum rede_err store_sso_map_each(struct store_conn *c, int64_t municipality_id,
				 int (*fn)(const struct sso_map_row *r, void *arg), void *arg);
/* The rows whose source is value. */
enum rede_err store_sso_map_of(struct store_conn *c, int64_t municipality_id, const char *value,
			       int (*fn)(const struct sso_map_row *r, void *arg), void *arg);

/* ---- identities ---- */
/* The Rede user of (municipality, kind, subject); REDE_E_NOTFOUND if none. */
enum rede_err store_sso_identity_user(struct store_conn *c, int64_t municipality_id,
				      const char *kind, const char *subject, int64_t *user_id);
enum rede_err store_sso_identity_add(struct store_conn *c, int64_t municipality_id,
				     const char *kind, const char *subject, int64_t user_id,
				     int64_t now);
enum rede_err store_sso_identity_touch(struct store_conn *c, int64_t municipality_id,
				       const char *kind, const char *subject, int64_t now);
/* Move every identity of user from_id to user to_id (both of the
 * municipality): the person then signs in to to_id (an imported account
 * that their first sign-in passed by). *moved gets how many. */
enum rede_err store_sso_identity_move(struct store_conn *c, int64_t municipality_id,
				      int64_t from_id, int64_t to_id, int64_t *moved);

/* ---- sign-ins under way ---- */
struct sso_pending {
	char key[128]; /* AuthnRequest ID or OIDC state */
	int64_t municipality_id;
	char kind[8];
	char browser_hash[72];
	char nonce[64];
	char verifier[64];
	int64_t created_at;
};
enum rede_err store_sso_pending_add(struct store_conn *c, const struct sso_pending *p);
/* Read without consuming; REDE_E_NOTFOUND when there is none. */
enum rede_err store_sso_pending_get(struct store_conn *c, const char *key, struct sso_pending *out);
/* Delete the row for key; *taken is false when it was already gone (used,
 * or never there): a second answer to one request is refused. */
enum rede_err store_sso_pending_take(struct store_conn *c, const char *key, bool *taken);
/* Forget sign-ins started before `before`. */
enum rede_err store_sso_pending_prune(struct store_conn *c, int64_t before);

/* ---- one-time use ---- */
/* Record id (of kind) as used until expires_at. *fresh is false when it
 * was used before - a replay. Expired entries are dropped first. */
enum rede_err store_sso_replay_claim(struct store_conn *c, const char *kind, const char *id,
				     int64_t expires_at, int64_t now, bool *fresh);

/* ---- sessions opened through an IdP ---- */
struct sso_session_row {
	int64_t session_id;
	int64_t municipality_id;
	char kind[8];
	char *subject;
	char *name_id_format;
	char *name_qualifier;
	char *sp_name_qualifier;
	char *session_index;
	char *idp_logout; /* OIDC end_session_endpoint, or "" */
};
void sso_session_row_release(struct sso_session_row *r);
enum rede_err store_sso_session_add(struct store_conn *c, const struct sso_session_row *r);
/* REDE_E_NOTFOUND for a session opened with a password. */
enum rede_err store_sso_session_get(struct store_conn *c, int64_t session_id,
				    struct sso_session_row *out);
/* End the open sessions of subject (with session_index when not NULL or
 * ""); *n gets how many. */
enum rede_err store_sso_session_end_subject(struct store_conn *c, int64_t municipality_id,
					    const char *kind, const char *subject,
					    const char *session_index, int64_t now, int64_t *n);

/* ---- local passwords ---- */
enum rede_err store_sso_break_glass_set(struct store_conn *c, int64_t municipality_id,
					int64_t user_id, bool on);
/* Forget every break-glass account of the municipality. */
enum rede_err store_sso_break_glass_clear(struct store_conn *c, int64_t municipality_id);
/* Each break-glass account's username, ordered. */
enum rede_err store_sso_break_glass_each(struct store_conn *c, int64_t municipality_id,
					 int (*fn)(const char *username, void *arg), void *arg);
/* May this user sign in with a password? (setting sso.local_login of the
 * municipality, or a break-glass account) */
enum rede_err store_sso_local_login_allowed(struct store_conn *c, int64_t municipality_id,
					    int64_t user_id, bool *allowed);

#endif
