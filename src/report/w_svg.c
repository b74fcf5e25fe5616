/*
 * w_svg.c - charts drawn in C as SVG (no script, no style attributes, so
 * they pass the strict Content-Security-Policy and print well):
 *   RCHART_BARS    grouped bars, one group per row (monthly activity);
 *   RCHART_FUNNEL  one bar per stage row, with the share of the first
 *                  stage (offered -> visited, offered -> accepted ->
 *                  completed).
 * Every chart carries <title> and <desc>: the desc is the chart's data as
 * text (its text alternative), and the chart is role="img" labelled by
 * both. Suppressed values are not drawn; their label reads "<5" or "x".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/report_internal.h"

static const char *const palette[] = {"#1f5f8b", "#e08a2e", "#3a8f5c", "#8b3a62", "#6b6b6b"};
#define NPALETTE (sizeof(palette) / sizeof(palette[0]))

void report_xml_escape(struct buf *b, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_addch(b, *s); break;
		}
}

static bool is_series(const struct report_table *t, int col)
{
	for (int i = 0; i < t->nrows; i++)
		if (t->rows[i].cells[col].kind == RCELL_COUNT)
			return col != t->total_col;
	return false;
}

static void text_at(struct buf *b, double x, double y, const char *anchor, const char *s, int size)
{
	buf_printf(b,
		   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" "
		   "font-family=\"sans-serif\" fill=\"#222\">",
		   x, y, size, anchor);
	report_xml_escape(b, s);
	buf_adds(b, "</text>");
}

/* The chart's data as sentences, for <desc>. */
static void describe(struct buf *b, const struct report *r, const struct report_table *t,
		     const int *cols, int ncols)
{
	char text[64];

	for (int i = 0; i < t->nrows; i++) {
		if (t->chart == RCHART_BARS && t->rows[i].total)
			continue;
		report_xml_escape(b, t->rows[i].label);
		buf_adds(b, ": ");
		for (int k = 0; k < ncols; k++) {
			if (k)
				buf_adds(b, ", ");
			if (ncols > 1) {
				report_xml_escape(b, t->cols[cols[k]].label);
				buf_adds(b, " ");
			}
			report_xml_escape(b, report_cell_text(r, &t->rows[i].cells[cols[k]], true,
							      text, sizeof(text)));
		}
		buf_adds(b, ". ");
	}
}

static void open_svg(struct buf *b, const struct report_table *t, int w, int h, const char *id)
{
	buf_printf(b,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		   "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-t %s-d\">",
		   w, h, w, h, id, id);
	buf_printf(b, "<title id=\"%s-t\">", id);
	report_xml_escape(b, t->title);
	buf_adds(b, "</title>");
}

