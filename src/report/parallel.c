/*
 * parallel.c - the municipalities' reports of one family built on several
 * connections at once (issue 22; docs/ARCHITECTURE.md "One family on
 * several connections").
 *
 * A family (family.c) needs every municipality's report before it can
 * protect them together: 99 reports of the same period for the national
 * evaluation kit, each a set of queries and the building of its tables.
 * They do not depend on each other, so the asking thread builds them with
 * helper threads, each on a spare connection of the same pool
 * (store_acquire_spare: never one a request is waiting for, never a wait).
 *
 * The same data. Every report of a family must be read from the same
 * state of the database, or a union would not be the sum of its parts.
 * A helper begins its own read transaction and takes part only when it
 * sees the data version of the asking transaction (store_rq_data_version:
 * every change is put on record in its own transaction, so an equal
 * version is the same data - the rule the report cache keys on); one that
 * sees another version gives its connection back and the others build its
 * share. Which thread builds a report changes nothing in it: report i is
 * a function of the data and its scope, and lands in slot i.
 *
 * A server's pool has room for one family's helpers by default
 * (report_par_helpers_default, added in cmd_serve.c), so the spare
 * connections a family takes are not ones its request threads need.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "rede/util.h"
#include "report/report_internal.h"

/* Helper threads of one family at most, whatever the setting says. */
#define HELPERS_MAX 16

struct par {
	int n;
	report_par_fn fn;
	void *arg;
	int64_t version;
	pthread_mutex_t mu;
	int next;          /* the next item to build */
	enum rede_err err; /* the first failure; no new item starts after it */
};

struct helper {
	struct par *p;
	struct store_conn *c;
	pthread_t th;
	bool started;
};

/* The next item to build, n when none is left or *failed (read under mu
 * with next; NULL: never) says one failed. */
static int next_item(pthread_mutex_t *mu, int *next, int n, const enum rede_err *failed)
{
	int i;

	pthread_mutex_lock(mu);
	i = failed && *failed ? n : (*next)++;
	pthread_mutex_unlock(mu);
	return i < n ? i : n;
}

/* Build items until none is left or one failed. */
static void work(struct par *p, struct store_conn *c)
{
	for (;;) {
		enum rede_err err;
		int i = next_item(&p->mu, &p->next, p->n, &p->err);

		if (i >= p->n)
			break;
		err = p->fn(c, i, p->arg);
		if (err) {
			pthread_mutex_lock(&p->mu);
			if (!p->err)
				p->err = err;
			pthread_mutex_unlock(&p->mu);
		}
	}
}

static void *helper_main(void *arg)
{
	struct helper *h = arg;
	int64_t version = -1;

	if (store_begin(h->c, STORE_TX_READ) != REDE_OK)
		return NULL;
	if (store_rq_data_version(h->c, &version) == REDE_OK && version == h->p->version &&
	    store_tx_no_parallel_workers(h->c) == REDE_OK && store_tx_custom_plans(h->c) == REDE_OK)
		work(h->p, h->c);
	else
		log_info("report: a helper connection sees other data; the others build its share");
	store_rollback(h->c); /* read only: nothing to keep */
	return NULL;
}

int report_par_helpers_default(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (cpus < 1)
		cpus = 1;
	return cpus - 1 > HELPERS_MAX ? HELPERS_MAX : (int)cpus - 1;
}

int report_par_threads(struct store_conn *c)
{
	int64_t threads = report_setting(c, 0, "server.report_threads", 0);

	if (threads <= 0)
		threads = report_par_helpers_default() + 1;
	return threads > HELPERS_MAX + 1 ? HELPERS_MAX + 1 : (int)threads;
}

enum rede_err report_par_run(struct store_conn *c, int n, int threads, report_par_fn fn, void *arg)
{
	struct par p = {.n = n, .fn = fn, .arg = arg};
	struct helper h[HELPERS_MAX];
	int nh = 0, want = threads < n ? threads : n;
	enum rede_err err;

	pthread_mutex_init(&p.mu, NULL);
	err = want > 1 ? store_rq_data_version(c, &p.version) : REDE_OK;
	for (; !err && nh + 1 < want; nh++) {
		h[nh] = (struct helper){.p = &p, .c = store_acquire_spare(c)};
		if (!h[nh].c)
			break;
		h[nh].started = !pthread_create(&h[nh].th, NULL, helper_main, &h[nh]);
	}
	/* the connections share the processors: no backend workers on top */
	if (!err && nh > 0)
		err = store_tx_no_parallel_workers(c);
	if (!err)
		work(&p, c);
	for (int i = 0; i < nh; i++) {
		if (h[i].started)
			pthread_join(h[i].th, NULL);
		else
			log_warn("report: no helper thread: the reports are built by the others");
		store_release(store_conn_store(h[i].c), h[i].c);
	}
	if (!err)
		err = p.err;
	pthread_mutex_destroy(&p.mu);
	return err;
}

/* ---- work without a connection: report_par_each ---- */

struct each {
	int n;
	report_each_fn fn;
	void *arg;
	pthread_mutex_t mu;
	int next;
};

static void *each_work(void *arg)
{
	struct each *e = arg;
	int i;

	while ((i = next_item(&e->mu, &e->next, e->n, NULL)) < e->n)
		e->fn(i, e->arg);
	return NULL;
}

void report_par_each(int n, int threads, report_each_fn fn, void *arg)
{
	struct each e = {.n = n, .fn = fn, .arg = arg};
	pthread_t th[HELPERS_MAX];
	int nh = 0;

	pthread_mutex_init(&e.mu, NULL);
	if (threads > n)
		threads = n;
	for (int k = 1; k < threads && nh < HELPERS_MAX; k++)
		if (!pthread_create(&th[nh], NULL, each_work, &e))
			nh++;
	each_work(&e);
	for (int k = 0; k < nh; k++)
		pthread_join(th[k], NULL);
	pthread_mutex_destroy(&e.mu);
}
