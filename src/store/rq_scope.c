/*
 * rq_scope.c - binding the scope every report query shares: one
 * municipality, a period and the unit filter (store/report_sql.h).
 */
#include "store/report_sql.h"

int store_rq_bind_unit(struct store_stmt *st, int idx, const struct store_rq_scope *s)
{
	store_bind_int(st, idx++, s->one_unit);
	store_bind_int(st, idx++, s->unit_id);
	store_bind_int(st, idx++, s->member_units);
	store_bind_int(st, idx++, s->user_id);
	return idx;
}

int store_rq_bind_scope(struct store_stmt *st, int idx, const struct store_rq_scope *s)
{
	store_bind_int(st, idx++, s->municipality_id);
	store_bind_text(st, idx++, s->from);
	store_bind_text(st, idx++, s->to);
	return store_rq_bind_unit(st, idx, s);
}
