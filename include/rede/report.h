/*
 * report.h - the report engine (DOMAIN §3, DESIGN §1 "report"): a report
 * is a set of named tables of counts and measures computed through the
 * store for a scope (period, municipalities, unit, programme round), then
 * finished (derived measures computed), protected (small-number
 * suppression, src/report/suppress.c) and written (JSON, CSV, XLSX, SVG,
 * HTML). `rede report` and GET /api/v1/reports/{name} run the same code:
 * report_run() then report_write().
 *
 * The model is made of mergeable primitives so that municipalities'
 * exports can be combined into one cross-municipal report that equals the
 * report over the union of their data (`rede report merge`):
 *   - COUNT cells: integers that add (families, visits, staff).
 *   - SUM cells: integers that add but are not head counts (minutes, øre);
 *     each names the COUNT it is a sum over (its basis), because the sum
 *     over fewer than the threshold reveals individuals' values.
 *   - SHARE / RATIO cells: computed from two other cells by key.
 *   - QUANTILE cells: computed from a named distribution (a multiset of
 *     integers kept in the report, exported only for merging).
 * Every cell has a key. Cells with equal keys are the same quantity, in
 * whichever table they appear: suppression treats them as one value, so
 * a count hidden in one table is hidden in all of them. Every additive
 * relation a reader can see is declared where the tables are built (see
 * "relations" below); suppression uses them all to make sure no hidden
 * count can be worked out.
 *
 * Ownership: a struct report owns everything hanging off it; report_free
 * releases it. Strings passed to the builders are copied.
 */
#ifndef REDE_REPORT_H
#define REDE_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rede/err.h"

/* The store's types by name only (reports read through a store connection): this
 * header does not pull the store's API into every file that includes it;
 * a file that calls the store includes rede/store.h itself. */
struct store;
struct store_conn;

enum report_cell_kind {
	RCELL_EMPTY,
	RCELL_COUNT,
	RCELL_SUM,
	RCELL_SHARE,    /* 100 * a / b */
	RCELL_RATIO,    /* a / b */
	RCELL_DIFF,     /* a - b (ratios: e.g. cost per course minus the alternative) */
	RCELL_QUANTILE, /* quantile q of distribution a; basis is its n */
	RCELL_TEXT,
	RCELL_VALUE, /* a measure that is not about persons (typology scores): shown as is */
	RCELL_KIND__COUNT
};
extern const char *const report_cell_kind_names[RCELL_KIND__COUNT];

/* How a cell is shown. The stored value is divided by the unit and
 * rounded once, to the decimals shown, half away from zero (exactly, in
 * integers, for counts and sums; derived cells are computed from the exact
 * primitives and rounded the same way). */
enum report_fmt {
	RFMT_INT,    /* whole number */
	RFMT_PCT,    /* per cent, one decimal */
	RFMT_HOURS,  /* minutes shown as hours, one decimal */
	RFMT_KR,     /* øre shown as whole kroner */
	RFMT_WEEKS,  /* days shown as weeks, one decimal */
	RFMT_DEC1,   /* plain number, one decimal */
	RFMT_DEC2,   /* plain number, two decimals (scores) */
	RFMT_KR_MIN, /* staff cost as minutes x hourly cost in øre (1/60 øre, so a sum
	              * of minute x rate products is exact), shown as whole kroner */
	RFMT__COUNT
};
/* Decimals a format shows (0 for counts and kroner). */
int report_fmt_decimals(enum report_fmt f);
extern const char *const report_fmt_names[RFMT__COUNT];

enum report_supp {
	RSUPP_NONE,
	RSUPP_PRIMARY,   /* a count below the threshold: shown "<5" */
	RSUPP_SECONDARY, /* hidden so a primary cannot be worked out: "x" */
	RSUPP_DEPENDENT, /* computed from a hidden cell, or over too few: "x" */
	RSUPP__COUNT
};
extern const char *const report_supp_names[RSUPP__COUNT];

