/*
 * model.c - the report model (include/rede/report.h): reports, tables,
 * rows, cells, distributions and inequalities, and computing the derived
 * cells. Writers, suppression and the report builders work on it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/report_internal.h"

const char *const report_cell_kind_names[RCELL_KIND__COUNT] = {
	"empty", "count", "sum", "share", "ratio", "diff", "quantile", "text", "value"};
const char *const report_fmt_names[RFMT__COUNT] = {"int",   "pct",  "hours", "kr",
						   "weeks", "dec1", "dec2",  "kr_min"};
const char *const report_supp_names[RSUPP__COUNT] = {"none", "primary", "secondary", "dependent"};

void report_scope_init(struct report_scope *s)
{
	memset(s, 0, sizeof(*s));
}

void report_scope_release(struct report_scope *s)
{
	for (int i = 0; i < s->nmunis; i++)
		free(s->munis[i].name);
	free(s->munis);
	free(s->unit_name);
	memset(s, 0, sizeof(*s));
}

void report_scope_add_muni(struct report_scope *s, int64_t id, const char *code, const char *name,
			   int64_t round)
{
	struct report_muni *m;

	s->munis = xrealloc(s->munis, (size_t)(s->nmunis + 1) * sizeof(*s->munis));
	m = &s->munis[s->nmunis++];
	memset(m, 0, sizeof(*m));
	m->id = id;
	snprintf(m->code, sizeof(m->code), "%s", code);
	m->name = xstrdup(name);
	m->round = round;
}

struct report *report_new(const char *name, const char *title)
{
	struct report *r = xcalloc(1, sizeof(*r));

	r->name = xstrdup(name);
	r->title = xstrdup(title);
	r->filters = json_object();
	r->parameters = json_array();
	rede_time_iso(rede_now_ms(), r->generated_at);
	return r;
}

static void cell_release(struct report_cell *c)
{
	free(c->key);
	free(c->a);
	free(c->b);
	free(c->basis);
	free(c->text);
	memset(c, 0, sizeof(*c));
}

static void table_release(struct report_table *t)
{
	for (int i = 0; i < t->nrows; i++) {
		for (int j = 0; j < t->ncols; j++)
			cell_release(&t->rows[i].cells[j]);
		free(t->rows[i].cells);
		free(t->rows[i].id);
		free(t->rows[i].label);
	}
	for (int j = 0; j < t->ncols; j++) {
		free(t->cols[j].id);
		free(t->cols[j].label);
	}
	free(t->rows);
	free(t->cols);
	free(t->name);
	free(t->title);
	free(t->note);
	free(t->pool_id);
	free(t->pool_label);
}

void report_free(struct report *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->ntables; i++) {
		table_release(r->tables[i]);
		free(r->tables[i]);
	}
	free(r->tables);
	for (int i = 0; i < r->ndists; i++) {
		free(r->dists[i].name);
		free(r->dists[i].v);
	}
	free(r->dists);
	for (int i = 0; i < r->nles; i++) {
		free(r->les[i].a);
		free(r->les[i].b);
	}
	free(r->les);
	for (int i = 0; i < r->ncolsums; i++) {
		free(r->colsums[i].total);
		free(r->colsums[i].table);
		free(r->colsums[i].col);
	}
	free(r->colsums);
	for (int i = 0; i < r->nkeysums; i++) {
		free(r->keysums[i].total);
		for (int k = 0; k < r->keysums[i].nparts; k++)
			free(r->keysums[i].parts[k]);
		free(r->keysums[i].parts);
	}
	free(r->keysums);
	json_decref(r->filters);
	json_decref(r->parameters);
	json_decref(r->delivery);
	free(r->name);
	free(r->title);
	free(r);
}

static char *dup0(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void table_copy(struct report_table *d, const struct report_table *t)
{
	*d = *t;
	d->name = dup0(t->name);
	d->title = dup0(t->title);
	d->note = dup0(t->note);
	d->pool_id = dup0(t->pool_id);
	d->pool_label = dup0(t->pool_label);
	d->cols = xcalloc((size_t)(t->ncols ? t->ncols : 1), sizeof(*d->cols));
	for (int j = 0; j < t->ncols; j++) {
		d->cols[j] = t->cols[j];
		d->cols[j].id = dup0(t->cols[j].id);
		d->cols[j].label = dup0(t->cols[j].label);
	}
	d->rows_cap = t->nrows ? t->nrows : 1;
	d->rows = xcalloc((size_t)d->rows_cap, sizeof(*d->rows));
	for (int i = 0; i < t->nrows; i++) {
		const struct report_row *sr = &t->rows[i];
		struct report_row *dr = &d->rows[i];
		*dr = *sr;
		dr->id = dup0(sr->id);
		dr->label = dup0(sr->label);
		dr->cells = xcalloc((size_t)(t->ncols ? t->ncols : 1), sizeof(*dr->cells));
		for (int j = 0; j < t->ncols; j++) {
			const struct report_cell *sc = &sr->cells[j];
			struct report_cell *dc = &dr->cells[j];
			*dc = *sc;
			dc->key = dup0(sc->key);
			dc->a = dup0(sc->a);
			dc->b = dup0(sc->b);
			dc->basis = dup0(sc->basis);
			dc->text = dup0(sc->text);
		}
	}
}

struct report *report_copy(const struct report *r)
{
	struct report *d = xcalloc(1, sizeof(*d));

	*d = *r;
	d->name = dup0(r->name);
	d->title = dup0(r->title);
	d->filters = r->filters ? json_deep_copy(r->filters) : NULL;
	d->parameters = r->parameters ? json_deep_copy(r->parameters) : NULL;
	d->delivery = r->delivery ? json_deep_copy(r->delivery) : NULL;
	d->tables_cap = r->ntables ? r->ntables : 1;
	d->tables = xcalloc((size_t)d->tables_cap, sizeof(*d->tables));
	for (int i = 0; i < r->ntables; i++) {
		d->tables[i] = xcalloc(1, sizeof(**d->tables));
		table_copy(d->tables[i], r->tables[i]);
	}
	d->dists_cap = r->ndists ? r->ndists : 1;
	d->dists = xcalloc((size_t)d->dists_cap, sizeof(*d->dists));
	for (int i = 0; i < r->ndists; i++) {
		d->dists[i] = r->dists[i];
		d->dists[i].name = dup0(r->dists[i].name);
		d->dists[i].cap = r->dists[i].n ? r->dists[i].n : 1;
		d->dists[i].v = xmalloc(d->dists[i].cap * sizeof(int64_t));
		if (r->dists[i].n)
			memcpy(d->dists[i].v, r->dists[i].v, r->dists[i].n * sizeof(int64_t));
	}
	d->les_cap = r->nles ? r->nles : 1;
	d->les = xcalloc((size_t)d->les_cap, sizeof(*d->les));
	for (int i = 0; i < r->nles; i++) {
		d->les[i].a = dup0(r->les[i].a);
		d->les[i].b = dup0(r->les[i].b);
	}
	d->colsums_cap = r->ncolsums ? r->ncolsums : 1;
	d->colsums = xcalloc((size_t)d->colsums_cap, sizeof(*d->colsums));
	for (int i = 0; i < r->ncolsums; i++) {
		d->colsums[i].total = dup0(r->colsums[i].total);
		d->colsums[i].table = dup0(r->colsums[i].table);
		d->colsums[i].col = dup0(r->colsums[i].col);
	}
	d->keysums_cap = r->nkeysums ? r->nkeysums : 1;
	d->keysums = xcalloc((size_t)d->keysums_cap, sizeof(*d->keysums));
	for (int i = 0; i < r->nkeysums; i++) {
		const struct report_keysum *k = &r->keysums[i];
		d->keysums[i].total = dup0(k->total);
		d->keysums[i].nparts = k->nparts;
		d->keysums[i].parts = xcalloc((size_t)k->nparts + 1, sizeof(char *));
		for (int p = 0; p < k->nparts; p++)
			d->keysums[i].parts[p] = dup0(k->parts[p]);
	}
	rede_time_iso(rede_now_ms(), d->generated_at);
	return d;
}

struct report_table *report_table(struct report *r, const char *name, const char *title,
				  const char *const *cols)
{
	struct report_table *t;
	int n = 0;

	while (cols[2 * n])
		n++;
	if (r->ntables == r->tables_cap) {
		r->tables_cap = r->tables_cap ? 2 * r->tables_cap : 8;
		r->tables = xrealloc(r->tables, (size_t)r->tables_cap * sizeof(*r->tables));
	}
	t = r->tables[r->ntables++] = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->title = xstrdup(title);
	t->total_col = -1;
	t->ncols = n;
	t->cols = xcalloc((size_t)n, sizeof(*t->cols));
	for (int j = 0; j < n; j++) {
		t->cols[j].id = xstrdup(cols[2 * j]);
		t->cols[j].label = xstrdup(cols[2 * j + 1]);
	}
	return t;
}

struct report_table *report_table_get(struct report *r, const char *name)
{
	for (int i = 0; i < r->ntables; i++)
		if (!strcmp(r->tables[i]->name, name))
			return r->tables[i];
	return NULL;
}

void report_table_row_sums(struct report_table *t, int total_col, const int *parts)
{
	t->total_col = total_col;
	for (; *parts >= 0; parts++)
		t->cols[*parts].part = true;
}

void report_table_col_sums(struct report_table *t, const int *cols)
{
	for (; *cols >= 0; cols++)
		t->cols[*cols].summed = true;
}

void report_table_pool(struct report_table *t, const char *id, const char *label)
{
	free(t->pool_id);
	free(t->pool_label);
	t->pool_id = xstrdup(id);
	t->pool_label = xstrdup(label);
}

void report_table_note(struct report_table *t, const char *note)
{
	free(t->note);
	t->note = xstrdup(note);
}

int report_row_find(const struct report_table *t, const char *id)
{
	for (int i = 0; i < t->nrows; i++)
		if (!strcmp(t->rows[i].id, id))
			return i;
	return -1;
}

int report_col_find(const struct report_table *t, const char *id)
{
	for (int j = 0; j < t->ncols; j++)
		if (!strcmp(t->cols[j].id, id))
			return j;
	return -1;
}

int report_row(struct report_table *t, const char *id, const char *label)
{
	int i = report_row_find(t, id);
	struct report_row *row;

	if (i >= 0)
		return i;
	if (t->nrows == t->rows_cap) {
		t->rows_cap = t->rows_cap ? 2 * t->rows_cap : 8;
		t->rows = xrealloc(t->rows, (size_t)t->rows_cap * sizeof(*t->rows));
	}
	row = &t->rows[t->nrows];
	memset(row, 0, sizeof(*row));
	row->id = xstrdup(id);
	row->label = xstrdup(label);
	row->cells = xcalloc((size_t)t->ncols, sizeof(*row->cells));
	return t->nrows++;
}

void report_row_remove(struct report_table *t, int row)
{
	struct report_row *rw = &t->rows[row];

	for (int j = 0; j < t->ncols; j++)
		cell_release(&rw->cells[j]);
	free(rw->cells);
	free(rw->id);
	free(rw->label);
	memmove(&t->rows[row], &t->rows[row + 1], (size_t)(t->nrows - row - 1) * sizeof(*t->rows));
	t->nrows--;
}

int report_row_total(struct report_table *t, const char *label)
{
	int i = report_row(t, "total", label);

	t->rows[i].total = true;
	return i;
}

struct report_cell *report_cell_at(struct report_table *t, int row, int col)
{
	return &t->rows[row].cells[col];
}

static char *position_key(const struct report_table *t, int row, int col)
{
	return xasprintf("%s/%s/%s", t->name, t->rows[row].id, t->cols[col].id);
}

const char *report_cell_key(const struct report_table *t, int row, int col)
{
	struct report_cell *c = &t->rows[row].cells[col];

	if (!c->key)
		c->key = position_key(t, row, col);
	return c->key;
}

static struct report_cell *reset(struct report_table *t, int row, int col, const char *key)
{
	struct report_cell *c = report_cell_at(t, row, col);

	cell_release(c);
	c->key = key ? xstrdup(key) : position_key(t, row, col);
	return c;
}

void report_set_count(struct report_table *t, int row, int col, int64_t n, const char *key)
{
	struct report_cell *c = reset(t, row, col, key);

	c->kind = RCELL_COUNT;
	c->fmt = RFMT_INT;
	c->n = n;
}

void report_add_count(struct report_table *t, int row, int col, int64_t n)
{
	struct report_cell *c = report_cell_at(t, row, col);

	if (c->kind != RCELL_COUNT)
		report_set_count(t, row, col, n, NULL);
	else
		c->n += n;
}

void report_set_sum(struct report_table *t, int row, int col, int64_t n, enum report_fmt fmt,
		    const char *basis, const char *key)
{
	struct report_cell *c = reset(t, row, col, key);

	c->kind = RCELL_SUM;
	c->fmt = fmt;
	c->n = n;
	c->basis = xstrdup(basis);
}

void report_set_derived(struct report_table *t, int row, int col, enum report_cell_kind kind,
			const char *a, const char *b, enum report_fmt fmt)
{
	struct report_cell *c = reset(t, row, col, NULL);

	c->kind = kind;
	c->fmt = fmt;
	c->a = xstrdup(a);
	c->b = xstrdup(b);
}

void report_set_quantile(struct report_table *t, int row, int col, const char *dist, double q,
			 const char *basis, enum report_fmt fmt)
{
	struct report_cell *c = reset(t, row, col, NULL);

	c->kind = RCELL_QUANTILE;
	c->fmt = fmt;
	c->a = xstrdup(dist);
	c->q = q;
	c->basis = xstrdup(basis);
}

void report_set_text(struct report_table *t, int row, int col, const char *text)
{
	struct report_cell *c = reset(t, row, col, NULL);

	c->kind = RCELL_TEXT;
	c->text = xstrdup(text);
}

void report_set_value(struct report_table *t, int row, int col, double v, enum report_fmt fmt)
{
	struct report_cell *c = reset(t, row, col, NULL);

	c->kind = RCELL_VALUE;
	c->fmt = fmt;
	c->value = v;
	c->defined = true;
}

void report_table_totals(struct report_table *t)
{
	int tot = -1;

	for (int i = 0; i < t->nrows; i++)
		if (t->rows[i].total)
			tot = i;
	if (t->total_col >= 0)
		for (int i = 0; i < t->nrows; i++) {
			struct report_cell *c = &t->rows[i].cells[t->total_col];
			int64_t sum = 0;

			if (c->kind != RCELL_COUNT && c->kind != RCELL_SUM)
				continue;
			for (int j = 0; j < t->ncols; j++)
				if (t->cols[j].part && t->rows[i].cells[j].kind == c->kind)
					sum += t->rows[i].cells[j].n;
			c->n = sum;
		}
	if (tot < 0)
		return;
	for (int j = 0; j < t->ncols; j++) {
		struct report_cell *c = &t->rows[tot].cells[j];
		int64_t sum = 0;

		if (!t->cols[j].summed || (c->kind != RCELL_COUNT && c->kind != RCELL_SUM))
			continue;
		for (int i = 0; i < t->nrows; i++)
			if (i != tot && t->rows[i].cells[j].kind == c->kind)
				sum += t->rows[i].cells[j].n;
		c->n = sum;
	}
}

static int row_cmp(const void *pa, const void *pb)
{
	const struct report_row *a = pa, *b = pb;

	if (a->total != b->total)
		return a->total ? 1 : -1;
	return strcmp(a->id, b->id);
}

void report_table_sort(struct report_table *t)
{
	if (t->sorted && t->nrows > 1)
		qsort(t->rows, (size_t)t->nrows, sizeof(*t->rows), row_cmp);
}

struct report_dist *report_dist(struct report *r, const char *name)
{
	struct report_dist *d;

	for (int i = 0; i < r->ndists; i++)
		if (!strcmp(r->dists[i].name, name))
			return &r->dists[i];
	if (r->ndists == r->dists_cap) {
		r->dists_cap = r->dists_cap ? 2 * r->dists_cap : 4;
		r->dists = xrealloc(r->dists, (size_t)r->dists_cap * sizeof(*r->dists));
	}
	d = &r->dists[r->ndists++];
	memset(d, 0, sizeof(*d));
	d->name = xstrdup(name);
	return d;
}

void report_dist_add(struct report_dist *d, int64_t v)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	d->v[d->n++] = v;
}

void report_le(struct report *r, const char *a, const char *b)
{
	if (r->nles == r->les_cap) {
		r->les_cap = r->les_cap ? 2 * r->les_cap : 8;
		r->les = xrealloc(r->les, (size_t)r->les_cap * sizeof(*r->les));
	}
	r->les[r->nles].a = xstrdup(a);
	r->les[r->nles].b = xstrdup(b);
	r->nles++;
}

void report_sum_of_column(struct report *r, const char *total_key, const struct report_table *t,
			  int col)
{
	struct report_colsum *cs;

	for (int i = 0; i < r->ncolsums; i++)
		if (!strcmp(r->colsums[i].total, total_key) &&
		    !strcmp(r->colsums[i].table, t->name) &&
		    !strcmp(r->colsums[i].col, t->cols[col].id))
			return;
	if (r->ncolsums == r->colsums_cap) {
		r->colsums_cap = r->colsums_cap ? 2 * r->colsums_cap : 4;
		r->colsums = xrealloc(r->colsums, (size_t)r->colsums_cap * sizeof(*r->colsums));
	}
	cs = &r->colsums[r->ncolsums++];
	cs->total = xstrdup(total_key);
	cs->table = xstrdup(t->name);
	cs->col = xstrdup(t->cols[col].id);
}

void report_sum_of_keys(struct report *r, const char *total_key, const char *const *parts)
{
	struct report_keysum *ks;
	int n = 0;

	while (parts[n])
		n++;
	for (int i = 0; i < r->nkeysums; i++) {
		bool same = !strcmp(r->keysums[i].total, total_key) && r->keysums[i].nparts == n;
		for (int k = 0; same && k < n; k++)
			same = !strcmp(r->keysums[i].parts[k], parts[k]);
		if (same)
			return;
	}
	if (r->nkeysums == r->keysums_cap) {
		r->keysums_cap = r->keysums_cap ? 2 * r->keysums_cap : 4;
		r->keysums = xrealloc(r->keysums, (size_t)r->keysums_cap * sizeof(*r->keysums));
	}
	ks = &r->keysums[r->nkeysums++];
	ks->total = xstrdup(total_key);
	ks->nparts = n;
	ks->parts = xmalloc(((size_t)n + 1) * sizeof(char *));
	for (int k = 0; k < n; k++)
		ks->parts[k] = xstrdup(parts[k]);
	ks->parts[n] = NULL;
}

/* ---- finishing ---- */

