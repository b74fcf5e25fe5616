/*
 * insight.h - everything Rede holds on a person, read for a request for
 * insight (GDPR art. 15): the person, the family and every case they are
 * part of, who received their data, and the look-ups of it on the audit
 * log. The store reads and assembles the rows as JSON (values as stored,
 * text or null); src/insight/ decrypts the CPR numbers, adds the Danish
 * words and writes the document.
 *
 * Whose data: the person found by CPR number; when that person is a
 * guardian, also the family's children (a parent's right to the child's
 * data); other guardians appear by name and relation only (their own data
 * is theirs to ask for).
 */
#ifndef REDE_STORE_INSIGHT_H
#define REDE_STORE_INSIGHT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "rede/store.h"

/* The person with this CPR look-up hash in the municipality: *id and
 * *family_id. REDE_E_NOTFOUND when none (or deleted). */
enum rede_err store_insight_find(struct store_conn *c, int64_t municipality_id,
				 const char *cpr_hash, int64_t *id, int64_t *family_id);

/* The document's data for person id of family_id: {"person", "family",
 * "members", "consents", "referrals", "courses", "health_visits",
 * "selection_facts", "handovers", "legal_holds", "lookups"}. Person rows
 * carry "cpr_box" (the caller decrypts and removes it). show_staff: name
 * the staff (the municipality's setting insight.show_staff); else staff
 * appear by role only. New reference; NULL with *err on failure. */
json_t *store_insight_collect(struct store_conn *c, int64_t municipality_id, int64_t id,
			      int64_t family_id, bool show_staff, enum rede_err *err);

#endif