struct report_cell {
	enum report_cell_kind kind;
	enum report_fmt fmt;
	char *key;    /* identity of the quantity; set for every non-empty cell */
	int64_t n;    /* COUNT, SUM: the exact value */
	char *a, *b;  /* SHARE/RATIO/DIFF operands (keys); QUANTILE: a = distribution */
	char *basis;  /* SUM, QUANTILE: the count it is over (key); may be NULL */
	double q;     /* QUANTILE: 0..1 */
	double value; /* derived cells after report_finish */
	bool defined; /* derived: false when not computable (division by 0, no data) */
	char *text;   /* TEXT */
	enum report_supp supp;
};

struct report_row {
	char *id, *label;
	struct report_cell *cells; /* ncols of them */
	bool total;                /* the column-total row */
};

struct report_col {
	char *id, *label;
	bool part;   /* counted into the row total column */
	bool summed; /* the total row holds this column's sum over the other rows */
};

enum report_chart {
	RCHART_NONE,
	RCHART_BARS,   /* one group of bars per non-total row (monthly activity) */
	RCHART_FUNNEL, /* the first row's count columns as stages (offered -> ...) */
	RCHART__COUNT
};

struct report_table {
	char *name;         /* stable id, e.g. "visits.summary" */
	char *title, *note; /* Danish */
	struct report_col *cols;
	int ncols;
	struct report_row *rows;
	int nrows, rows_cap;
	int total_col; /* index of the row-total column, -1 for none */
	bool sorted;   /* rows are data-dependent: kept sorted by id (total last) */
	enum report_chart chart;
	/* The row that pools rows too rare to name (report_table_pool), NULL
	 * for none. */
	char *pool_id, *pool_label;
};

/* A multiset of integers (e.g. days per course), for quantiles. */
struct report_dist {
	char *name;
	int64_t *v;
	size_t n, cap;
};

/* key_a <= key_b, known to anyone reading the report (visited <= offered). */
struct report_le {
	char *a, *b;
};

/* The quantity total equals the sum of column col of table table over its
 * non-total rows (report_sum_of_column). */
struct report_colsum {
	char *total, *table, *col;
};

/* The quantity total equals the sum of the quantities parts, wherever
 * they are shown (report_sum_of_keys). */
struct report_keysum {
	char *total;
	char **parts; /* NULL-terminated */
	int nparts;
};

/* A municipality the report covers. */
struct report_muni {
	int64_t id;
	char code[16];
	char *name;
	int64_t round; /* programme round (setting project.round), 0 = none */
};

/* What a report is computed over. */
enum report_unit_mode {
	RUNIT_ALL,    /* every unit of the municipalities (and records without one) */
	RUNIT_ONE,    /* records of unit_id */
	RUNIT_MEMBER, /* records of the units user_id is a member of */
	RUNIT_MODE__COUNT
};
struct report_scope {
	char from[11], to[11]; /* inclusive, YYYY-MM-DD */
	struct report_muni *munis;
	int nmunis;
	enum report_unit_mode unit_mode;
	int64_t unit_id;     /* RUNIT_ONE */
	char *unit_name;     /* RUNIT_ONE, for the report's filters */
	int64_t user_id;     /* RUNIT_MEMBER */
	int64_t round;       /* only municipalities of this round; 0 = any */
	bool final_delivery; /* evaluation kit: the end-of-project delivery */
	/* the asking municipality: its settings for municipality-wide values
	 * (alternative intervention cost) when one municipality is covered */
	int64_t home_municipality_id;
	/* a family build's grouped query results (src/store/rq_rows.c), owned
	 * by that build (request.c); NULL: each query for its municipality */
	struct store_rq_prefetch *prefetch;
};
void report_scope_init(struct report_scope *s);
void report_scope_release(struct report_scope *s);
/* Add a municipality (copies name). */
void report_scope_add_muni(struct report_scope *s, int64_t id, const char *code, const char *name,
			   int64_t round);

