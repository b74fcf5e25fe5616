/*
 * w_html.c - the print view of a report: one HTML document with what the
 * report covers (period, filters, programme parameters, suppression,
 * generated-at), every table, and the charts drawn inline as SVG with
 * their text alternatives. No script and no <style> element (the CSP is
 * default-src 'self'): it links /css/report.css, which only the server's
 * own origin supplies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/report_internal.h"

static void esc(struct buf *b, const char *s)
{
	report_xml_escape(b, s);
}

static void meta(struct buf *b, const struct report *r)
{
	const json_t *munis = json_object_get(r->filters, "municipalities"), *m, *p;
	size_t i;

	char period[REPORT_DA_PERIOD_SIZE], made[REPORT_DA_TIME_SIZE];

	report_da_period(r, period);
	report_da_generated(r, made);
	buf_adds(b, "<dl class=\"report-meta\">");
	buf_printf(b, "<dt>Periode</dt><dd>%s</dd>", period);
	buf_adds(b, "<dt>Kommuner</dt><dd>");
	json_array_foreach(munis, i, m)
	{
		if (i)
			buf_adds(b, ", ");
		esc(b, json_string_value(json_object_get(m, "name")));
		buf_printf(b, " (%s", json_string_value(json_object_get(m, "code")));
		if (json_integer_value(json_object_get(m, "round")))
			buf_printf(b, ", runde %lld",
				   (long long)json_integer_value(json_object_get(m, "round")));
		buf_adds(b, ")");
	}
	buf_adds(b, "</dd>");
	if (json_is_object(json_object_get(r->filters, "unit"))) {
		buf_adds(b, "<dt>Enhed</dt><dd>");
		esc(b, json_string_value(
			       json_object_get(json_object_get(r->filters, "unit"), "name")));
		buf_adds(b, "</dd>");
	} else if (json_is_string(json_object_get(r->filters, "unit"))) {
		buf_adds(b, "<dt>Enhed</dt><dd>Egne enheder</dd>");
	}
	if (json_integer_value(json_object_get(r->filters, "round")))
		buf_printf(b, "<dt>Runde</dt><dd>%lld</dd>",
			   (long long)json_integer_value(json_object_get(r->filters, "round")));
	if (r->delivery) {
		buf_adds(b, "<dt>Aflevering</dt><dd>");
		esc(b, json_string_value(json_object_get(r->delivery, "label")));
		buf_adds(b, "</dd>");
	}
	if (r->suppressed)
		buf_printf(b,
			   "<dt>Små tal</dt><dd>Tal under %lld vises som &lt;%lld; x betyder "
			   "skjult, så et lille tal ikke kan regnes ud af totaler eller andre "
			   "tabeller.</dd>",
			   (long long)r->threshold, (long long)r->threshold);
	buf_printf(b, "<dt>Dannet</dt><dd>%s</dd></dl>", made);
	if (json_array_size(r->parameters)) {
		buf_adds(b, "<details class=\"report-params\"><summary>Programparametre i kraft"
			    "</summary><table><thead><tr><th scope=\"col\">Kommune</th>"
			    "<th scope=\"col\">Parameter</th><th scope=\"col\">Værdi</th></tr>"
			    "</thead><tbody>");
		json_array_foreach(r->parameters, i, p)
		{
			const char *k;
			json_t *v;
			json_object_foreach(json_object_get(p, "values"), k, v)
			{
				buf_adds(b, "<tr><td>");
				esc(b, json_string_value(json_object_get(p, "municipality")));
				buf_adds(b, "</td><td>");
				esc(b, k);
				buf_adds(b, "</td><td>");
				if (json_is_integer(v))
					buf_printf(b, "%lld", (long long)json_integer_value(v));
				else
					esc(b, json_string_value(v));
				buf_adds(b, "</td></tr>");
			}
		}
		buf_adds(b, "</tbody></table></details>");
	}
}

static void table(struct buf *b, const struct report *r, const struct report_table *t)
{
	char text[64];

	buf_adds(b, "<section class=\"report-table\"><h2>");
	esc(b, t->title);
	buf_adds(b, "</h2>");
	if (t->chart != RCHART_NONE) {
		buf_adds(b, "<figure>");
		report_svg_element(b, r, t);
		buf_adds(b, "</figure>");
	}
	buf_adds(b, "<table><thead><tr><td></td>");
	for (int j = 0; j < t->ncols; j++) {
		buf_adds(b, "<th scope=\"col\">");
		esc(b, t->cols[j].label);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead><tbody>");
	for (int i = 0; i < t->nrows; i++) {
		buf_adds(b, t->rows[i].total ? "<tr class=\"total\">" : "<tr>");
		buf_adds(b, "<th scope=\"row\">");
		esc(b, t->rows[i].label);
		buf_adds(b, "</th>");
		for (int j = 0; j < t->ncols; j++) {
			const struct report_cell *c = &t->rows[i].cells[j];
			buf_adds(b, c->supp != RSUPP_NONE ? "<td class=\"suppressed\">" : "<td>");
			esc(b, report_cell_text(r, c, true, text, sizeof(text)));
			buf_adds(b, "</td>");
		}
		buf_adds(b, "</tr>");
	}
	buf_adds(b, "</tbody></table>");
	if (t->note) {
		buf_adds(b, "<p class=\"note\">");
		esc(b, t->note);
		buf_adds(b, "</p>");
	}
	buf_adds(b, "</section>");
}

char *report_write_html(const struct report *r)
{
	struct buf b;

	buf_init(&b, 0);
	buf_adds(&b, "<!doctype html>\n<html lang=\"da\"><head><meta charset=\"utf-8\"><title>");
	esc(&b, r->title);
	buf_adds(&b, "</title><link rel=\"stylesheet\" href=\"/css/report.css\"></head><body>"
		     "<main class=\"report\"><h1>");
	esc(&b, r->title);
	buf_adds(&b, "</h1>");
	meta(&b, r);
	for (int t = 0; t < r->ntables; t++)
		table(&b, r, r->tables[t]);
	buf_adds(&b, "</main></body></html>\n");
	return buf_detach(&b, NULL);
}
