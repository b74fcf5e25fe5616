/*
 * lists.c - declared parameter and column lists (include/rede/store.h):
 * a statement's parameters bound in the order they are listed, a row read
 * by the same list of columns that wrote its SELECT list. Numbered binds
 * and column indexes kept by hand drift apart when a column is added; a
 * list cannot.
 */
#include <stdlib.h>
#include <string.h>

#include "rede/store.h"
#include "rede/util.h"

int store_bind_list(struct store_stmt *st, int first, const struct store_arg *args, size_t n)
{
	for (size_t i = 0; i < n; i++, first++) {
		switch (args[i].kind) {
		case STORE_ARG_INT: store_bind_int(st, first, args[i].i); break;
		case STORE_ARG_INT0: store_bind_int0(st, first, args[i].i); break;
		case STORE_ARG_TEXT: store_bind_text(st, first, args[i].s); break;
		case STORE_ARG_TEXT0: store_bind_text0(st, first, args[i].s); break;
		}
	}
	return first;
}

_Static_assert(sizeof(STORE_BATCH_PLACES) == 2 * STORE_BATCH,
	       "STORE_BATCH_PLACES must list STORE_BATCH placeholders");

int store_bind_batch(struct store_stmt *st, int first, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < STORE_BATCH; i++, first++)
		store_bind_int(st, first, i < n ? ids[i] : 0);
	return first;
}

size_t store_batch_ids_at(int64_t *ids, const int64_t *first_id, size_t stride, size_t n)
{
	size_t k = n < STORE_BATCH ? n : STORE_BATCH;

	for (size_t i = 0; i < k; i++)
		memcpy(&ids[i], (const char *)first_id + i * stride, sizeof(ids[i]));
	return k;
}

long store_batch_find(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n && i < STORE_BATCH; i++)
		if (ids[i] == id)
			return (long)i;
	return -1;
}

char *store_select_sql(const struct store_col *cols, size_t n, const char *rest)
{
	struct buf b;

	buf_init(&b, 0);
	/* plain appends: this runs for most statements of every request,
	 * and printf's formatting showed in the caseload's profile */
	buf_adds(&b, "SELECT ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(&b, ", ");
		buf_adds(&b, cols[i].expr);
	}
	buf_adds(&b, " ");
	buf_adds(&b, rest);
	return buf_detach(&b, NULL);
}

struct store_stmt *store_prepare_select(struct store_conn *c, const struct store_col *cols,
					size_t n, const char *rest)
{
	char *sql = store_select_sql(cols, n, rest);
	struct store_stmt *st = store_prepare(c, sql);

	free(sql);
	return st;
}

void store_read_row(struct store_stmt *st, const struct store_col *cols, size_t n, void *row)
{
	for (size_t i = 0; i < n; i++) {
		char *field = (char *)row + cols[i].offset;
		int col = (int)i;

		switch (cols[i].kind) {
		case STORE_COL_INT: *(int64_t *)field = store_col_int(st, col); break;
		case STORE_COL_INT0: *(int64_t *)field = store_col_int0(st, col); break;
		case STORE_COL_INTM1:
			*(int64_t *)field = store_col_null(st, col) ? -1 : store_col_int(st, col);
			break;
		case STORE_COL_BOOL: *(bool *)field = store_col_int0(st, col) != 0; break;
		case STORE_COL_TEXT: store_col_copy(st, col, field, cols[i].size); break;
		case STORE_COL_STR: {
			const char *s = store_col_text(st, col);

			free(*(char **)field);
			*(char **)field = s ? xstrdup(s) : NULL;
			break;
		}
		case STORE_COL_CSTR: *(const char **)field = store_col_text(st, col); break;
		}
	}
}
