/*
 * import_template.c - the XLSX template of an import kind (issue 19):
 * `rede import template KIND` and GET /api/v1/imports/templates/{kind}.
 *
 * One sheet named as the reader wants it, the Danish headers in row 1, a
 * notes row 2 (its first cell starts with '#', so the reader skips it),
 * then room for rows: dates formatted dd-mm-åååå, CPR numbers and keys as
 * text (so Excel keeps leading zeros), and a drop-down list on every coded
 * column (libxlsxwriter data validation; ja/nej on the yes/no columns).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "http/import.h"
#include "rede/util.h"

#define TEMPLATE_ROWS 5000
#define MAX_CODES 16

bool imp_template_xlsx(const struct imp_kind *k, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws;
	lxw_format *head, *notes, *text, *date;
	char *yesno[] = {"ja", "nej", NULL};
	bool ok = false;

	if (!wb)
		return false;
	ws = workbook_add_worksheet(wb, k->sheet_da);
	head = workbook_add_format(wb);
	format_set_bold(head);
	notes = workbook_add_format(wb);
	format_set_italic(notes);
	format_set_text_wrap(notes);
	text = workbook_add_format(wb);
	format_set_num_format(text, "@");
	date = workbook_add_format(wb);
	format_set_num_format(date, "dd-mm-yyyy");
	for (int c = 0; c < k->ncols; c++) {
		const struct imp_col *col = &k->cols[c];
		lxw_format *f =
			col->type == IMPC_DATE ? date
			: col->type == IMPC_CPR || col->type == IMPC_KEY || col->type == IMPC_TEXT
				? text
				: NULL;
		char *note = xasprintf(
			"%s%s%s", c == 0 ? "# Noter: " : "", col->note_da ? col->note_da : "",
			col->required ? (col->note_da ? " (skal udfyldes)" : "Skal udfyldes") : "");

		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 22, f);
		worksheet_write_string(ws, 0, (lxw_col_t)c, col->header_da, head);
		worksheet_write_string(ws, 1, (lxw_col_t)c, note, notes);
		free(note);
		if (col->type == IMPC_CODE || col->type == IMPC_CODES || col->type == IMPC_BOOL) {
			lxw_data_validation dv = {0};
			char *list[MAX_CODES + 1];
			int n = 0;

			for (const struct imp_code *p = col->codes; p && p->code && n < MAX_CODES;
			     p++)
				list[n++] = (char *)p->label_da;
			list[n] = NULL;
			dv.validate = LXW_VALIDATION_TYPE_LIST;
			dv.value_list = col->type == IMPC_BOOL ? yesno : list;
			/* a list of several codes is not one of the drop-down's values:
			 * only inform there */
			dv.error_type = col->type == IMPC_CODES
						? LXW_VALIDATION_ERROR_TYPE_INFORMATION
						: LXW_VALIDATION_ERROR_TYPE_STOP;
			worksheet_data_validation_range(ws, 2, (lxw_col_t)c, TEMPLATE_ROWS + 1,
							(lxw_col_t)c, &dv);
		}
	}
	worksheet_freeze_panes(ws, 2, 0);
	ok = workbook_close(wb) == LXW_NO_ERROR;
	return ok;
}
