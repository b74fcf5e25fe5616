/*
 * read_route.h - which store an API request runs on: the primary or a
 * read replica (rules in read_route.c). Called by server.c only.
 */
#ifndef REDE_HTTP_READ_ROUTE_H
#define REDE_HTTP_READ_ROUTE_H

#include <stdbool.h>

#include "rede/http.h"

struct http_server;

/* Before the transaction: a replica's store for request route r (read:
 * a read transaction), or NULL for the primary. *which names the replica
 * for read_route_failed. */
struct store *read_route_store(struct http_server *srv, const struct http_route *r, bool read,
			       int *which);
/* Inside the transaction on a replica, once the caller is identified
 * (signed_in: authentication succeeded): may the replica answer? False:
 * run the request on the primary instead. */
bool read_route_keep(struct http_server *srv, const struct http_req *req, bool signed_in);
/* The request failed on replica `which` with a store error. */
void read_route_failed(struct http_server *srv, int which);
/* A write transaction of req's user committed (the own-writes window). */
void read_route_wrote(struct http_server *srv, const struct http_req *req);

#endif
