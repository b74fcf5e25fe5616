/*
 * test_sso.c - the parts of municipal sign-in (issue 17) that need no
 * identity provider: the grant of roles and units, assurance levels, the
 * OIO privilege parser, the shape checks before lasso (saml_guard.c), the
 * form reader, URL and algorithm rules, sealed secrets; and a
 * deterministic mutation run over the parsers that see IdP input first
 * (under ASan/UBSan in make test: nothing may crash or leak).
 *
 * The protocols themselves are tested against real IdPs in
 * tests/api/sso_saml.test.mjs and sso_oidc.test.mjs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "rede/core.h"
#include "rede/crypto.h"
#include "rede/http.h"
#include "rede/sso.h"
#include "rede/util.h"
#include "sso/sso_internal.h"

#define ROUNDS 3000

static char *b64(const char *s)
{
	size_t n = strlen(s), len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(len);

	sodium_bin2base64(out, len, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
	return out;
}

static void grant(void **state)
{
	struct core_sso_grant g = {0};
	(void)state;

	assert_true(core_sso_grant_add(&g, "coordinator", 5));
	assert_true(core_sso_grant_add(&g, "leader", 5));
	assert_true(core_sso_grant_add(&g, "leader", 0));
	assert_false(core_sso_grant_add(&g, "king", 9));
	assert_int_equal(g.roles, ROLE_BIT(ROLE_COORDINATOR) | ROLE_BIT(ROLE_LEADER));
	assert_int_equal(g.nunits, 1);
	assert_int_equal(g.units[0], 5);
	for (int i = 1; i <= 100; i++)
		core_sso_grant_add(&g, "daycare", 100 + i);
	assert_int_equal(g.nunits, CORE_SSO_MAX_UNITS);
}

static void loa(void **state)
{
	(void)state;
	assert_int_equal(sso_loa_parse("Substantial"), SSO_LOA_SUBSTANTIAL);
	assert_int_equal(sso_loa_parse("substantial"), SSO_LOA_SUBSTANTIAL);
	assert_int_equal(sso_loa_parse("Low"), SSO_LOA_LOW);
	assert_int_equal(sso_loa_parse("https://data.gov.dk/concept/core/nsis/loa/High"),
			 SSO_LOA_HIGH);
	assert_int_equal(sso_loa_parse("Medium"), SSO_LOA_NONE);
	assert_int_equal(sso_loa_parse(""), SSO_LOA_NONE);
	assert_int_equal(sso_loa_parse(NULL), SSO_LOA_NONE);
}

#define BPP_HEAD                                                                                   \
	"<?xml version=\"1.0\"?><bpp:PrivilegeList "                                               \
	"xmlns:bpp=\"http://digst.dk/oiosaml/basic_privilege_profile\">"
#define GROUP(cvr) "<PrivilegeGroup Scope=\"urn:dk:gov:saml:cvrNumberIdentifier:" cvr "\">"

static bool privileges(const char *xml, const char *cvr, char ***out, size_t *n)
{
	char *v = b64(xml);
	const char *why = NULL;
	bool ok = sso_saml_privileges(v, cvr, out, n, &why) == REDE_OK;

	free(v);
	return ok;
}

static void privilege_list(void **state)
{
	char **p = NULL;
	size_t n = 0;
	(void)state;

	assert_true(privileges(
		BPP_HEAD GROUP(
			"11111111") "<Privilege> urn:a </Privilege>"
				    "<Privilege>urn:b</Privilege><Constraint Name=\"x\">y</Constraint>"
				    "</PrivilegeGroup>" GROUP(
					    "22222222") "<Privilege>urn:other</Privilege></PrivilegeGroup>"
							"</bpp:PrivilegeList>",
		"11111111", &p, &n));
	assert_int_equal(n, 2);
	assert_string_equal(p[0], "urn:a");
	assert_string_equal(p[1], "urn:b");
	assert_null(p[2]);
	sso_strv_free(p);
	/* another organisation's scope gives nothing; no CVR configured neither */
	assert_true(privileges(BPP_HEAD GROUP("22222222") "<Privilege>urn:a</Privilege>"
							  "</PrivilegeGroup></bpp:PrivilegeList>",
			       "11111111", &p, &n));
	assert_int_equal(n, 0);
	sso_strv_free(p);
	assert_true(privileges(BPP_HEAD GROUP("") "<Privilege>urn:a</Privilege>"
						  "</PrivilegeGroup></bpp:PrivilegeList>",
			       "", &p, &n));
	assert_int_equal(n, 0);
	sso_strv_free(p);
	/* qualified children are read too */
	assert_true(privileges(BPP_HEAD
			       "<bpp:PrivilegeGroup Scope=\"urn:dk:gov:saml:"
			       "cvrNumberIdentifier:11111111\"><bpp:Privilege>urn:q</bpp:Privilege>"
			       "</bpp:PrivilegeGroup></bpp:PrivilegeList>",
			       "11111111", &p, &n));
	assert_int_equal(n, 1);
	sso_strv_free(p);
	/* refused: another root, a DTD, not base64, not XML */
	assert_false(privileges("<PrivilegeList/>", "11111111", &p, &n));
	assert_false(privileges(
		"<!DOCTYPE x [<!ENTITY e \"urn:a\">]>" BPP_HEAD GROUP(
			"11111111") "<Privilege>&e;</Privilege></PrivilegeGroup></bpp:PrivilegeList>",
		"11111111", &p, &n));
	assert_false(privileges("<<<", "11111111", &p, &n));
	{
		const char *why = NULL;
		assert_int_equal(sso_saml_privileges("!!!not base64", "11111111", &p, &n, &why),
				 REDE_E_DENIED);
		assert_non_null(why);
	}
	/* too many */
	{
		struct buf b;
		buf_init(&b, 0);
		buf_adds(&b, BPP_HEAD GROUP("11111111"));
		for (int i = 0; i < 300; i++)
			buf_printf(&b, "<Privilege>urn:%d</Privilege>", i);
		buf_adds(&b, "</PrivilegeGroup></bpp:PrivilegeList>");
		assert_false(privileges(b.data, "11111111", &p, &n));
		buf_release(&b);
	}
}

