/*
 * test_lp.c - the LP solver (src/report/lp.c) gives exactly the numbers of
 * the plain method it was made faster than: the two-phase dense simplex
 * with Bland's rule, every row visited, artificial columns kept, each
 * objective solved from scratch. That method is written out here as the
 * oracle (ref_solve). Random problems shaped like the audits' windows
 * (cells 0..n with "<5" and "x" bounds, row and column sums, shown sums,
 * inequalities; some without a solution, some unbounded; up to 200 cells
 * so that a column's row bitmap spans several words and a phase 2
 * journal grows) are solved both ways, and every status, value and
 * solution must be the same to the bit - the small-number protection
 * decides what to hide from them, so "close" would be a different answer.
 * lp_range must equal lp_solve asked for the maximum and the minimum.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/lp.h"

/* ---- the oracle: the plain method ---- */

#define EPS 1e-9
#define REF_MAX_PIVOTS 100000

struct ref {
	int m, cols;
	double *t;
	int *basis;
	int *nzcol;
};

#define R(tb, i, j) ((tb)->t[(size_t)(i) * (size_t)((tb)->cols + 1) + (size_t)(j)])

static void ref_pivot(struct ref *tb, int r, int c)
{
	double pv = R(tb, r, c);
	int nz = 0;

	for (int j = 0; j <= tb->cols; j++)
		if (R(tb, r, j) != 0) {
			R(tb, r, j) /= pv;
			tb->nzcol[nz++] = j;
		}
	for (int i = 0; i <= tb->m; i++) {
		double f = R(tb, i, c);
		if (i == r || f == 0)
			continue;
		for (int k = 0; k < nz; k++)
			R(tb, i, tb->nzcol[k]) -= f * R(tb, r, tb->nzcol[k]);
		R(tb, i, c) = 0;
	}
	tb->basis[r] = c;
}

