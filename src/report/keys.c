/*
 * keys.c - an index of a report's cells by key (report_internal.h). Cells
 * with equal keys are one quantity; finishing and suppression look them
 * up here instead of scanning every table.
 */
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/report_internal.h"

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

int report_keys_find(const struct report_keys *k, const char *key)
{
	size_t i;

	if (!k->nslots)
		return -1;
	for (i = hash_str(key) & (k->nslots - 1); k->slots[i]; i = (i + 1) & (k->nslots - 1))
		if (!strcmp(k->ents[k->slots[i] - 1].key, key))
			return k->slots[i] - 1;
	return -1;
}

static void add(struct report_keys *k, struct report_cell *c)
{
	int e = report_keys_find(k, c->key);
	struct report_keyent *ent;
	size_t i;

	if (e < 0) {
		if (k->n == k->cap) {
			k->cap = k->cap ? 2 * k->cap : 64;
			k->ents = xrealloc(k->ents, (size_t)k->cap * sizeof(*k->ents));
		}
		e = k->n++;
		ent = &k->ents[e];
		memset(ent, 0, sizeof(*ent));
		ent->key = c->key;
		ent->var = -1;
		for (i = hash_str(c->key) & (k->nslots - 1); k->slots[i];
		     i = (i + 1) & (k->nslots - 1))
			;
		k->slots[i] = e + 1;
	}
	ent = &k->ents[e];
	ent->cells = xrealloc(ent->cells, (size_t)(ent->ncells + 1) * sizeof(*ent->cells));
	ent->cells[ent->ncells++] = c;
}

void report_keys_build(struct report_keys *k, struct report *r)
{
	size_t cells = 0;

	memset(k, 0, sizeof(*k));
	for (int t = 0; t < r->ntables; t++)
		cells += (size_t)r->tables[t]->nrows * (size_t)r->tables[t]->ncols;
	k->nslots = 16;
	while (k->nslots < 2 * cells + 16)
		k->nslots *= 2;
	k->slots = xcalloc(k->nslots, sizeof(*k->slots));
	for (int t = 0; t < r->ntables; t++) {
		struct report_table *tb = r->tables[t];
		for (int i = 0; i < tb->nrows; i++)
			for (int j = 0; j < tb->ncols; j++) {
				struct report_cell *c = &tb->rows[i].cells[j];
				if (c->kind != RCELL_EMPTY && c->kind != RCELL_TEXT) {
					report_cell_key(tb, i, j);
					add(k, c);
				}
			}
	}
}

void report_keys_release(struct report_keys *k)
{
	for (int i = 0; i < k->n; i++)
		free(k->ents[i].cells);
	free(k->ents);
	free(k->slots);
	memset(k, 0, sizeof(*k));
}
