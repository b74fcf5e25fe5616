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
#include "store/sso.h"
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

static const struct http_jfield login_fields[] = {
	{"username", J_STRING, true, 128},
	{"password", J_STRING, true, 1024},
	{NULL, 0, false, 0},
};

/* What the password check found, handed from the prepare step to the
 * handler. */
struct login_check {
	bool found;           /* the username exists */
	bool ok;              /* the password is right and the account may sign in */
	bool known_device;    /* this browser has signed in to the account before */
	int64_t user_id;
	int64_t municipality_id;
};

struct login_read {
	struct http_req *req;
	struct http_resp *resp;
	struct login_check *chk;
	struct user_row *u;
	bool throttled;
};

static void set_login_audit(struct http_req *req, const struct login_check *chk)
{
	req->audit_action = "login";
	req->audit_entity = "user";
	if (chk && chk->found) {
		req->audit_user_id = chk->user_id;
		req->audit_municipality_id = chk->municipality_id;
		snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld",
			 (long long)chk->user_id);
	}
}

/* Read transaction: throttling state, the user, the device cookie. */
static enum rede_err login_read_body(struct store_conn *c, void *arg)
{
	struct login_read *r = arg;
	const struct rede_policy *pol = http_policy(r->req->srv);
	const char *username = json_string_value(json_object_get(r->req->body, "username"));
	const char *dev;
	char hash[CRYPTO_HASH_HEX];
	struct throttle_row t;
	int64_t wait;
	enum rede_err err;

	r->throttled = false;
	memset(r->chk, 0, sizeof(*r->chk));
	user_row_release(r->u);
	err = store_throttle_get(c, "address", r->req->addr, &t);
	if (err)
		return err;
	wait = core_login_address_wait(&pol->login, t.failures, t.window_start, rede_now());
	if (wait > 0) {
		too_many(r->resp, wait);
		r->throttled = true;
		return REDE_OK;
	}
	err = store_user_by_username(c, username, r->u);
	if (err && err != REDE_E_NOTFOUND)
		return err;
	r->chk->found = err == REDE_OK;
	if (r->chk->found) {
		r->chk->user_id = r->u->id;
		r->chk->municipality_id = r->u->municipality_id;
		dev = http_cookie(r->req, AUTH_DEVICE_COOKIE);
		if (dev) {
			crypto_token_hash(dev, hash);
			err = store_device_known(c, hash, r->u->id, &r->chk->known_device);
			if (err)
				return err;
		}
	}
	if (!r->chk->known_device) {
		err = store_throttle_get(c, "account", username, &t);
		if (err)
			return err;
		wait = core_login_account_wait(&pol->login, t.failures, t.last_failure, rede_now());
		if (wait > 0) {
			too_many(r->resp, wait);
			r->throttled = true;
		}
	}
	return REDE_OK;
}

/* Prepare step of POST /api/v1/session: everything slow, outside the write
 * transaction. Throttled attempts are refused before the password is
 * hashed, so guessing cannot be used to burn the server's CPU either. */
enum rede_err h_session_check(struct http_req *req, struct http_resp *resp)
{
	struct login_check *chk = xcalloc(1, sizeof(*chk));
	struct user_row u;
	struct login_read r = {req, resp, chk, &u, false};
	const char *password;
	enum rede_err err;

	user_row_init(&u);
	req->scratch = chk;
	req->scratch_free = free;
	set_login_audit(req, NULL);
	if (!http_json_check(req->body, login_fields, resp))
		return REDE_OK;
	err = store_tx_run(http_store(req->srv), STORE_TX_READ, login_read_body, &r);
	set_login_audit(req, chk);
	if (err || r.throttled)
		goto out;
	password = json_string_value(json_object_get(req->body, "password"));
	/* Always run the KDF, so a missing user costs the same time. */
	chk->ok = crypto_password_verify(chk->found && u.password_hash[0]
						 ? u.password_hash
						 : crypto_password_dummy_hash(),
					 password) &&
		  chk->found && u.password_hash[0] && !u.is_service && !u.disabled_at;
out:
	user_row_release(&u);
	return err;
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

/* A session for user_id, whom a password or the municipality's identity
 * provider has vouched for: a fresh token in the session cookie, a CSRF
 * token in csrf. The one way a session starts. */
enum rede_err http_session_open(struct http_req *req, struct store_conn *c,
				struct http_resp *resp, int64_t user_id,
				char csrf[CRYPTO_TOKEN_TEXT], int64_t *session_id)
{
	char token[CRYPTO_TOKEN_TEXT], hash[CRYPTO_HASH_HEX];
	enum rede_err err;

	crypto_token_new(token);
	crypto_token_new(csrf);
	crypto_token_hash(token, hash);
	err = store_session_create(c, user_id, hash, csrf, rede_now(), session_id);
	if (!err)
		http_add_cookie(resp, session_cookie(req, token, -1));
	return err;
}

/* Write transaction of POST /api/v1/session: book the outcome the prepare
 * step found. */
enum rede_err h_session_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const struct login_check *chk = req->scratch;
	const char *username = json_string_value(json_object_get(req->body, "username"));
	char csrf[CRYPTO_TOKEN_TEXT], hash[CRYPTO_HASH_HEX];
	struct user_row u;
	int64_t session_id;
	bool local_ok = true;
	enum rede_err err;
	json_t *body;

	user_row_init(&u);
	set_login_audit(req, chk);
	if (chk->ok) {
		/* disabled since the check? */
		err = store_user_get(c, 0, chk->user_id, &u);
		if (err && err != REDE_E_NOTFOUND)
			goto out;
		err = REDE_OK;
	}
	if (!chk->ok || !u.username || u.disabled_at) {
		err = record_failure(c, http_policy(req->srv), req->addr, username,
				     !chk->known_device);
		if (err)
			goto out;
		http_problem(resp, 401, LOGIN_FAILED_DA);
		resp->keep = true;
		goto out;
	}
	/* the municipality may have turned passwords off (break-glass
	 * accounts excepted, issue 17) */
	err = store_sso_local_login_allowed(c, u.municipality_id, u.id, &local_ok);
	if (err)
		goto out;
	if (!local_ok) {
		http_problem(resp, 403, "Log ind med kommunens login");
		http_problem_field(resp, "", "Din kommune har slået log ind med adgangskode fra. "
					     "Brug \"Log ind med kommunens login\".");
		goto out;
	}
	err = store_throttle_clear(c, "account", username);
	if (err)
		goto out;
	err = http_session_open(req, c, resp, u.id, csrf, &session_id);
	if (err)
		goto out;
	if (!chk->known_device) {
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
	char *idp_logout = NULL;
	enum rede_err err = REDE_OK;

	req->audit_action = "logout";
	req->audit_entity = "user";
	snprintf(req->audit_entity_id, sizeof(req->audit_entity_id), "%lld",
		 (long long)req->auth.user_id);
	if (req->auth.session_id) {
		/* a session from the identity provider ends there too */
		err = h_sso_logout_url(req, c, req->auth.session_id, &idp_logout);
		if (!err)
			err = store_session_end(c, req->auth.session_id, rede_now());
		if (err) {
			free(idp_logout);
			return err;
		}
	}
	http_add_cookie(resp, session_cookie(req, "", 0));
	if (idp_logout)
		http_json(resp, 200, json_pack("{s:s}", "logout_url", idp_logout));
	else
		resp->status = 204;
	free(idp_logout);
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
	if (!u.password_hash[0]) { /* signs in through the municipality's login */
		http_conflict(resp, "current_password",
			      "Du logger ind med kommunens login og har ingen adgangskode i Rede");
		goto out;
	}
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
