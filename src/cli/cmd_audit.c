/*
 * cmd_audit.c - `rede audit verify|anchor|person`.
 *
 * verify: exit 0 only when every entry's MAC (under the audit key) matches
 * its content and its predecessor, ids have no gaps, the chain head
 * matches the newest entry and every anchor given still matches its entry;
 * otherwise print the first broken entry and exit 1.
 *
 * anchor: check the chain, then write its head (id, MAC, time) as one line
 * to stdout or appended to a file - to be kept where whoever can write the
 * database and holds the audit key cannot change it (another host's
 * syslog, a ticket, a printout). A later `verify --anchor FILE` finds any
 * rewrite or truncation of the log up to each anchor in FILE.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "rede/core.h"
#include "rede/crypto.h"
#include "rede/util.h"
#include "store/audit.h"
#include "store/audit_person.h"

static const char audit_help[] =
	"usage: rede audit verify [--db PATH|URL] [--audit-key FILE] [--anchor FILE]\n"
	"       rede audit anchor [--db PATH|URL] [--audit-key FILE] [--out FILE]\n"
	"       rede audit person [--db PATH|URL] [--key FILE] < cpr.txt\n"
	"\n"
	"verify   walk the MAC-chained audit log with the audit key; exit 0 when\n"
	"         intact, 1 with the first broken entry when a row was altered,\n"
	"         removed or renumbered; with --anchor, also when the log no longer\n"
	"         holds an anchored entry as it was (rewritten or cut short)\n"
	"anchor   check the chain, then print its head as one line\n"
	"         (rede-audit-anchor id=N mac=HEX at=TIME), or append it to FILE;\n"
	"         keep it where the database's writers cannot change it\n"
	"person   the dates and purposes of every access to a citizen's data (their\n"
	"         own record, their family's case, referrals, courses, goals and\n"
	"         contacts), for a citizen's request for insight. The CPR number is\n"
	"         read from stdin, never from the command line.\n";

struct person_arg {
	char hash[CRYPTO_HASH_HEX];
	int64_t found; /* the person's id, 0 when not registered */
	int64_t rows;
};

static int print_access(const struct audit_person_access *x, void *p)
{
	struct person_arg *a = p;

	printf("%-24s %-16s %-8s %s\n", x->at, x->action, x->outcome, x->purpose);
	a->rows++;
	return 0;
}

static enum rede_err person_body(struct store_conn *c, void *p)
{
	struct person_arg *a = p;
	enum rede_err err = store_audit_person_find(c, a->hash, &a->found);

	if (err == REDE_E_NOTFOUND) {
		a->found = 0;
		return REDE_OK;
	}
	if (err)
		return err;
	printf("%-24s %-16s %-8s %s\n", "time (UTC)", "action", "outcome", "purpose");
	err = store_audit_person_each(c, a->hash, print_access, a);
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

#define ANCHOR_TAG "rede-audit-anchor"
#define ANCHORS_MAX 100000

/* Read every anchor line in path (lines without the tag are skipped, so a
 * syslog extract works). Prints the reason and returns false when the file
 * cannot be read, holds a malformed anchor or none at all. */
static bool read_anchors(const char *path, struct store_audit_anchor **out, size_t *n)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	int lineno = 0;
	bool ok = false;

	*out = NULL;
	*n = 0;
	if (!f) {
		fprintf(stderr, "rede: cannot read anchor file %s: %s\n", path, strerror(errno));
		return false;
	}
	while (getline(&line, &cap, f) >= 0) {
		struct store_audit_anchor a = {0};
		const char *p = strstr(line, ANCHOR_TAG);
		long long id;
		int used = 0;

		lineno++;
		if (!p)
			continue;
		p += strlen(ANCHOR_TAG);
		if (sscanf(p, " id=%lld mac=%64[0-9a-f] at=%31s%n", &id, a.mac, a.at, &used) != 3 ||
		    id < 0 || strlen(a.mac) != CORE_AUDIT_HASH_HEX - 1) {
			fprintf(stderr, "rede: %s:%d: not a valid anchor line\n", path, lineno);
			goto out;
		}
		a.id = id;
		if (*n == ANCHORS_MAX) {
			fprintf(stderr, "rede: %s holds more than %d anchors\n", path, ANCHORS_MAX);
			goto out;
		}
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			*out = xrealloc(*out, alloc * sizeof(**out));
		}
		(*out)[(*n)++] = a;
	}
	if (!*n) {
		fprintf(stderr, "rede: no anchor (a line with \"%s\") in %s\n", ANCHOR_TAG, path);
		goto out;
	}
	ok = true;
