/*
 * version.c - writing an archive version (see version.h).
 *
 * XML goes through libxml2's xmlTextWriter (escaping is the library's);
 * text is first cleaned of the characters XML 1.0 cannot carry. MD5 for
 * fileIndex.xml (the bekendtgørelse's checksum) comes from nettle.
 * Everything is read in one read transaction, so the tables agree with
 * each other and with the counts in tableIndex.xml.
 */
#include <errno.h>
#include <libxml/xmlwriter.h>
#include <nettle/md5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive/embedded.h"
#include "archive/version.h"
#include "rede/util.h"
#include "store/archive.h"
#include "store/cases.h"

#define NS_DIARK "http://www.sa.dk/xmlns/diark/1.0"
#define NS_XSI "http://www.w3.org/2001/XMLSchema-instance"
#define NS_TABLE "http://www.sa.dk/xmlns/siard/1.0/schema0/"
#define MEDIA_NUMBER 1
#define MAX_FILES (ARCHIVE_MAX_TABLES * 2 + 32)

/* ---- sorted id sets (the cases a version holds) ---- */
struct idset {
	int64_t *v;
	int n, alloc;
};

static void idset_add(struct idset *s, int64_t id)
{
	if (!id)
		return;
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 256;
		s->v = xrealloc(s->v, (size_t)s->alloc * sizeof(*s->v));
	}
	s->v[s->n++] = id;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static void idset_seal(struct idset *s)
{
	int w = 0;

	if (!s->n)
		return;
	qsort(s->v, (size_t)s->n, sizeof(*s->v), cmp64);
	for (int i = 0; i < s->n; i++)
		if (!w || s->v[w - 1] != s->v[i])
			s->v[w++] = s->v[i];
	s->n = w;
}

static bool idset_has(const struct idset *s, int64_t id)
{
	return s->n && bsearch(&id, s->v, (size_t)s->n, sizeof(*s->v), cmp64);
}

/* ---- the writing state ---- */
struct file_entry {
	char folder[64]; /* relative, with '/' */
	char name[48];
};

struct writer {
	const struct archive_opts *o;
	const struct crypto_keys *keys;
	struct idset sets[ROOT__COUNT];
	struct file_entry files[MAX_FILES];
	int nfiles;
	char *msg;
	/* the table being written */
	xmlTextWriterPtr w;
	const struct archive_table *t;
	int ncols;
	int64_t rows;
	int64_t maxlen[ARCHIVE_MAX_COLS];
	bool failed;
};

static bool fail(struct writer *x, const char *fmt, const char *what)
{
	if (!x->msg)
		x->msg = xasprintf(fmt, what, strerror(errno));
	x->failed = true;
	return false;
}

/* Record a file for fileIndex.xml. */
static void add_file(struct writer *x, const char *folder, const char *name)
{
	if (x->nfiles < MAX_FILES) {
		snprintf(x->files[x->nfiles].folder, sizeof(x->files[0].folder), "%s", folder);
		snprintf(x->files[x->nfiles].name, sizeof(x->files[0].name), "%s", name);
		x->nfiles++;
	}
}

static char *path_of(struct writer *x, const char *folder, const char *name)
{
	return xasprintf("%s/%s/%s", x->o->dir, folder, name);
}

static bool mkdirs(struct writer *x, const char *rel)
{
	char *p = xasprintf("%s/%s", x->o->dir, rel);

	for (char *s = p + strlen(x->o->dir) + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			fail(x, "%s: %s", p);
			free(p);
			return false;
		}
		*s = '/';
	}
	if (mkdir(p, 0700) != 0 && errno != EEXIST) {
		fail(x, "%s: %s", p);
		free(p);
		return false;
	}
	free(p);
	return true;
}

/* Text XML 1.0 can carry: drop control characters other than tab, line
 * feed and carriage return, and replace bytes that are not UTF-8. */
