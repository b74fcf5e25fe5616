/*
 * report_queries.h - the report builders' queries (src/report/r_*.c), in
 * the store because SQL lives only here. Each function prepares its query,
 * binds the scope and hands back the statement ready to step: the builder
 * reads the rows (columns as documented per function) and calls
 * store_finish in every case. The statement belongs to the connection's
 * cache, like any from store_prepare.
 *
 * Every query is limited to one municipality, a period (ISO days, both
 * ends included) and a unit filter (struct store_rq_scope).
 */
#ifndef REDE_STORE_REPORT_QUERIES_H
#define REDE_STORE_REPORT_QUERIES_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/store.h"

/* Grouped results kept for one family build (rq_rows.c): the builder of
 * the family owns it and frees it after the last report of the family.
 * The threads that build the family's reports share it (thread-safe). */
struct store_rq_prefetch;
struct store_rq_prefetch *store_rq_prefetch_new(void);
void store_rq_prefetch_free(struct store_rq_prefetch *p); /* NULL: nothing */
/* Whether c's backend runs the grouped forms (PostgreSQL: a statement is a
 * round trip and a plan; SQLite answers each municipality from its keys). */
bool store_rq_prefetch_pays(struct store_conn *c);
/* Recording (on): a grouped query a report asks for is noted in p and
 * answered with no rows (a one-row query: one row of NULLs), so a report
 * built while recording lists the grouped queries a family will ask
 * without running them; the other queries run as always. */
void store_rq_prefetch_record(struct store_rq_prefetch *p, bool on);
/* The grouped queries noted (or fetched) so far, and fetching the i-th on
 * c: run once whoever asks first, on the connection of the thread that
 * does; its error, if it failed. The family's threads fetch different ones
 * at the same time (request.c). */
int store_rq_prefetch_count(struct store_rq_prefetch *p);
enum rede_err store_rq_prefetch_fetch(struct store_conn *c, struct store_rq_prefetch *p, int i);

struct store_rq_scope {
	int64_t municipality_id;
	const char *from, *to; /* the period */
	bool one_unit;         /* only records of unit_id */
	int64_t unit_id;
	bool member_units; /* only records of the units user_id is a member of */
	int64_t user_id;
	struct store_rq_prefetch *prefetch; /* borrowed; NULL: one municipality's query */
};

/* ---- the rows of a report query (rq_rows.c) ----
 * Like a statement's (store_step, store_col_*): text lives until the next
 * step or the finish; store_rq_finish frees the rows (NULL: nothing). */
struct store_rq_rows;
enum rede_err store_rq_step(struct store_rq_rows *r);        /* REDE_ROW, REDE_DONE or an error */
enum rede_err store_rq_step_one(struct store_rq_rows *r);    /* REDE_OK or REDE_E_NOTFOUND */
int64_t store_rq_int(struct store_rq_rows *r, int col);      /* NULL reads 0 */
const char *store_rq_text(struct store_rq_rows *r, int col); /* NULL for SQL NULL */
bool store_rq_null(struct store_rq_rows *r, int col);
void store_rq_finish(struct store_rq_rows *r);

/* ---- visits at 1½ and 3 years (r_visits.c) ---- */
/* The period's offers grouped by: programme, status as of `to`, visited by
 * `to` (0/1), social_measures, criterion, decline_reason, month (YYYY-MM),
 * referral_within, referral_outside, parent rating (-1: none), count. */
struct store_rq_rows *store_rq_visit_offers(struct store_conn *c, const struct store_rq_scope *s);
/* Visits held in the period: programme, month (YYYY-MM), count. */
struct store_rq_rows *store_rq_visits_held(struct store_conn *c, const struct store_rq_scope *s);

/* ---- materials (r_materials.c) ---- */
/* The catalogue of the municipality (and the defaults): code, label. */
struct store_rq_rows *store_rq_material_catalog(struct store_conn *c, int64_t municipality_id);
/* Staff who answered the materials questions: one row, count. */
struct store_rq_rows *store_rq_material_staff(struct store_conn *c, const struct store_rq_scope *s);
/* Per material: code, sum(knows), sum(uses). */
struct store_rq_rows *store_rq_material_known(struct store_conn *c, const struct store_rq_scope *s);
/* Uses in the period's visits: material_code, programme, count. */
struct store_rq_rows *store_rq_material_uses(struct store_conn *c, const struct store_rq_scope *s);
/* The period's visits: programme, count, count with any material. */
struct store_rq_rows *store_rq_material_visits(struct store_conn *c,
					       const struct store_rq_scope *s);

