/*
 * xlsx.c - the XLSX reader of the import (include/rede/import.h), on
 * libzip (the archive) and expat (the XML), both from Debian.
 *
 * An XLSX file is a zip of XML parts: xl/workbook.xml names the sheets,
 * xl/_rels/workbook.xml.rels says which part each is, xl/sharedStrings.xml
 * holds the text cells refer to by number, and the sheet part has the rows.
 * Each part is decompressed in chunks straight into expat, counting the
 * bytes: a part that expands past max_bytes (a zip bomb) stops the read
 * whatever its header claims. A DOCTYPE anywhere stops it too - a
 * spreadsheet has no use for one, and without a DTD there is no entity
 * to expand (billion laughs). Shared strings are the one table kept in
 * memory, capped in count and by the part's size.
 */
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "rede/import.h"
#include "rede/util.h"

#define CHUNK 65536

struct xlsx {
	zip_t *zip;
	const struct imp_limits *lim;
	struct imp_error *err;
	bool failed;
};

static void xfail(struct xlsx *x, enum imp_status st, int64_t row, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void xfail(struct xlsx *x, enum imp_status st, int64_t row, const char *fmt, ...)
{
	va_list ap;

	if (x->failed)
		return;
	x->failed = true;
	x->err->status = st;
	x->err->row = row;
	va_start(ap, fmt);
	vsnprintf(x->err->message, sizeof(x->err->message), fmt, ap);
	va_end(ap);
}

/* The element's name without a namespace prefix. */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), name))
			return atts[i + 1];
	return NULL;
}

/* ---- one part through expat ---- */

struct part_ctx {
	struct xlsx *x;
	XML_Parser p;
	bool dtd;
};

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sys, const XML_Char *pub,
		       int internal)
{
	struct part_ctx *pc = ud;

	(void)name, (void)sys, (void)pub, (void)internal;
	pc->dtd = true;
	XML_StopParser(pc->p, XML_FALSE);
}

static void on_entity(void *ud, const XML_Char *name, int pe, const XML_Char *v, int vlen,
		      const XML_Char *base, const XML_Char *sys, const XML_Char *pub,
		      const XML_Char *notation)
{
	struct part_ctx *pc = ud;

	(void)name, (void)pe, (void)v, (void)vlen, (void)base, (void)sys, (void)pub, (void)notation;
	pc->dtd = true;
	XML_StopParser(pc->p, XML_FALSE);
}

/* Feed the part name to a parser set up with handlers and user data ud
 * (whose first member is a struct part_ctx). *missing is set (and nothing
 * fails) when the part does not exist and missing is not NULL. */
static bool part_parse(struct xlsx *x, const char *name, XML_StartElementHandler start,
		       XML_EndElementHandler end, XML_CharacterDataHandler text,
		       struct part_ctx *ud, bool *missing)
{
	zip_int64_t idx = zip_name_locate(x->zip, name, 0);
	zip_file_t *f = NULL;
	char *chunk = NULL;
	int64_t total = 0;
	bool ok = false;

	if (missing)
		*missing = false;
	if (idx < 0) {
		if (missing)
			*missing = true;
		else
			xfail(x, IMP_E_FORMAT, 0,
			      "Filen er ikke en Excel-projektmappe (%s mangler)", name);
		return missing != NULL;
	}
	f = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
	if (!f) {
		xfail(x, IMP_E_TRUNCATED, 0,
		      "Filen er beskadiget eller afkortet (kan ikke åbne %s)", name);
		return false;
	}
	ud->x = x;
	ud->dtd = false;
	ud->p = XML_ParserCreate("UTF-8");
	XML_SetUserData(ud->p, ud);
	XML_SetElementHandler(ud->p, start, end);
	if (text)
		XML_SetCharacterDataHandler(ud->p, text);
	XML_SetStartDoctypeDeclHandler(ud->p, on_doctype);
	XML_SetEntityDeclHandler(ud->p, on_entity);
	XML_SetParamEntityParsing(ud->p, XML_PARAM_ENTITY_PARSING_NEVER);
	chunk = xmalloc(CHUNK);
	for (;;) {
		zip_int64_t n = zip_fread(f, chunk, CHUNK);

		if (n < 0) {
			xfail(x, IMP_E_TRUNCATED, 0,
			      "Filen er beskadiget eller afkortet (%s kan ikke pakkes ud)", name);
			goto out;
		}
		total += n;
		if (total > x->lim->max_bytes) {
			xfail(x, IMP_E_TOO_BIG, 0,
			      "Filen fylder for meget udpakket (over %lld byte i %s) - er det en "
			      "zip-bombe?",
			      (long long)x->lim->max_bytes, name);
			goto out;
		}
		if (XML_Parse(ud->p, chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (ud->dtd)
				xfail(x, IMP_E_FORMAT, 0,
				      "Filen indeholder en DTD/entiteter (%s), hvilket ikke er "
				      "tilladt",
				      name);
			else if (!x->failed)
				xfail(x, IMP_E_FORMAT, 0, "Ugyldig XML i %s (linje %lu)", name,
				      (unsigned long)XML_GetCurrentLineNumber(ud->p));
			goto out;
		}
		if (x->failed)
			goto out;
		if (n == 0)
			break;
	}
	ok = true;
out:
	free(chunk);
	XML_ParserFree(ud->p);
	zip_fclose(f);
	return ok;
}

/* Stop the parser from inside a handler after xfail. */
static void stop(struct part_ctx *pc)
{
	XML_StopParser(pc->p, XML_FALSE);
}

/* ---- workbook.xml: sheet names and their relationship ids ---- */

struct wb_ctx {
	struct part_ctx pc;
	const char *want;
	char rid[128];
	char names[512]; /* for the error: the sheets there are */
	char found[64];
};

static void wb_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct wb_ctx *w = ud;
	const char *name, *rid;
	size_t n;

