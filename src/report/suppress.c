/*
 * suppress.c - small-number protection (DESIGN §5 "Small numbers";
 * report.h report_suppress).
 *
 * Primary suppression: a count from 1 to threshold-1 is shown as "<5".
 * A sum (minutes, øre) over such a count is hidden too: it would show
 * what one or two families cost.
 *
 * Secondary suppression: hiding the small counts is not enough when a
 * total, an equal cell in another table or a known inequality gives them
 * away. The report is seen as a linear system: every COUNT/SUM key is a
 * variable; every relation the builder declared (report_relations_each:
 * row/column totals, sums of another table's column) is an equation;
 * every report_le is an inequality. A reader knows every shown value, that a
 * "<5" lies in 1..threshold-1, that an "x" count is at least threshold
 * (complements are only ever chosen among such counts, so this is all the
 * marker tells) and that an "x" sum is at least 0. For every sensitive
 * hidden value, suppress.c computes by linear programming the smallest
 * and largest value consistent with all of that (lp.c) - the strongest
 * arithmetic attack on the published report - and keeps hiding
 * complementary cells until the range is wide enough: at least two whole
 * numbers for a count, half its value for a sum.
 *
 * Choosing complements: first the classic rule (an equation with a single
 * hidden cell gives it away: hide its cheapest other cell), then the audit
 * above, which adds, cheapest first, a cell that widens the range. Cheap
 * means: in the same table, not a total, smallest value - so the report
 * loses as little as possible. The loop ends because every step hides one
 * more cell and there are finitely many.
 *
 * Before an LP, a cheaper proof: a "chain" - the count moved by one, each
 * relation that breaks mended by another hidden cell of it - that keeps
 * every relation and bound shows the range holds two whole numbers, so the
 * LP (which would say the same) is skipped. family.c uses the same chains
 * across views; suppress.h exposes the system to it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/suppress.h"

bool supp_hidden(const struct supp_var *v)
{
	return v->state != V_SHOWN;
}

bool supp_sensitive(const struct supp_var *v)
{
	if (v->exempt)
		return false;
	return v->state == V_PRIMARY || v->state == V_SENSITIVE_SUM ||
	       (v->must_protect && v->state != V_SHOWN);
}

static int table_of(const struct report *r, const struct report_cell *cell)
{
	for (int t = 0; t < r->ntables; t++) {
		const struct report_table *tb = r->tables[t];
		for (int i = 0; i < tb->nrows; i++)
			if (cell >= tb->rows[i].cells && cell < tb->rows[i].cells + tb->ncols)
				return t;
	}
	return -1;
}

int supp_var_of_key(const struct supp *x, const char *key)
{
	int e = key ? report_keys_find(&x->k, key) : -1;
	return e < 0 ? -1 : x->k.ents[e].var;
}

static void add_con(struct supp *x, int n, const int *var, const double *coef, enum lp_op op)
{
	struct supp_con *c;

	if (n < 2)
		return;
	if (x->nc == x->ccap) {
		x->ccap = x->ccap ? 2 * x->ccap : 64;
		x->c = xrealloc(x->c, (size_t)x->ccap * sizeof(*x->c));
	}
	c = &x->c[x->nc];
	c->n = n;
	c->var = xmalloc((size_t)n * sizeof(int));
	c->coef = xmalloc((size_t)n * sizeof(double));
	memcpy(c->var, var, (size_t)n * sizeof(int));
	memcpy(c->coef, coef, (size_t)n * sizeof(double));
	c->op = op;
	for (int i = 0; i < n; i++) {
		struct supp_var *v = &x->v[var[i]];
		if (v->ncons && v->cons[v->ncons - 1] == x->nc)
			continue;
		v->cons = xrealloc(v->cons, (size_t)(v->ncons + 1) * sizeof(int));
		v->cons[v->ncons++] = x->nc;
	}
	x->nc++;
}

static bool additive(const struct report_cell *c)
{
	return c->kind == RCELL_COUNT || c->kind == RCELL_SUM;
}

/* One relation from report_relations_each: keys without a variable (not
 * a count or sum) drop out, the same variable twice nets out (a row equal
 * to its total), and the total of a sum is marked (cheap complements are
 * not totals). */
