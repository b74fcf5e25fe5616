/*
 * consult.c - fixed health visitors and consultant visits (see consult.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/consult.h"

enum rede_err store_institution_hv_set(struct store_conn *c, int64_t unit_id, int64_t user_id,
				       const char *since_on, const char *from_day)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO institution_health_visitor (unit_id, user_id, since_on, created_at, "
		"version) VALUES (?, ?, ?, ?, 1) ON CONFLICT (unit_id) DO UPDATE SET "
		"user_id = excluded.user_id, since_on = excluded.since_on, "
		"version = institution_health_visitor.version + 1");
	enum rede_err err;

	store_bind_all(st, STORE_INT(unit_id), STORE_INT(user_id), STORE_TEXT(since_on),
		       STORE_INT(rede_now()));
	err = store_run(st);
	if (err)
		return err;
	st = store_prepare(c, "UPDATE consultant_visit SET health_visitor_id = ?, "
			      "version = version + 1 WHERE unit_id = ? AND status = 'planned' AND "
			      "planned_on >= ? AND health_visitor_id <> ?");
	store_bind_all(st, STORE_INT(user_id), STORE_INT(unit_id), STORE_TEXT(from_day),
		       STORE_INT(user_id));
	return store_run(st);
}

enum rede_err store_institution_hv_get(struct store_conn *c, int64_t unit_id, int64_t *user_id)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT user_id FROM institution_health_visitor WHERE unit_id = ?");

	store_bind_all(st, STORE_INT(unit_id));
	return store_run_int(st, user_id);
}

/* A daycare's fixed health visitor. */
struct hv_row {
	int64_t unit_id, user_id;
};
static const struct store_col hv_cols[] = {
	STORE_COL("i.unit_id", STORE_COL_INT, struct hv_row, unit_id),
	STORE_COL("i.user_id", STORE_COL_INT, struct hv_row, user_id),
};

enum rede_err store_institution_hv_each(struct store_conn *c, int64_t municipality_id,
					int64_t hv_id,
					int (*fn)(int64_t unit_id, int64_t user_id, void *arg),
					void *arg)
{
	struct store_stmt *st = store_prepare_select(
		c, hv_cols, STORE_NCOLS(hv_cols),
		"FROM institution_health_visitor i JOIN unit u ON "
		"u.id = i.unit_id WHERE u.municipality_id = ? AND u.kind = 'daycare' AND "
		"(? = 0 OR i.user_id = ?) ORDER BY u.name, u.id");
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(hv_id), STORE_INT(hv_id));
	while ((err = store_step(st)) == REDE_ROW) {
		struct hv_row r;

		store_read_row(st, hv_cols, STORE_NCOLS(hv_cols), &r);
		if (fn(r.unit_id, r.user_id, arg)) {
			err = REDE_DONE;
			break;
		}
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

static const struct store_col visit_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct consult_visit_row, id),
	STORE_COL("municipality_id", STORE_COL_INT, struct consult_visit_row, municipality_id),
	STORE_COL("unit_id", STORE_COL_INT, struct consult_visit_row, unit_id),
	STORE_COL("health_visitor_id", STORE_COL_INT, struct consult_visit_row, health_visitor_id),
	STORE_COL("year", STORE_COL_INT, struct consult_visit_row, year),
	STORE_COL("quarter", STORE_COL_INT, struct consult_visit_row, quarter),
	STORE_COL("planned_on", STORE_COL_TEXT, struct consult_visit_row, planned_on),
	STORE_COL("first_planned_on", STORE_COL_TEXT, struct consult_visit_row, first_planned_on),
	STORE_COL("status", STORE_COL_TEXT, struct consult_visit_row, status),
	STORE_COL("done_on", STORE_COL_TEXT, struct consult_visit_row, done_on),
	STORE_COL("note", STORE_COL_TEXT, struct consult_visit_row, note),
	STORE_COL("version", STORE_COL_INT, struct consult_visit_row, version),
};

/* "SELECT <visit_cols> <rest>" prepared. */
static struct store_stmt *visit_prepare(struct store_conn *c, const char *rest)
{
	return store_prepare_select(c, visit_cols, STORE_NCOLS(visit_cols), rest);
}

static void visit_from_row(struct store_stmt *st, struct consult_visit_row *r)
{
	memset(r, 0, sizeof(*r));
	store_read_row(st, visit_cols, STORE_NCOLS(visit_cols), r);
}

