/*
 * saml_guard.c - the shape a SAML message must have before lasso is asked
 * to verify it.
 *
 * lasso verifies the signatures (xmlsec); this file verifies nothing
 * cryptographic. It refuses the document shapes that XML signature
 * wrapping attacks need, so that the element whose signature was checked
 * is the only element the sign-in can read: exactly one assertion, a
 * direct child of the Response; no duplicate ID attributes; every
 * ds:Signature a direct child of the Response or the Assertion, with one
 * Reference whose URI is its parent's own ID, no ds:Object; only exclusive
 * canonicalisation and the enveloped transform; RSA with SHA-256 or
 * stronger (Debian's lasso is built to accept SHA-1 too); no DOCTYPE, no
 * comments or processing instructions (which could split a NameID's text
 * without changing the canonical form a signature covers).
 */
#include <libxml/parser.h>
#include <string.h>

#include "rede/util.h"
#include "sso/sso_internal.h"

#define GUARD_MAX_IDS 512
#define SSO_XML_CAP (1024 * 1024)
#define GUARD_MAX_DEPTH 64

static const char *const sig_methods[] = {
	"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
	"http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
	"http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
	NULL,
};
static const char *const digest_methods[] = {
	"http://www.w3.org/2001/04/xmlenc#sha256",
	"http://www.w3.org/2001/04/xmldsig-more#sha384",
	"http://www.w3.org/2001/04/xmlenc#sha512",
	NULL,
};
#define EXC_C14N "http://www.w3.org/2001/10/xml-exc-c14n#"
#define ENVELOPED "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

struct guard {
	const xmlChar *ids[GUARD_MAX_IDS];
	int nids;
	int assertions;     /* Assertion and EncryptedAssertion elements */
	xmlNode *assertion; /* the (only) one */
	const char *why;
};

xmlDoc *sso_xml_read(const char *text, size_t len)
{
	xmlDoc *doc;

	/* A DTD is refused before parsing, so no entity is ever expanded. */
	if (len > SSO_XML_CAP || memmem(text, len, "<!DOCTYPE", 9) ||
	    memmem(text, len, "<!ENTITY", 8))
		return NULL;
	doc = xmlReadMemory(text, (int)len, NULL, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc && (doc->intSubset || doc->extSubset || !xmlDocGetRootElement(doc))) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

static bool is_el(const xmlNode *n, const char *ns, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, ns) && !strcmp((const char *)n->name, name);
}

static bool one_of(const xmlChar *v, const char *const *list)
{
	for (int i = 0; v && list[i]; i++)
		if (!strcmp((const char *)v, list[i]))
			return true;
	return false;
}

static xmlNode *first_el(xmlNode *n)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

