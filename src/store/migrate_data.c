/*
 * migrate_data.c - the data steps of migrations: work on existing rows
 * that portable SQL cannot express (reading JSON differs between SQLite and
 * PostgreSQL), done in C with the store's own functions. Each runs in the
 * migration's transaction, right after its SQL, so a migration is applied
 * whole or not at all.
 */
#include "store/audit.h"
#include "store/backend.h"
#include "store/referrals.h"
#include "store/search.h"
#include "store/users.h"

enum rede_err store_migration_data_step(struct store_conn *c, int version)
{
	switch (version) {
	case 6: return store_visitation_backfill_masks(c); /* 0006_report_summaries */
	case 8: return store_users_scope_usernames(c);     /* 0008_sign_in */
	case 9: return store_audit_reseal(c);              /* 0009_audit_mac */
	case 10: return store_search_refold(c);            /* 0010_report_history */
	default: return REDE_OK;
	}
}
