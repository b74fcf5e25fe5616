/*
 * rq_rows.c - the rows of a report query, and one grouped query per
 * family build instead of one per municipality (issue 22).
 *
 * A report query's rows come either from its statement (one
 * municipality's query, as before) or from a grouped result: the query's
 * `all` form run once over every municipality (GROUP BY municipality_id,
 * ordered by it), kept in the family build's prefetch context and served
 * to each municipality's report as the slice of its own rows. The result
 * is keyed by the query and its arguments other than the municipality, so
 * a query asked with another period, unit filter or setting runs its own
 * grouped form. Values are kept as the backend's text (NULL as NULL) and
 * integers read from it, as store_col_int reads the PostgreSQL text
 * protocol (on SQLite the text of an integer is its decimal digits). The
 * grouped forms run on PostgreSQL only (grouped_pays).
 *
 * Without a grouped form, an aggregate query (store_rq_query.keep) read
 * inside a read transaction is kept the same way, as one municipality's
 * set, in the connection's memo for that transaction (store_memo_get):
 * the transaction reads one snapshot, so the same query with the same
 * arguments gives the same rows, and the second report of an evaluation
 * kit that asks for them (the cost report's goals met are the
 * home-pedagogue report's goals) reads the kept rows. The last RQ_MEMO_MAX
 * are kept - a report family reads one municipality after another.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "store/report_sql.h"

/* One grouped result. Its state moves WANTED -> FETCHING -> READY under
 * the prefetch's mu; the thread that moved it to FETCHING fills it without
 * the lock, and the others wait for READY (cv). */
enum set_state { SET_WANTED, SET_FETCHING, SET_READY };
struct rq_set {
	enum set_state state;
	const struct store_rq_query *q;
	struct store_arg *args; /* the key: the arguments but the municipality (texts owned) */
	size_t nargs;
	enum rede_err err; /* the grouped query failed: every slice fails the same way */
	int ncols;         /* columns after the municipality */
	int nrows, cap;
	int64_t *muni;   /* per row, ascending */
	int64_t *off;    /* nrows x ncols offsets into text, -1 for NULL */
	struct buf text; /* the values, each NUL-terminated */
};

/* Shared by the threads that build one family's reports (report/parallel.c):
 * a set is looked up and claimed under mu, so each grouped query runs once
 * - two different ones at the same time on two connections - and a thread
 * asking for one being fetched waits for its rows; a READY set is never
 * changed again and is read without the lock. While recording
 * (store_rq_prefetch_record) a grouped query asked for is noted WANTED and
 * answered with no rows. */
struct store_rq_prefetch {
	pthread_mutex_t mu;
	pthread_cond_t cv; /* a set became READY */
	struct rq_set **sets;
	int n;
	bool recording;
};

struct store_rq_rows {
	struct store_stmt *st;    /* one municipality's statement, or NULL */
	const struct rq_set *set; /* else a slice of this result: */
	struct rq_set *owned;     /* set, when not kept anywhere else (freed with r) */
	int cur, end;             /* the current row (from first - 1) and one past the last */
	bool null_row;            /* a one-row query without a group: one row of NULLs */
	bool null_done;
};

struct store_rq_prefetch *store_rq_prefetch_new(void)
{
	struct store_rq_prefetch *p = xcalloc(1, sizeof(struct store_rq_prefetch));

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	return p;
}

static void set_free(struct rq_set *set)
{
	for (size_t i = 0; i < set->nargs; i++)
		free((char *)set->args[i].s);
	free(set->args);
	free(set->muni);
	free(set->off);
	buf_release(&set->text);
	free(set);
}

void store_rq_prefetch_free(struct store_rq_prefetch *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->n; i++)
		set_free(p->sets[i]);
	free(p->sets);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}

static bool arg_eq(const struct store_arg *a, const struct store_arg *b)
{
	if (a->kind != b->kind || a->i != b->i)
		return false;
	if (!a->s || !b->s)
		return a->s == b->s;
	return !strcmp(a->s, b->s);
}

