/*
 * toyboxes.c - toy boxes, checkouts, returns and write-offs (see
 * toyboxes.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/settings.h"
#include "store/toyboxes.h"

#define TOYBOX_COLS                                                                                \
	"b.id, b.municipality_id, b.label, b.age_group, b.written_off_at, b.write_off_reason, "    \
	"b.write_off_note, b.written_off_by, b.created_at, b.version, "                            \
	"k.id, k.offer_id, k.checked_out_by, k.checked_out_at, "                                   \
	"(SELECT max(r.returned_at) FROM hv_toybox_checkout r WHERE r.toybox_id = b.id)"
#define TOYBOX_FROM                                                                                \
	" FROM hv_toybox b LEFT JOIN hv_toybox_checkout k ON k.toybox_id = b.id AND "              \
	"k.returned_at IS NULL "

static void toybox_from_row(struct store_stmt *st, struct toybox_row *b)
{
	memset(b, 0, sizeof(*b));
	b->id = store_col_int(st, 0);
	b->municipality_id = store_col_int(st, 1);
	store_col_copy(st, 2, b->label, sizeof(b->label));
	store_col_copy(st, 3, b->age_group, sizeof(b->age_group));
	b->written_off_at = store_col_int0(st, 4);
	store_col_copy(st, 5, b->write_off_reason, sizeof(b->write_off_reason));
	store_col_copy(st, 6, b->write_off_note, sizeof(b->write_off_note));
	b->written_off_by = store_col_int0(st, 7);
	b->created_at = store_col_int(st, 8);
	b->version = store_col_int(st, 9);
	b->open_checkout_id = store_col_int0(st, 10);
	b->open_offer_id = store_col_int0(st, 11);
	b->open_by = store_col_int0(st, 12);
	b->open_at = store_col_int0(st, 13);
	b->last_returned_at = store_col_int0(st, 14);
}

enum rede_err store_toybox_params(struct store_conn *c, int64_t municipality_id,
				  struct core_toybox_params *out)
{
	enum rede_err err = store_setting_int(c, municipality_id, "toybox.quarantine_hours",
					      &out->quarantine_hours);

	if (err == REDE_E_NOTFOUND)
		log_error("setting toybox.quarantine_hours is missing");
	return err;
}

void toybox_facts(const struct toybox_row *b, struct core_toybox_facts *f)
{
	f->written_off = b->written_off_at != 0;
	f->checked_out = b->open_checkout_id != 0;
	f->last_returned_at = b->last_returned_at;
}

enum rede_err store_toybox_insert(struct store_conn *c, struct toybox_row *b)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO hv_toybox (municipality_id, label, age_group, created_at, version) "
		   "VALUES (?, ?, ?, ?, 1) RETURNING id");

	b->created_at = rede_now();
	b->version = 1;
	store_bind_all(st, STORE_INT(b->municipality_id), STORE_TEXT(b->label),
		       STORE_TEXT(b->age_group), STORE_INT(b->created_at));
	return store_run_int(st, &b->id);
}

enum rede_err store_toybox_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			       struct toybox_row *out)
{
	struct store_stmt *st = store_prepare(c, "SELECT " TOYBOX_COLS TOYBOX_FROM
						 "WHERE b.id = ? AND b.municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		toybox_from_row(st, out);
	store_finish(st);
	return err;
}

enum rede_err store_toybox_each(struct store_conn *c, int64_t municipality_id,
				const char *age_group,
				int (*fn)(const struct toybox_row *b, void *arg), void *arg)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT " TOYBOX_COLS TOYBOX_FROM "WHERE b.municipality_id = ? AND "
		   "(CAST(? AS TEXT) IS NULL OR b.age_group = ?) ORDER BY b.label, b.id");
	struct toybox_row *b = xmalloc(sizeof(*b));
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(age_group),
		       STORE_TEXT(age_group));
	while ((err = store_step(st)) == REDE_ROW) {
		toybox_from_row(st, b);
		if (fn(b, arg))
			break;
	}
	store_finish(st);
	free(b);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}

/* Bump the box's version when it is still the one the caller read. */
static enum rede_err bump(struct store_conn *c, struct toybox_row *b)
{
	struct store_stmt *st =
		store_prepare(c, "UPDATE hv_toybox SET version = version + 1, written_off_at = ?, "
				 "write_off_reason = ?, write_off_note = ?, written_off_by = ? "
				 "WHERE id = ? AND version = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT0(b->written_off_at), STORE_TEXT0(b->write_off_reason),
		       STORE_TEXT0(b->write_off_note), STORE_INT0(b->written_off_by),
		       STORE_INT(b->id), STORE_INT(b->version));
	err = store_run(st);
	if (!err && store_changes(c) != 1)
		err = REDE_E_CONFLICT;
	if (!err)
		b->version++;
	return err;
}

