/*
 * main.c - the `rede` program: one binary, verbs dispatched from a table.
 *
 *   rede init | migrate | serve | user | municipality | unit | demo |
 *        audit | setting | copy | report | typology
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
