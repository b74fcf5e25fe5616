/*
 * families.h - families (households), their persons and consents in the
 * store.
 *
 * CPR numbers arrive here already encrypted (cpr_box) with their keyed
 * lookup hash (cpr_hash); the store never sees a CPR number in clear.
 * Strings in the row structs are owned by the struct; *_release frees them.
 * Every function taking a municipality_id keeps to that municipality.
 */
#ifndef REDE_STORE_FAMILIES_H
#define REDE_STORE_FAMILIES_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/store.h"
#include "store/access.h"

struct family_row {
	int64_t id;
	int64_t municipality_id;
	char *name;
	int64_t version;
};
void family_row_release(struct family_row *f);

struct person_row {
	int64_t id;
	int64_t family_id;
	char kind[16];
	char *given_name;
	char *family_name;
	char *cpr_box; /* NULL when none */
	char *cpr_hash;
	char birth_date[11]; /* "" when unknown */
	char expected_birth_date[11];
	char *phone;
	char relation[24];
	int lives_with_child; /* -1 unknown, 0, 1 */
	char *language;
	bool interpreter_needed;
	int64_t version;
};
void person_row_release(struct person_row *p);

struct consent_row {
	int64_t id;
	int64_t family_id;
	char purpose[32];
	int64_t guardian_id;
	char given_on[11];
	char withdrawn_on[11]; /* "" = in force */
	int64_t version;
};

/* A line of a family's timeline: one of its referrals or enrolments, of
 * any programme. Dates are "" when none. */
struct family_case_row {
	int64_t id;
	char programme[32];
	char status[32];
	char referred_on[11]; /* referrals */
	char start_on[11];    /* enrolments */
	char planned_end_on[11];
	char closed_on[11];
};
/* The family's referrals, oldest first. */
enum rede_err store_family_referrals(struct store_conn *c, int64_t family_id,
				     int (*fn)(const struct family_case_row *r, void *arg),
				     void *arg);
/* The family's enrolments (every programme), oldest first. */
enum rede_err store_family_enrolments(struct store_conn *c, int64_t family_id,
				      int (*fn)(const struct family_case_row *r, void *arg),
				      void *arg);

enum rede_err store_family_create(struct store_conn *c, int64_t municipality_id, const char *name,
				  const char *search_key, int64_t created_by, int64_t *id);
enum rede_err store_family_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			       struct family_row *out);
/* Families the caller may see where every word of key (a search key) starts
 * a word of the family's name or of a member's name (store/search.h),
 * newest first, at most limit. fn returns non-zero to stop. */
enum rede_err store_family_search(struct store_conn *c, const struct access_who *who,
				  const char *key, int limit,
				  int (*fn)(const struct family_row *f, void *arg), void *arg);

/* Insert p (p->id, p->version set). REDE_E_CONFLICT when the CPR number
 * is already registered in the municipality. */
/* Rename when the stored version equals f->version (bumps it);
 * REDE_E_CONFLICT when stale. */
enum rede_err store_family_update(struct store_conn *c, struct family_row *f,
				  const char *search_key);
/* Update the changeable details of p when the stored version equals
 * p->version (bumps it); REDE_E_CONFLICT when stale. CPR and kind are
 * never changed here. */
enum rede_err store_person_update(struct store_conn *c, struct person_row *p,
				  const char *search_key);
enum rede_err store_person_create(struct store_conn *c, int64_t municipality_id,
				  struct person_row *p, const char *search_key);
enum rede_err store_person_get(struct store_conn *c, int64_t municipality_id, int64_t id,
			       struct person_row *out);
enum rede_err store_person_by_cpr_hash(struct store_conn *c, int64_t municipality_id,
				       const char *cpr_hash, struct person_row *out);
/* The id of a family's (first) child. */
enum rede_err store_family_child(struct store_conn *c, int64_t family_id, int64_t *child_id);
/* The CPR lookup hashes of a municipality's persons (those with a CPR
 * number); fn returns non-zero to stop. */
enum rede_err store_person_cpr_hash_each(struct store_conn *c, int64_t municipality_id,
					 int (*fn)(const char *cpr_hash, void *arg), void *arg);
enum rede_err store_person_each(struct store_conn *c, int64_t family_id,
				int (*fn)(const struct person_row *p, void *arg), void *arg);

enum rede_err store_consent_give(struct store_conn *c, int64_t municipality_id,
				 struct consent_row *r, int64_t recorded_by);
enum rede_err store_consent_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				struct consent_row *out);
/* Set withdrawn_on when the stored version equals r->version. */
enum rede_err store_consent_withdraw(struct store_conn *c, struct consent_row *r,
				     const char *withdrawn_on);
enum rede_err store_consent_each(struct store_conn *c, int64_t family_id,
				 int (*fn)(const struct consent_row *r, void *arg), void *arg);
/* Is there a consent for purpose given on/before on_date and not withdrawn
 * on/before it? */
enum rede_err store_consent_active(struct store_conn *c, int64_t family_id, const char *purpose,
				   const char *on_date, bool *active);

#endif
