/*
 * report_sql.h - the SQL fragments the report queries share (the unit
 * filter, the states of a COS-P offer as of a day) and the binding of
 * their scope. Private to src/store/rq_*.c.
 */
#ifndef REDE_STORE_REPORT_SQL_H
#define REDE_STORE_REPORT_SQL_H

#include "store/report_queries.h"

/* ---- the scope of every report query ----
 * Every builder query has the shape
 *   ... WHERE x.municipality_id = ? AND <date> BETWEEN ? AND ? AND <unit filter>
 * The unit filter is a constant SQL text with four parameters. */
#define REPORT_UNIT_SQL(col)                                                                       \
	"(? = 0 OR " col " = ?) AND (? = 0 OR " col                                                \
	" IN (SELECT unit_id FROM unit_member WHERE user_id = ?))"
/* The same through the course (enrolment ue) whose column key equals val,
 * looked up only when a unit filter is on, so a whole-municipality report
 * does not pay a lookup per row. Bound by store_rq_bind_unit too. */
#define REPORT_ENROLMENT_UNIT_SQL(key, val)                                                        \
	"(? = 0 OR EXISTS (SELECT 1 FROM enrolment ue WHERE ue." key " = " val                     \
	" AND ue.unit_id = ?)) AND (? = 0 OR EXISTS (SELECT 1 FROM enrolment ue WHERE ue." key     \
	" = " val " AND ue.unit_id IN (SELECT unit_id FROM unit_member WHERE user_id = ?)))"
/* For a referral (ref is its id): through the course it led to, if any. */
#define REPORT_REFERRAL_UNIT_SQL(ref) REPORT_ENROLMENT_UNIT_SQL("referral_id", ref)
/* For a course read through a row of its own such as its closure (course
 * is its id). */
#define REPORT_COURSE_UNIT_SQL(course) REPORT_ENROLMENT_UNIT_SQL("id", course)
/* The same for a staff member (col is a user id): members of the unit,
 * or of one of the caller's units. Bound by store_rq_bind_unit too. */
#define REPORT_STAFF_UNIT_SQL(col)                                                                 \
	"(? = 0 OR EXISTS (SELECT 1 FROM unit_member um WHERE um.user_id = " col                   \
	" AND um.unit_id = ?)) AND (? = 0 OR EXISTS (SELECT 1 FROM unit_member um JOIN "           \
	"unit_member me ON me.unit_id = um.unit_id WHERE um.user_id = " col                        \
	" AND me.user_id = ?))"
/* ---- states as of the period's last day (migration 0010) ----
 * A COS-P family's state on the day bound to the one ? of each fragment,
 * from the offer's history (cosp_offer_state; o is the offer id): the
 * newest answer on or before it is a yes; the course it was placed on by
 * then (NULL: none); dropped out by then, as 1 or 0 - a value, never a
 * bare (NOT) EXISTS in a WHERE, which PostgreSQL planned as a nested-loop
 * anti join over every dropout (docs/PERFORMANCE.md "Keys for the grouped
 * queries"); the newest rating by then (NULL: none). */
#define REPORT_COSP_ACCEPTED_SQL(o)                                                                \
	"((SELECT cs.event FROM cosp_offer_state cs WHERE cs.offer_id = " o                        \
	" AND cs.event IN ('accepted', 'declined') AND cs.effective_on <= ? ORDER BY "             \
	"cs.effective_on DESC, cs.id DESC LIMIT 1) = 'accepted')"
#define REPORT_COSP_COURSE_SQL(o)                                                                  \
	"(SELECT cs.course_id FROM cosp_offer_state cs WHERE cs.offer_id = " o                     \
	" AND cs.event = 'placed' AND cs.effective_on <= ? ORDER BY cs.effective_on DESC, cs.id "  \
	"DESC LIMIT 1)"
#define REPORT_COSP_DROPPED_SQL(o)                                                                 \
	"CASE WHEN EXISTS (SELECT 1 FROM cosp_offer_state cs WHERE cs.offer_id = " o               \
	" AND cs.event = 'dropped_out' AND cs.effective_on <= ?) THEN 1 ELSE 0 END"
#define REPORT_COSP_RATING_SQL(o)                                                                  \
	"(SELECT cs.rating FROM cosp_offer_state cs WHERE cs.offer_id = " o                        \
	" AND cs.event = 'rated' AND cs.effective_on <= ? ORDER BY cs.effective_on DESC, cs.id "   \
	"DESC LIMIT 1)"

/* ---- a query in its two forms (rq_rows.c) ----
 * one: for one municipality, whose id is the parameter muni_arg (0-based)
 * of its list; all: the same over every municipality without that
 * parameter, the municipality id as an extra first column, ordered by it,
 * so that each municipality's rows are the rows `one` gives for it. NULL
 * all: the query has no grouped form. one_row: `one` is an aggregate
 * without GROUP BY (always one row); a municipality without a group in
 * `all` reads one row of NULLs, which is what `one` gives over no rows
 * when every column is a sum() - columns such as count(*) (0 over no rows)
 * must be read with store_rq_int, where NULL reads 0.
 * The macros build both forms from one text: WHERE <mcol> = ? AND <where>
 * in `one`, WHERE <where> in `all`. */
