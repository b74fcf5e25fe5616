/*
 * suppress.h - the suppression of one report as a linear system, shared by
 * suppress.c (one report on its own: report_suppress) and family.c (the
 * views one reader can combine, protected together). Nothing outside
 * src/report/ uses it.
 *
 * Every COUNT/SUM key of the report is a variable; every relation of
 * report_relations_each a constraint. A variable's state says whether it
 * is shown and, when hidden, what the reader knows of it (supp_bounds).
 * Ownership: a struct supp borrows its report (which must outlive it) and
 * owns the rest; supp_release frees it.
 */
#ifndef REDE_REPORT_SUPPRESS_H
#define REDE_REPORT_SUPPRESS_H

#include "report/lp.h"
#include "report/report_internal.h"

enum supp_state {
	V_SHOWN,
	V_PRIMARY,       /* a count 1..threshold-1: "<5" */
	V_SECONDARY,     /* a complement: "x" */
	V_SENSITIVE_SUM, /* a sum over a hidden count: "x" */
	V_STATE__COUNT
};

struct supp_var {
	int ent; /* key index entry */
	bool is_sum;
	int64_t value;
	int basis; /* SUM: variable of its basis count, -1 none */
	enum supp_state state;
	bool is_total; /* the total side of some equation */
	int table;     /* first table it appears in */
	int *cons;     /* constraints it is in */
	int ncons;
	/* Set by family.c: */
	bool relabeled;    /* a primary shown as "x" (the reader knows only >= 1) */
	bool must_protect; /* a hidden count >= threshold that must not be
	                      worked out either (another view shows what is
	                      left of it below the threshold) */
	bool exempt;       /* this reader knows it: not to be protected */
	bool unprotected;  /* the report alone gives it away, nothing left to hide */
	double lo_known;   /* the reader knows the value is at least this */
	double need;       /* protection width wanted; 0: the default */
	/* Where the audit last found v's range wide enough: other values of
	 * the hidden cells (move_var) that fit the report, as changes from
	 * the true values; family.c checks them against other views. */
	int *move_var;
	double *move_delta;
	int move_n;
};

struct supp_con {
	int n;
	int *var;
	double *coef;
	enum lp_op op; /* sum(coef * x) op 0 */
};

struct supp {
	struct report *r;
	struct report_keys k;
	struct supp_var *v;
	int nv;
	struct supp_con *c;
	int nc, ccap;
	int64_t threshold;
	/* scratch of the audit (suppress.c) */
	int *s_comp, *s_local, *s_tv, *s_seen_list, *s_pos;
	bool *s_mark, *s_seen;
	double *s_tc;
};

/* Build the system of r and mark the primary cells and the sums over them. */
void supp_init(struct supp *x, struct report *r, int64_t threshold);
/* Hide complements until no sensitive value can be worked out from r
 * alone (the classic rule, then the LP audit; sums over hidden counts). */
void supp_protect_all(struct supp *x);
/* Hide complements until sensitive variable v is protected in r alone. */
void supp_protect(struct supp *x, int v);
/* Mark the cells of r from the states, and the derived cells over them;
 * sets r's counts. */
void supp_finish(struct supp *x);
void supp_release(struct supp *x);

bool supp_hidden(const struct supp_var *v);
bool supp_sensitive(const struct supp_var *v);
/* May v be hidden as a complement (shown; a sum, or a count of at least
 * the threshold, so "x" never stands for a small count it does not hide)? */
bool supp_eligible(const struct supp *x, const struct supp_var *v);
/* What a reader knows of hidden variable v: [lo, hi] (hi may be LP_INF). */
void supp_bounds(const struct supp *x, const struct supp_var *v, double *lo, double *hi);
/* The protection a sensitive variable needs: two whole numbers for a
 * count (1), half its value for a sum. */
double supp_need(const struct supp_var *v);
/* Is [lo, hi] wide enough for v? */
bool supp_wide_enough(const struct supp_var *v, double lo, double hi);
/* Hidden variables connected to v through constraints (BFS order); fills
 * comp (size nv) and sets mark (size nv, all false before: the caller
 * clears the entries of comp after); returns how many. */
int supp_component(const struct supp *x, int v, int *comp, bool *mark);
/* Is a cheaper than b as a complement for a cell in table t? */
bool supp_cheaper(const struct supp_var *a, const struct supp_var *b, int t);
/* The variable of a key, -1 for none. */
int supp_var_of_key(const struct supp *x, const char *key);

/* A move of a count by exactly dir (+-1) that keeps every relation of the
 * report and what the reader knows of each hidden cell: the cell, then
 * for each equation it breaks another hidden cell of it, depth first
 * (score prefers cells, higher first). Such a move proves the reader
 * cannot pin the cell; not finding one proves nothing (then the LP
 * decides). pos: scratch, x->nv entries all -1, left so. */
#define SUPP_CHAIN_MAX 16
struct supp_chain {
	int n, nodes;
	int k[SUPP_CHAIN_MAX];
	double d[SUPP_CHAIN_MAX];
};
bool supp_chain_make(const struct supp *x, struct supp_chain *ch, int var, double dir, int *pos,
		     int (*score)(void *arg, int var), void *arg);
/* Undo a chain's marks in pos. */
void supp_chain_clear(struct supp_chain *ch, int *pos);

#endif
