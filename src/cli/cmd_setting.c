/*
 * cmd_setting.c - `rede setting list|get|set`: the policy values stored as
 * data (session timeouts, login throttling, password length, suppression
 * threshold). A running server reads them at start-up.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/settings.h"
#include "store/tenancy.h"

static const char setting_help[] =
	"usage: rede setting list [--db PATH|URL]\n"
	"       rede setting get KEY [--municipality CODE] [--db PATH|URL]\n"
	"       rede setting set KEY VALUE [--municipality CODE] [--db PATH|URL]\n"
	"\n"
	"Without --municipality, get/set the installation-wide default.\n"
	"Restart 'rede serve' for a change to take effect.\n";

struct setting_args {
	const char *verb, *key, *value, *code;
	const char *fail;
};

static int print_setting(const struct setting_row *r, void *arg)
{
	(void)arg;
	printf("%-40s %-12s %s\n", r->key, r->municipality_id ? r->municipality_code : "(default)",
	       r->value);
	return 0;
}

static enum rede_err setting_body(struct store_conn *c, void *p)
{
	struct setting_args *a = p;
	struct municipality_row m = {0};
	enum rede_err err = REDE_OK;
	int64_t v;

	if (!strcmp(a->verb, "list"))
		return store_setting_each(c, print_setting, NULL);
	if (a->code) {
		err = store_municipality_by_code(c, a->code, &m);
		if (err == REDE_E_NOTFOUND)
			a->fail = "no such municipality";
		if (err)
			return err;
	}
	if (!strcmp(a->verb, "get")) {
		err = store_setting_int(c, m.id, a->key, &v);
		if (err == REDE_E_NOTFOUND)
			a->fail = "no such setting";
		if (!err)
			printf("%lld\n", (long long)v);
		return err;
	}
	err = store_setting_int(c, 0, a->key, &v);
	if (err == REDE_E_NOTFOUND)
		a->fail = "no such setting (see 'rede setting list')";
	if (!err)
		err = store_setting_set(c, m.id, a->key, a->value);
	if (!err)
		err = cli_audit(c, m.id, "update", "setting", 0, "cli setting set");
	return err;
}

int cmd_setting(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"municipality", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common o;
	struct setting_args a = {0};
	struct store *s;
	int ch, rc = 1, need;
	enum rede_err err;
	char **rest;

	cli_common_init(&o);
	if (argc < 2)
		return cli_usage(setting_help, false);
	a.verb = argv[1];
	if (!strcmp(a.verb, "--help") || !strcmp(a.verb, "-h"))
		return cli_usage(setting_help, true);
	optind = 1;
	while ((ch = cli_getopt(argc - 1, argv + 1, opts)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'm': a.code = optarg; break;
		case 'h': return cli_usage(setting_help, true);
		default: return cli_usage(setting_help, false);
		}
	}
	need = !strcmp(a.verb, "list")  ? 0
	       : !strcmp(a.verb, "get") ? 1
	       : !strcmp(a.verb, "set") ? 2
					: -1;
	if (need < 0 || argc - 1 - optind != need)
		return cli_usage(setting_help, false);
	rest = argv + 1 + optind;
	a.key = need >= 1 ? rest[0] : NULL;
	a.value = need == 2 ? rest[1] : NULL;
	if (a.value) {
		char *end;
		long long v = strtoll(a.value, &end, 10);
		if (!*a.value || *end || v < 0) {
			fprintf(stderr, "rede: a setting is a whole number >= 0\n");
			return 2;
		}
	}
	s = cli_open(&o, false);
	if (!s)
		return 1;
	err = store_tx_run(s, need == 2 ? STORE_TX_WRITE : STORE_TX_READ, setting_body, &a);
	if (err)
		fprintf(stderr, "rede: setting %s failed: %s\n", a.verb,
			a.fail ? a.fail : rede_err_name(err));
	else
		rc = 0;
	store_close(s);
	return rc;
}
