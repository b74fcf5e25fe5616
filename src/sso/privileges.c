/*
 * privileges.c - the user's job-function roles from KOMBIT: the OIO Basic
 * Privilege Profile (1.0 to 1.2) value of the attribute
 * https://data.gov.dk/model/core/eid/privilegesIntermediate.
 *
 * The value is base64 of an XML document:
 *
 *   <bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile">
 *     <PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:29189838">
 *       <Privilege>http://kombit.dk/roles/jobrole/rede-koordinator/1</Privilege>
 *       <Constraint Name="...">...</Constraint>
 *     </PrivilegeGroup>
 *   </bpp:PrivilegeList>
 *
 * Only privileges in a group scoped to the municipality's own CVR count:
 * a user of another organisation signs in with no privilege here. Parsed
 * with libxml2 (no DTD, no network); the assertion's signature, checked
 * before this runs, covers the value.
 */
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "sso/sso_internal.h"

#define PRIV_MAX 256
#define PRIV_MAX_LEN 512
#define PRIV_B64_CAP (256 * 1024)
#define SCOPE_PREFIX "urn:dk:gov:saml:cvrNumberIdentifier:"

static bool local_is(const xmlNode *n, const char *name)
{
	/* children are unqualified in the profile's examples, qualified in
	 * some producers: accept no namespace or the profile's */
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name) &&
	       (!n->ns || (n->ns->href && !strcmp((const char *)n->ns->href, SSO_NS_BPP)));
}

static char *trimmed(xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s, *e, *out;

	if (!v)
		return NULL;
	s = (char *)v;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		e--;
	out = (e > s && (size_t)(e - s) <= PRIV_MAX_LEN) ? xstrndup(s, (size_t)(e - s)) : NULL;
	xmlFree(v);
	return out;
}

bool sso_privileges_parse(const char *b64, const char *cvr, char ***out, size_t *n,
			  const char **why)
{
	size_t len = 0, count = 0;
	char *xml = sso_b64_decode(b64, PRIV_B64_CAP, &len);
	char **list = xcalloc(PRIV_MAX + 1, sizeof(*list));
	char scope[64];
	xmlDoc *doc = NULL;
	xmlNode *root;
	bool ok = false;

	*out = NULL;
	*n = 0;
	snprintf(scope, sizeof(scope), SCOPE_PREFIX "%s", cvr ? cvr : "");
	*why = "privileges: not base64";
	if (!xml)
		goto out;
	doc = sso_xml_read(xml, len);
	*why = "privileges: not an XML document";
	if (!doc)
		goto out;
	root = xmlDocGetRootElement(doc);
	*why = "privileges: not a bpp:PrivilegeList";
	if (!root->ns || !root->ns->href || strcmp((const char *)root->ns->href, SSO_NS_BPP) ||
	    strcmp((const char *)root->name, "PrivilegeList"))
		goto out;
	for (xmlNode *g = root->children; g; g = g->next) {
		xmlChar *sc;
		bool ours;

		if (g->type != XML_ELEMENT_NODE)
			continue;
		if (!local_is(g, "PrivilegeGroup")) {
			*why = "privileges: unexpected element in the list";
			goto out;
		}
		sc = xmlGetNoNsProp(g, (const xmlChar *)"Scope");
		ours = sc && cvr && *cvr && !strcmp((const char *)sc, scope);
		xmlFree(sc);
		if (!ours)
			continue;
		for (xmlNode *p = g->children; p; p = p->next) {
			char *v;

			if (p->type != XML_ELEMENT_NODE || !local_is(p, "Privilege"))
				continue;
			v = trimmed(p);
			if (!v)
				continue;
			if (count == PRIV_MAX) {
				free(v);
				*why = "privileges: too many";
				goto out;
			}
			list[count++] = v;
		}
	}
	ok = true;
	*out = list;
	*n = count;
	list = NULL;
out:
	sso_strv_free(list);
	if (doc)
		xmlFreeDoc(doc);
	free(xml);
	return ok;
}
