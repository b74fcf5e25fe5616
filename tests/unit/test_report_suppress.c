/*
 * test_report_suppress.c - small-number protection (src/report/suppress.c)
 * attacked by arithmetic: after suppression, an attacker who knows every
 * shown cell, every declared total and inequality, that "<5" means 1..4
 * and that "x" counts are at least 5, enumerates every whole-number
 * filling of the hidden cells consistent with all of it. No hidden small
 * count may come out with a single possible value. Includes the case the
 * classic "two hidden cells per row" rule misses ([1, 0, 5 | 6]), equal
 * cells across tables, inequalities, and several hundred random tables.
 * Also: the LP solver on known problems, derived cells, number formats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rede/report.h"
#include "report/lp.h"

#define T5 5

/* ---- the attacker ---- */

struct atk_var {
	const char *key;
	int view;      /* which answer (several views of the same data) */
	bool union_of; /* in a union of views, "x" means at least 1 */
	int64_t value; /* the truth, to check the attacker finds it feasible */
	bool hidden;
	bool primary;
	int lo, hi; /* domain when hidden */
};

struct atk_eq {
	int n;
	int var[64];
	int coef[64];
	bool le; /* sum <= 0 instead of == 0 */
};

struct atk {
	struct atk_var v[256];
	int nv;
	struct atk_eq e[256];
	int ne;
	int order[256], nh; /* hidden vars in search order */
	int64_t assign[256];
	/* per hidden var: the set of values seen in some consistent filling */
	bool seen[256][64];
	int view; /* the view being read */
	bool view_union;
};

static int atk_var(struct atk *a, const struct report_cell *c)
{
	for (int i = 0; i < a->nv; i++)
		if (a->v[i].view == a->view && !strcmp(a->v[i].key, c->key))
			return i;
	assert_true(a->nv < 256);
	a->v[a->nv].key = c->key;
	a->v[a->nv].view = a->view;
	a->v[a->nv].union_of = a->view_union;
	a->v[a->nv].value = c->n;
	a->v[a->nv].hidden = c->supp != RSUPP_NONE;
	a->v[a->nv].primary = c->supp == RSUPP_PRIMARY;
	return a->nv++;
}

static void atk_eq(struct atk *a, struct report_cell **cells, int n)
{
	struct atk_eq *e = &a->e[a->ne++];

	e->n = 0;
	e->le = false;
	for (int i = 0; i < n; i++) {
		e->var[e->n] = atk_var(a, cells[i]);
		e->coef[e->n++] = i ? -1 : 1;
	}
}

/* The attacker reads a report as published: structure, shown values,
 * markers (as view a->view). */
static void atk_add(struct atk *a, struct report *r)
{
	for (int t = 0; t < r->ntables; t++) {
		struct report_table *tb = r->tables[t];
		struct report_cell *cells[64];
		int tot = -1;

		for (int i = 0; i < tb->nrows; i++)
			if (tb->rows[i].total)
				tot = i;
		for (int i = 0; i < tb->nrows; i++)
			for (int j = 0; j < tb->ncols; j++)
				if (tb->rows[i].cells[j].kind == RCELL_COUNT)
					atk_var(a, &tb->rows[i].cells[j]);
		if (tb->total_col >= 0)
			for (int i = 0; i < tb->nrows; i++) {
				int k = 0;
				cells[k++] = &tb->rows[i].cells[tb->total_col];
				for (int j = 0; j < tb->ncols; j++)
					if (tb->cols[j].part)
						cells[k++] = &tb->rows[i].cells[j];
				atk_eq(a, cells, k);
			}
		if (tot >= 0)
			for (int j = 0; j < tb->ncols; j++) {
				int k = 0;
				if (!tb->cols[j].summed)
					continue;
				cells[k++] = &tb->rows[tot].cells[j];
				for (int i = 0; i < tb->nrows; i++)
					if (i != tot)
						cells[k++] = &tb->rows[i].cells[j];
				atk_eq(a, cells, k);
			}
	}
	/* A quantity that is the sum of another table's column (read from the
	 * declaration, expanded here, not by relations.c). */
	for (int i = 0; i < r->ncolsums; i++) {
		struct report_table *tb = report_table_get(r, r->colsums[i].table);
		int col = report_col_find(tb, r->colsums[i].col), k = 0, tv = -1;
		struct report_cell *cells[64];
		for (int t = 0; t < r->ntables && tv < 0; t++)
			for (int i2 = 0; i2 < r->tables[t]->nrows && tv < 0; i2++)
				for (int j = 0; j < r->tables[t]->ncols; j++)
					if (r->tables[t]->rows[i2].cells[j].key &&
					    !strcmp(r->tables[t]->rows[i2].cells[j].key,
						    r->colsums[i].total)) {
						cells[k++] = &r->tables[t]->rows[i2].cells[j];
						tv = 0;
						break;
					}
		assert_int_equal(tv, 0);
		for (int i2 = 0; i2 < tb->nrows; i2++)
			if (!tb->rows[i2].total)
				cells[k++] = &tb->rows[i2].cells[col];
		atk_eq(a, cells, k);
	}
	for (int i = 0; i < r->nles; i++) {
		struct atk_eq *e = &a->e[a->ne++];
		int va = -1, vb = -1;
		for (int k = 0; k < a->nv; k++) {
			if (a->v[k].view == a->view && !strcmp(a->v[k].key, r->les[i].a))
				va = k;
			if (a->v[k].view == a->view && !strcmp(a->v[k].key, r->les[i].b))
				vb = k;
		}
		assert_true(va >= 0 && vb >= 0);
		e->n = 2;
		e->var[0] = va;
		e->coef[0] = 1;
		e->var[1] = vb;
		e->coef[1] = -1;
		e->le = true;
	}
}

/* The union view u (read as a->view) is, cell by cell, the sum of the
 * views parts (read as views 0..nparts-1). */
