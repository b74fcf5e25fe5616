/*
 * lp.c - two-phase dense simplex (see lp.h).
 *
 * Standard form: y = x - lo >= 0; finite upper bounds become rows
 * y <= hi - lo; LE rows get a slack; every row is scaled to a
 * non-negative right-hand side, and a row whose slack cannot start in the
 * basis gets an artificial variable. Phase 1 minimises the artificials
 * (feasibility), phase 2 the objective with the artificials barred from
 * entering. Bland's rule (smallest index enters and leaves) rules out
 * cycling.
 *
 * The tableau is dense. The audits solve thousands of small problems, so
 * each thread keeps its tableau memory between solves (tab_memory: grown,
 * never shrunk, freed when the thread ends) instead of a fresh allocation
 * - and fresh pages - per solve.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/lp.h"

#define EPS 1e-9
#define MAX_PIVOTS 100000

void lp_init(struct lp *p, int nvars)
{
	memset(p, 0, sizeof(*p));
	p->nvars = nvars;
	p->lo = xcalloc((size_t)(nvars ? nvars : 1), sizeof(double));
	p->hi = xcalloc((size_t)(nvars ? nvars : 1), sizeof(double));
	for (int i = 0; i < nvars; i++)
		p->hi[i] = LP_INF;
}

void lp_release(struct lp *p)
{
	for (int i = 0; i < p->nrows; i++) {
		free(p->rows[i].var);
		free(p->rows[i].coef);
	}
	free(p->rows);
	free(p->lo);
	free(p->hi);
	memset(p, 0, sizeof(*p));
}

void lp_bounds(struct lp *p, int var, double lo, double hi)
{
	p->lo[var] = lo;
	p->hi[var] = hi;
}

void lp_add(struct lp *p, int n, const int *var, const double *coef, enum lp_op op, double rhs)
{
	struct lp_row *r;

	if (p->nrows == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->rows = xrealloc(p->rows, (size_t)p->cap * sizeof(*p->rows));
	}
	r = &p->rows[p->nrows++];
	r->n = n;
	r->var = xmalloc((size_t)(n ? n : 1) * sizeof(int));
	r->coef = xmalloc((size_t)(n ? n : 1) * sizeof(double));
	memcpy(r->var, var, (size_t)n * sizeof(int));
	memcpy(r->coef, coef, (size_t)n * sizeof(double));
	r->op = op;
	r->rhs = rhs;
}

struct tab {
	int m, cols; /* rows, columns without the right-hand side */
	double *t;   /* (m + 1) x (cols + 1); row m is the objective */
	int *basis;  /* basic column of each row */
	int *nzcol;  /* scratch for pivot */
};

#define T(tb, i, j) ((tb)->t[(size_t)(i) * (size_t)((tb)->cols + 1) + (size_t)(j)])

/* The calling thread's tableau memory, at least n doubles, zeroed. Owned
 * by the thread (freed by the key's destructor when it ends). */
struct tab_mem {
	double *t;
	size_t cap;
};
static pthread_key_t tab_key;
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

static void tab_mem_free(void *arg)
{
	struct tab_mem *m = arg;

	free(m->t);
	free(m);
}

static void tab_key_make(void)
{
	if (pthread_key_create(&tab_key, tab_mem_free))
		abort(); /* as xmalloc: no memory for a key */
}

static double *tab_memory(size_t n)
{
	struct tab_mem *m;

	pthread_once(&tab_once, tab_key_make);
	m = pthread_getspecific(tab_key);
	if (!m) {
		m = xcalloc(1, sizeof(*m));
		if (pthread_setspecific(tab_key, m))
			abort(); /* as xmalloc: no memory for a key */
	}
	if (m->cap < n) {
		free(m->t);
		m->cap = n > 2 * m->cap ? n : 2 * m->cap;
		m->t = xmalloc(m->cap * sizeof(double));
	}
	memset(m->t, 0, n * sizeof(double));
	return m->t;
}

static void pivot(struct tab *tb, int r, int c)
{
	double pv = T(tb, r, c);
	int nz = 0;

	/* The rows are sparse: update only the pivot row's non-zero columns. */
	for (int j = 0; j <= tb->cols; j++)
		if (T(tb, r, j) != 0) {
			T(tb, r, j) /= pv;
			tb->nzcol[nz++] = j;
		}
	for (int i = 0; i <= tb->m; i++) {
		double f = T(tb, i, c);
		if (i == r || f == 0)
			continue;
		for (int k = 0; k < nz; k++)
			T(tb, i, tb->nzcol[k]) -= f * T(tb, r, tb->nzcol[k]);
		T(tb, i, c) = 0;
	}
	tb->basis[r] = c;
}

/* Minimise the objective row over columns < allowed. false when unbounded. */
static bool run(struct tab *tb, int allowed)
{
	for (int it = 0; it < MAX_PIVOTS; it++) {
		int enter = -1, leave = -1;
		double best = 0;

		for (int j = 0; j < allowed; j++)
			if (T(tb, tb->m, j) < -EPS) {
				enter = j;
				break;
			}
		if (enter < 0)
			return true;
		for (int i = 0; i < tb->m; i++) {
			double a = T(tb, i, enter);
			if (a > EPS) {
				double ratio = T(tb, i, tb->cols) / a;
				if (leave < 0 || ratio < best - EPS ||
				    (fabs(ratio - best) <= EPS &&
				     tb->basis[i] < tb->basis[leave])) {
					leave = i;
					best = ratio;
				}
			}
		}
		if (leave < 0)
			return false;
		pivot(tb, leave, enter);
	}
	log_warn("lp: pivot limit reached");
	return true;
}

