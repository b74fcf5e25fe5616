/*
 * cmd_import.c - `rede import KIND ...`: bring existing registrations in
 * from an XLSX or CSV file (issue 19), and `rede import template KIND`:
 * the XLSX template to fill in.
 *
 * The work is src/http/import_run.c, the same code POST /api/v1/imports
 * runs: every row goes through the API's handlers in one transaction, as
 * the user named with --as (whose roles decide, as in the UI). The report
 * goes to stdout (text, or JSON with --json); a progress bar to stderr when
 * it is a terminal. Exit 0 when the file was imported (or a dry run found
 * no problem), 1 when it has problems or something failed, 2 on usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "http/import.h"
#include "rede/util.h"
#include "store/tenancy.h"
#include "store/users.h"

static const char import_help[] =
	"usage: rede import KIND --file FILE --municipality CODE --as USERNAME [--dry-run]\n"
	"                   [--sheet NAME] [--json] [--db PATH|URL]\n"
	"       rede import template KIND --format xlsx --out FILE\n"
	"       rede import kinds\n"
	"\n"
	"Reads an XLSX workbook (the sheet named as in the template, or --sheet) or a\n"
	"CSV file (',' or ';', UTF-8 with or without BOM, or Windows-1252) and creates\n"
	"its rows through the same rules as the API, acting as USERNAME (whose roles\n"
	"must allow it), all or nothing in one transaction. --dry-run checks every row\n"
	"and reports what would be created without changing anything. Rows imported\n"
	"before (same source key, same cells) are left alone; a changed row with a\n"
	"known key is a conflict. See docs/OPERATIONS.md, 'Importing registrations'.\n";

struct who_args {
	const char *code, *username;
	int64_t municipality_id, user_id;
	const char *fail;
};

static enum rede_err who_body(struct store_conn *c, void *arg)
{
	struct who_args *a = arg;
	struct municipality_row m = {0};
	struct user_row u;
	enum rede_err err = store_municipality_by_code(c, a->code, &m);

	if (err == REDE_E_NOTFOUND)
		a->fail = "no such municipality";
	if (err)
		return err;
	a->municipality_id = m.id;
	user_row_init(&u);
	err = store_user_by_name(c, m.id, a->username, &u);
	if (err == REDE_E_NOTFOUND)
		a->fail = "no such user in that municipality (--as)";
	if (!err)
		a->user_id = u.id;
	user_row_release(&u);
	return err;
}

/* A bar on stderr, redrawn in place. */
static void bar(void *arg, int64_t done, int64_t total)
{
	int width = 40, fill = total ? (int)(done * width / total) : width;

	(void)arg;
	fprintf(stderr, "\r[%.*s%*s] %lld/%lld", fill, "########################################",
		width - fill, "", (long long)done, (long long)total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[65536];
	size_t n;

	if (!f)
		return NULL;
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b, len);
}

static void print_problems(const char *what, json_t *arr)
{
	size_t i;
	json_t *p;

	json_array_foreach(arr, i, p)
	{
		const char *col = json_string_value(json_object_get(p, "column"));
		const char *hdr = json_string_value(json_object_get(p, "header"));

		printf("  %s: sheet %s, row %lld%s%s%s%s%s: %s\n", what,
		       json_string_value(json_object_get(p, "sheet")),
		       (long long)json_integer_value(json_object_get(p, "row")),
		       col || hdr ? ", column " : "", col ? col : "", hdr ? " (" : "",
		       hdr ? hdr : "", hdr ? ")" : "",
		       json_string_value(json_object_get(p, "message")));
	}
}

static void print_report(json_t *rep)
{
	const char *key;
	json_t *v;
	bool dry = json_is_true(json_object_get(rep, "dry_run"));
	bool done = json_is_true(json_object_get(rep, "imported"));
	size_t nerr = json_array_size(json_object_get(rep, "errors"));

	printf("%s %s: %s\n", dry ? "dry run of" : "import of",
	       json_string_value(json_object_get(rep, "file")),
	       json_string_value(json_object_get(rep, "kind")));
	printf("  read as %s", json_string_value(json_object_get(rep, "encoding")));
	if ((v = json_object_get(rep, "delimiter")))
		printf(", delimiter '%s'", json_string_value(v));
	if ((v = json_object_get(rep, "sheet")))
		printf(", sheet \"%s\"", json_string_value(v));
	printf("; %lld rows; sha256 %s\n",
	       (long long)json_integer_value(json_object_get(rep, "rows")),
	       json_string_value(json_object_get(rep, "checksum")));
	json_object_foreach(json_object_get(rep, "created"), key, v)
		printf("  %s %lld %s\n", done ? "created" : "would create",
		       (long long)json_integer_value(v), key);
	printf("  unchanged (imported before): %lld\n",
	       (long long)json_integer_value(json_object_get(rep, "unchanged")));
	printf("  conflicts: %lld\n",
	       (long long)json_integer_value(json_object_get(rep, "conflicts")));
	print_problems("note", json_object_get(rep, "notes"));
	print_problems("error", json_object_get(rep, "errors"));
	if (nerr)
		printf("%zu problem(s): nothing was imported\n", nerr);
	else if (!json_object_size(json_object_get(rep, "created")))
		printf("nothing new: %s\n", json_integer_value(json_object_get(rep, "unchanged"))
						    ? "every row was imported before"
						    : "the file has no rows");
	else if (dry)
		printf("no problems: run again without --dry-run to import\n");
	else
		printf("imported\n");
}

