/*
 * test_core.c - the pure domain rules of src/core: roles, unit kinds, CPR
 * numbers, password policy, session lifetime, login throttling and the
 * audit hash. Boundaries are tested on both sides.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "rede/core.h"

static void roles_parse_and_format(void **state)
{
	int64_t bits;
	char out[256];
	(void)state;

	assert_true(core_roles_parse_list("admin", &bits));
	assert_int_equal(bits, ROLE_BIT(ROLE_ADMIN));
	assert_true(core_roles_parse_list(" leader , evaluator,leader", &bits));
	assert_int_equal(bits, ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_EVALUATOR));
	assert_string_equal(core_roles_format(bits, out, sizeof(out)), "leader,evaluator");
	assert_false(core_roles_parse_list("", &bits));
	assert_false(core_roles_parse_list("admin,root", &bits));
	assert_false(core_roles_parse_list("Admin", &bits));
	for (int r = 0; r < ROLE__COUNT; r++)
		assert_int_equal(core_role_parse(core_role_names[r]), r);
	assert_int_equal(core_role_parse("nobody"), ROLE__COUNT);
}

static void unit_kinds(void **state)
{
	(void)state;
	assert_int_equal(core_unit_kind_parse("daycare"), UNIT_DAYCARE);
	assert_int_equal(core_unit_kind_parse("ppr"), UNIT_PPR);
	assert_int_equal(core_unit_kind_parse("school"), UNIT_KIND__COUNT);
}

static void cpr_century_rule(void **state)
{
	(void)state;
	assert_int_equal(core_cpr_full_year(85, 0), 1985);
	assert_int_equal(core_cpr_full_year(5, 3), 1905);
	assert_int_equal(core_cpr_full_year(36, 4), 2036);
	assert_int_equal(core_cpr_full_year(37, 4), 1937);
	assert_int_equal(core_cpr_full_year(57, 5), 2057);
	assert_int_equal(core_cpr_full_year(58, 8), 1858);
	assert_int_equal(core_cpr_full_year(36, 9), 2036);
	assert_int_equal(core_cpr_full_year(37, 9), 1937);
}

static void cpr_parse(void **state)
{
	char n[11];
	int y, m, d;
	(void)state;

	assert_true(core_cpr_parse("0101904000", n, &y, &m, &d));
	assert_string_equal(n, "0101904000");
	assert_int_equal(y, 1990);
	assert_true(core_cpr_parse("150623-4001", n, &y, &m, &d));
	assert_string_equal(n, "1506234001");
	assert_int_equal(y, 2023);
	assert_int_equal(m, 6);
	assert_int_equal(d, 15);
	/* modulus 11 is NOT required: this one fails it and is accepted */
	assert_true(core_cpr_parse("0101904001", n, NULL, NULL, NULL));
	/* 29 February: only in leap years (2000 is one, 1900 is not) */
	assert_true(core_cpr_parse("2902004000", n, &y, NULL, NULL));
	assert_int_equal(y, 2000);
	assert_false(core_cpr_parse("2902000000", n, NULL, NULL, NULL));  /* 1900 */
	assert_false(core_cpr_parse("3104124000", n, NULL, NULL, NULL));  /* 31 April */
	assert_false(core_cpr_parse("0013904000", n, NULL, NULL, NULL));  /* month 13 */
	assert_false(core_cpr_parse("000190400", n, NULL, NULL, NULL));   /* short */
	assert_false(core_cpr_parse("01019040000", n, NULL, NULL, NULL)); /* 11 digits */
	assert_false(core_cpr_parse("010190-40a0", n, NULL, NULL, NULL));
	assert_false(core_cpr_parse("01019-04000", n, NULL, NULL, NULL));
	assert_false(core_cpr_parse("010190 4000", n, NULL, NULL, NULL));
	assert_false(core_cpr_parse(NULL, n, NULL, NULL, NULL));
}