static void add_relation(const struct report_relation *rel, void *arg)
{
	struct supp *x = arg;
	int *var = xmalloc((size_t)rel->n * sizeof(int));
	double *coef = xmalloc((size_t)rel->n * sizeof(double));
	int k = 0, m = 0;

	for (int i = 0; i < rel->n; i++) {
		int v = supp_var_of_key(x, rel->keys[i]), found = -1;
		if (v < 0) {
			if (rel->le)
				goto out; /* an inequality needs both sides */
			continue;
		}
		for (int j = 0; j < k; j++)
			if (var[j] == v)
				found = j;
		if (found >= 0) {
			coef[found] += rel->coef[i];
			continue;
		}
		var[k] = v;
		coef[k++] = rel->coef[i];
		if (rel->sum && !i)
			x->v[v].is_total = true;
	}
	for (int j = 0; j < k; j++)
		if (coef[j] != 0) {
			var[m] = var[j];
			coef[m++] = coef[j];
		}
	add_con(x, m, var, coef, rel->le ? LP_LE : LP_EQ);
out:
	free(var);
	free(coef);
}

static void build(struct supp *x)
{
	struct report *r = x->r;

	report_keys_build(&x->k, r);
	x->v = xcalloc((size_t)(x->k.n ? x->k.n : 1), sizeof(*x->v));
	for (int e = 0; e < x->k.n; e++) {
		struct report_cell *c = x->k.ents[e].cells[0];
		struct supp_var *v;

		if (!additive(c))
			continue;
		v = &x->v[x->nv];
		v->ent = e;
		v->is_sum = c->kind == RCELL_SUM;
		v->value = c->n;
		v->basis = -1;
		v->table = table_of(r, c);
		x->k.ents[e].var = x->nv++;
	}
	for (int i = 0; i < x->nv; i++) {
		struct report_cell *c = x->k.ents[x->v[i].ent].cells[0];
		if (x->v[i].is_sum)
			x->v[i].basis = supp_var_of_key(x, c->basis);
	}
	report_relations_each(r, add_relation, x);
	/* scratch for the audit, kept clear between uses */
	x->s_comp = xmalloc((size_t)(x->nv ? x->nv : 1) * sizeof(int));
	x->s_local = xmalloc((size_t)(x->nv ? x->nv : 1) * sizeof(int));
	x->s_tv = xmalloc((size_t)(x->nv ? x->nv : 1) * sizeof(int));
	x->s_tc = xmalloc((size_t)(x->nv ? x->nv : 1) * sizeof(double));
	x->s_mark = xcalloc((size_t)(x->nv ? x->nv : 1), sizeof(bool));
	x->s_seen = xcalloc((size_t)(x->nc ? x->nc : 1), sizeof(bool));
	x->s_seen_list = xmalloc((size_t)(x->nc ? x->nc : 1) * sizeof(int));
	x->s_pos = xmalloc((size_t)(x->nv ? x->nv : 1) * sizeof(int));
	for (int i = 0; i < x->nv; i++)
		x->s_pos[i] = -1;
}

/* ---- chains: a small move built relation by relation ---- */

static double chain_delta(const struct supp_chain *ch, const int *pos, int k)
{
	return pos[k] >= 0 ? ch->d[pos[k]] : 0;
}

struct chain_cand {
	int var;
	double nd;
	int score;
};

static int chain_cand_cmp(const void *pa, const void *pb)
{
	const struct chain_cand *a = pa, *b = pb;

	if (a->score != b->score)
		return b->score - a->score;
	return a->var - b->var;
}

#define CHAIN_NODES 40 /* search steps per chain */
#define CHAIN_BRANCH 3 /* cells tried per relation to mend */

/* Mend the chain's first broken equation with another hidden cell of it,
 * depth first; true when every relation and bound holds. */