enum rede_err store_consult_insert(struct store_conn *c, struct consult_visit_row *r, bool *created)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO consultant_visit (municipality_id, unit_id, health_visitor_id, year, "
		"quarter, planned_on, first_planned_on, status, created_at, version) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, 'planned', ?, 1) "
		"ON CONFLICT (unit_id, year, quarter) DO NOTHING RETURNING id");
	enum rede_err err;

	store_bind_all(st, STORE_INT(r->municipality_id), STORE_INT(r->unit_id),
		       STORE_INT(r->health_visitor_id), STORE_INT(r->year), STORE_INT(r->quarter),
		       STORE_TEXT(r->planned_on), STORE_TEXT(r->planned_on), STORE_INT(rede_now()));
	err = store_run_int(st, &r->id);
	*created = !err;
	if (err == REDE_E_NOTFOUND)
		return REDE_OK;
	if (!err) {
		snprintf(r->first_planned_on, sizeof(r->first_planned_on), "%s", r->planned_on);
		snprintf(r->status, sizeof(r->status), "planned");
		r->version = 1;
	}
	return err;
}

enum rede_err store_consult_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				struct consult_visit_row *out)
{
	struct store_stmt *st =
		visit_prepare(c, "FROM consultant_visit WHERE id = ? AND municipality_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(id), STORE_INT(municipality_id));
	err = store_step_one(st);
	if (!err)
		visit_from_row(st, out);
	store_finish(st);
	return err;
}

enum rede_err store_consult_each(struct store_conn *c, int64_t municipality_id,
				 const struct consult_filter *f,
				 int (*fn)(const struct consult_visit_row *r,
					   const struct consult_visit_facts *x, void *arg),
				 void *arg)
{
	struct store_stmt *st = visit_prepare(
		c, "FROM consultant_visit v WHERE municipality_id = ? AND "
		   "(? = 0 OR year = ?) AND (? = 0 OR unit_id = ?) AND (? = 0 OR "
		   "health_visitor_id = ?) AND (? = 0 OR EXISTS (SELECT 1 FROM unit_member m WHERE "
		   "m.unit_id = v.unit_id AND m.user_id = ?)) ORDER BY planned_on, unit_id, id");
	struct consult_visit_row *rows = NULL;
	struct consult_visit_facts facts[STORE_BATCH];
	size_t n = 0, alloc = 0;
	bool stop = false;
	enum rede_err err;

	store_bind_all(st, STORE_INT(municipality_id), STORE_INT(f->year), STORE_INT(f->year),
		       STORE_INT(f->unit_id), STORE_INT(f->unit_id),
		       STORE_INT(f->health_visitor_id), STORE_INT(f->health_visitor_id),
		       STORE_INT(f->member_user_id), STORE_INT(f->member_user_id));
	/* Collect first: the facts are read by further statements. */
	while ((err = store_step(st)) == REDE_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			rows = xrealloc(rows, alloc * sizeof(*rows));
		}
		visit_from_row(st, &rows[n++]);
	}
	store_finish(st);
	err = err == REDE_DONE ? REDE_OK : err;
	for (size_t off = 0; off < n && !err && !stop; off += STORE_BATCH) {
		size_t k = n - off < STORE_BATCH ? n - off : STORE_BATCH;

		err = store_consult_visit_facts(c, rows + off, k, facts);
		for (size_t i = 0; i < k && !err && !stop; i++)
			stop = fn(&rows[off + i], &facts[i], arg) != 0;
		for (size_t i = 0; i < k; i++)
			consult_visit_facts_release(&facts[i]);
	}
	free(rows);
	return err;
}

enum rede_err store_consult_update(struct store_conn *c, struct consult_visit_row *r)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE consultant_visit SET planned_on = ?, status = ?, done_on = ?, note = ?, "
		   "version = version + 1 WHERE id = ? AND municipality_id = ? AND version = ?");
	enum rede_err err;

	store_bind_all(st, STORE_TEXT(r->planned_on), STORE_TEXT(r->status),
		       STORE_TEXT0(r->done_on), STORE_TEXT0(r->note), STORE_INT(r->id),
		       STORE_INT(r->municipality_id), STORE_INT(r->version));
	err = store_run(st);
	if (err)
		return err;
	if (store_changes(c) != 1)
		return REDE_E_CONFLICT;
	r->version++;
	return REDE_OK;
}

enum rede_err store_consult_topic_add(struct store_conn *c, struct consult_topic_row *r,
				      int64_t user_id)
{
	struct store_stmt *st = store_prepare(
		c,
		"INSERT INTO consultant_topic (visit_id, proposed_by, text, covered, recorded_by, "
		"created_at) VALUES (?, ?, ?, 0, ?, ?) RETURNING id");

	store_bind_all(st, STORE_INT(r->visit_id), STORE_TEXT(r->proposed_by), STORE_TEXT(r->text),
		       STORE_INT(user_id), STORE_INT(rede_now()));
	return store_run_int(st, &r->id);
}