/* Free text holding a CPR-shaped number (issue 14: typed into the name box). */
static void cpr_find(void **state)
{
	char n[11];
	(void)state;

	assert_true(core_cpr_find("0201701700", n));
	assert_string_equal(n, "0201701700");
	assert_true(core_cpr_find("020170-1700", n));
	assert_string_equal(n, "0201701700");
	assert_true(core_cpr_find("020170 1700", n));
	assert_string_equal(n, "0201701700");
	assert_true(core_cpr_find("Hansen 020170-1700 barn", n));
	assert_string_equal(n, "0201701700");
	assert_true(core_cpr_find("x9999999999", n)); /* shaped like one, date or not */
	assert_string_equal(n, "9999999999");
	assert_true(core_cpr_find("12 0201701700", n));
	assert_string_equal(n, "0201701700");
	assert_false(core_cpr_find("Hansen", n));
	assert_false(core_cpr_find("020170170", n));    /* 9 digits */
	assert_false(core_cpr_find("02017017001", n));  /* 11 digits */
	assert_false(core_cpr_find("1020170-1700", n)); /* 7 + 4 */
	assert_false(core_cpr_find("020170-17001", n)); /* 6 + 5 */
	assert_false(core_cpr_find("020170--1700", n));
	assert_false(core_cpr_find("020170-", n));
	assert_false(core_cpr_find("", n));
	assert_false(core_cpr_find(NULL, n));
}

static void cpr_mask(void **state)
{
	char out[12];
	(void)state;
	core_cpr_mask("1506234001", out);
	assert_string_equal(out, "150623-xxxx");
}

static void password_policy(void **state)
{
	(void)state;
	assert_false(core_password_acceptable("elevenchars", 12));
	assert_true(core_password_acceptable("twelve chars", 12));
	/* counted in characters, not bytes: 11 x "æ" is 22 bytes but too short */
	assert_false(core_password_acceptable("æææææææææææ", 12));
	assert_true(core_password_acceptable("ææææææææææææ", 12));
	assert_false(core_password_acceptable("twelve\tchars!", 12));  /* control char */
	assert_false(core_password_acceptable("abcdefghijk\xff", 12)); /* bad UTF-8 */
	assert_false(core_password_acceptable("abcdefghijk\xc3", 12)); /* truncated */
}

static void session_limits(void **state)
{
	struct core_session_policy p = {.idle_seconds = 1800, .absolute_seconds = 43200};
	(void)state;

	assert_true(core_session_valid(&p, 1000, 1000, 1000 + 1799));
	assert_false(core_session_valid(&p, 1000, 1000, 1000 + 1800));
	assert_true(core_session_valid(&p, 0, 43199 - 10, 43199));
	assert_false(core_session_valid(&p, 0, 43200 - 10, 43200));
}

static void throttle_account(void **state)
{
	struct core_login_policy p = {.account_free_failures = 5,
				      .account_max_delay = 60,
				      .address_max_failures = 50,
				      .address_window = 900};
	(void)state;

	for (int f = 0; f <= 5; f++)
		assert_int_equal(core_login_account_wait(&p, f, 100, 100), 0);
	assert_int_equal(core_login_account_wait(&p, 6, 100, 100), 1);
	assert_int_equal(core_login_account_wait(&p, 7, 100, 100), 2);
	assert_int_equal(core_login_account_wait(&p, 8, 100, 101), 3);
	assert_int_equal(core_login_account_wait(&p, 12, 100, 100), 60); /* capped */
	assert_int_equal(core_login_account_wait(&p, 1000, 100, 100), 60);
	assert_int_equal(core_login_account_wait(&p, 1000, 100, 160), 0); /* waited it out */
}

/* Past its free failures an address is slowed to one attempt per
 * address_slow seconds - never locked for the rest of the window. */
static void throttle_address(void **state)
{
	struct core_login_policy p = {.account_free_failures = 5,
				      .account_max_delay = 60,
				      .address_max_failures = 50,
				      .address_window = 900,
				      .address_slow = 5};
	(void)state;

	assert_int_equal(core_login_address_wait(&p, 49, 1000, 1099, 1100), 0);
	assert_int_equal(core_login_address_wait(&p, 50, 1000, 1100, 1100), 5);
	assert_int_equal(core_login_address_wait(&p, 50, 1000, 1098, 1100), 3);
	assert_int_equal(core_login_address_wait(&p, 50, 1000, 1095, 1100), 0);
	assert_int_equal(core_login_address_wait(&p, 5000, 1000, 1099, 1100), 4);
	/* a success freed the slot */
	assert_int_equal(core_login_address_wait(&p, 60, 1000, 0, 1100), 0);
	/* never past the window's end */
	assert_int_equal(core_login_address_wait(&p, 60, 1000, 1898, 1898), 2);
	assert_int_equal(core_login_address_wait(&p, 50, 1000, 1899, 1900), 0); /* window over */
}

