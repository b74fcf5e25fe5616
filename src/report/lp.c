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
 *
 * Two things keep the large problems (an audit window of 300 cells: 500
 * rows, 800 columns) cheap without changing a single operation on the
 * numbers, so every answer is the same as the plain method's:
 *   - lp_range asks for the maximum and the minimum of one problem with
 *     one phase 1: phase 1 is four fifths of the pivots and the same for
 *     both objectives; the second phase 2 starts where phase 1 ended, the
 *     rows the first one changed given back from a journal;
 *   - each column keeps a bitmap of the rows where it may be non-zero
 *     (never fewer), so a pivot and the ratio test visit only those rows,
 *     in the same order, instead of reading every row of the column.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
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
	int nv, nslack;
	double *t;      /* (m + 1) x (cols + 1); row m is the objective */
	int *basis;     /* basic column of each row */
	int *nzcol;     /* scratch for pivot */
	uint64_t *bits; /* per column < cols, words bits: the rows < m where it may be non-zero */
	int words;
	struct journal *undo; /* NULL, or the rows to give back after a phase 2 */
};

/* What a phase 2 changed, to give the tableau back as phase 1 left it:
 * each row (< m) as it was before its first change, the bitmaps and the
 * basis. A phase 2 takes a pivot or two, so this is a few rows instead of
 * a copy of the whole tableau. */
struct journal {
	int *rows; /* saved, in order */
	int n;
	bool *saved;  /* per row */
	double *data; /* n x (cols + 1), in the thread's memory */
	size_t cap;   /* rows data holds */
	uint64_t *bits;
	int *basis;
};

#define T(tb, i, j) ((tb)->t[(size_t)(i) * (size_t)((tb)->cols + 1) + (size_t)(j)])
#define BITS(tb, j) (&(tb)->bits[(size_t)(j) * (size_t)(tb)->words])

/* The calling thread's tableau memory: the tableau, its bitmaps and the
 * journal's copies (struct journal), each grown, never shrunk. Owned by
 * the thread (freed by the key's destructor when it ends). */
enum { MEM_T, MEM_BITS, MEM_UNDO, MEM_UNDO_BITS, MEM__COUNT };
struct tab_mem {
	void *buf[MEM__COUNT];
	size_t cap[MEM__COUNT];
};
static pthread_key_t tab_key;
static pthread_once_t tab_once = PTHREAD_ONCE_INIT;

static void tab_mem_free(void *arg)
{
	struct tab_mem *m = arg;

	for (int i = 0; i < MEM__COUNT; i++)
		free(m->buf[i]);
	free(m);
}

static void tab_key_make(void)
{
	if (pthread_key_create(&tab_key, tab_mem_free))
		abort(); /* as xmalloc: no memory for a key */
}

/* Buffer slot of the calling thread, at least bytes long; zeroed when
 * zero, else what it held is kept (it only grows). */
static void *tab_memory(int slot, size_t bytes, bool zero)
{
	struct tab_mem *m;

	pthread_once(&tab_once, tab_key_make);
	m = pthread_getspecific(tab_key);
	if (!m) {
		m = xcalloc(1, sizeof(*m));
		if (pthread_setspecific(tab_key, m))
			abort(); /* as xmalloc: no memory for a key */
	}
	if (m->cap[slot] < bytes) {
		m->cap[slot] = bytes > 2 * m->cap[slot] ? bytes : 2 * m->cap[slot];
		m->buf[slot] = xrealloc(m->buf[slot], m->cap[slot]);
	}
	if (zero)
		memset(m->buf[slot], 0, bytes);
	return m->buf[slot];
}

static size_t tab_cells(const struct tab *tb)
{
	return (size_t)(tb->m + 1) * (size_t)(tb->cols + 1);
}

static size_t tab_words(const struct tab *tb)
{
	return (size_t)(tb->cols ? tb->cols : 1) * (size_t)tb->words;
}

static void set_bit(struct tab *tb, int i, int j)
{
	BITS(tb, j)[i / 64] |= (uint64_t)1 << (i % 64);
}

/* Row i as it is now, into the journal (once per row). */
static void journal_save(struct tab *tb, int i)
{
	struct journal *jr = tb->undo;
	size_t w = (size_t)tb->cols + 1;

	if (!jr || i >= tb->m || jr->saved[i])
		return;
	if ((size_t)jr->n == jr->cap) {
		jr->cap *= 2;
		jr->data = tab_memory(MEM_UNDO, jr->cap * w * sizeof(double), false);
	}
	memcpy(&jr->data[(size_t)jr->n * w], &T(tb, i, 0), w * sizeof(double));
	jr->rows[jr->n++] = i;
	jr->saved[i] = true;
}

/* Subtract f times the (already divided) pivot row r from row i, at the
 * pivot row's non-zero columns; a column gains row i where it was zero. */
