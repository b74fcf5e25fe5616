/*
 * settings.h - policy values stored as data (table setting).
 *
 * municipality_id 0 holds the defaults the migrations insert (taken from
 * the seeds and DESIGN §5); a municipality may override a key with its own
 * row. Nothing in the code hard-codes these numbers.
 */
#ifndef REDE_STORE_SETTINGS_H
#define REDE_STORE_SETTINGS_H

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
enum rede_err store_setting_int(struct store_conn *c, int64_t municipality_id,
				const char *key, int64_t *out);
/* Set (insert or replace) a value. */
enum rede_err store_setting_set(struct store_conn *c, int64_t municipality_id,
				const char *key, const char *value);
/* Load the global policy (municipality 0). */
enum rede_err store_policy_load(struct store_conn *c, struct rede_policy *out);

#endif
