/*
 * read_route.c - where an API request's transaction runs: the primary, or
 * a read replica (`rede serve --replica`, issue 22). The one place the
 * decision is made; the replicas' health, lag and catch-up check are
 * src/store/replicas.c's.
 *
 * A replica may answer a request when
 *   - it is a read (GET/HEAD, not HTTP_WRITE_GET) of a route that needs a
 *     signed-in user (HTTP_PUBLIC routes, the sign-in steps, stay on the
 *     primary), and a replica is ok (store_replicas_pick), and then,
 *     inside the transaction on the replica, once the caller is known:
 *   - the caller is signed in on the replica (a session made a moment ago
 *     may not have arrived: the primary answers), and
 *   - the route is one any reader's request may take to a replica
 *     (HTTP_REPLICA in the route table: the reports), or the caller is a
 *     leader or evaluator, whose reads and searches all may,
 *   - and then, outside that transaction, the replica has replayed the
 *     primary's WAL position of that moment within replica.wait_ms
 *     (store_replicas_caught_up): the request runs again on it, in a new
 *     transaction that sees every write finished before it began.
 * Otherwise the request runs (again, from the start) on the primary. A
 * store error on the replica does too, and takes the replica out until
 * its next check. Home pedagogues, health visitors and the others who
 * write what they read keep reading the primary.
 */
#include "http/read_route.h"
#include "http/server_internal.h"
#include "rede/core.h"

struct store *read_route_store(struct http_server *srv, const struct http_route *r, bool read,
			       int *which)
{
	if (!srv->replicas || !read || (r->flags & (HTTP_PUBLIC | HTTP_WRITE_GET)))
		return NULL;
	return store_replicas_pick(srv->replicas, which);
}

bool read_route_keep(const struct http_req *req, bool signed_in)
{
	const int64_t readers = ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_EVALUATOR);

	if (!signed_in || !req->auth.user_id)
		return false;
	return (req->route->flags & HTTP_REPLICA) || (req->auth.roles & readers);
}

void read_route_failed(struct http_server *srv, int which)
{
	store_replicas_failed(srv->replicas, which);
}

enum store_catch_up read_route_caught_up(struct http_server *srv, int which)
{
	enum store_catch_up res = store_replicas_caught_up(srv->replicas, which);

	if (res == STORE_CATCH_UP_PRIMARY_FAILED)
		store_replicas_unpick(srv->replicas, which);
	return res;
}
