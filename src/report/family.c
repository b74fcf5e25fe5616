/*
 * family.c - small numbers protected across the views one reader may
 * combine (issue 15 item 6; docs/ARCHITECTURE.md "Small numbers across
 * views", docs/API.md "Small-number protection").
 *
 * An evaluator may ask for one municipality, a whole programme round or
 * all municipalities, for the same period (request.c refuses any other
 * selection). Those views nest - municipality, round, all - and a reader
 * who has them all can subtract: all minus the other municipalities is
 * the last one. They are therefore protected together, as one family:
 *   1. each municipality's report is suppressed on its own (plus the
 *      cells it hides for its unions, 3.);
 *   2. a union (a round of two or more, then all) is built by merging its
 *      municipalities' reports (merge.c - the same numbers as the report
 *      over the union, and what `rede report merge` does with exports),
 *      suppressed on its own, and then hides more of its own cells until
 *      no sensitive value of any view below it, nor its own, can be worked
 *      out from all those views together;
 *   3. where no cell of the union is enough - a union's hidden sum is the
 *      sum of its municipalities' hidden sums, and their own patterns may
 *      pin those more narrowly than the union's rule allows - a
 *      municipality hides more (leaf_plan), and the family is computed
 *      again from 1. until no municipality has to (a fixed point: each
 *      round hides one more of finitely many cells). A union hides again
 *      what it hid in the round before, so every view only ever hides more
 *      than it did before its municipalities hid more.
 * Every view (report_family_view: a municipality, a round or all) is taken
 * from the same family of every municipality, so the same request always
 * gives the same answer, and a municipality or a round is the same
 * whichever other views are asked for.
 *
 * The joint audit. A union's cell is the sum of its municipalities' cells
 * at the same place (rows a municipality does not name go into the
 * table's pool row). What a union adds to what its parts show is, per
 * cell, that sum: a shown union cell fixes the sum of the hidden parts, a
 * hidden one bounds it ("<5": 1..threshold-1). The union's own totals are
 * sums of the parts' totals and add nothing more. For a sensitive value
 * (a "<5", a sum over a hidden count, in any view) the audit computes by
 * linear programming its range over a window: its municipality's hidden
 * cells connected to it, the same cells of up to PARTNERS other
 * municipalities per union cell that binds them, and their connected
 * cells, everything else fixed at its true value. Fixing values can only
 * narrow the range, so a window wide enough proves the full system is too
 * (conservative: it may hide a cell an exhaustive audit would show). When
 * it is not wide enough the union hides its cheapest cell among those
 * binding the window (same table first, not a total, smallest), and as a
 * last resort shows one of its own "<5" as "x" (the reader then knows
 * only that it is at least 1).
 *
 * The staff's view of their municipality (report_protect_rest): they see
 * their own units' numbers exactly; the municipality's suppressed numbers
 * must not show what is left for the other units when that is 1..4. That
 * view is the municipality's pattern plus more hidden cells - never fewer -
 * so it adds nothing for anyone else.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core.h"
#include "rede/report_request.h"
#include "rede/util.h"
#include "report/report_internal.h"
#include "report/suppress.h"

#define WIN_MAX 96    /* variables in one audit window */
#define OWN_MAX 400   /* ... of which the cell's own connected cells may use */
#define PARTNERS 3    /* other municipalities tried per binding union cell */
#define EXPAND 2      /* rounds of adding partners */
#define CLOSE_MAX 300 /* the last window: all connected cells, up to this many */

struct fview {
	struct report *r;
	struct supp x;
	int64_t threshold;
	/* leaves: where each variable sits (first cell) */
	int *pos_t, *pos_i, *pos_j;
	/* leaves (fixed once suppressed): the hidden cells connected to each
	 * hidden cell: comp_of[var] (-1 shown), members comp[comp_off[c]..] */
	int *comp_of, *comp_off, *comp;
	/* unions */
	int **map;     /* map[leaf]: leaf var -> this view's var, -1; NULL: not a member */
	int *rev_off;  /* the leaf cells of var w: rev[2*k], rev[2*k+1] for k in */
	int *rev;      /*   rev_off[w] .. rev_off[w+1]-1 (leaf, var) */
	int *col_seen; /* window generation that added column w */
	double *acc;   /* certificates: change at place w */
	int *touched;
	int *pins; /* candidates: shown over a single hidden part */
};

struct family {
	struct fview *leaf;
	int nleaf;
	struct fview *inner; /* unions, bottom-up; the last is the one asked for */
	int ninner;
	int **in_views; /* per leaf: the unions containing it, bottom-up */
	int *nin_views;
	/* the window */
	int **local; /* per leaf: var -> window index, -1 */
	int **con_seen;
	int gen;
	int *wl, *wv, wn;
	/* cells a municipality hides more for a union's sake (leaf var
	 * indices, kept across the rounds of the fixed point) */
	int **forced;
	int *nforced;
	/* what each union hid in the round before (var * 2, + 1 for a "<5"
	 * shown as "x"): hidden again, so every view only ever hides more */
	int **uforced;
	int *nuforced;
	bool again;  /* a leaf hid more: compute every view again */
	int threads; /* for the municipalities' own protection */
};

struct target {
	int view; /* -1: a leaf */
	int idx;  /* leaf or union index */
	int var;
};

/* ---- building the views ---- */

static void positions(struct fview *v)
{
	struct report *r = v->r;

	v->pos_t = xmalloc((size_t)(v->x.nv ? v->x.nv : 1) * sizeof(int));
	v->pos_i = xmalloc((size_t)(v->x.nv ? v->x.nv : 1) * sizeof(int));
	v->pos_j = xmalloc((size_t)(v->x.nv ? v->x.nv : 1) * sizeof(int));
	for (int k = 0; k < v->x.nv; k++)
		v->pos_t[k] = -1;
	for (int t = 0; t < r->ntables; t++)
		for (int i = 0; i < r->tables[t]->nrows; i++)
			for (int j = 0; j < r->tables[t]->ncols; j++) {
				const struct report_cell *c = &r->tables[t]->rows[i].cells[j];
				int k;
				if ((c->kind != RCELL_COUNT && c->kind != RCELL_SUM) || !c->key)
					continue;
				k = supp_var_of_key(&v->x, c->key);
				if (k >= 0 && v->pos_t[k] < 0) {
					v->pos_t[k] = t;
					v->pos_i[k] = i;
					v->pos_j[k] = j;
				}
			}
}

/* The connected hidden cells of a leaf, once: its pattern is fixed. */
static void components(struct fview *v)
{
	int nv = v->x.nv, nc = 0, at = 0;
	int *queue = xmalloc((size_t)(nv ? nv : 1) * sizeof(int));

	v->comp_of = xmalloc((size_t)(nv ? nv : 1) * sizeof(int));
	v->comp_off = xmalloc(((size_t)nv + 1) * sizeof(int));
	v->comp = xmalloc((size_t)(nv ? nv : 1) * sizeof(int));
	for (int k = 0; k < nv; k++)
		v->comp_of[k] = -1;
	for (int k = 0; k < nv; k++) {
		int head = 0, n = 0;
		if (v->comp_of[k] >= 0 || !supp_hidden(&v->x.v[k]))
			continue;
		v->comp_off[nc] = at;
		v->comp_of[k] = nc;
		queue[n++] = k;
		while (head < n) {
			const struct supp_var *cur = &v->x.v[queue[head++]];
			for (int i = 0; i < cur->ncons; i++) {
				const struct supp_con *c = &v->x.c[cur->cons[i]];
				for (int j = 0; j < c->n; j++)
					if (v->comp_of[c->var[j]] < 0 &&
					    supp_hidden(&v->x.v[c->var[j]])) {
						v->comp_of[c->var[j]] = nc;
						queue[n++] = c->var[j];
					}
			}
		}
		memcpy(&v->comp[at], queue, (size_t)n * sizeof(int));
		at += n;
		nc++;
	}
	v->comp_off[nc] = at;
	free(queue);
}

