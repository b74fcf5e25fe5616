/*
 * report_internal.h - what the files of src/report/ share and nothing
 * else uses: the key index (quantity key -> cells), the SQL scope helpers
 * the builders use, and the builders themselves.
 */
#ifndef REDE_REPORT_INTERNAL_H
#define REDE_REPORT_INTERNAL_H

#include "rede/report.h"
#include "rede/util.h"
#include "store/report_queries.h"

/* ---- key index (keys.c): every cell of a report by key ---- */
struct report_keyent {
	const char *key;            /* borrowed from the first cell */
	struct report_cell **cells; /* every cell with this key */
	int ncells;
	int var; /* suppress.c: variable number, -1 for none */
};
struct report_keys {
	struct report_keyent *ents; /* in first-seen order */
	int n, cap;
	int *slots; /* open addressing: index+1 into ents, 0 = empty */
	size_t nslots;
};
void report_keys_build(struct report_keys *k, struct report *r);
void report_keys_release(struct report_keys *k);
/* -1 when the key is unknown */
int report_keys_find(const struct report_keys *k, const char *key);

/* Remove row (and its cells) from t. */
void report_row_remove(struct report_table *t, int row);

/* ---- scope helpers for the builders (scope.c) ----
 * The queries themselves are in the store (store/report_queries.h); a
 * builder gives them one municipality's scope. */
void report_rq_scope(const struct report_scope *s, const struct report_muni *m,
		     struct store_rq_scope *out);
/* The parameters in force for one municipality, as {key: value} for keys
 * starting with any of prefixes (NULL-terminated). */
enum rede_err report_params(struct store_conn *c, int64_t municipality_id,
			    const char *const *prefixes, json_t **out);
/* Add {"municipality": code, "values": ...} to r->parameters for every
 * municipality of s. */
enum rede_err report_add_params(struct store_conn *c, const struct report_scope *s,
				struct report *r, const char *const *prefixes);
/* An integer setting for a municipality (default when unset). */
int64_t report_setting(struct store_conn *c, int64_t municipality_id, const char *key,
		       int64_t dflt);
/* ---- one family on several connections (parallel.c) ----
 * fn(c, i, arg) for i in 0..n-1, each on c or on a spare connection of its
 * pool that sees the same data (its own read transaction); on up to
 * threads connections at once (report_par_threads), as many as the pool
 * has free. fn must only read, keep its result in slot i and touch nothing
 * else shared. The first error fn returns is returned; no item starts
 * after it. */
typedef enum rede_err (*report_par_fn)(struct store_conn *c, int i, void *arg);
enum rede_err report_par_run(struct store_conn *c, int n, int threads, report_par_fn fn, void *arg);
/* Connections (and threads) one family may use, the asking one included:
 * server.report_threads, 0 for one per processor; at most 17. */
int report_par_threads(struct store_conn *c);
/* fn(i, arg) for i in 0..n-1 on up to threads threads (the calling one
 * included), each i once; returns when all are done. fn must touch nothing
 * another i touches. For work without the database (family.c). */
typedef void (*report_each_fn)(int i, void *arg);
void report_par_each(int n, int threads, report_each_fn fn, void *arg);
/* The round row of a by-round table: id "1", label "Runde 1" ("0": none). */
int report_round_row(struct report_table *t, int64_t round);
/* Months from..to as "YYYY-MM" rows of t (label "jan. 2020" style). */
void report_month_rows(struct report_table *t, const char *from, const char *to);
/* Danish month label for "YYYY-MM" into out (at least 16 bytes). */
void report_month_label(const char *ym, char *out, size_t n);

/* ---- faglig sparring and training as overhead (r_support.c) ----
 * Per programme (in the cost report's order) and "not allocated": the
 * support minutes and cost spread onto it, the staff whose support went
 * into it, and the minutes of staff without an hourly cost. Added to out
 * (several municipalities accumulate). */
enum { SUPPORT_HP, SUPPORT_1_5Y, SUPPORT_3Y, SUPPORT_COSP, SUPPORT_PROGRAMMES };
#define SUPPORT_UNALLOCATED SUPPORT_PROGRAMMES
struct report_support {
	int64_t minutes[SUPPORT_PROGRAMMES + 1];
	int64_t cost[SUPPORT_PROGRAMMES + 1]; /* minutes x øre per hour (RFMT_KR_MIN) */
	int64_t staff[SUPPORT_PROGRAMMES + 1], uncosted[SUPPORT_PROGRAMMES + 1];
};
enum rede_err report_costs_support(struct store_conn *c, const struct report_scope *s,
				   const struct report_muni *m, struct report_support *out);
