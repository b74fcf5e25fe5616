/*
 * h_session.c - signing in and out, "who am I", changing one's password.
 *
 * POST /api/v1/session is the only unauthenticated write. The username
 * field holds a sign-in name: NAME@CODE, or a plain NAME (store/users.h).
 * Throttling (the rules in core.h; docs/OPERATIONS.md "Sign-in"):
 *   - a device that has signed in to the account before (device cookie)
 *     is under no address or account rule; only its own failures slow it.
 *     So a correct password from a known device always gets in, whatever
 *     an attacker does from elsewhere or from the same address;
 *   - every other attempt counts against the client address (slowed past
 *     its free failures, never locked) and against the account (a growing,
 *     capped delay).
 * An attempt is claimed - checked against the limits and counted, in ONE
 * write transaction - before its password is checked, so parallel guesses
 * cannot all pass a check made before any of them was counted; a correct
 * password gives its claim back. Argon2id runs only for claimed attempts:
 * refused ones cost no CPU. Failures are answered with the same message
 * and about the same time whether or not the user exists.
 */
#include <string.h>

#include "http/auth.h"
#include "http/handlers.h"
#include "rede/core.h"
#include "rede/crypto.h"
#include "rede/util.h"
#include "store/devices.h"
#include "store/settings.h"
#include "store/sso.h"
#include "store/tenancy.h"

#define LOGIN_FAILED_DA "Forkert brugernavn eller adgangskode"

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

/* What the prepare step found and claimed, handed to the handler. */
struct login_check {
	bool found;           /* the sign-in name names a user */
	bool ok;              /* the password is right and the account may sign in */
	bool known_device;    /* this browser has signed in to the account before */
	bool device_disabled; /* ... and an administrator has disabled it since */
	int64_t device_id;    /* the known (or disabled) device; 0 = none */
	int64_t user_id;
	int64_t municipality_id;
	char account_key[160];             /* the account's throttle key */
	char device_hash[CRYPTO_HASH_HEX]; /* the known device's throttle key */
};

struct login_claim {
	struct http_req *req;
	struct login_check *chk;
	struct user_row *u;
	bool claim;      /* count the attempt when allowed (write transaction) */
	int64_t wait;    /* > 0: refused, may try again in this many seconds */
	const char *why; /* which limit refused it */
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

/* Count one attempt on a row: a new window for an address whose window
 * is over. */
static void count_attempt(struct throttle_row *t, int64_t window, int64_t now)
{
	if (t->failures == 0 || (window > 0 && now - t->window_start >= window)) {
		t->failures = 0;
		t->window_start = now;
	}
	t->failures++;
	t->last_failure = now;
}

/* Before the password check: who is it, which limits apply, may it try
 * now - and if so and r->claim (a write transaction), count the attempt. */
static enum rede_err login_claim_body(struct store_conn *c, void *arg)
{
	struct login_claim *r = arg;
	struct login_check *chk = r->chk;
	const struct core_login_policy *pol = &http_policy(r->req->srv)->login;
	const char *name = json_string_value(json_object_get(r->req->body, "username"));
	const char *dev = http_cookie(r->req, AUTH_DEVICE_COOKIE);
	struct throttle_row addr, acct;
	int64_t now = rede_now(), w;
	enum rede_err err;

	r->wait = 0;
	r->why = NULL;
	memset(chk, 0, sizeof(*chk));
	user_row_release(r->u);
	err = store_user_by_sign_in(c, name, r->u);
	if (err && err != REDE_E_NOTFOUND)
		return err;
	chk->found = err == REDE_OK;
	if (chk->found) {
		chk->user_id = r->u->id;
		chk->municipality_id = r->u->municipality_id;
		snprintf(chk->account_key, sizeof(chk->account_key), "user %lld",
			 (long long)r->u->id);
		if (dev) {
			struct device_row d;

			crypto_token_hash(dev, chk->device_hash);
			err = store_device_find(c, chk->device_hash, r->u->id, &d);
			if (err && err != REDE_E_NOTFOUND)
				return err;
			/* a disabled device is trusted no more (the address and
			 * account rules apply) and cannot open a session */
			chk->device_id = err ? 0 : d.id;
			chk->device_disabled = !err && d.disabled_at;
			chk->known_device = !err && !d.disabled_at;
			err = REDE_OK;
		}
	} else {
		snprintf(chk->account_key, sizeof(chk->account_key), "name %s", name);
	}

