/*
 * main.c - the `rede` program: one binary, verbs dispatched from a table.
 *
 *   rede init | migrate | serve | user | municipality | unit | demo |
 *        audit | setting | copy | report | typology | backup | restore |
 *        archive | retention | hold | insight | sso
 *
 * Every verb has --help. See docs/OPERATIONS.md for how they are used.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "rede/crypto.h"
#include "rede/util.h"

static const struct cli_cmd commands[] = {
	{"init", cmd_init, "create the database, run migrations, create the key file"},
	{"migrate", cmd_migrate, "apply pending database migrations"},
	{"serve", cmd_serve, "run the HTTP server (API and web UI)"},
	{"user", cmd_user, "add, disable, list users; end sessions; API tokens"},
	{"municipality", cmd_municipality, "add or list municipalities"},
	{"unit", cmd_unit, "add or list units of a municipality"},
	{"demo", cmd_demo, "fill a database with synthetic demo data"},
	{"audit", cmd_audit, "verify the audit chain"},
	{"setting", cmd_setting, "show or change policy settings"},
	{"copy", cmd_copy, "copy all data to another database (SQLite to PostgreSQL)"},
	{"report", cmd_report, "reports and the evaluation kit; merge municipalities' exports"},
	{"import", cmd_import, "import registrations from XLSX or CSV; templates"},
	{"typology", cmd_typology, "questions of the typology for promising practice"},
	{"backup", cmd_backup, "consistent copy of a live SQLite database; verify a backup"},
	{"restore", cmd_restore, "check a backup and restore it as a new database"},
	{"archive", cmd_archive, "archive versions for the public archive; record deliveries"},
	{"retention", cmd_retention,
	 "retention schedules; what is due; delete it behind the archive"},
	{"hold", cmd_hold, "legal holds: families retention must not delete"},
	{"insight", cmd_insight, "a citizen's insight (GDPR art. 15) as a file for the parent"},
	{"sso", cmd_sso, "sign-in through the municipality's identity provider (SAML, OIDC)"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: rede <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-13s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'rede <command> --help' describes a command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!crypto_init()) {
		fprintf(stderr, "rede: libsodium could not be initialised\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "rede: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