static bool chain_search(const struct supp *x, struct supp_chain *ch, int *pos,
			 int (*score)(void *arg, int var), void *arg)
{
	const struct supp_con *bad = NULL;
	struct chain_cand cand[64];
	double res = 0;
	int nc = 0;

	if (++ch->nodes > CHAIN_NODES)
		return false;
	for (int i = 0; i < ch->n && !bad; i++) {
		const struct supp_var *cur = &x->v[ch->k[i]];
		for (int a = 0; a < cur->ncons && !bad; a++) {
			const struct supp_con *c = &x->c[cur->cons[a]];
			if (c->op != LP_EQ)
				continue;
			res = 0;
			for (int j = 0; j < c->n; j++)
				res += c->coef[j] * chain_delta(ch, pos, c->var[j]);
			if (fabs(res) > 1e-9)
				bad = c;
		}
	}
	/* then a "<=" it breaks: mended the same way, by another cell of it
	 * moving back to the bound */
	for (int i = 0; i < ch->n && !bad; i++) {
		const struct supp_var *cur = &x->v[ch->k[i]];
		for (int a = 0; a < cur->ncons && !bad; a++) {
			const struct supp_con *c = &x->c[cur->cons[a]];
			if (c->op != LP_LE)
				continue;
			res = 0;
			for (int j = 0; j < c->n; j++)
				res += c->coef[j] * ((double)x->v[c->var[j]].value +
						     chain_delta(ch, pos, c->var[j]));
			if (res > 1e-9)
				bad = c;
		}
	}
	if (!bad)
		return true;
	for (int j = 0; j < bad->n && nc < 64; j++) {
		int y = bad->var[j], sc = 0;
		double lo, hi, nd, nv;
		/* the cell the chain moves keeps its move */
		if (!supp_hidden(&x->v[y]) || !bad->coef[j] || y == ch->k[0])
			continue;
		if (pos[y] < 0 && ch->n >= SUPP_CHAIN_MAX)
			continue;
		nd = chain_delta(ch, pos, y) - res / bad->coef[j];
		supp_bounds(x, &x->v[y], &lo, &hi);
		nv = (double)x->v[y].value + nd;
		if (nv < lo - 1e-9 || nv > hi + 1e-9)
			continue;
		if (score)
			sc = score(arg, y);
		if (pos[y] >= 0)
			sc += 1;
		cand[nc++] = (struct chain_cand){y, nd, sc};
	}
	qsort(cand, (size_t)nc, sizeof(*cand), chain_cand_cmp);
	for (int i = 0; i < nc && i < CHAIN_BRANCH; i++) {
		int y = cand[i].var, at = pos[y];
		double old = at >= 0 ? ch->d[at] : 0;
		bool added = at < 0;
		if (added) {
			at = ch->n++;
			ch->k[at] = y;
			pos[y] = at;
		}
		ch->d[at] = cand[i].nd;
		if (chain_search(x, ch, pos, score, arg))
			return true;
		if (added) {
			pos[y] = -1;
			ch->n--;
		} else {
			ch->d[at] = old;
		}
	}
	return false;
}

void supp_chain_clear(struct supp_chain *ch, int *pos)
{
	for (int i = 0; i < ch->n; i++)
		pos[ch->k[i]] = -1;
	ch->n = 0;
}

bool supp_chain_make(const struct supp *x, struct supp_chain *ch, int var, double dir, int *pos,
		     int (*score)(void *arg, int var), void *arg)
{
	double lo, hi, nv = (double)x->v[var].value + dir;

	memset(ch, 0, sizeof(*ch));
	supp_bounds(x, &x->v[var], &lo, &hi);
	if (!supp_hidden(&x->v[var]) || nv < lo - 1e-9 || nv > hi + 1e-9)
		return false;
	ch->k[0] = var;
	ch->d[0] = dir;
	ch->n = 1;
	pos[var] = 0;
	if (chain_search(x, ch, pos, score, arg))
		return true;
	supp_chain_clear(ch, pos);
	return false;
}

/* ---- the reader's range of a hidden value ---- */

/* Hidden variables connected to v through constraints; returns count,
 * fills comp (size nv) and mark (vars in the component). */