	if (chk->known_device) {
		struct throttle_row d;

		err = store_throttle_get(c, "device", chk->device_hash, &d);
		if (err)
			return err;
		r->wait = core_login_account_wait(pol, d.failures, d.last_failure, now);
		if (r->wait > 0) {
			r->why = "device";
			return REDE_OK;
		}
		if (!r->claim)
			return REDE_OK;
		count_attempt(&d, 0, now);
		return store_throttle_put(c, "device", chk->device_hash, &d);
	}

	err = store_throttle_get(c, "address", r->req->addr, &addr);
	if (!err)
		err = store_throttle_get(c, "account", chk->account_key, &acct);
	if (err)
		return err;
	r->wait = core_login_address_wait(pol, addr.failures, addr.window_start, addr.last_failure,
					  now);
	if (r->wait > 0)
		r->why = "address";
	w = core_login_account_wait(pol, acct.failures, acct.last_failure, now);
	if (w > r->wait) {
		r->wait = w;
		r->why = "account";
	}
	if (r->wait > 0 || !r->claim)
		return REDE_OK;
	count_attempt(&addr, pol->address_window, now);
	count_attempt(&acct, 0, now);
	err = store_throttle_put(c, "address", r->req->addr, &addr);
	if (!err)
		err = store_throttle_put(c, "account", chk->account_key, &acct);
	return err;
}

/* Prepare step of POST /api/v1/session, outside the request's write
 * transaction (a password check costs ~100 ms, which would hold SQLite's
 * write lock): claim the attempt, then check the password. */
enum rede_err h_session_check(struct http_req *req, struct http_resp *resp)
{
	struct login_check *chk = xcalloc(1, sizeof(*chk));
	struct user_row u;
	struct login_claim r = {req, chk, &u, false, 0, NULL};
	const char *password;
	enum rede_err err;

