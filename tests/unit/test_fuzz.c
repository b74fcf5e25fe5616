/*
 * test_fuzz.c - random and mutated input for the parsers that see
 * untrusted text first: JSON field checking, CPR numbers, dates, role
 * lists, passwords, If-Match. Deterministic (fixed seed) so a failure
 * reproduces; run under ASan/UBSan by make test, so "nothing crashes" is
 * checked, and each parser's answer is checked for consistency.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "rede/core.h"
#include "rede/http.h"
#include "rede/util.h"

#define ROUNDS 20000

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Random bytes biased towards the characters the parsers care about. */
static void random_text(char *out, size_t max)
{
	static const char alphabet[] = "0123456789-:{}[]\",.eE+ \\ntrufalsnul/\xc3\xa6\xff\x01";
	size_t n = next() % max;

	for (size_t i = 0; i < n; i++)
		out[i] = (next() % 4) ? alphabet[next() % (sizeof(alphabet) - 1)]
				      : (char)(next() % 255 + 1);
	out[n] = 0;
}

static void fuzz_cpr_and_dates(void **state)
{
	char in[24], norm[11], masked[12], back[11];
	int y, m, d;
	int32_t days;
	int cprs = 0;
	(void)state;

	for (int i = 0; i < ROUNDS; i++) {
		random_text(in, sizeof(in));
		if (i % 3 == 0) { /* ten digits, so some parse */
			for (int k = 0; k < 10; k++)
				in[k] = (char)('0' + next() % 10);
			in[10] = 0;
		}
		if (core_cpr_parse(in, norm, &y, &m, &d)) {
			cprs++;
			assert_int_equal(strlen(norm), 10);
			assert_true(rede_date_valid(y, m, d));
			core_cpr_mask(norm, masked);
			assert_int_equal(memcmp(masked, norm, 6), 0);
			assert_string_equal(masked + 6, "-xxxx");
		}
		if (rede_date_parse(in, &days)) {
			rede_date_format(days, back);
			assert_string_equal(back, in);
		}
	}
	assert_true(cprs > 50); /* the valid path was exercised too */
}

static void fuzz_roles_passwords(void **state)
{
	char in[64], out[256];
	int64_t bits;
	(void)state;

	for (int i = 0; i < ROUNDS; i++) {
		random_text(in, sizeof(in));
		if (core_roles_parse_list(in, &bits)) {
			int64_t again;
			assert_true(bits > 0 && (bits & ~ROLE_ALL_BITS) == 0);
			assert_true(core_roles_parse_list(core_roles_format(bits, out, sizeof(out)),
							  &again));
			assert_int_equal(again, bits);
		}
		(void)core_password_acceptable(in, 12);
	}
}

static const struct http_jfield fields[] = {
	{"name", J_STRING, true, 20}, {"n", J_INT, false, 0},
	{"on", J_DATE, false, 0},     {"list", J_ARRAY, false, 0},
	{"flag", J_BOOL, false, 0},   {"maybe", J_INT_OR_NULL, false, 0},
	{NULL, 0, false, 0},
};

static void fuzz_json_check(void **state)
{
	char in[96];
	int passed = 0;
	(void)state;

	for (int i = 0; i < ROUNDS; i++) {
		struct http_resp resp = {0};
		json_t *j;

		random_text(in, sizeof(in));
		if (i % 2) { /* a well-formed object around random content */
			char obj[200];
			if (i % 4 == 1) /* sometimes a real date */
				snprintf(in, sizeof(in), "20%02d-%02d-%02d", (int)(next() % 100),
					 (int)(next() % 13), (int)(next() % 32));
			snprintf(obj, sizeof(obj),
				 "{\"name\": \"%.20s\", \"n\": %d, \"on\": \"%.10s\"}", "x",
				 (int)(next() % 1000), in);
			j = json_loads(obj, JSON_REJECT_DUPLICATES, NULL);
		} else {
			j = json_loads(in, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
		}
		bool ok = http_json_check(j, fields, &resp);
		if (ok) {
			passed++;
			assert_int_equal(resp.status, 0);
		} else {
			assert_int_equal(resp.status, 400);
			assert_true(json_array_size(json_object_get(resp.json, "errors")) > 0);
		}
		json_decref(resp.json);
		json_decref(j);
	}
	assert_true(passed > 0);
}

static void fuzz_if_match(void **state)
{
	char in[64];
	(void)state;

	for (int i = 0; i < ROUNDS; i++) {
		struct http_req req = {0};
		random_text(in, sizeof(in));
		req.if_match = in;
		(void)http_if_match_ok(&req, "user", 7, 3);
	}
	struct http_req req = {.if_match = "W/\"user-7-v3\", \"x\""};
	assert_true(http_if_match_ok(&req, "user", 7, 3));
	req.if_match = "\"user-7-v4\"";
	assert_false(http_if_match_ok(&req, "user", 7, 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fuzz_cpr_and_dates),
		cmocka_unit_test(fuzz_roles_passwords),
		cmocka_unit_test(fuzz_json_check),
		cmocka_unit_test(fuzz_if_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
