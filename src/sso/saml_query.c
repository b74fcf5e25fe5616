/*
 * saml_query.c - the signature of a SAML message in the HTTP-Redirect
 * binding (SAML Bindings 3.4.4.1): an RSA signature over the exact bytes
 * "SAMLRequest=...[&RelayState=...]&SigAlg=..." of the query string,
 * verified with OpenSSL (EVP_DigestVerify) against the IdP's signing
 * certificates in its metadata.
 *
 * Why not lasso: lasso 2.8.1's query verification (lasso_query_verify_
 * helper) never frees the decoded signature - a leak per message that
 * the ASan suite would (rightly) fail on. Rede checks the signature here,
 * then hands lasso the message without it. This is not XML signature
 * code: the binding signs a plain string.
 */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "sso/sso_internal.h"

#define CERT_CAP (64 * 1024)

/* The value of field name in a raw query (still encoded), or NULL. */
static const char *raw_field(const char *query, const char *name, size_t *len)
{
	size_t n = strlen(name);
	const char *p = query;

	while (p && *p) {
		const char *end = strchr(p, '&');
		if (!strncmp(p, name, n) && p[n] == '=') {
			*len = end ? (size_t)(end - p - n - 1) : strlen(p + n + 1);
			return p + n + 1;
		}
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode (and '+' as space) into a fresh string; NULL when bad. */
static char *unescape(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1,
			    lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				free(out);
				return NULL;
			}
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*o++ = s[i] == '+' ? ' ' : s[i];
		}
	}
	*o = 0;
	return out;
}

static const EVP_MD *digest_of(const char *sig_alg)
{
	if (!strcmp(sig_alg, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"))
		return EVP_sha256();
	if (!strcmp(sig_alg, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"))
		return EVP_sha384();
	if (!strcmp(sig_alg, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"))
		return EVP_sha512();
	return NULL; /* SHA-1 and anything else: refused */
}

static bool el(const xmlNode *n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, ns) && !strcmp((const char *)n->name, name);
}

/* Does any signing certificate of the IdP metadata verify sig over msg? */
static bool verify_with_metadata(const char *metadata, const EVP_MD *md, const char *msg,
				 const unsigned char *sig, size_t sig_len)
{
	xmlDoc *doc = sso_xml_read(metadata, strlen(metadata));
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	bool ok = false;

	for (xmlNode *idp = root ? root->children : NULL; idp && !ok; idp = idp->next) {
		if (!el(idp, SSO_NS_MD, "IDPSSODescriptor"))
			continue;
		for (xmlNode *kd = idp->children; kd && !ok; kd = kd->next) {
			xmlChar *use;
			bool signing;

			if (!el(kd, SSO_NS_MD, "KeyDescriptor"))
				continue;
			use = xmlGetNoNsProp(kd, (const xmlChar *)"use");
			signing = !use || !strcmp((const char *)use, "signing");
			xmlFree(use);
			for (xmlNode *ki = signing ? kd->children : NULL; ki && !ok;
			     ki = ki->next) {
				if (!el(ki, SSO_NS_DS, "KeyInfo"))
					continue;
				for (xmlNode *xd = ki->children; xd && !ok; xd = xd->next) {
					if (!el(xd, SSO_NS_DS, "X509Data"))
						continue;
					for (xmlNode *c = xd->children; c && !ok; c = c->next) {
						xmlChar *b64;
						char *der;
						size_t len = 0;
						const unsigned char *p;
						X509 *x;
						EVP_PKEY *pk;
						EVP_MD_CTX *ctx;

						if (!el(c, SSO_NS_DS, "X509Certificate"))
							continue;
						b64 = xmlNodeGetContent(c);
						der = b64 ? sso_b64_decode((const char *)b64,
									   CERT_CAP, &len)
							  : NULL;
						xmlFree(b64);
						p = (const unsigned char *)der;
						x = der ? d2i_X509(NULL, &p, (long)len) : NULL;
						pk = x ? X509_get0_pubkey(x) : NULL;
						ctx = pk ? EVP_MD_CTX_new() : NULL;
						ok = ctx && EVP_PKEY_base_id(pk) == EVP_PKEY_RSA &&
						     EVP_DigestVerifyInit(ctx, NULL, md, NULL,
									  pk) == 1 &&
						     EVP_DigestVerify(ctx, sig, sig_len,
								      (const unsigned char *)msg,
								      strlen(msg)) == 1;
						EVP_MD_CTX_free(ctx);
						X509_free(x);
						free(der);
					}
				}
			}
		}
	}
	ERR_clear_error();
	if (doc)
		xmlFreeDoc(doc);
	return ok;
}

bool sso_saml_query_verify(const char *idp_metadata, const char *query, char **unsigned_query,
			   const char **why)
{
	size_t mlen = 0, rlen = 0, alen = 0, slen = 0, sig_len = 0;
	const char *msg = raw_field(query, "SAMLRequest", &mlen);
	const char *relay = raw_field(query, "RelayState", &rlen);
	const char *alg = raw_field(query, "SigAlg", &alen);
	const char *sig = raw_field(query, "Signature", &slen);
	char *alg_text = NULL, *sig_text = NULL, *signed_part = NULL, *sig_bin = NULL;
	const char *field = "SAMLRequest";
	const EVP_MD *md;
	bool ok = false;

	*unsigned_query = NULL;
	if (!msg) {
		msg = raw_field(query, "SAMLResponse", &mlen);
		field = "SAMLResponse";
	}
	*why = "no SAML message in the query";
	if (!msg)
		return false;
	*why = "message not signed";
	if (!alg || !sig)
		return false;
	alg_text = unescape(alg, alen);
	sig_text = unescape(sig, slen);
	md = alg_text ? digest_of(alg_text) : NULL;
	*why = "signature algorithm other than RSA with SHA-256/384/512";
	if (!md || !sig_text)
		goto out;
	sig_bin = sso_b64_decode(sig_text, 4096, &sig_len);
	*why = "signature is not base64";
	if (!sig_bin)
		goto out;
	/* the octets as sent, in the order the binding prescribes */
	if (relay)
		signed_part = xasprintf("%s=%.*s&RelayState=%.*s&SigAlg=%.*s", field, (int)mlen,
					msg, (int)rlen, relay, (int)alen, alg);
	else
		signed_part =
			xasprintf("%s=%.*s&SigAlg=%.*s", field, (int)mlen, msg, (int)alen, alg);
	*why = "signature does not verify with the IdP's certificate";
	if (!verify_with_metadata(idp_metadata, md, signed_part, (const unsigned char *)sig_bin,
				  sig_len))
		goto out;
	/* what lasso reads: the message (and RelayState), no signature */
	if (relay)
		*unsigned_query = xasprintf("%s=%.*s&RelayState=%.*s", field, (int)mlen, msg,
					    (int)rlen, relay);
	else
		*unsigned_query = xasprintf("%s=%.*s", field, (int)mlen, msg);
	*why = NULL;
	ok = true;
out:
	free(alg_text);
	free(sig_text);
	free(sig_bin);
	free(signed_part);
	return ok;
}
