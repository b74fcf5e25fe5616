/*
 * fuzz_route.c - libFuzzer harness for route matching
 * (src/http/route_match.c) over the real route table: the first byte picks
 * the method, the rest is the path. Properties: a found route has that
 * method and its pattern, with the captured segments put back in, is the
 * path; every capture is one non-empty segment that fits; the Allow text
 * stays inside its buffer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "http/route_match.h"
#include "rede/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PATH_MAX_LEN 2048

static const char *const methods[] = {"GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"};

/* pattern with its {placeholders} replaced by args, into out */
static bool rebuild(const char *pattern, char args[HTTP_MAX_ARGS][HTTP_ARG_MAX], int n, char *out,
		    size_t cap)
{
	size_t used = 0;
	int k = 0;

	for (const char *p = pattern; *p;) {
		const char *piece = p;
		size_t len = 1;

		if (*p == '{') {
			const char *end = strchr(p, '}');
			if (!end || k == n)
				return false;
			piece = args[k++];
			len = strlen(piece);
			p = end + 1;
		} else {
			p++;
		}
		if (used + len >= cap)
			return false;
		memcpy(out + used, piece, len);
		used += len;
	}
	out[used] = 0;
	return k == n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX_LEN + 1], again[PATH_MAX_LEN + 1];
	char args[HTTP_MAX_ARGS][HTTP_ARG_MAX];
	char allow[128];
	const struct http_route *r;
	const char *method;
	bool known = false;
	int n = -1;

	if (size < 1)
		return 0;
	method = methods[data[0] % (sizeof(methods) / sizeof(methods[0]))];
	size--;
	if (size > PATH_MAX_LEN)
		size = PATH_MAX_LEN;
	memcpy(path, data + 1, size);
	path[size] = 0;
	memset(allow, 'z', sizeof(allow));
	r = http_route_find(method, path, args, &n, &known, allow, sizeof(allow));
	if (!memchr(allow, 0, sizeof(allow)))
		__builtin_trap();
	if (!r) {
		if (n != 0)
			__builtin_trap();
		return 0;
	}
	if (!known || strcmp(r->method, method) || n < 0 || n > HTTP_MAX_ARGS)
		__builtin_trap();
	for (int i = 0; i < n; i++) {
		size_t len = strnlen(args[i], HTTP_ARG_MAX);
		if (len == 0 || len >= HTTP_ARG_MAX || strchr(args[i], '/'))
			__builtin_trap();
	}
	if (!rebuild(r->pattern, args, n, again, sizeof(again)) || strcmp(again, path))
		__builtin_trap();
	return 0;
}