static xmlNode *next_el(xmlNode *n)
{
	for (n = n->next; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

static bool alg_is(xmlNode *n, const char *ns, const char *name, const char *const *allowed)
{
	xmlChar *a;
	bool ok;

	if (!is_el(n, ns, name))
		return false;
	a = xmlGetNoNsProp(n, (const xmlChar *)"Algorithm");
	ok = one_of(a, allowed);
	xmlFree(a);
	return ok;
}

/* One ds:Signature: shape and algorithms; its Reference must name the
 * signature's parent by that parent's own ID. */
static bool check_signature(xmlNode *sig, struct guard *g)
{
	static const char *const c14n[] = {EXC_C14N, NULL};
	static const char *const transforms[] = {ENVELOPED, EXC_C14N, NULL};
	xmlNode *si = first_el(sig), *n, *ref, *t;
	xmlChar *uri = NULL, *id = NULL;
	bool ok = false;

	g->why = "signature: unexpected shape";
	if (!is_el(si, SSO_NS_DS, "SignedInfo"))
		return false;
	n = first_el(si);
	if (!alg_is(n, SSO_NS_DS, "CanonicalizationMethod", c14n)) {
		g->why = "signature: canonicalisation other than exclusive c14n";
		return false;
	}
	n = next_el(n);
	if (!alg_is(n, SSO_NS_DS, "SignatureMethod", sig_methods)) {
		g->why = "signature: algorithm other than RSA with SHA-256/384/512";
		return false;
	}
	ref = next_el(n);
	if (!is_el(ref, SSO_NS_DS, "Reference") || next_el(ref)) {
		g->why = "signature: not exactly one reference";
		return false;
	}
	n = first_el(ref);
	if (is_el(n, SSO_NS_DS, "Transforms")) {
		int count = 0;
		for (t = first_el(n); t; t = next_el(t)) {
			if (!alg_is(t, SSO_NS_DS, "Transform", transforms) || ++count > 2) {
				g->why =
					"signature: transform other than enveloped and exclusive c14n";
				return false;
			}
		}
		n = next_el(n);
	}
	if (!alg_is(n, SSO_NS_DS, "DigestMethod", digest_methods)) {
		g->why = "signature: digest other than SHA-256/384/512";
		return false;
	}
	/* SignatureValue, KeyInfo - and nothing else (no ds:Object to hide an
	 * element in) */
	n = next_el(si);
	if (!is_el(n, SSO_NS_DS, "SignatureValue"))
		return false;
	n = next_el(n);
	if (n && (!is_el(n, SSO_NS_DS, "KeyInfo") || next_el(n))) {
		g->why = "signature: element after KeyInfo (ds:Object)";
		return false;
	}
	uri = xmlGetNoNsProp(ref, (const xmlChar *)"URI");
	id = xmlGetNoNsProp(sig->parent, (const xmlChar *)"ID");
	if (!uri || !id || uri[0] != '#' || strcmp((const char *)uri + 1, (const char *)id)) {
		g->why = "signature: reference is not its parent's ID";
		goto out;
	}
	ok = true;
out:
	xmlFree(uri);
	xmlFree(id);
	return ok;
}

static bool walk(xmlNode *n, struct guard *g, int depth, xmlNode *root)
{
	if (depth > GUARD_MAX_DEPTH) {
		g->why = "document nested too deep";
		return false;
	}
	for (; n; n = n->next) {
		if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE) {
			g->why = "comment or processing instruction in the message";
			return false;
		}
		if (n->type == XML_ENTITY_REF_NODE || n->type == XML_DTD_NODE) {
			g->why = "entity reference in the message";
			return false;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (xmlAttr *a = n->properties; a; a = a->next) {
			if (a->ns || strcmp((const char *)a->name, "ID"))
				continue;
			xmlChar *v = xmlNodeGetContent((xmlNode *)a);
			if (g->nids == GUARD_MAX_IDS) {
				xmlFree(v);
				g->why = "too many ID attributes";
				return false;
			}
			for (int i = 0; i < g->nids; i++) {
				if (!strcmp((const char *)g->ids[i], (const char *)v)) {
					xmlFree(v);
					g->why = "duplicate ID attribute";
					return false;
				}
			}
			g->ids[g->nids++] = v;
		}
		if (is_el(n, SSO_NS_SAML, "Assertion") ||
		    is_el(n, SSO_NS_SAML, "EncryptedAssertion")) {
			g->assertions++;
			g->assertion = n;
		}
		if (is_el(n, SSO_NS_DS, "Signature")) {
			/* only directly under the message or its assertion */
			if (n->parent != root &&
			    !(is_el(n->parent, SSO_NS_SAML, "Assertion") &&
			      (n->parent == root || n->parent->parent == root))) {
				g->why = "signature in an unexpected place";
				return false;
			}
			if (!check_signature(n, g))
				return false;
		}
		if (!walk(n->children, g, depth + 1, root))
			return false;
	}
	return true;
}

static void guard_release(struct guard *g)
{
	for (int i = 0; i < g->nids; i++)
		xmlFree((xmlChar *)g->ids[i]);
	g->nids = 0;
}

bool sso_guard_response(const char *xml, size_t len, const char **why)
{
	struct guard g = {0};
	xmlDoc *doc = sso_xml_read(xml, len);
	xmlNode *root;
	bool ok = false;

	*why = "not an XML document (or one with a DOCTYPE)";
	if (!doc)
		return false;
	root = xmlDocGetRootElement(doc);
	if (!is_el(root, SSO_NS_SAMLP, "Response")) {
		*why = "not a samlp:Response";
		goto out;
	}
	if (!walk(root, &g, 0, root)) {
		*why = g.why;
		goto out;
	}
	if (g.assertions != 1 || g.assertion->parent != root) {
		*why = "not exactly one assertion directly in the response";
		goto out;
	}
	ok = true;
out:
	guard_release(&g);
	xmlFreeDoc(doc);
	return ok;
}

bool sso_guard_assertion(xmlNode *assertion, const char **why)
{
	struct guard g = {0};
	bool ok = false;

	if (!is_el(assertion, SSO_NS_SAML, "Assertion")) {
		*why = "decrypted element is not an assertion";
		return false;
	}
	/* walk the assertion alone: it is the root here */
	{
		xmlNode *next = assertion->next;
		assertion->next = NULL;
		ok = walk(assertion, &g, 0, assertion);
		assertion->next = next;
	}
	if (!ok) {
		*why = g.why;
	} else if (g.assertions != 1) {
		*why = "an assertion inside the assertion";
		ok = false;
	}
	guard_release(&g);
	return ok;
}

bool sso_guard_message(const char *xml, size_t len, const char **why)
{
	struct guard g = {0};
	xmlDoc *doc = sso_xml_read(xml, len);
	xmlNode *root;
	bool ok = false;

	*why = "not an XML document (or one with a DOCTYPE)";
	if (!doc)
		return false;
	root = xmlDocGetRootElement(doc);
	if (!walk(root, &g, 0, root)) {
		*why = g.why;
		goto out;
	}
	if (g.assertions) {
		*why = "an assertion in a logout message";
		goto out;
	}
	ok = true;
out:
	guard_release(&g);
	xmlFreeDoc(doc);
	return ok;
}