static void atk_union(struct atk *a, struct report *u, struct report **parts, int nparts)
{
	for (int t = 0; t < u->ntables; t++) {
		struct report_table *ut = u->tables[t];
		for (int i = 0; i < ut->nrows; i++)
			for (int j = 0; j < ut->ncols; j++) {
				struct atk_eq *e = &a->e[a->ne];
				struct report_cell *uc = &ut->rows[i].cells[j];
				if (uc->kind != RCELL_COUNT)
					continue;
				e->n = 0;
				e->le = false;
				for (int k = 0; k < a->nv; k++)
					if (a->v[k].view == a->view &&
					    !strcmp(a->v[k].key, uc->key)) {
						e->var[e->n] = k;
						e->coef[e->n++] = 1;
					}
				for (int p = 0; p < nparts; p++) {
					struct report_table *pt =
						report_table_get(parts[p], ut->name);
					int r2 = report_row_find(pt, ut->rows[i].id);
					if (r2 < 0)
						continue;
					for (int k = 0; k < a->nv; k++)
						if (a->v[k].view == p &&
						    !strcmp(a->v[k].key,
							    pt->rows[r2].cells[j].key)) {
							e->var[e->n] = k;
							e->coef[e->n++] = -1;
						}
				}
				a->ne++;
			}
	}
}

/* Domains and the search order. */
static void atk_finish(struct atk *a, int maxval)
{
	for (int i = 0; i < a->nv; i++)
		if (a->v[i].hidden) {
			a->v[i].lo = a->v[i].primary ? 1 : a->v[i].union_of ? 1 : T5;
			a->v[i].hi = a->v[i].primary ? T5 - 1 : maxval;
		}
	/* Search order: a cell an equation then fixes comes as soon as it is
	 * fixed; otherwise small domains (the "<5" cells) first. */
	{
		bool done[256] = {0};
		int nhid = 0;
		for (int i = 0; i < a->nv; i++)
			nhid += a->v[i].hidden;
		while (a->nh < nhid) {
			int pick = -1;
			for (int i = 0; i < a->ne && pick < 0; i++) {
				int open = 0, last = -1;
				if (a->e[i].le)
					continue;
				for (int k = 0; k < a->e[i].n; k++) {
					int w = a->e[i].var[k];
					if (a->v[w].hidden && !done[w]) {
						open++;
						last = w;
					}
				}
				if (open == 1)
					pick = last;
			}
			for (int i = 0; i < a->nv && pick < 0; i++)
				if (a->v[i].hidden && !done[i] && a->v[i].primary)
					pick = i;
			for (int i = 0; i < a->nv && pick < 0; i++)
				if (a->v[i].hidden && !done[i])
					pick = i;
			done[pick] = true;
			a->order[a->nh++] = pick;
		}
	}
}

static void atk_read(struct atk *a, struct report *r, int maxval)
{
	memset(a, 0, sizeof(*a));
	atk_add(a, r);
	atk_finish(a, maxval);
}

static int64_t val(const struct atk *a, int v, const int *pos)
{
	return a->v[v].hidden ? a->assign[pos[v]] : a->v[v].value;
}

/* Check the equations whose hidden variables are all among the first
 * `depth` assigned. */
static bool consistent(const struct atk *a, const int *pos, int depth, bool final)
{
	for (int i = 0; i < a->ne; i++) {
		const struct atk_eq *e = &a->e[i];
		int64_t sum = 0;
		bool ready = true;
		for (int k = 0; k < e->n && ready; k++) {
			int v = e->var[k];
			if (a->v[v].hidden && pos[v] >= depth)
				ready = false;
			else
				sum += e->coef[k] * val(a, v, pos);
		}
		if (!ready && !final)
			continue;
		if (e->le ? sum > 0 : sum != 0)
			return false;
	}
	return true;
}

static void search(struct atk *a, const int *pos, int depth, long *steps)
{
	if (++*steps > 20000000L)
		fail_msg("attack search too large");
	if (depth == a->nh) {
		if (!consistent(a, pos, depth, true))
			return;
		for (int i = 0; i < a->nh; i++)
			if (a->assign[i] < 64)
				a->seen[i][a->assign[i]] = true;
		return;
	}
	{
		struct atk_var *v = &a->v[a->order[depth]];
		int lo = v->lo, hi = v->hi;
		/* Forward checking: an equation whose only unassigned hidden cell
		 * is this one fixes its value. */
		for (int i = 0; i < a->ne; i++) {
			const struct atk_eq *e = &a->e[i];
			int64_t sum = 0;
			int coef = 0, open = 0;
			if (e->le)
				continue;
			for (int k = 0; k < e->n; k++) {
				int w = e->var[k];
				if (a->v[w].hidden && pos[w] >= depth) {
					open++;
					if (pos[w] == depth)
						coef += e->coef[k];
				} else {
					sum += e->coef[k] * val(a, w, pos);
				}
			}
			if (open == 1 && coef) {
				int64_t forced = -sum / coef;
				if (forced * coef != -sum || forced < lo || forced > hi)
					return;
				lo = hi = (int)forced;
				break;
			}
		}
		for (int x = lo; x <= hi; x++) {
			a->assign[depth] = x;
			if (consistent(a, pos, depth + 1, false))
				search(a, pos, depth + 1, steps);
		}
	}
}

/* Run the attack: the number of hidden primaries it pins to one value
 * (the truth must always be feasible); *primaries gets how many there are. */
static int attack_prepared(struct atk *a, int *primaries_out);
static bool atk_quiet; /* the attacks meant to succeed */

static int attack_pins(struct report *r, int maxval, int *primaries_out)
{
	struct atk *a = calloc(1, sizeof(*a));

	atk_read(a, r, maxval);
	return attack_prepared(a, primaries_out);
}

/* Every view a reader has: views[0..nleaves-1] are the parts, the rest
 * unions of the parts in members[v] (a bit per part). The number of hidden
 * small counts pinned. */
static int attack_views(struct report **views, const unsigned *members, int nleaves, int nviews,
			int maxval, int *primaries_out)
{
	struct atk *a = calloc(1, sizeof(*a));

	for (int v = 0; v < nviews; v++) {
		struct report *parts[8];
		int np = 0;
		a->view = v;
		a->view_union = v >= nleaves;
		atk_add(a, views[v]);
		if (v < nleaves)
			continue;
		for (int l = 0; l < nleaves; l++)
			if (members[v] & (1u << l))
				parts[np++] = views[l];
		/* atk_union reads parts as views 0..np-1: the parts are the
		 * first views, in order, so their numbers are their own */
		assert_true(np == nleaves || members[v] == (1u << np) - 1);
		atk_union(a, views[v], parts, np);
	}
	atk_finish(a, maxval);
	return attack_prepared(a, primaries_out);
}

