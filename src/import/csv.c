/*
 * csv.c - the CSV reader of the import (include/rede/import.h).
 *
 * Danish Excel writes ';'-separated files in Windows-1252; other systems
 * write ',' and UTF-8, sometimes with a BOM. The reader decides the
 * encoding once for the whole file (valid UTF-8 or not) and the delimiter
 * from the first line, then walks the bytes once with RFC 4180 quoting.
 * Memory is one cell buffer and one row's cells, each capped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/import.h"
#include "rede/util.h"

/* Is data valid UTF-8 (no overlongs, no surrogates)? */
static bool utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i <= k)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += k + 1;
	}
	return true;
}

int imp_cp1252_utf8(unsigned char c, char out[4])
{
	/* 0x80-0x9F: the Windows-1252 specials; undefined ones become U+FFFD */
	static const uint16_t hi[32] = {
		0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
		0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
	};
	uint32_t cp = c >= 0x80 && c < 0xA0 ? hi[c - 0x80] : c;

	if (cp < 0x80) {
		out[0] = (char)cp;
		out[1] = 0;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		out[2] = 0;
		return 2;
	}
	out[0] = (char)(0xE0 | cp >> 12);
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	out[3] = 0;
	return 3;
}

/* ';' or ',': whichever the first line has more of outside quotes (',' on
 * a tie, e.g. a one-column file). */
static char sniff_delimiter(const char *s, size_t n)
{
	size_t semi = 0, comma = 0;
	bool q = false;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			q = !q;
		else if (!q && (s[i] == '\n' || s[i] == '\r'))
			break;
		else if (!q && s[i] == ';')
			semi++;
		else if (!q && s[i] == ',')
			comma++;
	}
	return semi > comma ? ';' : ',';
}

struct csv_state {
	const struct imp_limits *lim;
	struct imp_error *err;
	struct buf cell;
	char **cells;
	int ncells, acells;
	bool cp1252;
};

static void csv_fail(struct csv_state *s, enum imp_status st, int64_t row, const char *msg)
{
	s->err->status = st;
	s->err->row = row;
	snprintf(s->err->message, sizeof(s->err->message), "%s", msg);
}

static bool cell_add(struct csv_state *s, unsigned char c, int64_t row)
{
	char u[4];
	int n = 1;

	u[0] = (char)c;
	if (s->cp1252 && c >= 0x80)
		n = imp_cp1252_utf8(c, u);
	if ((int64_t)(s->cell.len + (size_t)n) > s->lim->max_cell_len ||
	    !buf_add(&s->cell, u, (size_t)n)) {
		char msg[160];

		snprintf(msg, sizeof(msg), "En celle er længere end %lld tegn",
			 (long long)s->lim->max_cell_len);
		csv_fail(s, IMP_E_TOO_BIG, row, msg);
		return false;
	}
	return true;
}

static bool cell_end(struct csv_state *s, int64_t row)
{
	if (s->ncells >= s->lim->max_columns) {
		char msg[160];

		snprintf(msg, sizeof(msg), "En række har mere end %lld kolonner",
			 (long long)s->lim->max_columns);
		csv_fail(s, IMP_E_TOO_BIG, row, msg);
		return false;
	}
	if (s->ncells == s->acells) {
		s->acells = s->acells ? s->acells * 2 : 16;
		s->cells = xrealloc(s->cells, (size_t)s->acells * sizeof(*s->cells));
	}
	s->cells[s->ncells++] = xstrndup(s->cell.data, s->cell.len);
	buf_reset(&s->cell);
	return true;
}

static void row_clear(struct csv_state *s)
{
	for (int i = 0; i < s->ncells; i++)
		free(s->cells[i]);
	s->ncells = 0;
}

/* Hand a finished row to fn unless every cell is blank. */
static enum imp_status row_end(struct csv_state *s, int64_t row, imp_row_fn fn, void *arg,
			       struct imp_info *info)
{
	struct imp_cell *cells;
	bool blank = true;
	int rc;

