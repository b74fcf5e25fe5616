/*
 * merge.c - combining municipalities' merge exports into one
 * cross-municipal report (`rede report merge`, DOMAIN §3): counts, sums
 * and distributions add, rows are matched by id (a municipality's own
 * rows - its code in the by-municipality tables, its own materials - are
 * added), derived cells are computed again from the merged primitives and
 * suppression is applied afresh. Because every shown number of a report is
 * a function of those primitives, the merge of two exports equals the
 * report over the union of their data. No personal data is involved: a
 * merge export holds aggregate counts, sums and, for quantiles, lists of
 * durations without any identifier.
 */
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/report_internal.h"

static void copy_cell(struct report_cell *d, const struct report_cell *s)
{
	d->kind = s->kind;
	d->fmt = s->fmt;
	d->key = xstrdup(s->key);
	d->n = s->n;
	d->a = xstrdup(s->a);
	d->b = xstrdup(s->b);
	d->basis = xstrdup(s->basis);
	d->q = s->q;
	d->text = xstrdup(s->text);
}

/* Add the cells of row src into row dr of t (copying where t's is empty). */
static void add_cells(struct report_table *t, int dr, const struct report_row *src)
{
	for (int j = 0; j < t->ncols; j++) {
		struct report_cell *dc = &t->rows[dr].cells[j];
		const struct report_cell *sc = &src->cells[j];
		if (dc->kind == RCELL_EMPTY && sc->kind != RCELL_EMPTY) {
			char *key = dc->key;
			copy_cell(dc, sc);
			/* the pool row keeps its own position key */
			if (!strcmp(t->rows[dr].id, t->pool_id ? t->pool_id : "")) {
				free(dc->key);
				dc->key = key ? key
					      : xasprintf("%s/%s/%s", t->name, t->rows[dr].id,
							  t->cols[j].id);
			} else {
				free(key);
			}
		} else if ((dc->kind == RCELL_COUNT || dc->kind == RCELL_SUM) &&
			   dc->kind == sc->kind) {
			dc->n += sc->n;
		}
	}
}

/* A named row that may go into the pool (not the total, not the pool). */
static bool poolable(const struct report_table *t, const struct report_row *row)
{
	return !row->total && strcmp(row->id, t->pool_id);
}

/* Has t any row besides its total? */
static bool has_rows(const struct report_table *t)
{
	for (int i = 0; i < t->nrows; i++)
		if (!t->rows[i].total)
			return true;
	return false;
}

/* The pool row of t, made (with zero counts shaped like row) if absent. */
static int pool_row(struct report_table *t, const struct report_row *like)
{
	int r = report_row_find(t, t->pool_id);
	enum report_cell_kind kind[64];
	enum report_fmt fmt[64];
	int n = t->ncols < 64 ? t->ncols : 64;

	if (r >= 0)
		return r;
	for (int j = 0; j < n; j++) {
		kind[j] = like->cells[j].kind;
		fmt[j] = like->cells[j].fmt;
	}
	r = report_row(t, t->pool_id, t->pool_label ? t->pool_label : t->pool_id);
	for (int j = 0; j < n; j++)
		if (kind[j] == RCELL_COUNT)
			report_set_count(t, r, j, 0, NULL);
		else if (kind[j] == RCELL_SUM)
			report_set_sum(t, r, j, 0, fmt[j], NULL, NULL);
	return r;
}

static void row_release(int ncols, struct report_row *row)
{
	for (int j = 0; j < ncols; j++) {
		free(row->cells[j].key);
		free(row->cells[j].a);
		free(row->cells[j].b);
		free(row->cells[j].basis);
		free(row->cells[j].text);
	}
	free(row->cells);
	free(row->id);
	free(row->label);
}

static bool has_le(const struct report *r, const char *a, const char *b)
{
	for (int i = 0; i < r->nles; i++)
		if (!strcmp(r->les[i].a, a) && !strcmp(r->les[i].b, b))
			return true;
	return false;
}

static bool same_muni(const json_t *a, const json_t *b)
{
	const char *ca = json_string_value(json_object_get(a, "code")),
		   *cb = json_string_value(json_object_get(b, "code"));
	return ca && cb && !strcmp(ca, cb);
}

enum rede_err report_merge_into(struct report *dst, const struct report *src, char **msg)
{
	json_t *dm = json_object_get(dst->filters, "municipalities"),
	       *sm = json_object_get(src->filters, "municipalities"), *a, *b;
	size_t i, k;