static void components_release(struct fview *v)
{
	free(v->comp_of);
	free(v->comp_off);
	free(v->comp);
	v->comp_of = v->comp_off = v->comp = NULL;
}

/* The variable of union u at the place of leaf l's variable k, -1. */
static int place(const struct fview *u, const struct fview *l, int k)
{
	const struct report_table *lt, *ut;
	const struct report_row *lr;
	const struct report_cell *c;
	int row;

	if (l->pos_t[k] < 0)
		return -1;
	lt = l->r->tables[l->pos_t[k]];
	lr = &lt->rows[l->pos_i[k]];
	ut = report_table_get(u->r, lt->name);
	if (!ut || ut->ncols != lt->ncols ||
	    strcmp(ut->cols[l->pos_j[k]].id, lt->cols[l->pos_j[k]].id))
		return -1;
	row = report_row_find(ut, lr->id);
	if (row < 0 && ut->pool_id && !lr->total)
		row = report_row_find(ut, ut->pool_id);
	if (row < 0)
		return -1;
	c = &ut->rows[row].cells[l->pos_j[k]];
	if ((c->kind != RCELL_COUNT && c->kind != RCELL_SUM) || !c->key)
		return -1;
	return supp_var_of_key(&u->x, c->key);
}

static void map_union(struct family *f, int vi, const int *members, int nmembers)
{
	struct fview *u = &f->inner[vi];
	int *count = xcalloc((size_t)u->x.nv + 1, sizeof(int)), bad = 0;

	u->map = xcalloc((size_t)f->nleaf, sizeof(int *));
	for (int m = 0; m < nmembers; m++) {
		int l = members[m];
		struct fview *lv = &f->leaf[l];
		u->map[l] = xmalloc((size_t)(lv->x.nv ? lv->x.nv : 1) * sizeof(int));
		for (int k = 0; k < lv->x.nv; k++) {
			u->map[l][k] = place(u, lv, k);
			if (u->map[l][k] >= 0)
				count[u->map[l][k]]++;
		}
		f->in_views[l] =
			xrealloc(f->in_views[l], (size_t)(f->nin_views[l] + 1) * sizeof(int));
		f->in_views[l][f->nin_views[l]++] = vi;
	}
	u->rev_off = xmalloc(((size_t)u->x.nv + 1) * sizeof(int));
	u->rev_off[0] = 0;
	for (int w = 0; w < u->x.nv; w++)
		u->rev_off[w + 1] = u->rev_off[w] + count[w];
	u->rev = xmalloc((size_t)(2 * u->rev_off[u->x.nv] + 1) * sizeof(int));
	memset(count, 0, ((size_t)u->x.nv + 1) * sizeof(int));
	for (int m = 0; m < nmembers; m++) {
		int l = members[m];
		for (int k = 0; k < f->leaf[l].x.nv; k++) {
			int w = u->map[l][k], at;
			if (w < 0)
				continue;
			at = u->rev_off[w] + count[w]++;
			u->rev[2 * at] = l;
			u->rev[2 * at + 1] = k;
		}
	}
	/* Every union value must be the sum of its parts, or the audit would
	 * reason from a relation that does not hold. */
	for (int w = 0; w < u->x.nv; w++) {
		int64_t sum = 0;
		for (int k = u->rev_off[w]; k < u->rev_off[w + 1]; k++)
			sum += f->leaf[u->rev[2 * k]].x.v[u->rev[2 * k + 1]].value;
		if (sum != u->x.v[w].value && !bad++)
			log_warn("report %s: %s is not the sum of its municipalities' (%lld, %lld)",
				 u->r->name, u->x.k.ents[u->x.v[w].ent].key,
				 (long long)u->x.v[w].value, (long long)sum);
	}
	u->col_seen = xcalloc((size_t)u->x.nv + 1, sizeof(int));
	u->acc = xcalloc((size_t)u->x.nv + 1, sizeof(double));
	u->touched = xcalloc((size_t)u->x.nv + 1, sizeof(int));
	u->pins = xcalloc((size_t)u->x.nv + 1, sizeof(int));
	free(count);
}

/* ---- the audit window ---- */

static void win_reset(struct family *f)
{
	for (int e = 0; e < f->wn; e++)
		f->local[f->wl[e]][f->wv[e]] = -1;
	f->wn = 0;
	f->gen++;
}

/* Add leaf l's hidden cells connected to its variable k; false when they
 * do not fit. */
static bool win_add(struct family *f, int l, int k, int cap)
{
	struct fview *lv = &f->leaf[l];
	int c = lv->comp_of[k], add = 0;
	const int *m = &lv->comp[lv->comp_off[c]];
	int n = lv->comp_off[c + 1] - lv->comp_off[c];

	/* counted only as far as it takes to know they do not fit */
	for (int i = 0; i < n && f->wn + add <= cap; i++)
		add += f->local[l][m[i]] < 0;
	if (f->wn + add > cap)
		return false;
	for (int i = 0; i < n; i++)
		if (f->local[l][m[i]] < 0) {
			f->local[l][m[i]] = f->wn;
			f->wl[f->wn] = l;
			f->wv[f->wn++] = m[i];
		}
	return true;
}

/* What a reader knows of hidden union cell w: a union may show one of its
 * own small counts as "x" (the last resort below), so an "x" count of a
 * union is only known to be at least 1, where a municipality's own "x"
 * is at least the threshold. */
static void union_bounds(const struct fview *u, int w, double *lo, double *hi)
{
	const struct supp_var *v = &u->x.v[w];

	supp_bounds(&u->x, v, lo, hi);
	if (!v->is_sum && v->state != V_PRIMARY && *lo > 1)
		*lo = 1;
}

/* Does union cell w tie the sum of its parts down (shown, or "<5")? */
static bool binding(const struct fview *u, int w)
{
	const struct supp_var *v = &u->x.v[w];

	return v->state == V_SHOWN || (v->state == V_PRIMARY && !v->relabeled);
}

/* Does union cell w say anything the bounds of its parts do not: shown,
 * "<5", or an "x" whose "at least" the parts do not already give? */
static bool column_binds(const struct family *f, const struct fview *u, int w)
{
	double lo, hi, least = 0;

	if (binding(u, w))
		return true;
	union_bounds(u, w, &lo, &hi);
	if (hi < LP_INF)
		return true;
	for (int q = u->rev_off[w]; q < u->rev_off[w + 1] && least < lo; q++) {
		const struct supp *x = &f->leaf[u->rev[2 * q]].x;
		const struct supp_var *p = &x->v[u->rev[2 * q + 1]];
		double plo = (double)p->value, phi;
		if (supp_hidden(p))
			supp_bounds(x, p, &plo, &phi);
		least += plo;
	}
	return least < lo - 1e-9;
}

/* Add partners: for each window cell and each union (up to top) where it
 * is bound, the same cell of other municipalities with it hidden. A full
 * window takes no more: a partner is a cell not in it, so it adds at
 * least that one. */
static void win_expand(struct family *f, int top, int partners, int cap, bool any)
{
	int n0 = f->wn;

	for (int e = 0; e < n0 && f->wn < cap; e++) {
		int l = f->wl[e], k = f->wv[e];
		for (int a = 0; a < f->nin_views[l] && f->wn < cap; a++) {
			int vi = f->in_views[l][a], w, added = 0;
			struct fview *u = &f->inner[vi];
			if (vi > top || (w = u->map[l][k]) < 0 ||
			    !(any ? column_binds(f, u, w) : binding(u, w)))
				continue;
			for (int q = u->rev_off[w];
			     q < u->rev_off[w + 1] && added < partners && f->wn < cap; q++) {
				int l2 = u->rev[2 * q], k2 = u->rev[2 * q + 1];
				if (l2 == l || f->local[l2][k2] >= 0 ||
				    !supp_hidden(&f->leaf[l2].x.v[k2]))
					continue;
				if (win_add(f, l2, k2, cap))
					added++;
			}
		}
	}
}

