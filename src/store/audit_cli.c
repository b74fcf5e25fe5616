/*
 * audit_cli.c - an action taken at the command line, on the audit log
 * (see audit_cli.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "rede/core.h"
#include "rede/core_purpose.h"
#include "store/audit.h"
#include "store/audit_cli.h"

enum rede_err store_audit_cli(struct store_conn *c, int64_t municipality_id, const char *action,
			      const char *entity, int64_t entity_id, const char *purpose)
{
	struct core_audit_entry e = {0};
	char idbuf[32];
	char who[96];
	const char *osuser = getenv("USER");

	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)entity_id);
	snprintf(who, sizeof(who), "cli:%s", osuser && *osuser ? osuser : "unknown");
	e.municipality_id = municipality_id;
	e.username = who;
	e.action = action;
	e.entity = entity;
	e.entity_id = entity_id ? idbuf : NULL;
	e.purpose = purpose;
	e.purpose_code = core_purpose_names[core_purpose_of_cli(purpose)];
	e.outcome = "ok";
	return store_audit_append(c, &e);
}
