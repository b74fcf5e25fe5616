/*
 * audit_queue.h - deferred audit entries and session touches for reads.
 *
 * A read changes nothing but must still be on record. Writing its audit
 * entry in its own synchronous transaction would cost a disk flush per
 * read; instead reads run in read transactions and queue their entry here,
 * and one flusher thread appends everything queued in one write
 * transaction at most flush_ms later (default 50 ms). A read is therefore
 * on record durably within about 100 ms, while every change still writes
 * its entry inside its own transaction.
 *
 * Session "last seen" updates from reads ride along the same way.
 */
#ifndef REDE_HTTP_AUDIT_QUEUE_H
#define REDE_HTTP_AUDIT_QUEUE_H

#include <stdint.h>

#include "rede/core.h"
#include "rede/store.h"

struct audit_queue;

/* Start the flusher thread. */
struct audit_queue *audit_queue_start(struct store *s, int flush_ms);
/* Copy e (and its strings) into the queue. e->at should be set to the time
 * of the access. */
void audit_queue_push(struct audit_queue *q, const struct core_audit_entry *e);
/* Queue "session was used at now". */
void audit_queue_touch(struct audit_queue *q, int64_t session_id, int64_t now);
/* Flush what is queued and stop the thread; frees q. */
void audit_queue_stop(struct audit_queue *q);

#endif