	*msg = NULL;
	if (strcmp(dst->name, src->name)) {
		*msg = xasprintf("cannot merge report %s into %s", src->name, dst->name);
		return REDE_E_INVALID;
	}
	if (strcmp(dst->from, src->from) || strcmp(dst->to, src->to)) {
		*msg = xasprintf("the exports cover different periods (%s..%s and %s..%s)",
				 dst->from, dst->to, src->from, src->to);
		return REDE_E_INVALID;
	}
	json_array_foreach(sm, i, a) json_array_foreach(dm, k, b) if (same_muni(a, b))
	{
		*msg = xasprintf("municipality %s is in two exports",
				 json_string_value(json_object_get(a, "code")));
		return REDE_E_INVALID;
	}
	/* Check the shape before changing anything. */
	for (int t = 0; t < src->ntables; t++) {
		const struct report_table *st = src->tables[t];
		struct report_table *dt = report_table_get(dst, st->name);
		if (!dt || dt->ncols != st->ncols) {
			*msg = xasprintf("table %s differs between the exports (different versions "
					 "of rede?)",
					 st->name);
			return REDE_E_INVALID;
		}
		for (int j = 0; j < st->ncols; j++)
			if (strcmp(dt->cols[j].id, st->cols[j].id)) {
				*msg = xasprintf("table %s has other columns in one export",
						 st->name);
				return REDE_E_INVALID;
			}
		/* Sums in another unit (an export from before the costs were
		 * kept exact, RFMT_KR_MIN) must not be added to these. */
		for (int r = 0; r < st->nrows; r++) {
			int dr = report_row_find(dt, st->rows[r].id);
			for (int j = 0; dr >= 0 && j < st->ncols; j++) {
				const struct report_cell *dc = &dt->rows[dr].cells[j],
							 *sc = &st->rows[r].cells[j];
				if (dc->kind == RCELL_SUM && sc->kind == RCELL_SUM &&
				    dc->fmt != sc->fmt) {
					*msg = xasprintf(
						"table %s counts in other units in one export "
						"(different versions of rede?)",
						st->name);
					return REDE_E_INVALID;
				}
			}
		}
	}
	for (int t = 0; t < src->ntables; t++) {
		const struct report_table *st = src->tables[t];
		struct report_table *dt = report_table_get(dst, st->name);
		bool pooling;

		if (!dt->pool_id && st->pool_id)
			report_table_pool(dt, st->pool_id, st->pool_label);
		/* A row one side names and the other does not is pooled (a
		 * side with no rows at all, no referrals, names nothing and
		 * pools nothing). */
		pooling = dt->pool_id && has_rows(dt) && has_rows(st);
		for (int r = dt->nrows - 1; pooling && r >= 0; r--)
			if (poolable(dt, &dt->rows[r]) && report_row_find(st, dt->rows[r].id) < 0) {
				/* take the row out first: adding the pool row may
				 * move the table's rows */
				struct report_row row = dt->rows[r];
				memmove(&dt->rows[r], &dt->rows[r + 1],
					(size_t)(dt->nrows - r - 1) * sizeof(*dt->rows));
				dt->nrows--;
				add_cells(dt, pool_row(dt, &row), &row);
				row_release(dt->ncols, &row);
			}
		for (int r = 0; r < st->nrows; r++) {
			int dr = report_row_find(dt, st->rows[r].id);
			if (dr < 0 && pooling && poolable(dt, &st->rows[r])) {
				add_cells(dt, pool_row(dt, &st->rows[r]), &st->rows[r]);
				continue;
			}
			if (dr < 0) {
				dr = report_row(dt, st->rows[r].id, st->rows[r].label);
				dt->rows[dr].total = st->rows[r].total;
			}
			add_cells(dt, dr, &st->rows[r]);
		}
	}
	for (int d = 0; d < src->ndists; d++) {
		struct report_dist *dd = report_dist(dst, src->dists[d].name);
		for (size_t v = 0; v < src->dists[d].n; v++)
			report_dist_add(dd, src->dists[d].v[v]);
	}
	for (int l = 0; l < src->nles; l++)
		if (!has_le(dst, src->les[l].a, src->les[l].b))
			report_le(dst, src->les[l].a, src->les[l].b);
	for (int l = 0; l < src->ncolsums; l++) {
		const struct report_colsum *cs = &src->colsums[l];
		const struct report_table *t = report_table_get(dst, cs->table);
		int col = t ? report_col_find(t, cs->col) : -1;
		if (col >= 0)
			report_sum_of_column(dst, cs->total, t, col);
	}
	for (int l = 0; l < src->nkeysums; l++)
		report_sum_of_keys(dst, src->keysums[l].total,
				   (const char *const *)src->keysums[l].parts);
	json_array_extend(json_object_get(dst->filters, "municipalities"), sm);
	json_array_extend(dst->parameters, src->parameters);
	json_object_set_new(dst->filters, "unit", json_null());
	report_costs_describe(dst);
	return REDE_OK;
}

struct report *report_clone(const struct report *r)
{
	json_t *j = report_to_merge_json(r);
	struct report *c = NULL;
	char *msg = NULL;

	if (report_from_merge_json(j, &c, &msg) != REDE_OK) {
		/* our own export always reads back */
		log_error("report: cannot copy %s: %s", r->name, msg ? msg : "?");
		abort();
	}
	json_decref(j);
	memcpy(c->generated_at, r->generated_at, sizeof(c->generated_at));
	report_settle(c);
	report_finish(c);
	return c;
}
