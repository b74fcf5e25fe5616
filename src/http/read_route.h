/*
 * read_route.h - which store an API request runs on: the primary or a
 * read replica (rules in read_route.c). Called by server.c only.
 */
#ifndef REDE_HTTP_READ_ROUTE_H
#define REDE_HTTP_READ_ROUTE_H

#include <stdbool.h>

#include "rede/http.h"
#include "store/replicas.h"

struct http_server;

/* Before the transaction: a replica's store for request route r (read:
 * a read transaction), or NULL for the primary. *which names the replica
 * for read_route_failed. */
struct store *read_route_store(struct http_server *srv, const struct http_route *r, bool read,
			       int *which);
/* Inside the transaction on a replica, once the caller is identified
 * (signed_in: authentication succeeded): may the replica answer? False:
 * run the request on the primary instead. */
bool read_route_keep(const struct http_req *req, bool signed_in);
/* The request failed on replica `which` with a store error. */
void read_route_failed(struct http_server *srv, int which);
/* After read_route_keep said yes, outside the transaction: has replica
 * `which` caught up with the primary (store_replicas_caught_up)? Only
 * STORE_CATCH_UP_OK lets it answer; STORE_CATCH_UP_FAILED is a store error
 * on it (read_route_failed); otherwise the primary answers (the pick is
 * undone here). */
enum store_catch_up read_route_caught_up(struct http_server *srv, int which);

#endif
