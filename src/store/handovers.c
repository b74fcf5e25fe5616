/*
 * handovers.c - handover conversations and what was shared (see
 * handovers.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/access.h"
#include "store/handovers.h"

static const struct store_col handover_cols[] = {
	STORE_COL("h.id", STORE_COL_INT, struct handover_row, id),
	STORE_COL("h.municipality_id", STORE_COL_INT, struct handover_row, municipality_id),
	STORE_COL("h.family_id", STORE_COL_INT, struct handover_row, family_id),
	STORE_COL("h.child_id", STORE_COL_INT, struct handover_row, child_id),
	STORE_COL("h.unit_id", STORE_COL_INT, struct handover_row, unit_id),
	STORE_COL("h.held_on", STORE_COL_TEXT, struct handover_row, held_on),
	STORE_COL("h.participants", STORE_COL_TEXT, struct handover_row, participants),
	STORE_COL("h.recorded_by", STORE_COL_INT0, struct handover_row, recorded_by),
	STORE_COL("h.created_at", STORE_COL_INT, struct handover_row, created_at),
};

void handover_row_init(struct handover_row *r)
{
	memset(r, 0, sizeof(*r));
}

void handover_row_release(struct handover_row *r)
{
	for (size_t i = 0; i < r->nitems; i++)
		free(r->items[i].text);
	handover_row_init(r);
}

/* "SELECT <handover_cols> FROM handover h <rest>" prepared. */
static struct store_stmt *handover_prepare(struct store_conn *c, const char *rest)
{
	return store_prepare_select(c, handover_cols, STORE_NCOLS(handover_cols), rest);
}

static void from_row(struct store_stmt *st, struct handover_row *r)
{
	handover_row_init(r);
	store_read_row(st, handover_cols, STORE_NCOLS(handover_cols), r);
}

static const struct store_col item_cols[] = {
	STORE_COL("topic", STORE_COL_TEXT, struct handover_item, topic),
	STORE_COL("text", STORE_COL_STR, struct handover_item, text),
};

static enum rede_err load_items(struct store_conn *c, struct handover_row *r)
{
	struct store_stmt *st =
		store_prepare_select(c, item_cols, STORE_NCOLS(item_cols),
				     "FROM handover_item WHERE handover_id = ? ORDER BY id");
	enum rede_err err;

	store_bind_all(st, STORE_INT(r->id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct handover_item it = {0};

		if (r->nitems == HANDOVER_MAX_ITEMS)
			continue;
		store_read_row(st, item_cols, STORE_NCOLS(item_cols), &it);
		r->items[r->nitems++] = it;
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_handover_insert(struct store_conn *c, struct handover_row *r)
{
	struct store_stmt *st = store_prepare(
		c, "INSERT INTO handover (municipality_id, family_id, child_id, unit_id, held_on, "
		   "participants, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
		   "RETURNING id");
	enum rede_err err;

	r->created_at = rede_now();
	store_bind_all(st, STORE_INT(r->municipality_id), STORE_INT(r->family_id),
		       STORE_INT(r->child_id), STORE_INT(r->unit_id), STORE_TEXT(r->held_on),
		       STORE_TEXT(r->participants), STORE_INT0(r->recorded_by),
		       STORE_INT(r->created_at));
	err = store_run_int(st, &r->id);
	for (size_t i = 0; !err && i < r->nitems; i++) {
		st = store_prepare(c, "INSERT INTO handover_item (handover_id, topic, text) "
				      "VALUES (?, ?, ?)");
		store_bind_all(st, STORE_INT(r->id), STORE_TEXT(r->items[i].topic),
			       STORE_TEXT(r->items[i].text));
		err = store_run(st);
	}
	return err;
}

enum rede_err store_handover_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				 struct handover_row *out)
{
	struct store_stmt *st =
		handover_prepare(c, "FROM handover h WHERE h.id = ? AND h.municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		from_row(st, out);
	store_finish(st);
	if (!err)
		err = load_items(c, out);
	return err;
}

/* Run a list query (bound by the caller), load each row's items, call fn. */
static enum rede_err each(struct store_conn *c, struct store_stmt *st,
			  int (*fn)(const struct handover_row *r, void *arg), void *arg)
{
	struct handover_row *rows = NULL;
	size_t n = 0, alloc = 0;
	enum rede_err err;

	while ((err = store_step(st)) == REDE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		from_row(st, &rows[n++]);
	}
	store_finish(st);
	err = err == REDE_DONE ? REDE_OK : err;
	for (size_t i = 0; i < n && !err; i++) {
		err = load_items(c, &rows[i]);
		if (!err && fn(&rows[i], arg))
			break;
	}
	for (size_t i = 0; i < n; i++)
		handover_row_release(&rows[i]);
	free(rows);
	return err;
}

enum rede_err store_handover_each_family(struct store_conn *c, int64_t family_id,
					 int (*fn)(const struct handover_row *r, void *arg),
					 void *arg)
{
	struct store_stmt *st = handover_prepare(c, "FROM handover h WHERE h.family_id = ? "
						    "ORDER BY h.held_on DESC, h.id DESC");

	store_bind_all(st, STORE_INT(family_id));
	return each(c, st, fn, arg);
}

enum rede_err store_handover_each_daycare(struct store_conn *c, int64_t municipality_id,
					  int64_t user_id, const char *day,
					  int (*fn)(const struct handover_row *r, void *arg),
					  void *arg)
{
	char *rest = xasprintf("FROM handover h WHERE h.municipality_id = ? AND %s "
			       "ORDER BY h.held_on DESC, h.id DESC",
			       store_access_daycare_filter_sql());
	struct store_stmt *st = handover_prepare(c, rest);

	free(rest);
	store_bind_all(st, STORE_INT(municipality_id));
	store_access_daycare_filter_bind(st, 2, user_id, day);
	return each(c, st, fn, arg);
}