void consult_visit_facts_release(struct consult_visit_facts *x)
{
	free(x->health_visitor_name);
	free(x->topics);
	memset(x, 0, sizeof(*x));
}

/* A visit's health visitor's name. */
struct visit_named {
	int64_t id;
	char *name;
};
static const struct store_col named_cols[] = {
	STORE_COL("v.id", STORE_COL_INT, struct visit_named, id),
	STORE_COL("u.display_name", STORE_COL_STR, struct visit_named, name),
};
static const struct store_col topic_cols[] = {
	STORE_COL("id", STORE_COL_INT, struct consult_topic_row, id),
	STORE_COL("visit_id", STORE_COL_INT, struct consult_topic_row, visit_id),
	STORE_COL("proposed_by", STORE_COL_TEXT, struct consult_topic_row, proposed_by),
	STORE_COL("text", STORE_COL_TEXT, struct consult_topic_row, text),
	STORE_COL("covered", STORE_COL_BOOL, struct consult_topic_row, covered),
};

static enum rede_err load_names(struct store_conn *c, size_t k, const int64_t *ids,
				struct consult_visit_facts *out)
{
	struct store_stmt *st = store_prepare_select(
		c, named_cols, STORE_NCOLS(named_cols),
		"FROM consultant_visit v JOIN app_user u ON u.id = v.health_visitor_id "
		"WHERE v.id IN (" STORE_BATCH_PLACES ")");
	enum rede_err err;

	store_bind_batch(st, 1, ids, k);
	while ((err = store_step(st)) == REDE_ROW) {
		struct visit_named r = {0};
		long i;

		store_read_row(st, named_cols, STORE_NCOLS(named_cols), &r);
		i = store_batch_find(ids, k, r.id);
		if (i < 0) {
			free(r.name);
			continue;
		}
		free(out[i].health_visitor_name);
		out[i].health_visitor_name = r.name;
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

static enum rede_err load_topics(struct store_conn *c, size_t k, const int64_t *ids,
				 struct consult_visit_facts *out)
{
	struct store_stmt *st =
		store_prepare_select(c, topic_cols, STORE_NCOLS(topic_cols),
				     "FROM consultant_topic WHERE visit_id IN (" STORE_BATCH_PLACES
				     ") ORDER BY visit_id, id");
	enum rede_err err;

	store_bind_batch(st, 1, ids, k);
	while ((err = store_step(st)) == REDE_ROW) {
		struct consult_topic_row r;
		struct consult_visit_facts *x;
		long i;

		memset(&r, 0, sizeof(r));
		store_read_row(st, topic_cols, STORE_NCOLS(topic_cols), &r);
		i = store_batch_find(ids, k, r.visit_id);
		if (i < 0)
			continue;
		x = &out[i];
		x->topics = xrealloc(x->topics, (x->ntopics + 1) * sizeof(*x->topics));
		x->topics[x->ntopics++] = r;
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_consult_visit_facts(struct store_conn *c, const struct consult_visit_row *rows,
					size_t n, struct consult_visit_facts *out)
{
	enum rede_err err = REDE_OK;

	memset(out, 0, n * sizeof(*out));
	for (size_t off = 0; off < n && !err; off += STORE_BATCH) {
		int64_t ids[STORE_BATCH];
		size_t k = STORE_BATCH_IDS(ids, rows + off, n - off);

		err = load_names(c, k, ids, out + off);
		if (!err)
			err = load_topics(c, k, ids, out + off);
	}
	return err;
}

enum rede_err store_consult_topic_cover(struct store_conn *c, int64_t visit_id, int64_t topic_id)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE consultant_topic SET covered = 1 WHERE id = ? AND visit_id = ?");
	enum rede_err err;

	store_bind_all(st, STORE_INT(topic_id), STORE_INT(visit_id));
	err = store_run(st);
	if (!err && store_changes(c) != 1)
		err = REDE_E_NOTFOUND;
	return err;
}

enum rede_err store_unit_member(struct store_conn *c, int64_t unit_id, int64_t user_id, bool *yes)
{
	struct store_stmt *st = store_prepare(
		c, "SELECT count(*) FROM unit_member WHERE unit_id = ? AND user_id = ?");
	int64_t n = 0;
	enum rede_err err;

	store_bind_all(st, STORE_INT(unit_id), STORE_INT(user_id));
	err = store_run_int(st, &n);
	*yes = !err && n > 0;
	return err;
}

enum rede_err store_unit_memberships(struct store_conn *c, int64_t user_id, int64_t *n)
{
	struct store_stmt *st =
		store_prepare(c, "SELECT count(*) FROM unit_member WHERE user_id = ?");

	store_bind_all(st, STORE_INT(user_id));
	return store_run_int(st, n);
}