	for (int i = 0; i < s->ncells && blank; i++)
		blank = !s->cells[i][0];
	if (blank) {
		row_clear(s);
		return IMP_OK;
	}
	if (info->rows >= s->lim->max_rows) {
		char msg[160];

		snprintf(msg, sizeof(msg), "Filen har mere end %lld rækker",
			 (long long)s->lim->max_rows);
		csv_fail(s, IMP_E_TOO_BIG, row, msg);
		return IMP_E_TOO_BIG;
	}
	cells = xcalloc((size_t)s->ncells, sizeof(*cells));
	for (int i = 0; i < s->ncells; i++)
		cells[i].text = s->cells[i];
	info->rows++;
	rc = fn(arg, row, cells, s->ncells);
	free(cells);
	row_clear(s);
	if (rc) {
		csv_fail(s, IMP_E_STOPPED, row, "Indlæsningen blev afbrudt");
		return IMP_E_STOPPED;
	}
	return IMP_OK;
}

enum imp_status imp_csv_read(const char *data, size_t len, const struct imp_limits *lim,
			     imp_row_fn fn, void *arg, struct imp_info *info, struct imp_error *err)
{
	struct csv_state s = {lim, err, {0}, NULL, 0, 0, false};
	const unsigned char *p = (const unsigned char *)data;
	enum imp_status st = IMP_OK;
	int64_t row = 1;
	size_t i = 0;
	bool quoted = false, in_row = false;

	memset(info, 0, sizeof(*info));
	memset(err, 0, sizeof(*err));
	buf_init(&s.cell, 0);
	if ((int64_t)len > lim->max_bytes) {
		csv_fail(&s, IMP_E_TOO_BIG, 0, "Filen er for stor");
		st = IMP_E_TOO_BIG;
		goto out;
	}
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		i = 3;
		snprintf(info->encoding, sizeof(info->encoding), "UTF-8 (BOM)");
	} else if (utf8_valid(p, len)) {
		snprintf(info->encoding, sizeof(info->encoding), "UTF-8");
	} else {
		s.cp1252 = true;
		snprintf(info->encoding, sizeof(info->encoding), "Windows-1252");
	}
	if (i == 3 && !utf8_valid(p + 3, len - 3)) {
		csv_fail(&s, IMP_E_FORMAT, 0, "Filen siger UTF-8 (BOM), men er ikke gyldig UTF-8");
		st = IMP_E_FORMAT;
		goto out;
	}
	info->delimiter = sniff_delimiter(data + i, len - i);
	for (; i < len; i++) {
		unsigned char c = p[i];

		if (quoted) {
			if (c == '"' && i + 1 < len && p[i + 1] == '"') {
				i++;
			} else if (c == '"') {
				quoted = false;
				continue;
			}
			if (!cell_add(&s, c, row)) {
				st = err->status;
				goto out;
			}
			continue;
		}
		if (c == '"' && s.cell.len == 0) {
			quoted = in_row = true;
		} else if (c == (unsigned char)info->delimiter) {
			in_row = true;
			if (!cell_end(&s, row)) {
				st = err->status;
				goto out;
			}
		} else if (c == '\n' || c == '\r') {
			if (c == '\r' && i + 1 < len && p[i + 1] == '\n')
				i++;
			if (!cell_end(&s, row) || (st = row_end(&s, row, fn, arg, info)))
				goto fail;
			row++;
			in_row = false;
		} else {
			in_row = true;
			if (!cell_add(&s, c, row)) {
				st = err->status;
				goto out;
			}
		}
	}
	if (quoted) {
		csv_fail(
			&s, IMP_E_TRUNCATED, row,
			"Et citationstegn (\") lukkes aldrig - filen er afkortet eller beskadiget");
		st = IMP_E_TRUNCATED;
		goto out;
	}
	if (in_row || s.cell.len) {
		if (!cell_end(&s, row) || (st = row_end(&s, row, fn, arg, info)))
			goto fail;
	}
	goto out;
fail:
	st = err->status;
out:
	row_clear(&s);
	free(s.cells);
	buf_release(&s.cell);
	return st;
}
