/*
 * auth.c - establishing who is calling, and starting a session (see
 * auth.h).
 *
 * A request carries either a session cookie (browser) or a bearer token
 * (service account). Both are random 256-bit values of which only hashes
 * are stored, so a copy of the database does not let anyone sign in.
 */
#include <string.h>

#include <sodium.h>

#include "http/auth.h"
#include "http/handlers.h"
#include "rede/core.h"
#include "rede/crypto.h"
#include "rede/util.h"
#include "store/devices.h"
#include "store/users.h"

static void fill_auth(struct http_auth *out, const struct user_row *u, enum http_auth_via via,
		      int64_t session_id)
{
	out->via = via;
	out->user_id = u->id;
	out->municipality_id = u->municipality_id;
	out->roles = u->roles;
	out->session_id = session_id;
	snprintf(out->username, sizeof(out->username), "%s", u->username);
}

static enum rede_err identify_bearer(struct store_conn *c, const char *token, struct http_auth *out,
				     enum auth_result *res)
{
	char hash[CRYPTO_HASH_HEX];
	struct user_row u;
	int64_t user_id = 0;
	enum rede_err err;

	user_row_init(&u);
	crypto_token_hash(token, hash);
	err = store_token_user(c, hash, &user_id);
	if (err == REDE_E_NOTFOUND) {
		*res = AUTH_RESULT_INVALID;
		err = REDE_OK;
		goto out;
	}
	if (err)
		goto out;
	err = store_user_get(c, 0, user_id, &u);
	if (err == REDE_E_NOTFOUND || (!err && (u.disabled_at || !u.is_service))) {
		*res = AUTH_RESULT_INVALID;
		err = REDE_OK;
		goto out;
	}
	if (err)
		goto out;
	fill_auth(out, &u, AUTH_BEARER, 0);
	*res = AUTH_RESULT_OK;
out:
	user_row_release(&u);
	return err;
}

static enum rede_err identify_session(struct store_conn *c, const struct rede_policy *pol,
				      const struct auth_creds *cr, struct http_auth *out,
				      enum auth_result *res)
{
	char hash[CRYPTO_HASH_HEX];
	struct session_row s;
	struct user_row u;
	int64_t now = rede_now();
	enum rede_err err;

	user_row_init(&u);
	crypto_token_hash(cr->session_cookie, hash);
	err = store_session_find(c, hash, &s);
	if (!err && s.device_disabled) {
		/* Disabling a device ends its sessions; the browser learns why
		 * (issue 20). */
		*res = AUTH_RESULT_DEVICE_DISABLED;
		goto out;
	}
	if (err == REDE_E_NOTFOUND || (!err && s.ended_at)) {
		/* Disabling a user ends their sessions; the browser still learns
		 * why, so the web app can erase its offline data (issue 20). */
		*res = AUTH_RESULT_INVALID;
		if (!err && store_user_get(c, 0, s.user_id, &u) == REDE_OK && u.disabled_at)
			*res = AUTH_RESULT_DISABLED;
		err = REDE_OK;
		goto out;
	}
	if (err)
		goto out;
	if (!core_session_valid(&pol->session, s.created_at, s.last_seen_at, now)) {
		*res = AUTH_RESULT_EXPIRED;
		goto out;
	}
	err = store_user_get(c, 0, s.user_id, &u);
	if (err == REDE_E_NOTFOUND || (!err && u.disabled_at)) {
		*res = err ? AUTH_RESULT_INVALID : AUTH_RESULT_DISABLED;
		err = REDE_OK;
		goto out;
	}
	if (err)
		goto out;
	if (cr->is_write && (!cr->csrf_header || !str_equal_ct(cr->csrf_header, s.csrf_token))) {
		*res = AUTH_RESULT_CSRF;
		goto out;
	}
	fill_auth(out, &u, AUTH_COOKIE, s.id);
	if (now > s.last_seen_at) {
		if (cr->defer_touch) {
			out->pending_touch = now;
		} else {
			err = store_session_touch(c, s.id, now);
			if (err)
				goto out;
		}
	}
	*res = AUTH_RESULT_OK;
out:
	user_row_release(&u);
	return err;
}