/* A response of the right shape: one assertion, signed, a reference to
 * its own ID. The guard checks shape, not signatures. */
#define SIG(ref, method, digest, extra)                                                            \
	"<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>"            \
	"<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>"       \
	"<ds:SignatureMethod Algorithm=\"" method "\"/>"                                           \
	"<ds:Reference URI=\"#" ref "\"><ds:Transforms>"                                           \
	"<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>"      \
	"<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms>"    \
	"<ds:DigestMethod Algorithm=\"" digest "\"/><ds:DigestValue>AA==</ds:DigestValue>"         \
	"</ds:Reference></ds:SignedInfo><ds:SignatureValue>AA==</ds:SignatureValue>"               \
	"<ds:KeyInfo/>" extra "</ds:Signature>"
#define RSA256 "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
#define SHA256 "http://www.w3.org/2001/04/xmlenc#sha256"
#define RESP_OPEN                                                                                  \
	"<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" "                    \
	"xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_r\">"                          \
	"<saml:Issuer>idp</saml:Issuer>"
#define ASSERTION(id, sig, inner)                                                                  \
	"<saml:Assertion ID=\"" id "\"><saml:Issuer>idp</saml:Issuer>" sig                         \
	"<saml:Subject><saml:NameID>u</saml:NameID></saml:Subject>" inner "</saml:Assertion>"
#define GOOD RESP_OPEN ASSERTION("_a", SIG("_a", RSA256, SHA256, ""), "") "</samlp:Response>"

static bool guard(const char *xml, const char *expect_why)
{
	const char *why = NULL;
	bool ok = sso_guard_response(xml, strlen(xml), &why);

	if (!ok && expect_why && !strstr(why, expect_why)) {
		print_error("guard refused for '%s', expected '%s'\n", why, expect_why);
		return true; /* makes the assert_false below fail */
	}
	return ok;
}

