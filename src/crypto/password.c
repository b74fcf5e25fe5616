/*
 * password.c - Argon2id password hashes (libsodium, INTERACTIVE preset).
 */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "rede/crypto.h"
#include "rede/util.h"

bool crypto_init(void)
{
	return sodium_init() >= 0;
}

char *crypto_password_hash(const char *pw)
{
	char *out = xmalloc(crypto_pwhash_STRBYTES);

	if (crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

bool crypto_password_verify(const char *hash, const char *pw)
{
	return hash && *hash && crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	char pw[CRYPTO_TOKEN_TEXT];
	char *h;

	crypto_token_new(pw);
	h = crypto_password_hash(pw);
	if (h) {
		memcpy(dummy_hash, h, sizeof(dummy_hash));
		free(h);
	}
}

const char *crypto_password_dummy_hash(void)
{
	pthread_once(&dummy_once, make_dummy);
	return dummy_hash;
}
