/*
 * audit_cli.h - an action taken at the command line, on the audit log: the
 * operator's verbs (src/cli) and the demo generator they run (src/demo)
 * both put what they write on record this way, so it lives below both
 * (the demo generator used to reach up into cli.h for it).
 *
 * The actor is "cli:<OS user>" ($USER, "unknown" without one); the
 * purpose code follows from the "cli VERB" text (core_purpose_of_cli).
 */
#ifndef REDE_STORE_AUDIT_CLI_H
#define REDE_STORE_AUDIT_CLI_H

#include <stdint.h>

#include "rede/store.h"

/* Append an entry with outcome "ok" inside the caller's (write)
 * transaction. entity_id 0 = none; purpose is e.g. "cli user add". */
enum rede_err store_audit_cli(struct store_conn *c, int64_t municipality_id, const char *action,
			      const char *entity, int64_t entity_id, const char *purpose);

#endif
