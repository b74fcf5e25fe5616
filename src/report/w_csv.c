/*
 * w_csv.c - reports as CSV, in two dialects:
 *   plain   RFC 4180: ',' between fields, '.' as decimal mark, CRLF;
 *   danish  what Danish Excel opens by double-click: ';' between fields,
 *           ',' as decimal mark, a UTF-8 byte-order mark first.
 * One file holds the whole report: a few lines saying what it is (title,
 * period, filters, suppression, generated-at), then each table with its
 * title line, header line and rows, separated by empty lines. Numbers are
 * written without thousands separators so spreadsheets read them as
 * numbers; suppressed cells read "<5" and "x".
 *
 * Formula injection: a spreadsheet runs a cell that starts with '=', '+',
 * '-' or '@' (and some tab or CR) as a formula, and labels come from free
 * text users typed (material labels, practice names, referral channels),
 * which municipality=all carries to another municipality's evaluator. So
 * every text field that starts with one of those gets a leading "'" (the
 * OWASP rule); the numbers the report computes are written as numbers, a
 * negative one with its minus sign.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/report_internal.h"

struct csv {
	struct buf b;
	char sep;
	bool danish;
};

/* Does a spreadsheet take a cell starting so as a formula? */
static bool formula_start(const char *s)
{
	return *s && strchr("=+-@\t\r", *s) != NULL;
}

/* s as it is: for what the report computed (numbers, "<5", "x", "-"). */
static void field_raw(struct csv *w, const char *s, bool first)
{
	bool quote = strpbrk(s, "\",;\r\n") != NULL;

	if (!first)
		buf_addch(&w->b, w->sep);
	if (!quote) {
		buf_adds(&w->b, s);
		return;
	}
	buf_addch(&w->b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addch(&w->b, '"');
		buf_addch(&w->b, *s);
	}
	buf_addch(&w->b, '"');
}

/* A text field: neutralised when a spreadsheet would run it. */
static void field(struct csv *w, const char *s, bool first)
{
	char *quoted;

	if (!formula_start(s)) {
		field_raw(w, s, first);
		return;
	}
	quoted = xasprintf("'%s", s);
	field_raw(w, quoted, first);
	free(quoted);
}

static void eol(struct csv *w)
{
	buf_adds(&w->b, "\r\n");
}

static void pair(struct csv *w, const char *a, const char *b)
{
	field(w, a, true);
	field(w, b, false);
	eol(w);
}

static void cell(struct csv *w, const struct report *r, const struct report_cell *c)
{
	char text[64];
	double v;

	if (c->supp == RSUPP_NONE && report_cell_number(c, &v)) {
		int dec = report_fmt_decimals(c->fmt);
		snprintf(text, sizeof(text), "%.*f", dec, v);
		if (w->danish) {
			char *dot = strchr(text, '.');
			if (dot)
				*dot = ',';
		}
		field_raw(w, text, false);
		return;
	}
	if (c->kind == RCELL_TEXT)
		field(w, c->text ? c->text : "", false);
	else
		field_raw(w, report_cell_text(r, c, w->danish, text, sizeof(text)), false);
}

char *report_write_csv(const struct report *r, bool danish, size_t *len)
{
	struct csv w = {.sep = danish ? ';' : ',', .danish = danish};
	const json_t *munis = json_object_get(r->filters, "municipalities"), *m;
	struct buf names;
	size_t i;
	char line[128];

	buf_init(&w.b, 0);
	buf_init(&names, 0);
	if (danish)
		buf_adds(&w.b, "\xEF\xBB\xBF");
	pair(&w, "Rapport", r->title);
	report_da_period(r, line);
	pair(&w, "Periode", line);
	json_array_foreach(munis, i, m)
	{
		if (i)
			buf_adds(&names, ", ");
		buf_printf(&names, "%s %s", json_string_value(json_object_get(m, "code")),
			   json_string_value(json_object_get(m, "name")));
	}
	pair(&w, "Kommuner", names.data);
	buf_release(&names);
	if (json_is_object(json_object_get(r->filters, "unit")))
		pair(&w, "Enhed",
		     json_string_value(
			     json_object_get(json_object_get(r->filters, "unit"), "name")));
	else if (json_is_string(json_object_get(r->filters, "unit")))
		pair(&w, "Enhed", "egne enheder");
	if (r->delivery)
		pair(&w, "Aflevering", json_string_value(json_object_get(r->delivery, "label")));
	if (r->suppressed) {
		snprintf(line, sizeof(line),
			 "tal under %lld vises som <%lld; x = skjult så små tal ikke kan regnes ud",
			 (long long)r->threshold, (long long)r->threshold);
		pair(&w, "Små tal", line);
	}
	report_da_generated(r, line);
	pair(&w, "Dannet", line);
	for (int t = 0; t < r->ntables; t++) {
		const struct report_table *tb = r->tables[t];

		eol(&w);
		field(&w, tb->title, true);
		eol(&w);
		field(&w, "", true);
		for (int j = 0; j < tb->ncols; j++)
			field(&w, tb->cols[j].label, false);
		eol(&w);
		for (int k = 0; k < tb->nrows; k++) {
			field(&w, tb->rows[k].label, true);
			for (int j = 0; j < tb->ncols; j++)
				cell(&w, r, &tb->rows[k].cells[j]);
			eol(&w);
		}
		if (tb->note) {
			field(&w, tb->note, true);
			eol(&w);
		}
	}
	return buf_detach(&w.b, len);
}
