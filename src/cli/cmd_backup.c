/*
 * cmd_backup.c - `rede backup`, `rede backup verify` and `rede restore`:
 * a consistent copy of the embedded SQLite database while `rede serve`
 * runs and writes, a file that proves what it holds, and a restore that
 * checks that proof before it puts anything in place.
 *
 * backup   copies the live file with the online backup API (src/store/
 *          backup.c), reads the copy's census (schema version, audit head,
 *          rows per table) into a manifest and writes the backup file
 *          (src/cli/backup_file.c). Taking it is on the source's audit log.
 * verify   extracts the copy to a private temporary directory and checks,
 *          in order: the checksums, SQLite's integrity check, the census
 *          against the manifest, and the audit chain.
 * restore  does the same checks on a copy extracted beside NEWPATH and
 *          only then links it into place - never over an existing file
 *          (a live database's path always exists) - and puts the restore
 *          on the restored database's audit log.
 *
 * PostgreSQL is backed up with pgBackRest (point-in-time recovery); see
 * docs/OPERATIONS.md. Exit codes: 0 ok, 1 failed or not intact, 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/backup_file.h"
#include "cli/cli.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/tables.h"

static const char backup_help[] =
	"usage: rede backup [--db PATH] --out FILE\n"
	"       rede backup verify FILE [--audit-key FILE]\n"
	"\n"
	"backup   a consistent copy of the SQLite database, also while 'rede serve'\n"
	"         runs: every write answered before the backup began is in it. FILE\n"
	"         (a zip: manifest.json, rede.db, SHA256SUMS) must not exist; mode\n"
	"         0600. The key file is NOT included: keep it elsewhere.\n"
	"verify   check a backup file: checksums, SQLite's integrity check, the row\n"
	"         counts, schema version and audit head against its manifest, and\n"
	"         the audit chain (with the audit key: --audit-key, REDE_AUDIT_KEY_FILE,\n"
	"         or the source's audit key file named in the manifest). Exit 0 only\n"
	"         when all hold.\n"
	"\n"
	"PostgreSQL is backed up with pgBackRest (see docs/OPERATIONS.md).\n";

static const char restore_help[] =
	"usage: rede restore --from FILE --db NEWPATH [--audit-key FILE]\n"
	"\n"
	"Check the backup FILE (as 'rede backup verify') and restore it as the new\n"
	"SQLite database NEWPATH. NEWPATH must not exist: a restore never replaces\n"
	"a database, live or not. Put the matching key file beside it (NEWPATH with\n"
	".key for .db) or give it with --key/REDE_KEY_FILE, and the audit key file\n"
	"(NEWPATH with .audit.key for .db, or --audit-key/REDE_AUDIT_KEY_FILE); run\n"
	"'rede migrate' when this rede is newer than the backup. The audit chain is\n"
	"checked with --audit-key, REDE_AUDIT_KEY_FILE, or the source's audit key\n"
	"file named in the manifest.\n";

static bool is_postgres(const char *db)
{
	return str_starts(db, "postgres://") || str_starts(db, "postgresql://");
}

static const char *sqlite_path(const char *db)
{
	return str_starts(db, "sqlite:") ? db + 7 : db;
}

static bool exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

/* ---- the manifest ---- */

static char *manifest_text(const struct store_census *c, const char *sum, int64_t bytes,
			   const char *audit_key)
{
	json_t *rows = json_object(), *m;
	char at[25], *text, *out, *abs = realpath(audit_key, NULL);

	rede_time_iso(rede_now_ms(), at);
	for (int i = 0; i < c->ntables; i++)
		if (c->counts[i] >= 0)
			json_object_set_new(rows, store_tables[i].name,
					    json_integer((json_int_t)c->counts[i]));
	m = json_pack("{s:s, s:i, s:s, s:s, s:i, s:s, s:s, s:I, s:{s:I, s:s}, s:o}", "format",
		      BACKUP_FORMAT, "format_version", BACKUP_FORMAT_VERSION, "created_at", at,
		      "backend", "sqlite", "schema_version", c->schema_version, "database_file",
		      BACKUP_DB_NAME, "database_sha256", sum, "database_bytes", (json_int_t)bytes,
		      "audit_head", "id", (json_int_t)c->audit_last_id, "hash", c->audit_last_hash,
		      "rows", rows);
	/* where the key the chain is sealed with lives (a path, never the key):
	 * verify and restore find it there unless told otherwise */
	json_object_set_new(m, "audit_key_file", json_string(abs ? abs : audit_key));
	free(abs);
	text = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(m);
	out = xasprintf("%s\n", text);
	free(text);
	return out;
}