enum rede_err store_toybox_checkout(struct store_conn *c, struct toybox_row *b, int64_t offer_id,
				    int64_t user_id, int64_t now)
{
	struct store_stmt *st;
	enum rede_err err = bump(c, b);

	if (err)
		return err;
	st = store_prepare(c, "INSERT INTO hv_toybox_checkout (toybox_id, offer_id, "
			      "checked_out_at, checked_out_by) VALUES (?, ?, ?, ?) RETURNING id");
	store_bind_all(st, STORE_INT(b->id), STORE_INT(offer_id), STORE_INT(now),
		       STORE_INT(user_id));
	err = store_run_int(st, &b->open_checkout_id);
	if (!err) {
		b->open_offer_id = offer_id;
		b->open_by = user_id;
		b->open_at = now;
	}
	return err;
}

enum rede_err store_toybox_return(struct store_conn *c, struct toybox_row *b, int64_t user_id,
				  int64_t now)
{
	struct store_stmt *st;
	enum rede_err err = bump(c, b);

	if (err)
		return err;
	st = store_prepare(c, "UPDATE hv_toybox_checkout SET returned_at = ?, returned_by = ? "
			      "WHERE id = ? AND returned_at IS NULL");
	store_bind_all(st, STORE_INT(now), STORE_INT(user_id), STORE_INT(b->open_checkout_id));
	err = store_run(st);
	if (!err && store_changes(c) != 1)
		err = REDE_E_CONFLICT;
	if (!err) {
		b->open_checkout_id = b->open_offer_id = b->open_by = b->open_at = 0;
		b->last_returned_at = now;
	}
	return err;
}

enum rede_err store_toybox_write_off(struct store_conn *c, struct toybox_row *b, const char *reason,
				     const char *note, int64_t user_id, int64_t now)
{
	b->written_off_at = now;
	snprintf(b->write_off_reason, sizeof(b->write_off_reason), "%s", reason);
	snprintf(b->write_off_note, sizeof(b->write_off_note), "%s", note ? note : "");
	b->written_off_by = user_id;
	return bump(c, b);
}

enum rede_err store_toybox_checkout_each(struct store_conn *c, int64_t toybox_id,
					 int (*fn)(const struct toybox_checkout_row *r, void *arg),
					 void *arg)
{
	struct store_stmt *st = store_prepare(
		c,
		"SELECT id, offer_id, checked_out_at, checked_out_by, returned_at, returned_by "
		"FROM hv_toybox_checkout WHERE toybox_id = ? ORDER BY checked_out_at DESC, id DESC");
	enum rede_err err;

	store_bind_all(st, STORE_INT(toybox_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct toybox_checkout_row r = {
			store_col_int(st, 0),  store_col_int(st, 1),  store_col_int(st, 2),
			store_col_int0(st, 3), store_col_int0(st, 4), store_col_int0(st, 5),
		};

		if (fn(&r, arg))
			break;
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}