struct report {
	char *name, *title;
	char generated_at[25];
	char from[11], to[11];
	json_t *filters;    /* {"municipalities":[{code,name,round}], "unit":..., "round":...} */
	json_t *parameters; /* [{"municipality": code, "values": {key: value}}] */
	json_t *delivery;   /* evaluation kit: {"due_on", "label"}; NULL otherwise */
	struct report_table **tables; /* each owned; pointers stay valid */
	int ntables, tables_cap;
	struct report_dist *dists;
	int ndists, dists_cap;
	struct report_le *les;
	int nles, les_cap;
	struct report_colsum *colsums;
	int ncolsums, colsums_cap;
	struct report_keysum *keysums;
	int nkeysums, keysums_cap;
	/* suppression */
	bool suppressed; /* report_suppress ran over counts or sums to protect */
	int64_t threshold;
	int primary, secondary, dependent;
};

/* ---- lifecycle and building ---- */
struct report *report_new(const char *name, const char *title);
void report_free(struct report *r);
/* A deep copy of r (owned by the caller), stamped with the time of the
 * copy as generated_at: a cached view served again (report_cache.c). */
struct report *report_copy(const struct report *r);

/* Add a table; cols is a NULL-terminated array of "id", "label" pairs
 * (id0, label0, id1, label1, ..., NULL). Returns the table (owned by r,
 * valid until report_free). */
struct report_table *report_table(struct report *r, const char *name, const char *title,
				  const char *const *cols);
struct report_table *report_table_get(struct report *r, const char *name);
/* Declare column total_col as the sum of the columns in parts (indices,
 * -1 terminated) in every row. */
void report_table_row_sums(struct report_table *t, int total_col, const int *parts);
/* Declare that the total row (added with report_row_total) holds the sum
 * of the other rows for the columns in cols (-1 terminated). */
void report_table_col_sums(struct report_table *t, const int *cols);
void report_table_note(struct report_table *t, const char *note);
/* Declare row id (label) as the table's pool: rows named in one
 * municipality's report but not in another's are added into it when
 * reports are merged, so a union names a row only when every municipality
 * in it does (and the builders follow the same rule). */
void report_table_pool(struct report_table *t, const char *id, const char *label);

/* Add a row (or return the existing one with this id); returns its index. */
int report_row(struct report_table *t, const char *id, const char *label);
int report_row_total(struct report_table *t, const char *label);
int report_row_find(const struct report_table *t, const char *id);
int report_col_find(const struct report_table *t, const char *id);

/* Cell setters; key NULL gives the position key "table/row/col". */
struct report_cell *report_cell_at(struct report_table *t, int row, int col);
void report_set_count(struct report_table *t, int row, int col, int64_t n, const char *key);
void report_add_count(struct report_table *t, int row, int col, int64_t n);
void report_set_sum(struct report_table *t, int row, int col, int64_t n, enum report_fmt fmt,
		    const char *basis, const char *key);
void report_set_derived(struct report_table *t, int row, int col, enum report_cell_kind kind,
			const char *a, const char *b, enum report_fmt fmt);
void report_set_quantile(struct report_table *t, int row, int col, const char *dist, double q,
			 const char *basis, enum report_fmt fmt);
void report_set_text(struct report_table *t, int row, int col, const char *text);
void report_set_value(struct report_table *t, int row, int col, double v, enum report_fmt fmt);
/* The key of a cell (its own or the position key). */
const char *report_cell_key(const struct report_table *t, int row, int col);
/* Fill the total row of a table from its other rows (summed columns) and
 * the total column from the parts (after the data is in). */
void report_table_totals(struct report_table *t);
/* Give every cell of a key the value its builder put in one of them (the
 * others are created as 0), then recompute the totals: call after
 * building or merging, before report_finish. */
void report_settle(struct report *r);
/* Sort the non-total rows by id (tables marked sorted). */
void report_table_sort(struct report_table *t);

struct report_dist *report_dist(struct report *r, const char *name);
void report_dist_add(struct report_dist *d, int64_t v);

/* ---- relations a reader can see (relations.c) ----
 * Every additive relation between the cells of a report that its reader
 * can see is declared by the builder, where it builds the tables, with one
 * of these - nothing else declares structure:
 *   - report_table_row_sums: a column is the sum of other columns, per row;
 *   - report_table_col_sums: the total row is the sum of the other rows;
 *   - equal keys: one quantity shown in several cells or tables;
 *   - report_sum_of_column: a quantity (shown in another table) is the sum
 *     of a column, e.g. "materials used in all" per visit type and the uses
 *     of each material;
 *   - report_le: key_a <= key_b (visited <= offered).
 * report_relations_each expands them into linear relations over keys
 * (rows that depend on the data are known only when it is in).
 * Suppression, its LP audit, the joint protection of several views
 * (family.c) and the merge export all read the relations through it, so a
 * relation declared once is used everywhere. */
