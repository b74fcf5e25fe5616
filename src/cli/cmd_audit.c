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

/* Every audit entry about the person or their family's case. Entity ids
 * are stored as text; the joins compare them as text on both backends. */
static const char person_sql[] =
	"SELECT a.at, a.action, a.purpose, a.outcome FROM audit_log a WHERE "
	"(a.entity = 'person' AND a.entity_id IN (SELECT CAST(id AS TEXT) FROM person WHERE "
	"  family_id IN (SELECT family_id FROM person WHERE cpr_hash = ?) AND "
	"  (cpr_hash = ? OR kind = 'child'))) "
	"OR (a.entity = 'family' AND a.entity_id IN (SELECT CAST(family_id AS TEXT) FROM person "
	"  WHERE cpr_hash = ?)) "
	"OR (a.entity = 'referral' AND a.entity_id IN (SELECT CAST(r.id AS TEXT) FROM referral r "
	"  JOIN person p ON p.family_id = r.family_id WHERE p.cpr_hash = ?)) "
	"OR (a.entity = 'enrolment' AND a.entity_id IN (SELECT CAST(e.id AS TEXT) FROM enrolment e "
	"  JOIN person p ON p.family_id = e.family_id WHERE p.cpr_hash = ?)) "
	"OR (a.entity = 'goal' AND a.entity_id IN (SELECT CAST(g.id AS TEXT) FROM goal g "
	"  JOIN enrolment e ON e.id = g.enrolment_id JOIN person p ON p.family_id = e.family_id "
	"  WHERE p.cpr_hash = ?)) "
	"OR (a.entity = 'contact' AND a.entity_id IN (SELECT CAST(k.id AS TEXT) FROM contact k "
	"  JOIN enrolment e ON e.id = k.enrolment_id JOIN person p ON p.family_id = e.family_id "
	"  WHERE p.cpr_hash = ?)) "
	"ORDER BY a.id";

struct person_arg {
	char hash[CRYPTO_HASH_HEX];
	int64_t found;     /* the person's id, 0 when not registered */
	int64_t rows;
};

static enum rede_err person_body(struct store_conn *c, void *p)
{
	struct person_arg *a = p;
	struct store_stmt *st;
	enum rede_err err;

	st = store_prepare(c, "SELECT id FROM person WHERE cpr_hash = ? ORDER BY id");
	store_bind_text(st, 1, a->hash);
	err = store_run_int(st, &a->found);
	if (err == REDE_E_NOTFOUND) {
		a->found = 0;
		return REDE_OK;
	}
	if (err)
		return err;
	st = store_prepare(c, person_sql);
	for (int i = 1; i <= 7; i++)
		store_bind_text(st, i, a->hash);
	printf("%-24s %-16s %-8s %s\n", "time (UTC)", "action", "outcome", "purpose");
	while ((err = store_step(st)) == REDE_ROW) {
		printf("%-24s %-16s %-8s %s\n", store_col_text(st, 0), store_col_text(st, 1),
		       store_col_text(st, 3), store_col_text(st, 2) ? store_col_text(st, 2) : "");
		a->rows++;
	}
	store_finish(st);
	if (err != REDE_DONE)
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
	while ((ch = cli_getopt(argc - 1, argv + 1, opts)) != -1) {
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