enum lp_status lp_optimize(const struct lp *p, int var, bool maximize, double *value)
{
	return lp_solve(p, var, maximize, value, NULL);
}

enum lp_status lp_solve(const struct lp *p, int var, bool maximize, double *value, double *x)
{
	int nv = p->nvars, m = 0, nslack = 0, nart = 0, k = 0, s = 0, a = 0;
	int *slack_of;
	struct tab tb;
	enum lp_status status = LP_OPTIMAL;

	/* Rows: the constraints, then one per finite upper bound. An
	 * artificial for each row whose slack cannot start in the basis: no
	 * slack (EQ), or a negative right-hand side (the slack turns -1). */
	for (int i = 0; i < p->nrows; i++) {
		const struct lp_row *r = &p->rows[i];
		double rhs = r->rhs;
		for (int j = 0; j < r->n; j++)
			rhs -= r->coef[j] * p->lo[r->var[j]];
		if (r->op == LP_LE)
			nslack++;
		if (r->op != LP_LE || rhs < 0)
			nart++;
	}
	for (int i = 0; i < nv; i++)
		if (p->hi[i] < LP_INF) {
			nslack++;
			if (p->hi[i] < p->lo[i])
				nart++;
		}
	m = p->nrows;
	for (int i = 0; i < nv; i++)
		if (p->hi[i] < LP_INF)
			m++;
	tb.m = m;
	tb.cols = nv + nslack + nart;
	tb.t = tab_memory((size_t)(m + 1) * (size_t)(tb.cols + 1));
	tb.basis = xcalloc((size_t)(m ? m : 1), sizeof(int));
	tb.nzcol = xcalloc((size_t)tb.cols + 1, sizeof(int));

	slack_of = xmalloc((size_t)(m ? m : 1) * sizeof(int));
	for (int i = 0; i < p->nrows; i++, k++) {
		const struct lp_row *r = &p->rows[i];
		double rhs = r->rhs;
		for (int j = 0; j < r->n; j++) {
			T(&tb, k, r->var[j]) += r->coef[j];
			rhs -= r->coef[j] * p->lo[r->var[j]];
		}
		slack_of[k] = -1;
		if (r->op == LP_LE) {
			slack_of[k] = nv + s;
			T(&tb, k, nv + s++) = 1;
		}
		T(&tb, k, tb.cols) = rhs;
	}
	for (int i = 0; i < nv; i++)
		if (p->hi[i] < LP_INF) {
			T(&tb, k, i) = 1;
			slack_of[k] = nv + s;
			T(&tb, k, nv + s++) = 1;
			T(&tb, k, tb.cols) = p->hi[i] - p->lo[i];
			k++;
		}
	/* Non-negative right-hand sides; a row whose slack can start in the
	 * basis needs no artificial; the others get one, and phase 1
	 * minimises their sum. */
	for (int i = 0; i < m; i++) {
		if (T(&tb, i, tb.cols) < 0)
			for (int j = 0; j <= tb.cols; j++)
				T(&tb, i, j) = -T(&tb, i, j);
		if (slack_of[i] >= 0 && T(&tb, i, slack_of[i]) > 0) {
			tb.basis[i] = slack_of[i];
			continue;
		}
		if (a == nart)
			abort(); /* the count above and this rule disagree */
		T(&tb, i, nv + nslack + a) = 1;
		tb.basis[i] = nv + nslack + a++;
		for (int j = 0; j < nv + nslack; j++)
			T(&tb, m, j) -= T(&tb, i, j);
		T(&tb, m, tb.cols) -= T(&tb, i, tb.cols);
	}
	run(&tb, nv + nslack);
	if (-T(&tb, m, tb.cols) > 1e-7) {
		status = LP_INFEASIBLE;
		goto out;
	}
	/* Drive artificials out of the basis where a real column can replace them. */
	for (int i = 0; i < m; i++)
		if (tb.basis[i] >= nv + nslack)
			for (int j = 0; j < nv + nslack; j++)
				if (fabs(T(&tb, i, j)) > EPS) {
					pivot(&tb, i, j);
					break;
				}
	/* Phase 2: objective +-y[var] in reduced form. */
	for (int j = 0; j <= tb.cols; j++)
		T(&tb, m, j) = 0;
	T(&tb, m, var) = maximize ? -1 : 1;
	for (int i = 0; i < m; i++)
		if (tb.basis[i] == var) {
			double f = T(&tb, m, var);
			for (int j = 0; j <= tb.cols; j++)
				T(&tb, m, j) -= f * T(&tb, i, j);
		}
	if (!run(&tb, nv + nslack)) {
		status = LP_UNBOUNDED;
		*value = maximize ? LP_INF : -LP_INF;
		goto out;
	}
	{
		double y = 0;
		for (int i = 0; i < m; i++)
			if (tb.basis[i] == var)
				y = T(&tb, i, tb.cols);
		*value = y + p->lo[var];
	}
	if (x) {
		for (int i = 0; i < nv; i++)
			x[i] = p->lo[i];
		for (int i = 0; i < m; i++)
			if (tb.basis[i] < nv)
				x[tb.basis[i]] += T(&tb, i, tb.cols);
	}
out:
	free(tb.basis);
	free(tb.nzcol);
	free(slack_of);
	return status;
}
