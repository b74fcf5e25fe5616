/*
 * h_session.c - signing in and out, and "who am I".
 *
 * POST /api/v1/session is the only unauthenticated write. It is throttled
 * per address and per account (core_login_*); a device that has signed in
 * to the account before carries a device cookie and is exempt from the
 * account throttle, so an attacker guessing passwords elsewhere can slow
 * down, but never lock out, the real user. Failures are answered with the
 * same message and about the same time whether or not the user exists.
 */
#include <string.h>

#include "http/auth.h"
#include "http/handlers.h"
#include "rede/core.h"
#include "rede/crypto.h"
#include "rede/util.h"
#include "store/tenancy.h"

#define LOGIN_FAILED_DA "Forkert brugernavn eller adgangskode"

static char *session_cookie(const struct http_req *req, const char *value, int max_age)
{
	return xasprintf("%s=%s; HttpOnly; SameSite=Strict; Path=/%s%s",
			 AUTH_SESSION_COOKIE, value, max_age == 0 ? "; Max-Age=0" : "",
			 http_tls(req->srv) ? "; Secure" : "");
}

static char *device_cookie(const struct http_req *req, const char *value)
{
	return xasprintf("%s=%s; HttpOnly; SameSite=Strict; Path=/api/v1/session; "
			 "Max-Age=31536000%s",
			 AUTH_DEVICE_COOKIE, value, http_tls(req->srv) ? "; Secure" : "");
}

static void too_many(struct http_resp *resp, int64_t wait)
{
	char msg[160];

	http_problem(resp, 429, "For mange mislykkede forsøg");
	snprintf(msg, sizeof(msg), "Prøv igen om %lld sekunder", (long long)wait);
	http_problem_field(resp, "", msg);
	resp->retry_after = (int)wait;
}

/* Record a failed attempt for the address and the account. */
static enum rede_err record_failure(struct store_conn *c, const struct rede_policy *pol,
				    const char *addr, const char *account, bool count_account)
{
	struct throttle_row r;
	int64_t now = rede_now();
	enum rede_err err = store_throttle_get(c, "address", addr, &r);

	if (err)
		return err;
	if (r.failures == 0 || now - r.window_start >= pol->login.address_window) {
		r.failures = 0;
		r.window_start = now;
	}
	r.failures++;
	r.last_failure = now;
	err = store_throttle_put(c, "address", addr, &r);
	if (err || !count_account)
		return err;
	err = store_throttle_get(c, "account", account, &r);
	if (err)
		return err;
	if (r.failures == 0)
		r.window_start = now;
	r.failures++;
	r.last_failure = now;
	return store_throttle_put(c, "account", account, &r);
}

static const struct http_jfield login_fields[] = {
	{"username", J_STRING, true, 128},
	{"password", J_STRING, true, 1024},
	{NULL, 0, false, 0},
};

enum rede_err h_session_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const struct rede_policy *pol = http_policy(req->srv);
	const char *username, *password, *dev;
	char token[CRYPTO_TOKEN_TEXT], csrf[CRYPTO_TOKEN_TEXT], hash[CRYPTO_HASH_HEX];
	struct throttle_row r;
	struct user_row u;
	bool found = false, known_device = false, ok;
	int64_t wait, session_id;
	enum rede_err err;
	json_t *body;

	user_row_init(&u);
	req->audit_action = "login";
	req->audit_entity = "user";
	if (!http_json_check(req->body, login_fields, resp))
		return REDE_OK;
	username = json_string_value(json_object_get(req->body, "username"));
	password = json_string_value(json_object_get(req->body, "password"));

	err = store_throttle_get(c, "address", req->addr, &r);
	if (err)
		goto out;
	wait = core_login_address_wait(&pol->login, r.failures, r.window_start, rede_now());
	if (wait > 0) {
		too_many(resp, wait);
		goto out;
	}

	err = store_user_by_username(c, username, &u);
	if (err && err != REDE_E_NOTFOUND)
		goto out;
	found = err == REDE_OK;
	err = REDE_OK;
	if (found) {
		req->audit_user_id = u.id;
		req->audit_municipality_id = u.municipality_id;
		snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld",
			 (long long)u.id);
		dev = http_cookie(req, AUTH_DEVICE_COOKIE);
		if (dev) {
			crypto_token_hash(dev, hash);
			err = store_device_known(c, hash, u.id, &known_device);
			if (err)
				goto out;
		}
	}
	if (!known_device) {
		err = store_throttle_get(c, "account", username, &r);
		if (err)
			goto out;
		wait = core_login_account_wait(&pol->login, r.failures, r.last_failure, rede_now());
		if (wait > 0) {
			too_many(resp, wait);
			resp->keep = true;
			goto out;
		}
	}

	/* Always run the KDF, so a missing user costs the same time. */
	ok = crypto_password_verify(found && u.password_hash[0] ? u.password_hash
								  : crypto_password_dummy_hash(),
				    password);
	if (!found || !u.password_hash[0] || u.is_service || u.disabled_at || !ok) {
		err = record_failure(c, pol, req->addr, username, !known_device);
		if (err)
			goto out;
		http_problem(resp, 401, LOGIN_FAILED_DA);
		resp->keep = true;
		goto out;
	}

	err = store_throttle_clear(c, "account", username);
	if (err)
		goto out;
	crypto_token_new(token);
	crypto_token_new(csrf);
	crypto_token_hash(token, hash);
	err = store_session_create(c, u.id, hash, csrf, rede_now(), &session_id);
	if (err)
		goto out;
	http_add_cookie(resp, session_cookie(req, token, -1));
	if (!known_device) {
		char devtok[CRYPTO_TOKEN_TEXT];

		crypto_token_new(devtok);
		crypto_token_hash(devtok, hash);
		err = store_device_add(c, hash, u.id, rede_now());
		if (err)
			goto out;
		http_add_cookie(resp, device_cookie(req, devtok));
	}
	body = json_object();
	json_object_set_new(body, "user", json_user(c, &u));
	json_object_set_new(body, "csrf_token", json_string(csrf));
	http_json(resp, 201, body);
