/*
 * record_times.c - the client time (recorded_at) of records made offline;
 * see record_times.h. One UPDATE per record kind, keyed as the kind's
 * table is.
 */
#include "store/record_times.h"

static void bind_time(struct store_stmt *st, int i, int64_t t)
{
	if (t)
		store_bind_int(st, i, t);
	else
		store_bind_null(st, i);
}

static enum rede_err set_by_id(struct store_conn *c, const char *sql, int64_t id, int64_t t)
{
	struct store_stmt *st = store_prepare(c, sql);

	bind_time(st, 1, t);
	store_bind_int(st, 2, id);
	return store_run(st);
}

enum rede_err store_rating_recorded_at(struct store_conn *c, int64_t rating_id, int64_t recorded_at)
{
	return set_by_id(c, "UPDATE goal_rating SET recorded_at = ? WHERE id = ?", rating_id,
			 recorded_at);
}

enum rede_err store_hv_visit_recorded_at(struct store_conn *c, int64_t visit_id,
					 int64_t recorded_at)
{
	return set_by_id(c, "UPDATE hv_visit SET recorded_at = ? WHERE id = ?", visit_id,
			 recorded_at);
}

enum rede_err store_cosp_attendance_recorded_at(struct store_conn *c, int64_t session_id,
						int64_t offer_id, int64_t recorded_at)
{
	struct store_stmt *st = store_prepare(
		c,
		"UPDATE cosp_attendance SET recorded_at = ? WHERE session_id = ? AND offer_id = ?");

	bind_time(st, 1, recorded_at);
	store_bind_int(st, 2, session_id);
	store_bind_int(st, 3, offer_id);
	return store_run(st);
}

enum rede_err store_daycare_score_recorded_at(struct store_conn *c, int64_t goal_id,
					      const char *scored_on, int64_t recorded_at)
{
	struct store_stmt *st = store_prepare(
		c, "UPDATE daycare_score SET recorded_at = ? WHERE goal_id = ? AND scored_on = ?");

	bind_time(st, 1, recorded_at);
	store_bind_int(st, 2, goal_id);
	store_bind_text(st, 3, scored_on);
	return store_run(st);
}
