/*
 * conn_guard.h - keep slow and greedy clients from taking the server's
 * connections (issue 14: 1 000 connections trickling a byte every 1.5 s
 * made /healthz time out, since libmicrohttpd's idle timeout starts again
 * with every byte).
 *
 * Rules (limits from struct http_conn_limits, `rede serve` options):
 *   - per address: at most per_address open connections from one socket
 *     peer; more are refused at accept. Trusted proxies are exempt (their
 *     clients' addresses are only known from X-Forwarded-For, after the
 *     headers);
 *   - header deadline: a new connection's first request must have its
 *     headers in within header_timeout seconds. Between requests a kept-
 *     alive connection may wait idle_timeout seconds for the next one's
 *     headers (browsers keep connections open; libmicrohttpd's idle timeout
 *     is the same);
 *   - body: within request_timeout seconds of its headers, and keeping up
 *     min_body_rate bytes/s on average after a grace of header_timeout;
 *   - reserve: once max_connections - reserve connections are open, every
 *     grace above is busy_header_timeout instead: whoever is slow to send a
 *     request makes room. A client that sends its request at once -
 *     /healthz, a signed-in user's call - is answered meanwhile, and
 *     libmicrohttpd's own limit (max_connections) is not reached.
 * A request being answered (its body read) is never cut here; a client
 * that does not read its answer meets libmicrohttpd's idle timeout.
 *
 * How: libmicrohttpd tells us of every connection opened and closed
 * (MHD_OPTION_NOTIFY_CONNECTION) and the server of each request's
 * progress; a reaper thread shuts down the socket of a connection past its
 * deadline, and libmicrohttpd then closes it as it would any peer that
 * hung up. The socket is shut down only under the guard's lock, which the
 * close notification takes before libmicrohttpd closes the descriptor, so
 * a reused descriptor number is never hit. Deadlines use the monotonic
 * clock: they are about elapsed time, not the calendar (rede_now_ms).
 *
 * Thread-safe. Ownership: conn_guard_start's result is freed by
 * conn_guard_stop, after the daemon has stopped (no more callbacks).
 */
#ifndef REDE_HTTP_CONN_GUARD_H
#define REDE_HTTP_CONN_GUARD_H

#include <microhttpd.h>
#include <stdint.h>

#include "rede/http.h"

struct conn_guard;

/* trusted (ntrusted entries) must outlive the guard. */
struct conn_guard *conn_guard_start(const struct http_conn_limits *lim,
				    const struct http_cidr *trusted, int ntrusted);
void conn_guard_stop(struct conn_guard *g);

/* libmicrohttpd callbacks: cls is the guard. */
enum MHD_Result conn_guard_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
void conn_guard_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		       enum MHD_ConnectionNotificationCode code);

/* A request's progress, from the server's callbacks. */
void conn_guard_headers_in(struct conn_guard *g, struct MHD_Connection *conn);
void conn_guard_body_bytes(struct conn_guard *g, struct MHD_Connection *conn, size_t n);
void conn_guard_request_in(struct conn_guard *g, struct MHD_Connection *conn);
void conn_guard_answered(struct conn_guard *g, struct MHD_Connection *conn);

#endif
