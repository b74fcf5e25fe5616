/*
 * w_json.c - reports as JSON: the display form every reader gets (values
 * in their shown unit, "<5" and "x" where suppressed) and the merge form
 * (the exact primitives, keys, formulas and distributions) that `rede
 * report merge` reads back (report_from_merge_json, below).
 */
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/report_internal.h"

#define MERGE_FORMAT "rede-report-merge"
#define MERGE_VERSION 2 /* 2: column_sums, pool rows (relations the suppression needs) */

static json_t *meta(const struct report *r, json_t *o)
{
	json_object_set_new(o, "report", json_string(r->name));
	json_object_set_new(o, "title", json_string(r->title));
	json_object_set_new(o, "generated_at", json_string(r->generated_at));
	json_object_set_new(o, "period", json_pack("{s:s, s:s}", "from", r->from, "to", r->to));
	json_object_set_new(o, "filters", json_deep_copy(r->filters));
	json_object_set_new(o, "parameters", json_deep_copy(r->parameters));
	if (r->delivery)
		json_object_set_new(o, "delivery", json_deep_copy(r->delivery));
	return o;
}

static json_t *display_cell(const struct report *r, const struct report_cell *c)
{
	char text[64];
	double v;

	switch (c->kind) {
	case RCELL_EMPTY: return json_null();
	case RCELL_TEXT: return json_string(c->text ? c->text : "");
	default: break;
	}
	if (c->supp != RSUPP_NONE)
		return json_string(report_cell_text(r, c, false, text, sizeof(text)));
	if (!report_cell_number(c, &v))
		return json_null();
	if (report_fmt_decimals(c->fmt) == 0)
		return json_integer((json_int_t)v);
	return json_real(v);
}

json_t *report_to_json(const struct report *r)
{
	json_t *o = meta(r, json_object()), *tables = json_array();
	char lt[16];

	snprintf(lt, sizeof(lt), "<%lld", (long long)r->threshold);
	json_object_set_new(
		o, "suppression",
		r->suppressed
			? json_pack("{s:b, s:I, s:i, s:i, s:i, s:{s:s, s:s}}", "applied", 1,
				    "threshold", (json_int_t)r->threshold, "primary", r->primary,
				    "secondary", r->secondary, "dependent", r->dependent, "legend",
				    lt, "færre end tærsklen (små tal vises ikke)", "x",
				    "skjult, så et lille tal ikke kan regnes ud af totaler eller "
				    "andre tabeller")
			: json_pack("{s:b}", "applied", 0));
	for (int t = 0; t < r->ntables; t++) {
		const struct report_table *tb = r->tables[t];
		json_t *cols = json_array(), *rows = json_array();

		for (int j = 0; j < tb->ncols; j++)
			json_array_append_new(cols, json_pack("{s:s, s:s}", "id", tb->cols[j].id,
							      "label", tb->cols[j].label));
		for (int i = 0; i < tb->nrows; i++) {
			json_t *cells = json_array();
			for (int j = 0; j < tb->ncols; j++)
				json_array_append_new(cells,
						      display_cell(r, &tb->rows[i].cells[j]));
			json_array_append_new(rows, json_pack("{s:s, s:s, s:b, s:o}", "id",
							      tb->rows[i].id, "label",
							      tb->rows[i].label, "total",
							      tb->rows[i].total, "cells", cells));
		}
		json_array_append_new(tables, json_pack("{s:s, s:s, s:s?, s:s?, s:o, s:o}", "name",
							tb->name, "title", tb->title, "note",
							tb->note, "chart",
							tb->chart == RCHART_BARS     ? "bars"
							: tb->chart == RCHART_FUNNEL ? "funnel"
										     : NULL,
							"columns", cols, "rows", rows));
	}
	json_object_set_new(o, "tables", tables);
	return o;
}

/* ---- merge form ---- */

