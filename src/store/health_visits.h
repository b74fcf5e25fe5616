/*
 * health_visits.h - the extra health-visitor visits at 1½ and 3 years in
 * the store (DOMAIN §1.2): programme parameters, selection-criteria
 * records and the facts they give about a child, the list of children due
 * for an offer, offers with their contact attempts, and visits with the
 * materials used.
 *
 * Tenancy: functions taking a municipality_id return REDE_E_NOTFOUND for
 * another municipality's row. These functions do NOT apply the access rule
 * (store/access.h) to single objects: callers check store_access_family
 * with the row's family first. List functions take the caller and filter
 * with the access rule's SQL.
 *
 * Ownership: the row structs own their char * fields; *_release frees
 * them. Dates are "YYYY-MM-DD", "" for none.
 */
#ifndef REDE_STORE_HEALTH_VISITS_H
#define REDE_STORE_HEALTH_VISITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/core_health_visit.h"
#include "rede/store.h"
#include "store/access.h"

#define HV_DATE_SIZE 11
#define HV_CODE_SIZE 48
#define HV_VISIT_MAX_MATERIALS 32

/* The programme parameters of a municipality (its own setting rows, else
 * the defaults of migration 0003). REDE_E_NOTFOUND (logged) when a key is
 * missing altogether. */
enum rede_err store_hv_params(struct store_conn *c, int64_t municipality_id,
			      struct core_hv_params *out);

/* Is user_id an active health visitor of the municipality? */
enum rede_err store_hv_is_health_visitor(struct store_conn *c, int64_t municipality_id,
					 int64_t user_id, bool *yes);

/* The child (a person of kind child) with its family and birth date ("" if
 * not born). REDE_E_NOTFOUND when no such child in the municipality. */
enum rede_err store_hv_child(struct store_conn *c, int64_t municipality_id, int64_t child_id,
			     int64_t *family_id, char birth_date[HV_DATE_SIZE]);

/* ---- selection-criteria records ---- */
struct hv_criterion_row {
	int64_t id;
	int64_t municipality_id;
	int64_t family_id;
	int64_t child_id;
	char kind[24];       /* core_hv_criterion_names */
	char topi[8];        /* core_hv_topi_names; "" unless kind topi */
	int64_t visit_count; /* -1 unless kind first_year_visits */
	char recorded_on[HV_DATE_SIZE];
	char *note;
	int64_t recorded_by;
	int64_t created_at;
};
void hv_criterion_row_init(struct hv_criterion_row *r);
void hv_criterion_row_release(struct hv_criterion_row *r);
enum rede_err store_hv_criterion_insert(struct store_conn *c, struct hv_criterion_row *r);
/* A child's records, newest first; the row is released after fn. */
enum rede_err store_hv_criterion_each(struct store_conn *c, int64_t child_id,
				      int (*fn)(const struct hv_criterion_row *r, void *arg),
				      void *arg);
/* What the records dated on or before upto say about a child. */
enum rede_err store_hv_child_facts(struct store_conn *c, int64_t child_id, const char *upto,
				   struct core_hv_facts *f);

/* ---- children due ---- */
struct hv_due_row {
	int64_t family_id;
	int64_t child_id;
	const char *family_name; /* valid during fn only */
	const char *child_name;
	char birth_date[HV_DATE_SIZE];
	struct core_hv_facts facts; /* records dated on or before upto */
};
/* Children in families the caller may see, born between oldest and
 * youngest (inclusive), with at least one criterion record dated on or
 * before upto and no offer of the programme yet, oldest first. The exact
 * window and criteria are for the caller (core) to decide. */
enum rede_err store_hv_due_each(struct store_conn *c, const struct access_who *who,
				const char *programme, const char *oldest, const char *youngest,
				const char *upto, int (*fn)(const struct hv_due_row *r, void *arg),
				void *arg);

