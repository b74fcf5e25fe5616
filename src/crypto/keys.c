/*
 * keys.c - the key file and the protection of CPR numbers.
 *
 * The key file (64 random bytes, mode 0600, outside the database) holds a
 * secretbox key for encrypting CPR numbers and a key for the keyed hash
 * used for exact lookup. Without it a copy of the database reveals no CPR
 * number and allows no guessing by hashing all valid numbers. A third key,
 * derived from the lookup key (crypto_kdf, its own context), keys the
 * fingerprints of requests kept with an Idempotency-Key: a request body
 * may hold a CPR number, so its hash must not be open to guessing either.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rede/crypto.h"
#include "rede/util.h"

#define KEYFILE_BYTES 64

struct crypto_keys {
	unsigned char box[crypto_secretbox_KEYBYTES];
	unsigned char lookup[crypto_generichash_KEYBYTES];
	unsigned char fingerprint[crypto_generichash_KEYBYTES];
};

/* crypto_kdf contexts are 8 bytes; the subkey id below is fixed. */
#define FINGERPRINT_KDF_CONTEXT "rede-fpr"
#define FINGERPRINT_KDF_ID 1

enum rede_err crypto_keyfile_create(const char *path)
{
	unsigned char raw[KEYFILE_BYTES];
	enum rede_err err = REDE_E_IO;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0)
		return errno == EEXIST ? REDE_E_CONFLICT : REDE_E_IO;
	randombytes_buf(raw, sizeof(raw));
	if (write(fd, raw, sizeof(raw)) != (ssize_t)sizeof(raw) || fsync(fd) != 0)
		goto out;
	err = REDE_OK;
out:
	sodium_memzero(raw, sizeof(raw));
	close(fd);
	if (err)
		unlink(path);
	return err;
}

enum rede_err crypto_keys_load(const char *path, struct crypto_keys **out, char **msg)
{
	unsigned char raw[KEYFILE_BYTES + 1];
	struct crypto_keys *k = NULL;
	enum rede_err err = REDE_E_CRYPTO;
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*out = NULL;
	if (fd < 0) {
		*msg = xasprintf("%s", strerror(errno));
		return REDE_E_IO;
	}
	if (fstat(fd, &st) != 0 || (st.st_mode & 077)) {
		*msg = xasprintf("the key file may be read by others; run chmod 600 %s", path);
		goto out;
	}
	n = read(fd, raw, sizeof(raw));
	if (n != KEYFILE_BYTES) {
		*msg = xasprintf("the key file has the wrong size");
		goto out;
	}
	k = sodium_malloc(sizeof(*k));
	if (!k) {
		*msg = xasprintf("cannot allocate protected memory");
		goto out;
	}
	memcpy(k->box, raw, sizeof(k->box));
	memcpy(k->lookup, raw + 32, sizeof(k->lookup));
	crypto_kdf_derive_from_key(k->fingerprint, sizeof(k->fingerprint), FINGERPRINT_KDF_ID,
				   FINGERPRINT_KDF_CONTEXT, k->lookup);
	*out = k;
	err = REDE_OK;
out:
	sodium_memzero(raw, sizeof(raw));
	close(fd);
	return err;
}

void crypto_keys_free(struct crypto_keys *k)
{
	if (k)
		sodium_free(k);
}

char *crypto_cpr_encrypt(const struct crypto_keys *k, const char *cpr)
{
	size_t mlen = strlen(cpr);
	size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + mlen;
	unsigned char *box = xmalloc(blen);
	size_t outlen = sodium_base64_encoded_len(blen, sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(outlen);

	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)cpr, mlen,
			      box, k->box);
	sodium_bin2base64(out, outlen, box, blen, sodium_base64_VARIANT_ORIGINAL);
	free(box);
	return out;
}

enum rede_err crypto_cpr_decrypt(const struct crypto_keys *k, const char *b64, char out[11])
{
	unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 16];
	unsigned char plain[16];
	size_t blen = 0, mlen;

	if (sodium_base642bin(box, sizeof(box), b64, strlen(b64), NULL, &blen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    blen <= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return REDE_E_CRYPTO;
	mlen = blen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	if (mlen != 10 ||
	    crypto_secretbox_open_easy(plain, box + crypto_secretbox_NONCEBYTES,
				       blen - crypto_secretbox_NONCEBYTES, box, k->box) != 0)
		return REDE_E_CRYPTO;
	memcpy(out, plain, 10);
	out[10] = 0;
	sodium_memzero(plain, sizeof(plain));
	return REDE_OK;
}

void crypto_cpr_lookup_hash(const struct crypto_keys *k, const char *cpr, char out[CRYPTO_HASH_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)cpr, strlen(cpr), k->lookup,
			   sizeof(k->lookup));
	sodium_bin2hex(out, CRYPTO_HASH_HEX, h, sizeof(h));
}

static void put_part(crypto_generichash_state *st, const void *p, size_t n)
{
	char len[32];
	int w = snprintf(len, sizeof(len), "%zu:", n);

	crypto_generichash_update(st, (const unsigned char *)len, (unsigned long long)w);
	if (n)
		crypto_generichash_update(st, p, n);
}

void crypto_request_fingerprint(const struct crypto_keys *k, const char *method, const char *path,
				const char *body, size_t body_len, char out[CRYPTO_HASH_HEX])
{
	crypto_generichash_state st;
	unsigned char h[32];

	crypto_generichash_init(&st, k->fingerprint, sizeof(k->fingerprint), sizeof(h));
	put_part(&st, method, strlen(method));
	put_part(&st, path, strlen(path));
	put_part(&st, body ? body : "", body ? body_len : 0);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, CRYPTO_HASH_HEX, h, sizeof(h));
}

/* The subkey for other secrets: derived, so a sealed secret and a CPR box
 * never share a key. */
static void secret_key(const struct crypto_keys *k, unsigned char out[crypto_secretbox_KEYBYTES])
{
	crypto_kdf_derive_from_key(out, crypto_secretbox_KEYBYTES, 1, "redesecr", k->box);
}

char *crypto_secret_seal(const struct crypto_keys *k, const char *plain)
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	size_t mlen = strlen(plain);
	size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + mlen;
	unsigned char *box = xmalloc(blen);
	size_t outlen = sodium_base64_encoded_len(blen, sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(outlen);

	secret_key(k, key);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, mlen,
			      box, key);
	sodium_bin2base64(out, outlen, box, blen, sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(key, sizeof(key));
	free(box);
	return out;
}

enum rede_err crypto_secret_open(const struct crypto_keys *k, const char *sealed, char **out)
{
	unsigned char key[crypto_secretbox_KEYBYTES];
	size_t slen = strlen(sealed), blen = 0, mlen;
	unsigned char *box = xmalloc(slen + 1);
	char *plain = NULL;
	enum rede_err err = REDE_E_CRYPTO;

	*out = NULL;
	if (sodium_base642bin(box, slen + 1, sealed, slen, NULL, &blen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    blen < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		goto out;
	mlen = blen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	plain = xmalloc(mlen + 1);
	secret_key(k, key);
	if (crypto_secretbox_open_easy((unsigned char *)plain, box + crypto_secretbox_NONCEBYTES,
				       blen - crypto_secretbox_NONCEBYTES, box, key) != 0) {
		free(plain);
		plain = NULL;
		goto out;
	}
	plain[mlen] = 0;
	*out = plain;
	err = REDE_OK;
out:
	sodium_memzero(key, sizeof(key));
	free(box);
	return err;
}