static char *xml_clean(const char *s)
{
	size_t n = strlen(s), w = 0;
	char *out = xmalloc(n + 1);

	for (size_t i = 0; i < n;) {
		unsigned char ch = (unsigned char)s[i];
		int len = ch < 0x80         ? 1
			  : (ch >> 5) == 6  ? 2
			  : (ch >> 4) == 14 ? 3
			  : (ch >> 3) == 30 ? 4
					    : 0;
		bool ok = len > 0 && i + (size_t)len <= n;

		for (int k = 1; ok && k < len; k++)
			ok = ((unsigned char)s[i + k] >> 6) == 2;
		if (!ok) {
			out[w++] = '?';
			i++;
			continue;
		}
		if (len == 1 && ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') {
			i++;
			continue;
		}
		memcpy(out + w, s + i, (size_t)len);
		w += (size_t)len;
		i += (size_t)len;
	}
	out[w] = 0;
	return out;
}

static int64_t utf8_chars(const char *s)
{
	int64_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* libxml2 calls return < 0 on failure. */
#define XW(x, call)                                                                                \
	do {                                                                                       \
		if ((call) < 0 && !(x)->failed) {                                                  \
			(x)->failed = true;                                                        \
			if (!(x)->msg)                                                             \
				(x)->msg = xasprintf("writing XML failed");                        \
		}                                                                                  \
	} while (0)

static void elem(struct writer *x, const char *name, const char *text)
{
	char *clean = xml_clean(text);

	XW(x, xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST clean));
	free(clean);
}

static void elem_bool(struct writer *x, const char *name, bool v)
{
	elem(x, name, v ? "true" : "false");
}

static void elem_int(struct writer *x, const char *name, int64_t v)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
	elem(x, name, tmp);
}

static bool open_xml(struct writer *x, const char *folder, const char *name)
{
	char *path = path_of(x, folder, name);

	x->w = xmlNewTextWriterFilename(path, 0);
	if (!x->w) {
		fail(x, "%s: %s", path);
		free(path);
		return false;
	}
	free(path);
	XW(x, xmlTextWriterSetIndent(x->w, 1));
	XW(x, xmlTextWriterSetIndentString(x->w, BAD_CAST "  "));
	XW(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
	add_file(x, folder, name);
	return !x->failed;
}

static bool close_xml(struct writer *x)
{
	XW(x, xmlTextWriterEndDocument(x->w));
	xmlFreeTextWriter(x->w);
	x->w = NULL;
	return !x->failed;
}

/* Root element in namespace ns, with its schema's location. */
static void start_root(struct writer *x, const char *name, const char *ns, const char *xsd)
{
	char *loc = xasprintf("%s %s", ns, xsd);

	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "xmlns", BAD_CAST ns));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "xmlns:xsi", BAD_CAST NS_XSI));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "xsi:schemaLocation", BAD_CAST loc));
	free(loc);
}

static bool write_text_file(struct writer *x, const char *folder, const char *name,
			    const char *text)
{
	char *path = path_of(x, folder, name);
	FILE *f = fopen(path, "w");
	bool ok = f && fputs(text, f) >= 0;

	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		fail(x, "%s: %s", path);
	free(path);
	add_file(x, folder, name);
	return ok;
}

/* ---- tables ---- */

static const char *const xsd_types[AT__COUNT] = {
	"xs:integer", "xs:string", "xs:date", "xs:dateTime", "xs:boolean", "xs:string",
};

