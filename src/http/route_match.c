/*
 * route_match.c - matching request paths against the route table (see
 * route_match.h).
 */
#include <stdio.h>
#include <string.h>

#include "http/route_match.h"

bool http_route_match(const char *pattern, const char *url, char args[HTTP_MAX_ARGS][HTTP_ARG_MAX],
		      int *nargs)
{
	const char *p = pattern, *u = url;
	int n = 0;

	while (*p && *u) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			const char *ue = strchr(u, '/');
			size_t len = ue ? (size_t)(ue - u) : strlen(u);

			if (!pe || len == 0 || len >= HTTP_ARG_MAX || n == HTTP_MAX_ARGS)
				return false;
			memcpy(args[n], u, len);
			args[n][len] = 0;
			n++;
			p = pe + 1;
			u += len;
			continue;
		}
		if (*p != *u)
			return false;
		p++;
		u++;
	}
	if (*p || *u)
		return false;
	*nargs = n;
	return true;
}

const struct http_route *http_route_find(const char *method, const char *url,
					 char args[HTTP_MAX_ARGS][HTTP_ARG_MAX], int *nargs,
					 bool *path_known, char *allow, size_t allow_n)
{
	const struct http_route *found = NULL;
	char scratch[HTTP_MAX_ARGS][HTTP_ARG_MAX];
	size_t used = 0;
	int n;

	*path_known = false;
	*nargs = 0;
	if (allow_n)
		allow[0] = 0;
	for (int i = 0; i < http_routes_count; i++) {
		const struct http_route *r = &http_routes[i];
		int w;

		if (!http_route_match(r->pattern, url, scratch, &n))
			continue;
		*path_known = true;
		if (!strcmp(r->method, method) && !found) {
			found = r;
			memcpy(args, scratch, sizeof(scratch));
			*nargs = n;
		}
		if (used >= allow_n)
			continue;
		w = snprintf(allow + used, allow_n - used, "%s%s", used ? ", " : "", r->method);
		if (w > 0 && (size_t)w < allow_n - used)
			used += (size_t)w;
		else
			allow[used] = 0; /* keep whole method names only */
	}
	return found;
}