	if (strcmp(local(el), "sheet"))
		return;
	name = attr(atts, "name");
	rid = attr(atts, "id");
	if (!name || !rid)
		return;
	n = strlen(w->names);
	if (n + strlen(name) + 5 < sizeof(w->names))
		snprintf(w->names + n, sizeof(w->names) - n, "%s\"%s\"", n ? ", " : "", name);
	if (!w->rid[0] && !strcasecmp(name, w->want)) {
		snprintf(w->rid, sizeof(w->rid), "%s", rid);
		snprintf(w->found, sizeof(w->found), "%s", name);
	}
}

static void no_end(void *ud, const XML_Char *el)
{
	(void)ud, (void)el;
}

/* ---- workbook.xml.rels: the part of a relationship id ---- */

struct rel_ctx {
	struct part_ctx pc;
	const char *rid;
	char target[256];
};

static void rel_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct rel_ctx *r = ud;
	const char *id, *t;

	if (strcmp(local(el), "Relationship"))
		return;
	id = attr(atts, "Id");
	t = attr(atts, "Target");
	if (!id || !t || strcmp(id, r->rid))
		return;
	if (t[0] == '/')
		snprintf(r->target, sizeof(r->target), "%s", t + 1);
	else
		snprintf(r->target, sizeof(r->target), "xl/%s", t);
}

/* ---- sharedStrings.xml ---- */

struct sst_ctx {
	struct part_ctx pc;
	char **items;
	int64_t n, alloc;
	struct buf cur;
	int depth_si, in_t, in_rph;
};

static void sst_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct sst_ctx *s = ud;
	const char *l = local(el);

	(void)atts;
	if (!strcmp(l, "si")) {
		s->depth_si = 1;
		buf_reset(&s->cur);
	} else if (!strcmp(l, "rPh")) {
		s->in_rph++;
	} else if (!strcmp(l, "t") && s->depth_si) {
		s->in_t = 1;
	}
}

static void sst_end(void *ud, const XML_Char *el)
{
	struct sst_ctx *s = ud;
	const char *l = local(el);

	if (!strcmp(l, "t")) {
		s->in_t = 0;
	} else if (!strcmp(l, "rPh")) {
		s->in_rph--;
	} else if (!strcmp(l, "si") && s->depth_si) {
		s->depth_si = 0;
		if (s->n >= s->pc.x->lim->max_shared_strings) {
			xfail(s->pc.x, IMP_E_TOO_BIG, 0,
			      "Filen har flere end %lld forskellige tekster (delte strenge)",
			      (long long)s->pc.x->lim->max_shared_strings);
			stop(&s->pc);
			return;
		}
		if (s->n == s->alloc) {
			s->alloc = s->alloc ? s->alloc * 2 : 256;
			s->items = xrealloc(s->items, (size_t)s->alloc * sizeof(*s->items));
		}
		s->items[s->n++] = xstrndup(s->cur.data, s->cur.len);
	}
}

static void sst_text(void *ud, const XML_Char *t, int len)
{
	struct sst_ctx *s = ud;

	if (!s->in_t || s->in_rph || !s->depth_si)
		return;
	if ((int64_t)(s->cur.len + (size_t)len) > s->pc.x->lim->max_cell_len ||
	    !buf_add(&s->cur, t, (size_t)len)) {
		xfail(s->pc.x, IMP_E_TOO_BIG, 0, "En tekst i filen er længere end %lld tegn",
		      (long long)s->pc.x->lim->max_cell_len);
		stop(&s->pc);
	}
}

/* ---- the sheet ---- */

