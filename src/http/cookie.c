/*
 * cookie.c - reading request cookies and headers for handlers
 * (http_cookie, http_header).
 *
 * libmicrohttpd parses the Cookie header; this only hides the connection
 * object from handlers.
 */
#include <microhttpd.h>

#include "rede/http.h"

const char *http_cookie(struct http_req *req, const char *name)
{
	if (!req->mhd_conn)
		return NULL;
	return MHD_lookup_connection_value(req->mhd_conn, MHD_COOKIE_KIND, name);
}

const char *http_header(struct http_req *req, const char *name)
{
	if (!req->mhd_conn)
		return NULL;
	return MHD_lookup_connection_value(req->mhd_conn, MHD_HEADER_KIND, name);
}