static int template_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"out", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "xlsx", *out = NULL;
	const struct imp_kind *k;
	int ch;

	optind = 1;
	while ((ch = cli_getopt(argc, argv, opts)) != -1) {
		switch (ch) {
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		case 'h': return cli_usage(import_help, true);
		default: return cli_usage(import_help, false);
		}
	}
	if (argc - optind != 1 || !out || strcmp(format, "xlsx"))
		return cli_usage(import_help, false);
	k = imp_kind_find(argv[optind]);
	if (!k) {
		fprintf(stderr, "rede: unknown kind '%s' (see 'rede import kinds')\n",
			argv[optind]);
		return 2;
	}
	if (!imp_template_xlsx(k, out)) {
		fprintf(stderr, "rede: cannot write %s\n", out);
		return 1;
	}
	printf("wrote the %s template to %s\n", k->name, out);
	return 0;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"municipality", required_argument, NULL, 'm'},
		{"file", required_argument, NULL, 'f'},
		{"as", required_argument, NULL, 'a'},
		{"sheet", required_argument, NULL, 's'},
		{"dry-run", no_argument, NULL, 'n'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common o;
	struct who_args w = {0};
	struct imp_opts io = {0};
	struct crypto_keys *keys = NULL;
	struct store *s = NULL;
	json_t *rep = NULL;
	char *data = NULL;
	const char *file = NULL;
	bool json = false;
	int ch, rc = 1;
	enum rede_err err;

	cli_common_init(&o);
	if (argc < 2)
		return cli_usage(import_help, false);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_usage(import_help, true);
	if (!strcmp(argv[1], "template"))
		return template_cmd(argc - 1, argv + 1);
	if (!strcmp(argv[1], "kinds")) {
		for (int i = 0; i < imp_kinds_count; i++)
			printf("%-12s sheet \"%s\": %s\n", imp_kinds[i].name, imp_kinds[i].sheet_da,
			       imp_kinds[i].title_da);
		return 0;
	}
	io.kind = imp_kind_find(argv[1]);
	if (!io.kind) {
		fprintf(stderr, "rede: unknown kind '%s' (see 'rede import kinds')\n", argv[1]);
		return 2;
	}
	optind = 1;
	while ((ch = cli_getopt(argc - 1, argv + 1, opts)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'm': w.code = optarg; break;
		case 'f': file = optarg; break;
		case 'a': w.username = optarg; break;
		case 's': io.sheet = optarg; break;
		case 'n': io.dry_run = true; break;
		case 'j': json = true; break;
		case 'h': return cli_usage(import_help, true);
		default: return cli_usage(import_help, false);
		}
	}
	if (argc - 1 != optind || !file || !w.code || !w.username)
		return cli_usage(import_help, false);
	data = read_file(file, &io.len);
	if (!data) {
		fprintf(stderr, "rede: cannot read %s\n", file);
		return 1;
	}
	s = cli_open(&o, false);
	if (!s)
		goto out;
	keys = cli_keys(&o);
	if (!keys)
		goto out;
	err = store_tx_run(s, STORE_TX_READ, who_body, &w);
	if (err) {
		fprintf(stderr, "rede: import: %s\n", w.fail ? w.fail : rede_err_name(err));
		goto out;
	}
	io.file_name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	io.data = data;
	io.municipality_id = w.municipality_id;
	io.user_id = w.user_id;
	io.purpose = "cli import";
	io.store = s;
	io.keys = keys;
	if (isatty(STDERR_FILENO))
		io.progress.fn = bar;
	err = imp_run(&io, &rep);
	if (err) {
		fprintf(stderr, "rede: import failed: %s\n", rede_err_name(err));
		goto out;
	}
	if (json) {
		char *text = json_dumps(rep, JSON_INDENT(2));
		puts(text);
		free(text);
	} else {
		print_report(rep);
	}
	rc = json_array_size(json_object_get(rep, "errors")) ? 1 : 0;
out:
	json_decref(rep);
	free(data);
	crypto_keys_free(keys);
	if (s)
		store_close(s);
	return rc;
}