/* What verify and restore found, for the summary line. */
struct checked {
	int schema_version;
	int64_t rows, audit_entries;
	char created_at[40];
};

/* The audit key for the copy: ko's (--audit-key, REDE_AUDIT_KEY_FILE)
 * or else the file the manifest names; loaded into s. */
static bool load_copy_audit_key(struct cli_common *ko, json_t *m, struct store *s)
{
	const char *named = json_string_value(json_object_get(m, "audit_key_file"));

	if (!ko->audit_key && named) {
		snprintf(ko->audit_key_buf, sizeof(ko->audit_key_buf), "%s", named);
		ko->audit_key = ko->audit_key_buf;
	}
	if (!ko->audit_key) {
		fprintf(stderr, "rede: give the audit key file the chain is sealed with "
				"(--audit-key or REDE_AUDIT_KEY_FILE)\n");
		return false;
	}
	return cli_audit_key_load(ko, s, false);
}

/* Every check on an extracted copy at path against the manifest, the
 * audit chain with ko's audit key (load_copy_audit_key). Prints the first
 * failure and returns false. */
static bool check_copy(const char *path, const char *manifest, const char *db_sum,
		       struct cli_common *ko, struct checked *out)
{
	struct store_census c = {0};
	struct store_audit_report r = {0};
	json_t *m = json_loads(manifest, 0, NULL), *rows, *v;
	struct store *s = NULL;
	char *msg = NULL;
	bool ok = false;
	const char *key;

	memset(out, 0, sizeof(*out));
	if (!m || strcmp(json_string_value(json_object_get(m, "format")) ?: "", BACKUP_FORMAT) ||
	    json_integer_value(json_object_get(m, "format_version")) != BACKUP_FORMAT_VERSION) {
		fprintf(stderr, "rede: not a backup manifest this rede understands\n");
		goto out;
	}
	snprintf(out->created_at, sizeof(out->created_at), "%s",
		 json_string_value(json_object_get(m, "created_at")) ?: "");
	if (strcmp(json_string_value(json_object_get(m, "database_sha256")) ?: "", db_sum)) {
		fprintf(stderr, "rede: the database copy does not match the manifest's checksum\n");
		goto out;
	}
	if (store_sqlite_integrity(path, &msg) != REDE_OK) {
		fprintf(stderr, "rede: %s\n", msg);
		goto out;
	}
	if (store_sqlite_census(path, &c, &msg) != REDE_OK) {
		fprintf(stderr, "rede: %s\n", msg);
		goto out;
	}
	out->schema_version = c.schema_version;
	if (json_integer_value(json_object_get(m, "schema_version")) != c.schema_version) {
		fprintf(stderr, "rede: schema version %d, the manifest says %lld\n",
			c.schema_version,
			(long long)json_integer_value(json_object_get(m, "schema_version")));
		goto out;
	}
	v = json_object_get(m, "audit_head");
	if (json_integer_value(json_object_get(v, "id")) != c.audit_last_id ||
	    strcmp(json_string_value(json_object_get(v, "hash")) ?: "", c.audit_last_hash)) {
		fprintf(stderr, "rede: the audit head differs from the manifest's\n");
		goto out;
	}
	rows = json_object_get(m, "rows");
	json_object_foreach(rows, key, v)
	{
		int i = 0;

		while (i < c.ntables && strcmp(store_tables[i].name, key))
			i++;
		if (i == c.ntables || c.counts[i] != json_integer_value(v)) {
			fprintf(stderr, "rede: table %s: %lld rows, the manifest says %lld\n", key,
				(long long)(i < c.ntables ? c.counts[i] : -1),
				(long long)json_integer_value(v));
			goto out;
		}
		out->rows += c.counts[i];
	}
	for (int i = 0; i < c.ntables; i++)
		if (c.counts[i] >= 0 && !json_object_get(rows, store_tables[i].name)) {
			fprintf(stderr, "rede: table %s is not in the manifest\n",
				store_tables[i].name);
			goto out;
		}
	s = store_open(path, 1, &msg);
	if (!s) {
		fprintf(stderr, "rede: %s\n", msg ? msg : "cannot open the copy");
		goto out;
	}
	if (!load_copy_audit_key(ko, m, s))
		goto out;
	if (store_audit_verify(s, &r) != REDE_OK) {
		fprintf(stderr, "rede: the audit chain cannot be read\n");
		goto out;
	}
	if (r.first_bad_id) {
		fprintf(stderr, "rede: audit chain BROKEN at entry %lld: %s\n",
			(long long)r.first_bad_id, r.why);
		goto out;
	}
	out->audit_entries = r.checked;
	ok = true;
out:
	if (s)
		store_close(s);
	store_census_release(&c);
	json_decref(m);
	free(msg);
	return ok;
}