/* Is set q's, keyed by args but args[skip] (skip >= n: by all of them)? */
static bool set_is(const struct rq_set *set, const struct store_rq_query *q,
		   const struct store_arg *args, size_t n, size_t skip)
{
	size_t k = 0;
	bool same = set->q == q && set->nargs == n - (skip < n);

	for (size_t j = 0; same && j < n; j++)
		if (j != skip)
			same = arg_eq(&set->args[k++], &args[j]);
	return same;
}

/* A new set of q in state, keyed by args but args[skip] (texts copied). */
static struct rq_set *set_alloc(const struct store_rq_query *q, const struct store_arg *args,
				size_t n, size_t skip, enum set_state state)
{
	struct rq_set *set = xcalloc(1, sizeof(*set));
	size_t k = 0;

	set->state = state;
	set->q = q;
	set->nargs = n - (skip < n);
	set->args = xcalloc(n ? n : 1, sizeof(*set->args));
	for (size_t j = 0; j < n; j++)
		if (j != skip) {
			set->args[k] = args[j];
			set->args[k++].s = args[j].s ? xstrdup(args[j].s) : NULL;
		}
	buf_init(&set->text, 0); /* no cap: a grouped set holds every municipality's rows */
	return set;
}

static struct rq_set *set_find(struct store_rq_prefetch *p, const struct store_rq_query *q,
			       const struct store_arg *args, size_t n, size_t muni_arg)
{
	for (int i = 0; i < p->n; i++)
		if (set_is(p->sets[i], q, args, n, muni_arg))
			return p->sets[i];
	return NULL;
}

/* The row st is on: its values from column first, the municipality muni. */
static void set_add_row(struct rq_set *set, struct store_stmt *st, int64_t muni, int first)
{
	if (set->nrows == set->cap) {
		set->cap = set->cap ? 2 * set->cap : 64;
		set->muni = xrealloc(set->muni, (size_t)set->cap * sizeof(int64_t));
		set->off =
			xrealloc(set->off, (size_t)set->cap * (size_t)set->ncols * sizeof(int64_t));
	}
	set->muni[set->nrows] = muni;
	/* by index by design: a report set's columns are its query's own */
	for (int j = 0; j < set->ncols; j++) {
		const char *v = store_col_text(st, j + first);
		int64_t *o = &set->off[(size_t)set->nrows * (size_t)set->ncols + (size_t)j];

		if (!v) {
			*o = -1;
			continue;
		}
		*o = (int64_t)set->text.len;
		buf_add(&set->text, v, strlen(v) + 1);
	}
	set->nrows++;
}

/* A new WANTED set for q under its arguments but the municipality's (under
 * mu). */
static struct rq_set *set_new(struct store_rq_prefetch *p, const struct store_rq_query *q,
			      const struct store_arg *args, size_t n, size_t muni_arg)
{
	struct rq_set *set = set_alloc(q, args, n, muni_arg, SET_WANTED);

	p->sets = xrealloc(p->sets, (size_t)(p->n + 1) * sizeof(*p->sets));
	p->sets[p->n++] = set;
	return set;
}

/* Run set's grouped query and keep its rows (by the thread that claimed
 * it, without the lock). */
static void set_fill(struct store_conn *c, struct rq_set *set)
{
	struct store_stmt *st = store_prepare(c, set->q->all);
	enum rede_err err;

	store_bind_list(st, 1, set->args, set->nargs);
	while ((err = store_step(st)) == REDE_ROW) {
		if (!set->ncols)
			set->ncols = store_col_count(st) - 1;
		set_add_row(set, st, store_col_int(st, 0), 1);
		if (set->nrows > 1 && set->muni[set->nrows - 1] < set->muni[set->nrows - 2]) {
			log_error("store: a grouped report query is not ordered by municipality");
			err = REDE_E_STORE;
			break;
		}
	}
	store_finish(st);
	set->err = err == REDE_DONE ? REDE_OK : err;
}

/* set READY, fetched on c by this thread if no other is fetching it
 * (called and returns under p->mu). */