static int attack_prepared(struct atk *a, int *primaries_out)
{
	int pos[256], primaries = 0, pinned = 0;
	long steps = 0;

	for (int i = 0; i < a->nv; i++)
		pos[i] = -1;
	for (int i = 0; i < a->nh; i++)
		pos[a->order[i]] = i;
	search(a, pos, 0, &steps);
	for (int i = 0; i < a->nh; i++) {
		const struct atk_var *v = &a->v[a->order[i]];
		int n = 0;
		for (int x = 0; x < 64; x++)
			n += a->seen[i][x];
		if (v->value < 64)
			assert_true(a->seen[i][v->value]);
		if (v->primary) {
			primaries++;
			if (n < 2) {
				if (!atk_quiet)
					print_message("hidden count %s = %lld can be worked out\n",
						      v->key, (long long)v->value);
				pinned++;
			}
		}
	}
	free(a);
	*primaries_out = primaries;
	return pinned;
}

/* Assert that no hidden count can be worked out; returns how many there are. */
static int attack(struct report *r, int maxval)
{
	int primaries = 0;

	assert_int_equal(attack_pins(r, maxval, &primaries), 0);
	return primaries;
}

/* ---- building test tables ---- */

/* A rows x cols table of counts with a total column and a total row. */
static struct report_table *grid(struct report *r, const char *name, int rows, int cols,
				 const int *values)
{
	const char *colspec[2 * 9 + 1] = {0};
	char ids[9][16];
	int parts[9], sums[9];
	struct report_table *t;

	for (int j = 0; j <= cols; j++) {
		snprintf(ids[j], sizeof(ids[j]), "c%d", j);
		colspec[2 * j] = ids[j];
		colspec[2 * j + 1] = ids[j];
	}
	colspec[2 * (cols + 1)] = NULL;
	t = report_table(r, name, name, colspec);
	for (int j = 0; j < cols; j++)
		parts[j] = j;
	parts[cols] = -1;
	for (int j = 0; j <= cols; j++)
		sums[j] = j;
	sums[cols + 1] = -1;
	report_table_row_sums(t, cols, parts);
	report_table_col_sums(t, sums);
	for (int i = 0; i < rows; i++) {
		char id[16];
		snprintf(id, sizeof(id), "r%d", i);
		report_row(t, id, id);
		for (int j = 0; j <= cols; j++)
			report_set_count(t, i, j, j < cols ? values[i * cols + j] : 0, NULL);
	}
	report_row_total(t, "total");
	for (int j = 0; j <= cols; j++)
		report_set_count(t, rows, j, 0, NULL);
	report_table_totals(t);
	return t;
}

static enum report_supp supp_of(struct report_table *t, int row, int col)
{
	return report_cell_at(t, row, col)->supp;
}

/* ---- tests ---- */

/* The attacker is real: the naive pattern (hide the 1 and its cheapest
 * row partner) is broken by it. */
static void the_attacker_breaks_a_naive_pattern(void **state)
{
	struct report *r = report_new("t", "t");
	const char *const cols[] = {"a", "a", "b", "b", "c", "c", "t", "t", NULL};
	struct report_table *t = report_table(r, "row", "row", cols);
	int primaries = 0;
	(void)state;

	report_table_row_sums(t, 3, (const int[]){0, 1, 2, -1});
	report_row(t, "r", "r");
	report_set_count(t, 0, 0, 1, NULL);
	report_set_count(t, 0, 1, 0, NULL);
	report_set_count(t, 0, 2, 5, NULL);
	report_set_count(t, 0, 3, 6, NULL);
	report_table_totals(t);
	report_cell_at(t, 0, 0)->supp = RSUPP_PRIMARY;
	report_cell_at(t, 0, 2)->supp = RSUPP_SECONDARY;
	assert_int_equal(attack_pins(r, 40, &primaries), 1);
	report_free(r);
}

static void one_small_cell_in_a_row(void **state)
{
	struct report *r = report_new("t", "t");
	const int v[] = {3, 12, 20, 9, 14, 11};
	(void)state;
	struct report_table *t = grid(r, "g", 2, 3, v);

	report_suppress(r, T5);
	assert_int_equal(supp_of(t, 0, 0), RSUPP_PRIMARY);
	assert_true(attack(r, 80) == 1);
	assert_true(r->secondary >= 3);
	report_free(r);
}

/* [1, 0, 5 | 6]: hiding 1 and 5 leaves 1 + x = 6 with x >= 5, so x = 5
 * and the 1 is known. The LP audit must hide more. */
static void the_case_two_per_row_misses(void **state)
{
	struct report *r = report_new("t", "t");
	const char *const cols[] = {"a", "a", "b", "b", "c", "c", "t", "t", NULL};
	struct report_table *t = report_table(r, "row", "row", cols);
	(void)state;

	report_table_row_sums(t, 3, (const int[]){0, 1, 2, -1});
	report_row(t, "r", "r");
	report_set_count(t, 0, 0, 1, NULL);
	report_set_count(t, 0, 1, 0, NULL);
	report_set_count(t, 0, 2, 5, NULL);
	report_set_count(t, 0, 3, 6, NULL);
	report_suppress(r, T5);
	assert_int_equal(supp_of(t, 0, 0), RSUPP_PRIMARY);
	assert_int_equal(supp_of(t, 0, 3), RSUPP_SECONDARY);
	assert_int_equal(supp_of(t, 0, 1), RSUPP_NONE); /* zeros stay */
	attack(r, 40);
	report_free(r);
}

/* The same count in two tables is one quantity: hidden in both, and the
 * second table's total cannot give it away. */