void report_le(struct report *r, const char *a, const char *b);
/* total_key = the sum of column col of t over its non-total rows. */
void report_sum_of_column(struct report *r, const char *total_key, const struct report_table *t,
			  int col);
/* total_key = the sum of the quantities parts (NULL-terminated), shown in
 * any tables (the cost including support = the cost + the support). */
void report_sum_of_keys(struct report *r, const char *total_key, const char *const *parts);
/* One relation: sum(coef[i] * value(keys[i])) == 0, or <= 0 when le. For a
 * sum, keys[0] is the total (coefficient 1) and the parts follow (-1). */
struct report_relation {
	int n;
	const char *const *keys; /* borrowed: valid during the callback */
	const double *coef;
	bool le;
	bool sum; /* total = sum of parts (keys[0] is the total) */
};
/* Call fn for every relation of r, in a fixed order: each table's row
 * sums, then its column sums (tables in order), the inequalities, the sums
 * of columns, the sums of keys. Cells without a key are skipped; only COUNT and SUM cells
 * take part (a part must be of the total's kind). */
void report_relations_each(const struct report *r,
			   void (*fn)(const struct report_relation *rel, void *arg), void *arg);

/* ---- finishing ---- */
/* Compute the derived cells (shares, ratios, quantiles) from the
 * primitives; call after building and again after merging. */
void report_finish(struct report *r);
/* Quantile q (0..1) of sorted values v[0..n-1], linear between order
 * statistics (Hyndman & Fan type 7, the spreadsheet default). */
double report_quantile(const int64_t *v, size_t n, double q);

/* ---- small-number protection (suppress.c) ----
 * Counts from 1 to threshold-1 become primary suppressions ("<5"); then
 * complementary cells are hidden ("x") until no primary count can be
 * recovered from the report's relations (report_relations_each): for
 * each, the range a reader can deduce by linear programming (knowing
 * hidden primaries lie in 1..threshold-1 and hidden complements are at
 * least threshold) must hold at least two whole numbers; where nothing is
 * left to hide, primaries are shown as "x" (at least 1). SUM cells over a
 * hidden count are hidden and protected to half their value; derived
 * cells over a hidden cell are hidden. Zero counts are shown. Never fails;
 * returns the number of cells hidden. This protects one report on its
 * own; report_family_union protects the views a reader may combine. A report
 * without counts or sums (typology) is left unprotected: suppressed stays
 * false, and the writers say suppression was not applied. */
int report_suppress(struct report *r, int64_t threshold);

/* ---- the reports ---- */
struct report_def {
	const char *name;
	const char *title; /* Danish */
	enum rede_err (*build)(struct store_conn *c, const struct report_scope *s,
			       struct report *r);
	/* counts about persons that add across municipalities (a union is the
	 * merge of its municipalities' reports); false: typology scores */
	bool counts;
};
extern const struct report_def report_defs[];
extern const int report_defs_count;
const struct report_def *report_def_find(const char *name);

/* Helper connections one report family uses besides the asking one when
 * server.report_threads is 0 (processors - 1, at most 16; report/
 * parallel.c). A server adds them to its pool, so a family's helpers do not
 * take connections its request threads need. */
int report_par_helpers_default(void);

/* Build report name over scope: tables, filters, parameters in force and
 * generated-at. Finished, not yet suppressed. */
enum rede_err report_run(struct store_conn *c, const char *name, const struct report_scope *s,
			 struct report **out);