out:
	free(line);
	fclose(f);
	if (!ok) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return ok;
}

static int audit_verify(struct store *s, const char *anchor_file)
{
	struct store_audit_anchor *anchors = NULL;
	struct store_audit_report r;
	size_t n = 0;
	enum rede_err err;

	if (anchor_file && !read_anchors(anchor_file, &anchors, &n))
		return 1;
	err = store_audit_verify_anchored(s, anchors, n, &r);
	free(anchors);
	if (err) {
		fprintf(stderr, "rede: audit verify failed: %s\n", rede_err_name(err));
		return 1;
	}
	if (r.first_bad_id) {
		printf("audit chain BROKEN at entry %lld: %s (%lld entries checked)\n",
		       (long long)r.first_bad_id, r.why, (long long)r.checked);
		return 1;
	}
	if (anchor_file)
		printf("audit chain intact: %lld entries, %d anchors match\n", (long long)r.checked,
		       r.anchors);
	else
		printf("audit chain intact: %lld entries\n", (long long)r.checked);
	return 0;
}

static int audit_anchor(struct store *s, const char *out_file)
{
	struct store_audit_report r;
	char at[25], *line;
	FILE *f = stdout;
	int rc = 1;
	enum rede_err err;

	err = store_audit_verify(s, &r);
	if (err) {
		fprintf(stderr, "rede: audit anchor failed: %s\n", rede_err_name(err));
		return 1;
	}
	if (r.first_bad_id) {
		fprintf(stderr, "rede: not anchoring a broken chain: entry %lld: %s\n",
			(long long)r.first_bad_id, r.why);
		return 1;
	}
	rede_time_iso(rede_now_ms(), at);
	line = xasprintf("%s id=%lld mac=%s at=%s\n", ANCHOR_TAG, (long long)r.last_id, r.last_mac,
			 at);
	if (out_file) {
		int fd = open(out_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		f = fd >= 0 ? fdopen(fd, "a") : NULL;
		if (!f) {
			fprintf(stderr, "rede: cannot write anchor file %s: %s\n", out_file,
				strerror(errno));
			if (fd >= 0)
				close(fd);
			goto out;
		}
	}
	if (fputs(line, f) < 0 || fflush(f) != 0 || (out_file && fsync(fileno(f)) != 0)) {
		fprintf(stderr, "rede: cannot write the anchor: %s\n", strerror(errno));
		goto out;
	}
	if (out_file)
		printf("anchored entry %lld in %s\n", (long long)r.last_id, out_file);
	rc = 0;
out:
	if (out_file && f)
		fclose(f);
	free(line);
	return rc;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"key", required_argument, NULL, 'k'},
		{"audit-key", required_argument, NULL, 'a'},
		{"anchor", required_argument, NULL, 'A'},
		{"out", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common o;
	struct store *s;
	const char *verb, *anchor_file = NULL, *out_file = NULL;
	int ch, rc;

	cli_common_init(&o);
	if (argc < 2)
		return cli_usage(audit_help, false);
	verb = argv[1];
	if (!strcmp(verb, "--help") || !strcmp(verb, "-h"))
		return cli_usage(audit_help, true);
	if (strcmp(verb, "verify") && strcmp(verb, "person") && strcmp(verb, "anchor"))
		return cli_usage(audit_help, false);
	optind = 1;
	while ((ch = cli_getopt(argc - 1, argv + 1, opts)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'k': o.key = optarg; break;
		case 'a': o.audit_key = optarg; break;
		case 'A': anchor_file = optarg; break;
		case 'o': out_file = optarg; break;
		case 'h': return cli_usage(audit_help, true);
		default: return cli_usage(audit_help, false);
		}
	}
	if (optind != argc - 1 || (anchor_file && strcmp(verb, "verify")) ||
	    (out_file && strcmp(verb, "anchor")))
		return cli_usage(audit_help, false);
	if (!strcmp(verb, "person"))
		return audit_person(&o);
	s = cli_open(&o, !strcmp(verb, "verify"));
	if (!s)
		return 1;
	if (!strcmp(verb, "verify") && store_schema_version(s) < STORE_AUDIT_MAC_MIGRATION) {
		fprintf(stderr,
			"rede: the audit log predates its MAC (migration %04d); run "
			"'rede migrate' first\n",
			STORE_AUDIT_MAC_MIGRATION);
		store_close(s);
		return 1;
	}
	rc = !strcmp(verb, "verify") ? audit_verify(s, anchor_file) : audit_anchor(s, out_file);
	store_close(s);
	return rc;
}