	user_row_init(&u);
	req->scratch = chk;
	req->scratch_free = free;
	set_login_audit(req, NULL);
	if (!http_json_check(req->body, login_fields, resp))
		return REDE_OK;
	/* A read first: under attack most attempts are refused, and a refusal
	 * then costs no write. The claim itself checks again, atomically. */
	err = store_tx_run(http_store(req->srv), STORE_TX_READ, login_claim_body, &r);
	if (!err && r.wait == 0) {
		r.claim = true;
		err = store_tx_run(http_store(req->srv), STORE_TX_WRITE, login_claim_body, &r);
	}
	set_login_audit(req, chk);
	if (err)
		goto out;
	if (r.wait > 0) {
		too_many(resp, r.wait);
		req->audit_detail = xasprintf("too many attempts (%s)", r.why);
		goto out;
	}
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

/* A right password: the claimed attempt was no failure. A known device
 * starts afresh (the account's count, made by others, stays); otherwise
 * the account starts afresh and the address gets its attempt back - and,
 * when slowed, its slot at once, for the next person behind it. */
static enum rede_err give_claim_back(struct store_conn *c, const struct http_req *req,
				     const struct login_check *chk)
{
	struct throttle_row t;
	enum rede_err err;

	if (chk->known_device)
		return store_throttle_clear(c, "device", chk->device_hash);
	err = store_throttle_clear(c, "account", chk->account_key);
	if (!err)
		err = store_throttle_get(c, "address", req->addr, &t);
	if (err || t.window_start == 0)
		return err;
	if (t.failures > 0)
		t.failures--;
	t.last_failure = 0;
	return store_throttle_put(c, "address", req->addr, &t);
}

/* Write transaction of POST /api/v1/session: book the outcome the prepare
 * step found. The failure was counted by the claim already. */
enum rede_err h_session_create(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	const struct login_check *chk = req->scratch;
	struct user_row u;
	bool local_ok = true;
	enum rede_err err = REDE_OK;

	user_row_init(&u);
	set_login_audit(req, chk);
	/* The audit entry says the password was checked: tests count them. */
	req->audit_detail =
		xstrdup(chk->ok ? "password checked: right" : "password checked: wrong");
	if (chk->ok) {
		/* disabled since the check? */
		err = store_user_get(c, 0, chk->user_id, &u);
		if (err && err != REDE_E_NOTFOUND)
			goto out;
		err = REDE_OK;
	}
	if (!chk->ok || !u.username || u.disabled_at) {
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
		http_problem_field(resp, "",
				   "Din kommune har slået log ind med adgangskode fra. "
				   "Brug \"Log ind med kommunens login\".");
		goto out;
	}
	if (chk->device_disabled) {
		/* told only after a right password: the holder of a stolen
		 * tablet learns nothing more than a wrong guess would tell */
		http_auth_disabled(resp, 403, true);
		free(req->audit_detail);
		req->audit_detail = xstrdup("password checked: right; device disabled");
		goto out;
	}
	err = give_claim_back(c, req, chk);
	if (!err)
		err = auth_session_open(req, c, resp, &u, chk->known_device ? chk->device_id : 0);
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
	http_add_cookie(resp, auth_session_cookie(req, "", 0));
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
	json_t *body = NULL;

	user_row_init(&u);
	err = store_user_get(c, req->auth.municipality_id, req->auth.user_id, &u);
	if (err)
		goto out;
	err = store_municipality_get(c, u.municipality_id, &m);
	if (err)
		goto out;
	body = json_user(c, &u);
	/* the web UI's pages this caller may open (views.c, from routes.c) */
	json_object_set_new(body, "views", http_views_json(u.roles));
	json_object_set_new(body, "municipality",
			    json_pack("{s:I, s:s, s:s}", "id", (json_int_t)m.id, "code", m.code,
				      "name", m.name));
	/* What the web app needs to work offline (issue 20): how many days it
	 * may keep its offline data without reaching the server. */
	{
		int64_t days = 0;

		err = store_setting_int(c, u.municipality_id, "offline.max_days", &days);
		if (err)
			goto out;
		json_object_set_new(body, "offline",
				    json_pack("{s:I}", "max_days", (json_int_t)days));
	}
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
	body = NULL;
out:
	json_decref(body);
	user_row_release(&u);
	return err;
}

/* GET /api/v1/session: who is signed in, asked without a 401 - the web UI's
 * first question on every load, which a signed-out browser would otherwise
 * log as a failed request. {"signed_in": false} or /me's answer with
 * "signed_in": true. */
enum rede_err h_session_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	enum rede_err err;

	if (!req->auth.user_id) {
		/* "disabled": this browser's session belongs to a user who has been
		 * disabled; "device_disabled": it was opened on a device that has
		 * been disabled - the web app then erases its offline data. */
		http_json(resp, 200,
			  req->auth_device_disabled
				  ? json_pack("{s:b, s:b}", "signed_in", 0, "device_disabled", 1)
			  : req->auth_disabled
				  ? json_pack("{s:b, s:b}", "signed_in", 0, "disabled", 1)
				  : json_pack("{s:b}", "signed_in", 0));
		return REDE_OK;
	}
	err = h_me_get(req, c, resp);
	if (err == REDE_OK && resp->json)
		json_object_set_new(resp->json, "signed_in", json_true());
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
		http_problem_field(resp, "current_password",
				   "Den nuværende adgangskode er forkert");
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
	/* Whoever signed in with the old password elsewhere is out; this
	 * session stays. API tokens stay until revoked (service accounts
	 * have no password). */
	if (!err)
		err = store_session_end_others(c, u.id, req->auth.session_id, rede_now(), NULL);
	if (err)
		goto out;
	resp->status = 204;
out:
	free(hash);
	user_row_release(&u);
	return err;
}
