/*
 * sessions.c - login sessions, service-account API tokens, login
 * throttling records (declared in users.h). Known devices: devices.c.
 *
 * Tokens are never stored, only their hashes (crypto_token_hash).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/users.h"

enum rede_err store_session_create(struct store_conn *c, int64_t user_id, const char *token_hash,
				   const char *csrf, int64_t now, int64_t *id)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO session (token_hash, user_id, csrf_token, created_at, last_seen_at) "
		"VALUES (?, ?, ?, ?, ?) RETURNING id");
	store_bind_all(st, STORE_TEXT(token_hash), STORE_INT(user_id), STORE_TEXT(csrf),
		       STORE_INT(now), STORE_INT(now));
	return store_run_int(st, id);
}

#define SESSION_COL(expr, kind, field) STORE_COL(expr, kind, struct session_row, field)
static const struct store_col session_cols[] = {
	SESSION_COL("s.id", STORE_COL_INT, id),
	SESSION_COL("s.user_id", STORE_COL_INT, user_id),
	SESSION_COL("s.csrf_token", STORE_COL_TEXT, csrf_token),
	SESSION_COL("s.created_at", STORE_COL_INT, created_at),
	SESSION_COL("s.last_seen_at", STORE_COL_INT, last_seen_at),
	SESSION_COL("s.ended_at", STORE_COL_INT0, ended_at),
	SESSION_COL("s.device_id", STORE_COL_INT0, device_id),
	/* the portable CASE instead of a NULL test by column number */
	SESSION_COL("CASE WHEN d.disabled_at IS NULL THEN 0 ELSE 1 END", STORE_COL_BOOL,
		    device_disabled),
};

enum rede_err store_session_find(struct store_conn *c, const char *token_hash,
				 struct session_row *out)
{
	struct store_stmt *st = store_prepare_select(
		c, session_cols, STORE_NCOLS(session_cols),
		"FROM session s LEFT JOIN device d ON d.id = s.device_id WHERE s.token_hash = ?");
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(token_hash));
	err = store_step_one(st);
	if (!err)
		store_read_row(st, session_cols, STORE_NCOLS(session_cols), out);
	store_finish(st);
	return err;
}

enum rede_err store_session_touch(struct store_conn *c, int64_t id, int64_t now)
{
	struct store_stmt *st =
		store_prepare(c, "UPDATE session SET last_seen_at = ? WHERE id = ?");
	store_bind_all(st, STORE_INT(now), STORE_INT(id));
	return store_run(st);
}

enum rede_err store_session_seen(struct store_conn *c, int64_t id, int64_t at)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE session SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?");

	store_bind_all(st, STORE_INT(at), STORE_INT(id), STORE_INT(at));
	return store_run(st);
}

enum rede_err store_session_end(struct store_conn *c, int64_t id, int64_t now)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE session SET ended_at = ? WHERE id = ? AND ended_at IS NULL");
	store_bind_all(st, STORE_INT(now), STORE_INT(id));
	return store_run(st);
}

enum rede_err store_session_end_user(struct store_conn *c, int64_t user_id, int64_t now, int64_t *n)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE session SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL");
	enum rede_err err;

	store_bind_all(st, STORE_INT(now), STORE_INT(user_id));
	err = store_run(st);
	if (!err && n)
		*n = store_changes(c);
	return err;
}

enum rede_err store_session_end_others(struct store_conn *c, int64_t user_id, int64_t keep_id,
				       int64_t now, int64_t *n)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE session SET ended_at = ? WHERE user_id = ? AND id <> ? AND "
		   "ended_at IS NULL");
	enum rede_err err;

	store_bind_all(st, STORE_INT(now), STORE_INT(user_id), STORE_INT(keep_id));
	err = store_run(st);
	if (!err && n)
		*n = store_changes(c);
	return err;
}

enum rede_err store_token_create(struct store_conn *c, int64_t user_id, const char *token_hash,
				 const char *label, int64_t *id)
{
	struct store_stmt *st =
		store_prepare(c, "INSERT INTO api_token (token_hash, user_id, label, created_at) "
				 "VALUES (?, ?, ?, ?) RETURNING id");
	store_bind_all(st, STORE_TEXT(token_hash), STORE_INT(user_id), STORE_TEXT(label),
		       STORE_INT(rede_now()));
	return store_run_int(st, id);
}

enum rede_err store_token_user(struct store_conn *c, const char *token_hash, int64_t *user_id)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT user_id FROM api_token WHERE token_hash = ? AND revoked_at IS NULL");
	store_bind_all(st, STORE_TEXT(token_hash));
	return store_run_int(st, user_id);
}

enum rede_err store_token_revoke_user(struct store_conn *c, int64_t user_id, int64_t now)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE api_token SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL");
	store_bind_all(st, STORE_INT(now), STORE_INT(user_id));
	return store_run(st);
}

static const struct store_col throttle_cols[] = {
	STORE_COL("failures", STORE_COL_INT, struct throttle_row, failures),
	STORE_COL("window_start", STORE_COL_INT, struct throttle_row, window_start),
	STORE_COL("last_failure", STORE_COL_INT, struct throttle_row, last_failure),
};

enum rede_err store_throttle_get(struct store_conn *c, const char *scope, const char *key,
				 struct throttle_row *out)
{
	size_t n = sizeof(throttle_cols) / sizeof(throttle_cols[0]);
	struct store_stmt *st = store_prepare_select(
		c, throttle_cols, n, "FROM login_throttle WHERE scope = ? AND key = ?");
	enum rede_err err;

	memset(out, 0, sizeof(*out));
	store_bind_all(st, STORE_TEXT(scope), STORE_TEXT(key));
	err = store_step(st);
	if (err == REDE_ROW)
		store_read_row(st, throttle_cols, n, out);
	store_finish(st);
	return err == REDE_ROW || err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_throttle_put(struct store_conn *c, const char *scope, const char *key,
				 const struct throttle_row *r)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO login_throttle (scope, key, failures, window_start, last_failure) "
		   "VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET "
		   "failures = excluded.failures, window_start = excluded.window_start, "
		   "last_failure = excluded.last_failure");
	store_bind_all(st, STORE_TEXT(scope), STORE_TEXT(key), STORE_INT(r->failures),
		       STORE_INT(r->window_start), STORE_INT(r->last_failure));
	return store_run(st);
}

enum rede_err store_throttle_clear(struct store_conn *c, const char *scope, const char *key)
{
	struct store_stmt *st =
		store_prepare(c, "DELETE FROM login_throttle WHERE scope = ? AND key = ?");
	store_bind_all(st, STORE_TEXT(scope), STORE_TEXT(key));
	return store_run(st);
}
