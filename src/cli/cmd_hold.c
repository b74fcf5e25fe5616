/*
 * cmd_hold.c - `rede hold set | clear | list`: legal holds from the
 * command line (the same as the admin's POST /api/v1/legal-holds). A
 * family under hold is never deleted by retention, whatever its schedule;
 * holds are set and cleared with a reason, on the audit log.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "rede/util.h"
#include "store/retention.h"
#include "store/tenancy.h"

static const char hold_help[] =
	"usage: rede hold set --family ID --reason TEXT [--municipality CODE] [--db PATH|URL]\n"
	"       rede hold clear --id HOLD --reason TEXT [--municipality CODE] [--db PATH|URL]\n"
	"       rede hold list [--family ID] [--municipality CODE] [--db PATH|URL]\n"
	"\n"
	"A family under legal hold (a complaint, supervision or court case) is never\n"
	"deleted by 'rede retention run'. The reason is kept with the hold.\n";

struct hold_arg {
	const char *verb, *reason;
	int64_t municipality_id, family_id, id;
	struct legal_hold_row h;
	int n;
};

static void print_hold(void *arg, const struct legal_hold_row *h)
{
	char set[25], cleared[25] = "";
	struct hold_arg *a = arg;

	rede_time_iso(h->set_at * 1000, set);
	if (h->cleared_at)
		rede_time_iso(h->cleared_at * 1000, cleared);
	printf("hold %lld family %lld %s set %.10s by %s: %s\n", (long long)h->id,
	       (long long)h->family_id, h->cleared_at ? "cleared" : "ACTIVE", set, h->set_by,
	       h->reason);
	if (h->cleared_at)
		printf("    cleared %.10s by %s: %s\n", cleared, h->cleared_by, h->clear_reason);
	a->n++;
}

static enum rede_err hold_body(struct store_conn *c, void *p)
{
	struct hold_arg *a = p;
	enum rede_err err;

	if (!strcmp(a->verb, "list"))
		return store_legal_holds_each(c, a->municipality_id, a->family_id, print_hold, a);
	if (!strcmp(a->verb, "set"))
		err = store_legal_hold_set(c, a->municipality_id, a->family_id, a->reason,
					   cli_who(), &a->h);
	else
		err = store_legal_hold_clear(c, a->municipality_id, a->id, a->reason, cli_who(),
					     &a->h);
	if (err)
		return err;
	return cli_audit(c, a->municipality_id, !strcmp(a->verb, "set") ? "hold" : "release",
			 "family", a->h.family_id, "cli hold");
}

static bool parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;

	if (!s || !*s || *end || v <= 0)
		return false;
	*out = v;
	return true;
}

int cmd_hold(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"municipality", required_argument, NULL, 'm'},
		{"family", required_argument, NULL, 'f'},
		{"id", required_argument, NULL, 'i'},
		{"reason", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common o;
	struct hold_arg a = {0};
	struct municipality_row m = {0};
	const char *code = NULL, *family = NULL, *id = NULL;
	struct store *s;
	int ch, rc = 1;
	enum rede_err err;

	cli_common_init(&o);
	if (argc < 2)
		return cli_usage(hold_help, false);
	a.verb = argv[1];
	if (!strcmp(a.verb, "--help") || !strcmp(a.verb, "-h"))
		return cli_usage(hold_help, true);
	optind = 1;
	while ((ch = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'm': code = optarg; break;
		case 'f': family = optarg; break;
		case 'i': id = optarg; break;
		case 'r': a.reason = optarg; break;
		case 'h': return cli_usage(hold_help, true);
		default: return cli_usage(hold_help, false);
		}
	}
	if (optind != argc - 1 ||
	    (strcmp(a.verb, "set") && strcmp(a.verb, "clear") && strcmp(a.verb, "list")))
		return cli_usage(hold_help, false);
	if ((family && !parse_id(family, &a.family_id)) ||
	    (!strcmp(a.verb, "set") && !a.family_id) ||
	    (!strcmp(a.verb, "clear") && !parse_id(id, &a.id))) {
		fprintf(stderr, "rede: hold %s needs %s\n", a.verb,
			!strcmp(a.verb, "clear") ? "--id HOLD" : "--family ID");
		return 2;
	}
	if (strcmp(a.verb, "list") && (!a.reason || !*a.reason || strlen(a.reason) > 500)) {
		fprintf(stderr,
			"rede: a hold is set and cleared with --reason (1-500 characters)\n");
		return 2;
	}
	s = cli_open(&o, false);
	if (!s)
		return 1;
	if (!cli_municipality(s, code, &m))
		goto out;
	a.municipality_id = m.id;
	err = store_tx_run(s, strcmp(a.verb, "list") ? STORE_TX_WRITE : STORE_TX_READ, hold_body,
			   &a);
	if (err == REDE_E_NOTFOUND)
		fprintf(stderr, "rede: no such %s in %s\n",
			!strcmp(a.verb, "set") ? "family" : "hold", m.code);
	else if (err == REDE_E_CONFLICT)
		fprintf(stderr, "rede: %s\n",
			!strcmp(a.verb, "set") ? "the family is already on hold"
					       : "the hold was cleared already");
	else if (err)
		fprintf(stderr, "rede: hold %s failed: %s\n", a.verb, rede_err_name(err));
	else
		rc = 0;
	if (!err && !strcmp(a.verb, "set"))
		printf("hold %lld set on family %lld\n", (long long)a.h.id,
		       (long long)a.h.family_id);
	else if (!err && !strcmp(a.verb, "clear"))
		printf("hold %lld on family %lld cleared\n", (long long)a.h.id,
		       (long long)a.h.family_id);
	else if (!err && !a.n)
		printf("no holds\n");
out:
	store_close(s);
	return rc;
}