static int row_cb(void *arg, int64_t root_id, const char *const *values)
{
	struct writer *x = arg;

	if (x->t->root != ROOT_REFERENCE && !idset_has(&x->sets[x->t->root], root_id))
		return 0;
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "row"));
	for (int i = 0; i < x->ncols && !x->failed; i++) {
		const struct archive_column *col = &x->t->cols[i];
		char cname[16], tmp[32], cpr[11];
		const char *v = values[i];

		snprintf(cname, sizeof(cname), "c%d", i + 1);
		if (v && col->type == AT_CPR) {
			if (crypto_cpr_decrypt(x->keys, v, cpr) != REDE_OK) {
				if (!x->msg)
					x->msg = xasprintf("a CPR number in table %s does not open "
							   "with this key file",
							   x->t->name);
				x->failed = true;
				break;
			}
			v = cpr;
		} else if (v && col->type == AT_BOOL) {
			v = strcmp(v, "0") ? "true" : "false";
		} else if (v && col->type == AT_TIME) {
			char iso[25];

			rede_time_iso(strtoll(v, NULL, 10) * 1000, iso);
			snprintf(tmp, sizeof(tmp), "%.19s", iso); /* YYYY-MM-DDTHH:MM:SS, UTC */
			v = tmp;
		}
		if (!v) {
			XW(x, xmlTextWriterStartElement(x->w, BAD_CAST cname));
			XW(x,
			   xmlTextWriterWriteAttribute(x->w, BAD_CAST "xsi:nil", BAD_CAST "true"));
			XW(x, xmlTextWriterEndElement(x->w));
			continue;
		}
		if (col->type == AT_TEXT && utf8_chars(v) > x->maxlen[i])
			x->maxlen[i] = utf8_chars(v);
		elem(x, cname, v);
		if (col->type == AT_CPR)
			memset(cpr, 0, sizeof(cpr));
	}
	XW(x, xmlTextWriterEndElement(x->w));
	x->rows++;
	return x->failed;
}

static bool write_table_xsd(struct writer *x, const char *folder, int number)
{
	char name[32], ns[96];

	snprintf(name, sizeof(name), "table%d.xsd", number);
	snprintf(ns, sizeof(ns), NS_TABLE "table%d.xsd", number);
	if (!open_xml(x, folder, name))
		return false;
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "xs:schema"));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "xmlns:xs",
					  BAD_CAST "http://www.w3.org/2001/XMLSchema"));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "xmlns", BAD_CAST ns));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "targetNamespace", BAD_CAST ns));
	XW(x,
	   xmlTextWriterWriteAttribute(x->w, BAD_CAST "elementFormDefault", BAD_CAST "qualified"));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "attributeFormDefault",
					  BAD_CAST "unqualified"));
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "xs:element"));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "name", BAD_CAST "table"));
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "xs:complexType"));
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "xs:sequence"));
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "xs:element"));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "minOccurs", BAD_CAST "0"));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "maxOccurs", BAD_CAST "unbounded"));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "name", BAD_CAST "row"));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "type", BAD_CAST "rowType"));
	XW(x, xmlTextWriterEndElement(x->w)); /* element row */
	XW(x, xmlTextWriterEndElement(x->w)); /* sequence */
	XW(x, xmlTextWriterEndElement(x->w)); /* complexType */
	XW(x, xmlTextWriterEndElement(x->w)); /* element table */
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "xs:complexType"));
	XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "name", BAD_CAST "rowType"));
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "xs:sequence"));
	for (int i = 0; i < x->ncols; i++) {
		char cname[16];

		snprintf(cname, sizeof(cname), "c%d", i + 1);
		XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "xs:element"));
		XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "name", BAD_CAST cname));
		XW(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST "type",
						  BAD_CAST xsd_types[x->t->cols[i].type]));
		if (x->t->cols[i].nullable)
			XW(x,
			   xmlTextWriterWriteAttribute(x->w, BAD_CAST "nillable", BAD_CAST "true"));
		XW(x, xmlTextWriterEndElement(x->w));
	}
	XW(x, xmlTextWriterEndElement(x->w)); /* sequence */
	XW(x, xmlTextWriterEndElement(x->w)); /* complexType */
	XW(x, xmlTextWriterEndElement(x->w)); /* schema */
	return close_xml(x);
}

