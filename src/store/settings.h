/*
 * settings.h - policy values stored as data (table setting).
 *
 * municipality_id 0 holds the defaults the migrations insert (taken from
 * the seeds and DESIGN §5); a municipality may override a key with its own
 * row. Nothing in the code hard-codes these numbers.
 */
#ifndef REDE_STORE_SETTINGS_H
#define REDE_STORE_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "rede/core.h"
#include "rede/store.h"

struct rede_policy {
	struct core_session_policy session;
	struct core_login_policy login;
	int64_t password_min_length;
	int64_t suppression_threshold;
};

/* The value of key for a municipality (falling back to the default row),
 * parsed as an integer. REDE_E_NOTFOUND when neither row exists. */
enum rede_err store_setting_int(struct store_conn *c, int64_t municipality_id, const char *key,
				int64_t *out);
/* A programme's parameters in one read: each key's integer (the
 * municipality's row over the default) is stored at its offset in out, a
 * struct of int64_t fields. REDE_E_NOTFOUND (and a log line naming the key)
 * when one has no row at all. */
struct store_setting_key {
	const char *key;
	size_t off; /* offsetof the int64_t field in out */
};
enum rede_err store_settings_load(struct store_conn *c, int64_t municipality_id,
				  const struct store_setting_key *keys, size_t n, void *out);
/* Set (insert or replace) a value. */
enum rede_err store_setting_set(struct store_conn *c, int64_t municipality_id, const char *key,
				const char *value);
/* Every setting row, by key then municipality: municipality_code is NULL
 * for the defaults (municipality 0). fn returns non-zero to stop. */
struct setting_row {
	int64_t municipality_id;
	char *municipality_code;
	char *key;
	char *value;
};
enum rede_err store_setting_each(struct store_conn *c,
				 int (*fn)(const struct setting_row *r, void *arg), void *arg);
/* Each setting in force for one municipality, ordered by key: the
 * default row first, then the municipality's own (which wins for a caller
 * keeping the last). fn returns non-zero to stop. */
enum rede_err store_setting_each_in(struct store_conn *c, int64_t municipality_id,
				    int (*fn)(const char *key, const char *value, void *arg),
				    void *arg);
/* Load the global policy (municipality 0). */
enum rede_err store_policy_load(struct store_conn *c, struct rede_policy *out);

#endif
