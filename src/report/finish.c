/*
 * finish.c - finishing a report once its builder has added the counts:
 * settling (rows sorted, totals, cells of one quantity made equal) and
 * the derived cells (shares, ratios, differences, quantiles) computed
 * from the quantities they name. Apart from model.c (the tables) and
 * keys.c (the index by key), which both serve it.
 */
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/report_internal.h"

static int i64_cmp(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return (a > b) - (a < b);
}

/* The primitive or ratio value of the quantity key; false when there is
 * none or it is not defined. */
static bool value_of(const struct report_keys *k, const char *key, double *out)
{
	int e = report_keys_find(k, key);

	for (int i = 0; e >= 0 && i < k->ents[e].ncells; i++) {
		const struct report_cell *c = k->ents[e].cells[i];
		if (c->kind == RCELL_COUNT || c->kind == RCELL_SUM) {
			*out = (double)c->n;
			return true;
		}
		if (c->kind == RCELL_RATIO && c->defined) {
			*out = c->value;
			return true;
		}
	}
	return false;
}

void report_finish(struct report *r)
{
	struct report_keys k;

	report_keys_build(&k, r);
	for (int i = 0; i < r->ndists; i++)
		if (r->dists[i].n)
			qsort(r->dists[i].v, r->dists[i].n, sizeof(int64_t), i64_cmp);
	/* Two passes: a DIFF may use a RATIO computed in the first. */
	for (int pass = 0; pass < 2; pass++)
		for (int t = 0; t < r->ntables; t++) {
			struct report_table *tb = r->tables[t];
			for (int i = 0; i < tb->nrows; i++)
				for (int j = 0; j < tb->ncols; j++) {
					struct report_cell *c = &tb->rows[i].cells[j];
					double a = 0, b = 0;
					bool ha, hb;

					if (c->kind == RCELL_QUANTILE) {
						struct report_dist *d = report_dist(r, c->a);
						c->defined = d->n > 0;
						c->value = report_quantile(d->v, d->n, c->q);
						continue;
					}
					if (c->kind != RCELL_SHARE && c->kind != RCELL_RATIO &&
					    c->kind != RCELL_DIFF)
						continue;
					ha = value_of(&k, c->a, &a);
					hb = value_of(&k, c->b, &b);
					c->defined = ha && hb;
					if (c->kind == RCELL_DIFF) {
						c->value = a - b;
					} else {
						c->defined = c->defined && b != 0;
						c->value = c->defined ? a / b : 0;
						if (c->kind == RCELL_SHARE)
							c->value *= 100;
					}
				}
		}
	report_keys_release(&k);
}

void report_settle(struct report *r)
{
	struct report_keys k;

	for (int t = 0; t < r->ntables; t++) {
		report_table_sort(r->tables[t]);
		report_table_totals(r->tables[t]);
	}
	report_keys_build(&k, r);
	for (int e = 0; e < k.n; e++) {
		int64_t v = 0;
		for (int i = 0; i < k.ents[e].ncells; i++) {
			const struct report_cell *c = k.ents[e].cells[i];
			if (c->kind != RCELL_COUNT && c->kind != RCELL_SUM)
				continue;
			if (c->n && v && c->n != v)
				log_warn("report %s: cells of %s disagree (%lld, %lld)", r->name,
					 k.ents[e].key, (long long)v, (long long)c->n);
			if (c->n > v)
				v = c->n;
		}
		for (int i = 0; i < k.ents[e].ncells; i++) {
			struct report_cell *c = k.ents[e].cells[i];
			if (c->kind == RCELL_COUNT || c->kind == RCELL_SUM)
				c->n = v;
		}
	}
	report_keys_release(&k);
	for (int t = 0; t < r->ntables; t++) {
		report_table_sort(r->tables[t]);
		report_table_totals(r->tables[t]);
	}
}