static json_t *merge_cell(const struct report_cell *c)
{
	json_t *o;

	if (c->kind == RCELL_EMPTY)
		return json_null();
	o = json_pack("{s:s}", "kind", report_cell_kind_names[c->kind]);
	if (c->kind == RCELL_TEXT) {
		json_object_set_new(o, "text", json_string(c->text ? c->text : ""));
		return o;
	}
	json_object_set_new(o, "fmt", json_string(report_fmt_names[c->fmt]));
	json_object_set_new(o, "key", json_string(c->key));
	if (c->kind == RCELL_COUNT || c->kind == RCELL_SUM)
		json_object_set_new(o, "n", json_integer(c->n));
	if (c->a)
		json_object_set_new(o, "a", json_string(c->a));
	if (c->b)
		json_object_set_new(o, "b", json_string(c->b));
	if (c->basis)
		json_object_set_new(o, "basis", json_string(c->basis));
	if (c->kind == RCELL_QUANTILE)
		json_object_set_new(o, "q", json_real(c->q));
	if (c->kind == RCELL_VALUE)
		json_object_set_new(o, "v", json_real(c->value));
	return o;
}

json_t *report_to_merge_json(const struct report *r)
{
	json_t *o = json_pack("{s:s, s:i}", "format", MERGE_FORMAT, "version", MERGE_VERSION);
	json_t *tables = json_array(), *dists = json_object(), *les = json_array();
	json_t *sums = json_array();

	meta(r, o);
	for (int t = 0; t < r->ntables; t++) {
		const struct report_table *tb = r->tables[t];
		json_t *cols = json_array(), *rows = json_array();

		for (int j = 0; j < tb->ncols; j++)
			json_array_append_new(
				cols, json_pack("{s:s, s:s, s:b, s:b}", "id", tb->cols[j].id,
						"label", tb->cols[j].label, "part",
						tb->cols[j].part, "summed", tb->cols[j].summed));
		for (int i = 0; i < tb->nrows; i++) {
			json_t *cells = json_array();
			for (int j = 0; j < tb->ncols; j++)
				json_array_append_new(cells, merge_cell(&tb->rows[i].cells[j]));
			json_array_append_new(rows, json_pack("{s:s, s:s, s:b, s:o}", "id",
							      tb->rows[i].id, "label",
							      tb->rows[i].label, "total",
							      tb->rows[i].total, "cells", cells));
		}
		json_array_append_new(
			tables,
			json_pack("{s:s, s:s, s:s?, s:i, s:b, s:i, s:o, s:o, s:o?}", "name",
				  tb->name, "title", tb->title, "note", tb->note, "total_col",
				  tb->total_col, "sorted", tb->sorted, "chart", (int)tb->chart,
				  "columns", cols, "rows", rows, "pool",
				  tb->pool_id ? json_pack("{s:s, s:s}", "id", tb->pool_id, "label",
							  tb->pool_label ? tb->pool_label : "")
					      : NULL));
	}
	for (int i = 0; i < r->ndists; i++) {
		json_t *v = json_array();
		for (size_t k = 0; k < r->dists[i].n; k++)
			json_array_append_new(v, json_integer(r->dists[i].v[k]));
		json_object_set_new(dists, r->dists[i].name, v);
	}
	for (int i = 0; i < r->nles; i++)
		json_array_append_new(les, json_pack("[s, s]", r->les[i].a, r->les[i].b));
	json_object_set_new(o, "tables", tables);
	json_object_set_new(o, "distributions", dists);
	for (int i = 0; i < r->ncolsums; i++)
		json_array_append_new(
			sums, json_pack("{s:s, s:s, s:s}", "total", r->colsums[i].total, "table",
					r->colsums[i].table, "column", r->colsums[i].col));
	json_object_set_new(o, "inequalities", les);
	json_object_set_new(o, "column_sums", sums);
	/* only where declared: the other reports' exports stay as they were */
	if (r->nkeysums) {
		json_t *ks = json_array();
		for (int i = 0; i < r->nkeysums; i++) {
			json_t *parts = json_array();
			for (int k = 0; k < r->keysums[i].nparts; k++)
				json_array_append_new(parts, json_string(r->keysums[i].parts[k]));
			json_array_append_new(ks, json_pack("{s:s, s:o}", "total",
							    r->keysums[i].total, "parts", parts));
		}
		json_object_set_new(o, "key_sums", ks);
	}
	return o;
}

