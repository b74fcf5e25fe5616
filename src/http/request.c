/*
 * request.c - what a handler reads of the server and of its request: the
 * store, keys and policy, the query string, the path's ids. Apart from
 * server.c so the pieces server.c runs (auth, the object loader, the
 * handlers) read these without depending on the server's lifecycle.
 */
#include <stdlib.h>
#include <string.h>

#include "http/auth.h"
#include "http/server_internal.h"

struct store *http_store(const struct http_server *srv)
{
	return srv->store;
}

const struct crypto_keys *http_keys(const struct http_server *srv)
{
	return srv->keys;
}

bool http_tls(const struct http_server *srv)
{
	return srv->tls;
}

const struct rede_policy *http_policy(const struct http_server *srv)
{
	return &srv->policy;
}

const char *http_query(struct http_req *req, const char *name)
{
	return req->mhd_conn
		       ? MHD_lookup_connection_value(req->mhd_conn, MHD_GET_ARGUMENT_KIND, name)
		       : NULL;
}

bool http_arg_id(const struct http_req *req, int i, int64_t *id)
{
	const char *s = i < req->nargs ? req->args[i] : NULL;
	char *end;
	long long v;

	if (!s || !*s || strlen(s) > 18)
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	v = strtoll(s, &end, 10);
	if (v <= 0)
		return false;
	*id = v;
	return true;
}
