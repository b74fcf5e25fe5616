/*
 * cmd_typology.c - `rede typology`: the questions of the typology for
 * promising practice from the command line (DOMAIN §1.7):
 *   questions       list the elements and the questions in force
 *   set-questions   replace a municipality's questions of an editable
 *                   element with the lines of standard input
 * Practices are assessed in the API (POST /api/v1/practices/{id}/assessments);
 * `rede report typology` compares them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "rede/core_typology.h"
#include "rede/util.h"
#include "store/tenancy.h"
#include "store/typology.h"

#define LINES_MAX 20

static const char typology_help[] =
	"usage: rede typology questions [--municipality CODE] [--db PATH|URL]\n"
	"       rede typology set-questions ELEMENT [--municipality CODE] [--db PATH|URL] < FILE\n"
	"\n"
	"set-questions reads one question per line (at most 20) for an editable element\n"
	"(teori_og_viden, virkning, beskrivelse, maal, overfoerbarhed,\n"
	"relationelt_samarbejde, opfoelgning); the questions of faglig_refleksion,\n"
	"individuel_tilrettelaeggelse, oekonomi and monitorering follow the typology.\n";

struct typ_args {
	const char *verb, *element, *code;
	char *lines[LINES_MAX];
	int nlines;
	const char *fail;
};

static int print_question(const struct typology_question *q, void *arg)
{
	int *last = arg;

	if (*last != (int)q->element) {
		printf("%s (%s)%s\n", core_typology_element_labels_da[q->element],
		       core_typology_element_names[q->element],
		       core_typology_element_locked(q->element) ? "" : " - editable");
		*last = (int)q->element;
	}
	if (q->evidence < TYPEV__COUNT)
		printf("  %lld. %s  [Rede: %s]\n", (long long)q->position, q->text,
		       core_typology_evidence_names[q->evidence]);
	else
		printf("  %lld. %s\n", (long long)q->position, q->text);
	return 0;
}

static enum rede_err typ_body(struct store_conn *c, void *p)
{
	struct typ_args *a = p;
	struct municipality_row m = {0};
	enum rede_err err;
	int last = -1;

	err = a->code ? store_municipality_by_code(c, a->code, &m)
		      : store_municipality_single(c, &m);
	if (err == REDE_E_NOTFOUND)
		a->fail = a->code ? "no such municipality" : "give --municipality CODE";
	if (err)
		return err;
	if (!strcmp(a->verb, "questions"))
		return store_typology_questions(c, m.id, print_question, &last);
	err = store_typology_replace(c, m.id, core_typology_element_parse(a->element),
				     (const char *const *)a->lines, a->nlines, 0);
	if (!err)
		err = cli_audit(c, m.id, "update", "typology_question", 0,
				"cli typology set-questions");
	return err;
}

int cmd_typology(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"municipality", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common o;
	struct typ_args a;
	struct store *s;
	int ch, rc = 1;
	enum rede_err err;

	memset(&a, 0, sizeof(a));
	cli_common_init(&o);
	if (argc < 2)
		return cli_usage(typology_help, false);
	a.verb = argv[1];
	if (!strcmp(a.verb, "--help") || !strcmp(a.verb, "-h"))
		return cli_usage(typology_help, true);
	optind = 1;
	while ((ch = cli_getopt(argc - 1, argv + 1, opts)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'm': a.code = optarg; break;
		case 'h': return cli_usage(typology_help, true);
		default: return cli_usage(typology_help, false);
		}
	}
	if (!strcmp(a.verb, "set-questions")) {
		enum core_typology_element e;
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;

		if (argc - 1 - optind != 1)
			return cli_usage(typology_help, false);
		a.element = argv[1 + optind];
		e = core_typology_element_parse(a.element);
		if (e == TYP_ELEMENT__COUNT || core_typology_element_locked(e)) {
			fprintf(stderr, "rede: %s is not an editable element\n", a.element);
			return 2;
		}
		while ((n = getline(&line, &cap, stdin)) >= 0) {
			line[strcspn(line, "\r\n")] = 0;
			if (!*line)
				continue;
			if (a.nlines == LINES_MAX || strlen(line) > 400) {
				fprintf(stderr,
					"rede: at most 20 questions of at most 400 characters\n");
				free(line);
				goto out;
			}
			a.lines[a.nlines++] = xstrdup(line);
		}
		free(line);
		if (!a.nlines) {
			fprintf(stderr, "rede: no questions on standard input\n");
			goto out;
		}
	} else if (strcmp(a.verb, "questions") || argc - 1 != optind) {
		return cli_usage(typology_help, false);
	}
	s = cli_open(&o, false);
	if (!s)
		goto out;
	err = store_tx_run(s, strcmp(a.verb, "questions") ? STORE_TX_WRITE : STORE_TX_READ,
			   typ_body, &a);
	if (err)
		fprintf(stderr, "rede: typology %s failed: %s\n", a.verb,
			a.fail ? a.fail : rede_err_name(err));
	else
		rc = 0;
	store_close(s);
out:
	for (int i = 0; i < a.nlines; i++)
		free(a.lines[i]);
	return rc;
}