int supp_component(const struct supp *x, int v, int *comp, bool *mark)
{
	int n = 0, head = 0;

	comp[n++] = v;
	mark[v] = true;
	while (head < n) {
		struct supp_var *cur = &x->v[comp[head++]];
		for (int i = 0; i < cur->ncons; i++) {
			struct supp_con *c = &x->c[cur->cons[i]];
			for (int j = 0; j < c->n; j++)
				if (!mark[c->var[j]] && supp_hidden(&x->v[c->var[j]])) {
					mark[c->var[j]] = true;
					comp[n++] = c->var[j];
				}
		}
	}
	return n;
}

void supp_bounds(const struct supp *x, const struct supp_var *v, double *lo, double *hi)
{
	if (v->state == V_PRIMARY && v->relabeled) {
		*lo = 1;
		*hi = LP_INF;
	} else if (v->state == V_PRIMARY) {
		*lo = 1;
		*hi = (double)(x->threshold - 1);
	} else if (!v->is_sum) {
		*lo = (double)x->threshold;
		*hi = LP_INF;
	} else {
		*lo = 0;
		*hi = LP_INF;
	}
	if (v->lo_known > *lo)
		*lo = v->lo_known;
}

double supp_need(const struct supp_var *v)
{
	if (v->need > 0)
		return v->need;
	return v->is_sum ? fmax(1, (double)v->value / 2) : 1;
}

bool supp_wide_enough(const struct supp_var *v, double lo, double hi)
{
	if (v->is_sum)
		return hi - lo >= supp_need(v) - 1e-6;
	return floor(hi + 1e-6) - ceil(lo - 1e-6) >= 1;
}

/* Keep where the range of v was reached, as a move from the true values
 * (family.c tries it against the other views before any LP). */
static void keep_move(struct supp *x, int v, const int *comp, int n, const double *sol)
{
	struct supp_var *sv = &x->v[v];
	int m = 0;

	free(sv->move_var);
	free(sv->move_delta);
	sv->move_var = NULL;
	sv->move_delta = NULL;
	sv->move_n = 0;
	if (!sol)
		return;
	sv->move_var = xmalloc((size_t)n * sizeof(int));
	sv->move_delta = xmalloc((size_t)n * sizeof(double));
	for (int i = 0; i < n; i++) {
		double d = sol[i] - (double)x->v[comp[i]].value;
		if (fabs(d) > 1e-9) {
			sv->move_var[m] = comp[i];
			sv->move_delta[m++] = d;
		}
	}
	sv->move_n = m;
}

/* The reader's range [lo, hi] of variable v; with need > 0, stops after
 * the maximum when it alone shows the range is at least need wide (then
 * *lo is the true value). */
static void range(struct supp *x, int v, double need, double *lo, double *hi)
{
	int *comp = x->s_comp, *local = x->s_local, *tv = x->s_tv, *seen_list = x->s_seen_list;
	bool *mark = x->s_mark, *seen = x->s_seen;
	double *tc = x->s_tc;
	int n = supp_component(x, v, comp, mark), nseen = 0;
	struct lp p;

	lp_init(&p, n);
	for (int i = 0; i < n; i++) {
		double l, h;
		local[comp[i]] = i;
		supp_bounds(x, &x->v[comp[i]], &l, &h);
		lp_bounds(&p, i, l, h);
	}
	for (int i = 0; i < n; i++) {
		struct supp_var *cur = &x->v[comp[i]];
		for (int k = 0; k < cur->ncons; k++) {
			struct supp_con *c = &x->c[cur->cons[k]];
			double rhs = 0;
			int m = 0;
			if (seen[cur->cons[k]])
				continue;
			seen[cur->cons[k]] = true;
			seen_list[nseen++] = cur->cons[k];
			for (int j = 0; j < c->n; j++) {
				struct supp_var *w = &x->v[c->var[j]];
				if (mark[c->var[j]]) {
					tv[m] = local[c->var[j]];
					tc[m++] = c->coef[j];
				} else {
					rhs -= c->coef[j] * (double)w->value;
				}
			}
			lp_add(&p, m, tv, tc, c->op, rhs);
		}
	}
	{
		double *sol_hi = xcalloc((size_t)n, sizeof(double));
		double *sol_lo = xcalloc((size_t)n, sizeof(double)), *best = NULL;
		double value = (double)x->v[v].value;
		struct lp_range r;

		lp_range(&p, 0, value, need, &r, sol_hi, sol_lo);
		*hi = r.hi;
		*lo = r.lo_status == LP_OPTIMAL ? r.lo : value;
		if (r.hi_status == LP_OPTIMAL)
			best = sol_hi;
		if (r.lo_status == LP_OPTIMAL && (!best || value - *lo > *hi - value))
			best = sol_lo;
		keep_move(x, v, comp, n, best);
		free(sol_hi);
		free(sol_lo);
	}
	lp_release(&p);
	for (int i = 0; i < n; i++)
		mark[comp[i]] = false;
	for (int i = 0; i < nseen; i++)
		seen[seen_list[i]] = false;
}

