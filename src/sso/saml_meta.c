/*
 * saml_meta.c - SAML metadata: the service provider's own (what KOMBIT's
 * administration module is given, and what lasso is configured from) and
 * the check of the identity provider's that an operator supplies.
 *
 * The SP metadata is built with libxml2's tree API (it escapes) and signed
 * by lasso (lasso_key_saml2_xml_sign, xmlsec1, RSA-SHA256, exclusive
 * c14n). It declares: AuthnRequestsSigned and WantAssertionsSigned, the
 * certificate for signing and for encryption (with the algorithms
 * xmlsec1 1.2.37 in Debian 12 decrypts: AES-GCM content, RSA-OAEP
 * mgf1p key transport), persistent NameIDs, the ACS (HTTP-POST), single
 * logout (HTTP-Redirect and HTTP-POST) and the OIOSAML 3 attributes Rede
 * asks for - never the CPR number.
 */
#include <libxml/tree.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rede/util.h"
#include "sso/sso_internal.h"

#define BIND_POST "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
#define BIND_REDIRECT "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
#define ATTR_URI "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"

struct requested {
	const char *name;
	bool required;
};
static const struct requested requested_attrs[] = {
	{SSO_ATTR_SPEC_VERSION, true}, {SSO_ATTR_LOA, true},
	{SSO_ATTR_PRIVILEGES, true},   {SSO_ATTR_CVR, true},
	{SSO_ATTR_FIRST_NAME, false},  {SSO_ATTR_LAST_NAME, false},
	{SSO_ATTR_EMAIL, false},       {NULL, false},
};

char *sso_saml_endpoint(const struct sso_saml_sp *sp, const char *what)
{
	return xasprintf("%s/auth/saml/%s/%s", sp->base_url, sp->code, what);
}

/* The base64 DER of a PEM certificate, for ds:X509Certificate. */
static char *cert_b64(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	unsigned char *der = NULL;
	int n = x ? i2d_X509(x, &der) : -1;
	char *out = NULL;

	if (n > 0) {
		size_t olen = sodium_base64_encoded_len((size_t)n, sodium_base64_VARIANT_ORIGINAL);
		out = xmalloc(olen);
		sodium_bin2base64(out, olen, der, (size_t)n, sodium_base64_VARIANT_ORIGINAL);
	}
	OPENSSL_free(der);
	X509_free(x);
	BIO_free(b);
	return out;
}

static xmlNode *child(xmlNode *parent, xmlNs *ns, const char *name)
{
	return xmlNewChild(parent, ns, (const xmlChar *)name, NULL);
}

static void prop(xmlNode *n, const char *name, const char *value)
{
	xmlNewProp(n, (const xmlChar *)name, (const xmlChar *)value);
}

static void key_descriptor(xmlNode *sp, xmlNs *md, xmlNs *ds, const char *use, const char *b64,
			   bool encryption)
{
	xmlNode *kd = child(sp, md, "KeyDescriptor");
	xmlNode *x509;

	prop(kd, "use", use);
	x509 = child(child(kd, ds, "KeyInfo"), ds, "X509Data");
	xmlNewTextChild(x509, ds, (const xmlChar *)"X509Certificate", (const xmlChar *)b64);
	if (encryption) {
		prop(child(kd, md, "EncryptionMethod"), "Algorithm",
		     "http://www.w3.org/2009/xmlenc11#aes256-gcm");
		prop(child(kd, md, "EncryptionMethod"), "Algorithm",
		     "http://www.w3.org/2009/xmlenc11#aes128-gcm");
		prop(child(kd, md, "EncryptionMethod"), "Algorithm",
		     "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p");
	}
}

static void endpoint(xmlNode *sp, xmlNs *md, const char *el, const char *binding,
		     const char *location)
{
	xmlNode *n = child(sp, md, el);

	prop(n, "Binding", binding);
	prop(n, "Location", location);
}

/* The EntityDescriptor element (no document); id set when signing. */
static xmlNode *build(const struct sso_saml_sp *sp, const char *cert, const char *id)
{
	xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"EntityDescriptor");
	xmlNs *md = xmlNewNs(root, (const xmlChar *)SSO_NS_MD, (const xmlChar *)"md");
	xmlNs *ds = xmlNewNs(root, (const xmlChar *)SSO_NS_DS, (const xmlChar *)"ds");
	xmlNode *spd, *n, *acs;
	char *url;

	xmlSetNs(root, md);
	prop(root, "entityID", sp->entity_id);
	if (id) {
		prop(root, "ID", id);
		/* the signature goes first (schema order); lasso replaces this
		 * placeholder with the signed template */
		child(root, ds, "Signature");
	}
	spd = child(root, md, "SPSSODescriptor");
	prop(spd, "AuthnRequestsSigned", "true");
	prop(spd, "WantAssertionsSigned", "true");
	prop(spd, "protocolSupportEnumeration", SSO_NS_SAMLP);
	key_descriptor(spd, md, ds, "signing", cert, false);
	key_descriptor(spd, md, ds, "encryption", cert, true);
	url = sso_saml_endpoint(sp, "slo");
	endpoint(spd, md, "SingleLogoutService", BIND_REDIRECT, url);
	endpoint(spd, md, "SingleLogoutService", BIND_POST, url);
	free(url);
	xmlNewTextChild(spd, md, (const xmlChar *)"NameIDFormat",
			(const xmlChar *)"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
	url = sso_saml_endpoint(sp, "acs");
	acs = child(spd, md, "AssertionConsumerService");
	prop(acs, "Binding", BIND_POST);
	prop(acs, "Location", url);
	prop(acs, "index", "0");
	prop(acs, "isDefault", "true");
	free(url);
	n = child(spd, md, "AttributeConsumingService");
	prop(n, "index", "0");
	prop(n, "isDefault", "true");
	xmlNodeSetLang(
		xmlNewTextChild(n, md, (const xmlChar *)"ServiceName", (const xmlChar *)"Rede"),
		(const xmlChar *)"da");
	for (int i = 0; requested_attrs[i].name; i++) {
		xmlNode *ra = child(n, md, "RequestedAttribute");
		prop(ra, "Name", requested_attrs[i].name);
		prop(ra, "NameFormat", ATTR_URI);
		prop(ra, "isRequired", requested_attrs[i].required ? "true" : "false");
	}
	return root;
}