static void set_ready(struct store_conn *c, struct store_rq_prefetch *p, struct rq_set *set)
{
	while (set->state == SET_FETCHING)
		pthread_cond_wait(&p->cv, &p->mu);
	if (set->state == SET_READY)
		return;
	set->state = SET_FETCHING;
	pthread_mutex_unlock(&p->mu);
	set_fill(c, set);
	pthread_mutex_lock(&p->mu);
	set->state = SET_READY;
	pthread_cond_broadcast(&p->cv);
}

/* The first row of municipality m (nrows when it has none). */
static int set_first(const struct rq_set *set, int64_t m)
{
	int lo = 0, hi = set->nrows;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (set->muni[mid] < m)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Only on PostgreSQL: there each statement is a round trip and a plan, and
 * one grouped scan costs less than 99 keyed ones. SQLite runs in process
 * and answers each municipality from its (municipality_id, day) keys; its
 * grouped forms read every municipality's rows outside the period too and
 * took more CPU (docs/PERFORMANCE.md, 2026-12-05 19:00). */
static bool grouped_pays(struct store_conn *c)
{
	return !strcmp(store_conn_backend(c), "postgres");
}

/* What a query asked while recording reads: nothing. */
static const struct rq_set no_rows = {.state = SET_READY};

void store_rq_prefetch_record(struct store_rq_prefetch *p, bool on)
{
	pthread_mutex_lock(&p->mu);
	p->recording = on;
	pthread_mutex_unlock(&p->mu);
}

bool store_rq_prefetch_pays(struct store_conn *c)
{
	return grouped_pays(c);
}

int store_rq_prefetch_count(struct store_rq_prefetch *p)
{
	int n;

	pthread_mutex_lock(&p->mu);
	n = p->n;
	pthread_mutex_unlock(&p->mu);
	return n;
}

enum rede_err store_rq_prefetch_fetch(struct store_conn *c, struct store_rq_prefetch *p, int i)
{
	enum rede_err err = REDE_OK;

	pthread_mutex_lock(&p->mu);
	if (i >= 0 && i < p->n) {
		set_ready(c, p, p->sets[i]);
		err = p->sets[i]->err;
	}
	pthread_mutex_unlock(&p->mu);
	return err;
}

/* ---- aggregates kept for a read transaction ---- */

#define RQ_MEMO_MAX 16 /* the last sets kept: more than one report's queries */

struct rq_memo {
	struct rq_set *sets[RQ_MEMO_MAX]; /* a ring; NULL: free */
	int next;                         /* the slot the next set takes */
};

static void memo_free(void *arg)
{
	struct rq_memo *m = arg;

	for (int i = 0; i < RQ_MEMO_MAX; i++)
		if (m->sets[i])
			set_free(m->sets[i]);
	free(m);
}

/* The kept set of q with all of its arguments, NULL. */
static struct rq_set *memo_find(struct rq_memo *m, const struct store_rq_query *q,
				const struct store_arg *args, size_t n)
{
	for (int i = 0; m && i < RQ_MEMO_MAX; i++)
		if (m->sets[i] && set_is(m->sets[i], q, args, n, n))
			return m->sets[i];
	return NULL;
}

/* q's one-municipality rows for args, read whole into a new set (every
 * argument its key; the municipality args[muni_arg]). */
static struct rq_set *set_of_one(struct store_conn *c, const struct store_rq_query *q,
				 const struct store_arg *args, size_t n, size_t muni_arg)
{
	struct rq_set *set = set_alloc(q, args, n, n, SET_READY);
	struct store_stmt *st = store_prepare(c, q->one);
	int64_t muni = muni_arg < n ? args[muni_arg].i : 0;
	enum rede_err err;

	store_bind_list(st, 1, args, n);
	while ((err = store_step(st)) == REDE_ROW) {
		if (!set->nrows)
			set->ncols = store_col_count(st);
		set_add_row(set, st, muni, 0);
	}
	store_finish(st);
	set->err = err == REDE_DONE ? REDE_OK : err;
	return set;
}

/* r reads q's rows for args from the read transaction's memo: kept there
 * by the first to ask (a failed read is not kept: r owns it). */
static void open_kept(struct store_conn *c, struct store_rq_rows *r, const struct store_rq_query *q,
		      const struct store_arg *args, size_t n, size_t muni_arg)
{
	struct rq_memo *m = store_memo_get(c, STORE_MEMO_RQ);
	struct rq_set *set = memo_find(m, q, args, n);

	if (!set) {
		set = set_of_one(c, q, args, n, muni_arg);
		if (set->err) {
			r->owned = set;
		} else {
			if (!m) {
				m = xcalloc(1, sizeof(*m));
				store_memo_put(c, STORE_MEMO_RQ, m, memo_free);
			}
			if (m->sets[m->next])
				set_free(m->sets[m->next]);
			m->sets[m->next] = set;
			m->next = (m->next + 1) % RQ_MEMO_MAX;
		}
	}
	r->set = set;
	r->cur = -1;
	r->end = set->nrows;
}

struct store_rq_rows *store_rq_open(struct store_conn *c, const struct store_rq_scope *s,
				    const struct store_rq_query *q, const struct store_arg *args,
				    size_t n, size_t muni_arg)
{
	struct store_rq_rows *r = xcalloc(1, sizeof(*r));
	struct rq_set *set;
	int first, end;

	if (!s->prefetch || !q->all || muni_arg >= n || !grouped_pays(c)) {
		if (q->keep && store_read_tx(c)) {
			open_kept(c, r, q, args, n, muni_arg);
			return r;
		}
		r->st = store_prepare(c, q->one);
		store_bind_list(r->st, 1, args, n);
		return r;
	}
	pthread_mutex_lock(&s->prefetch->mu);
	set = set_find(s->prefetch, q, args, n, muni_arg);
	if (!set)
		set = set_new(s->prefetch, q, args, n, muni_arg);
	if (s->prefetch->recording) {
		/* noted for store_rq_prefetch_fetch; no rows now */
		pthread_mutex_unlock(&s->prefetch->mu);
		r->set = &no_rows;
		r->cur = -1;
		r->null_row = q->one_row;
		return r;
	}
	set_ready(c, s->prefetch, set);
	pthread_mutex_unlock(&s->prefetch->mu);
	first = set_first(set, args[muni_arg].i);
	for (end = first; end < set->nrows && set->muni[end] == args[muni_arg].i; end++)
		;
	r->set = set;
	r->cur = first - 1;
	r->end = end;
	r->null_row = q->one_row && first == end;
	return r;
}

struct store_rq_rows *store_rq_of(struct store_stmt *st)
{
	struct store_rq_rows *r = xcalloc(1, sizeof(*r));

	r->st = st;
	return r;
}

enum rede_err store_rq_step(struct store_rq_rows *r)
{
	if (r->st)
		return store_step(r->st);
	if (r->set->err)
		return r->set->err;
	if (r->null_row) {
		if (r->null_done)
			return REDE_DONE;
		r->null_done = true;
		return REDE_ROW;
	}
	if (r->cur + 1 >= r->end) {
		r->cur = r->end;
		return REDE_DONE;
	}
	r->cur++;
	return REDE_ROW;
}

enum rede_err store_rq_step_one(struct store_rq_rows *r)
{
	enum rede_err err = store_rq_step(r);

	if (err == REDE_ROW)
		return REDE_OK;
	return err == REDE_DONE ? REDE_E_NOTFOUND : err;
}

const char *store_rq_text(struct store_rq_rows *r, int col)
{
	int64_t o;

	if (r->st)
		return store_col_text(r->st, col);
	if (r->null_row || col < 0 || col >= r->set->ncols || r->cur < 0 || r->cur >= r->end)
		return NULL;
	o = r->set->off[(size_t)r->cur * (size_t)r->set->ncols + (size_t)col];
	return o < 0 ? NULL : r->set->text.data + o;
}

int64_t store_rq_int(struct store_rq_rows *r, int col)
{
	const char *v;

	if (r->st)
		return store_col_int(r->st, col);
	v = store_rq_text(r, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

bool store_rq_null(struct store_rq_rows *r, int col)
{
	if (r->st)
		return store_col_null(r->st, col);
	return store_rq_text(r, col) == NULL;
}

void store_rq_finish(struct store_rq_rows *r)
{
	if (!r)
		return;
	store_finish(r->st);
	if (r->owned)
		set_free(r->owned);
	free(r);
}
