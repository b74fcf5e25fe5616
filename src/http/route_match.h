/*
 * route_match.h - finding the route of a request path in the route table
 * (routes.c): patterns are literal text with {placeholders}, each of which
 * captures one non-empty path segment. Its own file so that the matcher,
 * which sees every URL an outsider sends, can be fuzzed on its own
 * (tests/fuzz/fuzz_route.c).
 */
#ifndef REDE_HTTP_ROUTE_MATCH_H
#define REDE_HTTP_ROUTE_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "rede/http.h"

/* Room for one captured segment, NUL included: longer segments match no
 * route. */
#define HTTP_ARG_MAX 65

/* Does url match pattern? On a match the placeholders' segments are in
 * args[0..*nargs-1]; otherwise args may hold partial captures. */
bool http_route_match(const char *pattern, const char *url, char args[HTTP_MAX_ARGS][HTTP_ARG_MAX],
		      int *nargs);

/* The first route of http_routes for method and url (NULL when none), with
 * its captures in args/nargs. *path_known tells a 405 (the path has
 * routes, not for this method) from a 404, and allow gets those routes'
 * methods ("GET, PATCH"), cut to allow_n. */
const struct http_route *http_route_find(const char *method, const char *url,
					 char args[HTTP_MAX_ARGS][HTTP_ARG_MAX], int *nargs,
					 bool *path_known, char *allow, size_t allow_n);

#endif