static void eliminate(struct tab *tb, int r, int c, int i, int nz)
{
	double f = T(tb, i, c);

	if (f == 0)
		return;
	journal_save(tb, i);
	for (int k = 0; k < nz; k++) {
		int j = tb->nzcol[k];
		double old = T(tb, i, j);
		if (old == 0 && j < tb->cols && i < tb->m)
			set_bit(tb, i, j);
		T(tb, i, j) = old - f * T(tb, r, j);
	}
	T(tb, i, c) = 0;
}

static void pivot(struct tab *tb, int r, int c)
{
	double pv = T(tb, r, c);
	uint64_t *cb = BITS(tb, c);
	int nz = 0;

	/* The rows are sparse: update only the pivot row's non-zero columns,
	 * and only the rows where the pivot column may be non-zero. */
	journal_save(tb, r);
	for (int j = 0; j <= tb->cols; j++)
		if (T(tb, r, j) != 0) {
			T(tb, r, j) /= pv;
			tb->nzcol[nz++] = j;
		}
	for (int w = 0; w < tb->words; w++) {
		for (uint64_t b = cb[w]; b; b &= b - 1) {
			int i = w * 64 + __builtin_ctzll(b);
			if (i != r)
				eliminate(tb, r, c, i, nz);
		}
		cb[w] = 0; /* zero now but in row r */
	}
	eliminate(tb, r, c, tb->m, nz);
	set_bit(tb, r, c);
	tb->basis[r] = c;
}

