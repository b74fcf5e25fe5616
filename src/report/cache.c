/*
 * cache.c - the family of report views of every municipality, kept per
 * (report, period, final delivery, asking municipality, Danish day, data
 * version) so that an evaluator's or the operator's report for one
 * municipality, a round or all does not compute the joint suppression of
 * all municipalities again on every request (family.c; issue 22).
 *
 * Never numbers from before a write: the data version is read in the
 * report's own read transaction before any of its numbers
 * (store_rq_data_version: the newest audit entry recording a change, and
 * every change is audited in the transaction that makes it). A family is
 * only ever served to a request that read the same version, so a request
 * that sees a write finds no entry and computes the family afresh. The
 * day is part of the key because "today" reaches some numbers (weeks of a
 * course still running).
 *
 * Process-wide, behind one mutex; at most server.report_cache_families entries
 * (setting, 0 = off), the least recently used dropped first. Entries hold
 * their reports; a hit hands out a deep copy (report_copy), so the caller
 * owns and frees what it gets as before.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core.h"
#include "rede/util.h"
#include "report/report_internal.h"

struct cache_ent {
	char name[48];
	char from[11], to[11];
	bool final_delivery;
	int64_t home_municipality_id;
	int32_t today;
	int64_t version;
	int64_t *ids, *rounds; /* the leaves, in the family's order */
	int n;
	struct report_family fam;
	uint64_t used;
};

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct cache_ent *cache_ents;
static int cache_n, cache_cap;
static uint64_t cache_tick;

static void ent_release(struct cache_ent *e)
{
	report_family_release(&e->fam);
	free(e->ids);
	free(e->rounds);
	memset(e, 0, sizeof(*e));
}

static bool ent_matches(const struct cache_ent *e, const struct report_cache_key *k)
{
	if (strcmp(e->name, k->name) || strcmp(e->from, k->from) || strcmp(e->to, k->to) ||
	    e->final_delivery != k->final_delivery ||
	    e->home_municipality_id != k->home_municipality_id || e->today != k->today ||
	    e->version != k->version || e->n != k->n)
		return false;
	for (int i = 0; i < k->n; i++)
		if (e->ids[i] != k->ids[i] || e->rounds[i] != k->rounds[i])
			return false;
	return true;
}

enum rede_err report_cache_key_read(struct store_conn *c, const char *name,
				    const struct report_scope *s, struct report_cache_key *k)
{
	memset(k, 0, sizeof(*k));
	k->name = name;
	k->from = s->from;
	k->to = s->to;
	k->final_delivery = s->final_delivery;
	k->home_municipality_id = s->home_municipality_id;
	k->today = rede_today();
	k->capacity = report_setting(c, 0, "server.report_cache_families", 8);
	if (strlen(name) >= sizeof(((struct cache_ent *)0)->name))
		k->capacity = 0;
	return store_rq_data_version(c, &k->version);
}

struct report *report_cache_get(const struct report_cache_key *k, int want_leaf, int64_t want_round)
{
	struct report *out = NULL;

	if (k->capacity <= 0)
		return NULL;
	pthread_mutex_lock(&cache_mu);
	for (int i = 0; i < cache_n; i++)
		if (ent_matches(&cache_ents[i], k)) {
			const struct report *r = report_family_pick(
				&cache_ents[i].fam, cache_ents[i].rounds, want_leaf, want_round);
			if (r)
				out = report_copy(r);
			cache_ents[i].used = ++cache_tick;
			break;
		}
	pthread_mutex_unlock(&cache_mu);
	return out;
}

void report_cache_put(const struct report_cache_key *k, struct report_family *fam)
{
	struct cache_ent e;
	int slot = -1;

	if (k->capacity <= 0) {
		report_family_release(fam);
		return;
	}
	memset(&e, 0, sizeof(e));
	snprintf(e.name, sizeof(e.name), "%s", k->name);
	snprintf(e.from, sizeof(e.from), "%s", k->from);
	snprintf(e.to, sizeof(e.to), "%s", k->to);
	e.final_delivery = k->final_delivery;
	e.home_municipality_id = k->home_municipality_id;
	e.today = k->today;
	e.version = k->version;
	e.n = k->n;
	e.ids = xmalloc((size_t)(k->n ? k->n : 1) * sizeof(int64_t));
	e.rounds = xmalloc((size_t)(k->n ? k->n : 1) * sizeof(int64_t));
	if (k->n) {
		memcpy(e.ids, k->ids, (size_t)k->n * sizeof(int64_t));
		memcpy(e.rounds, k->rounds, (size_t)k->n * sizeof(int64_t));
	}
	e.fam = *fam;
	memset(fam, 0, sizeof(*fam));

	pthread_mutex_lock(&cache_mu);
	e.used = ++cache_tick;
	/* the same key computed twice at once: keep the newer */
	for (int i = 0; i < cache_n && slot < 0; i++)
		if (ent_matches(&cache_ents[i], k))
			slot = i;
	/* over capacity (it may have been lowered): drop the least recent */
	while (slot < 0 && cache_n >= k->capacity && cache_n > 0) {
		int lru = 0;
		for (int i = 1; i < cache_n; i++)
			if (cache_ents[i].used < cache_ents[lru].used)
				lru = i;
		ent_release(&cache_ents[lru]);
		cache_ents[lru] = cache_ents[--cache_n];
	}
	if (slot >= 0) {
		ent_release(&cache_ents[slot]);
	} else {
		if (cache_n == cache_cap) {
			cache_cap = cache_cap ? 2 * cache_cap : 8;
			cache_ents = xrealloc(cache_ents, (size_t)cache_cap * sizeof(*cache_ents));
		}
		slot = cache_n++;
	}
	cache_ents[slot] = e;
	pthread_mutex_unlock(&cache_mu);
}