/* ---- backup ---- */

static enum rede_err backup_audit_body(struct store_conn *c, void *arg)
{
	(void)arg;
	return cli_audit(c, 0, "backup", "database", 0, "cli backup");
}

static int do_backup(struct cli_common *o, const char *out)
{
	struct store_census c = {0};
	struct store *s = NULL;
	char sum[BACKUP_SHA256_HEX], *tmp = NULL, *msg = NULL, *manifest = NULL;
	int64_t bytes = 0, rows = 0;
	int rc = 1;

	if (is_postgres(o->db)) {
		fprintf(stderr, "rede: a PostgreSQL database is backed up with pgBackRest "
				"(point-in-time recovery); see docs/OPERATIONS.md\n");
		return 2;
	}
	if (exists(out)) {
		fprintf(stderr, "rede: %s exists; a backup never overwrites a file\n", out);
		return 1;
	}
	s = cli_open(o, true);
	if (!s)
		return 1;
	tmp = xasprintf("%s.db-part", out);
	if (store_sqlite_backup(sqlite_path(o->db), tmp, &msg) != REDE_OK) {
		fprintf(stderr, "rede: backup failed: %s\n", msg);
		goto out;
	}
	if (store_sqlite_census(tmp, &c, &msg) != REDE_OK ||
	    backup_sha256_file(tmp, sum, &bytes) != 0) {
		fprintf(stderr, "rede: cannot read the copy: %s\n", msg ? msg : strerror(errno));
		goto out;
	}
	manifest = manifest_text(&c, sum, bytes, o->audit_key);
	if (backup_file_write(out, tmp, manifest, &msg) != 0) {
		fprintf(stderr, "rede: cannot write the backup: %s\n", msg);
		goto out;
	}
	for (int i = 0; i < c.ntables; i++)
		rows += c.counts[i] > 0 ? c.counts[i] : 0;
	if (store_tx_run(s, STORE_TX_WRITE, backup_audit_body, NULL) != REDE_OK)
		fprintf(stderr, "rede: warning: the backup could not be put on the audit log\n");
	printf("backup written to %s: schema %d, %lld rows, audit head %lld, sha256 %s\n", out,
	       c.schema_version, (long long)rows, (long long)c.audit_last_id, sum);
	rc = 0;
out:
	if (tmp)
		unlink(tmp);
	free(tmp);
	free(msg);
	free(manifest);
	store_census_release(&c);
	store_close(s);
	return rc;
}

/* Remove a SQLite file and its companions. */
static void remove_db(const char *path)
{
	char *p;

	unlink(path);
	p = xasprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", path);
	unlink(p);
	free(p);
}

