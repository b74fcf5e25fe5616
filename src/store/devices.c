/*
 * devices.c - known devices: add, find, list, disable (see devices.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store/devices.h"

static const struct store_col device_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct device_row, id),
	STORE_COL("user_id", STORE_COL_INT, struct device_row, user_id),
	STORE_COL("created_at", STORE_COL_INT, struct device_row, created_at),
	STORE_COL("last_seen_at", STORE_COL_INT, struct device_row, last_seen_at),
	STORE_COL("disabled_at", STORE_COL_INT0, struct device_row, disabled_at),
	STORE_COL("disabled_by", STORE_COL_INT0, struct device_row, disabled_by),
	STORE_COL("label", STORE_COL_TEXT, struct device_row, label),
};
#define NDEVICE_COLS (sizeof(device_cols) / sizeof(device_cols[0]))

/* "SELECT <device_cols> <rest>" prepared */
static struct store_stmt *device_select(struct store_conn *c, const char *rest)
{
	return store_prepare_select(c, device_cols, NDEVICE_COLS, rest);
}

static void device_from_row(struct store_stmt *st, struct device_row *d)
{
	store_read_row(st, device_cols, NDEVICE_COLS, d);
}

/* The label as at most DEVICE_LABEL_MAX bytes, never cut inside a UTF-8
 * character. */
static void label_cut(const char *label, char out[DEVICE_LABEL_MAX + 1])
{
	size_t n = label ? strlen(label) : 0;

	if (n > DEVICE_LABEL_MAX) {
		n = DEVICE_LABEL_MAX;
		while (n > 0 && ((unsigned char)label[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(out, label, n);
	out[n] = 0;
}

enum rede_err store_device_add(struct store_conn *c, const char *token_hash, int64_t user_id,
			       const char *label, int64_t now, int64_t *id)
{
	char cut[DEVICE_LABEL_MAX + 1];
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO device (token_hash, user_id, created_at, last_seen_at, label) "
		   "VALUES (?, ?, ?, ?, ?) RETURNING id");

	label_cut(label, cut);
	store_bind_all(st, STORE_TEXT(token_hash), STORE_INT(user_id), STORE_INT(now),
		       STORE_INT(now), STORE_TEXT(cut));
	return store_run_int(st, id);
}

static enum rede_err device_one(struct store_stmt *st, struct device_row *out)
{
	enum rede_err err = store_step_one(st);

	if (!err)
		device_from_row(st, out);
	store_finish(st);
	return err;
}

enum rede_err store_device_find(struct store_conn *c, const char *token_hash, int64_t user_id,
				struct device_row *out)
{
	struct store_stmt *st =
		device_select(c, "FROM device WHERE token_hash = ? AND user_id = ?");

	store_bind_all(st, STORE_TEXT(token_hash), STORE_INT(user_id));
	return device_one(st, out);
}

enum rede_err store_device_get(struct store_conn *c, int64_t user_id, int64_t id,
			       struct device_row *out)
{
	struct store_stmt *st = device_select(c, "FROM device WHERE id = ? AND user_id = ?");

	store_bind_all(st, STORE_INT(id), STORE_INT(user_id));
	return device_one(st, out);
}

enum rede_err store_device_seen(struct store_conn *c, int64_t id, int64_t now)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE device SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?");

	store_bind_all(st, STORE_INT(now), STORE_INT(id), STORE_INT(now));
	return store_run(st);
}

enum rede_err store_device_each(struct store_conn *c, int64_t user_id,
				int (*fn)(const struct device_row *d, void *arg), void *arg)
{
	struct store_stmt *st = device_select(
		c, "FROM device WHERE user_id = ? ORDER BY last_seen_at DESC, id DESC");
	struct device_row d;
	enum rede_err err;

	store_bind_all(st, STORE_INT(user_id));
	while ((err = store_step(st)) == REDE_ROW) {
		device_from_row(st, &d);
		if (fn(&d, arg))
			break;
	}
	store_finish(st);
	return err == REDE_ROW || err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_device_disable(struct store_conn *c, int64_t id, int64_t by, int64_t now,
				   int64_t *ended)
{
	struct store_stmt *st =
		store_prepare(c, "UPDATE device SET disabled_at = ?, disabled_by = ? "
				 "WHERE id = ? AND disabled_at IS NULL");
	enum rede_err err;

	store_bind_all(st, STORE_INT(now), STORE_INT0(by), STORE_INT(id));
	err = store_run(st);
	if (err)
		return err;
	st = store_prepare(c, "UPDATE session SET ended_at = ? "
			      "WHERE device_id = ? AND ended_at IS NULL");
	store_bind_all(st, STORE_INT(now), STORE_INT(id));
	err = store_run(st);
	if (!err && ended)
		*ended = store_changes(c);
	return err;
}

enum rede_err store_session_set_device(struct store_conn *c, int64_t session_id, int64_t device_id)
{
	struct store_stmt *st = store_prepare(c, "UPDATE session SET device_id = ? WHERE id = ?");

	store_bind_all(st, STORE_INT(device_id), STORE_INT(session_id));
	return store_run(st);
}
