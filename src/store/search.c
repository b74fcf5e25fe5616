/*
 * search.c - the word index behind name search (see search.h).
 *
 * Why a word table and not LIKE '%...%': a substring pattern cannot use an
 * index on either backend, so the old search read every family and person
 * of the municipality (0.26-0.9 s in a municipality of 24 612 families).
 * A prefix of a word is a range on the (municipality_id, word) index, in
 * portable SQL; the column compares bytes ({{TEXT_BYTES}}), so the range
 * is exactly the words with that prefix on both backends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/core_family.h"
#include "rede/util.h"
#include "store/search.h"

size_t search_split(char *key, const char **words, size_t max)
{
	size_t n = 0;
	char *p = key;

	while (*p && n < max) {
		char *w;
		size_t i;

		while (*p == ' ' || *p == '-')
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && *p != ' ' && *p != '-')
			p++;
		if (*p)
			*p++ = 0;
		for (i = 0; i < n && strcmp(words[i], w); i++)
			;
		if (i == n)
			words[n++] = w;
	}
	return n;
}

/* Decode the UTF-8 character at s (len bytes); -1 when malformed. */
static long utf8_decode(const unsigned char *s, size_t len)
{
	long cp;

	if (len == 1 && s[0] < 0x80)
		return s[0];
	if (len == 2 && (s[0] & 0xe0) == 0xc0)
		cp = s[0] & 0x1f;
	else if (len == 3 && (s[0] & 0xf0) == 0xe0)
		cp = s[0] & 0x0f;
	else if (len == 4 && (s[0] & 0xf8) == 0xf0)
		cp = s[0] & 0x07;
	else
		return -1;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	return cp;
}

static size_t utf8_encode(long cp, unsigned char *o)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

bool search_prefix_upper(const char *prefix, char *out, size_t n)
{
	const unsigned char *s = (const unsigned char *)prefix;
	size_t len = strlen(prefix), start = len;
	unsigned char enc[4];
	size_t elen;
	long cp;

	if (!len)
		return false;
	/* the last character starts at the last byte that is not 10xxxxxx */
	while (start > 0 && (s[start - 1] & 0xc0) == 0x80)
		start--;
	if (start == 0 && (s[0] & 0xc0) == 0x80)
		return false;
	start--;
	cp = utf8_decode(s + start, len - start);
	if (cp < 0 || cp >= 0x10ffff)
		return false;
	cp++;
	if (cp == 0xd800)
		cp = 0xe000; /* surrogates are not characters */
	elen = utf8_encode(cp, enc);
	if (start + elen + 1 > n)
		return false;
	memcpy(out, prefix, start);
	memcpy(out + start, enc, elen);
	out[start + elen] = 0;
	return true;
}

enum rede_err store_search_words_set(struct store_conn *c, int64_t municipality_id,
				     int64_t family_id, int64_t person_id, const char *search_key,
				     bool replace)
{
	const char *words[32];
	char *key = xstrdup(search_key ? search_key : "");
	size_t n = search_split(key, words, sizeof(words) / sizeof(words[0]));
	enum rede_err err = REDE_OK;
	struct store_stmt *st;

	if (replace) {
		st = store_prepare(c, person_id ? "DELETE FROM search_word WHERE family_id = ? AND "
						  "person_id = ?"
						: "DELETE FROM search_word WHERE family_id = ? AND "
						  "person_id IS NULL");
		if (person_id)
			store_bind_all(st, STORE_INT(family_id), STORE_INT(person_id));
		else
			store_bind_all(st, STORE_INT(family_id));
		err = store_run(st);
	}
	for (size_t i = 0; i < n && !err; i++) {
		st = store_prepare(c, "INSERT INTO search_word (municipality_id, word, family_id, "
				      "person_id) VALUES (?, ?, ?, ?)");
		store_bind_all(st, STORE_INT(municipality_id), STORE_TEXT(words[i]),
			       STORE_INT(family_id), STORE_INT0(person_id));
		err = store_run(st);
	}
	free(key);
	return err;
}

