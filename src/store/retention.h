/*
 * retention.h - retention in the store: the schedules (table
 * retention_rule), legal holds, and deleting a case's personal data when
 * its period has run (src/cli/cmd_retention.c decides what is due with
 * core_retention.h; this file only does what it is told, in the caller's
 * transaction).
 *
 * What deleting a case means. Everything that identifies or describes the
 * person goes: names, CPR number (box and look-up hash), birth date, phone,
 * relation and language, every free text (notes, reasons, goals as
 * written, what was handed over), contacts and their notes, attempts to
 * reach the family, risk factors, the selection facts about the child,
 * who the family knows, the name index. What the reports count stays, with
 * nothing that points to a person: the codes, dates, durations and answers
 * of referrals, decisions (their reason masks), courses, closures, goals
 * (theme and attainment), the running totals of contacts, offers, visits,
 * COS-P offers and attendance, handovers (to which institution, when).
 * The family and its persons remain only as empty rows that hold these
 * together, marked deleted; the API treats them as gone (404). So a report
 * of a past period gives the same numbers after the deletion.
 */
#ifndef REDE_STORE_RETENTION_H
#define REDE_STORE_RETENTION_H

#include <stdbool.h>
#include <stdint.h>

#include "rede/core_retention.h"
#include "rede/store.h"
#include "store/cases.h"

/* ---- schedules ---- */
struct retention_rule_row {
	char kind[24];
	char programme[24];
	int64_t months;
	char runs_from[16];
	char legal_basis[1024];
	bool own; /* the municipality's own row (else the default) */
};
/* The rule in force for a municipality (its row over the default). */
enum rede_err store_retention_rule(struct store_conn *c, int64_t municipality_id,
				   enum core_case_kind kind, const char *programme,
				   struct core_retention_rule *out);
/* Every rule in force for the municipality (0: the defaults), by kind. */
enum rede_err store_retention_rules_each(struct store_conn *c, int64_t municipality_id,
					 void (*fn)(void *arg, const struct retention_rule_row *r),
					 void *arg);
/* Insert or replace the municipality's (0: the default) rule. legal_basis
 * NULL keeps the default's text. */
enum rede_err store_retention_rule_set(struct store_conn *c, int64_t municipality_id,
				       enum core_case_kind kind, const char *programme,
				       int64_t months, enum core_retention_event from,
				       const char *legal_basis);

/* ---- deleting ---- */
/* Is the family under a legal hold now? */
enum rede_err store_retention_held(struct store_conn *c, int64_t family_id, bool *held);
/* Delete the personal data of case k (see above) and mark it, at time now.
 * A family is only deleted when none of its cases is left: REDE_E_CONFLICT
 * otherwise. REDE_E_NOTFOUND when it was already deleted. */
enum rede_err store_retention_erase(struct store_conn *c, const struct store_case *k, int64_t now);
/* Stored answers of retried POSTs older than before (they hold personal
 * data of the answer). *n gets how many went. */
enum rede_err store_retention_purge_idempotency(struct store_conn *c, int64_t before, int64_t *n);
/* Record a run (counts as JSON text). */
enum rede_err store_retention_run_add(struct store_conn *c, int64_t municipality_id,
				      const char *ran_on, const char *covered_through,
				      const char *counts, const char *by, int64_t *id);

/* ---- legal holds ---- */
struct legal_hold_row {
	int64_t id, municipality_id, family_id, set_at, cleared_at;
	char reason[512];
	char set_by[96];
	char cleared_by[96];
	char clear_reason[512];
};
/* Put a family on hold. REDE_E_NOTFOUND: no such family in the
 * municipality (or it was deleted); REDE_E_CONFLICT: already on hold. */
enum rede_err store_legal_hold_set(struct store_conn *c, int64_t municipality_id, int64_t family_id,
				   const char *reason, const char *by, struct legal_hold_row *out);
/* Clear a hold. REDE_E_NOTFOUND: no such hold in the municipality;
 * REDE_E_CONFLICT: already cleared. */
enum rede_err store_legal_hold_clear(struct store_conn *c, int64_t municipality_id, int64_t id,
				     const char *reason, const char *by,
				     struct legal_hold_row *out);
/* The municipality's holds, newest first; family_id 0 = all families. */
enum rede_err store_legal_holds_each(struct store_conn *c, int64_t municipality_id,
				     int64_t family_id,
				     void (*fn)(void *arg, const struct legal_hold_row *h),
				     void *arg);

#endif
