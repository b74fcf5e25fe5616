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
				*msg =
				    xasprintf("table %s has other columns in one export", st->name);
				return REDE_E_INVALID;
			}
	}
	for (int t = 0; t < src->ntables; t++) {
		const struct report_table *st = src->tables[t];
		struct report_table *dt = report_table_get(dst, st->name);

		for (int r = 0; r < st->nrows; r++) {
			int dr = report_row_find(dt, st->rows[r].id);
			if (dr < 0) {
				dr = report_row(dt, st->rows[r].id, st->rows[r].label);
				dt->rows[dr].total = st->rows[r].total;
			}
			for (int j = 0; j < st->ncols; j++) {
				struct report_cell *dc = &dt->rows[dr].cells[j];
				const struct report_cell *sc = &st->rows[r].cells[j];
				if (dc->kind == RCELL_EMPTY && sc->kind != RCELL_EMPTY)
					copy_cell(dc, sc);
				else if ((dc->kind == RCELL_COUNT || dc->kind == RCELL_SUM) &&
				         dc->kind == sc->kind)
					dc->n += sc->n;
			}
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
	json_array_extend(json_object_get(dst->filters, "municipalities"), sm);
	json_array_extend(dst->parameters, src->parameters);
	json_object_set_new(dst->filters, "unit", json_null());
	return REDE_OK;
}