struct sheet_ctx {
	struct part_ctx pc;
	struct sst_ctx *sst;
	imp_row_fn fn;
	void *arg;
	struct imp_info *info;
	int64_t row, last_row;
	/* the row's cells by column */
	char **cells;
	bool *numeric;
	int ncols, acols;
	/* the cell being read */
	int col, next_col;
	char type[16];
	bool in_v, in_t, in_cell;
	struct buf val;
};

/* "BC12" -> 54 (0-based column); -1 when not a reference. */
static int col_of(const char *ref)
{
	int c = 0, n = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++) {
		c = c * 26 + (*ref - 'A' + 1);
		if (c > 16384)
			return -1;
	}
	return n ? c - 1 : -1;
}

static void row_clear(struct sheet_ctx *s)
{
	for (int i = 0; i < s->ncols; i++) {
		free(s->cells[i]);
		s->cells[i] = NULL;
		s->numeric[i] = false;
	}
	s->ncols = 0;
}

static void sheet_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct sheet_ctx *s = ud;
	const char *l = local(el), *v;

	if (!strcmp(l, "row")) {
		row_clear(s);
		v = attr(atts, "r");
		s->row = v ? strtoll(v, NULL, 10) : s->last_row + 1;
		if (s->row <= s->last_row)
			s->row = s->last_row + 1;
		s->next_col = 0;
	} else if (!strcmp(l, "c")) {
		v = attr(atts, "r");
		s->col = v ? col_of(v) : s->next_col;
		if (s->col < 0)
			s->col = s->next_col;
		s->next_col = s->col + 1;
		v = attr(atts, "t");
		snprintf(s->type, sizeof(s->type), "%s", v ? v : "n");
		s->in_cell = true;
		buf_reset(&s->val);
	} else if (s->in_cell && !strcmp(l, "v")) {
		s->in_v = true;
	} else if (s->in_cell && !strcmp(l, "t")) {
		s->in_t = true;
	}
}

static void cell_store(struct sheet_ctx *s)
{
	const char *text = s->val.data;
	bool num = false;

	if (s->col >= s->pc.x->lim->max_columns) {
		xfail(s->pc.x, IMP_E_TOO_BIG, s->row, "Række %lld har mere end %lld kolonner",
		      (long long)s->row, (long long)s->pc.x->lim->max_columns);
		stop(&s->pc);
		return;
	}
	if (!strcmp(s->type, "s")) {
		char *end;
		long long k = strtoll(text, &end, 10);

		if (end == text || *end || k < 0 || !s->sst || k >= s->sst->n) {
			xfail(s->pc.x, IMP_E_FORMAT, s->row,
			      "Række %lld henviser til en tekst, som filen ikke har",
			      (long long)s->row);
			stop(&s->pc);
			return;
		}
		text = s->sst->items[k];
	} else if (!strcmp(s->type, "n") || !s->type[0]) {
		num = s->val.len > 0;
	} else if (!strcmp(s->type, "b")) {
		text = !strcmp(text, "1") ? "ja" : "nej";
	}
	if (s->col >= s->acols) {
		int n = s->acols ? s->acols : 16;

		while (n <= s->col)
			n *= 2;
		s->cells = xrealloc(s->cells, (size_t)n * sizeof(*s->cells));
		s->numeric = xrealloc(s->numeric, (size_t)n * sizeof(*s->numeric));
		for (int i = s->acols; i < n; i++) {
			s->cells[i] = NULL;
			s->numeric[i] = false;
		}
		s->acols = n;
	}
	free(s->cells[s->col]);
	s->cells[s->col] = xstrdup(text);
	s->numeric[s->col] = num;
	if (s->col + 1 > s->ncols)
		s->ncols = s->col + 1;
}

static void row_emit(struct sheet_ctx *s)
{
	struct imp_cell *cells;
	bool blank = true;
	int rc;

	for (int i = 0; i < s->ncols && blank; i++)
		blank = !s->cells[i] || !s->cells[i][0];
	s->last_row = s->row;
	if (blank) {
		row_clear(s);
		return;
	}
	if (s->info->rows >= s->pc.x->lim->max_rows) {
		xfail(s->pc.x, IMP_E_TOO_BIG, s->row, "Arket har mere end %lld rækker",
		      (long long)s->pc.x->lim->max_rows);
		stop(&s->pc);
		return;
	}
	cells = xcalloc((size_t)s->ncols, sizeof(*cells));
	for (int i = 0; i < s->ncols; i++) {
		cells[i].text = s->cells[i] ? s->cells[i] : "";
		cells[i].number = s->numeric[i];
	}
	s->info->rows++;
	rc = s->fn(s->arg, s->row, cells, s->ncols);
	free(cells);
	row_clear(s);
	if (rc) {
		xfail(s->pc.x, IMP_E_STOPPED, s->row, "Indlæsningen blev afbrudt");
		stop(&s->pc);
	}
}