/* Leaf l2's cell at union u's place w, -1. */
static int leaf_at(const struct fview *u, int w, int l2)
{
	int a = u->rev_off[w], b = u->rev_off[w + 1];

	while (a < b) {
		int mid = (a + b) / 2;
		if (u->rev[2 * mid] < l2)
			a = mid + 1;
		else
			b = mid;
	}
	return a < u->rev_off[w + 1] && u->rev[2 * a] == l2 ? u->rev[2 * a + 1] : -1;
}

/* Is the leaf target's own place shown (or "<5") in a union up to top? */
static bool own_bound(const struct family *f, int top, const struct target *t)
{
	for (int a = 0; a < f->nin_views[t->idx]; a++) {
		int vi = f->in_views[t->idx][a], w;
		if (vi <= top && (w = f->inner[vi].map[t->idx][t->var]) >= 0 &&
		    binding(&f->inner[vi], w))
			return true;
	}
	return false;
}

/* Add the municipality whose hidden cells cover most of the target's
 * window at the same places (a mirror image that can move the other way),
 * from the smallest union that binds the target. */
static void best_partner(struct family *f, int top, const struct target *t)
{
	int l = t->idx, n0 = f->wn, best = -1, best_score = 0, best_view = -1;

	for (int a = 0; a < f->nin_views[l] && best_score < n0; a++) {
		int vi = f->in_views[l][a], w0;
		const struct fview *u = &f->inner[vi];
		if (vi > top || (w0 = u->map[l][t->var]) < 0)
			continue;
		for (int q = u->rev_off[w0]; q < u->rev_off[w0 + 1]; q++) {
			int l2 = u->rev[2 * q], score = 0;
			if (l2 == l || !supp_hidden(&f->leaf[l2].x.v[u->rev[2 * q + 1]]))
				continue;
			for (int e = 0; e < n0; e++) {
				int w = u->map[l][f->wv[e]], k2;
				if (f->wl[e] == l && w >= 0 && (k2 = leaf_at(u, w, l2)) >= 0 &&
				    supp_hidden(&f->leaf[l2].x.v[k2]))
					score++;
			}
			if (score > best_score) {
				best_score = score;
				best = l2;
				best_view = vi;
			}
		}
	}
	for (int e = 0; best >= 0 && e < n0; e++) {
		const struct fview *u = &f->inner[best_view];
		int w = u->map[l][f->wv[e]], k2;
		if (f->wl[e] == l && w >= 0 && (k2 = leaf_at(u, w, best)) >= 0 &&
		    supp_hidden(&f->leaf[best].x.v[k2]) && f->local[best][k2] < 0)
			win_add(f, best, k2, WIN_MAX);
	}
}

/* The range of the target over the current window; false when the LP
 * has no solution (a relation that does not hold: reported). */
static bool win_range(struct family *f, int top, const struct target *t, double need, double *lo,
		      double *hi)
{
	int nv = f->wn + (t->view >= 0), obj;
	int *tv = xmalloc((size_t)(nv + 1) * sizeof(int));
	double *tc = xmalloc((size_t)(nv + 1) * sizeof(double)), truth = 0;
	struct lp p;
	struct lp_range range;
	bool ok;

	lp_init(&p, nv);
	for (int e = 0; e < f->wn; e++) {
		struct fview *lv = &f->leaf[f->wl[e]];
		double l, h;
		supp_bounds(&lv->x, &lv->x.v[f->wv[e]], &l, &h);
		lp_bounds(&p, e, l, h);
	}
	/* the municipalities' own relations */
	for (int e = 0; e < f->wn; e++) {
		int l = f->wl[e];
		struct supp *x = &f->leaf[l].x;
		struct supp_var *cur = &x->v[f->wv[e]];
		for (int a = 0; a < cur->ncons; a++) {
			struct supp_con *c = &x->c[cur->cons[a]];
			double rhs = 0;
			int m = 0;
			if (f->con_seen[l][cur->cons[a]] == f->gen)
				continue;
			f->con_seen[l][cur->cons[a]] = f->gen;
			for (int j = 0; j < c->n; j++) {
				int li = f->local[l][c->var[j]];
				if (li >= 0) {
					tv[m] = li;
					tc[m++] = c->coef[j];
				} else {
					rhs -= c->coef[j] * (double)x->v[c->var[j]].value;
				}
			}
			lp_add(&p, m, tv, tc, c->op, rhs);
		}
	}
	/* the unions' cells over them */
	for (int e = 0; e < f->wn; e++) {
		int l = f->wl[e];
		for (int a = 0; a < f->nin_views[l]; a++) {
			int vi = f->in_views[l][a], w, m = 0;
			struct fview *u = &f->inner[vi];
			double fixed = 0, inwin = 0, vlo, vhi;
			if (vi > top || (w = u->map[l][f->wv[e]]) < 0 || u->col_seen[w] == f->gen)
				continue;
			u->col_seen[w] = f->gen;
			if (!column_binds(f, u, w))
				continue; /* implied by its parts' bounds */
			for (int q = u->rev_off[w]; q < u->rev_off[w + 1]; q++) {
				int l2 = u->rev[2 * q], k2 = u->rev[2 * q + 1];
				double val = (double)f->leaf[l2].x.v[k2].value;
				if (f->local[l2][k2] >= 0) {
					tv[m] = f->local[l2][k2];
					tc[m++] = 1;
					inwin += val;
				} else {
					fixed += val;
				}
			}
			if (u->x.v[w].state == V_SHOWN) {
				lp_add(&p, m, tv, tc, LP_EQ, inwin);
				continue;
			}
			union_bounds(u, w, &vlo, &vhi);
			vlo -= (double)u->x.v[w].value - inwin - fixed; /* a union that is not */
			vhi -= (double)u->x.v[w].value - inwin - fixed; /* exactly the sum */
			if (vhi < LP_INF)
				lp_add(&p, m, tv, tc, LP_LE, vhi - fixed);
			for (int i = 0; i < m; i++)
				tc[i] = -1;
			lp_add(&p, m, tv, tc, LP_LE, -(vlo - fixed));
		}
	}
	if (t->view < 0) {
		obj = f->local[t->idx][t->var];
		truth = (double)f->leaf[t->idx].x.v[t->var].value;
	} else {
		/* z = the union's value: the sum of its parts in the window plus
		 * the rest at their values */
		struct fview *u = &f->inner[t->view];
		double fixed = 0;
		int m = 0;
		obj = f->wn;
		lp_bounds(&p, obj, 0, LP_INF);
		tv[m] = obj;
		tc[m++] = 1;
		for (int q = u->rev_off[t->var]; q < u->rev_off[t->var + 1]; q++) {
			int l2 = u->rev[2 * q], k2 = u->rev[2 * q + 1];
			if (f->local[l2][k2] >= 0) {
				tv[m] = f->local[l2][k2];
				tc[m++] = -1;
			} else {
				fixed += (double)f->leaf[l2].x.v[k2].value;
			}
		}
		lp_add(&p, m, tv, tc, LP_EQ, fixed);
		truth = (double)u->x.v[t->var].value;
	}
	lp_range(&p, obj, truth, need, &range, NULL, NULL);
	ok = range.hi_status != LP_INFEASIBLE;
	*hi = range.hi;
	*lo = range.lo_status == LP_OPTIMAL ? range.lo : truth;
	lp_release(&p);
	free(tv);
	free(tc);
	return ok;
}

