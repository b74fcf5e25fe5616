/*
 * referrals.h - referrals to a programme, their risk factors, and the
 * coordinator's visitation decisions, in the store.
 */
#ifndef REDE_STORE_REFERRALS_H
#define REDE_STORE_REFERRALS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "rede/core_visitation.h"
#include "rede/store.h"
#include "store/access.h"

#define REFERRAL_MAX_RISKS 32

struct referral_row {
	int64_t id;
	int64_t municipality_id;
	int64_t family_id;
	int64_t child_id;
	char programme[32];
	char source[32];
	char *channel;
	char *reason;
	char topi[8]; /* "" = not given */
	bool section52;
	char referred_on[11];
	int64_t referred_by;
	char status[32];
	int64_t version;
	char *family_name;    /* read only: the family's and child's names, */
	char *child_name;     /* for lists a coordinator scans */
	int64_t enrolment_id; /* read only: the course made from it, 0 = none */
	char risks[REFERRAL_MAX_RISKS][40];
	int nrisks;
	int parent_risks, child_risks;
};
void referral_row_release(struct referral_row *r);

/* Is code an active risk factor for the municipality (built in or its own)?
 * *kind gets "parent" or "child". */
enum rede_err store_risk_factor_known(struct store_conn *c, int64_t municipality_id,
				      const char *code, bool *known);
/* Each active risk factor of the municipality, by kind and code. */
enum rede_err store_risk_factor_each(struct store_conn *c, int64_t municipality_id,
				     int (*fn)(const char *code, const char *kind,
					       const char *label, void *arg),
				     void *arg);

enum rede_err store_referral_create(struct store_conn *c, struct referral_row *r);
enum rede_err store_referral_get(struct store_conn *c, int64_t municipality_id, int64_t id,
				 struct referral_row *out);
/* Referrals the caller may see, optionally with one status, newest first. */
enum rede_err store_referral_list(struct store_conn *c, const struct access_who *who,
				  const char *status,
				  int (*fn)(const struct referral_row *r, void *arg), void *arg);
/* Record a decision (with its reason masks, see below) and set the
 * referral's status, when the referral's version is still r->version
 * (REDE_E_CONFLICT otherwise). */
enum rede_err store_referral_decide(struct store_conn *c, struct referral_row *r,
				    const char *outcome, const char *reason,
				    const char *other_intervention, const char *justification,
				    const char *assessment_json, const char *decided_on,
				    int64_t decided_by);
/* The assessment as stored with a decision and shown by the API:
 * {"in_target_group", "reasons": [{"code", "ok", "text"}]}. Caller owns. */
json_t *store_visitation_assessment_json(const struct visitation_assessment *a);
/* The masks of an assessment's JSON ({"reasons": [{"code", "ok"}, ...]}):
 * bit i of *ok / *failed is set when reason i of visitation_reason_codes is
 * there and met / not met. Text that is not such JSON gives 0 and 0. The
 * reports count reasons from these columns instead of parsing every
 * decision (migration 0006). */
void store_visitation_reason_masks(const char *assessment_json, int64_t *ok, int64_t *failed);
/* Migration 0006's data step: fill the masks of every existing decision. */
enum rede_err store_visitation_backfill_masks(struct store_conn *c);
/* Family, child and status of a referral (for enrolments). */
enum rede_err store_referral_get_basic(struct store_conn *c, int64_t municipality_id,
				       int64_t referral_id, int64_t *family_id, int64_t *child_id,
				       char status[32]);

#endif