static void equal_cells_across_tables(void **state)
{
	struct report *r = report_new("t", "t");
	const int v[] = {2, 30, 17, 25};
	const char *const cols[] = {"n", "n", NULL};
	struct report_table *g, *t2;
	(void)state;

	g = grid(r, "g", 2, 2, v);
	/* table 2 repeats cell (0,0) and its row total, with its own total */
	t2 = report_table(r, "other", "other", cols);
	report_table_col_sums(t2, (const int[]){0, -1});
	report_row(t2, "a", "a");
	report_set_count(t2, 0, 0, 2, report_cell_key(g, 0, 0));
	report_row(t2, "b", "b");
	report_set_count(t2, 1, 0, 9, NULL);
	report_row_total(t2, "total");
	report_set_count(t2, 2, 0, 11, NULL);
	report_suppress(r, T5);
	assert_int_equal(supp_of(t2, 0, 0), RSUPP_PRIMARY);
	assert_int_equal(supp_of(g, 0, 0), RSUPP_PRIMARY);
	attack(r, 90);
	report_free(r);
}

/* visited <= offered: with offered = 5 shown and visited hidden in 1..4
 * next to a shown total, the inequality must not pin it. */
static void inequalities_are_known_to_the_reader(void **state)
{
	struct report *r = report_new("t", "t");
	const int offered[] = {6, 40}, visited[] = {2, 21};
	struct report_table *o = grid(r, "offered", 1, 2, offered);
	struct report_table *v = grid(r, "visited", 1, 2, visited);
	(void)state;

	for (int j = 0; j < 3; j++)
		report_le(r, report_cell_key(v, 0, j), report_cell_key(o, 0, j));
	report_suppress(r, T5);
	assert_int_equal(supp_of(v, 0, 0), RSUPP_PRIMARY);
	attack(r, 60);
	report_free(r);
}

static uint32_t rng = 12345;
static int rnd(int n)
{
	rng = rng * 1103515245u + 12345u;
	return (int)((rng >> 16) % (uint32_t)n);
}

/* Random 3 x 3 tables with margins, values mostly small. */
static void random_tables_resist_the_attack(void **state)
{
	int hidden_total = 0;
	(void)state;

	for (int k = 0; k < 300; k++) {
		struct report *r = report_new("t", "t");
		int v[9];
		for (int i = 0; i < 9; i++)
			v[i] = rnd(4) == 0 ? 0 : rnd(3) == 0 ? 1 + rnd(4) : 5 + rnd(8);
		grid(r, "g", 3, 3, v);
		report_suppress(r, T5);
		hidden_total += attack(r, 110);
		report_free(r);
	}
	assert_true(hidden_total > 200);
}

/* Two linked tables at random: the second is a breakdown whose total row
 * is the first table's first row. */
static void random_linked_tables_resist_the_attack(void **state)
{
	(void)state;
	for (int k = 0; k < 120; k++) {
		struct report *r = report_new("t", "t");
		int a[4], b[4];
		struct report_table *ta, *tb;
		for (int i = 0; i < 4; i++) {
			b[i] = rnd(3) == 0 ? 1 + rnd(4) : 5 + rnd(6);
			a[i] = rnd(3) == 0 ? 1 + rnd(4) : 5 + rnd(6);
		}
		ta = grid(r, "a", 2, 2, a);
		tb = grid(r, "b", 2, 2, b);
		/* tb's total row is ta's first row */
		for (int j = 0; j < 3; j++) {
			struct report_cell *c = report_cell_at(tb, 2, j);
			free(c->key);
			c->key = strdup(report_cell_key(ta, 0, j));
		}
		/* make the data consistent: ta row 0 := tb column sums */
		for (int j = 0; j < 2; j++)
			report_cell_at(ta, 0, j)->n = b[j] + b[2 + j];
		report_table_totals(ta);
		report_table_totals(tb);
		report_suppress(r, T5);
		attack(r, 120);
		report_free(r);
	}
}

/* ---- views of several municipalities (family.c) ---- */

/* A municipality's report: one 2 x 2 table with its totals. */
static struct report *leaf_report(const int *v)
{
	struct report *r = report_new("t", "t");

	snprintf(r->from, sizeof(r->from), "2020-01-01");
	snprintf(r->to, sizeof(r->to), "2020-12-31");
	grid(r, "g", 2, 2, v);
	report_settle(r);
	report_finish(r);
	return r;
}

static struct report *merged(struct report **parts, int n)
{
	struct report *u = report_clone(parts[0]);
	char *msg = NULL;

	for (int i = 1; i < n; i++)
		assert_int_equal(report_merge_into(u, parts[i], &msg), REDE_OK);
	report_settle(u);
	report_finish(u);
	return u;
}

/* Issue 15 item 6: municipality A, B and A + B. Suppressed each on its
 * own, the union gives small counts away (B's shown cell subtracted from
 * the union's); protected together (report_family_union) nothing can be
 * worked out from all three - nor, with a programme round, from the
 * municipalities, the round and all of them. */
static void unions_are_protected_with_their_parts(void **state)
{
	int alone_pins = 0, primaries_total = 0;
	(void)state;

	for (int k = 0; k < 80; k++) {
		int n = k % 4 == 3 ? 3 : 2, prim = 0, nviews;
		struct report *leaves[3], *fam[3], *views[5];
		int64_t rounds[3] = {1, 1, 2}, thr[3] = {T5, T5, T5};
		unsigned members[5] = {0};
		char *msg = NULL;

		for (int l = 0; l < n; l++) {
			int v[4];
			for (int i = 0; i < 4; i++)
				v[i] = rnd(3) == 0 ? 1 + rnd(4) : 5 + rnd(6);
			leaves[l] = leaf_report(v);
			views[l] = report_clone(leaves[l]);
			report_suppress(views[l], T5);
		}
		/* the union suppressed on its own (before issue 15) */
		views[n] = merged(leaves, n);
		report_suppress(views[n], T5);
		members[n] = (1u << n) - 1;
		atk_quiet = true;
		alone_pins += attack_views(views, members, n, n + 1, 60, &prim) > 0;
		atk_quiet = false;
		report_free(views[n]);
		/* protected together; with three, the round of the first two too */
		nviews = n;
		if (n == 3) {
			struct report *r2[2] = {report_clone(leaves[0]), report_clone(leaves[1])};
			assert_int_equal(
				report_family_union(r2, rounds, thr, 2, &views[nviews], &msg),
				REDE_OK);
			members[nviews++] = 3;
		}
		for (int l = 0; l < n; l++)
			fam[l] = report_clone(leaves[l]);
		assert_int_equal(report_family_union(fam, rounds, thr, n, &views[nviews], &msg),
				 REDE_OK);
		members[nviews++] = (1u << n) - 1;
		assert_int_equal(attack_views(views, members, n, nviews, 60, &prim), 0);
		primaries_total += prim;
		for (int v = 0; v < nviews; v++)
			report_free(views[v]);
		for (int l = 0; l < n; l++)
			report_free(leaves[l]);
	}
	assert_true(alone_pins > 5);
	assert_true(primaries_total > 50);
}