/* ---- offers ---- */
struct hv_offer_row {
	int64_t id;
	int64_t municipality_id;
	int64_t family_id;
	int64_t child_id;
	char programme[16];
	char criterion[24];
	char offered_on[HV_DATE_SIZE];
	char channel[8];
	bool social_measures;
	int64_t health_visitor_id;
	int64_t unit_id; /* 0 = none */
	char status[16];
	char answered_on[HV_DATE_SIZE];
	char decline_reason[24];
	char *decline_text;
	int64_t created_by;
	int64_t created_at;
	int64_t version;
	/* What a list shows besides the offer, read with it by
	 * store_hv_offer_each (list_read true; otherwise unset): one query for
	 * the list, not five more per offer - a round trip each on PostgreSQL
	 * (8 711 offers of a municipality: 3.4 s, docs/PERFORMANCE.md). */
	bool list_read;
	char *family_name;
	char *visitor_name;             /* NULL: the health visitor is not found */
	bool child_found;               /* the child (a person of kind child) exists */
	char child_birth[HV_DATE_SIZE]; /* "" when not known */
	int64_t failed_attempts;        /* attempts that did not reach the family */
	int64_t visit_id;               /* 0: no visit */
};
void hv_offer_row_init(struct hv_offer_row *o);
void hv_offer_row_release(struct hv_offer_row *o);
/* Insert (sets id, created_at, version = 1). REDE_E_CONFLICT when the
 * child already has an offer of the programme. */
enum rede_err store_hv_offer_insert(struct store_conn *c, struct hv_offer_row *o);
enum rede_err store_hv_offer_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				 struct hv_offer_row *out);
/* Write every changeable field when the stored version equals o->version;
 * bumps o->version. REDE_E_CONFLICT when stale. */
enum rede_err store_hv_offer_update(struct store_conn *c, struct hv_offer_row *o);
/* Delete an offer without attempts, visit or toy-box checkouts, when the
 * stored version equals version. REDE_E_CONFLICT otherwise. */
enum rede_err store_hv_offer_delete(struct store_conn *c, int64_t id, int64_t version);
/* Offers the caller may see, newest first; mine: the caller is the
 * offer's health visitor; programme/status: only those (NULL = any). The
 * row is released after fn. */
enum rede_err store_hv_offer_each(struct store_conn *c, const struct access_who *who, bool mine,
				  const char *programme, const char *status,
				  int (*fn)(struct store_conn *c, const struct hv_offer_row *o,
					    void *arg),
				  void *arg);

/* ---- contact attempts ---- */
struct hv_attempt_row {
	int64_t id;
	int64_t offer_id;
	char attempted_on[HV_DATE_SIZE];
	char channel[8];
	bool reached;
	char *note;
	int64_t recorded_by;
	int64_t created_at;
};
void hv_attempt_row_release(struct hv_attempt_row *a);
enum rede_err store_hv_attempt_insert(struct store_conn *c, struct hv_attempt_row *a);
/* Oldest first; the row is released after fn. */
enum rede_err store_hv_attempt_each(struct store_conn *c, int64_t offer_id,
				    int (*fn)(const struct hv_attempt_row *a, void *arg),
				    void *arg);
/* Attempts that did not reach the family. */
enum rede_err store_hv_attempts_failed(struct store_conn *c, int64_t offer_id, int64_t *n);

/* ---- visits ---- */
struct hv_visit_row {
	int64_t id;
	int64_t municipality_id;
	int64_t offer_id;
	char visited_on[HV_DATE_SIZE];
	int64_t health_visitor_id;
	int64_t minutes;
	char topics[160]; /* comma list of core_hv_topic_names */
	char *topic_other;
	bool referral_within;
	char *referral_within_to;
	bool referral_outside;
	char *referral_outside_to;
	int64_t parent_rating; /* -1 = not asked */
	char *note;
	int64_t recorded_by;
	int64_t created_at;
	char materials[HV_VISIT_MAX_MATERIALS][HV_CODE_SIZE];
	size_t nmaterials;
};
void hv_visit_row_init(struct hv_visit_row *v);
void hv_visit_row_release(struct hv_visit_row *v);
/* Insert with its materials. REDE_E_CONFLICT when the offer has a visit. */
enum rede_err store_hv_visit_insert(struct store_conn *c, struct hv_visit_row *v);
enum rede_err store_hv_visit_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				 struct hv_visit_row *out);
enum rede_err store_hv_visit_by_offer(struct store_conn *c, int64_t offer_id,
				      struct hv_visit_row *out);

#endif