static int do_verify(const char *file, struct cli_common *ko)
{
	char *db = NULL, *manifest = NULL, *msg = NULL;
	char sum[BACKUP_SHA256_HEX];
	const char *tmpdir = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/rede-verify-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	struct checked k;
	int rc = 1;

	if (!mkdtemp(tmpl)) {
		fprintf(stderr, "rede: cannot make a temporary directory: %s\n", strerror(errno));
		free(tmpl);
		return 1;
	}
	db = xasprintf("%s/%s", tmpl, BACKUP_DB_NAME);
	if (backup_file_read(file, db, &manifest, sum, &msg) != 0) {
		fprintf(stderr, "rede: %s\n", msg);
		goto out;
	}
	if (!check_copy(db, manifest, sum, ko, &k))
		goto out;
	printf("backup intact: taken %s, schema %d, %lld rows as in its manifest, audit chain "
	       "intact (%lld entries)\n",
	       k.created_at, k.schema_version, (long long)k.rows, (long long)k.audit_entries);
	rc = 0;
out:
	remove_db(db);
	rmdir(tmpl);
	free(db);
	free(tmpl);
	free(manifest);
	free(msg);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"out", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common o;
	const char *out = NULL;
	int ch;

	cli_common_init(&o);
	if (argc >= 2 && !strcmp(argv[1], "verify")) {
		static const struct option vopts[] = {
			{"audit-key", required_argument, NULL, 'a'},
			{"help", no_argument, NULL, 'h'},
			{NULL, 0, NULL, 0},
		};
		optind = 2;
		while ((ch = getopt_long(argc, argv, "", vopts, NULL)) != -1) {
			switch (ch) {
			case 'a': o.audit_key = optarg; break;
			case 'h': return cli_usage(backup_help, true);
			default: return cli_usage(backup_help, false);
			}
		}
		if (optind != argc - 1)
			return cli_usage(backup_help, false);
		return do_verify(argv[optind], &o);
	}
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'o': out = optarg; break;
		case 'h': return cli_usage(backup_help, true);
		default: return cli_usage(backup_help, false);
		}
	}
	if (optind != argc || !out)
		return cli_usage(backup_help, false);
	umask(077);
	return do_backup(&o, out);
}

/* ---- restore ---- */

static enum rede_err restore_audit_body(struct store_conn *c, void *arg)
{
	(void)arg;
	return cli_audit(c, 0, "restore", "database", 0, "cli restore");
}

int cmd_restore(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"db", required_argument, NULL, 'd'},
		{"audit-key", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	const char *from = NULL, *to = NULL, *path;
	char sum[BACKUP_SHA256_HEX], *part = NULL, *manifest = NULL, *msg = NULL;
	struct store *s = NULL;
	struct checked k;
	struct cli_common ko;
	int ch, rc = 1;

	cli_common_init(&ko);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': from = optarg; break;
		case 'd': to = optarg; break;
		case 'a': ko.audit_key = optarg; break;
		case 'h': return cli_usage(restore_help, true);
		default: return cli_usage(restore_help, false);
		}
	}
	if (optind != argc || !from || !to)
		return cli_usage(restore_help, false);
	if (is_postgres(to)) {
		fprintf(stderr, "rede: a backup restores into a new SQLite file; to move it to "
				"PostgreSQL, restore it and then 'rede copy'\n");
		return 2;
	}
	umask(077);
	path = sqlite_path(to);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);
		bool there = exists(p);

		free(p);
		if (there) {
			fprintf(stderr,
				"rede: %s%s exists: a restore never replaces a database (live "
				"or not); give a new path\n",
				path, suffixes[i]);
			return 1;
		}
	}
	part = xasprintf("%s.restore-part", path);
	remove_db(part);
	if (backup_file_read(from, part, &manifest, sum, &msg) != 0) {
		fprintf(stderr, "rede: %s\n", msg);
		goto out;
	}
	if (!check_copy(part, manifest, sum, &ko, &k))
		goto out;
	/* link() never replaces: if NEWPATH appeared meanwhile, it fails. */
	if (link(part, path) != 0) {
		fprintf(stderr, "rede: cannot put the database at %s: %s\n", path, strerror(errno));
		goto out;
	}
	s = store_open(path, 1, &msg);
	if (s)
		(void)cli_audit_key_load(&ko, s, false); /* found by check_copy */
	if (!s || store_tx_run(s, STORE_TX_WRITE, restore_audit_body, NULL) != REDE_OK) {
		fprintf(stderr,
			"rede: restored, but the restore could not be put on the audit "
			"log: %s\n",
			msg ? msg : "write failed");
		goto out;
	}
	printf("restored %s to %s: taken %s, schema %d, %lld rows, audit chain intact (%lld "
	       "entries)\n",
	       from, path, k.created_at, k.schema_version, (long long)k.rows,
	       (long long)k.audit_entries);
	if (k.schema_version < store_migrations_known())
		printf("the backup's schema is older than this rede: run 'rede migrate --db %s'\n",
		       path);
	rc = 0;
out:
	store_close(s);
	remove_db(part);
	free(part);
	free(manifest);
	free(msg);
	return rc;
}