/* Minimise the objective row over columns < allowed. false when unbounded. */
static bool run(struct tab *tb, int allowed)
{
	for (int it = 0; it < MAX_PIVOTS; it++) {
		int enter = -1, leave = -1;
		double best = 0;
		const uint64_t *cb;

		for (int j = 0; j < allowed; j++)
			if (T(tb, tb->m, j) < -EPS) {
				enter = j;
				break;
			}
		if (enter < 0)
			return true;
		cb = BITS(tb, enter);
		for (int w = 0; w < tb->words; w++)
			for (uint64_t b = cb[w]; b; b &= b - 1) {
				int i = w * 64 + __builtin_ctzll(b);
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

/* Build p's tableau in the thread's first tableau memory and run phase
 * 1; false when p has no solution. basis and nzcol are the caller's to
 * free (also when false). */
static bool phase1(const struct lp *p, struct tab *tb)
{
	int nv = p->nvars, m = 0, nslack = 0, nart = 0, k = 0, s = 0, a = 0;
	int *slack_of;
	bool feasible = true;

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
	tb->m = m;
	tb->nv = nv;
	tb->nslack = nslack;
	/* No columns for the artificials: they never enter, so after the
	 * start nothing reads their values, and no other value depends on
	 * them. A row's artificial is only its basis number, nv + nslack + a. */
	tb->cols = nv + nslack;
	tb->words = (m + 63) / 64 ? (m + 63) / 64 : 1;
	tb->t = tab_memory(MEM_T, tab_cells(tb) * sizeof(double), true);
	tb->bits = tab_memory(MEM_BITS, tab_words(tb) * sizeof(uint64_t), true);
	tb->basis = xcalloc((size_t)(m ? m : 1), sizeof(int));
	tb->nzcol = xcalloc((size_t)tb->cols + 1, sizeof(int));
	tb->undo = NULL;

	slack_of = xmalloc((size_t)(m ? m : 1) * sizeof(int));
	for (int i = 0; i < p->nrows; i++, k++) {
		const struct lp_row *r = &p->rows[i];
		double rhs = r->rhs;
		for (int j = 0; j < r->n; j++) {
			T(tb, k, r->var[j]) += r->coef[j];
			set_bit(tb, k, r->var[j]);
			rhs -= r->coef[j] * p->lo[r->var[j]];
		}
		slack_of[k] = -1;
		if (r->op == LP_LE) {
			slack_of[k] = nv + s;
			set_bit(tb, k, nv + s);
			T(tb, k, nv + s++) = 1;
		}
		T(tb, k, tb->cols) = rhs;
	}
	for (int i = 0; i < nv; i++)
		if (p->hi[i] < LP_INF) {
			T(tb, k, i) = 1;
			set_bit(tb, k, i);
			slack_of[k] = nv + s;
			set_bit(tb, k, nv + s);
			T(tb, k, nv + s++) = 1;
			T(tb, k, tb->cols) = p->hi[i] - p->lo[i];
			k++;
		}
	/* Non-negative right-hand sides; a row whose slack can start in the
	 * basis needs no artificial; the others get one, and phase 1
	 * minimises their sum. */
	for (int i = 0; i < m; i++) {
		if (T(tb, i, tb->cols) < 0)
			for (int j = 0; j <= tb->cols; j++)
				T(tb, i, j) = -T(tb, i, j);
		if (slack_of[i] >= 0 && T(tb, i, slack_of[i]) > 0) {
			tb->basis[i] = slack_of[i];
			continue;
		}
		if (a == nart)
			abort(); /* the count above and this rule disagree */
		tb->basis[i] = nv + nslack + a++;
		for (int j = 0; j < nv + nslack; j++)
			T(tb, m, j) -= T(tb, i, j);
		T(tb, m, tb->cols) -= T(tb, i, tb->cols);
	}
	run(tb, nv + nslack);
	if (-T(tb, m, tb->cols) > 1e-7) {
		feasible = false;
		goto out;
	}
	/* Drive artificials out of the basis where a real column can replace them. */
	for (int i = 0; i < m; i++)
		if (tb->basis[i] >= nv + nslack)
			for (int j = 0; j < nv + nslack; j++)
				if (fabs(T(tb, i, j)) > EPS) {
					pivot(tb, i, j);
					break;
				}
out:
	free(slack_of);
	return feasible;
}

/* Keep what a phase 2 on tb changes (journal_restore gives it back); the
 * saved rows and bitmaps live in the thread's memory. */
static void journal_start(struct tab *tb, struct journal *jr)
{
	size_t w = (size_t)tb->cols + 1;

	memset(jr, 0, sizeof(*jr));
	jr->rows = xmalloc((size_t)(tb->m ? tb->m : 1) * sizeof(int));
	jr->saved = xcalloc((size_t)(tb->m ? tb->m : 1), sizeof(bool));
	jr->cap = 8;
	jr->data = tab_memory(MEM_UNDO, jr->cap * w * sizeof(double), false);
	jr->bits = tab_memory(MEM_UNDO_BITS, tab_words(tb) * sizeof(uint64_t), false);
	memcpy(jr->bits, tb->bits, tab_words(tb) * sizeof(uint64_t));
	jr->basis = xmalloc((size_t)(tb->m ? tb->m : 1) * sizeof(int));
	memcpy(jr->basis, tb->basis, (size_t)tb->m * sizeof(int));
	tb->undo = jr;
}

/* tb as it was at journal_start: its saved rows, bitmaps and basis (the
 * objective row is the next phase 2's to set). Frees the journal. */
static void journal_restore(struct tab *tb, struct journal *jr)
{
	size_t w = (size_t)tb->cols + 1;

	for (int k = 0; k < jr->n; k++)
		memcpy(&T(tb, jr->rows[k], 0), &jr->data[(size_t)k * w], w * sizeof(double));
	memcpy(tb->bits, jr->bits, tab_words(tb) * sizeof(uint64_t));
	memcpy(tb->basis, jr->basis, (size_t)tb->m * sizeof(int));
	free(jr->rows);
	free(jr->saved);
	free(jr->basis);
	tb->undo = NULL;
}

static void tab_release(struct tab *tb)
{
	free(tb->basis);
	free(tb->nzcol);
}

/* Phase 2 on tb (feasible, from phase1): the maximum or minimum of
 * x[var]; the solution in x (nvars) when optimal and x is given. */
static enum lp_status phase2(const struct lp *p, struct tab *tb, int var, bool maximize,
			     double *value, double *x)
{
	int m = tb->m;
	double y = 0;

	/* The objective +-y[var] in reduced form. */
	for (int j = 0; j <= tb->cols; j++)
		T(tb, m, j) = 0;
	T(tb, m, var) = maximize ? -1 : 1;
	for (int i = 0; i < m; i++)
		if (tb->basis[i] == var) {
			double f = T(tb, m, var);
			for (int j = 0; j <= tb->cols; j++)
				T(tb, m, j) -= f * T(tb, i, j);
		}
	if (!run(tb, tb->nv + tb->nslack)) {
		*value = maximize ? LP_INF : -LP_INF;
		return LP_UNBOUNDED;
	}
	for (int i = 0; i < m; i++)
		if (tb->basis[i] == var)
			y = T(tb, i, tb->cols);
	*value = y + p->lo[var];
	if (x) {
		for (int i = 0; i < tb->nv; i++)
			x[i] = p->lo[i];
		for (int i = 0; i < m; i++)
			if (tb->basis[i] < tb->nv)
				x[tb->basis[i]] += T(tb, i, tb->cols);
	}
	return LP_OPTIMAL;
}

enum lp_status lp_optimize(const struct lp *p, int var, bool maximize, double *value)
{
	return lp_solve(p, var, maximize, value, NULL);
}

enum lp_status lp_solve(const struct lp *p, int var, bool maximize, double *value, double *x)
{
	struct tab tb;
	enum lp_status status = LP_INFEASIBLE;

	if (phase1(p, &tb))
		status = phase2(p, &tb, var, maximize, value, x);
	tab_release(&tb);
	return status;
}

void lp_range(const struct lp *p, int var, double truth, double need, struct lp_range *out,
	      double *x_hi, double *x_lo)
{
	struct tab tb;
	struct journal jr;

	out->hi_status = out->lo_status = LP_INFEASIBLE;
	out->hi = out->lo = truth;
	if (!phase1(p, &tb))
		goto out;
	journal_start(&tb, &jr);
	out->hi_status = phase2(p, &tb, var, true, &out->hi, x_hi);
	journal_restore(&tb, &jr);
	if (need > 0 && out->hi - truth >= need - 1e-6) {
		out->lo_status = LP_STATUS__COUNT;
		out->lo = truth;
		goto out;
	}
	out->lo_status = phase2(p, &tb, var, false, &out->lo, x_lo);
out:
	tab_release(&tb);
}
