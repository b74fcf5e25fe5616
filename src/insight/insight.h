/*
 * insight.h - the answer to a request for insight (GDPR art. 15): every
 * personal datum Rede holds on a person and on the cases they are part of,
 * the recipients of their data, how long it is kept, and the look-ups of it
 * with dates and purposes (staff names only where the municipality's
 * setting insight.show_staff says so). Used by `rede insight` and
 * POST /api/v1/insight; producing it is put on the audit log by them.
 *
 * The document is JSON (insight_build) and, for the parent, a printable
 * Danish HTML page (insight_html). Neither ever goes to a log.
 */
#ifndef REDE_INSIGHT_H
#define REDE_INSIGHT_H

#include <jansson.h>
#include <stdint.h>

#include "rede/crypto.h"
#include "rede/store.h"

/* Build the document for the person with this CPR number (ten digits) in
 * the municipality, in the caller's transaction. *person_id gets the
 * person. REDE_E_NOTFOUND when Rede holds no one with that number. */
enum rede_err insight_build(struct store_conn *c, const struct crypto_keys *keys,
			    int64_t municipality_id, const char *cpr, json_t **doc,
			    int64_t *person_id);

/* The document as a self-contained, printable HTML page in Danish (caller
 * frees). */
char *insight_html(const json_t *doc);

#endif
