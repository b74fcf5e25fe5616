/*
 * devices.h - the browsers that have signed in to an account with a
 * password ("known devices", 0021_device.sql): the sign-in throttle trusts
 * them, an administrator lists and disables them (a lost tablet), and a
 * session remembers the one it was opened on (issue 20).
 *
 * Only the hash of a device cookie is stored. Rows are plain values; no
 * function here keeps a pointer past its return.
 */
#ifndef REDE_STORE_DEVICES_H
#define REDE_STORE_DEVICES_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/store.h"

#define DEVICE_LABEL_MAX 120 /* bytes of the User-Agent kept as the label */

struct device_row {
	int64_t id;
	int64_t user_id;
	int64_t created_at;
	int64_t last_seen_at; /* the last sign-in from it */
	int64_t disabled_at;  /* 0 = may be used */
	int64_t disabled_by;  /* the administrator; 0 = none */
	char label[DEVICE_LABEL_MAX + 1];
};

/* A new device of user_id; *id gets its id. label may be NULL. */
enum rede_err store_device_add(struct store_conn *c, const char *token_hash, int64_t user_id,
			       const char *label, int64_t now, int64_t *id);
/* The device with this cookie hash that belongs to user_id;
 * REDE_E_NOTFOUND when there is none. */
enum rede_err store_device_find(struct store_conn *c, const char *token_hash, int64_t user_id,
				struct device_row *out);
/* One device of user_id by id; REDE_E_NOTFOUND when it is not theirs. */
enum rede_err store_device_get(struct store_conn *c, int64_t user_id, int64_t id,
			       struct device_row *out);
/* A sign-in from it: last_seen_at = now. */
enum rede_err store_device_seen(struct store_conn *c, int64_t id, int64_t now);
/* Each device of user_id, the most recently used first; fn returns
 * non-zero to stop. */
enum rede_err store_device_each(struct store_conn *c, int64_t user_id,
				int (*fn)(const struct device_row *d, void *arg), void *arg);
/* Disable a device (kept as it was when already disabled) and end every
 * open session opened on it; *ended (may be NULL) gets how many. */
enum rede_err store_device_disable(struct store_conn *c, int64_t id, int64_t by, int64_t now,
				   int64_t *ended);
/* Remember the device a session was opened on. */
enum rede_err store_session_set_device(struct store_conn *c, int64_t session_id, int64_t device_id);

#endif