/* Wide enough: two whole numbers for a count, half the value for a sum. */
static bool protected_enough(struct supp *x, int v, double *width)
{
	double lo, hi, need = supp_need(&x->v[v]);
	struct supp_chain ch;

	/* A count that can move by one is protected: no LP needed. */
	if (!x->v[v].is_sum)
		for (int dir = 1; dir >= -1; dir -= 2)
			if (supp_chain_make(x, &ch, v, dir, x->s_pos, NULL, NULL)) {
				supp_chain_clear(&ch, x->s_pos);
				*width = 1;
				return true;
			}

	range(x, v, need, &lo, &hi);
	*width = hi - lo;
	return supp_wide_enough(&x->v[v], lo, hi);
}

/* ---- choosing complements ---- */

bool supp_eligible(const struct supp *x, const struct supp_var *v)
{
	if (supp_hidden(v))
		return false;
	return v->is_sum ? true : v->value >= x->threshold;
}

/* Is a cheaper than b as a complement for a cell in table t? */
bool supp_cheaper(const struct supp_var *a, const struct supp_var *b, int t)
{
	if ((a->table == t) != (b->table == t))
		return a->table == t;
	if (a->is_total != b->is_total)
		return !a->is_total;
	if (a->value != b->value)
		return a->value < b->value;
	return a->ent < b->ent;
}

struct cmp_arg {
	const struct supp *x;
	int table;
};

static int cand_cmp(const void *pa, const void *pb, void *arg)
{
	const struct cmp_arg *ca = arg;
	const struct supp_var *a = &ca->x->v[*(const int *)pa], *b = &ca->x->v[*(const int *)pb];

	if (a == b)
		return 0;
	return supp_cheaper(a, b, ca->table) ? -1 : 1;
}

/* The classic rule: an equation with exactly one hidden cell. */
static bool one_hidden_pass(struct supp *x)
{
	bool changed = false;

	for (int i = 0; i < x->nc; i++) {
		struct supp_con *c = &x->c[i];
		int nh = 0, h = -1, best = -1;

		if (c->op != LP_EQ)
			continue;
		for (int j = 0; j < c->n; j++)
			if (supp_hidden(&x->v[c->var[j]])) {
				nh++;
				h = c->var[j];
			}
		if (nh != 1)
			continue;
		for (int j = 0; j < c->n; j++) {
			struct supp_var *w = &x->v[c->var[j]];
			if (supp_eligible(x, w) &&
			    (best < 0 || supp_cheaper(w, &x->v[best], x->v[h].table)))
				best = c->var[j];
		}
		if (best >= 0) {
			x->v[best].state = V_SECONDARY;
			changed = true;
		}
	}
	return changed;
}

/* Protect sensitive variable v: hide complements until its range is wide
 * enough. */