/* A municipality's hours: courses and their minutes, in two rows. */
static struct report *hours_leaf(int nx, int mx, int ny, int my)
{
	struct report *r = report_new("t", "t");
	const char *const cols[] = {"n", "n", "min", "min", NULL};
	struct report_table *t = report_table(r, "c", "c", cols);

	snprintf(r->from, sizeof(r->from), "2020-01-01");
	snprintf(r->to, sizeof(r->to), "2020-12-31");
	report_table_col_sums(t, (const int[]){0, 1, -1});
	report_row(t, "x", "x");
	report_set_count(t, 0, 0, nx, NULL);
	report_set_sum(t, 0, 1, mx, RFMT_HOURS, report_cell_key(t, 0, 0), NULL);
	report_row(t, "y", "y");
	report_set_count(t, 1, 0, ny, NULL);
	report_set_sum(t, 1, 1, my, RFMT_HOURS, report_cell_key(t, 1, 0), NULL);
	report_row_total(t, "total");
	report_set_count(t, 2, 0, 0, NULL);
	report_set_sum(t, 2, 1, 0, RFMT_HOURS, NULL, NULL);
	report_table_totals(t);
	report_settle(r);
	report_finish(r);
	return r;
}

/* A union's sum over a count it hides: A's 6 801 minutes are shown in A's
 * own report, B's 1 143 (over 3 courses, "<5") are hidden there and B shows
 * its total 1 743. The union's 7 944 can never be unsure by half of itself
 * (it lies in 6 801 .. 8 544 whatever it hides); what it protects is B's
 * part, to half of 1 143 - which holds - so the joint audit neither gives
 * up nor hides cells for nothing. */
static void union_sums_protect_what_their_parts_hide(void **state)
{
	struct report *fam[2] = {hours_leaf(13, 6801, 40, 20000), hours_leaf(3, 1143, 6, 600)};
	int64_t rounds[2] = {1, 1}, thr[2] = {T5, T5};
	struct report *u = NULL;
	struct report_table *t;
	char *msg = NULL, buf[4096] = {0};
	FILE *cap = tmpfile();
	int saved = dup(fileno(stderr));
	size_t got;
	(void)state;

	assert_non_null(cap);
	fflush(stderr);
	dup2(fileno(cap), fileno(stderr));
	assert_int_equal(report_family_union(fam, rounds, thr, 2, &u, &msg), REDE_OK);
	fflush(stderr);
	dup2(saved, fileno(stderr));
	close(saved);
	rewind(cap);
	got = fread(buf, 1, sizeof(buf) - 1, cap);
	buf[got] = 0;
	fclose(cap);
	assert_null(strstr(buf, "cannot be protected"));
	t = report_table_get(u, "c");
	assert_int_not_equal(supp_of(t, 0, 0), RSUPP_NONE); /* 16 would give B's 3 */
	assert_int_not_equal(supp_of(t, 0, 1), RSUPP_NONE); /* 7 944 would give B's 1 143 */
	assert_int_not_equal(supp_of(t, 1, 1), RSUPP_NONE); /* 20 600 would too, by B's total */
	assert_int_equal(supp_of(t, 2, 1), RSUPP_NONE); /* A's and B's totals are shown anyway */
	report_free(u);
}

/* A municipality's costs like costs.by_programme and costs.support: a
 * programme's cost over its courses, the support cost over its staff, and
 * the cost including support = the two (report_sum_of_keys); both columns
 * with shown totals. */
static struct report *cost_leaf(int n, int cost, int vn, int vcost, int staff, int scost,
				int vstaff, int vscost)
{
	struct report *r = report_new("t", "t");
	const char *const pcols[] = {"n", "n", "cost", "cost", NULL};
	const char *const scols[] = {"staff", "staff", "scost", "scost", "incl", "incl", NULL};
	struct report_table *p = report_table(r, "prog", "prog", pcols);
	struct report_table *sp = report_table(r, "sup", "sup", scols);
	char cost_key[64], scost_key[64];

	snprintf(r->from, sizeof(r->from), "2020-01-01");
	snprintf(r->to, sizeof(r->to), "2020-12-31");
	report_table_col_sums(p, (const int[]){0, 1, -1});
	report_row(p, "hp", "hp");
	report_set_count(p, 0, 0, n, "n.hp");
	report_set_sum(p, 0, 1, cost, RFMT_KR_MIN, "n.hp", NULL);
	report_row(p, "v", "v");
	report_set_count(p, 1, 0, vn, "n.v");
	report_set_sum(p, 1, 1, vcost, RFMT_KR_MIN, "n.v", NULL);
	report_row_total(p, "total");
	report_set_count(p, 2, 0, 0, NULL);
	report_set_sum(p, 2, 1, 0, RFMT_KR_MIN, NULL, NULL);
	report_table_totals(p);
	snprintf(cost_key, sizeof(cost_key), "%s", report_cell_key(p, 0, 1));
	report_table_col_sums(sp, (const int[]){0, 1, -1});
	report_row(sp, "hp", "hp");
	report_set_count(sp, 0, 0, staff, "staff.hp");
	report_set_sum(sp, 0, 1, scost, RFMT_KR_MIN, "staff.hp", NULL);
	report_set_sum(sp, 0, 2, cost + scost, RFMT_KR_MIN, "n.hp", NULL);
	snprintf(scost_key, sizeof(scost_key), "%s", report_cell_key(sp, 0, 1));
	report_sum_of_keys(r, report_cell_key(sp, 0, 2),
			   (const char *const[]){cost_key, scost_key, NULL});
	report_row(sp, "v", "v");
	report_set_count(sp, 1, 0, vstaff, "staff.v");
	report_set_sum(sp, 1, 1, vscost, RFMT_KR_MIN, "staff.v", NULL);
	report_row_total(sp, "total");
	report_set_count(sp, 2, 0, 0, NULL);
	report_set_sum(sp, 2, 1, 0, RFMT_KR_MIN, NULL, NULL);
	report_table_totals(sp);
	report_settle(r);
	report_finish(r);
	return r;
}

