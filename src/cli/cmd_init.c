/*
 * cmd_init.c - `rede init` and `rede migrate`: create a database (SQLite
 * file or schema in an existing PostgreSQL database), run the migrations
 * and create the CPR key file; bring an existing database up to date.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/tenancy.h"

static const char init_help[] =
	"usage: rede init [--db PATH|URL] [--key FILE] [--audit-key FILE]\n"
	"                 [--municipality CODE --name NAME]\n"
	"\n"
	"Create the database (a SQLite file, or the schema in an existing PostgreSQL\n"
	"database), apply all migrations and create the CPR key file and the audit\n"
	"key file (mode 0600, outside the database; each kept if it already exists).\n"
	"With --municipality and --name, also add the first municipality.\n"
	"  --db         sqlite:PATH, PATH or postgres://... (default $REDE_DB or\n"
	"               var/rede.db)\n"
	"  --key        key file (default $REDE_KEY_FILE or the database path with .key)\n"
	"  --audit-key  audit key file (default $REDE_AUDIT_KEY_FILE or the key file's\n"
	"               path with .audit.key)\n";

static const struct option init_opts[] = {
	{"db", required_argument, NULL, 'd'},
	{"key", required_argument, NULL, 'k'},
	{"audit-key", required_argument, NULL, 'a'},
	{"municipality", required_argument, NULL, 'm'},
	{"name", required_argument, NULL, 'n'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

struct init_arg {
	const char *code, *name;
};

static enum rede_err init_body(struct store_conn *c, void *p)
{
	struct init_arg *a = p;
	int64_t id = 0;
	enum rede_err err = REDE_OK;

	if (a->code) {
		err = store_municipality_add(c, a->code, a->name, &id);
		if (err)
			return err;
	}
	return cli_audit(c, id, "init", a->code ? "municipality" : NULL, id, "cli init");
}

/* Make the directory that will hold a SQLite file (one level). */
static void ensure_parent_dir(const char *db)
{
	char *copy;
	const char *path = str_starts(db, "sqlite:") ? db + 7 : db;

	if (str_starts(db, "postgres"))
		return;
	copy = xstrdup(path);
	mkdir(dirname(copy), 0700);
	free(copy);
}

int cmd_init(int argc, char **argv)
{
	struct cli_common o;
	struct init_arg a = {0};
	struct store *s = NULL;
	char *msg = NULL;
	int ch, applied = 0, rc = 1;
	enum rede_err err;

	cli_common_init(&o);
	optind = 1;
	while ((ch = cli_getopt(argc, argv, init_opts)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'k': o.key = optarg; break;
		case 'a': o.audit_key = optarg; break;
		case 'm': a.code = optarg; break;
		case 'n': a.name = optarg; break;
		case 'h': return cli_usage(init_help, true);
		default: return cli_usage(init_help, false);
		}
	}
	if (optind != argc || (!a.code) != (!a.name))
		return cli_usage(init_help, false);
	if (!cli_key_path(&o))
		return 2;
	ensure_parent_dir(o.db);
	s = store_open(o.db, 1, &msg);
	if (!s) {
		fprintf(stderr, "rede: cannot open database: %s\n", msg ? msg : "unknown error");
		goto out;
	}
	if (store_schema_version(s) > 0) {
		fprintf(stderr, "rede: %s is already initialised (use 'rede migrate' to upgrade)\n",
			o.db);
		goto out;
	}
	err = crypto_keyfile_create(o.key);
	if (err == REDE_E_CONFLICT) {
		printf("using the existing key file %s\n", o.key);
	} else if (err) {
		fprintf(stderr, "rede: cannot create key file %s: %s\n", o.key, strerror(errno));
		goto out;
	} else {
		printf("created key file %s (mode 0600) - back it up separately from the "
		       "database\n",
		       o.key);
	}
	if (!cli_audit_key_load(&o, s, true))
		goto out;
	err = store_migrate(s, &applied, &msg);
	if (err) {
		fprintf(stderr, "rede: migration failed: %s\n", msg ? msg : rede_err_name(err));
		goto out;
	}
	err = store_tx_run(s, STORE_TX_WRITE, init_body, &a);
	if (err == REDE_E_CONFLICT) {
		fprintf(stderr, "rede: municipality %s already exists\n", a.code);
		goto out;
	}
	if (err) {
		fprintf(stderr, "rede: init failed: %s\n", rede_err_name(err));
		goto out;
	}
	printf("initialised %s (%d migrations)\n", o.db, applied);
	rc = 0;
out:
	free(msg);
	if (s)
		store_close(s);
	return rc;
}

static const char migrate_help[] =
	"usage: rede migrate [--db PATH|URL] [--key FILE] [--audit-key FILE]\n"
	"\n"
	"Apply the migrations this rede knows that the database has not had yet.\n"
	"Each runs in its own transaction. Back up first (docs/OPERATIONS.md).\n"
	"Migration 0009 re-seals the audit log with the audit key; for a database\n"
	"from before it the audit key file is created when missing (default: the\n"
	"key file's path with .audit.key, or $REDE_AUDIT_KEY_FILE).\n";

int cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"key", required_argument, NULL, 'k'},
		{"audit-key", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common o;
	struct store *s;
	char *msg = NULL;
	int ch, applied = 0, rc = 1;
	bool before_mac;
	enum rede_err err;

	cli_common_init(&o);
	optind = 1;
	while ((ch = cli_getopt(argc, argv, opts)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'k': o.key = optarg; break;
		case 'a': o.audit_key = optarg; break;
		case 'h': return cli_usage(migrate_help, true);
		default: return cli_usage(migrate_help, false);
		}
	}
	if (optind != argc)
		return cli_usage(migrate_help, false);
	o.no_audit_key = true;
	s = cli_open(&o, true);
	if (!s)
		return 1;
	/* a database from before the MAC gets its audit key now; a later one
	 * must have it already (a new key would not verify its log) */
	before_mac = !store_migration_applied(s, STORE_AUDIT_MAC_MIGRATION);
	if (!cli_audit_key_load(&o, s, before_mac))
		goto out;
	err = store_migrate(s, &applied, &msg);
	if (err) {
		fprintf(stderr, "rede: migration failed: %s\n", msg ? msg : rede_err_name(err));
		goto out;
	}
	printf("schema at version %d (%d applied now)\n", store_schema_version(s), applied);
	rc = 0;
out:
	free(msg);
	store_close(s);
	return rc;
}
