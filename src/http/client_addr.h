/*
 * client_addr.h - which address a request comes from, for the sign-in
 * throttle and the per-address connection cap.
 *
 * Behind a reverse proxy every connection comes from the proxy. With
 * `rede serve --trusted-proxy CIDR` (repeatable) a request whose socket
 * peer is in one of those ranges is attributed to the right-most address
 * in X-Forwarded-For that is not itself a trusted proxy; every other
 * request is attributed to its peer and the header is ignored (anyone can
 * write it). Pure functions on text; the server calls them.
 */
#ifndef REDE_HTTP_CLIENT_ADDR_H
#define REDE_HTTP_CLIENT_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "rede/http.h"

/* Is the address (text, or a socket address) inside one of the ranges?
 * IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) count as IPv4. */
bool http_cidr_contains_text(const struct http_cidr *v, size_t n, const char *addr);
bool http_cidr_contains_sa(const struct http_cidr *v, size_t n, const struct sockaddr *sa);

/* The text form of a socket address ("unknown" for other families), with
 * IPv4-mapped IPv6 written as IPv4. out has at least 64 bytes. */
void http_sockaddr_text(const struct sockaddr *sa, char *out, size_t n);

/* The client address of a request: peer (text) unless it is trusted; then
 * X-Forwarded-For (xff, every header's value joined with commas in order;
 * may be NULL) read from the right: the first entry that is not trusted,
 * the left-most when all are, and the last good one before an entry that
 * is not an address. Written to out (size n). */
void http_client_addr(const struct http_cidr *trusted, size_t ntrusted, const char *peer,
		      const char *xff, char *out, size_t n);

#endif