static char *dump(xmlNode *root)
{
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlChar *text = NULL;
	int len = 0;
	char *out;

	xmlDocSetRootElement(doc, root);
	xmlDocDumpMemoryEnc(doc, &text, &len, "UTF-8");
	out = text ? xstrndup((const char *)text, (size_t)len) : NULL;
	xmlFree(text);
	xmlFreeDoc(doc);
	return out;
}

char *sso_saml_sp_metadata_plain(const struct sso_saml_sp *sp)
{
	char *cert = cert_b64(sp->cert_pem);
	char *out = cert ? dump(build(sp, cert, NULL)) : NULL;

	free(cert);
	return out;
}

enum rede_err sso_saml_metadata(const struct sso_saml_sp *sp, char **xml, char **msg)
{
	char *cert = cert_b64(sp->cert_pem);
	char id[40], path[64];
	unsigned char rnd[16];
	int fd = -1;
	xmlNode *root = NULL;
	LassoKey *key = NULL;
	enum rede_err err = REDE_E_CRYPTO;

	*xml = *msg = NULL;
	if (!cert) {
		*msg = xasprintf("the SP certificate cannot be read");
		goto out;
	}
	randombytes_buf(rnd, sizeof(rnd));
	id[0] = '_';
	sodium_bin2hex(id + 1, sizeof(id) - 1, rnd, sizeof(rnd));
	root = build(sp, cert, id);
	/* the certificate (for the signature's KeyInfo) by file name: given
	 * as text, xmlsec1 1.2.37 leaks a BIO after lasso tries it as a file
	 * name. An anonymous in-memory file serves. */
	fd = memfd_create("rede-sp-cert", MFD_CLOEXEC);
	if (fd < 0 ||
	    write(fd, sp->cert_pem, strlen(sp->cert_pem)) != (ssize_t)strlen(sp->cert_pem)) {
		*msg = xasprintf("cannot hand the certificate to lasso");
		goto out;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	key = lasso_key_new_for_signature_from_memory(sp->key_pem, strlen(sp->key_pem), NULL,
						      LASSO_SIGNATURE_METHOD_RSA_SHA256, path);
	if (!key || !lasso_key_saml2_xml_sign(key, id, root)) {
		*msg = xasprintf("cannot sign the SP metadata");
		goto out;
	}
	*xml = dump(root);
	root = NULL;
	err = *xml ? REDE_OK : REDE_E_CRYPTO;
out:
	if (fd >= 0)
		close(fd);
	if (key)
		g_object_unref(key);
	if (root)
		xmlFreeNode(root);
	free(cert);
	return err;
}

static bool el_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, SSO_NS_MD) &&
	       !strcmp((const char *)n->name, name);
}

enum rede_err sso_saml_idp_check(const char *metadata, char **entity_id, char **msg)
{
	xmlDoc *doc = sso_xml_read(metadata, strlen(metadata));
	xmlNode *root, *idp = NULL;
	xmlChar *eid = NULL;
	bool signing = false, redirect = false;
	enum rede_err err = REDE_E_INVALID;

	*entity_id = *msg = NULL;
	if (!doc) {
		*msg = xasprintf("the IdP metadata is not an XML document (or has a DOCTYPE)");
		return err;
	}
	root = xmlDocGetRootElement(doc);
	if (!el_is(root, "EntityDescriptor")) {
		*msg = xasprintf("the IdP metadata must be one md:EntityDescriptor");
		goto out;
	}
	eid = xmlGetNoNsProp(root, (const xmlChar *)"entityID");
	for (xmlNode *n = root->children; n; n = n->next)
		if (el_is(n, "IDPSSODescriptor"))
			idp = n;
	if (!eid || !*eid || !idp) {
		*msg = xasprintf("the IdP metadata has no entityID or no IDPSSODescriptor");
		goto out;
	}
	for (xmlNode *n = idp->children; n; n = n->next) {
		if (el_is(n, "KeyDescriptor")) {
			xmlChar *use = xmlGetNoNsProp(n, (const xmlChar *)"use");
			if (!use || !strcmp((const char *)use, "signing"))
				signing = true;
			xmlFree(use);
		} else if (el_is(n, "SingleSignOnService")) {
			xmlChar *b = xmlGetNoNsProp(n, (const xmlChar *)"Binding");
			if (b && !strcmp((const char *)b, BIND_REDIRECT))
				redirect = true;
			xmlFree(b);
		}
	}
	if (!signing) {
		*msg = xasprintf("the IdP metadata has no signing certificate");
		goto out;
	}
	if (!redirect) {
		*msg = xasprintf("the IdP metadata has no HTTP-Redirect SingleSignOnService");
		goto out;
	}
	*entity_id = xstrdup((const char *)eid);
	err = REDE_OK;
out:
	xmlFree(eid);
	xmlFreeDoc(doc);
	return err;
}
