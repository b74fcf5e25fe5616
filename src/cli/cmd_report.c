/*
 * cmd_report.c - `rede report`: the reports of DOMAIN §3 from the command
 * line, computed by the same code as GET /api/v1/reports/{name}
 * (src/report/), and `rede report merge`, which combines municipalities'
 * merge exports into one cross-municipal report.
 *
 * The operator on the server may cover any municipality; output is always
 * suppressed (small counts as "<5", complements as "x") except
 * --format merge, the exact aggregates a cross-municipal merge needs. Every
 * run is written to the audit log as an export.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "rede/report.h"
#include "rede/report_request.h"
#include "rede/util.h"
#include "store/tenancy.h"

static const char report_help[] =
	"usage: rede report NAME [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
	"                        [--municipality CODE[,CODE...]|all] [--unit ID] [--round N]\n"
	"                        [--final] [--format FORMAT] [--chart TABLE] [--out FILE]\n"
	"                        [--db PATH|URL]\n"
	"       rede report merge FILE... [--format FORMAT] [--chart TABLE] [--out FILE]\n"
	"       rede report list\n"
	"\n"
	"Reports: visits, materials, cosp, home-pedagogue, costs, evaluation-kit, typology.\n"
	"FORMAT: json (default), csv, csv-da (Danish Excel), xlsx, html, svg, merge.\n"
	"The period defaults to 1 January of the --to year until --to (default today).\n"
	"Without --municipality, the database's only municipality. Counts below the\n"
	"setting report.suppression_threshold are suppressed in every format except\n"
	"merge, which holds the exact aggregates for 'rede report merge' (no personal\n"
	"data; hand it only to the cross-municipal evaluation). Suppressed output is for\n"
	"one municipality, a whole round (all --round N) or all of them, protected\n"
	"together; --unit only with --format merge. --final marks an evaluation kit as\n"
	"the end-of-project delivery.\n";

struct report_args {
	struct report_request q;
	const char *chart, *out;
	char *data;
	size_t len;
	const char *fail;
	char fail_buf[256];
	int64_t audit_municipality; /* for the audit entry, after the read */
	char purpose[96];
};

/* The report is computed in a READ transaction (one consistent snapshot, no
 * write lock: a national report takes seconds and must not hold up the
 * staff's writes), then its export is put on record in a short write
 * transaction of its own; nothing is written out unless that succeeded. */
static enum rede_err audit_body(struct store_conn *c, void *p)
{
	struct report_args *a = p;

	return cli_audit(c, a->audit_municipality, "export", "report", 0, a->purpose);
}

static enum rede_err report_body(struct store_conn *c, void *p)
{
	struct report_args *a = p;
	struct report_caller who = {.cli = true};
	struct report_scope s;
	struct report_request_error e;
	struct report *r = NULL;
	struct municipality_row m;
	enum rede_err err;

	free(a->data);
	a->data = NULL;
	if (!a->q.municipality && store_municipality_single(c, &m) == REDE_OK)
		who.municipality_id = m.id;
	err = report_request_resolve(c, &a->q, &who, &s, &e);
	if (err) {
		if (e.field) {
			snprintf(a->fail_buf, sizeof(a->fail_buf), "%s: %s", e.field, e.message);
			a->fail = a->fail_buf;
		} else if (err == REDE_E_NOTFOUND) {
			a->fail = "no such report (see 'rede report list')";
		}
		goto out;
	}
	err = report_produce(c, a->q.name, &s, &who, e.suppress, &r);
	if (err)
		goto out;
	err = report_write(r, e.format, a->chart, &a->data, &a->len);
	if (err == REDE_E_NOTFOUND)
		a->fail = "this report has no chart of that name";
	if (err)
		goto out;
	snprintf(a->purpose, sizeof(a->purpose), "cli report %s %s", a->q.name,
		 report_format_names[e.format]);
	a->audit_municipality = s.nmunis == 1 ? s.munis[0].id : 0;
out:
	report_free(r);
	report_scope_release(&s);
	return err;
}

