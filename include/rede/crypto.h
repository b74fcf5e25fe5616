/*
 * crypto.h - the few cryptographic operations Rede needs, on libsodium.
 *
 *  - passwords: Argon2id (crypto_pwhash_str, at least the INTERACTIVE preset)
 *  - tokens: 256-bit CSPRNG values, handed out base64url, stored only as
 *    keyed hashes
 *  - CPR numbers: secretbox encryption plus a keyed hash for exact lookup,
 *    under a key kept in a key file outside the database
 *
 * The key file holds 64 random bytes: 32 for secretbox and 32 for the
 * keyed hashes. It is created by `rede init` with mode 0600 and never
 * overwritten.
 */
#ifndef REDE_CRYPTO_H
#define REDE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#include "rede/err.h"

/* Call once at start-up; false when libsodium cannot initialise. */
bool crypto_init(void);

/* ---- passwords ---- */
/* Argon2id hash string into a fresh allocation (caller frees); NULL on
 * failure (out of memory in the KDF). */
char *crypto_password_hash(const char *pw);
bool crypto_password_verify(const char *hash, const char *pw);
/* The most hashes/checks that ran at once so far, and (in *limit when not
 * NULL) how many may: each holds 64 MiB, so they take turns (password.c). */
int crypto_password_peak_concurrency(int *limit);
/* A valid hash of a random password, for timing-equal failures on unknown
 * users. Static storage; computed once. */
const char *crypto_password_dummy_hash(void);

/* ---- tokens ---- */
#define CRYPTO_TOKEN_TEXT 44 /* 32 bytes base64url without padding + NUL */
/* A fresh random token as text. */
void crypto_token_new(char out[CRYPTO_TOKEN_TEXT]);
#define CRYPTO_HASH_HEX 65
/* Hex BLAKE2b-256 of a token (unkeyed: tokens are already high-entropy). */
void crypto_token_hash(const char *token, char out[CRYPTO_HASH_HEX]);

/* ---- the key file and CPR protection ---- */
struct crypto_keys;
/* Create a new key file; fails with REDE_E_CONFLICT when it exists. */
enum rede_err crypto_keyfile_create(const char *path);
/* Load; refuses files readable by group or others (REDE_E_CRYPTO). */
enum rede_err crypto_keys_load(const char *path, struct crypto_keys **out, char **msg);
void crypto_keys_free(struct crypto_keys *k);
/* Encrypt a normalized CPR (10 digits) as base64 text (nonce||box); caller
 * frees. */
char *crypto_cpr_encrypt(const struct crypto_keys *k, const char *cpr);
/* Decrypt into out (11 bytes). REDE_E_CRYPTO when it does not open. */
enum rede_err crypto_cpr_decrypt(const struct crypto_keys *k, const char *box, char out[11]);
/* Keyed hash of a normalized CPR for exact lookup, hex. */
void crypto_cpr_lookup_hash(const struct crypto_keys *k, const char *cpr,
			    char out[CRYPTO_HASH_HEX]);
/* Keyed hash (hex) of a request - method, path and body bytes - kept with
 * an Idempotency-Key to tell a retry from another request. Keyed with a
 * subkey of the key file, since a body may carry a CPR number. */
void crypto_request_fingerprint(const struct crypto_keys *k, const char *method, const char *path,
				const char *body, size_t body_len, char out[CRYPTO_HASH_HEX]);

/* ---- the audit key file (audit_key.c) ----
 * The key of the audit chain's MAC, in its own file (mode 0600) beside the
 * CPR key file, so that checking the audit log needs no CPR key. */
#define CRYPTO_AUDIT_KEY_BYTES 32
/* Create a new audit key file; REDE_E_CONFLICT when it exists. */
enum rede_err crypto_audit_keyfile_create(const char *path);
/* Load into key. REDE_E_NOTFOUND when the file does not exist,
 * REDE_E_CRYPTO when it is readable by others or has the wrong size;
 * *msg (caller frees) says why. */
enum rede_err crypto_audit_key_load(const char *path, unsigned char key[CRYPTO_AUDIT_KEY_BYTES],
				    char **msg);

/* ---- other secrets kept in the database (an SP private key, an OIDC
 * client secret): secretbox under a subkey derived from the key file, so
 * a copy of the database alone does not reveal them. ---- */
/* Seal plain text as base64 text (nonce||box); caller frees. */
char *crypto_secret_seal(const struct crypto_keys *k, const char *plain);
/* Open into *out (caller frees, after sodium_memzero); REDE_E_CRYPTO when
 * it does not open (another key file, or changed). */
enum rede_err crypto_secret_open(const struct crypto_keys *k, const char *sealed, char **out);

#endif