struct store_rq_query {
	const char *one, *all;
	bool one_row;
	/* an aggregate (few rows): inside a read transaction its rows are
	 * kept, and the same query with the same arguments asked again - as
	 * two reports of one evaluation kit do - reads them instead of the
	 * database (rq_rows.c, store_memo). Plain rows are not kept. */
	bool keep;
};
/* An aggregate without GROUP BY: one row per municipality. */
#define RQ_ONE_ROW(mcol, cols, from, where)                                                        \
	{                                                                                          \
		"SELECT " cols " " from " WHERE " mcol " = ? AND " where,                          \
			"SELECT " mcol ", " cols " " from " WHERE " where " GROUP BY " mcol        \
			" ORDER BY " mcol,                                                         \
			true, true                                                                 \
	}
/* GROUP BY group (in `all`: the municipality first). The one form's text
 * on its own (RQ_GROUPED_ONE_SQL) for a query whose grouped form is
 * written out (rq_sparring.c). */
#define RQ_GROUPED_ONE_SQL(mcol, cols, from, where, group)                                         \
	"SELECT " cols " " from " WHERE " mcol " = ? AND " where " GROUP BY " group
#define RQ_GROUPED(mcol, cols, from, where, group)                                                 \
	{                                                                                          \
		RQ_GROUPED_ONE_SQL(mcol, cols, from, where, group),                                \
			"SELECT " mcol ", " cols " " from " WHERE " where " GROUP BY " mcol        \
			", " group " ORDER BY " mcol,                                              \
			false, true                                                                \
	}
/* Plain rows. */
#define RQ_ROWS(mcol, cols, from, where)                                                           \
	{                                                                                          \
		"SELECT " cols " " from " WHERE " mcol " = ? AND " where,                          \
			"SELECT " mcol ", " cols " " from " WHERE " where " ORDER BY " mcol,       \
			false, false                                                               \
	}
/* Grouped over a derived table: SELECT cols FROM (SELECT inner ... WHERE
 * <mcol> = ? AND where) x GROUP BY group; in `all` the inner query also
 * gives mcol AS rq_m, the outer one groups by it first. The two texts on
 * their own (RQ_OVER_ONE_SQL, RQ_OVER_ALL_SQL) for a query whose grouped
 * form reads its rows another way (rq_visits.c). */
#define RQ_OVER_ONE_SQL(mcol, cols, inner, from, where, group)                                     \
	"SELECT " cols " FROM (SELECT " inner " " from " WHERE " mcol " = ? AND " where            \
	") x GROUP BY " group
#define RQ_OVER_ALL_SQL(mcol, cols, inner, from, where, group)                                     \
	"SELECT rq_m, " cols " FROM (SELECT " mcol " AS rq_m, " inner " " from " WHERE " where     \
	") x GROUP BY rq_m, " group " ORDER BY rq_m"
#define RQ_GROUPED_OVER(mcol, cols, inner, from, where, group)                                     \
	{                                                                                          \
		RQ_OVER_ONE_SQL(mcol, cols, inner, from, where, group),                            \
			RQ_OVER_ALL_SQL(mcol, cols, inner, from, where, group), false, true        \
	}
/* Rows of q for s: bound to args (n of them, in the order of `one`'s
 * parameters; args[muni_arg] is the municipality's id). With s->prefetch
 * and a grouped form, s->municipality_id's rows of `all`, run once per
 * context for the same other arguments. */
struct store_rq_rows *store_rq_open(struct store_conn *c, const struct store_rq_scope *s,
				    const struct store_rq_query *q, const struct store_arg *args,
				    size_t n, size_t muni_arg);
/* The rows of a statement the caller prepared and bound (no grouped form). */
struct store_rq_rows *store_rq_of(struct store_stmt *st);
/* The args of store_rq_open for the common shape (store_rq_bind_scope):
 * municipality, from, to, the four unit parameters - municipality first. */
#define RQ_SCOPE_ARGS(s)                                                                           \
	STORE_INT((s)->municipality_id), STORE_TEXT((s)->from), STORE_TEXT((s)->to),               \
		STORE_INT((s)->one_unit), STORE_INT((s)->unit_id), STORE_INT((s)->member_units),   \
		STORE_INT((s)->user_id)
#define RQ_UNIT_ARGS(s)                                                                            \
	STORE_INT((s)->one_unit), STORE_INT((s)->unit_id), STORE_INT((s)->member_units),           \
		STORE_INT((s)->user_id)
#define RQ_OPEN(c, s, q, muni_arg, ...)                                                            \
	store_rq_open((c), (s), (q), (const struct store_arg[]){__VA_ARGS__},                      \
		      sizeof((const struct store_arg[]){__VA_ARGS__}) / sizeof(struct store_arg),  \
		      (muni_arg))

/* Bind the four parameters of REPORT_UNIT_SQL from idx; returns the next. */
int store_rq_bind_unit(struct store_stmt *st, int idx, const struct store_rq_scope *s);
/* Bind the common shape "municipality_id = ? AND <date> >= ? AND <date> <= ?
 * AND <unit filter>" (municipality, period, unit) from idx; returns the next. */
int store_rq_bind_scope(struct store_stmt *st, int idx, const struct store_rq_scope *s);

#endif