/* One name whose key is to be rewritten. */
struct refold {
	int64_t id, municipality_id, family_id; /* family_id 0: a family's own name */
	char *key;
};

/* A name as stored, with its old key (the statement's texts). */
struct refold_read_row {
	int64_t id, municipality_id, family_id;
	const char *name, *old;
};
#define REFOLD_COL(expr, kind, field) STORE_COL(expr, kind, struct refold_read_row, field)
static const struct store_col family_refold_cols[] = {
	REFOLD_COL("id", STORE_COL_INT, id),
	REFOLD_COL("municipality_id", STORE_COL_INT, municipality_id),
	REFOLD_COL("0", STORE_COL_INT, family_id),
	REFOLD_COL("name", STORE_COL_CSTR, name),
	REFOLD_COL("search_key", STORE_COL_CSTR, old),
};
/* a person's name is "given family", as the API stores it */
static const struct store_col person_refold_cols[] = {
	REFOLD_COL("id", STORE_COL_INT, id),
	REFOLD_COL("municipality_id", STORE_COL_INT, municipality_id),
	REFOLD_COL("family_id", STORE_COL_INT, family_id),
	REFOLD_COL("given_name || ' ' || family_name", STORE_COL_CSTR, name),
	REFOLD_COL("search_key", STORE_COL_CSTR, old),
};
_Static_assert(sizeof(family_refold_cols) == sizeof(person_refold_cols),
	       "families and persons are read alike");

/* Read a table's names by cols ("SELECT <cols> <rest>") and keep those
 * whose folded form differs from the stored key. */
static enum rede_err refold_read(struct store_conn *c, const struct store_col *cols,
				 const char *rest, struct refold **rows, size_t *n, size_t *cap)
{
	struct store_stmt *st =
		store_prepare_select(c, cols, STORE_NCOLS(family_refold_cols), rest);
	enum rede_err err;

	while ((err = store_step(st)) == REDE_ROW) {
		struct refold_read_row r;
		size_t len;
		char *key;

		store_read_row(st, cols, STORE_NCOLS(family_refold_cols), &r);
		len = strlen(r.name ? r.name : "") + 1;
		key = core_search_key(r.name, xmalloc(len), len);

		if (!strcmp(key, r.old ? r.old : "")) {
			free(key);
			continue;
		}
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 64;
			*rows = xrealloc(*rows, *cap * sizeof(**rows));
		}
		(*rows)[*n].id = r.id;
		(*rows)[*n].municipality_id = r.municipality_id;
		(*rows)[*n].family_id = r.family_id;
		(*rows)[(*n)++].key = key;
	}
	store_finish(st);
	return err == REDE_DONE ? REDE_OK : err;
}

enum rede_err store_search_refold(struct store_conn *c)
{
	struct refold *rows = NULL;
	size_t n = 0, cap = 0, families;
	enum rede_err err;

	err = refold_read(c, family_refold_cols, "FROM family ORDER BY id", &rows, &n, &cap);
	families = n;
	if (!err)
		err = refold_read(c, person_refold_cols, "FROM person ORDER BY id", &rows, &n,
				  &cap);
	for (size_t i = 0; i < n && !err; i++) {
		bool person = i >= families;
		struct store_stmt *st =
			store_prepare(c, person ? "UPDATE person SET search_key = ? WHERE id = ?"
						: "UPDATE family SET search_key = ? WHERE id = ?");

		store_bind_all(st, STORE_TEXT(rows[i].key), STORE_INT(rows[i].id));
		err = store_run(st);
		if (!err)
			err = store_search_words_set(c, rows[i].municipality_id,
						     person ? rows[i].family_id : rows[i].id,
						     person ? rows[i].id : 0, rows[i].key, true);
	}
	for (size_t i = 0; i < n; i++)
		free(rows[i].key);
	free(rows);
	return err;
}
