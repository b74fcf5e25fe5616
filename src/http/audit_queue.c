/*
 * audit_queue.c - the read-audit batcher (see audit_queue.h).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/audit_queue.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/users.h"

struct queued {
	struct core_audit_entry e; /* strings owned */
};

struct touch {
	int64_t session_id;
	int64_t at;
};

struct audit_queue {
	struct store *store;
	int flush_ms;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;
	struct queued *items;
	size_t n, alloc;
	struct touch *touches;
	size_t nt, alloct;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void entry_free(struct core_audit_entry *e)
{
	free((char *)e->at);
	free((char *)e->username);
	free((char *)e->action);
	free((char *)e->entity);
	free((char *)e->entity_id);
	free((char *)e->purpose);
	free((char *)e->outcome);
	free((char *)e->detail);
	free((char *)e->purpose_code);
}

void audit_queue_push(struct audit_queue *q, const struct core_audit_entry *e)
{
	struct core_audit_entry c = *e;
	char at[25];

	if (!e->at) {
		rede_time_iso(rede_now_ms(), at);
		c.at = at;
	}
	c.at = xstrdup(c.at);
	c.username = dup_or_null(e->username);
	c.action = dup_or_null(e->action);
	c.entity = dup_or_null(e->entity);
	c.entity_id = dup_or_null(e->entity_id);
	c.purpose = dup_or_null(e->purpose);
	c.outcome = dup_or_null(e->outcome);
	c.detail = dup_or_null(e->detail);
	c.purpose_code = dup_or_null(e->purpose_code);
	pthread_mutex_lock(&q->lock);
	if (q->n == q->alloc) {
		q->alloc = q->alloc ? q->alloc * 2 : 256;
		q->items = xrealloc(q->items, q->alloc * sizeof(*q->items));
	}
	q->items[q->n++].e = c;
	pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->lock);
}

void audit_queue_touch(struct audit_queue *q, int64_t session_id, int64_t now)
{
	pthread_mutex_lock(&q->lock);
	for (size_t i = 0; i < q->nt; i++) {
		if (q->touches[i].session_id == session_id) {
			if (now > q->touches[i].at)
				q->touches[i].at = now;
			goto out;
		}
	}
	if (q->nt == q->alloct) {
		q->alloct = q->alloct ? q->alloct * 2 : 64;
		q->touches = xrealloc(q->touches, q->alloct * sizeof(*q->touches));
	}
	q->touches[q->nt].session_id = session_id;
	q->touches[q->nt].at = now;
	q->nt++;
	pthread_cond_signal(&q->wake);
out:
	pthread_mutex_unlock(&q->lock);
}

struct batch {
	struct queued *items;
	size_t n;
	struct touch *touches;
	size_t nt;
};

static enum rede_err flush_body(struct store_conn *c, void *arg)
{
	struct batch *b = arg;
	enum rede_err err = REDE_OK;

	for (size_t i = 0; i < b->nt && !err; i++)
		err = store_session_seen(c, b->touches[i].session_id, b->touches[i].at);
	if (!err && b->n) {
		/* shallow copies: the appends fill id and restore at */
		struct core_audit_entry *e = xmalloc(b->n * sizeof(*e));

		for (size_t i = 0; i < b->n; i++)
			e[i] = b->items[i].e;
		err = store_audit_append_many(c, e, b->n);
		free(e);
	}
	return err;
}

/* Put a batch that could not be written back in front of the queue, in
 * its original order, so the chain keeps the order of the accesses. */
static void requeue(struct audit_queue *q, struct batch *b)
{
	pthread_mutex_lock(&q->lock);
	b->items = xrealloc(b->items, (b->n + q->n + 1) * sizeof(*b->items));
	if (q->n)
		memcpy(b->items + b->n, q->items, q->n * sizeof(*q->items));
	free(q->items);
	q->items = b->items;
	q->n += b->n;
	q->alloc = q->n + 1;
	for (size_t i = 0; i < b->nt; i++) {
		if (q->nt == q->alloct) {
			q->alloct = q->alloct ? q->alloct * 2 : 64;
			q->touches = xrealloc(q->touches, q->alloct * sizeof(*q->touches));
		}
		q->touches[q->nt++] = b->touches[i];
	}
	free(b->touches);
	pthread_mutex_unlock(&q->lock);
	/* do not spin on a database that is down */
	struct timespec ts = {0, 200 * 1000000L};
	nanosleep(&ts, NULL);
}

/* Take everything queued and write it in one transaction. */
static void flush(struct audit_queue *q)
{
	struct batch b;
	enum rede_err err;
	bool stopping;

	pthread_mutex_lock(&q->lock);
	stopping = q->stopping;
	b.items = q->items;
	b.n = q->n;
	b.touches = q->touches;
	b.nt = q->nt;
	q->items = NULL;
	q->n = q->alloc = 0;
	q->touches = NULL;
	q->nt = q->alloct = 0;
	pthread_mutex_unlock(&q->lock);
	if (!b.n && !b.nt)
		return;
	err = store_tx_run(q->store, STORE_TX_WRITE, flush_body, &b);
	if (err && !stopping) {
		/* keep the entries: put them back in front and try again later */
		log_error("audit queue: cannot write %zu read entries (%s); will retry", b.n,
			  rede_err_name(err));
		requeue(q, &b);
		return;
	}
	if (err)
		log_error("audit queue: lost %zu read entries at shutdown: %s", b.n,
			  rede_err_name(err));
	for (size_t i = 0; i < b.n; i++)
		entry_free(&b.items[i].e);
	free(b.items);
	free(b.touches);
}

static void *flusher(void *arg)
{
	struct audit_queue *q = arg;
	bool stop = false;

	while (!stop) {
		struct timespec ts;

		pthread_mutex_lock(&q->lock);
		while (!q->stopping && q->n == 0 && q->nt == 0)
			pthread_cond_wait(&q->wake, &q->lock);
		stop = q->stopping;
		pthread_mutex_unlock(&q->lock);
		if (!stop) {
			/* let a burst gather, bounded by flush_ms */
			ts.tv_sec = q->flush_ms / 1000;
			ts.tv_nsec = (long)(q->flush_ms % 1000) * 1000000L;
			nanosleep(&ts, NULL);
		}
		flush(q);
	}
	return NULL;
}

struct audit_queue *audit_queue_start(struct store *s, int flush_ms)
{
	struct audit_queue *q = xcalloc(1, sizeof(*q));

	q->store = s;
	q->flush_ms = flush_ms > 0 ? flush_ms : 50;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->wake, NULL);
	if (pthread_create(&q->thread, NULL, flusher, q) != 0) {
		log_error("audit queue: cannot start the flusher thread");
		abort();
	}
	return q;
}

void audit_queue_stop(struct audit_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	pthread_cond_signal(&q->wake);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	flush(q);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->wake);
	free(q);
}