/* ---- protection across views (family.c) ---- */
/* Suppress municipality report m for a reader who knows own (the same
 * report over their own units) exactly: m's own pattern and more hidden
 * cells, so that what is left for the other units cannot be worked out
 * where it is 1..threshold-1. */
void report_protect_rest(struct report *m, int64_t threshold, const struct report *own);

/* ---- writers (w_csv.c, w_xlsx.c, w_html.c) ---- */
char *report_write_csv(const struct report *r, bool danish, size_t *len);
enum rede_err report_write_xlsx(const struct report *r, char **out, size_t *len);
char *report_write_html(const struct report *r);

/* ---- writers' helpers ---- */
/* Append s to b with &, <, >, " and ' escaped for XML/HTML. */
void report_xml_escape(struct buf *b, const char *s);
/* Add the chart of t (an <svg> element, no XML declaration) to b. */
void report_svg_element(struct buf *b, const struct report *r, const struct report_table *t);

/* ---- the builders (r_*.c) ---- */
enum rede_err report_build_visits(struct store_conn *c, const struct report_scope *s,
				  struct report *r);
enum rede_err report_build_materials(struct store_conn *c, const struct report_scope *s,
				     struct report *r);
enum rede_err report_build_cosp(struct store_conn *c, const struct report_scope *s,
				struct report *r);
enum rede_err report_build_home_pedagogue(struct store_conn *c, const struct report_scope *s,
					  struct report *r);
enum rede_err report_build_costs(struct store_conn *c, const struct report_scope *s,
				 struct report *r);
enum rede_err report_build_evaluation_kit(struct store_conn *c, const struct report_scope *s,
					  struct report *r);
enum rede_err report_build_typology(struct store_conn *c, const struct report_scope *s,
				    struct report *r);
enum rede_err report_build_sparring(struct store_conn *c, const struct report_scope *s,
				    struct report *r);
/* Texts that depend on which municipalities a report covers, from its
 * parameters (again after a merge). */
void report_costs_describe(struct report *r);

/* Danish text for the files (w_danish.c): "dd-mm-åååå", the period
 * "dd-mm-åååå til dd-mm-åååå", "Dannet" in Danish local time, and an
 * XLSX sheet name from a Danish title (at most 31 characters, unique by
 * taken(ctx, name)). */
#define REPORT_DA_PERIOD_SIZE 32
#define REPORT_DA_TIME_SIZE 32
#define REPORT_SHEET_CHARS 31
#define REPORT_SHEET_NAME_SIZE (REPORT_SHEET_CHARS * 4 + 1)
void report_da_date(const char *iso, char out[11]);
void report_da_period(const struct report *r, char out[REPORT_DA_PERIOD_SIZE]);
void report_da_generated(const struct report *r, char out[REPORT_DA_TIME_SIZE]);
void report_sheet_name(const char *title, bool (*taken)(void *ctx, const char *name), void *ctx,
		       char out[REPORT_SHEET_NAME_SIZE]);

/* ---- cached families (cache.c) ---- */
struct report_cache_key {
	const char *name, *from, *to; /* borrowed */
	bool final_delivery;
	int64_t home_municipality_id;
	int32_t today;
	int64_t version;             /* store_rq_data_version, read before any number */
	const int64_t *ids, *rounds; /* the leaves (borrowed), set by the caller */
	int n;
	int64_t capacity; /* setting server.report_cache_families; 0: no cache */
};
/* Fill k for report name over s (ids/rounds/n left to the caller): reads
 * the data version in c's transaction - call it before the numbers. */
enum rede_err report_cache_key_read(struct store_conn *c, const char *name,
				    const struct report_scope *s, struct report_cache_key *k);
/* A copy (caller frees) of the view of the cached family for k, or NULL. */
struct report *report_cache_get(const struct report_cache_key *k, int want_leaf,
				int64_t want_round);
/* Keep fam (taken over, *fam emptied) under k. */
void report_cache_put(const struct report_cache_key *k, struct report_family *fam);

#endif