static bool ref_run(struct ref *tb, int allowed)
{
	for (int it = 0; it < REF_MAX_PIVOTS; it++) {
		int enter = -1, leave = -1;
		double best = 0;
		for (int j = 0; j < allowed; j++)
			if (R(tb, tb->m, j) < -EPS) {
				enter = j;
				break;
			}
		if (enter < 0)
			return true;
		for (int i = 0; i < tb->m; i++) {
			double a = R(tb, i, enter);
			if (a > EPS) {
				double ratio = R(tb, i, tb->cols) / a;
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
		ref_pivot(tb, leave, enter);
	}
	return true;
}

static enum lp_status ref_solve(const struct lp *p, int var, bool maximize, double *value,
				double *x)
{
	int nv = p->nvars, m = p->nrows, nslack = 0, nart = 0, k = 0, s = 0, a = 0;
	int *slack_of;
	struct ref tb;
	enum lp_status status = LP_OPTIMAL;

	for (int i = 0; i < p->nrows; i++) {
		double rhs = p->rows[i].rhs;
		for (int j = 0; j < p->rows[i].n; j++)
			rhs -= p->rows[i].coef[j] * p->lo[p->rows[i].var[j]];
		nslack += p->rows[i].op == LP_LE;
		nart += p->rows[i].op != LP_LE || rhs < 0;
	}
	for (int i = 0; i < nv; i++)
		if (p->hi[i] < LP_INF) {
			nslack++;
			m++;
			nart += p->hi[i] < p->lo[i];
		}
	tb.m = m;
	tb.cols = nv + nslack + nart;
	tb.t = calloc((size_t)(m + 1) * (size_t)(tb.cols + 1), sizeof(double));
	tb.basis = calloc((size_t)m + 1, sizeof(int));
	tb.nzcol = calloc((size_t)tb.cols + 1, sizeof(int));
	slack_of = calloc((size_t)m + 1, sizeof(int));
	for (int i = 0; i < p->nrows; i++, k++) {
		double rhs = p->rows[i].rhs;
		for (int j = 0; j < p->rows[i].n; j++) {
			R(&tb, k, p->rows[i].var[j]) += p->rows[i].coef[j];
			rhs -= p->rows[i].coef[j] * p->lo[p->rows[i].var[j]];
		}
		slack_of[k] = -1;
		if (p->rows[i].op == LP_LE) {
			slack_of[k] = nv + s;
			R(&tb, k, nv + s++) = 1;
		}
		R(&tb, k, tb.cols) = rhs;
	}
	for (int i = 0; i < nv; i++)
		if (p->hi[i] < LP_INF) {
			R(&tb, k, i) = 1;
			slack_of[k] = nv + s;
			R(&tb, k, nv + s++) = 1;
			R(&tb, k, tb.cols) = p->hi[i] - p->lo[i];
			k++;
		}
	for (int i = 0; i < m; i++) {
		if (R(&tb, i, tb.cols) < 0)
			for (int j = 0; j <= tb.cols; j++)
				R(&tb, i, j) = -R(&tb, i, j);
		if (slack_of[i] >= 0 && R(&tb, i, slack_of[i]) > 0) {
			tb.basis[i] = slack_of[i];
			continue;
		}
		R(&tb, i, nv + nslack + a) = 1;
		tb.basis[i] = nv + nslack + a++;
		for (int j = 0; j < nv + nslack; j++)
			R(&tb, m, j) -= R(&tb, i, j);
		R(&tb, m, tb.cols) -= R(&tb, i, tb.cols);
	}
	ref_run(&tb, nv + nslack);
	if (-R(&tb, m, tb.cols) > 1e-7) {
		status = LP_INFEASIBLE;
		goto out;
	}
	for (int i = 0; i < m; i++)
		if (tb.basis[i] >= nv + nslack)
			for (int j = 0; j < nv + nslack; j++)
				if (fabs(R(&tb, i, j)) > EPS) {
					ref_pivot(&tb, i, j);
					break;
				}
	for (int j = 0; j <= tb.cols; j++)
		R(&tb, m, j) = 0;
	R(&tb, m, var) = maximize ? -1 : 1;
	for (int i = 0; i < m; i++)
		if (tb.basis[i] == var) {
			double f = R(&tb, m, var);
			for (int j = 0; j <= tb.cols; j++)
				R(&tb, m, j) -= f * R(&tb, i, j);
		}
	if (!ref_run(&tb, nv + nslack)) {
		status = LP_UNBOUNDED;
		*value = maximize ? LP_INF : -LP_INF;
		goto out;
	}
	{
		double y = 0;
		for (int i = 0; i < m; i++)
			if (tb.basis[i] == var)
				y = R(&tb, i, tb.cols);
		*value = y + p->lo[var];
	}
	if (x) {
		for (int i = 0; i < nv; i++)
			x[i] = p->lo[i];
		for (int i = 0; i < m; i++)
			if (tb.basis[i] < nv)
				x[tb.basis[i]] += R(&tb, i, tb.cols);
	}
out:
	free(tb.t);
	free(tb.basis);
	free(tb.nzcol);
	free(slack_of);
	return status;
}

/* ---- random problems shaped like the audits' windows ---- */

static uint64_t rng_state;

static int rnd(int n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int)((rng_state >> 33) % (uint64_t)n);
}

/* nv cells with true values; "<5" cells bounded 1..4, "x" cells at least
 * 5, shown ones not in the problem. Rows: sums of a few cells equal to
 * their true sum (a shown total), at most or at least it plus slack (a
 * union's bounds), sometimes a cell minus another. broken: one sum off
 * by more than its cells can move (no solution). */
static void random_problem(struct lp *p, int nv, bool broken)
{
	int *truth = malloc((size_t)nv * sizeof(int)), var[8];
	double coef[8];
	int rows = nv / 2 + rnd(nv + 1);

	lp_init(p, nv);
	for (int i = 0; i < nv; i++) {
		switch (rnd(4)) {
		case 0:
			truth[i] = 1 + rnd(4);
			lp_bounds(p, i, 1, 4);
			break;
		case 1:
			truth[i] = 5 + rnd(30);
			lp_bounds(p, i, 5, LP_INF);
			break;
		case 2:
			truth[i] = rnd(5);
			lp_bounds(p, i, 0, 4);
			break;
		default:
			truth[i] = rnd(60);
			lp_bounds(p, i, 0, LP_INF);
			break;
		}
	}
	for (int r = 0; r < rows; r++) {
		int n = 1 + rnd(nv < 6 ? nv : 6), sum = 0, kind = rnd(5);
		for (int j = 0; j < n; j++) {
			var[j] = rnd(nv);
			coef[j] = kind == 4 && j ? -1 : 1;
			sum += (int)coef[j] * truth[var[j]];
		}
		if (kind <= 1)
			lp_add(p, n, var, coef, LP_EQ, sum);
		else if (kind == 2)
			lp_add(p, n, var, coef, LP_LE, sum + rnd(3));
		else {
			for (int j = 0; j < n; j++)
				coef[j] = -coef[j];
			lp_add(p, n, var, coef, LP_LE, -sum + rnd(3));
		}
	}
	if (broken) {
		var[0] = rnd(nv);
		coef[0] = 1;
		lp_add(p, 1, var, coef, LP_EQ, -1000);
	}
	free(truth);
}

static bool same_bits(double a, double b)
{
	return !memcmp(&a, &b, sizeof(a));
}

static void assert_same_solution(const double *a, const double *b, int n)
{
	for (int i = 0; i < n; i++)
		assert_true(same_bits(a[i], b[i]));
}

/* lp_solve against the oracle, both directions, every variable of a few */
static void solve_matches_the_plain_method(void **state)
{
	int checked = 0, statuses[LP_STATUS__COUNT] = {0};
	(void)state;

	rng_state = 20261206;
	for (int n = 0; n < 300; n++) {
		struct lp p;
		int nv = 1 + rnd(n % 20 ? 40 : 200);
		double *x = calloc((size_t)nv, sizeof(double)),
		       *y = calloc((size_t)nv, sizeof(double));

		random_problem(&p, nv, rnd(10) == 0);
		for (int q = 0; q < 3; q++) {
			int var = rnd(nv);
			for (int dir = 0; dir < 2; dir++) {
				double v1 = 0, v2 = 0;
				enum lp_status s1 = lp_solve(&p, var, dir, &v1, x);
				enum lp_status s2 = ref_solve(&p, var, dir, &v2, y);
				assert_int_equal(s1, s2);
				statuses[s1]++;
				if (s1 == LP_INFEASIBLE)
					continue;
				assert_true(same_bits(v1, v2));
				if (s1 == LP_OPTIMAL)
					assert_same_solution(x, y, nv);
				checked++;
			}
		}
		lp_release(&p);
		free(x);
		free(y);
	}
	/* the draw reaches every outcome, and mostly solvable ones */
	fprintf(stderr, "checked %d: optimal %d, unbounded %d, infeasible %d\n", checked,
		statuses[LP_OPTIMAL], statuses[LP_UNBOUNDED], statuses[LP_INFEASIBLE]);
	assert_true(checked > 1400);
	assert_true(statuses[LP_OPTIMAL] > 1000);
	assert_true(statuses[LP_UNBOUNDED] > 10);
	assert_true(statuses[LP_INFEASIBLE] > 10);
}

/* lp_range: one phase 1, the same numbers as two lp_solve */
static void range_is_two_solves(void **state)
{
	int both = 0, skipped = 0;
	(void)state;

	rng_state = 5092025;
	for (int n = 0; n < 300; n++) {
		struct lp p;
		int nv = 1 + rnd(n % 20 ? 40 : 200), var;
		double *xh = calloc((size_t)nv, sizeof(double)),
		       *xl = calloc((size_t)nv, sizeof(double));
		double *yh = calloc((size_t)nv, sizeof(double)),
		       *yl = calloc((size_t)nv, sizeof(double));
		double truth, need = rnd(3) ? 0 : 1 + rnd(4), hi = 0, lo = 0;
		enum lp_status sh, sl;
		struct lp_range r;

		random_problem(&p, nv, rnd(10) == 0);
		var = rnd(nv);
		truth = p.lo[var] + rnd(3);
		lp_range(&p, var, truth, need, &r, xh, xl);
		sh = lp_solve(&p, var, true, &hi, yh);
		assert_int_equal(r.hi_status, sh);
		if (sh == LP_INFEASIBLE) {
			assert_int_equal(r.lo_status, LP_INFEASIBLE);
			assert_true(same_bits(r.hi, truth) && same_bits(r.lo, truth));
			goto next;
		}
		assert_true(same_bits(r.hi, hi));
		if (sh == LP_OPTIMAL)
			assert_same_solution(xh, yh, nv);
		if (need > 0 && hi - truth >= need - 1e-6) {
			assert_int_equal(r.lo_status, LP_STATUS__COUNT);
			assert_true(same_bits(r.lo, truth));
			skipped++;
			goto next;
		}
		sl = lp_solve(&p, var, false, &lo, yl);
		assert_int_equal(r.lo_status, sl);
		assert_true(same_bits(r.lo, lo));
		if (sl == LP_OPTIMAL)
			assert_same_solution(xl, yl, nv);
		both++;
	next:
		lp_release(&p);
		free(xh);
		free(xl);
		free(yh);
		free(yl);
	}
	fprintf(stderr, "both ends %d, minimum skipped %d\n", both, skipped);
	assert_true(both > 150);
	assert_true(skipped > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(solve_matches_the_plain_method),
		cmocka_unit_test(range_is_two_solves),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