/* ---- reading the merge form back ---- */

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static bool read_cell(struct report_table *t, int row, int col, const json_t *j, char **msg)
{
	struct report_cell *c = report_cell_at(t, row, col);
	int kind, fmt;

	if (json_is_null(j))
		return true;
	kind = name_index(report_cell_kind_names, RCELL_KIND__COUNT, str(j, "kind"));
	if (kind < 0) {
		*msg = xasprintf("table %s: a cell has an unknown kind", t->name);
		return false;
	}
	if (kind == RCELL_TEXT) {
		report_set_text(t, row, col, str(j, "text") ? str(j, "text") : "");
		return true;
	}
	fmt = name_index(report_fmt_names, RFMT__COUNT, str(j, "fmt"));
	if (fmt < 0 || !str(j, "key")) {
		*msg = xasprintf("table %s: a cell lacks its format or key", t->name);
		return false;
	}
	if ((kind == RCELL_COUNT || kind == RCELL_SUM) &&
	    (!json_is_integer(json_object_get(j, "n")) ||
	     json_integer_value(json_object_get(j, "n")) < 0)) {
		*msg = xasprintf("table %s: a count is not a whole number >= 0 "
				 "(is this a suppressed export? merge needs --format merge)",
				 t->name);
		return false;
	}
	c->kind = kind;
	c->fmt = fmt;
	c->key = xstrdup(str(j, "key"));
	c->n = json_integer_value(json_object_get(j, "n"));
	c->a = xstrdup(str(j, "a"));
	c->b = xstrdup(str(j, "b"));
	c->basis = xstrdup(str(j, "basis"));
	c->q = json_number_value(json_object_get(j, "q"));
	if (kind == RCELL_VALUE) {
		c->value = json_number_value(json_object_get(j, "v"));
		c->defined = true;
	}
	return true;
}

enum rede_err report_from_merge_json(const json_t *j, struct report **out, char **msg)
{
	struct report *r = NULL;
	const json_t *tables, *tj, *dists, *v, *les;
	const char *key, *from, *to;
	size_t i;