static const struct supp_var *target_var(const struct family *f, const struct target *t)
{
	return t->view < 0 ? &f->leaf[t->idx].x.v[t->var] : &f->inner[t->view].x.v[t->var];
}

/* ---- certificates: a move every view allows, without an LP ---- */

#define MIRRORS 24  /* other municipalities tried to make up for a change */
#define PARTIES 6   /* municipalities in one certificate */
#define TRIALS 6    /* complements tried by the LP audit before the cheapest */
#define BLIND_MAX 8 /* cheapest complements hidden that widened nothing, at most */
#define LEAF_MAX 16 /* cells municipalities hide for one value of a union in a round, at most */

/* Add delta at leaf l's cells (vars k[i], sign * d[i]) to the unions' places
 * up to top; check the unions' cells: a shown one must not change, a
 * hidden one must stay within what the reader knows. */
static bool column_violation(struct family *f, int top, const int *l, const int *const *k,
			     const double *const *d, const double *sign, const int *n, int parts,
			     int *vio_view, int *vio_place, double *vio_change)
{
	for (int vi = 0; vi <= top; vi++) {
		struct fview *u = &f->inner[vi];
		int touched = 0;
		f->gen++;
		for (int p = 0; p < parts; p++) {
			if (!u->map[l[p]])
				continue;
			for (int i = 0; i < n[p]; i++) {
				int w = u->map[l[p]][k[p][i]];
				if (w < 0)
					continue;
				if (u->col_seen[w] != f->gen) {
					u->col_seen[w] = f->gen;
					u->acc[w] = 0;
					u->touched[touched++] = w;
				}
				u->acc[w] += sign[p] * d[p][i];
			}
		}
		for (int i = 0; i < touched; i++) {
			int w = u->touched[i];
			double lo, hi, nv = (double)u->x.v[w].value + u->acc[w];
			bool ok;
			if (fabs(u->acc[w]) < 1e-9)
				continue;
			if (u->x.v[w].state == V_SHOWN) {
				ok = false;
			} else {
				union_bounds(u, w, &lo, &hi);
				ok = nv >= lo - 1e-9 && nv <= hi + 1e-9;
			}
			if (!ok) {
				if (vio_view) {
					*vio_view = vi;
					*vio_place = w;
					*vio_change = u->acc[w];
				}
				return false;
			}
		}
	}
	return true;
}

/* ---- chains (suppress.c) scored for the unions ---- */

struct chain_pref {
	const struct family *f;
	int top, l;
	const int *want; /* union top places another chain changed: preferred */
	int nwant;
};

/* May leaf l's cell k move without touching a shown cell of any union up
 * to top (it is hidden there, and not "<5")? */
static bool free_place(const struct family *f, int top, int l, int k)
{
	for (int a = 0; a < f->nin_views[l]; a++) {
		int vi = f->in_views[l][a], w;
		if (vi <= top && (w = f->inner[vi].map[l][k]) >= 0 && binding(&f->inner[vi], w))
			return false;
	}
	return true;
}

static int chain_score(void *arg, int y)
{
	const struct chain_pref *cp = arg;
	int score = 0;

	if (cp->want) {
		int w = cp->f->inner[cp->top].map[cp->l][y];
		for (int i = 0; i < cp->nwant; i++)
			if (w >= 0 && cp->want[i] == w)
				score += 4;
	}
	if (free_place(cp->f, cp->top, cp->l, y))
		score += 2;
	return score;
}

static bool chain_make(struct family *f, struct supp_chain *ch, struct chain_pref *cp, int top,
		       int l, int k, double dir, const int *want, int nwant)
{
	*cp = (struct chain_pref){f, top, l, want, nwant};
	return supp_chain_make(&f->leaf[l].x, ch, k, dir, f->local[l], chain_score, cp);
}

/* The target's own move by dir: a chain, or else the move its own audit
 * found, scaled to change it by exactly dir. false when there is none. */
struct first_move {
	struct supp_chain ch;
	struct chain_pref pr;
	bool is_chain;
	int n;
	const int *k;
	double *d;
};

static bool first_move(struct family *f, int top, const struct target *t, int dir,
		       struct first_move *m)
{
	const struct supp_var *v = &f->leaf[t->idx].x.v[t->var];
	double ds = 0;

	memset(m, 0, sizeof(*m));
	if (chain_make(f, &m->ch, &m->pr, top, t->idx, t->var, dir, NULL, 0)) {
		m->is_chain = true;
		m->n = m->ch.n;
		m->k = m->ch.k;
		m->d = m->ch.d;
		return true;
	}
	for (int i = 0; i < v->move_n; i++)
		if (v->move_var[i] == t->var)
			ds = v->move_delta[i];
	if (ds * dir < 1 - 1e-9)
		return false;
	m->n = v->move_n;
	m->k = v->move_var;
	m->d = xmalloc((size_t)m->n * sizeof(double));
	for (int i = 0; i < m->n; i++)
		m->d[i] = v->move_delta[i] / fabs(ds);
	return true;
}

static void first_move_release(struct family *f, const struct target *t, struct first_move *m)
{
	if (m->is_chain)
		supp_chain_clear(&m->ch, f->local[t->idx]);
	else
		free(m->d);
}

/* A leaf count is protected when a move of it by exactly 1 fits every
 * view: its own move (first_move), and while a union's cell changes,
 * another municipality's chain the other way at that place (up to
 * PARTIES in all). */
static bool certificate(struct family *f, int top, const struct target *t)
{
	bool ok = false;

	if (t->view >= 0 || f->wn || f->leaf[t->idx].x.v[t->var].is_sum)
		return false;
	for (int dir = 1; dir >= -1 && !ok; dir -= 2) {
		struct first_move m0;
		struct supp_chain ch[PARTIES];
		struct chain_pref pr[PARTIES];
		int ls[PARTIES], ns[PARTIES], np = 0, *want, nwant = 0;
		const int *ks[PARTIES];
		const double *dd[PARTIES];
		double sign[PARTIES];

		if (!first_move(f, top, t, dir, &m0))
			continue;
		want = xmalloc((size_t)(m0.n + PARTIES * SUPP_CHAIN_MAX) * sizeof(int));
		ls[np] = t->idx;
		ks[np] = m0.k;
		dd[np] = m0.d;
		ns[np] = m0.n;
		sign[np++] = 1;
		for (;;) {
			int vi, w, tried = 0;
			double r;
			bool found = false;
			const struct fview *u;
			if (column_violation(f, top, ls, ks, dd, sign, ns, np, &vi, &w, &r)) {
				ok = true;
				break;
			}
			if (np == PARTIES)
				break;
			nwant = 0;
			for (int p = 0; p < np; p++)
				for (int i = 0; i < ns[p]; i++)
					want[nwant++] = f->inner[top].map[ls[p]][ks[p][i]];
			u = &f->inner[vi];
			for (int q = u->rev_off[w];
			     q < u->rev_off[w + 1] && !found && tried < MIRRORS; q++) {
				int l2 = u->rev[2 * q], k2 = u->rev[2 * q + 1];
				bool used = false;
				for (int p = 0; p < np; p++)
					used = used || ls[p] == l2;
				if (used || !supp_hidden(&f->leaf[l2].x.v[k2]))
					continue;
				tried++;
				if (chain_make(f, &ch[np], &pr[np], top, l2, k2, -r, want, nwant)) {
					ls[np] = l2;
					ks[np] = ch[np].k;
					dd[np] = ch[np].d;
					ns[np] = ch[np].n;
					sign[np++] = 1;
					found = true;
				}
			}
			if (!found)
				break;
		}
		for (int p = 1; p < np; p++)
			supp_chain_clear(&ch[p], f->local[ls[p]]);
		first_move_release(f, t, &m0);
		free(want);
	}
	return ok;
}