enum rede_err auth_identify(struct store_conn *c, const struct rede_policy *pol,
			    const struct auth_creds *cr, struct http_auth *out,
			    enum auth_result *res)
{
	memset(out, 0, sizeof(*out));
	out->via = AUTH_NONE;
	*res = AUTH_RESULT_NONE;
	if (cr->authorization && strncmp(cr->authorization, "Bearer ", 7) == 0)
		return identify_bearer(c, cr->authorization + 7, out, res);
	if (cr->authorization) {
		*res = AUTH_RESULT_INVALID;
		return REDE_OK;
	}
	if (cr->session_cookie && *cr->session_cookie)
		return identify_session(c, pol, cr, out, res);
	return REDE_OK;
}

enum rede_err auth_end_user_sessions(struct store_conn *c, int64_t user_id)
{
	enum rede_err err = store_session_end_user(c, user_id, rede_now(), NULL);
	if (!err)
		err = store_token_revoke_user(c, user_id, rede_now());
	return err;
}

char *auth_session_cookie(const struct http_req *req, const char *value, int max_age)
{
	return xasprintf("%s=%s; HttpOnly; SameSite=Strict; Path=/%s%s", AUTH_SESSION_COOKIE, value,
			 max_age == 0 ? "; Max-Age=0" : "", http_tls(req->srv) ? "; Secure" : "");
}

/* The device cookie goes only to the sign-in route, for a year. */
static char *device_cookie(const struct http_req *req, const char *value)
{
	return xasprintf("%s=%s; HttpOnly; SameSite=Strict; Path=/api/v1/session; "
			 "Max-Age=31536000%s",
			 AUTH_DEVICE_COOKIE, value, http_tls(req->srv) ? "; Secure" : "");
}

enum rede_err auth_session_start(struct http_req *req, struct store_conn *c, struct http_resp *resp,
				 int64_t user_id, char csrf[CRYPTO_TOKEN_TEXT], int64_t *session_id)
{
	char token[CRYPTO_TOKEN_TEXT], hash[CRYPTO_HASH_HEX];
	enum rede_err err;

	crypto_token_new(token);
	crypto_token_new(csrf);
	crypto_token_hash(token, hash);
	err = store_session_create(c, user_id, hash, csrf, rede_now(), session_id);
	if (!err)
		http_add_cookie(resp, auth_session_cookie(req, token, -1));
	sodium_memzero(token, sizeof(token));
	return err;
}

enum rede_err auth_session_open(struct http_req *req, struct store_conn *c, struct http_resp *resp,
				const struct user_row *u, int64_t device_id)
{
	char csrf[CRYPTO_TOKEN_TEXT], hash[CRYPTO_HASH_HEX];
	int64_t session_id;
	enum rede_err err;
	json_t *body;

	err = auth_session_start(req, c, resp, u->id, csrf, &session_id);
	if (err)
		return err;
	if (!device_id) {
		char devtok[CRYPTO_TOKEN_TEXT];

		crypto_token_new(devtok);
		crypto_token_hash(devtok, hash);
		err = store_device_add(c, hash, u->id, http_header(req, "User-Agent"), rede_now(),
				       &device_id);
		if (err)
			return err;
		http_add_cookie(resp, device_cookie(req, devtok));
		sodium_memzero(devtok, sizeof(devtok));
	} else {
		err = store_device_seen(c, device_id, rede_now());
		if (err)
			return err;
	}
	/* the session remembers its device: disabling it ends the session */
	err = store_session_set_device(c, session_id, device_id);
	if (err)
		return err;
	body = json_object();
	json_object_set_new(body, "user", json_user(c, u));
	json_object_set_new(json_object_get(body, "user"), "views", http_views_json(u->roles));
	json_object_set_new(body, "csrf_token", json_string(csrf));
	http_json(resp, 201, body);
	return REDE_OK;
}
