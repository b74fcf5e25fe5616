/*
 * cmd_archive.c - `rede archive export | delivered | list`: the archive
 * versions (arkiveringsversioner) of a municipality's records, and the
 * deliveries that let retention delete what they hold.
 *
 * export     writes the version (src/archive/version.c) of the cases that
 *            had ended by --through into an empty --out folder, and records
 *            the export (with the MD5 of its fileIndex.xml) on the audit log.
 * delivered  records that the archive received the export through that
 *            date (its receipt as --reference). Retention deletes nothing
 *            that no recorded delivery covers (bekendtgørelse nr. 128, § 5:
 *            a municipality delivers personal data before it deletes it).
 * list       the exports and deliveries, oldest first.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archive/version.h"
#include "cli/cli.h"
#include "rede/util.h"
#include "store/archive.h"
#include "store/audit.h"
#include "store/tenancy.h"

static const char archive_help[] =
	"usage: rede archive export --municipality CODE --through DATE --out DIR\n"
	"                           [--avid AVID.XXX.n] [--archive SA] [--db PATH|URL] [--key FILE]\n"
	"       rede archive delivered --municipality CODE --through DATE --reference TEXT\n"
	"                           [--db PATH|URL]\n"
	"       rede archive list [--municipality CODE] [--db PATH|URL]\n"
	"\n"
	"export     write an archive version (bekendtgørelse nr. 128 af 12. februar 2020)\n"
	"           of the cases that had ended by DATE into DIR (new or empty):\n"
	"           Indices/, Schemas/standard/, Tables/tableN/, ContextDocumentation/.\n"
	"           --avid is the ID the receiving archive gave the version (default\n"
	"           AVID.REDE.<n>); --archive its code (default SA, Rigsarkivet).\n"
	"delivered  record that the archive received the version exported through\n"
	"           DATE; --reference is its receipt (journal number or similar).\n"
	"           Retention deletes only what a recorded delivery covers.\n"
	"list       exports and deliveries, oldest first.\n";

struct args {
	const char *verb, *code, *through, *out, *avid, *archive, *reference;
};

static bool dir_empty_or_new(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool empty = true;

	if (!d)
		return errno == ENOENT;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	return empty;
}

static bool valid_through(const char *through)
{
	int32_t d;

	if (!through || !rede_date_parse(through, &d)) {
		fprintf(stderr, "rede: --through needs a date YYYY-MM-DD\n");
		return false;
	}
	if (d > cli_today()) {
		fprintf(stderr, "rede: --through lies in the future\n");
		return false;
	}
	return true;
}

struct record_arg {
	struct archive_export_row e;
	const char *reference;
	int64_t delivery_id;
	int64_t next;
	bool missing;
	char previous[40];
};

static enum rede_err prepare_body(struct store_conn *c, void *p)
{
	struct record_arg *a = p;
	enum rede_err err = store_archive_export_count(c, a->e.municipality_id, &a->next);

	a->next++;
	return err ? err : store_archive_last_avid(c, a->e.municipality_id, a->previous);
}

static enum rede_err export_record_body(struct store_conn *c, void *p)
{
	struct record_arg *a = p;
	enum rede_err err = store_archive_export_add(c, &a->e);

	return err ? err
		   : cli_audit(c, a->e.municipality_id, "export", "archive_export", a->e.id,
			       "cli archive export");
}

static int do_export(struct cli_common *o, const struct args *g)
{
	struct municipality_row m = {0};
	struct archive_result r;
	struct record_arg rec = {0};
	struct archive_opts ao = {0};
	struct crypto_keys *keys = NULL;
	struct store *s = NULL;
	char avid[40], *msg = NULL;
	int rc = 1;
	enum rede_err err;

	if (!valid_through(g->through) || !g->out)
		return 2;
	if (g->avid && !archive_avid_valid(g->avid)) {
		fprintf(stderr, "rede: --avid must look like AVID.SA.12345\n");
		return 2;
	}
	if (g->archive &&
	    (strlen(g->archive) < 2 || strlen(g->archive) > 4 ||
	     strspn(g->archive, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(g->archive))) {
		fprintf(stderr, "rede: --archive is the archive's code, 2-4 capital letters\n");
		return 2;
	}
	if (!dir_empty_or_new(g->out)) {
		fprintf(stderr,
			"rede: %s is not empty; an archive version goes into a new folder\n",
			g->out);
		return 1;
	}
	umask(077);
	keys = cli_keys(o);
	if (!keys)
		return 1;
	s = cli_open(o, false);
	if (!s || !cli_municipality(s, g->code, &m))
		goto out;
	rec.e.municipality_id = m.id;
	err = store_tx_run(s, STORE_TX_READ, prepare_body, &rec);
	if (err) {
		fprintf(stderr, "rede: %s\n", rede_err_name(err));
		goto out;
	}
	snprintf(avid, sizeof(avid), "%s", g->avid ? g->avid : "");
	if (!g->avid)
		snprintf(avid, sizeof(avid), "AVID.REDE.%lld", (long long)rec.next);
	ao.municipality_id = m.id;
	ao.municipality_name = m.name;
	ao.through = g->through;
	ao.avid = avid;
	ao.previous_avid = rec.previous;
	ao.archive_code = g->archive ? g->archive : "SA";
	ao.dir = g->out;
	ao.today = cli_today();
	/* the export covers what was entered before its read began */
	rec.e.made_at = rede_now();
	err = archive_write(s, keys, &ao, &r, &msg);
	if (err) {
		fprintf(stderr, "rede: archive export failed: %s\n",
			msg ? msg : rede_err_name(err));
		goto out;
	}
	snprintf(rec.e.through_on, sizeof(rec.e.through_on), "%s", g->through);
	snprintf(rec.e.avid, sizeof(rec.e.avid), "%s", avid);
	snprintf(rec.e.file_index_md5, sizeof(rec.e.file_index_md5), "%s", r.file_index_md5);
	snprintf(rec.e.made_by, sizeof(rec.e.made_by), "%s", cli_who());
	rec.e.table_count = r.tables;
	rec.e.row_count = r.rows;
	err = store_tx_run(s, STORE_TX_WRITE, export_record_body, &rec);
	if (err) {
		fprintf(stderr, "rede: the version was written but not recorded: %s\n",
			rede_err_name(err));
		goto out;
	}
	printf("archive version %s of %s through %s written to %s: %lld tables, %lld rows, %lld "
	       "files; fileIndex.xml MD5 %s\n",
	       avid, m.code, g->through, g->out, (long long)r.tables, (long long)r.rows,
	       (long long)r.files, r.file_index_md5);
	for (int i = 0; i < archive_tables_count; i++)
		printf("  table%-3d %-24s %lld\n", i + 1, archive_tables[i].name,
		       (long long)r.table_rows[i]);
	rc = 0;