/* Run report_family_view with stderr captured into buf. */
static struct report *family_quiet(struct report **fam, int n, int want_leaf, char *buf, size_t cap)
{
	int64_t rounds[2] = {1, 1}, thr[2] = {T5, T5};
	struct report *out = NULL;
	char *msg = NULL;
	FILE *f = tmpfile();
	int saved = dup(fileno(stderr));
	size_t got;

	assert_non_null(f);
	fflush(stderr);
	dup2(fileno(f), fileno(stderr));
	assert_int_equal(report_family_view(fam, rounds, thr, n, want_leaf, 0, &out, &msg),
			 REDE_OK);
	fflush(stderr);
	dup2(saved, fileno(stderr));
	close(saved);
	rewind(f);
	got = fread(buf, 1, cap - 1, f);
	buf[got] = 0;
	fclose(f);
	return out;
}

/* Issue 15 class 6 for money: A (13 courses, cost 300 000 shown on its
 * own) hides its cost including support only as a complement of its small
 * support cost, so A's part of the union's is known to within A's support
 * costs (14 000). B's courses are "<5"; the union hides its 16 courses and
 * so its cost including support, which must be unsure by half of what its
 * municipalities hide (348 000 / 2). Whatever the union hides, A's and B's
 * own patterns bound it more narrowly: A must hide more - its course cost -
 * and, so every view of A is the same, A's own answer from the family
 * hides it too. Before the fix the joint audit gave up ("cannot be
 * protected across views") and A showed its cost. */
static void municipalities_hide_more_for_a_unions_sum(void **state)
{
	char buf[8192];
	struct report *alone = cost_leaf(13, 300000, 20, 100000, 2, 5000, 6, 9000);
	struct report *fam[2], *a, *u;
	(void)state;

	/* on its own, A shows its course cost */
	report_suppress(alone, T5);
	assert_int_equal(supp_of(report_table_get(alone, "prog"), 0, 1), RSUPP_NONE);
	assert_int_not_equal(supp_of(report_table_get(alone, "sup"), 0, 2), RSUPP_NONE);
	report_free(alone);
	/* the union: protected, nothing given up */
	fam[0] = cost_leaf(13, 300000, 20, 100000, 2, 5000, 6, 9000);
	fam[1] = cost_leaf(3, 40000, 8, 60000, 1, 3000, 5, 7000);
	u = family_quiet(fam, 2, -1, buf, sizeof(buf));
	assert_null(strstr(buf, "cannot be protected"));
	assert_int_not_equal(supp_of(report_table_get(u, "prog"), 0, 0), RSUPP_NONE); /* 16 */
	assert_int_not_equal(supp_of(report_table_get(u, "sup"), 0, 2), RSUPP_NONE);
	report_free(u);
	/* A's answer from the same family: its course cost hidden */
	fam[0] = cost_leaf(13, 300000, 20, 100000, 2, 5000, 6, 9000);
	fam[1] = cost_leaf(3, 40000, 8, 60000, 1, 3000, 5, 7000);
	a = family_quiet(fam, 2, 0, buf, sizeof(buf));
	assert_null(strstr(buf, "cannot be protected"));
	assert_int_equal(supp_of(report_table_get(a, "prog"), 0, 0), RSUPP_NONE); /* 13 */
	assert_int_not_equal(supp_of(report_table_get(a, "prog"), 0, 1), RSUPP_NONE);
	assert_int_equal(supp_of(report_table_get(a, "sup"), 0, 0), RSUPP_PRIMARY);
	report_free(a);
}

static void derived_cells_follow_their_operands(void **state)
{
	struct report *r = report_new("t", "t");
	const char *const cols[] = {"n", "n", "part", "part", "share", "share", "q", "q", NULL};
	struct report_table *t = report_table(r, "s", "s", cols);
	struct report_dist *d = report_dist(r, "days");
	(void)state;

	report_row(t, "a", "a");
	report_set_count(t, 0, 0, 40, "n40");
	report_set_count(t, 0, 1, 3, "p3");
	report_set_derived(t, 0, 2, RCELL_SHARE, "p3", "n40", RFMT_PCT);
	report_set_quantile(t, 0, 3, "days", 0.5, "p3", RFMT_WEEKS);
	report_row(t, "b", "b");
	report_set_count(t, 1, 0, 40, "n40");
	report_set_count(t, 1, 1, 10, "p10");
	report_set_derived(t, 1, 2, RCELL_SHARE, "p10", "n40", RFMT_PCT);
	report_set_quantile(t, 1, 3, "days", 0.5, "p10", RFMT_WEEKS);
	for (int i = 1; i <= 10; i++)
		report_dist_add(d, i * 7);
	report_finish(r);
	assert_float_equal(report_cell_at(t, 1, 2)->value, 25.0, 1e-9);
	assert_float_equal(report_cell_at(t, 1, 3)->value, 38.5, 1e-9); /* type 7 median */
	report_suppress(r, T5);
	assert_int_equal(supp_of(t, 0, 1), RSUPP_PRIMARY);
	assert_int_equal(supp_of(t, 0, 2), RSUPP_DEPENDENT);
	assert_int_equal(supp_of(t, 0, 3), RSUPP_DEPENDENT);
	assert_int_equal(supp_of(t, 1, 2), RSUPP_NONE);
	assert_int_equal(supp_of(t, 1, 3), RSUPP_NONE);
	report_free(r);
}

/* A sum over a hidden count is hidden, and a total of sums cannot give it
 * away. */