static bool write_table(struct writer *x, struct store_conn *c, int i, struct archive_result *r)
{
	char folder[32], name[32], ns[96], xsd[32];
	enum rede_err err;

	x->t = &archive_tables[i];
	x->ncols = archive_table_ncols(x->t);
	x->rows = 0;
	memset(x->maxlen, 0, sizeof(x->maxlen));
	snprintf(folder, sizeof(folder), "Tables/table%d", i + 1);
	snprintf(name, sizeof(name), "table%d.xml", i + 1);
	snprintf(xsd, sizeof(xsd), "table%d.xsd", i + 1);
	snprintf(ns, sizeof(ns), NS_TABLE "table%d.xsd", i + 1);
	if (!mkdirs(x, folder) || !open_xml(x, folder, name))
		return false;
	start_root(x, "table", ns, xsd);
	err = store_archive_rows(c, x->t, x->o->municipality_id, row_cb, x);
	if (err && !x->msg)
		x->msg = xasprintf("reading table %s failed: %s", x->t->name, rede_err_name(err));
	if (err)
		x->failed = true;
	XW(x, xmlTextWriterEndElement(x->w));
	if (!close_xml(x))
		return false;
	r->table_rows[i] = x->rows;
	r->rows += x->rows;
	return write_table_xsd(x, folder, i + 1);
}

/* ---- indices ---- */

static const char *sql1999(const struct archive_column *col, int64_t maxlen, char *buf, size_t n)
{
	switch (col->type) {
	case AT_INT: return "INTEGER";
	case AT_DATE: return "DATE";
	case AT_TIME: return "TIMESTAMP";
	case AT_BOOL: return "BOOLEAN";
	case AT_CPR: return "CHARACTER(10)";
	default:
		snprintf(buf, n, "NATIONAL CHARACTER VARYING(%lld)",
			 (long long)(maxlen > 0 ? maxlen : 1));
		return buf;
	}
}

static const char *const original_types[AT__COUNT] = {
	"BIGINT", "TEXT", "TEXT", "BIGINT", "INTEGER", "TEXT",
};

/* The longest text per column, kept from writing the tables. */
struct lengths {
	int64_t v[ARCHIVE_MAX_TABLES][ARCHIVE_MAX_COLS];
};

static bool write_table_index(struct writer *x, const struct archive_result *r,
			      const struct lengths *len)
{
	if (!open_xml(x, "Indices", "tableIndex.xml"))
		return false;
	start_root(x, "siardDiark", NS_DIARK, "../Schemas/standard/tableIndex.xsd");
	elem(x, "version", "1.0");
	elem(x, "dbName", "Rede");
	elem(x, "databaseProduct", "Rede (SQLite 3 eller PostgreSQL)");
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "tables"));
	for (int i = 0; i < archive_tables_count; i++) {
		const struct archive_table *t = &archive_tables[i];
		int ncols = archive_table_ncols(t), nfk = 0;
		char folder[32], pk[96], type[64];

		snprintf(folder, sizeof(folder), "table%d", i + 1);
		XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "table"));
		elem(x, "name", t->name);
		elem(x, "folder", folder);
		elem(x, "description", t->description);
		XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "columns"));
		for (int j = 0; j < ncols; j++) {
			char cid[16];

			snprintf(cid, sizeof(cid), "c%d", j + 1);
			XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "column"));
			elem(x, "name", t->cols[j].name);
			elem(x, "columnID", cid);
			elem(x, "type", sql1999(&t->cols[j], len->v[i][j], type, sizeof(type)));
			elem(x, "typeOriginal", original_types[t->cols[j].type]);
			elem_bool(x, "nullable", t->cols[j].nullable);
			elem(x, "description", t->cols[j].description);
			XW(x, xmlTextWriterEndElement(x->w));
			if (t->cols[j].fk_table)
				nfk++;
		}
		XW(x, xmlTextWriterEndElement(x->w)); /* columns */
		XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "primaryKey"));
		snprintf(pk, sizeof(pk), "PK_%s", t->name);
		elem(x, "name", pk);
		for (int k = 0; k < 3 && t->pk[k]; k++)
			elem(x, "column", t->pk[k]);
		XW(x, xmlTextWriterEndElement(x->w));
		if (nfk) {
			XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "foreignKeys"));
			for (int j = 0; j < ncols; j++) {
				char fk[160];

				if (!t->cols[j].fk_table)
					continue;
				snprintf(fk, sizeof(fk), "FK_%s_%s", t->name, t->cols[j].name);
				XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "foreignKey"));
				elem(x, "name", fk);
				elem(x, "referencedTable", t->cols[j].fk_table);
				XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "reference"));
				elem(x, "column", t->cols[j].name);
				elem(x, "referenced", t->cols[j].fk_column);
				XW(x, xmlTextWriterEndElement(x->w));
				XW(x, xmlTextWriterEndElement(x->w));
			}
			XW(x, xmlTextWriterEndElement(x->w));
		}
		elem_int(x, "rows", r->table_rows[i]);
		XW(x, xmlTextWriterEndElement(x->w)); /* table */
	}
	XW(x, xmlTextWriterEndElement(x->w)); /* tables */
	XW(x, xmlTextWriterEndElement(x->w)); /* siardDiark */
	return close_xml(x);
}