static void saml_guard(void **state)
{
	(void)state;
	assert_true(guard(GOOD, NULL));
	/* the response signed instead: also fine */
	assert_true(guard(RESP_OPEN SIG("_r", RSA256, SHA256, "")
				  ASSERTION("_a", "", "") "</samlp:Response>",
			  NULL));
	assert_false(guard(RESP_OPEN ASSERTION("_e", "", "") ASSERTION(
				   "_a", SIG("_a", RSA256, SHA256, ""), "") "</samlp:Response>",
			   "not exactly one assertion"));
	assert_false(guard(RESP_OPEN ASSERTION("_e", "",
					       ASSERTION("_a", SIG("_a", RSA256, SHA256, ""),
							 "")) "</samlp:Response>",
			   "signature in an unexpected place"));
	assert_false(
		guard(RESP_OPEN "<samlp:Extensions>" ASSERTION(
			      "_a", SIG("_a", RSA256, SHA256, ""),
			      "") "</samlp:Extensions>" ASSERTION("_e", "", "") "</samlp:Response>",
		      "signature in an unexpected place"));
	assert_false(guard(
		RESP_OPEN ASSERTION("_r", SIG("_r", RSA256, SHA256, ""), "") "</samlp:Response>",
		"duplicate ID"));
	assert_false(guard(
		RESP_OPEN ASSERTION("_a", SIG("_x", RSA256, SHA256, ""), "") "</samlp:Response>",
		"reference is not its parent's ID"));
	assert_false(guard(
		RESP_OPEN ASSERTION(
			"_a", SIG("_a", "http://www.w3.org/2000/09/xmldsig#rsa-sha1", SHA256, ""),
			"") "</samlp:Response>",
		"algorithm other than RSA"));
	assert_false(guard(
		RESP_OPEN ASSERTION("_a",
				    SIG("_a", RSA256, "http://www.w3.org/2000/09/xmldsig#sha1", ""),
				    "") "</samlp:Response>",
		"digest other than SHA-256"));
	assert_false(guard(RESP_OPEN ASSERTION("_a", SIG("_a", RSA256, SHA256, "<ds:Object/>"),
					       "") "</samlp:Response>",
			   "ds:Object"));
	assert_false(guard(RESP_OPEN ASSERTION("_a", SIG("_a", RSA256, SHA256, ""),
					       "<!-- c -->") "</samlp:Response>",
			   "comment"));
	assert_false(guard("<!DOCTYPE r [<!ENTITY e \"x\">]>" GOOD, "DOCTYPE"));
	assert_false(
		guard("<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>",
		      "not a samlp:Response"));
	assert_false(guard(RESP_OPEN "</samlp:Response>", "not exactly one assertion"));
	assert_false(guard("not xml", "not an XML document"));
}

static void form(void **state)
{
	const char body[] = "a=1&SAMLResponse=ab%2Bc%3D+d&empty=&bad=%zz&nul=a%00b&last=x";
	struct http_req req = {.form = body, .form_len = sizeof(body) - 1};
	char *v;
	(void)state;

	v = http_form(&req, "SAMLResponse");
	assert_string_equal(v, "ab+c= d");
	free(v);
	v = http_form(&req, "empty");
	assert_string_equal(v, "");
	free(v);
	v = http_form(&req, "last");
	assert_string_equal(v, "x");
	free(v);
	assert_null(http_form(&req, "bad"));
	assert_null(http_form(&req, "nul"));
	assert_null(http_form(&req, "missing"));
	assert_null(http_form(&req, "SAML"));
	req.form = NULL;
	assert_null(http_form(&req, "a"));
}

static void oidc_rules(void **state)
{
	(void)state;
	assert_true(sso_oidc_url_ok("https://login.microsoftonline.com/t/v2.0"));
	assert_true(sso_oidc_url_ok("http://127.0.0.1:8080/x"));
	assert_false(sso_oidc_url_ok("http://login.example.dk"));
	assert_false(sso_oidc_url_ok("http://127.0.0.1.evil.example/x"));
	assert_false(sso_oidc_url_ok("https://"));
	assert_false(sso_oidc_url_ok(NULL));
	assert_true(sso_oidc_alg_ok("RS256"));
	assert_true(sso_oidc_alg_ok("ES384"));
	assert_false(sso_oidc_alg_ok("none"));
	assert_false(sso_oidc_alg_ok("HS256"));
	assert_false(sso_oidc_alg_ok(NULL));
	{
		char v[64], c[64];
		sso_pkce(v, c);
		assert_int_equal(strlen(v), 43);
		assert_int_equal(strlen(c), 43);
		assert_string_not_equal(v, c);
	}
	{
		char *u = sso_oidc_logout_url("https://op/end", "a b", "https://rede/");
		assert_string_equal(u, "https://op/end?client_id=a%20b&post_logout_redirect_uri="
				       "https%3A%2F%2Frede%2F");
		free(u);
		assert_null(sso_oidc_logout_url("", "a", "b"));
	}
}

