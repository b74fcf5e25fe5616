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

/* The columns of a toy box row, with its open checkout (k) and last return. */
static const struct store_col toybox_cols[] = {
	STORE_COL("b.id", STORE_COL_INT, struct toybox_row, id),
	STORE_COL("b.municipality_id", STORE_COL_INT, struct toybox_row, municipality_id),
	STORE_COL("b.label", STORE_COL_TEXT, struct toybox_row, label),
	STORE_COL("b.age_group", STORE_COL_TEXT, struct toybox_row, age_group),
	STORE_COL("b.written_off_at", STORE_COL_INT0, struct toybox_row, written_off_at),
	STORE_COL("b.write_off_reason", STORE_COL_TEXT, struct toybox_row, write_off_reason),
	STORE_COL("b.write_off_note", STORE_COL_TEXT, struct toybox_row, write_off_note),
	STORE_COL("b.written_off_by", STORE_COL_INT0, struct toybox_row, written_off_by),
	STORE_COL("b.created_at", STORE_COL_INT, struct toybox_row, created_at),
	STORE_COL("b.version", STORE_COL_INT, struct toybox_row, version),
	STORE_COL("k.id", STORE_COL_INT0, struct toybox_row, open_checkout_id),
	STORE_COL("k.offer_id", STORE_COL_INT0, struct toybox_row, open_offer_id),
	STORE_COL("k.checked_out_by", STORE_COL_INT0, struct toybox_row, open_by),
	STORE_COL("k.checked_out_at", STORE_COL_INT0, struct toybox_row, open_at),
	STORE_COL("(SELECT max(r.returned_at) FROM hv_toybox_checkout r WHERE r.toybox_id = b.id)",
		  STORE_COL_INT0, struct toybox_row, last_returned_at),
};
#define TOYBOX_FROM                                                                                \
	" FROM hv_toybox b LEFT JOIN hv_toybox_checkout k ON k.toybox_id = b.id AND "              \
	"k.returned_at IS NULL "

/* "SELECT <toybox_cols> FROM ... <where>" prepared. */
static struct store_stmt *toybox_prepare(struct store_conn *c, const char *where)
{
	return store_prepare_select(c, toybox_cols, STORE_NCOLS(toybox_cols), where);
}

static void toybox_from_row(struct store_stmt *st, struct toybox_row *b)
{
	memset(b, 0, sizeof(*b));
	store_read_row(st, toybox_cols, STORE_NCOLS(toybox_cols), b);
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
	struct store_stmt *st =
		toybox_prepare(c, TOYBOX_FROM "WHERE b.id = ? AND b.municipality_id = ?");
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
	struct store_stmt *st = toybox_prepare(
		c,
		TOYBOX_FROM "WHERE b.municipality_id = ? AND "
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

#define CHECKOUT_COL(expr, kind, field) STORE_COL(expr, kind, struct toybox_checkout_row, field)
static const struct store_col checkout_cols[] = {
	CHECKOUT_COL("id", STORE_COL_INT, id),
	CHECKOUT_COL("offer_id", STORE_COL_INT, offer_id),
	CHECKOUT_COL("checked_out_at", STORE_COL_INT, checked_out_at),
	CHECKOUT_COL("checked_out_by", STORE_COL_INT0, checked_out_by),
	CHECKOUT_COL("returned_at", STORE_COL_INT0, returned_at),
	CHECKOUT_COL("returned_by", STORE_COL_INT0, returned_by),
};

enum rede_err store_toybox_checkout_each(struct store_conn *c, int64_t toybox_id,
					 int (*fn)(const struct toybox_checkout_row *r, void *arg),
					 void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, checkout_cols, STORE_NCOLS(checkout_cols),
		"FROM hv_toybox_checkout WHERE toybox_id = ? ORDER BY checked_out_at DESC, id DESC");
	enum rede_err err;

	store_bind_all(st, STORE_INT(toybox_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct toybox_checkout_row r;

		store_read_row(st, checkout_cols, STORE_NCOLS(checkout_cols), &r);

		if (fn(&r, arg))
			break;
	}
	store_finish(st);
	return err == REDE_DONE || err == REDE_ROW ? REDE_OK : err;
}
