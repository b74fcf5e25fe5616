/*
 * token.c - random 256-bit tokens (sessions, CSRF, API, devices) and the
 * hashes they are stored as. Tokens are high-entropy, so an unkeyed hash is
 * enough to make a stolen database useless for signing in.
 */
#include <sodium.h>
#include <string.h>

#include "rede/crypto.h"

void crypto_token_new(char out[CRYPTO_TOKEN_TEXT])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, CRYPTO_TOKEN_TEXT, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void crypto_token_hash(const char *token, char out[CRYPTO_HASH_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, CRYPTO_HASH_HEX, h, sizeof(h));
}
