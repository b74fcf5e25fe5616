/*
 * client_addr.c - address ranges and the client address behind trusted
 * proxies (see client_addr.h).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/client_addr.h"

static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* Parse an address into family and bytes; mapped IPv6 becomes IPv4. */
static bool addr_parse(const char *s, int *family, unsigned char out[16])
{
	struct in6_addr a6;

	if (inet_pton(AF_INET, s, out) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, &a6) != 1)
		return false;
	if (!memcmp(a6.s6_addr, v4_mapped, sizeof(v4_mapped))) {
		*family = AF_INET;
		memcpy(out, a6.s6_addr + 12, 4);
	} else {
		*family = AF_INET6;
		memcpy(out, a6.s6_addr, 16);
	}
	return true;
}

bool http_cidr_parse(const char *text, struct http_cidr *out)
{
	char host[64];
	const char *slash = strchr(text, '/');
	size_t len = slash ? (size_t)(slash - text) : strlen(text);
	int max;

	if (len == 0 || len >= sizeof(host))
		return false;
	memcpy(host, text, len);
	host[len] = 0;
	memset(out, 0, sizeof(*out));
	if (!addr_parse(host, &out->family, out->addr))
		return false;
	max = out->family == AF_INET ? 32 : 128;
	out->bits = max;
	if (slash) {
		char *end;
		long b = strtol(slash + 1, &end, 10);

		if (!slash[1] || *end || b < 0 || b > max)
			return false;
		out->bits = (int)b;
	}
	return true;
}

static bool in_range(const struct http_cidr *c, int family, const unsigned char *a)
{
	int full = c->bits / 8, rest = c->bits % 8;

	if (c->family != family || memcmp(c->addr, a, (size_t)full))
		return false;
	if (rest) {
		unsigned char mask = (unsigned char)(0xff << (8 - rest));
		if ((c->addr[full] & mask) != (a[full] & mask))
			return false;
	}
	return true;
}

static bool contains(const struct http_cidr *v, size_t n, int family, const unsigned char *a)
{
	for (size_t i = 0; i < n; i++)
		if (in_range(&v[i], family, a))
			return true;
	return false;
}

bool http_cidr_contains_text(const struct http_cidr *v, size_t n, const char *addr)
{
	unsigned char a[16];
	int family;

	return n && addr_parse(addr, &family, a) && contains(v, n, family, a);
}

bool http_cidr_contains_sa(const struct http_cidr *v, size_t n, const struct sockaddr *sa)
{
	char text[64];

	if (!n || !sa)
		return false;
	http_sockaddr_text(sa, text, sizeof(text));
	return http_cidr_contains_text(v, n, text);
}

void http_sockaddr_text(const struct sockaddr *sa, char *out, size_t n)
{
	snprintf(out, n, "unknown");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	} else if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;

		if (!memcmp(a6->s6_addr, v4_mapped, sizeof(v4_mapped)))
			inet_ntop(AF_INET, a6->s6_addr + 12, out, (socklen_t)n);
		else
			inet_ntop(AF_INET6, a6, out, (socklen_t)n);
	}
}

/* The entry of list that ends before *end (moving *end to its comma),
 * trimmed into out; false when there is none left. */
static bool prev_entry(const char *list, const char **end, char *out, size_t n)
{
	const char *e = *end, *b;
	size_t len;

	if (e == list)
		return false;
	b = e;
	while (b > list && b[-1] != ',')
		b--;
	*end = b > list ? b - 1 : list;
	while (b < e && (*b == ' ' || *b == '\t'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	len = (size_t)(e - b);
	if (len >= n)
		len = n - 1; /* too long for an address: will not parse */
	memcpy(out, b, len);
	out[len] = 0;
	return true;
}

void http_client_addr(const struct http_cidr *trusted, size_t ntrusted, const char *peer,
		      const char *xff, char *out, size_t n)
{
	const char *end;
	char entry[64];

	snprintf(out, n, "%s", peer);
	if (!xff || !http_cidr_contains_text(trusted, ntrusted, peer))
		return;
	end = xff + strlen(xff);
	while (prev_entry(xff, &end, entry, sizeof(entry))) {
		unsigned char a[16];
		int family;
		char norm[64];

		if (!addr_parse(entry, &family, a))
			return; /* not an address: keep the last good one */
		inet_ntop(family, a, norm, sizeof(norm));
		snprintf(out, n, "%s", norm);
		if (!contains(trusted, ntrusted, family, a))
			return;
	}
}
