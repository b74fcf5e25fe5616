/*
 * users.h - staff accounts, their unit memberships, sessions, API tokens,
 * login throttling records and known devices in the store.
 *
 * Usernames are unique per municipality (migration 0008): an admin names
 * users inside the municipality and learns nothing about the names other
 * municipalities use. A user signs in as NAME@CODE (CODE = the
 * municipality's code); a user with plain_sign_in may also sign in with
 * NAME alone. Plain names form one namespace across municipalities, kept
 * unique by the database; only the operator (CLI, demo) and migration 0008
 * (every user that existed before it) hand them out.
 *
 * Ownership: struct user_row owns its strings and unit list;
 * user_row_release frees them. Functions taking a municipality_id never
 * return another municipality's user (REDE_E_NOTFOUND instead).
 */
#ifndef REDE_STORE_USERS_H
#define REDE_STORE_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/store.h"

#define USER_MAX_UNITS 64

struct user_row {
	int64_t id;
	int64_t municipality_id;
	char *username;     /* unique within the municipality */
	char *sign_in;      /* read only: NAME, or NAME@CODE (see above) */
	bool plain_sign_in; /* may sign in with the username alone */
	char *display_name;
	char *password_hash;
	int64_t roles;
	bool is_service;
	int64_t hourly_cost_ore; /* -1 = not set */
	int64_t disabled_at;     /* 0 = active */
	int64_t created_at;
	int64_t version;
	int64_t unit_ids[USER_MAX_UNITS];
	size_t nunits;
	/* read only: signs in through the municipality's identity provider
	 * (an sso_identity names the user; store/sso.h) */
	bool federated;
};
void user_row_init(struct user_row *u);
void user_row_release(struct user_row *u);

/* The user a sign-in name names: "NAME@CODE" (the municipality's code),
 * or a plain NAME of a user with plain_sign_in. Loads units too. */
enum rede_err store_user_by_sign_in(struct store_conn *c, const char *sign_in,
				    struct user_row *out);
/* By username within one municipality. */
enum rede_err store_user_by_name(struct store_conn *c, int64_t municipality_id,
				 const char *username, struct user_row *out);
/* Is a plain sign-in name free? (Operator use: rede user add, demo.) */
enum rede_err store_user_plain_free(struct store_conn *c, const char *username, bool *is_free);
/* By id; municipality_id 0 means any (CLI/server-internal use only). */
enum rede_err store_user_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			     struct user_row *out);
/* A user's display name (*name, caller frees; NULL when there is no such
 * user). By id alone: for ids read from rows the caller already reached. */
enum rede_err store_user_display_name(struct store_conn *c, int64_t id, char **name);
/* Insert u (id, created_at, version are set). REDE_E_CONFLICT when the
 * username is taken in u's municipality, or u->plain_sign_in and the
 * plain name is taken. Also stores u->unit_ids. */
enum rede_err store_user_insert(struct store_conn *c, struct user_row *u);
/* Update display_name, roles, hourly cost, units and disabled_at when the
 * stored version equals u->version; bumps u->version. REDE_E_CONFLICT when
 * stale. */
enum rede_err store_user_update(struct store_conn *c, struct user_row *u);
enum rede_err store_user_set_password(struct store_conn *c, int64_t id, const char *hash);
/* Each user of a municipality ordered by username; fn returns non-zero to
 * stop. The row passed to fn is released after fn returns. */
enum rede_err store_user_each(struct store_conn *c, int64_t municipality_id,
			      int (*fn)(const struct user_row *u, void *arg), void *arg);

/* ---- sessions ---- */
struct session_row {
	int64_t id;
	int64_t user_id;
	char csrf_token[48];
	int64_t created_at;
	int64_t last_seen_at;
	int64_t ended_at;     /* 0 = open */
	int64_t device_id;    /* the device it was opened on; 0 = none */
	bool device_disabled; /* that device has been disabled */
};
enum rede_err store_session_create(struct store_conn *c, int64_t user_id, const char *token_hash,
				   const char *csrf, int64_t now, int64_t *id);
enum rede_err store_session_find(struct store_conn *c, const char *token_hash,
				 struct session_row *out);
enum rede_err store_session_touch(struct store_conn *c, int64_t id, int64_t now);
/* Move a session's last-seen time forward to at, never back (the read
 * requests' batch of http/audit_queue.c may arrive after a later write). */
enum rede_err store_session_seen(struct store_conn *c, int64_t id, int64_t at);
enum rede_err store_session_end(struct store_conn *c, int64_t id, int64_t now);
/* End all open sessions of a user; *n (may be NULL) gets how many. */
enum rede_err store_session_end_user(struct store_conn *c, int64_t user_id, int64_t now,
				     int64_t *n);
/* The same, but session keep_id (0 = none) stays open. */
enum rede_err store_session_end_others(struct store_conn *c, int64_t user_id, int64_t keep_id,
				       int64_t now, int64_t *n);

/* ---- API tokens for service accounts ---- */
enum rede_err store_token_create(struct store_conn *c, int64_t user_id, const char *token_hash,
				 const char *label, int64_t *id);
/* The user of an unrevoked token. */
enum rede_err store_token_user(struct store_conn *c, const char *token_hash, int64_t *user_id);
enum rede_err store_token_revoke_user(struct store_conn *c, int64_t user_id, int64_t now);

/* ---- login throttling ----
 * scope 'account' keys on "user <id>" (or the typed name when no user has
 * it), 'address' on the client address, 'device' on a device cookie's
 * hash. An attempt is counted (claimed) before its password is checked;
 * see h_session.c. */
struct throttle_row {
	int64_t failures;
	int64_t window_start;
	int64_t last_failure; /* the last claimed attempt; 0 = none */
};
/* Zero row when there is none. */
enum rede_err store_throttle_get(struct store_conn *c, const char *scope, const char *key,
				 struct throttle_row *out);
enum rede_err store_throttle_put(struct store_conn *c, const char *scope, const char *key,
				 const struct throttle_row *r);
enum rede_err store_throttle_clear(struct store_conn *c, const char *scope, const char *key);

/* Devices that have signed in before: store/devices.h. */

/* ---- migration 0008 (migrate_data.c) ----
 * Drop the global UNIQUE(username) of 0001: PostgreSQL drops the
 * constraint; SQLite, which cannot drop a column constraint, rebuilds the
 * table with every column and index it has at that point. */
enum rede_err store_users_scope_usernames(struct store_conn *c);

#endif