/* Build the target's window (its own cells, then partners) and check it;
 * leaves the last window in place. */
static bool check(struct family *f, int top, const struct target *t, double *width)
{
	const struct supp_var *v = target_var(f, t);
	double need = supp_need(v), lo = 0, hi = 0;
	bool ok = false;

	win_reset(f);
	if (certificate(f, top, t)) {
		*width = LP_INF;
		return true;
	}
	if (t->view < 0) {
		win_add(f, t->idx, t->var, OWN_MAX);
	} else {
		const struct fview *u = &f->inner[t->view];
		for (int q = u->rev_off[t->var]; q < u->rev_off[t->var + 1]; q++) {
			int l = u->rev[2 * q], k = u->rev[2 * q + 1];
			if (supp_hidden(&f->leaf[l].x.v[k]) && f->local[l][k] < 0)
				win_add(f, l, k, WIN_MAX);
		}
		/* All its parts are shown: the municipalities publish it anyway. */
		if (!f->wn) {
			*width = LP_INF;
			return true;
		}
	}
	for (int round = 0; round <= EXPAND + 2; round++) {
		int before = f->wn;
		if (round == 0 && t->view < 0 && own_bound(f, top, t))
			continue; /* its own union cell is shown: fixed partners pin it */
		if (round == 1 && t->view < 0) {
			best_partner(f, top, t);
		} else if (round > 1 && round <= EXPAND + 1) {
			win_expand(f, top, PARTNERS, WIN_MAX, false);
		} else if (round > EXPAND + 1) {
			/* last: everything connected to it, up to CLOSE_MAX */
			int was;
			do {
				was = f->wn;
				win_expand(f, top, CLOSE_MAX, CLOSE_MAX, true);
			} while (f->wn != was);
		}
		if (round && f->wn == before)
			continue;
		f->gen++;
		if (!win_range(f, top, t, need, &lo, &hi)) {
			log_warn("report %s: the joint audit has no solution",
				 f->inner[top].r->name);
			*width = 0;
			return false;
		}
		ok = supp_wide_enough(v, lo, hi);
		if (ok)
			break;
	}
	*width = hi - lo;
	return ok;
}

/* The union's cells binding the current window that it could hide. */
static int candidates(struct family *f, int top, int *cand)
{
	struct fview *u = &f->inner[top];
	int n = 0;

	f->gen++;
	for (int e = 0; e < f->wn; e++) {
		int w = u->map[f->wl[e]] ? u->map[f->wl[e]][f->wv[e]] : -1;
		if (w < 0 || u->col_seen[w] == f->gen || !supp_eligible(&u->x, &u->x.v[w]))
			continue;
		u->col_seen[w] = f->gen;
		cand[n++] = w;
		/* shown over a single hidden part: that part is known exactly */
		u->pins[w] = 0;
		for (int q = u->rev_off[w]; q < u->rev_off[w + 1]; q++)
			u->pins[w] += supp_hidden(&f->leaf[u->rev[2 * q]].x.v[u->rev[2 * q + 1]]);
		u->pins[w] = u->pins[w] == 1;
	}
	return n;
}

struct cand_order {
	const struct fview *u;
	int table;
};

/* Cells that give a hidden part away first, then the cheapest. */
static int cand_cmp(const void *pa, const void *pb, void *arg)
{
	const struct cand_order *o = arg;
	int wa = *(const int *)pa, wb = *(const int *)pb;
	const struct supp_var *a = &o->u->x.v[wa], *b = &o->u->x.v[wb];

	if (a == b)
		return 0;
	if (o->u->pins[wa] != o->u->pins[wb])
		return o->u->pins[wa] ? -1 : 1;
	return supp_cheaper(a, b, o->table) ? -1 : 1;
}

/* The union top's cell that stops the target's own move (its chain, either
 * way), when it could be hidden; -1. */
static int blocking_place(struct family *f, int top, const struct target *t)
{
	int found = -1;

	if (t->view >= 0 || f->leaf[t->idx].x.v[t->var].is_sum)
		return -1;
	for (int dir = 1; dir >= -1 && found < 0; dir -= 2) {
		struct first_move m;
		int vi, w;
		double r, sign = 1;
		if (!first_move(f, top, t, dir, &m))
			continue;
		if (!column_violation(f, top, &t->idx, &m.k, (const double *const *)&m.d, &sign,
				      &m.n, 1, &vi, &w, &r) &&
		    vi == top && supp_eligible(&f->inner[top].x, &f->inner[top].x.v[w]))
			found = w;
		first_move_release(f, t, &m);
	}
	return found;
}

/* A union's value whose hidden parts are all given away by their own
 * reports. */
static bool parts_unprotected(const struct family *f, const struct target *t)
{
	const struct fview *u;
	bool any = false;

	if (t->view < 0)
		return false;
	u = &f->inner[t->view];
	for (int q = u->rev_off[t->var]; q < u->rev_off[t->var + 1]; q++) {
		const struct supp_var *p = &f->leaf[u->rev[2 * q]].x.v[u->rev[2 * q + 1]];
		if (supp_hidden(p) && !p->unprotected)
			return false;
		any = any || supp_hidden(p);
	}
	return any;
}

/* The protection a union's sum over a hidden count needs. Its
 * municipalities' own reports show some of its parts exactly (a large
 * municipality's hours), so no cell the union hides can make the reader
 * unsure of those: what the union must protect is the rest - the parts
 * hidden in their own reports, the few families' hours or kroner - to at
 * least half of that rest, as report_protect_rest does for what is left
 * for the other units. (Half of the whole union value may exceed what the
 * hidden parts could ever span: a union of 6 801 shown and 1 143 hidden
 * minutes, the small one's total hours shown, spans at most those.) */
static void union_sum_need(struct family *f, int vi, int k)
{
	struct fview *u = &f->inner[vi];
	struct supp_var *v = &u->x.v[k];
	double rest = 0;

	if (!v->is_sum)
		return;
	for (int q = u->rev_off[k]; q < u->rev_off[k + 1]; q++) {
		const struct supp_var *p = &f->leaf[u->rev[2 * q]].x.v[u->rev[2 * q + 1]];
		if (supp_hidden(p))
			rest += (double)p->value;
	}
	v->need = fmax(1, rest / 2);
}

/* Protect one target by hiding cells of union top. */
/* Show union top's "<5" in the current window as "x" (relabeled); how
 * many. undo: show them as "<5" again (those of the list). */
static int relabel_window(struct family *f, int top, int *list, int n, bool undo)
{
	struct fview *u = &f->inner[top];
	int k = 0;

	if (undo) {
		for (int i = 0; i < n; i++)
			u->x.v[list[i]].relabeled = false;
		return 0;
	}
	for (int e = 0; e < f->wn; e++) {
		int w = u->map[f->wl[e]] ? u->map[f->wl[e]][f->wv[e]] : -1;
		if (w >= 0 && u->x.v[w].state == V_PRIMARY && !u->x.v[w].relabeled) {
			u->x.v[w].relabeled = true;
			list[k++] = w;
		}
	}
	return k;
}

/* Hide leaf l's variable k (hide) or show it again, keeping its
 * connected hidden cells current. */
static void leaf_set(struct family *f, int l, int k, bool hide)
{
	struct fview *lv = &f->leaf[l];

	lv->x.v[k].state = hide ? V_SECONDARY : V_SHOWN;
	components_release(lv);
	components(lv);
}

struct leaf_cand {
	int l, k;
};

