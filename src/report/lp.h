/*
 * lp.h - a small dense linear-programming solver (two-phase simplex with
 * Bland's rule), used by suppress.c to compute the range a reader of a
 * report can deduce for a hidden cell. The problems are small (one
 * connected group of hidden cells), so a dense tableau is the simplest
 * correct choice.
 */
#ifndef REDE_REPORT_LP_H
#define REDE_REPORT_LP_H

#include <stdbool.h>

#define LP_INF 1e300

enum lp_op { LP_EQ, LP_LE, LP_OP__COUNT };

struct lp_row {
	int n;    /* terms */
	int *var; /* variable indices */
	double *coef;
	enum lp_op op; /* sum(coef * x) op rhs */
	double rhs;
};

struct lp {
	int nvars;
	double *lo, *hi; /* bounds; hi may be LP_INF; lo finite */
	struct lp_row *rows;
	int nrows, cap;
};

void lp_init(struct lp *p, int nvars);
void lp_release(struct lp *p);
void lp_bounds(struct lp *p, int var, double lo, double hi);
/* Add a constraint; var/coef are copied. */
void lp_add(struct lp *p, int n, const int *var, const double *coef, enum lp_op op, double rhs);

enum lp_status { LP_OPTIMAL, LP_UNBOUNDED, LP_INFEASIBLE, LP_STATUS__COUNT };
/* min (maximize false) or max of x[var] subject to the problem. */
enum lp_status lp_optimize(const struct lp *p, int var, bool maximize, double *value);
/* The same, and when optimal a solution where it is reached in x (nvars). */
enum lp_status lp_solve(const struct lp *p, int var, bool maximize, double *value, double *x);

/* Both ends of x[var]'s range, with one phase 1 for the two (the same
 * numbers as lp_solve twice). The maximum first; the minimum is skipped
 * (lo_status LP_STATUS__COUNT) when need > 0 and the maximum alone is at
 * least need above truth. An end that is not optimal (no solution:
 * both LP_INFEASIBLE) is left at truth, except an unbounded one
 * (+-LP_INF). x_hi, x_lo (nvars each, may be NULL): the solutions where
 * the ends are reached, when optimal. */
struct lp_range {
	enum lp_status hi_status, lo_status;
	double hi, lo;
};
void lp_range(const struct lp *p, int var, double truth, double need, struct lp_range *out,
	      double *x_hi, double *x_lo);

#endif