static void sealed_secrets(void **state)
{
	char dir[] = "/tmp/rede-sso-XXXXXX", p1[64], p2[64], *out = NULL, *box;
	struct crypto_keys *k1 = NULL, *k2 = NULL;
	char *msg = NULL;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(p1, sizeof(p1), "%s/a.key", dir);
	snprintf(p2, sizeof(p2), "%s/b.key", dir);
	assert_int_equal(crypto_keyfile_create(p1), REDE_OK);
	assert_int_equal(crypto_keyfile_create(p2), REDE_OK);
	assert_int_equal(crypto_keys_load(p1, &k1, &msg), REDE_OK);
	assert_int_equal(crypto_keys_load(p2, &k2, &msg), REDE_OK);
	box = crypto_secret_seal(k1, "-----BEGIN PRIVATE KEY-----");
	assert_null(strstr(box, "PRIVATE"));
	assert_int_equal(crypto_secret_open(k1, box, &out), REDE_OK);
	assert_string_equal(out, "-----BEGIN PRIVATE KEY-----");
	free(out);
	assert_int_equal(crypto_secret_open(k2, box, &out), REDE_E_CRYPTO);
	assert_null(out);
	box[5] = box[5] == 'A' ? 'B' : 'A';
	assert_int_equal(crypto_secret_open(k1, box, &out), REDE_E_CRYPTO);
	assert_int_equal(crypto_secret_open(k1, "", &out), REDE_E_CRYPTO);
	assert_int_equal(crypto_secret_open(k1, "!!", &out), REDE_E_CRYPTO);
	free(box);
	crypto_keys_free(k1);
	crypto_keys_free(k2);
	unlink(p1);
	unlink(p2);
	rmdir(dir);
}

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Mutations of valid inputs: flipped, inserted and cut bytes. */
static char *mutate(const char *in)
{
	size_t n = strlen(in), m = n + 16;
	char *out = xmalloc(m + 1);
	static const char bytes[] = "<>/\"=&#;:!-?xA\x01\xff ";

	memcpy(out, in, n + 1);
	for (int k = 1 + (int)(next() % 4); k > 0; k--) {
		size_t at = next() % (n ? n : 1);
		switch (next() % 3) {
		case 0: out[at] = bytes[next() % (sizeof(bytes) - 1)]; break;
		case 1:
			if (n < m) {
				memmove(out + at + 1, out + at, n - at + 1);
				out[at] = bytes[next() % (sizeof(bytes) - 1)];
				n++;
			}
			break;
		default:
			out[at] = 0;
			n = at;
			break;
		}
	}
	return out;
}

static void fuzz_parsers(void **state)
{
	int accepted = 0;
	(void)state;

	for (int i = 0; i < ROUNDS; i++) {
		char *x = mutate(GOOD),
		     *p = mutate(BPP_HEAD GROUP(
			     "11111111") "<Privilege>urn:a</Privilege></PrivilegeGroup>"
					 "</bpp:PrivilegeList>");
		char *pv = b64(p), **list = NULL;
		const char *why = NULL;
		size_t n = 0;
		struct http_req req = {.form = x, .form_len = strlen(x)};
		char *f = http_form(&req, "ID");

		if (sso_guard_response(x, strlen(x), &why))
			accepted++;
		else
			assert_non_null(why);
		if (sso_saml_privileges(pv, "11111111", &list, &n, &why) == REDE_OK)
			sso_strv_free(list);
		(void)sso_loa_parse(x);
		free(f);
		free(pv);
		free(p);
		free(x);
	}
	assert_true(accepted > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grant),          cmocka_unit_test(loa),
		cmocka_unit_test(privilege_list), cmocka_unit_test(saml_guard),
		cmocka_unit_test(form),           cmocka_unit_test(oidc_rules),
		cmocka_unit_test(sealed_secrets), cmocka_unit_test(fuzz_parsers),
	};
	if (!crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
