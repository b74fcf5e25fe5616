/*
 * rq_version.c - the data version a cached report family is keyed by
 * (src/report/cache.c): the id of the newest audit entry that records a
 * change. Every write is audited in its own transaction, so a snapshot that
 * sees a change sees its entry too; the partial index audit_change
 * (migration 0025) makes it one index probe.
 */
#include "store/report_queries.h"

enum rede_err store_rq_data_version(struct store_conn *c, int64_t *out)
{
	*out = 0;
	return store_run_int(store_prepare(c, "SELECT coalesce(max(id), 0) FROM audit_log "
					      "WHERE action NOT IN ('read', 'search', 'export', "
					      "'login', 'logout')"),
			     out);
}