static void sums_over_small_counts(void **state)
{
	struct report *r = report_new("t", "t");
	const char *const cols[] = {"n", "n", "min", "min", NULL};
	struct report_table *t = report_table(r, "c", "c", cols);
	(void)state;

	report_table_col_sums(t, (const int[]){1, -1});
	report_row(t, "a", "a");
	report_set_count(t, 0, 0, 2, NULL);
	report_set_sum(t, 0, 1, 300, RFMT_HOURS, report_cell_key(t, 0, 0), NULL);
	report_row(t, "b", "b");
	report_set_count(t, 1, 0, 30, NULL);
	report_set_sum(t, 1, 1, 4000, RFMT_HOURS, report_cell_key(t, 1, 0), NULL);
	report_row_total(t, "total");
	report_set_sum(t, 2, 1, 0, RFMT_HOURS, NULL, NULL);
	report_table_totals(t);
	report_suppress(r, T5);
	assert_int_equal(supp_of(t, 0, 1), RSUPP_DEPENDENT);
	assert_true(supp_of(t, 1, 1) != RSUPP_NONE || supp_of(t, 2, 1) != RSUPP_NONE);
	report_free(r);
}

/* Issue 15, item 5: "materials used in all" per visit type is the sum of
 * the uses per material in another table. Without that relation a hidden
 * use count is the shown total minus the shown others; with it declared
 * (report_sum_of_column, as r_materials.c does) the attacker, who reads
 * every declared relation, finds nothing. */
static struct report *materials_like(bool declare)
{
	struct report *r = report_new("materials", "m");
	const char *const kcols[] = {"knows", "k", "uses", "u", "v15", "v15", "v3", "v3", NULL};
	const char *const vcols[] = {"visits", "v", "with", "w", "uses", "u", NULL};
	const int uses15[] = {3, 12, 20, 0}, uses3[] = {0, 9, 7, 11};
	struct report_table *k = report_table(r, "materials.knowledge", "k", kcols);
	struct report_table *v = report_table(r, "materials.per_visit", "v", vcols);

	report_table_col_sums(v, (const int[]){0, 1, 2, -1});
	for (int i = 0; i < 4; i++) {
		char id[16];
		snprintf(id, sizeof(id), "m%d", i);
		report_row(k, id, id);
		report_set_count(k, i, 0, 6, NULL);
		report_set_count(k, i, 1, 6, NULL);
		report_set_count(k, i, 2, uses15[i], NULL);
		report_set_count(k, i, 3, uses3[i], NULL);
	}
	report_row(v, "1_5y", "1_5y");
	report_set_count(v, 0, 0, 40, NULL);
	report_set_count(v, 0, 1, 30, NULL);
	report_set_count(v, 0, 2, 35, NULL);
	report_row(v, "3y", "3y");
	report_set_count(v, 1, 0, 25, NULL);
	report_set_count(v, 1, 1, 20, NULL);
	report_set_count(v, 1, 2, 27, NULL);
	report_row_total(v, "total");
	for (int j = 0; j < 3; j++)
		report_set_count(v, 2, j, 0, NULL);
	report_table_totals(v);
	if (declare)
		for (int p = 0; p < 2; p++)
			report_sum_of_column(r, report_cell_key(v, p, 2), k, 2 + p);
	return r;
}

static void materials_total_is_a_sum_of_another_table(void **state)
{
	struct report *r = materials_like(true), *naive = materials_like(false);
	int primaries = 0;
	(void)state;

	/* The relation is expanded like the attacker reads it. */
	report_suppress(r, T5);
	assert_int_equal(report_cell_at(report_table_get(r, "materials.knowledge"), 0, 2)->supp,
			 RSUPP_PRIMARY);
	assert_true(r->secondary >= 1);
	attack(r, 60);
	/* Suppressed without knowing the relation, the reader who sees it
	 * (the declaration added back for the attacker) works the 3 out. */
	report_suppress(naive, T5);
	assert_int_equal(naive->secondary, 0);
	report_sum_of_column(naive, "materials.per_visit/1_5y/uses",
			     report_table_get(naive, "materials.knowledge"), 2);
	report_sum_of_column(naive, "materials.per_visit/3y/uses",
			     report_table_get(naive, "materials.knowledge"), 3);
	assert_true(attack_pins(naive, 60, &primaries) >= 1);
	report_free(r);
	report_free(naive);
}

/* Every declared relation comes out of report_relations_each, once, in a
 * fixed order, and holds on the data. */
struct rel_count {
	int eq, le, cross;
	const struct report *r;
};

static int64_t key_value(const struct report *r, const char *key)
{
	for (int t = 0; t < r->ntables; t++)
		for (int i = 0; i < r->tables[t]->nrows; i++)
			for (int j = 0; j < r->tables[t]->ncols; j++) {
				const struct report_cell *c = &r->tables[t]->rows[i].cells[j];
				if (c->key && !strcmp(c->key, key))
					return c->n;
			}
	fail_msg("no key %s", key);
	return 0;
}

static void count_rel(const struct report_relation *rel, void *arg)
{
	struct rel_count *rc = arg;
	double sum = 0;

	for (int i = 0; i < rel->n; i++)
		sum += rel->coef[i] * (double)key_value(rc->r, rel->keys[i]);
	if (rel->le) {
		rc->le++;
		assert_true(sum <= 0);
	} else {
		rc->eq++;
		assert_true(sum == 0);
		if (strstr(rel->keys[0], "per_visit") && strstr(rel->keys[1], "knowledge"))
			rc->cross++;
	}
}

static void relations_are_expanded_from_the_declarations(void **state)
{
	struct report *r = materials_like(true);
	struct rel_count rc = {0, 0, 0, NULL};
	(void)state;

	rc.r = r;
	report_le(r, "materials.per_visit/1_5y/with", "materials.per_visit/1_5y/visits");
	report_relations_each(r, count_rel, &rc);
	/* three column sums of per_visit, two sums across the tables */
	assert_int_equal(rc.eq, 5);
	assert_int_equal(rc.cross, 2);
	assert_int_equal(rc.le, 1);
	report_free(r);
}

/* A quantity the sum of others shown in other tables (the costs'
 * "including support" = cost + support): declared with report_sum_of_keys,
 * it is a relation the suppression uses, the merge export carries and a
 * union keeps. Without it only the small part would be hidden, and the
 * reader would subtract. */
static struct report *incl_like(bool declare)
{
	struct report *r = report_new("t", "t");
	const char *const cols[] = {"n", "n", NULL};
	struct report_table *own = report_table(r, "own", "own", cols);
	struct report_table *both = report_table(r, "both", "both", cols);