static void sheet_end(void *ud, const XML_Char *el)
{
	struct sheet_ctx *s = ud;
	const char *l = local(el);

	if (!strcmp(l, "v")) {
		s->in_v = false;
	} else if (!strcmp(l, "t")) {
		s->in_t = false;
	} else if (!strcmp(l, "c") && s->in_cell) {
		s->in_cell = false;
		if (s->val.len)
			cell_store(s);
	} else if (!strcmp(l, "row")) {
		row_emit(s);
	}
}

static void sheet_text(void *ud, const XML_Char *t, int len)
{
	struct sheet_ctx *s = ud;
	bool want = s->in_cell && (!strcmp(s->type, "inlineStr") ? s->in_t : s->in_v);

	if (!want)
		return;
	if ((int64_t)(s->val.len + (size_t)len) > s->pc.x->lim->max_cell_len ||
	    !buf_add(&s->val, t, (size_t)len)) {
		xfail(s->pc.x, IMP_E_TOO_BIG, s->row,
		      "En celle i række %lld er længere end %lld tegn", (long long)s->row,
		      (long long)s->pc.x->lim->max_cell_len);
		stop(&s->pc);
	}
}

bool imp_is_zip(const char *data, size_t len)
{
	return len >= 4 && !memcmp(data, "PK\x03\x04", 4);
}

enum imp_status imp_xlsx_read(const char *data, size_t len, const char *sheet,
			      const struct imp_limits *lim, imp_row_fn fn, void *arg,
			      struct imp_info *info, struct imp_error *err)
{
	struct xlsx x = {NULL, lim, err, false};
	struct wb_ctx wb = {0};
	struct rel_ctx rel = {0};
	struct sst_ctx sst = {0};
	struct sheet_ctx sh = {0};
	zip_source_t *src = NULL;
	zip_error_t ze;
	bool missing;

	memset(info, 0, sizeof(*info));
	memset(err, 0, sizeof(*err));
	snprintf(info->encoding, sizeof(info->encoding), "XLSX");
	buf_init(&sst.cur, 0);
	buf_init(&sh.val, 0);
	if ((int64_t)len > lim->max_bytes) {
		xfail(&x, IMP_E_TOO_BIG, 0, "Filen er for stor");
		goto out;
	}
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src)
		x.zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!x.zip) {
		int code = zip_error_code_zip(&ze);

		if (code == ZIP_ER_NOZIP && !imp_is_zip(data, len))
			xfail(&x, IMP_E_FORMAT, 0, "Filen er ikke en Excel-fil (XLSX)");
		else
			xfail(&x, IMP_E_TRUNCATED, 0,
			      "Excel-filen er beskadiget eller afkortet og kan ikke åbnes");
		zip_error_fini(&ze);
		goto out;
	}
	zip_error_fini(&ze);
	wb.want = sheet;
	if (!part_parse(&x, "xl/workbook.xml", wb_start, no_end, NULL, &wb.pc, NULL))
		goto out;
	if (!wb.rid[0]) {
		xfail(&x, IMP_E_NO_SHEET, 0,
		      "Projektmappen har intet ark med navnet \"%s\" (den har: %s)", sheet,
		      wb.names[0] ? wb.names : "ingen ark");
		goto out;
	}
	snprintf(info->sheet, sizeof(info->sheet), "%s", wb.found);
	rel.rid = wb.rid;
	if (!part_parse(&x, "xl/_rels/workbook.xml.rels", rel_start, no_end, NULL, &rel.pc, NULL))
		goto out;
	if (!rel.target[0] || zip_name_locate(x.zip, rel.target, 0) < 0) {
		xfail(&x, IMP_E_NO_SHEET, 0,
		      "Arket \"%s\" mangler i filen (beskadiget projektmappe)", wb.found);
		goto out;
	}
	if (!part_parse(&x, "xl/sharedStrings.xml", sst_start, sst_end, sst_text, &sst.pc,
			&missing))
		goto out;
	sh.sst = &sst;
	sh.fn = fn;
	sh.arg = arg;
	sh.info = info;
	if (!part_parse(&x, rel.target, sheet_start, sheet_end, sheet_text, &sh.pc, NULL))
		goto out;
out:
	if (x.zip)
		zip_discard(x.zip);
	else if (src)
		zip_source_free(src);
	for (int64_t i = 0; i < sst.n; i++)
		free(sst.items[i]);
	free(sst.items);
	buf_release(&sst.cur);
	for (int i = 0; i < sh.acols; i++)
		free(sh.cells[i]);
	free(sh.cells);
	free(sh.numeric);
	buf_release(&sh.val);
	return x.failed ? err->status : IMP_OK;
}