out:
	user_row_release(&u);
	return err;
}

enum rede_err h_session_delete(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	enum rede_err err = REDE_OK;

	req->audit_action = "logout";
	req->audit_entity = "user";
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld",
		 (long long)req->auth.user_id);
	if (req->auth.session_id) {
		err = store_session_end(c, req->auth.session_id, rede_now());
		if (err)
			return err;
	}
	http_add_cookie(resp, session_cookie(req, "", 0));
	resp->status = 204;
	return REDE_OK;
}

enum rede_err h_me_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	struct user_row u;
	struct session_row s;
	struct municipality_row m;
	enum rede_err err;
	json_t *body;

	user_row_init(&u);
	err = store_user_get(c, req->auth.municipality_id, req->auth.user_id, &u);
	if (err)
		goto out;
	err = store_municipality_get(c, u.municipality_id, &m);
	if (err)
		goto out;
	body = json_user(c, &u);
	json_object_set_new(body, "municipality",
			    json_pack("{s:I, s:s, s:s}", "id", (json_int_t)m.id, "code", m.code,
				      "name", m.name));
	if (req->auth.session_id) {
		const char *tok = http_cookie(req, AUTH_SESSION_COOKIE);
		char hash[CRYPTO_HASH_HEX];

		if (tok) {
			crypto_token_hash(tok, hash);
			if (store_session_find(c, hash, &s) == REDE_OK)
				json_object_set_new(body, "csrf_token", json_string(s.csrf_token));
		}
	}
	http_json(resp, 200, body);
out:
	user_row_release(&u);
	return err;
}

static const struct http_jfield password_fields[] = {
	{"current_password", J_STRING, true, 1024},
	{"new_password", J_STRING, true, 1024},
	{NULL, 0, false, 0},
};

enum rede_err h_me_password(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const struct rede_policy *pol = http_policy(req->srv);
	struct user_row u;
	const char *cur, *nw;
	char *hash = NULL;
	enum rede_err err;

	user_row_init(&u);
	req->audit_action = "password_change";
	req->audit_entity = "user";
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld",
		 (long long)req->auth.user_id);
	if (!http_json_check(req->body, password_fields, resp))
		return REDE_OK;
	cur = json_string_value(json_object_get(req->body, "current_password"));
	nw = json_string_value(json_object_get(req->body, "new_password"));
	err = store_user_get(c, req->auth.municipality_id, req->auth.user_id, &u);
	if (err)
		goto out;
	if (!crypto_password_verify(u.password_hash, cur)) {
		http_problem(resp, 400, "Ugyldige data");
		http_problem_field(resp, "current_password", "Den nuværende adgangskode er forkert");
		goto out;
	}
	if (!core_password_acceptable(nw, (int)pol->password_min_length)) {
		char msg[120];

		snprintf(msg, sizeof(msg), "Adgangskoden skal have mindst %lld tegn",
			 (long long)pol->password_min_length);
		http_problem(resp, 400, "Ugyldige data");
		http_problem_field(resp, "new_password", msg);
		goto out;
	}
	hash = crypto_password_hash(nw);
	if (!hash) {
		err = REDE_E_CRYPTO;
		goto out;
	}
	err = store_user_set_password(c, u.id, hash);
	if (err)
		goto out;
	resp->status = 204;
out:
	free(hash);
	user_row_release(&u);
	return err;
}