double report_quantile(const int64_t *v, size_t n, double q)
{
	double h, lo;
	size_t i;

	if (!n)
		return 0;
	h = (double)(n - 1) * q;
	lo = floor(h);
	i = (size_t)lo;
	if (i + 1 >= n)
		return (double)v[n - 1];
	return (double)v[i] + (h - lo) * (double)(v[i + 1] - v[i]);
}

/* ---- reading cells ---- */

static int64_t unit_of(enum report_fmt f)
{
	switch (f) {
	case RFMT_HOURS: return 60;
	case RFMT_KR: return 100;
	case RFMT_KR_MIN: return 60 * 100;
	case RFMT_WEEKS: return 7;
	default: return 1;
	}
}

int report_fmt_decimals(enum report_fmt f)
{
	switch (f) {
	case RFMT_INT:
	case RFMT_KR:
	case RFMT_KR_MIN: return 0;
	case RFMT_DEC2: return 2;
	default: return 1;
	}
}

/* n / unit rounded to dec decimals, half away from zero, in integers (no
 * binary fraction in between: 9 minutes are 0.2 hours, not 0.1). */
static double exact_round(int64_t n, int64_t unit, int dec)
{
	int64_t scale = dec == 2 ? 100 : dec == 1 ? 10 : 1;

	return (double)rede_div_round(n * scale, unit) / (double)scale;
}