static struct core_audit_entry sample(void)
{
	struct core_audit_entry e = {
		.id = 7,
		.at = "2026-11-23T04:30:00.123Z",
		.municipality_id = 3,
		.user_id = 9,
		.username = "hanne",
		.action = "read",
		.entity = "family",
		.entity_id = "42",
		.purpose = "GET /api/v1/families/{id}",
		.outcome = "ok",
		.detail = NULL,
	};
	return e;
}

static void audit_hash(void **state)
{
	char a[CORE_AUDIT_HASH_HEX], b[CORE_AUDIT_HASH_HEX];
	struct core_audit_entry e = sample(), f;
	(void)state;

	core_audit_hash(core_audit_genesis, &e, a);
	core_audit_hash(core_audit_genesis, &e, b);
	assert_int_equal(strlen(a), 64);
	assert_string_equal(a, b);
	/* every single field changes the hash */
	f = e;
	f.id = 8;
	core_audit_hash(core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	f = e;
	f.at = "2026-11-23T04:30:00.124Z";
	core_audit_hash(core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	f = e;
	f.municipality_id = 4;
	core_audit_hash(core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	f = e;
	f.user_id = 10;
	core_audit_hash(core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	f = e;
	f.username = "hannE";
	core_audit_hash(core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	f = e;
	f.action = "update";
	core_audit_hash(core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	f = e;
	f.entity = "person";
	core_audit_hash(core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	f = e;
	f.entity_id = "43";
	core_audit_hash(core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	f = e;
	f.purpose = "x";
	core_audit_hash(core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	f = e;
	f.outcome = "denied";
	core_audit_hash(core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	/* NULL and "" are different */
	f = e;
	f.detail = "";
	core_audit_hash(core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	/* shifting text between fields changes the hash (length prefixes) */
	f = e;
	f.entity = "familyr";
	f.action = "ead";
	core_audit_hash(core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	/* the chain: a different predecessor gives a different hash */
	core_audit_hash(a, &e, b);
	assert_string_not_equal(a, b);
}

/* The MAC (migration 0009): keyed, so the unkeyed hash and another key
 * give other values; the same key the same value. */
static void audit_mac(void **state)
{
	char plain[CORE_AUDIT_HASH_HEX], a[CORE_AUDIT_HASH_HEX], b[CORE_AUDIT_HASH_HEX];
	unsigned char k1[CORE_AUDIT_KEY_BYTES], k2[CORE_AUDIT_KEY_BYTES];
	struct core_audit_entry e = sample(), f;
	(void)state;

	memset(k1, 1, sizeof(k1));
	memset(k2, 1, sizeof(k2));
	k2[31] = 2;
	core_audit_hash(core_audit_genesis, &e, plain);
	core_audit_mac(NULL, core_audit_genesis, &e, a);
	assert_string_equal(plain, a);
	core_audit_mac(k1, core_audit_genesis, &e, a);
	core_audit_mac(k1, core_audit_genesis, &e, b);
	assert_string_equal(a, b);
	assert_string_not_equal(a, plain);
	core_audit_mac(k2, core_audit_genesis, &e, b);
	assert_string_not_equal(a, b);
	f = e;
	f.detail = "x";
	core_audit_mac(k1, core_audit_genesis, &f, b);
	assert_string_not_equal(a, b);
	core_audit_mac(k1, plain, &e, b);
	assert_string_not_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles_parse_and_format),
		cmocka_unit_test(unit_kinds),
		cmocka_unit_test(cpr_century_rule),
		cmocka_unit_test(cpr_parse),
		cmocka_unit_test(cpr_find),
		cmocka_unit_test(cpr_mask),
		cmocka_unit_test(password_policy),
		cmocka_unit_test(session_limits),
		cmocka_unit_test(throttle_account),
		cmocka_unit_test(throttle_address),
		cmocka_unit_test(audit_hash),
		cmocka_unit_test(audit_mac),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
