/*
 * cmd_insight.c - `rede insight`: the answer to a citizen's request for
 * insight (GDPR art. 15) as a file for the parent - printable Danish HTML
 * (default) or JSON (src/insight/). The CPR number is read from stdin,
 * never from the command line; the file is created 0600 and never over an
 * existing one. Producing it is on the audit log (action insight, purpose
 * insight) in the same transaction that reads the data.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "insight/insight.h"
#include "rede/core.h"
#include "rede/util.h"
#include "store/tenancy.h"

static const char insight_help[] =
	"usage: rede insight --out FILE [--format html|json] [--municipality CODE]\n"
	"                    [--db PATH|URL] [--key FILE] < cpr.txt\n"
	"\n"
	"Everything Rede holds on the person with the CPR number given on stdin and on\n"
	"the cases they are part of, who received it, how long it is kept and when and\n"
	"why it was looked up - for a request for insight (GDPR art. 15). html (the\n"
	"default) is a printable page in Danish for the parent; json the same data.\n"
	"FILE must not exist; it is created readable only by you. Staff are named in\n"
	"the look-ups only with the municipality's setting insight.show_staff = 1.\n";

struct insight_arg {
	const struct crypto_keys *keys;
	int64_t municipality_id;
	const char *cpr;
	json_t *doc;
	int64_t person_id;
};

static enum rede_err insight_body(struct store_conn *c, void *p)
{
	struct insight_arg *a = p;
	enum rede_err err;

	json_decref(a->doc);
	a->doc = NULL;
	err = insight_build(c, a->keys, a->municipality_id, a->cpr, &a->doc, &a->person_id);
	if (err)
		return err;
	return cli_audit(c, a->municipality_id, "insight", "person", a->person_id, "cli insight");
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	size_t n = strlen(text), done = 0;

	if (fd < 0)
		return -1;
	while (done < n) {
		ssize_t w = write(fd, text + done, n - done);
		if (w < 0) {
			close(fd);
			unlink(path);
			return -1;
		}
		done += (size_t)w;
	}
	return close(fd);
}

int cmd_insight(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"key", required_argument, NULL, 'k'},
		{"municipality", required_argument, NULL, 'm'},
		{"format", required_argument, NULL, 'f'},
		{"out", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common o;
	struct municipality_row m = {0};
	struct insight_arg a = {0};
	struct crypto_keys *keys = NULL;
	struct store *s = NULL;
	const char *code = NULL, *format = "html", *out = NULL;
	char norm[11], *line = NULL, *text = NULL;
	size_t cap = 0;
	ssize_t n;
	int ch, rc = 1;
	enum rede_err err;

	cli_common_init(&o);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'k': o.key = optarg; break;
		case 'm': code = optarg; break;
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		case 'h': return cli_usage(insight_help, true);
		default: return cli_usage(insight_help, false);
		}
	}
	if (optind != argc || !out || (strcmp(format, "html") && strcmp(format, "json")))
		return cli_usage(insight_help, false);
	if (access(out, F_OK) == 0) {
		fprintf(stderr, "rede: %s exists; give a new file\n", out);
		return 1;
	}
	n = getline(&line, &cap, stdin);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = 0;
	if (n <= 0 || !core_cpr_parse(line, norm, NULL, NULL, NULL)) {
		fprintf(stderr, "rede: give a valid CPR number on stdin\n");
		rc = 2;
		goto out;
	}
	keys = cli_keys(&o);
	if (!keys)
		goto out;
	s = cli_open(&o, false);
	if (!s || !cli_municipality(s, code, &m))
		goto out;
	a.keys = keys;
	a.municipality_id = m.id;
	a.cpr = norm;
	err = store_tx_run(s, STORE_TX_WRITE, insight_body, &a);
	if (err == REDE_E_NOTFOUND) {
		printf("Rede holds no one with that CPR number in %s; no file written\n", m.code);
		rc = 0;
		goto out;
	}
	if (err) {
		fprintf(stderr, "rede: insight failed: %s\n", rede_err_name(err));
		goto out;
	}
	if (!strcmp(format, "html")) {
		text = insight_html(a.doc);
	} else {
		char *j = json_dumps(a.doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		text = xasprintf("%s\n", j);
		free(j);
	}
	if (write_file(out, text) != 0) {
		fprintf(stderr, "rede: %s: %s\n", out, strerror(errno));
		goto out;
	}
	printf("insight written to %s (%s, %zu look-ups); producing it is on the audit log\n", out,
	       format, json_array_size(json_object_get(a.doc, "lookups")));
	rc = 0;
out:
	if (line) {
		memset(line, 0, cap);
		free(line);
	}
	memset(norm, 0, sizeof(norm));
	free(text);
	json_decref(a.doc);
	crypto_keys_free(keys);
	store_close(s);
	return rc;
}