static int leaf_cand_cmp(const void *pa, const void *pb, void *arg)
{
	const struct leaf_cand *a = pa, *b = pb;
	const struct family *f = arg;
	const struct supp_var *va = &f->leaf[a->l].x.v[a->k], *vb = &f->leaf[b->l].x.v[b->k];

	if (a->l == b->l && a->k == b->k)
		return 0;
	/* the largest value first: what the union lacks is width */
	if (va->is_sum != vb->is_sum)
		return va->is_sum ? -1 : 1;
	if (va->value != vb->value)
		return va->value > vb->value ? -1 : 1;
	if (a->l != b->l)
		return a->l - b->l;
	return a->k - b->k;
}

/* One cell of a municipality bound to the window's cells by its own
 * relations, to hide for target t: the first of the largest that widens
 * its range, else the largest; hidden (leaf_set), and with it t's check
 * (*ok, its width in *width, its window left in place). false: none
 * left. The check of the trial picked is the check with it hidden: the
 * same state gives the same check, so it is not run again. */
static bool leaf_pick(struct family *f, int top, const struct target *t, double *width,
		      struct leaf_cand *out, bool *ok)
{
	struct leaf_cand *cand = NULL;
	int nc = 0, cap = 0, pick = -1;
	double w2;
	bool ok2 = false;

	for (int e = 0; e < f->wn; e++) {
		const struct supp *x = &f->leaf[f->wl[e]].x;
		const struct supp_var *cur = &x->v[f->wv[e]];
		for (int a = 0; a < cur->ncons; a++) {
			const struct supp_con *c = &x->c[cur->cons[a]];
			for (int j = 0; j < c->n; j++) {
				bool dup = false;
				if (!supp_eligible(x, &x->v[c->var[j]]))
					continue;
				for (int i = 0; i < nc && !dup; i++)
					dup = cand[i].l == f->wl[e] && cand[i].k == c->var[j];
				if (dup)
					continue;
				if (nc == cap) {
					cap = cap ? 2 * cap : 16;
					cand = xrealloc(cand, (size_t)cap * sizeof(*cand));
				}
				cand[nc++] = (struct leaf_cand){f->wl[e], c->var[j]};
			}
		}
	}
	if (!nc) {
		free(cand);
		return false;
	}
	qsort_r(cand, (size_t)nc, sizeof(*cand), leaf_cand_cmp, f);
	for (int i = 0; i < nc && i < TRIALS && pick < 0; i++) {
		leaf_set(f, cand[i].l, cand[i].k, true);
		if ((ok2 = check(f, top, t, &w2)) || w2 > *width + 1e-9)
			pick = i;
		else
			leaf_set(f, cand[i].l, cand[i].k, false);
	}
	if (pick < 0) {
		pick = 0;
		leaf_set(f, cand[0].l, cand[0].k, true);
		ok2 = check(f, top, t, &w2); /* the window around the new cell */
	}
	*out = cand[pick];
	*ok = ok2;
	*width = w2;
	free(cand);
	return true;
}

/* The views above cannot protect target t any more: its municipalities'
 * own patterns bound it (a round's hidden cost is the sum of its
 * municipalities' hidden costs, each pinned by what its own report
 * shows). Plan what the municipalities must hide: cells bound to the
 * window by their own relations (leaf_pick), until t is protected or
 * LEAF_MAX. They are shown again here - this round of the family ends as
 * it would have without them, so no view hides less than before - and
 * kept in f->forced: the next round starts from them (the fixed point of
 * report_family_view). false: nothing left to hide. */
static bool leaf_plan(struct family *f, int top, const struct target *t, double width)
{
	struct leaf_cand picked[LEAF_MAX];
	int np = 0;
	double w = width;
	bool done = false;

	while (np < LEAF_MAX && !done && leaf_pick(f, top, t, &w, &picked[np], &done))
		np++;
	for (int i = np - 1; i >= 0; i--)
		leaf_set(f, picked[i].l, picked[i].k, false);
	for (int i = 0; i < np; i++) {
		int l = picked[i].l;
		f->forced[l] = xrealloc(f->forced[l], (size_t)(f->nforced[l] + 1) * sizeof(int));
		f->forced[l][f->nforced[l]++] = picked[i].k;
	}
	if (np)
		f->again = true;
	return np > 0;
}

static void protect_target(struct family *f, int top, const struct target *t)
{
	struct fview *u = &f->inner[top];
	int *cand, *relab, blind = 0;
	double width, w2;

	/* Given away by its own report already (logged there): nothing the
	 * union hides can help. */
	if (target_var(f, t)->unprotected || parts_unprotected(f, t))
		return;
	cand = xmalloc((size_t)(u->x.nv + 1) * sizeof(int));
	relab = xmalloc((size_t)(u->x.nv + 1) * sizeof(int));
	for (;;) {
		int nc, nr, pick = -1, w;
		struct cand_order o = {u, target_var(f, t)->table};

		/* Cheap first: a move of the target that only this union's
		 * shown cells stop - hide the first of them. */
		win_reset(f);
		if (certificate(f, top, t))
			break;
		if ((w = blocking_place(f, top, t)) >= 0) {
			u->x.v[w].state = V_SECONDARY;
			continue;
		}
		if (check(f, top, t, &width))
			break;
		/* The union's own "<5" bound the window: shown as "x" they do
		 * not (the reader then knows only "at least 1"). */
		nr = relabel_window(f, top, relab, 0, false);
		if (nr) {
			if (check(f, top, t, &w2) || w2 > width + 1e-9)
				continue;
			relabel_window(f, top, relab, nr, true);
			check(f, top, t, &width); /* the window again */
		}
		nc = candidates(f, top, cand);
		if (!nc || blind >= BLIND_MAX) {
			/* its municipalities hide more in the next round */
			if (leaf_plan(f, top, t, width)) {
				((struct supp_var *)target_var(f, t))->unprotected = true;
				break;
			}
			log_warn("report %s: a hidden value cannot be protected across views",
				 u->r->name);
			((struct supp_var *)target_var(f, t))->unprotected = true;
			break;
		}
		qsort_r(cand, (size_t)nc, sizeof(int), cand_cmp, &o);
		for (int i = 0; i < nc && i < TRIALS && pick < 0; i++) {
			u->x.v[cand[i]].state = V_SECONDARY;
			if (check(f, top, t, &w2) || w2 > width + 1e-9)
				pick = cand[i];
			else
				u->x.v[cand[i]].state = V_SHOWN;
		}
		if (pick < 0) {
			u->x.v[cand[0]].state = V_SECONDARY;
			blind++;
		}
	}
	free(cand);
	free(relab);
}

/* Protect every sensitive value of every view up to union top. */
static void joint(struct family *f, int top)
{
	struct fview *u = &f->inner[top];
	bool changed;

	for (int l = 0; l < f->nleaf; l++) {
		if (!u->map[l])
			continue;
		for (int k = 0; k < f->leaf[l].x.nv; k++)
			if (supp_sensitive(&f->leaf[l].x.v[k]))
				protect_target(f, top, &(struct target){-1, l, k});
	}
	for (int vi = 0; vi <= top; vi++) {
		bool inside = true;
		for (int l = 0; l < f->nleaf && inside; l++)
			if (f->inner[vi].map[l] && !u->map[l])
				inside = false;
		if (!inside)
			continue;
		for (int k = 0; k < f->inner[vi].x.nv; k++)
			if (supp_sensitive(&f->inner[vi].x.v[k])) {
				union_sum_need(f, vi, k);
				protect_target(f, top, &(struct target){vi, vi, k});
			}
	}
	/* A sum over a count the union now hides is hidden and protected too. */
	do {
		changed = false;
		for (int k = 0; k < u->x.nv; k++) {
			struct supp_var *v = &u->x.v[k];
			if (!v->is_sum || v->basis < 0 || !supp_hidden(&u->x.v[v->basis]) ||
			    (v->state != V_SHOWN && (v->state != V_SECONDARY || v->must_protect)))
				continue;
			if (v->state == V_SHOWN)
				v->state = V_SENSITIVE_SUM;
			else
				v->must_protect = true;
			union_sum_need(f, top, k);
			protect_target(f, top, &(struct target){top, top, k});
			changed = true;
		}
	} while (changed);
}