static int write_out(const char *path, const char *data, size_t len)
{
	FILE *f = path ? fopen(path, "wb") : stdout;

	if (!f) {
		fprintf(stderr, "rede: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (fwrite(data, 1, len, f) != len) {
		fprintf(stderr, "rede: cannot write the report\n");
		if (path)
			fclose(f);
		return 1;
	}
	if (path && fclose(f) != 0) {
		fprintf(stderr, "rede: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

/* ---- rede report merge ---- */

static int64_t params_threshold(const struct report *r)
{
	const json_t *p;
	size_t i;
	int64_t t = 0;

	json_array_foreach(r->parameters, i, p)
	{
		json_t *v = json_object_get(json_object_get(p, "values"),
					    "report.suppression_threshold");
		if (json_is_integer(v) && json_integer_value(v) > t)
			t = json_integer_value(v);
	}
	return t;
}

/* The code of the (first) municipality an export covers. */
static const char *export_code(const struct report *r)
{
	const char *code = json_string_value(json_object_get(
		json_array_get(json_object_get(r->filters, "municipalities"), 0), "code"));
	return code ? code : "";
}

/* The programme round of a municipality's export (0: none, or several
 * municipalities). */
static int64_t export_round(const struct report *r)
{
	const json_t *m = json_object_get(r->filters, "municipalities");

	if (json_array_size(m) != 1)
		return 0;
	return json_integer_value(json_object_get(json_array_get(m, 0), "round"));
}

/* Each export is one municipality's exact numbers: suppressed output is
 * their union protected together with each of them and each round in it
 * (src/report/family.c), the same as `rede report` over the union. */
static int merge(int nfiles, char **files, const char *format, const char *chart, const char *out)
{
	struct report *all = NULL, **leaves = xcalloc((size_t)nfiles, sizeof(*leaves));
	int64_t *rounds = xcalloc((size_t)nfiles, sizeof(int64_t));
	int64_t *thresholds = xcalloc((size_t)nfiles, sizeof(int64_t));
	enum report_format f = report_format_parse(format ? format : "json");
	char *data = NULL, *msg = NULL;
	size_t len = 0;
	int rc = 1, n = 0;

	if (f == RFORMAT__COUNT) {
		fprintf(stderr, "rede: unknown format %s\n", format);
		rc = 2;
		goto out;
	}
	for (int i = 0; i < nfiles; i++) {
		json_error_t jerr;
		json_t *j = json_load_file(files[i], 0, &jerr);

		if (!j) {
			fprintf(stderr, "rede: %s: %s (line %d)\n", files[i], jerr.text, jerr.line);
			goto out;
		}
		if (report_from_merge_json(j, &leaves[n], &msg) != REDE_OK) {
			json_decref(j);
			fprintf(stderr, "rede: %s: %s\n", files[i], msg);
			goto out;
		}
		json_decref(j);
		report_settle(leaves[n]);
		report_finish(leaves[n]);
		thresholds[n] = params_threshold(leaves[n]);
		rounds[n] = export_round(leaves[n]);
		if (f != RFORMAT_MERGE && thresholds[n] < 1) {
			fprintf(stderr,
				"rede: %s: the export does not state a suppression threshold\n",
				files[i]);
			n++;
			goto out;
		}
		n++;
	}
	if (f == RFORMAT_MERGE) {
		all = leaves[0];
		leaves[0] = NULL;
		for (int i = 1; i < n; i++)
			if (report_merge_into(all, leaves[i], &msg) != REDE_OK) {
				fprintf(stderr, "rede: %s: %s\n", files[i], msg);
				goto out;
			}
		report_settle(all);
		report_finish(all);
	} else {
		enum rede_err e;
		/* by municipality code: the same exports in another order give the
		 * same answer */
		for (int i = 1; i < n; i++)
			for (int k = i; k > 0 && strcmp(export_code(leaves[k - 1]),
							export_code(leaves[k])) > 0;
			     k--) {
				struct report *tr = leaves[k];
				int64_t t1 = thresholds[k], t2 = rounds[k];
				leaves[k] = leaves[k - 1];
				thresholds[k] = thresholds[k - 1];
				rounds[k] = rounds[k - 1];
				leaves[k - 1] = tr;
				thresholds[k - 1] = t1;
				rounds[k - 1] = t2;
			}
		e = report_family_union(leaves, rounds, thresholds, n, &all, &msg);
		/* the leaves are the family's now */
		memset(leaves, 0, (size_t)n * sizeof(*leaves));
		if (e != REDE_OK) {
			fprintf(stderr, "rede: %s\n", msg ? msg : "the exports do not merge");
			goto out;
		}
	}
	rede_time_iso(rede_now_ms(), all->generated_at);
	if (report_write(all, f, chart, &data, &len) != REDE_OK) {
		fprintf(stderr, "rede: the merged report has no chart of that name\n");
		goto out;
	}
	rc = write_out(out, data, len);
out:
	for (int i = 0; i < n; i++)
		report_free(leaves[i]);
	free(leaves);
	free(rounds);
	free(thresholds);
	free(msg);
	free(data);
	report_free(all);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"municipality", required_argument, NULL, 'm'},
		{"unit", required_argument, NULL, 'u'},
		{"round", required_argument, NULL, 'r'},
		{"format", required_argument, NULL, 'F'},
		{"chart", required_argument, NULL, 'c'},
		{"out", required_argument, NULL, 'o'},
		{"final", no_argument, NULL, 'E'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common o;
	struct report_args a;
	struct store *s;
	int ch, rc = 1;
	enum rede_err err;

	memset(&a, 0, sizeof(a));
	cli_common_init(&o);
	if (argc < 2)
		return cli_usage(report_help, false);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_usage(report_help, true);
	a.q.name = argv[1];
	optind = 1;
	while ((ch = cli_getopt(argc - 1, argv + 1, opts)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'f': a.q.from = optarg; break;
		case 't': a.q.to = optarg; break;
		case 'm': a.q.municipality = optarg; break;
		case 'u': a.q.unit = optarg; break;
		case 'r': a.q.round = optarg; break;
		case 'F': a.q.format = optarg; break;
		case 'c': a.chart = optarg; break;
		case 'o': a.out = optarg; break;
		case 'E': a.q.final = true; break;
		case 'h': return cli_usage(report_help, true);
		default: return cli_usage(report_help, false);
		}
	}
	if (!strcmp(a.q.name, "list")) {
		for (int i = 0; i < report_defs_count; i++)
			printf("%-16s %s\n", report_defs[i].name, report_defs[i].title);
		return 0;
	}
	if (!strcmp(a.q.name, "merge")) {
		if (argc - 1 - optind < 1)
			return cli_usage(report_help, false);
		return merge(argc - 1 - optind, argv + 1 + optind, a.q.format, a.chart, a.out);
	}
	if (argc - 1 != optind)
		return cli_usage(report_help, false);
	s = cli_open(&o, false);
	if (!s)
		return 1;
	err = store_tx_run(s, STORE_TX_READ, report_body, &a);
	if (!err)
		err = store_tx_run(s, STORE_TX_WRITE, audit_body, &a);
	if (err)
		fprintf(stderr, "rede: report %s failed: %s\n", a.q.name,
			a.fail ? a.fail : rede_err_name(err));
	else
		rc = write_out(a.out, a.data, a.len);
	free(a.data);
	store_close(s);
	return rc;
}