static const char system_purpose[] =
	"Rede er et sags-, resultat- og evalueringssystem for kommunernes tidlige, forebyggende "
	"indsatser for familier med børn under 3 år (1.000-dages-programmet, Finansloven 2019): "
	"hjemmepædagogiske forløb, sundhedsplejens ekstra hjemmebesøg ved 1½ og 3 år, "
	"COS-P-forældrekurser (Tryghedscirklen) og samarbejdet med dagtilbud. Systemet understøtter "
	"visitation, det løbende arbejde i forløbene og kommunens afrapportering til den "
	"tværkommunale evaluering.";

static const char system_content[] =
	"Familier med børn og forældre (navne, CPR-numre, kontaktoplysninger, samtykker), "
	"henvisninger med risikofaktorer og visitationsafgørelser, forløb med mål, vurderinger, "
	"kontakter og afslutning med forældrenes evaluering, sundhedsplejens tilbud og besøg med "
	"emner og materialer, COS-P-tilbud med fremmøde, familiegrupper med dagtilbuddets daglige "
	"scorer, overleveringssamtaler til dagtilbud, samt kommunens enheder og medarbejdere.";

static bool write_archive_index(struct writer *x, const char *first_day)
{
	const struct archive_opts *o = x->o;

	if (!open_xml(x, "Indices", "archiveIndex.xml"))
		return false;
	start_root(x, "archiveIndex", NS_DIARK, "../Schemas/standard/archiveIndex.xsd");
	elem(x, "archiveInformationPackageID", o->avid);
	if (o->previous_avid && *o->previous_avid)
		elem(x, "archiveInformationPackageIDPrevious", o->previous_avid);
	elem(x, "archivePeriodStart", first_day);
	elem(x, "archivePeriodEnd", o->through);
	elem_bool(x, "archiveInformationPacketType", false);
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "archiveCreatorList"));
	elem(x, "creatorName", o->municipality_name);
	elem(x, "creationPeriodStart", first_day);
	elem(x, "creationPeriodEnd", o->through);
	XW(x, xmlTextWriterEndElement(x->w));
	elem_bool(x, "archiveType", true);
	elem(x, "systemName",
	     "Rede - sags-, resultat- og evalueringssystem for tidlige indsatser "
	     "for familier med børn under 3 år");
	elem(x, "alternativeName", "Rede");
	elem(x, "systemPurpose", system_purpose);
	elem(x, "systemContent", system_content);
	elem_bool(x, "regionNum", false);
	elem_bool(x, "komNum", true);
	elem_bool(x, "cprNum", true);
	elem_bool(x, "cvrNum", false);
	elem_bool(x, "matrikNum", false);
	elem_bool(x, "bbrNum", false);
	elem_bool(x, "whoSygKod", false);
	elem_bool(x, "containsDigitalDocuments", false);
	elem_bool(x, "searchRelatedOtherRecords", false);
	elem_bool(x, "systemFileConcept", false);
	elem_bool(x, "multipleDataCollection", false);
	elem_bool(x, "personalDataRestrictedInfo", true);
	elem_bool(x, "otherAccessTypeRestrictions", false);
	elem(x, "archiveApproval", o->archive_code);
	XW(x, xmlTextWriterEndElement(x->w));
	return close_xml(x);
}

