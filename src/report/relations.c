/*
 * relations.c - the additive relations a reader of a report can see,
 * expanded from what the builders declared (include/rede/report.h,
 * "relations"): the tables' row and column sums, the inequalities, the
 * sums of columns across tables and the sums of quantities (keys). Suppression (suppress.c), the joint
 * protection of several views (family.c) and the tests read a report's
 * structure only through report_relations_each, so there is one place
 * where it is defined.
 */
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/report_internal.h"

struct rel_buf {
	const char **keys;
	double *coef;
	int n, cap;
};

static void put(struct rel_buf *b, const char *key, double coef)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 16;
		b->keys = xrealloc(b->keys, (size_t)b->cap * sizeof(*b->keys));
		b->coef = xrealloc(b->coef, (size_t)b->cap * sizeof(*b->coef));
	}
	b->keys[b->n] = key;
	b->coef[b->n++] = coef;
}

static bool additive(const struct report_cell *c)
{
	return (c->kind == RCELL_COUNT || c->kind == RCELL_SUM) && c->key;
}

static void emit(struct rel_buf *b, bool le, bool sum,
		 void (*fn)(const struct report_relation *rel, void *arg), void *arg)
{
	struct report_relation rel = {b->n, b->keys, b->coef, le, sum};

	if (b->n >= 2)
		fn(&rel, arg);
	b->n = 0;
}

void report_relations_each(const struct report *r,
			   void (*fn)(const struct report_relation *rel, void *arg), void *arg)
{
	struct rel_buf b = {0};

	for (int t = 0; t < r->ntables; t++) {
		const struct report_table *tb = r->tables[t];
		int tot = -1;

		for (int i = 0; i < tb->nrows; i++)
			if (tb->rows[i].total)
				tot = i;
		if (tb->total_col >= 0)
			for (int i = 0; i < tb->nrows; i++) {
				const struct report_cell *tc = &tb->rows[i].cells[tb->total_col];
				if (!additive(tc))
					continue;
				put(&b, tc->key, 1);
				for (int j = 0; j < tb->ncols; j++) {
					const struct report_cell *c = &tb->rows[i].cells[j];
					if (tb->cols[j].part && c->kind == tc->kind && c->key)
						put(&b, c->key, -1);
				}
				emit(&b, false, true, fn, arg);
			}
		if (tot >= 0)
			for (int j = 0; j < tb->ncols; j++) {
				const struct report_cell *tc = &tb->rows[tot].cells[j];
				if (!tb->cols[j].summed || !additive(tc))
					continue;
				put(&b, tc->key, 1);
				for (int i = 0; i < tb->nrows; i++) {
					const struct report_cell *c = &tb->rows[i].cells[j];
					if (i != tot && c->kind == tc->kind && c->key)
						put(&b, c->key, -1);
				}
				emit(&b, false, true, fn, arg);
			}
	}
	for (int i = 0; i < r->nles; i++) {
		put(&b, r->les[i].a, 1);
		put(&b, r->les[i].b, -1);
		emit(&b, true, false, fn, arg);
	}
	for (int i = 0; i < r->ncolsums; i++) {
		const struct report_colsum *cs = &r->colsums[i];
		const struct report_table *tb = NULL;
		int col = -1;

		for (int t = 0; t < r->ntables && !tb; t++)
			if (!strcmp(r->tables[t]->name, cs->table))
				tb = r->tables[t];
		for (int j = 0; tb && j < tb->ncols; j++)
			if (!strcmp(tb->cols[j].id, cs->col))
				col = j;
		if (col < 0)
			continue;
		put(&b, cs->total, 1);
		for (int i2 = 0; i2 < tb->nrows; i2++) {
			const struct report_cell *c = &tb->rows[i2].cells[col];
			if (!tb->rows[i2].total && additive(c))
				put(&b, c->key, -1);
		}
		/* An empty column still says the total is 0: a relation of one. */
		if (b.n == 1) {
			struct report_relation rel = {1, b.keys, b.coef, false, true};
			fn(&rel, arg);
			b.n = 0;
		}
		emit(&b, false, true, fn, arg);
	}
	for (int i = 0; i < r->nkeysums; i++) {
		put(&b, r->keysums[i].total, 1);
		for (int k = 0; k < r->keysums[i].nparts; k++)
			put(&b, r->keysums[i].parts[k], -1);
		emit(&b, false, true, fn, arg);
	}
	free(b.keys);
	free(b.coef);
}