	*out = NULL;
	*msg = NULL;
	if (!json_is_object(j) || !str(j, "format") || strcmp(str(j, "format"), MERGE_FORMAT)) {
		*msg = xstrdup(
			"not a merge export (make one with 'rede report NAME --format merge')");
		return REDE_E_INVALID;
	}
	if (json_integer_value(json_object_get(j, "version")) != MERGE_VERSION) {
		*msg = xstrdup("merge export of another version");
		return REDE_E_INVALID;
	}
	from = str(json_object_get(j, "period"), "from");
	to = str(json_object_get(j, "period"), "to");
	if (!str(j, "report") || !from || !to || strlen(from) != 10 || strlen(to) != 10) {
		*msg = xstrdup("merge export without report name or period");
		return REDE_E_INVALID;
	}
	r = report_new(str(j, "report"), str(j, "title") ? str(j, "title") : str(j, "report"));
	snprintf(r->from, sizeof(r->from), "%s", from);
	snprintf(r->to, sizeof(r->to), "%s", to);
	json_decref(r->filters);
	r->filters = json_is_object(json_object_get(j, "filters"))
			     ? json_deep_copy(json_object_get(j, "filters"))
			     : json_object();
	json_decref(r->parameters);
	r->parameters = json_is_array(json_object_get(j, "parameters"))
				? json_deep_copy(json_object_get(j, "parameters"))
				: json_array();
	if (json_is_object(json_object_get(j, "delivery")))
		r->delivery = json_deep_copy(json_object_get(j, "delivery"));
	tables = json_object_get(j, "tables");
	json_array_foreach(tables, i, tj)
	{
		const json_t *cols = json_object_get(tj, "columns"),
			     *rows = json_object_get(tj, "rows");
		size_t nc = json_array_size(cols), k, ri;
		const char **pairs = xcalloc(2 * nc + 1, sizeof(char *));
		struct report_table *t;
		const json_t *cj, *rj;

		if (!str(tj, "name") || !nc) {
			free(pairs);
			*msg = xstrdup("a table without name or columns");
			goto fail;
		}
		json_array_foreach(cols, k, cj)
		{
			pairs[2 * k] = str(cj, "id") ? str(cj, "id") : "";
			pairs[2 * k + 1] = str(cj, "label") ? str(cj, "label") : "";
		}
		t = report_table(r, str(tj, "name"), str(tj, "title") ? str(tj, "title") : "",
				 (const char *const *)pairs);
		free(pairs);
		if (str(tj, "note"))
			report_table_note(t, str(tj, "note"));
		t->total_col = (int)json_integer_value(json_object_get(tj, "total_col"));
		if (t->total_col < -1 || t->total_col >= t->ncols)
			t->total_col = -1;
		t->sorted = json_is_true(json_object_get(tj, "sorted"));
		if (str(json_object_get(tj, "pool"), "id"))
			report_table_pool(t, str(json_object_get(tj, "pool"), "id"),
					  str(json_object_get(tj, "pool"), "label")
						  ? str(json_object_get(tj, "pool"), "label")
						  : "");
		t->chart = (enum report_chart)json_integer_value(json_object_get(tj, "chart"));
		if (t->chart >= RCHART__COUNT)
			t->chart = RCHART_NONE;
		json_array_foreach(cols, k, cj)
		{
			t->cols[k].part = json_is_true(json_object_get(cj, "part"));
			t->cols[k].summed = json_is_true(json_object_get(cj, "summed"));
		}
		json_array_foreach(rows, ri, rj)
		{
			const json_t *cells = json_object_get(rj, "cells");
			int row;

			if (!str(rj, "id") || json_array_size(cells) != nc) {
				*msg = xasprintf("table %s: a row without id or of the wrong width",
						 t->name);
				goto fail;
			}
			row = report_row(t, str(rj, "id"),
					 str(rj, "label") ? str(rj, "label") : "");
			t->rows[row].total = json_is_true(json_object_get(rj, "total"));
			for (k = 0; k < nc; k++)
				if (!read_cell(t, row, (int)k, json_array_get(cells, k), msg))
					goto fail;
		}
	}
	dists = json_object_get(j, "distributions");
	json_object_foreach((json_t *)dists, key, v)
	{
		struct report_dist *d = report_dist(r, key);
		size_t k;
		const json_t *x;
		json_array_foreach(v, k, x) report_dist_add(d, json_integer_value(x));
	}
	les = json_object_get(j, "inequalities");
	json_array_foreach(les, i, v)
	{
		const char *a = json_string_value(json_array_get(v, 0)),
			   *b = json_string_value(json_array_get(v, 1));
		if (a && b)
			report_le(r, a, b);
	}
	json_array_foreach(json_object_get(j, "column_sums"), i, v)
	{
		const struct report_table *t =
			report_table_get(r, str(v, "table") ? str(v, "table") : "");
		int col = t && str(v, "column") ? report_col_find(t, str(v, "column")) : -1;
		if (col < 0 || !str(v, "total")) {
			*msg = xstrdup("a column sum names no table column");
			goto fail;
		}
		report_sum_of_column(r, str(v, "total"), t, col);
	}
	json_array_foreach(json_object_get(j, "key_sums"), i, v)
	{
		const json_t *parts = json_object_get(v, "parts"), *p;
		size_t n = json_array_size(parts), k;
		const char **keys = xcalloc(n + 1, sizeof(char *));
		bool ok = str(v, "total") && n > 0;
		json_array_foreach(parts, k, p)
		{
			keys[k] = json_string_value(p);
			ok = ok && keys[k];
		}
		if (ok)
			report_sum_of_keys(r, str(v, "total"), keys);
		free(keys);
		if (!ok) {
			*msg = xstrdup("a sum of quantities names no quantity");
			goto fail;
		}
	}
	*out = r;
	return REDE_OK;
fail:
	report_free(r);
	return REDE_E_INVALID;
}
