/*
 * auth.h - who is calling: sessions, bearer tokens, CSRF, login throttling.
 *
 * The server calls auth_identify inside the request's transaction before
 * any handler runs. Sessions: the cookie "rede_session" carries a 256-bit
 * token; only its hash is stored. Idle and absolute limits come from the
 * policy. Cookie-authenticated writes must carry X-CSRF-Token equal to the
 * session's CSRF token. Service accounts send "Authorization: Bearer".
 */
#ifndef REDE_HTTP_AUTH_H
#define REDE_HTTP_AUTH_H

#include <stdbool.h>

#include "rede/crypto.h"
#include "rede/http.h"
#include "store/settings.h"

#define AUTH_SESSION_COOKIE "rede_session"
#define AUTH_DEVICE_COOKIE "rede_device"

struct auth_creds {
	const char *session_cookie; /* value of rede_session, or NULL */
	const char *authorization;  /* Authorization header, or NULL */
	const char *csrf_header;    /* X-CSRF-Token header, or NULL */
	bool is_write;              /* method other than GET/HEAD */
	bool defer_touch;           /* read transaction: report the session's use
				       * in out->pending_touch instead of writing it */
};

enum auth_result {
	AUTH_RESULT_OK,
	AUTH_RESULT_NONE,            /* no credentials */
	AUTH_RESULT_INVALID,         /* unknown/ended session or token, disabled user */
	AUTH_RESULT_EXPIRED,         /* idle or absolute limit passed */
	AUTH_RESULT_CSRF,            /* cookie write without a matching CSRF header */
	AUTH_RESULT_DISABLED,        /* a live session of a user disabled since: the web
				 * app erases its offline data (issue 20) */
	AUTH_RESULT_DEVICE_DISABLED, /* a session opened on a device an
				      * administrator has disabled (the same) */
	AUTH_RESULT__COUNT
};

/* Fill *out (via = AUTH_NONE unless *res is OK). Touches the session's
 * last_seen time. Returns a store error only for store failures. */
enum rede_err auth_identify(struct store_conn *c, const struct rede_policy *pol,
			    const struct auth_creds *cr, struct http_auth *out,
			    enum auth_result *res);

/* End every session of a user (disable, "end-sessions"). */
enum rede_err auth_end_user_sessions(struct store_conn *c, int64_t user_id);

struct user_row;
/* Start a signed-in session for u, once the caller has established who it
 * is (password sign-in in h_session.c; single sign-on the same way): a new
 * session (token and CSRF token) remembering its device, its cookie, a new
 * device (and its cookie) when device_id is 0, and a 201 answer with the user and the CSRF token. Runs in
 * the caller's write transaction. */
enum rede_err auth_session_open(struct http_req *req, struct store_conn *c, struct http_resp *resp,
				const struct user_row *u, int64_t device_id);
/* The part of auth_session_open every sign-in shares (single sign-on
 * answers with a redirect instead): a new session for user_id, its token
 * in the session cookie, its CSRF token in csrf, its id in *session_id. */
enum rede_err auth_session_start(struct http_req *req, struct store_conn *c, struct http_resp *resp,
				 int64_t user_id, char csrf[CRYPTO_TOKEN_TEXT],
				 int64_t *session_id);
/* The Set-Cookie value of the session cookie; max_age 0 deletes it, -1
 * makes a browser-session cookie. The caller frees it. */
char *auth_session_cookie(const struct http_req *req, const char *value, int max_age);

/* The server's policy, loaded at start-up. */
const struct rede_policy *http_policy(const struct http_server *srv);

#endif
