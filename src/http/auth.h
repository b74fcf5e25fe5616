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

#include "rede/http.h"
#include "store/settings.h"

#define AUTH_SESSION_COOKIE "rede_session"
#define AUTH_DEVICE_COOKIE "rede_device"

struct auth_creds {
	const char *session_cookie;   /* value of rede_session, or NULL */
	const char *authorization;    /* Authorization header, or NULL */
	const char *csrf_header;      /* X-CSRF-Token header, or NULL */
	bool is_write;                /* method other than GET/HEAD */
	bool defer_touch;             /* read transaction: report the session's use
				       * in out->pending_touch instead of writing it */
};

enum auth_result {
	AUTH_RESULT_OK,
	AUTH_RESULT_NONE,       /* no credentials */
	AUTH_RESULT_INVALID,    /* unknown/ended session or token, disabled user */
	AUTH_RESULT_EXPIRED,    /* idle or absolute limit passed */
	AUTH_RESULT_CSRF,       /* cookie write without a matching CSRF header */
	AUTH_RESULT__COUNT
};

/* Fill *out (via = AUTH_NONE unless *res is OK). Touches the session's
 * last_seen time. Returns a store error only for store failures. */
enum rede_err auth_identify(struct store_conn *c, const struct rede_policy *pol,
			    const struct auth_creds *cr, struct http_auth *out,
			    enum auth_result *res);

/* End every session of a user (disable, "end-sessions"). */
enum rede_err auth_end_user_sessions(struct store_conn *c, int64_t user_id);

/* The server's policy, loaded at start-up. */
const struct rede_policy *http_policy(const struct http_server *srv);

#endif
