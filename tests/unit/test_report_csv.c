/*
 * test_report_csv.c - the CSV writers against formula injection (issue
 * 14): text that starts with =, +, -, @, tab or CR - in a title, a column
 * or row label, a text cell, a note, a municipality name - is written
 * with a leading "'" in both dialects; the numbers the report computes,
 * negative ones included, and its own marks ("<5", "x", "-") are written
 * as they are.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rede/report.h"

static struct report *sample(void)
{
	struct report *r = report_new("t", "=Titel");
	const char *const cols[] = {"n", "+Antal", "v", "Værdi", "t", "Tekst", NULL};
	struct report_table *t = report_table(r, "t", "@Tabel", cols);
	json_t *m = json_pack("{s:s, s:s, s:i}", "code", "0101", "name", "-Kommune", "round", 1);

	json_object_set_new(r->filters, "municipalities", json_pack("[o]", m));
	snprintf(r->from, sizeof(r->from), "2026-01-01");
	snprintf(r->to, sizeof(r->to), "2026-12-31");
	report_row(t, "a", "=1+2");
	report_row(t, "b", "\tfane");
	report_row(t, "c", "\rvogn");
	report_row(t, "d", "Almindelig");
	report_set_count(t, 0, 0, 7, NULL);
	report_set_value(t, 0, 1, -3.5, RFMT_DEC1);
	report_set_text(t, 0, 2, "-tekst");
	report_set_value(t, 1, 1, -12, RFMT_INT);
	report_set_text(t, 1, 2, "+tekst");
	report_set_text(t, 2, 2, "@tekst");
	report_set_text(t, 3, 2, "ren tekst");
	report_table_note(t, "=note");
	report_finish(r);
	return r;
}

static char *csv(const struct report *r, bool danish)
{
	char *out = NULL;
	size_t len = 0;

	assert_int_equal(report_write(r, danish ? RFORMAT_CSV_DA : RFORMAT_CSV, NULL, &out, &len),
			 REDE_OK);
	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	return out;
}

static void text_is_neutralised(void **state)
{
	struct report *r = sample();
	char *plain = csv(r, false), *da = csv(r, true);
	(void)state;

	/* RFC 4180: the title line, labels, text cells, the note */
	assert_non_null(strstr(plain, "Rapport,'=Titel\r\n"));
	assert_non_null(strstr(plain, "Kommuner,0101 -Kommune\r\n"));
	assert_non_null(strstr(plain, "\r\n'@Tabel\r\n"));
	assert_non_null(strstr(plain, ",'+Antal,"));
	assert_non_null(strstr(plain, "\r\n'=1+2,7,-3.5,'-tekst\r\n"));
	assert_non_null(strstr(plain, "\r\n'\tfane,"));
	assert_non_null(strstr(plain, ",-12,'+tekst\r\n"));
	assert_non_null(strstr(plain, "\r\n\"'\rvogn\","));
	assert_non_null(strstr(plain, ",'@tekst\r\n"));
	assert_non_null(strstr(plain, "\r\nAlmindelig,"));
	assert_non_null(strstr(plain, ",ren tekst\r\n"));
	assert_non_null(strstr(plain, "\r\n'=note\r\n"));
	/* Danish: the same, with ';' and a decimal comma for the numbers */
	assert_non_null(strstr(da, "Rapport;'=Titel\r\n"));
	assert_non_null(strstr(da, "\r\n'=1+2;7;\"-3,5\";'-tekst\r\n"));
	assert_non_null(strstr(da, ";-12;'+tekst\r\n"));
	free(plain);
	free(da);
	report_free(r);
}

/* Nothing in either dialect starts a field with a formula character
 * unless it is a number the report computed. */
static void no_field_runs(void **state)
{
	struct report *r = sample();
	(void)state;

	for (int d = 0; d < 2; d++) {
		char *text = csv(r, d), sep = d ? ';' : ',';
		const char *p = text + (d ? 3 : 0);
		bool start = true, quoted = false;

		for (; *p; p++) {
			if (start) {
				const char *f = *p == '"' ? p + 1 : p;
				if (f[0] == '\r' && f[1] == '\n')
					f++; /* an empty field at the end of a line */
				else if (strchr("=+@\t\r", *f) && *f)
					fail_msg("field starts with %#x: %.20s", *f, f);
				if (*f == '-')
					assert_true(f[1] >= '0' && f[1] <= '9');
				start = false;
			}
			if (*p == '"')
				quoted = !quoted;
			else if (!quoted && (*p == sep || *p == '\n'))
				start = true;
		}
		free(text);
	}
	report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_is_neutralised),
		cmocka_unit_test(no_field_runs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