/* ---- unions ---- */

static enum rede_err union_of(struct report **leaves, const int *members, int n,
			      struct report **out, char **msg)
{
	struct report *u = report_clone(leaves[members[0]]);

	for (int i = 1; i < n; i++)
		if (report_merge_into(u, leaves[members[i]], msg) != REDE_OK) {
			report_free(u);
			return REDE_E_INVALID;
		}
	report_settle(u);
	report_finish(u);
	*out = u;
	return REDE_OK;
}

static void fview_release(struct fview *v, int nleaf)
{
	supp_release(&v->x);
	free(v->pos_t);
	free(v->pos_i);
	free(v->pos_j);
	free(v->comp_of);
	free(v->comp_off);
	free(v->comp);
	for (int l = 0; v->map && l < nleaf; l++)
		free(v->map[l]);
	free(v->map);
	free(v->rev_off);
	free(v->rev);
	free(v->col_seen);
	free(v->acc);
	free(v->touched);
	free(v->pins);
}

/* Municipality l's view suppressed on its own, with the cells it hides
 * for its unions' sake (f->forced) hidden first (report_par_each: it
 * touches only its own view, window arrays and report). */
static void leaf_protect(int l, void *arg)
{
	struct family *f = arg;
	struct fview *lv = &f->leaf[l];

	supp_init(&lv->x, lv->r, lv->threshold);
	for (int i = 0; i < f->nforced[l]; i++)
		if (lv->x.v[f->forced[l][i]].state == V_SHOWN)
			lv->x.v[f->forced[l][i]].state = V_SECONDARY;
	supp_protect_all(&lv->x);
	positions(lv);
	components(lv);
	f->local[l] = xmalloc((size_t)(lv->x.nv ? lv->x.nv : 1) * sizeof(int));
	for (int k = 0; k < lv->x.nv; k++)
		f->local[l][k] = -1;
	f->con_seen[l] = xcalloc((size_t)(lv->x.nc ? lv->x.nc : 1), sizeof(int));
}

/* Every municipality on its own: independent of each other, so on up to
 * f->threads threads. */
static void leaves_protect(struct family *f)
{
	report_par_each(f->nleaf, f->threads, leaf_protect, f);
}

/* Forget every view's pattern (the reports stay): the next round of the
 * fixed point starts again from the municipalities. */
static void views_release(struct family *f)
{
	for (int l = 0; l < f->nleaf; l++) {
		struct report *r = f->leaf[l].r;
		int64_t thr = f->leaf[l].threshold;
		fview_release(&f->leaf[l], f->nleaf);
		memset(&f->leaf[l], 0, sizeof(f->leaf[l]));
		f->leaf[l].r = r;
		f->leaf[l].threshold = thr;
		free(f->in_views[l]);
		free(f->local[l]);
		free(f->con_seen[l]);
		f->in_views[l] = NULL;
		f->nin_views[l] = 0;
		f->local[l] = NULL;
		f->con_seen[l] = NULL;
	}
	for (int i = 0; i < f->ninner; i++) {
		const struct supp *x = &f->inner[i].x;
		f->nuforced[i] = 0;
		f->uforced[i] = xrealloc(f->uforced[i], (size_t)(x->nv ? x->nv : 1) * sizeof(int));
		for (int k = 0; k < x->nv; k++)
			if (x->v[k].state == V_SECONDARY ||
			    (x->v[k].state == V_PRIMARY && x->v[k].relabeled))
				f->uforced[i][f->nuforced[i]++] =
					2 * k + (x->v[k].state == V_PRIMARY);
		fview_release(&f->inner[i], f->nleaf);
		report_free(f->inner[i].r);
		memset(&f->inner[i], 0, sizeof(f->inner[i]));
	}
	f->ninner = 0;
	f->wn = 0;
}

#define FIXED_MAX 64 /* rounds of the fixed point, at most */

enum rede_err report_family_all(struct report **leaves, const int64_t *rounds,
				const int64_t *thresholds, int n, int threads,
				struct report_family *out, char **msg)
{
	struct family f;
	int *members = xmalloc((size_t)(n ? n : 1) * sizeof(int));
	int64_t *inner_round = xcalloc((size_t)n + 1, sizeof(int64_t));
	struct report **merged = NULL; /* per union: its merged report, unsuppressed */
	enum rede_err err = REDE_OK;

	memset(out, 0, sizeof(*out));
	*msg = NULL;
	if (n == 1) {
		report_suppress(leaves[0], thresholds[0]);
		out->leaf = xcalloc(1, sizeof(*out->leaf));
		out->leaf[0] = leaves[0];
		out->nleaf = 1;
		free(members);
		free(inner_round);
		return REDE_OK;
	}
	memset(&f, 0, sizeof(f));
	f.nleaf = n;
	f.threads = threads;
	f.leaf = xcalloc((size_t)n, sizeof(*f.leaf));
	f.in_views = xcalloc((size_t)n, sizeof(int *));
	f.nin_views = xcalloc((size_t)n, sizeof(int));
	f.local = xcalloc((size_t)n, sizeof(int *));
	f.con_seen = xcalloc((size_t)n, sizeof(int *));
	f.forced = xcalloc((size_t)n, sizeof(int *));
	f.nforced = xcalloc((size_t)n, sizeof(int));
	f.uforced = xcalloc((size_t)n + 1, sizeof(int *));
	f.nuforced = xcalloc((size_t)n + 1, sizeof(int));
	f.wl = xmalloc((OWN_MAX + WIN_MAX + CLOSE_MAX) * sizeof(int));
	f.wv = xmalloc((OWN_MAX + WIN_MAX + CLOSE_MAX) * sizeof(int));
	f.inner = xcalloc((size_t)n + 1, sizeof(*f.inner));
	merged = xcalloc((size_t)n + 1, sizeof(*merged));
	for (int l = 0; l < n; l++) {
		f.leaf[l].r = leaves[l];
		f.leaf[l].threshold = thresholds[l];
	}
	for (int fixed = 0; !err; fixed++) {
		f.again = false;
		leaves_protect(&f);
		/* the unions: each round of two or more (not all of them), then all */
		for (int pass = 0; pass < 2 && !err; pass++)
			for (int64_t rd = 1; rd <= (pass ? 1 : 99) && !err; rd++) {
				int nm = 0;
				int64_t thr = 0;
				struct fview *u;
				for (int l = 0; l < n; l++)
					if (pass || rounds[l] == rd)
						members[nm++] = l;
				if (nm < 2 || (!pass && nm == n))
					continue;
				for (int m = 0; m < nm; m++)
					if (thresholds[members[m]] > thr)
						thr = thresholds[members[m]];
				u = &f.inner[f.ninner];
				/* the municipalities' reports do not change between
				 * rounds (only their patterns), so neither does
				 * their union: merged once, then copied (with the
				 * merge's time) */
				if (!merged[f.ninner])
					err = union_of(leaves, members, nm, &merged[f.ninner], msg);
				if (err)
					break;
				u->r = report_copy(merged[f.ninner]);
				memcpy(u->r->generated_at, merged[f.ninner]->generated_at,
				       sizeof(u->r->generated_at));
				inner_round[f.ninner] = pass ? 0 : rd;
				f.ninner++;
				u->threshold = thr;
				supp_init(&u->x, u->r, thr);
				for (int i = 0; i < f.nuforced[f.ninner - 1]; i++) {
					struct supp_var *v =
						&u->x.v[f.uforced[f.ninner - 1][i] / 2];
					if (f.uforced[f.ninner - 1][i] % 2)
						v->relabeled = v->state == V_PRIMARY;
					else if (v->state == V_SHOWN)
						v->state = V_SECONDARY;
				}
				supp_protect_all(&u->x);
				map_union(&f, f.ninner - 1, members, nm);
				joint(&f, f.ninner - 1);
				supp_finish(&u->x);
			}
		/* A municipality hid more for a union: every view again, from
		 * the municipalities' new patterns, until none hides more. */
		if (err || !f.again)
			break;
		if (fixed + 1 == FIXED_MAX) {
			log_warn("report %s: the joint suppression did not settle",
				 f.inner[f.ninner - 1].r->name);
			break;
		}
		views_release(&f);
	}
	if (!err) {
		/* every view: each municipality, each round of two or more, all */
		out->nleaf = n;
		out->leaf = xcalloc((size_t)n, sizeof(*out->leaf));
		for (int l = 0; l < n; l++) {
			supp_finish(&f.leaf[l].x);
			out->leaf[l] = f.leaf[l].r;
			f.leaf[l].r = NULL;
		}
		out->ninner = f.ninner;
		out->inner = xcalloc((size_t)f.ninner + 1, sizeof(*out->inner));
		out->inner_round = xcalloc((size_t)f.ninner + 1, sizeof(int64_t));
		for (int i = 0; i < f.ninner; i++) {
			out->inner[i] = f.inner[i].r;
			out->inner_round[i] = inner_round[i];
			f.inner[i].r = NULL;
		}
	}
	for (int l = 0; l < n; l++) {
		fview_release(&f.leaf[l], n);
		report_free(f.leaf[l].r);
		free(f.in_views[l]);
		free(f.local[l]);
		free(f.con_seen[l]);
		free(f.forced[l]);
	}
	for (int i = 0; i < f.ninner; i++) {
		fview_release(&f.inner[i], n);
		report_free(f.inner[i].r);
	}
	free(f.leaf);
	free(f.inner);
	for (int i = 0; i <= n; i++)
		report_free(merged[i]);
	free(merged);
	free(f.in_views);
	free(f.nin_views);
	free(f.local);
	free(f.con_seen);
	free(f.forced);
	free(f.nforced);
	for (int i = 0; i <= n; i++)
		free(f.uforced[i]);
	free(f.uforced);
	free(f.nuforced);
	free(f.wl);
	free(f.wv);
	free(members);
	free(inner_round);
	return err;
}