static char *context_text(struct writer *x, const char *first_day)
{
	struct buf b;

	buf_init(&b, 0);
	buf_printf(&b, "Arkiveringsversion %s af Rede for %s\n\n", x->o->avid,
		   x->o->municipality_name);
	buf_printf(&b, "Periode: %s til %s.\n\n", first_day, x->o->through);
	buf_printf(&b, "Systemets formål\n%s\n\nSystemets indhold\n%s\n\n", system_purpose,
		   system_content);
	buf_adds(&b,
		 "Hvad versionen indeholder\n"
		 "Versionen indeholder de sager, der var afsluttet senest på periodens slutdato: "
		 "forløb (afsluttet, eller for COS-P og familiegrupper: holdet/gruppen sluttet), "
		 "henvisninger uden forløb med endelig afgørelse, sundhedsplejens tilbud, som er "
		 "besøgt, afslået eller hvor familien ikke kunne træffes, og "
		 "overleveringssamtaler - med familiens personer og samtykker - samt kommunens "
		 "enheder, medarbejdere, materialer, COS-P-hold og familiegrupper. Sager, der var "
		 "åbne på slutdatoen, kommer med i en senere version. Sager, som Rede allerede "
		 "har slettet efter en tidligere aflevering, er ikke med igen.\n\n"
		 "Tabeller og kolonner er beskrevet i Indices/tableIndex.xml. Datoer er "
		 "kalenderdage; tidspunkter (kolonner der ender på _at) er UTC. CPR-numre er "
		 "afleveret i klar tekst (ti cifre). Koder (fx status, årsager) er forklaret i "
		 "kolonnebeskrivelserne.\n\n"
		 "Dannelse\n"
		 "Versionen er dannet af kommandoen 'rede archive export' i én sammenhængende "
		 "læsning af databasen. Rede sletter først oplysninger efter udløbet "
		 "opbevaringsfrist, når en aflevering af versionen er registreret ('rede archive "
		 "delivered').\n");
	return buf_detach(&b, NULL);
}

static bool write_context(struct writer *x, const char *first_day)
{
	char *text = context_text(x, first_day);
	char date[11];
	bool ok;

	ok = mkdirs(x, "ContextDocumentation/docCollection1/1") &&
	     write_text_file(x, "ContextDocumentation/docCollection1/1", "1.txt", text);
	free(text);
	if (!ok || !open_xml(x, "Indices", "contextDocumentationIndex.xml"))
		return false;
	rede_date_format(x->o->today, date);
	start_root(x, "contextDocumentationIndex", NS_DIARK,
		   "../Schemas/standard/contextDocumentationIndex.xsd");
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "document"));
	elem(x, "documentID", "1");
	elem(x, "documentTitle", "Beskrivelse af Rede og af arkiveringsversionen");
	elem(x, "documentDescription",
	     "Systemets formål og indhold, hvilke sager versionen "
	     "omfatter, og hvordan den er dannet.");
	elem(x, "documentDate", date);
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "documentAuthor"));
	elem(x, "authorInstitution", x->o->municipality_name);
	XW(x, xmlTextWriterEndElement(x->w));
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "documentCategory"));
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "systemInformation"));
	elem_bool(x, "systemPurpose", true);
	elem_bool(x, "systemContent", true);
	XW(x, xmlTextWriterEndElement(x->w));
	XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "submissionInformation"));
	elem_bool(x, "archivalTransformationInformation", true);
	XW(x, xmlTextWriterEndElement(x->w));
	XW(x, xmlTextWriterEndElement(x->w)); /* documentCategory */
	XW(x, xmlTextWriterEndElement(x->w)); /* document */
	XW(x, xmlTextWriterEndElement(x->w));
	return close_xml(x);
}