static void bars(struct buf *b, const struct report *r, const struct report_table *t,
		 const char *id)
{
	int cols[16], nc = 0, groups = 0;
	double max = 0, v;
	const int left = 50, top = 40, height = 220, bw = 12, gap = 10;
	int gw, width;
	char text[64];

	for (int j = 0; j < t->ncols && nc < 16; j++)
		if (is_series(t, j))
			cols[nc++] = j;
	for (int i = 0; i < t->nrows; i++) {
		if (t->rows[i].total)
			continue;
		groups++;
		for (int k = 0; k < nc; k++)
			if (report_cell_number(&t->rows[i].cells[cols[k]], &v) && v > max)
				max = v;
	}
	if (max <= 0)
		max = 1;
	gw = nc * bw + gap;
	width = left + groups * gw + 20;
	if (width < 360)
		width = 360;
	open_svg(b, t, width, top + height + 90, id);
	buf_printf(b, "<desc id=\"%s-d\">", id);
	describe(b, r, t, cols, nc);
	buf_adds(b, "</desc>");
	/* axis and scale */
	buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", left,
		   top + height, width - 10, top + height);
	snprintf(text, sizeof(text), "%.0f", max);
	text_at(b, left - 6, top + 4, "end", text, 10);
	text_at(b, left - 6, top + height + 4, "end", "0", 10);
	{
		int g = 0;
		for (int i = 0; i < t->nrows; i++) {
			double x0;
			if (t->rows[i].total)
				continue;
			x0 = left + g * gw + gap / 2.0;
			for (int k = 0; k < nc; k++) {
				const struct report_cell *c = &t->rows[i].cells[cols[k]];
				double x = x0 + k * bw;
				if (report_cell_number(c, &v)) {
					double h = v / max * height;
					buf_printf(b,
						   "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" "
						   "height=\"%.1f\" fill=\"%s\"/>",
						   x, top + height - h, bw - 2, h,
						   palette[k % NPALETTE]);
				} else if (c->supp != RSUPP_NONE) {
					text_at(b, x + bw / 2.0, top + height - 4, "middle",
						report_cell_text(r, c, true, text, sizeof(text)),
						8);
				}
			}
			buf_printf(b,
				   "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"end\" "
				   "font-family=\"sans-serif\" fill=\"#222\" "
				   "transform=\"rotate(-60 %.1f %d)\">",
				   x0 + nc * bw / 2.0, top + height + 12, x0 + nc * bw / 2.0,
				   top + height + 12);
			report_xml_escape(b, t->rows[i].label);
			buf_adds(b, "</text>");
			g++;
		}
	}
	/* legend */
	for (int k = 0; k < nc; k++) {
		int y = 12 + 12 * (k % 2), x = left + (k / 2) * 170;
		buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", x,
			   y - 9, palette[k % NPALETTE]);
		text_at(b, x + 14, y, "start", t->cols[cols[k]].label, 10);
	}
}

static void funnel(struct buf *b, const struct report *r, const struct report_table *t,
		   const char *id)
{
	int col = t->total_col >= 0 ? t->total_col : 0, n = 0;
	double first = -1, v;
	const int left = 170, width = 560, barh = 30;
	char text[96], num[64];

	for (int i = 0; i < t->nrows; i++)
		if (!t->rows[i].total)
			n++;
	open_svg(b, t, width, 30 + n * (barh + 12), id);
	buf_printf(b, "<desc id=\"%s-d\">", id);
	describe(b, r, t, &col, 1);
	buf_adds(b, "</desc>");
	for (int i = 0, k = 0; i < t->nrows; i++) {
		const struct report_cell *c = &t->rows[i].cells[col];
		int y = 20 + k * (barh + 12);
		if (t->rows[i].total)
			continue;
		text_at(b, left - 8, y + barh / 2.0 + 4, "end", t->rows[i].label, 11);
		report_cell_text(r, c, true, num, sizeof(num));
		if (report_cell_number(c, &v)) {
			double w;
			if (first < 0)
				first = v > 0 ? v : 1;
			w = v / first * (width - left - 90);
			if (w > width - left - 90)
				w = width - left - 90;
			buf_printf(b,
				   "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
				   "fill=\"%s\"/>",
				   left, y, w, barh, palette[k % NPALETTE]);
			if (k)
				snprintf(text, sizeof(text), "%s (%.0f %%)", num, v / first * 100);
			else
				snprintf(text, sizeof(text), "%s", num);
			text_at(b, left + w + 6, y + barh / 2.0 + 4, "start", text, 11);
		} else {
			if (first < 0)
				first = 1;
			text_at(b, left + 6, y + barh / 2.0 + 4, "start", num, 11);
		}
		k++;
	}
}

void report_svg_element(struct buf *b, const struct report *r, const struct report_table *t)
{
	char id[80];
	size_t k = 0;

	/* An id usable in XML from the table name. */
	for (const char *p = t->name; *p && k < sizeof(id) - 8; p++)
		id[k++] = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ? *p : '-';
	id[k] = 0;
	memmove(id + 6, id, k + 1);
	memcpy(id, "chart-", 6);
	if (t->chart == RCHART_FUNNEL)
		funnel(b, r, t, id);
	else
		bars(b, r, t, id);
	buf_adds(b, "</svg>");
}

char *report_svg_chart(const struct report *r, const struct report_table *t)
{
	struct buf b;

	buf_init(&b, 0);
	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	report_svg_element(&b, r, t);
	buf_adds(&b, "\n");
	return buf_detach(&b, NULL);
}