const struct report *report_family_pick(const struct report_family *fam, const int64_t *rounds,
					int want_leaf, int64_t want_round)
{
	int pickv = fam->ninner - 1, pickl = -1;

	if (fam->ninner == 0)
		return fam->nleaf == 1 ? fam->leaf[0] : NULL;
	if (want_leaf >= 0) {
		pickv = -1;
		pickl = want_leaf;
	} else if (want_round > 0) {
		int nm = 0, last = -1;
		for (int l = 0; l < fam->nleaf; l++)
			if (rounds[l] == want_round) {
				nm++;
				last = l;
			}
		for (int i = 0; i < fam->ninner; i++)
			if (fam->inner_round[i] == want_round)
				pickv = i;
		if (nm == 1) {
			pickv = -1;
			pickl = last;
		}
	}
	return pickl >= 0 ? fam->leaf[pickl] : fam->inner[pickv];
}

void report_family_release(struct report_family *fam)
{
	for (int l = 0; l < fam->nleaf; l++)
		report_free(fam->leaf[l]);
	for (int i = 0; i < fam->ninner; i++)
		report_free(fam->inner[i]);
	free(fam->leaf);
	free(fam->inner);
	free(fam->inner_round);
	memset(fam, 0, sizeof(*fam));
}

enum rede_err report_family_view(struct report **leaves, const int64_t *rounds,
				 const int64_t *thresholds, int n, int want_leaf,
				 int64_t want_round, struct report **out, char **msg)
{
	struct report_family fam;
	enum rede_err err = report_family_all(leaves, rounds, thresholds, n,
					      report_par_helpers_default() + 1, &fam, msg);
	const struct report *pick;

	*out = NULL;
	if (err)
		return err;
	/* the view asked for, taken out of the family; the rest freed */
	pick = report_family_pick(&fam, rounds, want_leaf, want_round);
	for (int l = 0; l < fam.nleaf; l++)
		if (fam.leaf[l] == pick) {
			*out = fam.leaf[l];
			fam.leaf[l] = NULL;
		}
	for (int i = 0; i < fam.ninner; i++)
		if (fam.inner[i] == pick) {
			*out = fam.inner[i];
			fam.inner[i] = NULL;
		}
	report_family_release(&fam);
	return REDE_OK;
}

enum rede_err report_family_union(struct report **leaves, const int64_t *rounds,
				  const int64_t *thresholds, int n, struct report **out, char **msg)
{
	return report_family_view(leaves, rounds, thresholds, n, -1, 0, out, msg);
}

/* ---- the staff's view of their municipality ---- */

void report_protect_rest(struct report *m, int64_t threshold, const struct report *own)
{
	struct supp x;
	double *known = NULL;
	bool *has = NULL;

	supp_init(&x, m, threshold);
	supp_protect_all(&x);
	known = xcalloc((size_t)(x.nv ? x.nv : 1), sizeof(double));
	has = xcalloc((size_t)(x.nv ? x.nv : 1), sizeof(bool));
	/* what the reader knows exactly: the own units' cells, at the same
	 * place (a pooled row of theirs is not matched: it pools otherwise) */
	for (int t = 0; t < own->ntables; t++) {
		const struct report_table *ot = own->tables[t];
		const struct report_table *mt = report_table_get(m, ot->name);
		if (!mt || mt->ncols != ot->ncols)
			continue;
		for (int i = 0; i < ot->nrows; i++) {
			int row = report_row_find(mt, ot->rows[i].id);
			if (row < 0 || (ot->pool_id && !strcmp(ot->rows[i].id, ot->pool_id)))
				continue;
			for (int j = 0; j < ot->ncols; j++) {
				const struct report_cell *oc = &ot->rows[i].cells[j];
				const struct report_cell *mc = &mt->rows[row].cells[j];
				int w;
				if ((oc->kind != RCELL_COUNT && oc->kind != RCELL_SUM) ||
				    mc->kind != oc->kind || !mc->key)
					continue;
				w = supp_var_of_key(&x, mc->key);
				if (w >= 0 && !has[w]) {
					has[w] = true;
					known[w] = (double)oc->n;
				}
			}
		}
	}
	/* what is left for the others: protected when it is 1..threshold-1 */
	for (int pass = 0; pass < 2; pass++)
		for (int w = 0; w < x.nv; w++) {
			struct supp_var *v = &x.v[w];
			double rest = (double)v->value - known[w];
			bool small;
			if (!has[w] || v->is_sum != (pass == 1))
				continue;
			v->lo_known = known[w];
			if (!v->is_sum) {
				small = rest >= 1 && rest < (double)x.threshold;
				if (small && v->state == V_SHOWN)
					v->state = V_SECONDARY;
				v->must_protect = small;
				v->exempt = !small;
				continue;
			}
			small = v->basis >= 0 && x.v[v->basis].must_protect;
			if (small && v->state == V_SHOWN)
				v->state = V_SENSITIVE_SUM;
			v->need = fmax(1, rest / 2);
			v->exempt = !small;
		}
	supp_protect_all(&x);
	supp_finish(&x);
	supp_release(&x);
	free(known);
	free(has);
}
