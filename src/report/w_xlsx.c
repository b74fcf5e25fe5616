/*
 * w_xlsx.c - reports as Excel workbooks through libxlsxwriter (DESIGN §2:
 * "municipalities live in Excel"): a first sheet saying what the report
 * is (period, filters, parameters, suppression, generated-at), then one
 * sheet per table. Numbers are real numbers with a display format, so
 * they can be summed and charted; suppressed cells are the texts "<5"
 * and "x".
 *
 * libxlsxwriter 1.1 writes to a file only: the workbook goes to a private
 * temporary file that is read back into memory and removed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "rede/util.h"
#include "report/report_internal.h"

static bool sheet_taken(void *wb, const char *name)
{
	return workbook_get_worksheet_by_name(wb, name) != NULL;
}

static bool read_all(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	bool ok = false;

	if (!f)
		return false;
	if (fstat(fileno(f), &sb) == 0 && sb.st_size >= 0) {
		*out = xmalloc((size_t)sb.st_size + 1);
		*len = fread(*out, 1, (size_t)sb.st_size, f);
		ok = *len == (size_t)sb.st_size;
		if (!ok) {
			free(*out);
			*out = NULL;
		}
	}
	fclose(f);
	return ok;
}

static void write_meta(lxw_workbook *wb, const struct report *r, lxw_format *bold)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Om rapporten");
	const json_t *munis = json_object_get(r->filters, "municipalities"), *m, *p;
	lxw_row_t row = 0;
	size_t i;
	char line[160];

	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, 1, 60, NULL);
	worksheet_write_string(ws, row++, 0, r->title, bold);
	worksheet_write_string(ws, row, 0, "Periode", bold);
	report_da_period(r, line);
	worksheet_write_string(ws, row++, 1, line, NULL);
	json_array_foreach(munis, i, m)
	{
		worksheet_write_string(ws, row, 0, i ? "" : "Kommuner", bold);
		snprintf(line, sizeof(line), "%s %s (runde %lld)",
			 json_string_value(json_object_get(m, "code")),
			 json_string_value(json_object_get(m, "name")),
			 (long long)json_integer_value(json_object_get(m, "round")));
		worksheet_write_string(ws, row++, 1, line, NULL);
	}
	if (json_is_object(json_object_get(r->filters, "unit"))) {
		worksheet_write_string(ws, row, 0, "Enhed", bold);
		worksheet_write_string(ws, row++, 1,
				       json_string_value(json_object_get(
					       json_object_get(r->filters, "unit"), "name")),
				       NULL);
	}
	if (r->delivery) {
		worksheet_write_string(ws, row, 0, "Aflevering", bold);
		worksheet_write_string(ws, row++, 1,
				       json_string_value(json_object_get(r->delivery, "label")),
				       NULL);
	}
	if (r->suppressed) {
		worksheet_write_string(ws, row, 0, "Små tal", bold);
		snprintf(line, sizeof(line),
			 "tal under %lld vises som <%lld; x = skjult så små tal ikke kan regnes ud",
			 (long long)r->threshold, (long long)r->threshold);
		worksheet_write_string(ws, row++, 1, line, NULL);
	}
	worksheet_write_string(ws, row, 0, "Dannet", bold);
	report_da_generated(r, line);
	worksheet_write_string(ws, row++, 1, line, NULL);
	row++;
	worksheet_write_string(ws, row++, 0, "Programparametre", bold);
	json_array_foreach(r->parameters, i, p)
	{
		const char *k;
		json_t *v;
		json_object_foreach(json_object_get(p, "values"), k, v)
		{
			snprintf(line, sizeof(line), "%s %s",
				 json_string_value(json_object_get(p, "municipality")), k);
			worksheet_write_string(ws, row, 0, line, NULL);
			if (json_is_integer(v))
				worksheet_write_number(ws, row++, 1, (double)json_integer_value(v),
						       NULL);
			else
				worksheet_write_string(
					ws, row++, 1, json_is_string(v) ? json_string_value(v) : "",
					NULL);
		}
	}
}

enum rede_err report_write_xlsx(const struct report *r, char **out, size_t *len)
{
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/rede-report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	lxw_workbook *wb;
	lxw_format *bold, *fmt[RFMT__COUNT];
	enum rede_err err = REDE_E_IO;

	*out = NULL;
	*len = 0;
	if (fd < 0) {
		log_error("xlsx: cannot create a temporary file: %s", strerror(errno));
		goto out;
	}
	close(fd);
	wb = workbook_new(path);
	if (!wb) {
		log_error("xlsx: cannot start a workbook");
		goto out;
	}
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (int f = 0; f < RFMT__COUNT; f++) {
		int dec = report_fmt_decimals((enum report_fmt)f);

		fmt[f] = workbook_add_format(wb);
		format_set_num_format(fmt[f], dec == 0 ? "#,##0" : dec == 2 ? "0.00" : "0.0");
	}
	write_meta(wb, r, bold);
	for (int t = 0; t < r->ntables; t++) {
		const struct report_table *tb = r->tables[t];
		char name[REPORT_SHEET_NAME_SIZE];
		lxw_worksheet *ws;
		lxw_row_t row = 0;

		report_sheet_name(tb->title, sheet_taken, wb, name);
		ws = workbook_add_worksheet(wb, name);
		worksheet_set_column(ws, 0, 0, 34, NULL);
		worksheet_set_column(ws, 1, (lxw_col_t)tb->ncols, 16, NULL);
		worksheet_write_string(ws, row++, 0, tb->title, bold);
		for (int j = 0; j < tb->ncols; j++)
			worksheet_write_string(ws, row, (lxw_col_t)(j + 1), tb->cols[j].label,
					       bold);
		row++;
		for (int i = 0; i < tb->nrows; i++, row++) {
			worksheet_write_string(ws, row, 0, tb->rows[i].label,
					       tb->rows[i].total ? bold : NULL);
			for (int j = 0; j < tb->ncols; j++) {
				const struct report_cell *c = &tb->rows[i].cells[j];
				char text[64];
				double v;

				if (report_cell_number(c, &v))
					worksheet_write_number(ws, row, (lxw_col_t)(j + 1), v,
							       fmt[c->fmt]);
				else if (c->kind != RCELL_EMPTY)
					worksheet_write_string(
						ws, row, (lxw_col_t)(j + 1),
						report_cell_text(r, c, true, text, sizeof(text)),
						NULL);
			}
		}
		if (tb->note)
			worksheet_write_string(ws, row + 1, 0, tb->note, NULL);
	}
	if (workbook_close(wb) != LXW_NO_ERROR) {
		log_error("xlsx: cannot write the workbook");
		goto out;
	}
	if (!read_all(path, out, len)) {
		log_error("xlsx: cannot read the workbook back");
		goto out;
	}
	err = REDE_OK;
out:
	if (fd >= 0)
		unlink(path);
	free(path);
	return err;
}