	snprintf(r->from, sizeof(r->from), "2020-01-01");
	snprintf(r->to, sizeof(r->to), "2020-12-31");
	report_row(own, "small", "small");
	report_set_count(own, 0, 0, 3, "k.small");
	report_row(own, "large", "large");
	report_set_count(own, 1, 0, 20, "k.large");
	report_row(both, "incl", "incl");
	report_set_count(both, 0, 0, 23, "k.incl");
	if (declare)
		report_sum_of_keys(r, "k.incl", (const char *const[]){"k.small", "k.large", NULL});
	return r;
}

static void sums_of_keys_are_relations(void **state)
{
	struct report *r = incl_like(true), *back = NULL, *u;
	struct report_table *own, *both;
	struct rel_count rc = {0, 0, 0, NULL};
	json_t *j;
	char *msg = NULL;
	(void)state;

	rc.r = r;
	report_relations_each(r, count_rel, &rc);
	assert_int_equal(rc.eq, 1);
	/* the merge export carries it, a merge keeps it */
	j = report_to_merge_json(r);
	assert_non_null(json_object_get(j, "key_sums"));
	if (report_from_merge_json(j, &back, &msg) != REDE_OK)
		fail_msg("%s", msg);
	json_decref(j);
	assert_int_equal(back->nkeysums, 1);
	assert_int_equal(back->keysums[0].nparts, 2);
	assert_null(back->keysums[0].parts[2]);
	u = report_clone(back);
	assert_int_equal(u->nkeysums, 1);
	report_free(u);
	report_free(back);
	/* suppressed: the small count and another cell of the sum */
	report_suppress(r, T5);
	own = report_table_get(r, "own");
	both = report_table_get(r, "both");
	assert_int_equal(supp_of(own, 0, 0), RSUPP_PRIMARY);
	assert_true(supp_of(own, 1, 0) != RSUPP_NONE || supp_of(both, 0, 0) != RSUPP_NONE);
	report_free(r);
	/* undeclared, the large part and the sum stay shown: 23 - 20 */
	r = incl_like(false);
	report_suppress(r, T5);
	assert_int_equal(supp_of(report_table_get(r, "own"), 1, 0), RSUPP_NONE);
	assert_int_equal(supp_of(report_table_get(r, "both"), 0, 0), RSUPP_NONE);
	report_free(r);
}

static void lp_solves_known_problems(void **state)
{
	struct lp p;
	double v;
	(void)state;

	/* x + y = 10, 1 <= x <= 4, y >= 5: x in [1, 4]... y <= 9 */
	lp_init(&p, 2);
	lp_bounds(&p, 0, 1, 4);
	lp_bounds(&p, 1, 5, LP_INF);
	lp_add(&p, 2, (const int[]){0, 1}, (const double[]){1, 1}, LP_EQ, 10);
	assert_int_equal(lp_optimize(&p, 0, false, &v), LP_OPTIMAL);
	assert_float_equal(v, 1, 1e-9);
	assert_int_equal(lp_optimize(&p, 0, true, &v), LP_OPTIMAL);
	assert_float_equal(v, 4, 1e-9);
	assert_int_equal(lp_optimize(&p, 1, true, &v), LP_OPTIMAL);
	assert_float_equal(v, 9, 1e-9);
	lp_release(&p);
	/* x + y = 6 with x in [1,4], y >= 5: x = 1 exactly */
	lp_init(&p, 2);
	lp_bounds(&p, 0, 1, 4);
	lp_bounds(&p, 1, 5, LP_INF);
	lp_add(&p, 2, (const int[]){0, 1}, (const double[]){1, 1}, LP_EQ, 6);
	assert_int_equal(lp_optimize(&p, 0, true, &v), LP_OPTIMAL);
	assert_float_equal(v, 1, 1e-9);
	lp_release(&p);
	/* unbounded above, infeasible */
	lp_init(&p, 2);
	lp_add(&p, 2, (const int[]){0, 1}, (const double[]){1, -1}, LP_LE, 0);
	assert_int_equal(lp_optimize(&p, 1, true, &v), LP_UNBOUNDED);
	lp_bounds(&p, 0, 7, LP_INF);
	lp_bounds(&p, 1, 0, 3);
	assert_int_equal(lp_optimize(&p, 0, false, &v), LP_INFEASIBLE);
	lp_release(&p);
}

static void numbers_read_the_danish_way(void **state)
{
	struct report *r = report_new("t", "t");
	const char *const cols[] = {"n", "n", "s", "s", "k", "k", NULL};
	struct report_table *t = report_table(r, "f", "f", cols);
	char buf[64];
	(void)state;

	report_row(t, "a", "a");
	report_set_count(t, 0, 0, 2113, "big");
	report_set_count(t, 0, 1, 808, "small");
	report_set_derived(t, 0, 2, RCELL_SHARE, "small", "big", RFMT_PCT);
	report_finish(r);
	assert_string_equal(report_cell_text(r, report_cell_at(t, 0, 0), true, buf, sizeof(buf)),
			    "2.113");
	assert_string_equal(report_cell_text(r, report_cell_at(t, 0, 0), false, buf, sizeof(buf)),
			    "2113");
	assert_string_equal(report_cell_text(r, report_cell_at(t, 0, 2), true, buf, sizeof(buf)),
			    "38,2");
	report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_attacker_breaks_a_naive_pattern),
		cmocka_unit_test(one_small_cell_in_a_row),
		cmocka_unit_test(the_case_two_per_row_misses),
		cmocka_unit_test(equal_cells_across_tables),
		cmocka_unit_test(inequalities_are_known_to_the_reader),
		cmocka_unit_test(random_tables_resist_the_attack),
		cmocka_unit_test(random_linked_tables_resist_the_attack),
		cmocka_unit_test(unions_are_protected_with_their_parts),
		cmocka_unit_test(union_sums_protect_what_their_parts_hide),
		cmocka_unit_test(municipalities_hide_more_for_a_unions_sum),
		cmocka_unit_test(derived_cells_follow_their_operands),
		cmocka_unit_test(sums_over_small_counts),
		cmocka_unit_test(materials_total_is_a_sum_of_another_table),
		cmocka_unit_test(relations_are_expanded_from_the_declarations),
		cmocka_unit_test(sums_of_keys_are_relations),
		cmocka_unit_test(lp_solves_known_problems),
		cmocka_unit_test(numbers_read_the_danish_way),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
