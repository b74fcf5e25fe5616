/*
 * w_danish.c - what the report files say in Danish: the period as
 * "01-01-2022 til 31-12-2026", "Dannet" as Danish local time
 * ("05-12-2026 kl. 01:50", Europe/Copenhagen, via rede_dk_time_format), and
 * an XLSX sheet name from a table's Danish title, cut at Excel's 31
 * characters (characters, not bytes: never inside a UTF-8 sequence) and made
 * unique in the workbook. Shared by w_csv.c, w_xlsx.c and w_html.c; the JSON
 * stays machine-readable (ISO dates, UTC).
 */
#include <stdio.h>
#include <string.h>

#include "rede/core_health_visit.h"
#include "rede/util.h"
#include "report/report_internal.h"

void report_da_date(const char *iso, char out[11])
{
	int32_t days;

	if (iso && rede_date_parse(iso, &days))
		snprintf(out, 11, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, 11, "%s", iso ? iso : "");
}

void report_da_period(const struct report *r, char out[REPORT_DA_PERIOD_SIZE])
{
	char from[11], to[11];

	report_da_date(r->from, from);
	report_da_date(r->to, to);
	snprintf(out, REPORT_DA_PERIOD_SIZE, "%s til %s", from, to);
}

void report_da_generated(const struct report *r, char out[REPORT_DA_TIME_SIZE])
{
	/* generated_at is rede_time_iso's "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC) */
	int32_t days;
	char day[11];
	int hh, mm, ss;

	snprintf(day, sizeof(day), "%.10s", r->generated_at);
	if (!rede_date_parse(day, &days) ||
	    sscanf(r->generated_at + 10, "T%2d:%2d:%2d", &hh, &mm, &ss) != 3) {
		snprintf(out, REPORT_DA_TIME_SIZE, "%s", r->generated_at);
		return;
	}
	{
		char dk[REDE_DK_TIME_SIZE];

		rede_dk_time_format((int64_t)days * 86400 + hh * 3600 + mm * 60 + ss, dk);
		snprintf(out, REPORT_DA_TIME_SIZE, "%s", dk);
	}
}

/* Bytes of the first `chars` UTF-8 characters of s. */
static size_t utf8_prefix(const char *s, size_t chars)
{
	size_t i = 0;

	while (s[i] && chars) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars--;
	}
	return i;
}

void report_sheet_name(const char *title, bool (*taken)(void *ctx, const char *name), void *ctx,
		       char out[REPORT_SHEET_NAME_SIZE])
{
	char base[REPORT_SHEET_NAME_SIZE];
	size_t n = 0;

	/* Excel refuses []:*?/\ and a leading or trailing apostrophe */
	for (const char *p = title; *p && n < sizeof(base) - 1; p++)
		base[n++] = strchr("[]:*?/\\'", *p) ? '-' : *p;
	base[n] = 0;
	if (base[utf8_prefix(base, REPORT_SHEET_CHARS)]) {
		/* too long: cut at the last space that leaves room for "…" */
		size_t cut = utf8_prefix(base, REPORT_SHEET_CHARS - 1);
		char *sp;

		base[cut] = 0;
		sp = strrchr(base, ' ');
		if (sp && sp - base > 12)
			*sp = 0;
		while (n = strlen(base), n && strchr(" ,-(", base[n - 1]))
			base[n - 1] = 0;
		strcat(base, "\xE2\x80\xA6");
	}
	snprintf(out, REPORT_SHEET_NAME_SIZE, "%s", base[0] ? base : "Tabel");
	for (int k = 2; taken(ctx, out) && k < 1000; k++) {
		char suffix[16];
		size_t keep;

		snprintf(suffix, sizeof(suffix), " (%d)", k);
		keep = utf8_prefix(base, REPORT_SHEET_CHARS - strlen(suffix));
		snprintf(out, REPORT_SHEET_NAME_SIZE, "%.*s%s", (int)keep, base, suffix);
	}
}