out:
	free(msg);
	crypto_keys_free(keys);
	store_close(s);
	return rc;
}

static enum rede_err delivered_body(struct store_conn *c, void *p)
{
	struct record_arg *a = p;
	enum rede_err err;

	err = store_archive_export_find(c, a->e.municipality_id, a->e.through_on, &a->e);
	if (err == REDE_E_NOTFOUND) {
		a->missing = true;
		return REDE_E_ABORTED;
	}
	if (!err)
		err = store_archive_delivery_add(c, &a->e, a->reference, cli_who(),
						 &a->delivery_id);
	if (!err)
		err = cli_audit(c, a->e.municipality_id, "delivered", "archive_delivery",
				a->delivery_id, "cli archive delivered");
	return err;
}

static int do_delivered(struct cli_common *o, const struct args *g)
{
	struct municipality_row m = {0};
	struct record_arg rec = {0};
	struct store *s;
	int rc = 1;
	enum rede_err err;

	if (!valid_through(g->through))
		return 2;
	if (!g->reference || !*g->reference || strlen(g->reference) > 200) {
		fprintf(stderr, "rede: --reference (the archive's receipt, 1-200 characters) is "
				"required\n");
		return 2;
	}
	s = cli_open(o, false);
	if (!s || !cli_municipality(s, g->code, &m))
		goto out;
	rec.e.municipality_id = m.id;
	snprintf(rec.e.through_on, sizeof(rec.e.through_on), "%s", g->through);
	rec.reference = g->reference;
	err = store_tx_run(s, STORE_TX_WRITE, delivered_body, &rec);
	if (rec.missing) {
		fprintf(stderr,
			"rede: no archive version of %s through %s was exported; run 'rede "
			"archive export' first\n",
			m.code, g->through);
		goto out;
	}
	if (err) {
		fprintf(stderr, "rede: %s\n", rede_err_name(err));
		goto out;
	}
	printf("delivery %lld recorded: %s through %s (%s), reference %s\n",
	       (long long)rec.delivery_id, m.code, g->through, rec.e.avid, g->reference);
	rc = 0;
out:
	store_close(s);
	return rc;
}

static void print_history(void *arg, const char *kind, int64_t id, const char *through,
			  const char *text, int64_t at)
{
	char iso[25];
	(void)arg;

	rede_time_iso(at * 1000, iso);
	printf("%-9s %-5lld through %s  %s  (%.10s)\n", kind, (long long)id, through, text, iso);
}

struct list_arg {
	int64_t municipality_id;
};

static enum rede_err list_body(struct store_conn *c, void *p)
{
	struct list_arg *a = p;

	return store_archive_history(c, a->municipality_id, print_history, NULL);
}

static int do_list(struct cli_common *o, const struct args *g)
{
	struct municipality_row m = {0};
	struct list_arg a;
	struct store *s = cli_open(o, false);
	int rc = 1;

	if (!s || !cli_municipality(s, g->code, &m))
		goto out;
	a.municipality_id = m.id;
	rc = store_tx_run(s, STORE_TX_READ, list_body, &a) ? 1 : 0;
out:
	store_close(s);
	return rc;
}

int cmd_archive(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"key", required_argument, NULL, 'k'},
		{"municipality", required_argument, NULL, 'm'},
		{"through", required_argument, NULL, 't'},
		{"out", required_argument, NULL, 'o'},
		{"avid", required_argument, NULL, 'a'},
		{"archive", required_argument, NULL, 'A'},
		{"reference", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common o;
	struct args g = {0};
	int ch;

	cli_common_init(&o);
	if (argc < 2)
		return cli_usage(archive_help, false);
	g.verb = argv[1];
	if (!strcmp(g.verb, "--help") || !strcmp(g.verb, "-h"))
		return cli_usage(archive_help, true);
	optind = 1;
	while ((ch = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'k': o.key = optarg; break;
		case 'm': g.code = optarg; break;
		case 't': g.through = optarg; break;
		case 'o': g.out = optarg; break;
		case 'a': g.avid = optarg; break;
		case 'A': g.archive = optarg; break;
		case 'r': g.reference = optarg; break;
		case 'h': return cli_usage(archive_help, true);
		default: return cli_usage(archive_help, false);
		}
	}
	if (optind != argc - 1)
		return cli_usage(archive_help, false);
	if (!strcmp(g.verb, "export"))
		return do_export(&o, &g);
	if (!strcmp(g.verb, "delivered"))
		return do_delivered(&o, &g);
	if (!strcmp(g.verb, "list"))
		return do_list(&o, &g);
	return cli_usage(archive_help, false);
}
