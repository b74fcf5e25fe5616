/*
 * fuzz_report.h - a report made of fuzz input, for the writer harnesses
 * (fuzz_csv.c, fuzz_xlsx.c): the input, split at NUL bytes, gives the
 * title, a municipality name, the table's name and title, column and row
 * labels, text cells and a note; its bytes also give numbers (negative
 * ones too) for the number cells.
 */
#ifndef REDE_FUZZ_REPORT_H
#define REDE_FUZZ_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rede/report.h"
#include "rede/util.h"

#define FUZZ_PARTS 16

static struct report *fuzz_report(const uint8_t *data, size_t size)
{
	char *copy = xmalloc(size + 1), *part[FUZZ_PARTS];
	int n = 0;
	struct report *r;
	struct report_table *t;
	const char *cols[7];

	memcpy(copy, data, size);
	copy[size] = 0;
	for (size_t i = 0, start = 0; i <= size && n < FUZZ_PARTS; i++) {
		if (i == size || copy[i] == 0) {
			copy[i] = 0;
			part[n++] = copy + start;
			start = i + 1;
		}
	}
	while (n < FUZZ_PARTS)
		part[n++] = "";
	r = report_new("fuzz", part[0]);
	json_object_set_new(
		r->filters, "municipalities",
		json_pack("[{s:s, s:s, s:i}]", "code", "0101", "name", part[1], "round", 1));
	snprintf(r->from, sizeof(r->from), "2026-01-01");
	snprintf(r->to, sizeof(r->to), "2026-12-31");
	cols[0] = "a";
	cols[1] = part[4];
	cols[2] = "b";
	cols[3] = part[5];
	cols[4] = "c";
	cols[5] = part[6];
	cols[6] = NULL;
	t = report_table(r, part[2][0] ? part[2] : "t", part[3], cols);
	for (int i = 0; i < 4; i++) {
		char id[8];
		int row;
		double v = 0;

		snprintf(id, sizeof(id), "r%d", i);
		row = report_row(t, id, part[7 + i]);
		if (size > (size_t)(8 * i + 7))
			memcpy(&v, data + 8 * i, sizeof(v));
		if (v != v || v > 1e15 || v < -1e15)
			v = (double)(int8_t)data[i % size];
		report_set_value(t, row, 0, v, (enum report_fmt)(data[i % size] % RFMT__COUNT));
		report_set_count(t, row, 1, (int64_t)(data[(i + 1) % size] % 50), NULL);
		report_set_text(t, row, 2, part[11 + i]);
	}
	if (part[15][0])
		report_table_note(t, part[15]);
	report_finish(r);
	free(copy);
	return r;
}

#endif
