/*
 * sso.c - the small pieces both sign-in protocols share: assurance
 * levels, base64, string lists, the operator's key material. Starting and
 * stopping the libraries is lifecycle.c.
 */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rede/util.h"
#include "sso/sso_internal.h"

const char *const sso_loa_names[SSO_LOA__COUNT] = {"", "Low", "Substantial", "High"};

void sso_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

enum sso_loa sso_loa_parse(const char *s)
{
	static const char uri[] = "https://data.gov.dk/concept/core/nsis/loa/";

	if (!s)
		return SSO_LOA_NONE;
	if (!strncmp(s, uri, sizeof(uri) - 1))
		s += sizeof(uri) - 1;
	for (int i = SSO_LOA_LOW; i < SSO_LOA__COUNT; i++)
		if (!strcasecmp(s, sso_loa_names[i]))
			return (enum sso_loa)i;
	return SSO_LOA_NONE;
}

char *sso_b64_decode(const char *b64, size_t cap, size_t *len)
{
	size_t n = strlen(b64), out_len = 0;
	char *out;

	if (n / 4 * 3 > cap + 3)
		return NULL;
	out = xmalloc(n / 4 * 3 + 4);
	if (sodium_base642bin((unsigned char *)out, n / 4 * 3 + 3, b64, n, " \t\r\n", &out_len,
			      NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    out_len > cap) {
		free(out);
		return NULL;
	}
	out[out_len] = 0;
	*len = out_len;
	return out;
}

/* ---- key material from the operator (libcrypto parses it) ---- */

static X509 *read_cert(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;

	BIO_free(b);
	return x;
}

static EVP_PKEY *read_key(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, (void *)"") : NULL;

	BIO_free(b);
	return k;
}

enum rede_err sso_check_key_pair(const char *cert_pem, const char *key_pem, char **msg)
{
	X509 *x = read_cert(cert_pem);
	EVP_PKEY *k = x ? read_key(key_pem) : NULL;
	enum rede_err err = REDE_E_INVALID;

	*msg = NULL;
	if (!x) {
		*msg = xasprintf("the certificate is not a PEM X.509 certificate");
		goto out;
	}
	if (!k) {
		*msg = xasprintf("the private key is not an unencrypted PEM private key");
		goto out;
	}
	if (EVP_PKEY_base_id(k) != EVP_PKEY_RSA) {
		*msg = xasprintf("the key is not an RSA key (OIOSAML 3 signs with RSA-SHA256)");
		goto out;
	}
	if (X509_check_private_key(x, k) != 1) {
		*msg = xasprintf("the private key does not belong to the certificate");
		goto out;
	}
	err = REDE_OK;
out:
	ERR_clear_error();
	EVP_PKEY_free(k);
	X509_free(x);
	return err;
}

static char *bio_text(BIO *b)
{
	char *data = NULL;
	long n = BIO_get_mem_data(b, &data);

	return n > 0 ? xstrndup(data, (size_t)n) : NULL;
}

enum rede_err sso_pkcs12_to_pem(const void *der, size_t len, const char *password, char **cert_pem,
				char **key_pem, char **msg)
{
	const unsigned char *p = der;
	PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
	EVP_PKEY *k = NULL;
	X509 *x = NULL;
	BIO *cb = NULL, *kb = NULL;
	enum rede_err err = REDE_E_INVALID;

	*cert_pem = *key_pem = *msg = NULL;
	if (!p12) {
		*msg = xasprintf("not a PKCS#12 file");
		goto out;
	}
	if (!PKCS12_parse(p12, password, &k, &x, NULL) || !k || !x) {
		*msg = xasprintf("cannot open the PKCS#12 file (wrong password?)");
		goto out;
	}
	cb = BIO_new(BIO_s_mem());
	kb = BIO_new(BIO_s_mem());
	if (!cb || !kb || !PEM_write_bio_X509(cb, x) ||
	    !PEM_write_bio_PrivateKey(kb, k, NULL, NULL, 0, NULL, NULL)) {
		*msg = xasprintf("cannot convert the PKCS#12 contents to PEM");
		goto out;
	}
	*cert_pem = bio_text(cb);
	*key_pem = bio_text(kb);
	err = *cert_pem && *key_pem ? REDE_OK : REDE_E_INVALID;
out:
	ERR_clear_error();
	BIO_free(cb);
	if (kb)
		BIO_free(kb);
	EVP_PKEY_free(k);
	X509_free(x);
	PKCS12_free(p12);
	return err;
}
