/*
 * buf.c - a growable, always NUL-terminated byte buffer with a hard cap.
 *
 * The cap is what keeps request data from growing memory without bound
 * (curl's "toobig" idea): appends past it fail and leave the buffer as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"

void buf_init(struct buf *b, size_t cap)
{
	b->alloc = 64;
	b->data = xmalloc(b->alloc);
	b->data[0] = 0;
	b->len = 0;
	b->cap = cap;
}

void buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->alloc = 0;
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p = b->data;

	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->alloc = 0;
	return p;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->data[0] = 0;
}

static bool buf_grow(struct buf *b, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - b->len - 1)
		return false;
	need = b->len + extra;
	if (b->cap && need > b->cap)
		return false;
	if (need + 1 > b->alloc) {
		size_t n = b->alloc;
		while (n < need + 1)
			n = n < SIZE_MAX / 2 ? n * 2 : need + 1;
		b->data = xrealloc(b->data, n);
		b->alloc = n;
	}
	return true;
}

bool buf_add(struct buf *b, const void *data, size_t n)
{
	if (!buf_grow(b, n))
		return false;
	memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = 0;
	return true;
}

bool buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

bool buf_addch(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

bool buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !buf_grow(b, (size_t)n))
		return false;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return true;
}
