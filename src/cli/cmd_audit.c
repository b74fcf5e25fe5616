/*
 * cmd_audit.c - `rede audit verify`: prove the audit chain is intact.
 *
 * Exit 0 only when every entry's hash matches its content and its
 * predecessor, ids have no gaps and the chain head matches the newest
 * entry; otherwise print the first broken entry and exit 1.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "rede/core.h"
#include "rede/crypto.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/insight.h"

static const char audit_help[] =
	"usage: rede audit verify [--db PATH|URL]\n"
	"       rede audit person [--db PATH|URL] [--key FILE] < cpr.txt\n"
	"\n"
	"verify   walk the hash-chained audit log; exit 0 when intact, 1 with the\n"
	"         first broken entry when a row was altered or removed\n"
	"person   the dates and purposes of every access to a citizen's data (their\n"
	"         own record, their family's case, referrals, courses, goals and\n"
	"         contacts), for a citizen's request for insight. The CPR number is\n"
	"         read from stdin, never from the command line.\n";

struct person_arg {
	char hash[CRYPTO_HASH_HEX];
	int64_t found;     /* the person's id, 0 when not registered */
	int64_t rows;
};

static int print_access(const struct insight_access *x, void *p)
{
	struct person_arg *a = p;

	printf("%-24s %-16s %-8s %s\n", x->at, x->action, x->outcome, x->purpose);
	a->rows++;
	return 0;
}

static enum rede_err person_body(struct store_conn *c, void *p)
{
	struct person_arg *a = p;
	enum rede_err err = store_insight_person(c, a->hash, &a->found);

	if (err == REDE_E_NOTFOUND) {
		a->found = 0;
		return REDE_OK;
	}
	if (err)
		return err;
	printf("%-24s %-16s %-8s %s\n", "time (UTC)", "action", "outcome", "purpose");
	err = store_insight_each(c, a->hash, print_access, a);
	if (err)
		return err;
	/* producing the insight is itself an access to the person's data */
	return cli_audit(c, 0, "insight", "person", a->found, "cli audit person");
}

static int audit_person(struct cli_common *o)
{
	struct person_arg a = {0};
	struct crypto_keys *keys;
	struct store *s = NULL;
	char norm[11], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 1;
	enum rede_err err;

	keys = cli_keys(o);
	if (!keys)
		return 1;
	n = getline(&line, &cap, stdin);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = 0;
	if (n <= 0 || !core_cpr_parse(line, norm, NULL, NULL, NULL)) {
		fprintf(stderr, "rede: give a valid CPR number on stdin\n");
		rc = 2;
		goto out;
	}
	crypto_cpr_lookup_hash(keys, norm, a.hash);
	s = cli_open(o, false);
	if (!s)
		goto out;
	err = store_tx_run(s, STORE_TX_WRITE, person_body, &a);
	if (err) {
		fprintf(stderr, "rede: audit person failed: %s\n", rede_err_name(err));
		goto out;
	}
	if (!a.found)
		printf("no person with that CPR number is registered\n");
	else
		printf("%lld accesses\n", (long long)a.rows);
	rc = 0;
out:
	if (line) {
		memset(line, 0, cap);
		free(line);
	}
	memset(norm, 0, sizeof(norm));
	crypto_keys_free(keys);
	if (s)
		store_close(s);
	return rc;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"key", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common o;
	struct store_audit_report r;
	struct store *s;
	int ch, rc = 1;
	enum rede_err err;

	cli_common_init(&o);
	if (argc < 2)
		return cli_usage(audit_help, false);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_usage(audit_help, true);
	if (strcmp(argv[1], "verify") && strcmp(argv[1], "person"))
		return cli_usage(audit_help, false);
	optind = 1;
	while ((ch = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'k': o.key = optarg; break;
		case 'h': return cli_usage(audit_help, true);
		default: return cli_usage(audit_help, false);
		}
	}
	if (optind != argc - 1)
		return cli_usage(audit_help, false);
	if (!strcmp(argv[1], "person"))
		return audit_person(&o);
	s = cli_open(&o, true);
	if (!s)
		return 1;
	err = store_audit_verify(s, &r);
	if (err) {
		fprintf(stderr, "rede: audit verify failed: %s\n", rede_err_name(err));
	} else if (r.first_bad_id) {
		printf("audit chain BROKEN at entry %lld: %s (%lld entries checked)\n",
		       (long long)r.first_bad_id, r.why, (long long)r.checked);
	} else {
		printf("audit chain intact: %lld entries\n", (long long)r.checked);
		rc = 0;
	}
	store_close(s);
	return rc;
}