/* ---- COS-P (r_cosp.c) ---- */
/* Staff with the COS-P competence by `to`: one row, count. */
struct store_rq_rows *store_rq_cosp_trained(struct store_conn *c, const struct store_rq_scope *s);
/* The period's offers as they stood at `to`: month (YYYY-MM), accepted,
 * completed (at least min_attended sessions of a course ended by `to`,
 * not dropped out), rating (0: none), count. */
struct store_rq_rows *store_rq_cosp_offers(struct store_conn *c, const struct store_rq_scope *s,
					   int64_t min_attended);

/* ---- home pedagogue (r_home_pedagogue.c) ---- */
/* The period's referrals: source, channel ('' none), the visitation
 * outcome in force at `to` ('' none), count. */
struct store_rq_rows *store_rq_hp_referrals(struct store_conn *c, const struct store_rq_scope *s);
/* The period's decisions: reasons_ok mask, reasons_failed mask, count. */
struct store_rq_rows *store_rq_hp_decisions(struct store_conn *c, const struct store_rq_scope *s);
/* One row: courses started in the period, active at `to`, planned at `to`. */
struct store_rq_rows *store_rq_hp_course_states(struct store_conn *c,
						const struct store_rq_scope *s);
/* Courses closed in the period: start_on, closed_on, reason, the five
 * evaluation answers (NULL: not asked), held minutes, started (0/1). */
struct store_rq_rows *store_rq_hp_closed(struct store_conn *c, const struct store_rq_scope *s);
/* Goals of the courses closed in the period: theme, attainment ('' none),
 * count. */
struct store_rq_rows *store_rq_hp_goals(struct store_conn *c, const struct store_rq_scope *s);

/* ---- costs (r_costs.c) ---- */
/* One row: closed home-pedagogue courses, minutes, minutes × hourly øre,
 * minutes without an hourly cost. */
struct store_rq_rows *store_rq_cost_hp(struct store_conn *c, const struct store_rq_scope *s);
/* One row for one visit programme: visits, minutes, minutes × hourly øre,
 * minutes without an hourly cost. */
struct store_rq_rows *store_rq_cost_visits(struct store_conn *c, const struct store_rq_scope *s,
					   const char *programme);
/* One row: COS-P sessions × facilitators held in the period, the sum of
 * their hourly øre, those without an hourly cost. */
struct store_rq_rows *store_rq_cost_cosp_sessions(struct store_conn *c,
						  const struct store_rq_scope *s);
/* One row: COS-P families completing a course that ended in the period. */
struct store_rq_rows *store_rq_cost_cosp_completed(struct store_conn *c,
						   const struct store_rq_scope *s,
						   int64_t min_attended);

/* ---- faglig sparring (r_sparring.c) ---- */
/* Active, non-service users of the municipality who are members of a unit
 * in scope (the period is not used): id, roles, created_at; by id. */
struct store_rq_rows *store_rq_sparring_staff(struct store_conn *c, const struct store_rq_scope *s);
/* Sessions held in the period, one row per in-scope participant: session
 * id, month (YYYY-MM), form, minutes; by session id. */
struct store_rq_rows *store_rq_sparring_sessions(struct store_conn *c,
						 const struct store_rq_scope *s);

/* ---- sparring and training as overhead (r_support.c) ---- */
/* Per in-scope participant: user id, minutes of the period's sessions. */
struct store_rq_rows *store_rq_support_sparring(struct store_conn *c,
						const struct store_rq_scope *s);
/* Per in-scope staff member: user id, minutes of training whose last day
 * (ended_on, else obtained_on) lies in the period. */
struct store_rq_rows *store_rq_support_training(struct store_conn *c,
						const struct store_rq_scope *s);
/* One row: the user's hourly cost in øre (NULL: none). */
struct store_rq_rows *store_rq_support_hourly_cost(struct store_conn *c, int64_t user_id);
/* Each person's own work in the municipality and period, whatever the
 * unit filter: user id, minutes. Contacts in the home-pedagogue courses
 * closed in the period; visits of programme held; COS-P sessions held
 * facilitated (session_minutes each). */
struct store_rq_rows *store_rq_support_hp_work(struct store_conn *c,
					       const struct store_rq_scope *s);
struct store_rq_rows *store_rq_support_visit_work(struct store_conn *c,
						  const struct store_rq_scope *s,
						  const char *programme);
struct store_rq_rows *store_rq_support_cosp_work(struct store_conn *c,
						 const struct store_rq_scope *s,
						 int64_t session_minutes);

/* ---- cached families (src/report/cache.c) ---- */
/* The data version: the id of the newest audit entry recording a change
 * (every action but read, search, export, login, logout); 0 for none. */
enum rede_err store_rq_data_version(struct store_conn *c, int64_t *out);

#endif
