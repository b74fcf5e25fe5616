/*
 * test_client_addr.c - address ranges and the client address behind
 * trusted proxies (src/http/client_addr.c): X-Forwarded-For counts only
 * from a trusted peer, and then its right-most untrusted entry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/client_addr.h"

static void cidr_parse(void **state)
{
	struct http_cidr c;
	(void)state;

	assert_true(http_cidr_parse("10.0.0.0/8", &c));
	assert_int_equal(c.bits, 8);
	assert_true(http_cidr_parse("127.0.0.1", &c));
	assert_int_equal(c.bits, 32);
	assert_true(http_cidr_parse("::1/128", &c));
	assert_true(http_cidr_parse("fd00::/8", &c));
	assert_int_equal(c.bits, 8);
	assert_false(http_cidr_parse("10.0.0.0/33", &c));
	assert_false(http_cidr_parse("10.0.0.0/", &c));
	assert_false(http_cidr_parse("10.0.0.0/8x", &c));
	assert_false(http_cidr_parse("/8", &c));
	assert_false(http_cidr_parse("proxy.example", &c));
	assert_false(http_cidr_parse("", &c));
}

static void cidr_contains(void **state)
{
	struct http_cidr v[2];
	(void)state;

	assert_true(http_cidr_parse("10.1.0.0/16", &v[0]));
	assert_true(http_cidr_parse("fd00::/8", &v[1]));
	assert_true(http_cidr_contains_text(v, 2, "10.1.200.3"));
	assert_false(http_cidr_contains_text(v, 2, "10.2.0.1"));
	assert_true(http_cidr_contains_text(v, 2, "::ffff:10.1.0.9")); /* mapped */
	assert_true(http_cidr_contains_text(v, 2, "fd12::1"));
	assert_false(http_cidr_contains_text(v, 2, "fe80::1"));
	assert_false(http_cidr_contains_text(v, 2, "garbage"));
	assert_false(http_cidr_contains_text(v, 0, "10.1.0.1"));
	/* odd prefix lengths */
	assert_true(http_cidr_parse("192.168.0.0/23", &v[0]));
	assert_true(http_cidr_contains_text(v, 1, "192.168.1.255"));
	assert_false(http_cidr_contains_text(v, 1, "192.168.2.0"));
}

static void client_address(void **state)
{
	struct http_cidr t[2];
	char out[64];
	(void)state;

	assert_true(http_cidr_parse("127.0.0.1/32", &t[0]));
	assert_true(http_cidr_parse("10.0.0.0/8", &t[1]));
	/* not from a trusted proxy: the header is ignored */
	http_client_addr(t, 2, "203.0.113.9", "198.51.100.1", out, sizeof(out));
	assert_string_equal(out, "203.0.113.9");
	/* no proxies configured: ignored too */
	http_client_addr(t, 0, "127.0.0.1", "198.51.100.1", out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
	/* from the proxy: the client it saw */
	http_client_addr(t, 2, "127.0.0.1", "198.51.100.1", out, sizeof(out));
	assert_string_equal(out, "198.51.100.1");
	/* a forged left part does not count: right-most untrusted */
	http_client_addr(t, 2, "127.0.0.1", "1.2.3.4, 198.51.100.1", out, sizeof(out));
	assert_string_equal(out, "198.51.100.1");
	/* through two trusted proxies (several headers joined) */
	http_client_addr(t, 2, "127.0.0.1", "1.2.3.4, 198.51.100.7,10.0.0.5", out, sizeof(out));
	assert_string_equal(out, "198.51.100.7");
	/* all trusted: the left-most */
	http_client_addr(t, 2, "127.0.0.1", "10.0.0.8, 10.0.0.5", out, sizeof(out));
	assert_string_equal(out, "10.0.0.8");
	/* garbage stops the walk at the last good entry */
	http_client_addr(t, 2, "127.0.0.1", "198.51.100.1, not-an-ip, 10.0.0.5", out, sizeof(out));
	assert_string_equal(out, "10.0.0.5");
	http_client_addr(t, 2, "127.0.0.1", "junk", out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
	/* empty and NULL headers */
	http_client_addr(t, 2, "127.0.0.1", "", out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
	http_client_addr(t, 2, "127.0.0.1", NULL, out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
	/* IPv6 and mapped entries are written in one form */
	http_client_addr(t, 2, "127.0.0.1", "2001:DB8::1", out, sizeof(out));
	assert_string_equal(out, "2001:db8::1");
	http_client_addr(t, 2, "127.0.0.1", "::ffff:198.51.100.3", out, sizeof(out));
	assert_string_equal(out, "198.51.100.3");
	/* an over-long entry is no address */
	http_client_addr(
		t, 2, "127.0.0.1",
		"198.51.100.1, 1111111111111111111111111111111111111111111111111111111111111111111",
		out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cidr_parse),
		cmocka_unit_test(cidr_contains),
		cmocka_unit_test(client_address),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
