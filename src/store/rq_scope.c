/*
 * rq_scope.c - binding the scope every report query shares: one
 * municipality, a period and the unit filter (store/report_sql.h).
 */
#include "store/report_sql.h"

int store_rq_bind_unit(struct store_stmt *st, int idx, const struct store_rq_scope *s)
{
	const struct store_arg args[] = {STORE_INT(s->one_unit), STORE_INT(s->unit_id),
					 STORE_INT(s->member_units), STORE_INT(s->user_id)};

	return store_bind_list(st, idx, args, sizeof(args) / sizeof(args[0]));
}

int store_rq_bind_scope(struct store_stmt *st, int idx, const struct store_rq_scope *s)
{
	const struct store_arg args[] = {STORE_INT(s->municipality_id), STORE_TEXT(s->from),
					 STORE_TEXT(s->to)};

	return store_rq_bind_unit(
		st, store_bind_list(st, idx, args, sizeof(args) / sizeof(args[0])), s);
}
