/*
 * cmd_municipality.c - `rede municipality add|list` and `rede unit
 * add|list`: the tenants and their units, for setting up an installation.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "rede/core.h"
#include "rede/util.h"
#include "store/tenancy.h"

static const char municipality_help[] =
	"usage: rede municipality add --code CODE --name NAME [--db PATH|URL]\n"
	"       rede municipality list [--db PATH|URL]\n"
	"\n"
	"CODE is the official municipality code (e.g. 0101).\n";

static const char unit_help[] =
	"usage: rede unit add --kind KIND --name NAME [--municipality CODE] [--db PATH|URL]\n"
	"       rede unit list [--municipality CODE] [--db PATH|URL]\n"
	"\n"
	"KIND: daycare, health_visiting, administration, family_department, ppr\n";

struct tenancy_args {
	struct cli_common o;
	const char *verb, *code, *name, *kind;
	int64_t id;
	const char *fail;
};

static int print_municipality(const struct municipality_row *m, void *arg)
{
	(void)arg;
	printf("%-6s %s\n", m->code, m->name);
	return 0;
}

static enum rede_err municipality_body(struct store_conn *c, void *p)
{
	struct tenancy_args *a = p;
	enum rede_err err;

	if (!strcmp(a->verb, "list"))
		return store_municipality_each(c, print_municipality, NULL);
	err = store_municipality_add(c, a->code, a->name, &a->id);
	if (err == REDE_E_CONFLICT)
		a->fail = "a municipality with that code exists";
	if (!err)
		err = cli_audit(c, a->id, "create", "municipality", a->id, "cli municipality add");
	return err;
}

static int print_unit(const struct unit_row *u, void *arg)
{
	(void)arg;
	printf("%6lld  %-18s %s\n", (long long)u->id, u->kind, u->name);
	return 0;
}

static enum rede_err unit_body(struct store_conn *c, void *p)
{
	struct tenancy_args *a = p;
	struct municipality_row m;
	enum rede_err err = a->code ? store_municipality_by_code(c, a->code, &m)
				    : store_municipality_single(c, &m);

	if (err == REDE_E_NOTFOUND)
		a->fail = a->code ? "no such municipality" : "give --municipality CODE";
	if (err)
		return err;
	if (!strcmp(a->verb, "list"))
		return store_unit_each(c, m.id, print_unit, NULL);
	err = store_unit_add(c, m.id, a->kind, a->name, &a->id);
	if (err == REDE_E_CONFLICT)
		a->fail = "a unit with that name exists";
	if (!err)
		err = cli_audit(c, m.id, "create", "unit", a->id, "cli unit add");
	return err;
}

static int tenancy_main(int argc, char **argv, bool unit)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"code", required_argument, NULL, 'c'},
		{"municipality", required_argument, NULL, 'c'},
		{"name", required_argument, NULL, 'n'},
		{"kind", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *help = unit ? unit_help : municipality_help;
	struct tenancy_args a = {0};
	struct store *s;
	int ch, rc = 1;
	enum rede_err err;

	cli_common_init(&a.o);
	if (argc < 2)
		return cli_usage(help, false);
	a.verb = argv[1];
	if (!strcmp(a.verb, "--help") || !strcmp(a.verb, "-h"))
		return cli_usage(help, true);
	optind = 1;
	while ((ch = cli_getopt(argc - 1, argv + 1, opts)) != -1) {
		switch (ch) {
		case 'd': a.o.db = optarg; break;
		case 'c': a.code = optarg; break;
		case 'n': a.name = optarg; break;
		case 'k': a.kind = optarg; break;
		case 'h': return cli_usage(help, true);
		default: return cli_usage(help, false);
		}
	}
	if (optind != argc - 1 || (strcmp(a.verb, "add") && strcmp(a.verb, "list")))
		return cli_usage(help, false);
	if (!strcmp(a.verb, "add")) {
		if (!a.name || !*a.name || (!unit && !a.code) || (unit && !a.kind))
			return cli_usage(help, false);
		if (unit && core_unit_kind_parse(a.kind) == UNIT_KIND__COUNT) {
			fprintf(stderr, "rede: unknown unit kind '%s'\n", a.kind);
			return 2;
		}
	}
	s = cli_open(&a.o, false);
	if (!s)
		return 1;
	err = store_tx_run(s, !strcmp(a.verb, "add") ? STORE_TX_WRITE : STORE_TX_READ,
			   unit ? unit_body : municipality_body, &a);
	if (err) {
		fprintf(stderr, "rede: %s failed: %s\n", unit ? "unit" : "municipality",
			a.fail ? a.fail : rede_err_name(err));
		goto out;
	}
	if (!strcmp(a.verb, "add"))
		printf("%s %s added (id %lld)\n", unit ? "unit" : "municipality", a.name,
		       (long long)a.id);
	rc = 0;
out:
	store_close(s);
	return rc;
}

int cmd_municipality(int argc, char **argv)
{
	return tenancy_main(argc, argv, false);
}

int cmd_unit(int argc, char **argv)
{
	return tenancy_main(argc, argv, true);
}