static bool write_schemas(struct writer *x)
{
	if (!mkdirs(x, "Schemas/standard"))
		return false;
	for (int i = 0; i < archive_schemas_count; i++)
		if (!write_text_file(x, "Schemas/standard", archive_schemas[i].name,
				     archive_schemas[i].text))
			return false;
	return true;
}

static bool md5_file(const char *path, char out[33])
{
	struct md5_ctx ctx;
	uint8_t digest[MD5_DIGEST_SIZE], chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return false;
	md5_init(&ctx);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		md5_update(&ctx, n, chunk);
	if (ferror(f)) {
		fclose(f);
		return false;
	}
	fclose(f);
	md5_digest(&ctx, sizeof(digest), digest);
	for (int i = 0; i < MD5_DIGEST_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02X", digest[i]);
	return true;
}

/* fileIndex.xml: every file so far with its MD5; folders as
 * AVID.XXX.n.m\Folder\Sub. */
static bool write_file_index(struct writer *x, char md5_out[33])
{
	int n = x->nfiles;
	char *path;
	bool ok;

	if (!open_xml(x, "Indices", "fileIndex.xml"))
		return false;
	start_root(x, "fileIndex", NS_DIARK, "../Schemas/standard/fileIndex.xsd");
	for (int i = 0; i < n && !x->failed; i++) {
		char sum[33], folder[128];

		path = path_of(x, x->files[i].folder, x->files[i].name);
		ok = md5_file(path, sum);
		if (!ok)
			fail(x, "%s: %s", path);
		free(path);
		snprintf(folder, sizeof(folder), "%s.%d\\%s", x->o->avid, MEDIA_NUMBER,
			 x->files[i].folder);
		for (char *p = folder; *p; p++)
			if (*p == '/')
				*p = '\\';
		XW(x, xmlTextWriterStartElement(x->w, BAD_CAST "f"));
		elem(x, "foN", folder);
		elem(x, "fiN", x->files[i].name);
		elem(x, "md5", sum);
		XW(x, xmlTextWriterEndElement(x->w));
	}
	XW(x, xmlTextWriterEndElement(x->w));
	if (!close_xml(x))
		return false;
	path = path_of(x, "Indices", "fileIndex.xml");
	ok = md5_file(path, md5_out);
	free(path);
	return ok;
}

/* ---- the whole version ---- */

struct tx_arg {
	struct writer *x;
	struct archive_result *r;
	struct lengths *len;
};

static void select_cases(struct writer *x, const struct store_case_list *l, int32_t through)
{
	for (int i = 0; i < l->n; i++) {
		const struct store_case *k = &l->items[i];
		bool in = !k->erased && k->end != CORE_NO_DATE && k->end <= through;

		switch (k->kind) {
		case CASE_COURSE:
			if (in) {
				idset_add(&x->sets[ROOT_ENROLMENT], k->id);
				idset_add(&x->sets[ROOT_REFERRAL], k->referral_id);
			}
			break;
		case CASE_REFERRAL:
			if (in)
				idset_add(&x->sets[ROOT_REFERRAL], k->id);
			break;
		case CASE_HEALTH_VISIT:
			if (in)
				idset_add(&x->sets[ROOT_OFFER], k->id);
			break;
		case CASE_HANDOVER:
			if (in)
				idset_add(&x->sets[ROOT_HANDOVER], k->id);
			break;
		case CASE_FAMILY:
			/* a family without any case is delivered on its own */
			if (in && k->cases == 0)
				idset_add(&x->sets[ROOT_FAMILY], k->id);
			break;
		default: break;
		}
		if (in && k->kind != CASE_FAMILY)
			idset_add(&x->sets[ROOT_FAMILY], k->family_id);
	}
	for (int i = 0; i < ROOT__COUNT; i++)
		idset_seal(&x->sets[i]);
}

static enum rede_err write_body(struct store_conn *c, void *arg)
{
	struct tx_arg *a = arg;
	struct writer *x = a->x;
	struct store_case_list cases;
	char first_day[11];
	int32_t through;
	enum rede_err err;

	/* a retried transaction starts again from nothing */
	for (int i = 0; i < ROOT__COUNT; i++) {
		free(x->sets[i].v);
		memset(&x->sets[i], 0, sizeof(x->sets[i]));
	}
	x->nfiles = 0;
	memset(a->r, 0, sizeof(*a->r));
	rede_date_parse(x->o->through, &through);
	err = store_cases_load(c, x->o->municipality_id, x->o->today, &cases);
	if (err)
		return err;
	select_cases(x, &cases, through);
	store_case_list_release(&cases);
	err = store_archive_first_day(c, x->o->municipality_id, first_day);
	if (err)
		return err;
	if (!first_day[0] || strcmp(first_day, x->o->through) > 0)
		snprintf(first_day, sizeof(first_day), "%s", x->o->through);
	for (int i = 0; i < archive_tables_count && !x->failed; i++) {
		if (!write_table(x, c, i, a->r))
			break;
		memcpy(a->len->v[i], x->maxlen, sizeof(x->maxlen));
	}
	if (!x->failed && mkdirs(x, "Indices") && write_table_index(x, a->r, a->len) &&
	    write_archive_index(x, first_day) && write_context(x, first_day) && write_schemas(x))
		write_file_index(x, a->r->file_index_md5);
	a->r->tables = archive_tables_count;
	a->r->files = x->nfiles + 1;
	return x->failed ? REDE_E_ABORTED : REDE_OK;
}

bool archive_avid_valid(const char *avid)
{
	const char *p;
	int letters = 0;

	if (!avid || !str_starts(avid, "AVID."))
		return false;
	for (p = avid + 5; *p >= 'A' && *p <= 'Z'; p++)
		letters++;
	if (letters < 2 || letters > 4 || *p != '.' || p[1] < '1' || p[1] > '9')
		return false;
	for (p += 2; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return strlen(avid) < 32;
}

enum rede_err archive_write(struct store *s, const struct crypto_keys *keys,
			    const struct archive_opts *o, struct archive_result *r, char **msg)
{
	struct writer *x = xcalloc(1, sizeof(*x));
	struct lengths *len = xcalloc(1, sizeof(*len));
	struct tx_arg a = {x, r, len};
	enum rede_err err;

	*msg = NULL;
	x->o = o;
	x->keys = keys;
	if (archive_tables_count > ARCHIVE_MAX_TABLES) {
		*msg = xasprintf("too many tables");
		err = REDE_E_STORE;
		goto out;
	}
	if (mkdir(o->dir, 0700) != 0 && errno != EEXIST) {
		*msg = xasprintf("%s: %s", o->dir, strerror(errno));
		err = REDE_E_STORE;
		goto out;
	}
	err = store_tx_run(s, STORE_TX_READ, write_body, &a);
	if (x->failed || err) {
		*msg = x->msg ? x->msg
			      : xasprintf("reading the database failed: %s", rede_err_name(err));
		x->msg = NULL;
		if (!err)
			err = REDE_E_STORE;
	}
out:
	for (int i = 0; i < ROOT__COUNT; i++)
		free(x->sets[i].v);
	free(x->msg);
	if (x->w)
		xmlFreeTextWriter(x->w);
	free(x);
	free(len);
	return err;
}