bool report_cell_number(const struct report_cell *c, double *v)
{
	double x;

	if (c->supp != RSUPP_NONE)
		return false;
	switch (c->kind) {
	case RCELL_COUNT:
	case RCELL_SUM:
		*v = exact_round(c->n, unit_of(c->fmt), report_fmt_decimals(c->fmt));
		return true;
	case RCELL_SHARE:
	case RCELL_RATIO:
	case RCELL_DIFF:
	case RCELL_QUANTILE:
	case RCELL_VALUE:
		if (!c->defined)
			return false;
		x = c->value;
		break;
	default: return false;
	}
	x /= (double)unit_of(c->fmt);
	/* Round to what is shown, so every format carries the same number. */
	{
		double p = pow(10, report_fmt_decimals(c->fmt));
		x = round(x * p) / p;
	}
	*v = x;
	return true;
}

/* Digits with a thousands separator and the decimal mark. */
static void format_number(double v, int decimals, bool danish, char *out, size_t n)
{
	char raw[64], *dot, intpart[64];
	size_t len, k = 0, o = 0;
	const char *p;

	snprintf(raw, sizeof(raw), "%.*f", decimals, v);
	if (!danish) {
		snprintf(out, n, "%s", raw);
		return;
	}
	dot = strchr(raw, '.');
	len = dot ? (size_t)(dot - raw) : strlen(raw);
	p = raw;
	if (*p == '-') {
		intpart[o++] = '-';
		p++;
		len--;
	}
	for (k = 0; k < len; k++) {
		if (k && (len - k) % 3 == 0)
			intpart[o++] = '.';
		intpart[o++] = p[k];
	}
	intpart[o] = 0;
	snprintf(out, n, "%s%s%s", intpart, dot ? "," : "", dot ? dot + 1 : "");
}

const char *report_cell_text(const struct report *r, const struct report_cell *c, bool danish,
			     char *out, size_t n)
{
	double v;

	out[0] = 0;
	if (c->kind == RCELL_EMPTY)
		return out;
	if (c->kind == RCELL_TEXT) {
		snprintf(out, n, "%s", c->text ? c->text : "");
		return out;
	}
	if (c->supp == RSUPP_PRIMARY) {
		snprintf(out, n, "<%lld", (long long)r->threshold);
		return out;
	}
	if (c->supp != RSUPP_NONE) {
		snprintf(out, n, "x");
		return out;
	}
	if (!report_cell_number(c, &v)) {
		snprintf(out, n, "-");
		return out;
	}
	format_number(v, report_fmt_decimals(c->fmt), danish, out, n);
	return out;
}
