/*
 * test_crypto.c - passwords, tokens, the key file and CPR protection.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "rede/crypto.h"
#include "rede/util.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/rede-crypto-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void passwords(void **state)
{
	char *h = crypto_password_hash("correct horse battery");
	char *h2 = crypto_password_hash("correct horse battery");
	(void)state;

	assert_non_null(h);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_string_not_equal(h, h2); /* salted */
	assert_true(crypto_password_verify(h, "correct horse battery"));
	assert_false(crypto_password_verify(h, "correct horse batterY"));
	assert_false(crypto_password_verify("", "x"));
	assert_true(strncmp(crypto_password_dummy_hash(), "$argon2id$", 10) == 0);
	free(h);
	free(h2);
}

/* Many threads checking passwords at once take turns: never more than the
 * limit run together (each holds 64 MiB), and every answer is still right. */
#define CHECKERS 6
static char *shared_hash;

static void *check_thread(void *arg)
{
	intptr_t i = (intptr_t)arg;
	bool ok = crypto_password_verify(shared_hash, i % 2 ? "wrong" : "correct horse battery");

	return (void *)(intptr_t)(ok == !(i % 2));
}

static void password_turns(void **state)
{
	pthread_t t[CHECKERS];
	int limit = 0, right = 0;
	(void)state;

	shared_hash = crypto_password_hash("correct horse battery");
	assert_non_null(shared_hash);
	for (intptr_t i = 0; i < CHECKERS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, check_thread, (void *)i), 0);
	for (int i = 0; i < CHECKERS; i++) {
		void *r;
		pthread_join(t[i], &r);
		right += (int)(intptr_t)r;
	}
	assert_int_equal(right, CHECKERS);
	int peak = crypto_password_peak_concurrency(&limit);
	assert_true(limit >= 1 && limit <= 4);
	assert_true(peak >= 1 && peak <= limit);
	assert_true(limit < CHECKERS);
	free(shared_hash);
}

static void tokens(void **state)
{
	char a[CRYPTO_TOKEN_TEXT], b[CRYPTO_TOKEN_TEXT];
	char ha[CRYPTO_HASH_HEX], hb[CRYPTO_HASH_HEX];
	(void)state;

	crypto_token_new(a);
	crypto_token_new(b);
	assert_int_equal(strlen(a), 43); /* 256 bits in base64url without padding */
	assert_string_not_equal(a, b);
	crypto_token_hash(a, ha);
	crypto_token_hash(a, hb);
	assert_string_equal(ha, hb);
	assert_int_equal(strlen(ha), 64);
	crypto_token_hash(b, hb);
	assert_string_not_equal(ha, hb);
}

static void keyfile(void **state)
{
	char path[128], other[128];
	struct crypto_keys *k = NULL, *k2 = NULL;
	struct stat st;
	char *msg = NULL;
	(void)state;

	snprintf(path, sizeof(path), "%s/rede.key", dir);
	assert_int_equal(crypto_keyfile_create(path), REDE_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 64);
	assert_int_equal(crypto_keyfile_create(path), REDE_E_CONFLICT); /* never overwritten */
	assert_int_equal(crypto_keys_load(path, &k, &msg), REDE_OK);
	crypto_keys_free(k);

	chmod(path, 0644);
	assert_int_equal(crypto_keys_load(path, &k, &msg), REDE_E_CRYPTO);
	assert_non_null(strstr(msg, "chmod 600"));
	free(msg);
	msg = NULL;
	snprintf(other, sizeof(other), "%s/missing.key", dir);
	assert_int_equal(crypto_keys_load(other, &k2, &msg), REDE_E_IO);
	free(msg);
}

static void cpr_protection(void **state)
{
	char p1[128], p2[128], out[11];
	char h1[CRYPTO_HASH_HEX], h2[CRYPTO_HASH_HEX], h3[CRYPTO_HASH_HEX];
	struct crypto_keys *k1 = NULL, *k2 = NULL;
	char *msg = NULL, *box1, *box2;
	(void)state;

	snprintf(p1, sizeof(p1), "%s/one.key", dir);
	snprintf(p2, sizeof(p2), "%s/two.key", dir);
	assert_int_equal(crypto_keyfile_create(p1), REDE_OK);
	assert_int_equal(crypto_keyfile_create(p2), REDE_OK);
	assert_int_equal(crypto_keys_load(p1, &k1, &msg), REDE_OK);
	assert_int_equal(crypto_keys_load(p2, &k2, &msg), REDE_OK);

	box1 = crypto_cpr_encrypt(k1, "1506234001");
	box2 = crypto_cpr_encrypt(k1, "1506234001");
	assert_string_not_equal(box1, box2); /* random nonce */
	assert_null(strstr(box1, "1506234001"));
	assert_int_equal(crypto_cpr_decrypt(k1, box1, out), REDE_OK);
	assert_string_equal(out, "1506234001");
	assert_int_equal(crypto_cpr_decrypt(k2, box1, out), REDE_E_CRYPTO); /* wrong key */
	box2[strlen(box2) / 2] = box2[strlen(box2) / 2] == 'A' ? 'B' : 'A'; /* tamper */
	assert_int_equal(crypto_cpr_decrypt(k1, box2, out), REDE_E_CRYPTO);
	assert_int_equal(crypto_cpr_decrypt(k1, "not base64!", out), REDE_E_CRYPTO);

	crypto_cpr_lookup_hash(k1, "1506234001", h1);
	crypto_cpr_lookup_hash(k1, "1506234001", h2);
	crypto_cpr_lookup_hash(k2, "1506234001", h3);
	assert_string_equal(h1, h2);
	assert_string_not_equal(h1, h3); /* keyed */
	crypto_cpr_lookup_hash(k1, "1506234002", h2);
	assert_string_not_equal(h1, h2);
	free(box1);
	free(box2);
	crypto_keys_free(k1);
	crypto_keys_free(k2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(passwords),      cmocka_unit_test(password_turns),
		cmocka_unit_test(tokens),         cmocka_unit_test(keyfile),
		cmocka_unit_test(cpr_protection),
	};
	if (!crypto_init())
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