void supp_protect(struct supp *x, int v)
{
	double width, w2;
	int *comp = xmalloc((size_t)x->nv * sizeof(int));
	bool *mark = xmalloc((size_t)x->nv * sizeof(bool));
	int *cand = xmalloc((size_t)x->nv * sizeof(int));
	bool *is_cand = xmalloc((size_t)x->nv * sizeof(bool));

	memset(mark, 0, (size_t)x->nv * sizeof(bool));
	while (!protected_enough(x, v, &width)) {
		int n = supp_component(x, v, comp, mark), nc = 0, pick = -1;
		for (int i = 0; i < n; i++)
			mark[comp[i]] = false;

		memset(is_cand, 0, (size_t)x->nv * sizeof(bool));
		for (int i = 0; i < n; i++) {
			struct supp_var *cur = &x->v[comp[i]];
			for (int k = 0; k < cur->ncons; k++) {
				struct supp_con *c = &x->c[cur->cons[k]];
				for (int j = 0; j < c->n; j++)
					if (!is_cand[c->var[j]] &&
					    supp_eligible(x, &x->v[c->var[j]])) {
						is_cand[c->var[j]] = true;
						cand[nc++] = c->var[j];
					}
			}
		}
		if (!nc) {
			/* Nothing left to hide: the "<5" around it say too much
			 * (four "<5" adding up to a "<5" are each 1). Shown as
			 * "x" they say only "at least 1". */
			bool any = false;
			for (int i = 0; i < n; i++)
				if (x->v[comp[i]].state == V_PRIMARY && !x->v[comp[i]].relabeled)
					any = x->v[comp[i]].relabeled = true;
			if (any)
				continue;
			log_warn("suppress: no complement left for a hidden cell");
			x->v[v].unprotected = true;
			break;
		}
		{
			struct cmp_arg ca = {x, x->v[v].table};
			qsort_r(cand, (size_t)nc, sizeof(int), cand_cmp, &ca);
		}
		for (int i = 0; i < nc && pick < 0; i++) {
			x->v[cand[i]].state = V_SECONDARY;
			if (protected_enough(x, v, &w2) || w2 > width + 1e-9)
				pick = cand[i];
			else
				x->v[cand[i]].state = V_SHOWN;
		}
		if (pick < 0)
			x->v[cand[0]].state = V_SECONDARY;
	}
	free(comp);
	free(mark);
	free(cand);
	free(is_cand);
}

/* ---- marking the cells ---- */

static void mark_cells(struct supp *x)
{
	struct report *r = x->r;

	for (int i = 0; i < x->nv; i++) {
		struct report_keyent *e = &x->k.ents[x->v[i].ent];
		enum report_supp s = RSUPP_NONE;
		switch (x->v[i].state) {
		case V_PRIMARY:
			if (x->v[i].relabeled) {
				s = RSUPP_SECONDARY;
				r->secondary++;
				break;
			}
			s = RSUPP_PRIMARY;
			r->primary++;
			break;
		case V_SECONDARY:
			s = RSUPP_SECONDARY;
			r->secondary++;
			break;
		case V_SENSITIVE_SUM:
			s = RSUPP_DEPENDENT;
			r->dependent++;
			break;
		default: break;
		}
		for (int j = 0; j < e->ncells; j++)
			e->cells[j]->supp = s;
	}
}

/* Is the quantity key hidden (or computed from a hidden one)? */
static bool key_hidden(struct supp *x, const char *key, int depth)
{
	int e = key ? report_keys_find(&x->k, key) : -1;
	struct report_cell *c;

	if (e < 0 || depth > 4)
		return false;
	c = x->k.ents[e].cells[0];
	if (additive(c))
		return c->supp != RSUPP_NONE;
	if (c->kind == RCELL_RATIO || c->kind == RCELL_SHARE || c->kind == RCELL_DIFF)
		return key_hidden(x, c->a, depth + 1) || key_hidden(x, c->b, depth + 1);
	return false;
}

static void mark_derived(struct supp *x)
{
	struct report *r = x->r;

	for (int t = 0; t < r->ntables; t++) {
		struct report_table *tb = r->tables[t];
		for (int i = 0; i < tb->nrows; i++)
			for (int j = 0; j < tb->ncols; j++) {
				struct report_cell *c = &tb->rows[i].cells[j];
				bool hide = false;
				int b;

				switch (c->kind) {
				case RCELL_SHARE:
				case RCELL_RATIO:
				case RCELL_DIFF:
					hide = key_hidden(x, c->a, 0) || key_hidden(x, c->b, 0);
					break;
				case RCELL_QUANTILE:
					b = supp_var_of_key(x, c->basis);
					/* A quantile over fewer than the threshold shows
					 * individuals. */
					hide = b < 0 || supp_hidden(&x->v[b]) ||
					       x->v[b].value < x->threshold;
					break;
				default: break;
				}
				if (hide && c->supp == RSUPP_NONE) {
					c->supp = RSUPP_DEPENDENT;
					r->dependent++;
				}
			}
	}
}