/* ---- writers ---- */
enum report_format {
	RFORMAT_JSON,
	RFORMAT_CSV,
	RFORMAT_CSV_DA, /* ';', decimal comma, UTF-8 BOM: Danish Excel */
	RFORMAT_XLSX,
	RFORMAT_HTML,
	RFORMAT_SVG,
	RFORMAT_MERGE, /* JSON with the exact primitives, for `rede report merge` */
	RFORMAT__COUNT
};
extern const char *const report_format_names[RFORMAT__COUNT];
enum report_format report_format_parse(const char *s); /* __COUNT when unknown */
const char *report_format_mime(enum report_format f);
const char *report_format_ext(enum report_format f);

/* Write r in format f into a fresh buffer (*out, *len; caller frees).
 * chart: for SVG, the table to draw (NULL = the first with a chart).
 * REDE_E_NOTFOUND when an SVG is asked of a report without charts. */
enum rede_err report_write(const struct report *r, enum report_format f, const char *chart,
			   char **out, size_t *len);
/* The display JSON (suppressed values as "<5"/"x"). */
json_t *report_to_json(const struct report *r);
/* The merge JSON (exact primitives, distributions, keys). */
json_t *report_to_merge_json(const struct report *r);
/* One SVG chart of a table, with <title>/<desc> as its text alternative. */
char *report_svg_chart(const struct report *r, const struct report_table *t);
/* How a cell reads (respecting suppression): "1.305" / "27,3" style when
 * danish, "1305" / "27.3" otherwise. out at least 64 bytes. */
const char *report_cell_text(const struct report *r, const struct report_cell *c, bool danish,
			     char *out, size_t n);
/* The shown value of a numeric cell (after the unit): false for empty,
 * suppressed, undefined or text cells. */
bool report_cell_number(const struct report_cell *c, double *v);

/* ---- merging (merge.c) ---- */
/* Parse a merge export; *msg (English, caller frees) on failure. */
enum rede_err report_from_merge_json(const json_t *j, struct report **out, char **msg);
/* Add src into dst: same report and period; counts, sums and
 * distributions add, rows are aligned by id (a row only one of them names
 * goes into the table's pool row), municipalities and parameters are
 * concatenated. *msg on failure. */
enum rede_err report_merge_into(struct report *dst, const struct report *src, char **msg);
/* The union of leaves (municipalities' reports, finished, not suppressed;
 * taken over and freed), protected together with every view below it a
 * reader may also have: each leaf (suppressed alone, and more where its
 * own pattern pins a union's hidden value), and each round
 * (rounds[i] > 0) of two or more leaves (src/report/family.c). *out is the
 * union, suppressed; thresholds are each leaf's. *msg (caller frees) when
 * the leaves do not merge. */
enum rede_err report_family_union(struct report **leaves, const int64_t *rounds,
				  const int64_t *thresholds, int n, struct report **out,
				  char **msg);
/* The same family of views, and the one a reader asked for: leaf want_leaf
 * (>= 0), else the round want_round (> 0; its only municipality when it
 * has one), else all of them. A municipality hides more where its own
 * pattern would pin a hidden value of a union (the family is computed again
 * from the municipalities until none does), so a municipality's answer is
 * taken from the whole family too: every view of it is the same. */
enum rede_err report_family_view(struct report **leaves, const int64_t *rounds,
				 const int64_t *thresholds, int n, int want_leaf,
				 int64_t want_round, struct report **out, char **msg);
/* Every view of that family at once (a cache keeps them, report_cache.c):
 * leaf[i] is leaves[i]'s view, inner[i] a union with inner_round[i] its
 * round (0: all of them, the last). The family owns the reports. */
struct report_family {
	struct report **leaf;
	int nleaf;
	struct report **inner;
	int64_t *inner_round;
	int ninner;
};
/* threads: how many threads protect the municipalities' own reports at
 * once (report_par_threads; the answer is the same for any number). */
enum rede_err report_family_all(struct report **leaves, const int64_t *rounds,
				const int64_t *thresholds, int n, int threads,
				struct report_family *out, char **msg);
/* The view report_family_view would give (borrowed from fam). */
const struct report *report_family_pick(const struct report_family *fam, const int64_t *rounds,
					int want_leaf, int64_t want_round);
void report_family_release(struct report_family *fam);
/* A deep copy of r's primitives and structure (as a merge export would
 * carry them), settled and finished; not suppressed. */
struct report *report_clone(const struct report *r);

#endif
