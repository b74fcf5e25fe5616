/*
 * consult.h - consultant visits of health visitors to daycare
 * institutions (Herning practice, DOMAIN §1.6, seed 004) in the store: the
 * fixed health visitor of each institution, the visits of the annual wheel
 * (one per period of the year; four: one per quarter), their moves, the
 * topics parents and staff propose and which were covered, done / missed.
 *
 * Institution-level data: the handlers decide who sees a visit (the
 * municipality's coordinators and leaders, the visit's health visitor, the
 * institution's daycare users). Tenancy: functions taking a
 * municipality_id answer REDE_E_NOTFOUND for another municipality's row.
 * Rows hold their text in fixed buffers; nothing to release (a visit's
 * facts own theirs: consult_visit_facts_release).
 */
#ifndef REDE_STORE_CONSULT_H
#define REDE_STORE_CONSULT_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/store.h"

#define CONSULT_TEXT_MAX 1000

/* Set (or change) the fixed health visitor of an institution. Planned,
 * future visits (planned_on >= from_day) move to the new health visitor. */
enum rede_err store_institution_hv_set(struct store_conn *c, int64_t unit_id, int64_t user_id,
				       const char *since_on, const char *from_day);
/* REDE_E_NOTFOUND when the institution has none. */
enum rede_err store_institution_hv_get(struct store_conn *c, int64_t unit_id, int64_t *user_id);
/* Each daycare institution of the municipality with its fixed health
 * visitor (only those of hv_id when not 0). */
enum rede_err store_institution_hv_each(struct store_conn *c, int64_t municipality_id,
					int64_t hv_id,
					int (*fn)(int64_t unit_id, int64_t user_id, void *arg),
					void *arg);

struct consult_visit_row {
	int64_t id;
	int64_t municipality_id;
	int64_t unit_id;
	int64_t health_visitor_id;
	int64_t year;
	int64_t quarter; /* period of the year, 1.. */
	char planned_on[11];
	char first_planned_on[11];
	char status[16]; /* planned, done, missed */
	char done_on[11];
	char note[CONSULT_TEXT_MAX + 1];
	int64_t version;
};
/* Insert unless the institution already has a visit in that period;
 * *created tells which (and then r is the stored row, id and all). */
enum rede_err store_consult_insert(struct store_conn *c, struct consult_visit_row *r,
				   bool *created);
enum rede_err store_consult_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				struct consult_visit_row *out);
/* Visits of a year (0 = any) by date; filtered to one institution, one
 * health visitor, or the institutions a daycare user belongs to (each 0 =
 * no filter). */
struct consult_filter {
	int64_t year, unit_id, health_visitor_id, member_user_id;
};
/* Each visit is passed to fn with its facts (below); both are temporary. */
struct consult_visit_facts;
enum rede_err store_consult_each(struct store_conn *c, int64_t municipality_id,
				 const struct consult_filter *f,
				 int (*fn)(const struct consult_visit_row *r,
					   const struct consult_visit_facts *x, void *arg),
				 void *arg);
/* Write planned_on, status, done_on, note when the stored version equals
 * r->version; bumps it. REDE_E_CONFLICT when stale. */
enum rede_err store_consult_update(struct store_conn *c, struct consult_visit_row *r);

struct consult_topic_row {
	int64_t id;
	int64_t visit_id;
	char proposed_by[16]; /* parents, daycare, health_visitor */
	char text[CONSULT_TEXT_MAX + 1];
	bool covered;
};
enum rede_err store_consult_topic_add(struct store_conn *c, struct consult_topic_row *r,
				      int64_t user_id);

/* What a visit shows besides its row: its health visitor's name and its
 * topics. Read for STORE_BATCH visits per query (a leader's list of
 * thousands of visits is a few hundred statements, not two per visit), and
 * for one visit by the same code. */
struct consult_visit_facts {
	char *health_visitor_name;        /* owned; NULL when not found */
	struct consult_topic_row *topics; /* owned, oldest first */
	size_t ntopics;
};
void consult_visit_facts_release(struct consult_visit_facts *x);
/* Fill out[i] for rows[i], i < n (out is zeroed first); release each with
 * consult_visit_facts_release, also on error. */
enum rede_err store_consult_visit_facts(struct store_conn *c, const struct consult_visit_row *rows,
					size_t n, struct consult_visit_facts *out);
/* Mark a topic of the visit covered; REDE_E_NOTFOUND when it is not the
 * visit's. */
enum rede_err store_consult_topic_cover(struct store_conn *c, int64_t visit_id, int64_t topic_id);
/* Is the user a member of the unit? */
enum rede_err store_unit_member(struct store_conn *c, int64_t unit_id, int64_t user_id, bool *yes);
/* How many units the user is a member of. */
enum rede_err store_unit_memberships(struct store_conn *c, int64_t user_id, int64_t *n);

#endif