void supp_init(struct supp *x, struct report *r, int64_t threshold)
{
	memset(x, 0, sizeof(*x));
	x->r = r;
	x->threshold = threshold < 1 ? 1 : threshold;
	build(x);
	for (int i = 0; i < x->nv; i++)
		if (!x->v[i].is_sum && x->v[i].value >= 1 && x->v[i].value < x->threshold)
			x->v[i].state = V_PRIMARY;
	for (int i = 0; i < x->nv; i++)
		if (x->v[i].is_sum && x->v[i].basis >= 0 && x->v[x->v[i].basis].state == V_PRIMARY)
			x->v[i].state = V_SENSITIVE_SUM;
}

void supp_protect_all(struct supp *x)
{
	bool changed;

	/* Hiding a cell only ever widens what a reader can deduce, so a cell
	 * once protected stays protected: one audit pass suffices. */
	do
		changed = one_hidden_pass(x);
	while (changed);
	for (int i = 0; i < x->nv; i++)
		if (supp_sensitive(&x->v[i]))
			supp_protect(x, i);
	/* A sum over a count hidden as a complement is hidden too (the cost
	 * of the alternative intervention is a known price times the count)
	 * and protected like the others; repeat while that hides more. */
	do {
		changed = false;
		for (int i = 0; i < x->nv; i++) {
			struct supp_var *v = &x->v[i];
			if (!v->is_sum || v->basis < 0 || !supp_hidden(&x->v[v->basis]))
				continue;
			if (v->state == V_SHOWN) {
				v->state = V_SENSITIVE_SUM;
				changed = true;
			} else if (v->state == V_SECONDARY && !v->must_protect) {
				/* hidden as a complement already: protected too */
				v->must_protect = true;
				changed = true;
			}
		}
		for (int i = 0; changed && i < x->nv; i++)
			if (supp_sensitive(&x->v[i]))
				supp_protect(x, i);
	} while (changed);
}

void supp_finish(struct supp *x)
{
	struct report *r = x->r;

	r->threshold = x->threshold;
	/* Applied only to a report with counts or sums to protect: the
	 * typology's scores are about practices, and a report that protects
	 * nothing must not say it did (suppression.applied). */
	r->suppressed = x->nv > 0;
	r->primary = r->secondary = r->dependent = 0;
	for (int t = 0; t < r->ntables; t++)
		for (int i = 0; i < r->tables[t]->nrows; i++)
			for (int j = 0; j < r->tables[t]->ncols; j++)
				r->tables[t]->rows[i].cells[j].supp = RSUPP_NONE;
	mark_cells(x);
	mark_derived(x);
}

void supp_release(struct supp *x)
{
	for (int i = 0; i < x->nv; i++) {
		free(x->v[i].cons);
		free(x->v[i].move_var);
		free(x->v[i].move_delta);
	}
	for (int i = 0; i < x->nc; i++) {
		free(x->c[i].var);
		free(x->c[i].coef);
	}
	free(x->c);
	free(x->v);
	free(x->s_comp);
	free(x->s_local);
	free(x->s_tv);
	free(x->s_tc);
	free(x->s_mark);
	free(x->s_seen);
	free(x->s_seen_list);
	free(x->s_pos);
	report_keys_release(&x->k);
	memset(x, 0, sizeof(*x));
}

int report_suppress(struct report *r, int64_t threshold)
{
	struct supp x;

	supp_init(&x, r, threshold);
	supp_protect_all(&x);
	supp_finish(&x);
	supp_release(&x);
	return r->primary + r->secondary + r->dependent;
}
