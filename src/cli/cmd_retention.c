/*
 * cmd_retention.c - `rede retention rules | set | plan | run`: retention
 * schedules as data, what is due, and deleting it - only behind a recorded
 * archive delivery and never for a family under legal hold.
 *
 * plan  counts per kind, programme and year (of the case's end) of what
 *       has ended, what is due, what may be deleted and what holds it back
 *       (not yet delivered to the archive, legal hold). No names.
 * run   deletes what plan says may go (src/store/retention.c says what
 *       deleting means), in short transactions, each case re-checked for a
 *       hold inside its own; then the families left without cases, stored
 *       answers of retried requests older than retention.idempotency_hours,
 *       and finally truncates SQLite's WAL so no deleted text stays in the
 *       files (--vacuum also rebuilds the file; PostgreSQL: VACUUM (FULL)).
 *       Every deletion is on the audit log by id only.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "rede/core_retention.h"
#include "rede/util.h"
#include "store/archive.h"
#include "store/cases.h"
#include "store/retention.h"
#include "store/settings.h"
#include "store/tenancy.h"

static const char retention_help[] =
	"usage: rede retention rules [--municipality CODE] [--db PATH|URL]\n"
	"       rede retention set --kind KIND --programme P --months N [--from end|last_entry]\n"
	"                          [--basis TEXT] [--municipality CODE] [--db PATH|URL]\n"
	"       rede retention plan [--municipality CODE] [--on DATE] [--db PATH|URL]\n"
	"       rede retention run [--municipality CODE] [--vacuum] [--db PATH|URL]\n"
	"\n"
	"rules  the schedules in force: per kind (course, referral, health_visit,\n"
	"       handover, family) and programme, the months kept and the event they\n"
	"       run from, with the legal basis. Without --municipality the defaults.\n"
	"set    change a schedule for a municipality (or, without, the default).\n"
	"plan   counts per kind and year of what has ended, is due, may be deleted,\n"
	"       waits for an archive delivery or is under legal hold. No names.\n"
	"       --on DATE: as it will stand on that day.\n"
	"run    delete what is due, delivered and not held (all municipalities\n"
	"       without --municipality); then truncate the WAL. --vacuum also\n"
	"       rebuilds the database file (PostgreSQL: VACUUM (FULL), which locks\n"
	"       each table while it works: use a maintenance window).\n";

struct args {
	const char *verb, *code, *kind, *programme, *months, *from, *basis, *on;
	bool vacuum;
};

/* ---- rules and set ---- */

struct rules_arg {
	int64_t municipality_id;
	const struct args *g;
	const char *fail;
};

static void print_rule(void *arg, const struct retention_rule_row *r)
{
	(void)arg;
	printf("%-13s %-15s %4lld months from %-10s %s\n  %s\n", r->kind, r->programme,
	       (long long)r->months, r->runs_from, r->own ? "(own)" : "(default)", r->legal_basis);
}

static enum rede_err rules_body(struct store_conn *c, void *p)
{
	struct rules_arg *a = p;

	return store_retention_rules_each(c, a->municipality_id, print_rule, NULL);
}

static enum rede_err set_body(struct store_conn *c, void *p)
{
	struct rules_arg *a = p;
	enum core_case_kind k = core_case_kind_parse(a->g->kind);
	enum core_retention_event from =
		a->g->from ? core_retention_event_parse(a->g->from) : RET_FROM_END;
	struct core_retention_rule cur;
	enum rede_err err;

	err = store_retention_rule(c, a->municipality_id, k, a->g->programme, &cur);
	if (err == REDE_E_NOTFOUND)
		a->fail = "no such rule";
	if (err)
		return err;
	if (!a->g->from)
		from = cur.from;
	err = store_retention_rule_set(c, a->municipality_id, k, a->g->programme,
				       strtoll(a->g->months, NULL, 10), from, a->g->basis);
	return err ? err
		   : cli_audit(c, a->municipality_id, "update", "retention_rule", 0,
			       "cli retention set");
}

static bool valid_set(const struct args *g)
{
	enum core_case_kind k = core_case_kind_parse(g->kind);
	char *end = NULL;
	long long months = g->months ? strtoll(g->months, &end, 10) : -1;

	if (k == CASE_KIND__COUNT || !core_retention_programme_valid(k, g->programme)) {
		fprintf(stderr, "rede: unknown --kind/--programme (see 'rede retention rules')\n");
		return false;
	}
	if (!g->months || !*g->months || *end || months < 0 || months > CORE_RETENTION_MAX_MONTHS) {
		fprintf(stderr, "rede: --months is a whole number 0-%d\n",
			CORE_RETENTION_MAX_MONTHS);
		return false;
	}
	if (g->from && core_retention_event_parse(g->from) == RET_FROM__COUNT) {
		fprintf(stderr, "rede: --from is end or last_entry\n");
		return false;
	}
	if (g->basis && (!*g->basis || strlen(g->basis) > 1000)) {
		fprintf(stderr, "rede: --basis is 1-1000 characters\n");
		return false;
	}
	return true;
}

/* ---- plan ---- */

#define MAX_YEARS 200
struct tally {
	enum core_case_kind kind;
	char programme[24];
	int year;
	int64_t n[RET_VERDICT__COUNT];
};

struct plan {
	int64_t municipality_id;
	int32_t today;
	char covered_text[11]; /* the newest delivered day, for the reader */
	struct core_archive_cover *covers;
	int ncovers;
	struct store_case_list cases;
	enum core_retention_verdict *verdict; /* per case */
	struct tally *t;
	int nt;
};

static void plan_release(struct plan *p)
{
	store_case_list_release(&p->cases);
	free(p->verdict);
	free(p->t);
	free(p->covers);
	p->verdict = NULL;
	p->t = NULL;
	p->covers = NULL;
	p->nt = p->ncovers = 0;
}

static int year_of(int32_t day)
{
	char text[11];

	rede_date_format(day, text);
	return atoi(text);
}

static void tally_add(struct plan *p, const struct store_case *k, enum core_retention_verdict v)
{
	int y = k->end == CORE_NO_DATE ? 0 : year_of(k->end);
	struct tally *t = NULL;

	for (int i = 0; i < p->nt; i++)
		if (p->t[i].kind == k->kind && p->t[i].year == y &&
		    !strcmp(p->t[i].programme, k->programme))
			t = &p->t[i];
	if (!t) {
		p->t = xrealloc(p->t, (size_t)(p->nt + 1) * sizeof(*p->t));
		t = &p->t[p->nt++];
		memset(t, 0, sizeof(*t));
		t->kind = k->kind;
		t->year = y;
		snprintf(t->programme, sizeof(t->programme), "%s", k->programme);
	}
	t->n[v]++;
}

static int tally_cmp(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;
	int c = (int)x->kind - (int)y->kind;

	if (!c)
		c = strcmp(x->programme, y->programme);
	return c ? c : x->year - y->year;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* How many of the sorted ids are id. */
static int count_of(const int64_t *v, int n, int64_t id)
{
	int lo = 0, hi = n, c = 0;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + c < n && v[lo + c] == id)
		c++;
	return c;
}

/* Decide every case; a family goes only with the last of its cases, so it
 * counts the ones this run deletes (families come after the cases). */
static enum rede_err plan_body(struct store_conn *c, void *arg)
{
	struct plan *p = arg;
	int64_t *going = NULL;
	int ngoing = 0;
	bool sorted = false;
	enum rede_err err;

	plan_release(p);
	err = store_archive_covered_through(c, p->municipality_id, p->covered_text);
	if (!err)
		err = store_archive_covers(c, p->municipality_id, &p->covers, &p->ncovers);
	if (err)
		return err;
	err = store_cases_load(c, p->municipality_id, p->today, &p->cases);
	if (err)
		return err;
	p->verdict = xcalloc((size_t)(p->cases.n ? p->cases.n : 1), sizeof(*p->verdict));
	going = xmalloc(sizeof(*going) * (size_t)(p->cases.n ? p->cases.n : 1));
	for (int i = 0; i < p->cases.n && !err; i++) {
		struct store_case *k = &p->cases.items[i];
		struct core_retention_rule rule;
		enum core_retention_verdict v;

		p->verdict[i] = RET_KEPT;
		if (k->erased)
			continue;
		if (k->kind == CASE_FAMILY && !sorted) {
			qsort(going, (size_t)ngoing, sizeof(*going), cmp64);
			sorted = true;
		}
		err = store_retention_rule(c, p->municipality_id, k->kind, k->programme, &rule);
		if (err == REDE_E_NOTFOUND) {
			log_warn("no retention rule for %s %s: kept", core_case_kind_names[k->kind],
				 k->programme);
			err = REDE_OK;
			continue;
		}
		if (err)
			break;
		v = core_retention_verdict(
			&rule, k->end, k->last, p->today,
			core_retention_covered(k->end, k->created, p->covers, p->ncovers), k->held);
		if (k->kind == CASE_FAMILY && v != RET_OPEN &&
		    k->open_cases > count_of(going, ngoing, k->id))
			v = RET_KEPT; /* some of its cases stay */
		if (k->kind != CASE_FAMILY && v == RET_DELETE)
			going[ngoing++] = k->family_id;
		p->verdict[i] = v;
		tally_add(p, k, v);
	}
	free(going);
	if (!err && p->nt)
		qsort(p->t, (size_t)p->nt, sizeof(*p->t), tally_cmp);
	return err;
}

static void print_plan(const struct municipality_row *m, const struct plan *p, const char *title)
{
	char today[11];

	rede_date_format(p->today, today);
	printf("%s for %s %s on %s; archive delivered through %s\n", title, m->code, m->name, today,
	       p->covered_text[0] ? p->covered_text : "(no delivery recorded)");
	printf("%-13s %-15s %-5s %6s %6s %6s %6s %7s %6s\n", "kind", "programme", "ended", "open",
	       "count", "kept", "due", "delete", "held");
	for (int i = 0; i < p->nt; i++) {
		const struct tally *t = &p->t[i];
		int64_t due = t->n[RET_NOT_ARCHIVED] + t->n[RET_HELD] + t->n[RET_DELETE];
		char year[8] = "-";

		if (t->year)
			snprintf(year, sizeof(year), "%d", t->year);
		printf("%-13s %-15s %-5s %6lld %6lld %6lld %6lld %7lld %6lld\n",
		       core_case_kind_names[t->kind], t->programme, year, (long long)t->n[RET_OPEN],
		       (long long)(t->n[RET_KEPT] + due), (long long)t->n[RET_KEPT], (long long)due,
		       (long long)t->n[RET_DELETE], (long long)t->n[RET_HELD]);
	}
	printf("(ended: the year the cases ended, - for cases still open; due: the period has "
	       "run; delete: due, covered by an archive delivery and not held. Due but not "
	       "deleted waits for a delivery or a released hold.)\n");
}

/* ---- run ---- */

#define BATCH 100

struct erase_arg {
	const struct store_case *cases;
	const enum core_retention_verdict *verdict;
	int from, to;
	int64_t municipality_id;
	int64_t counts[CASE_KIND__COUNT];
	int64_t skipped_held;
};

static const char *const erase_entity[CASE_KIND__COUNT] = {
	"enrolment", "referral", "hv_offer", "handover", "family",
};

static enum rede_err erase_body(struct store_conn *c, void *arg)
{
	struct erase_arg *a = arg;
	int64_t now = rede_now();
	enum rede_err err = REDE_OK;

	memset(a->counts, 0, sizeof(a->counts));
	a->skipped_held = 0;
	for (int i = a->from; i < a->to && !err; i++) {
		const struct store_case *k = &a->cases[i];
		bool held;

		if (a->verdict[i] != RET_DELETE)
			continue;
		/* never under a hold - checked again in the deleting transaction */
		err = store_retention_held(c, k->family_id, &held);
		if (err)
			break;
		if (held) {
			a->skipped_held++;
			continue;
		}
		err = store_retention_erase(c, k, now);
		if (err == REDE_E_NOTFOUND || err == REDE_E_CONFLICT) {
			err = REDE_OK; /* deleted meanwhile, or the family got a new case */
			continue;
		}
		if (!err)
			err = cli_audit(c, a->municipality_id, "delete", erase_entity[k->kind],
					k->id, "cli retention run");
		if (!err)
			a->counts[k->kind]++;
	}
	return err;
}

/* Erase the cases of one kind group (families last), in batches; *held
 * counts those a legal hold keeps (decided so, or put on hold since). */
static enum rede_err erase_pass(struct store *s, struct plan *p, bool families,
				int64_t counts[CASE_KIND__COUNT], int64_t *held)
{
	enum rede_err err = REDE_OK;

	for (int i = 0; i < p->cases.n; i++)
		if (p->verdict[i] == RET_HELD &&
		    (p->cases.items[i].kind == CASE_FAMILY) == families)
			(*held)++;
	for (int from = 0; from < p->cases.n && !err; from += BATCH) {
		struct erase_arg a = {p->cases.items,     p->verdict, from, from + BATCH,
				      p->municipality_id, {0},        0};
		enum core_retention_verdict *v = p->verdict;

		if (a.to > p->cases.n)
			a.to = p->cases.n;
		/* this pass only one side of the families line */
		for (int i = a.from; i < a.to; i++)
			if ((p->cases.items[i].kind == CASE_FAMILY) != families &&
			    v[i] == RET_DELETE)
				v[i] = RET_VERDICT__COUNT; /* parked */
		err = store_tx_run(s, STORE_TX_WRITE, erase_body, &a);
		for (int i = a.from; i < a.to; i++)
			if (v[i] == RET_VERDICT__COUNT)
				v[i] = RET_DELETE;
		for (int k = 0; k < CASE_KIND__COUNT; k++)
			counts[k] += a.counts[k];
		*held += a.skipped_held;
	}
	return err;
}

struct finish_arg {
	int64_t municipality_id, purged, run_id, idem_hours;
	const char *ran_on, *covered, *counts;
};

static enum rede_err finish_body(struct store_conn *c, void *arg)
{
	struct finish_arg *a = arg;
	enum rede_err err = store_setting_int(c, a->municipality_id, "retention.idempotency_hours",
					      &a->idem_hours);

	if (err == REDE_E_NOTFOUND) {
		a->idem_hours = 168;
		err = REDE_OK;
	}
	if (!err)
		err = store_retention_purge_idempotency(c, rede_now() - a->idem_hours * 3600,
							&a->purged);
	if (!err)
		err = store_retention_run_add(c, a->municipality_id, a->ran_on, a->covered,
					      a->counts, cli_who(), &a->run_id);
	if (!err)
		err = cli_audit(c, a->municipality_id, "retention", "retention_run", a->run_id,
				"cli retention run");
	return err;
}

static int run_one(struct store *s, const struct municipality_row *m, bool dry)
{
	struct plan p = {0};
	int64_t counts[CASE_KIND__COUNT] = {0}, held = 0;
	struct finish_arg f = {0};
	json_t *j;
	char today[11], *text = NULL;
	enum rede_err err;

	p.municipality_id = m->id;
	p.today = cli_today();
	err = store_tx_run(s, STORE_TX_READ, plan_body, &p);
	if (err) {
		fprintf(stderr, "rede: retention of %s failed: %s\n", m->code, rede_err_name(err));
		plan_release(&p);
		return 1;
	}
	if (dry) {
		print_plan(m, &p, "retention plan");
		plan_release(&p);
		return 0;
	}
	err = erase_pass(s, &p, false, counts, &held);
	if (!err) {
		/* families decided with their cases gone: decide them again */
		plan_release(&p);
		err = store_tx_run(s, STORE_TX_READ, plan_body, &p);
	}
	if (!err)
		err = erase_pass(s, &p, true, counts, &held);
	if (err) {
		fprintf(stderr,
			"rede: retention of %s stopped: %s (what was deleted before stays "
			"deleted; run it again)\n",
			m->code, rede_err_name(err));
		plan_release(&p);
		return 1;
	}
	j = json_object();
	for (int k = 0; k < CASE_KIND__COUNT; k++)
		json_object_set_new(j, core_case_kind_names[k],
				    json_integer((json_int_t)counts[k]));
	text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	rede_date_format(p.today, today);
	f.municipality_id = m->id;
	f.ran_on = today;
	f.covered = p.covered_text;
	f.counts = text;
	err = store_tx_run(s, STORE_TX_WRITE, finish_body, &f);
	printf("retention run for %s %s on %s (archive delivered through %s): deleted", m->code,
	       m->name, today, p.covered_text[0] ? p.covered_text : "-");
	for (int k = 0; k < CASE_KIND__COUNT; k++)
		printf(" %s %lld%s", core_case_kind_names[k], (long long)counts[k],
		       k + 1 < CASE_KIND__COUNT ? "," : "");
	printf("; %lld held back by a legal hold; %lld stored answers purged\n", (long long)held,
	       (long long)f.purged);
	free(text);
	plan_release(&p);
	if (err) {
		fprintf(stderr, "rede: recording the run failed: %s\n", rede_err_name(err));
		return 1;
	}
	return 0;
}

/* ---- the verb ---- */

struct munis {
	struct municipality_row *m;
	int n;
};

static int muni_add(const struct municipality_row *m, void *arg)
{
	struct munis *a = arg;

	a->m = xrealloc(a->m, (size_t)(a->n + 1) * sizeof(*a->m));
	a->m[a->n++] = *m;
	return 0;
}

static enum rede_err munis_body(struct store_conn *c, void *arg)
{
	struct munis *a = arg;

	free(a->m);
	a->m = NULL;
	a->n = 0;
	return store_municipality_each(c, muni_add, a);
}

static int plan_or_run(struct store *s, const struct args *g, bool dry)
{
	struct munis all = {0};
	int rc = 0;
	char *msg = NULL;

	if (g->code) {
		all.m = xcalloc(1, sizeof(*all.m));
		if (!cli_municipality(s, g->code, &all.m[0])) {
			free(all.m);
			return 1;
		}
		all.n = 1;
	} else if (store_tx_run(s, STORE_TX_READ, munis_body, &all) != REDE_OK) {
		fprintf(stderr, "rede: cannot list the municipalities\n");
		return 1;
	}
	for (int i = 0; i < all.n; i++) {
		if (dry && g->on) {
			struct plan p = {0};

			p.municipality_id = all.m[i].id;
			rede_date_parse(g->on, &p.today);
			if (store_tx_run(s, STORE_TX_READ, plan_body, &p) != REDE_OK)
				rc = 1;
			else
				print_plan(&all.m[i], &p, "retention plan");
			plan_release(&p);
			continue;
		}
		if (run_one(s, &all.m[i], dry))
			rc = 1;
	}
	free(all.m);
	if (!dry && !rc) {
		if (store_maintain(s, g->vacuum ? STORE_MAINT_VACUUM : STORE_MAINT_CHECKPOINT,
				   &msg) != REDE_OK) {
			fprintf(stderr, "rede: %s\n", msg ? msg : "maintenance failed");
			rc = 1;
		} else {
			printf("%s\n",
			       strcmp(store_backend_name(s), "sqlite")
				       ? (g->vacuum ? "VACUUM (FULL) done"
						    : "PostgreSQL: run with --vacuum (or "
						      "VACUUM FULL) so the old row versions go "
						      "from the files")
				       : (g->vacuum ? "database rebuilt (VACUUM) and WAL truncated"
						    : "WAL truncated: no deleted content left in "
						      "the database files"));
		}
		free(msg);
	}
	return rc;
}

int cmd_retention(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"municipality", required_argument, NULL, 'm'},
		{"kind", required_argument, NULL, 'k'},
		{"programme", required_argument, NULL, 'p'},
		{"months", required_argument, NULL, 'n'},
		{"from", required_argument, NULL, 'f'},
		{"basis", required_argument, NULL, 'b'},
		{"on", required_argument, NULL, 'o'},
		{"vacuum", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cli_common o;
	struct args g = {0};
	struct municipality_row m = {0};
	struct rules_arg ra = {0};
	struct store *s;
	int ch, rc = 1;
	int32_t day;
	enum rede_err err;

	cli_common_init(&o);
	if (argc < 2)
		return cli_usage(retention_help, false);
	g.verb = argv[1];
	if (!strcmp(g.verb, "--help") || !strcmp(g.verb, "-h"))
		return cli_usage(retention_help, true);
	optind = 1;
	while ((ch = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': o.db = optarg; break;
		case 'm': g.code = optarg; break;
		case 'k': g.kind = optarg; break;
		case 'p': g.programme = optarg; break;
		case 'n': g.months = optarg; break;
		case 'f': g.from = optarg; break;
		case 'b': g.basis = optarg; break;
		case 'o': g.on = optarg; break;
		case 'v': g.vacuum = true; break;
		case 'h': return cli_usage(retention_help, true);
		default: return cli_usage(retention_help, false);
		}
	}
	if (optind != argc - 1)
		return cli_usage(retention_help, false);
	if (strcmp(g.verb, "rules") && strcmp(g.verb, "set") && strcmp(g.verb, "plan") &&
	    strcmp(g.verb, "run"))
		return cli_usage(retention_help, false);
	if (!strcmp(g.verb, "set") && !valid_set(&g))
		return 2;
	if (g.on && (strcmp(g.verb, "plan") || !rede_date_parse(g.on, &day))) {
		fprintf(stderr, "rede: --on DATE (YYYY-MM-DD) belongs to plan only\n");
		return 2;
	}
	s = cli_open(&o, false);
	if (!s)
		return 1;
	if (!strcmp(g.verb, "plan") || !strcmp(g.verb, "run")) {
		rc = plan_or_run(s, &g, !strcmp(g.verb, "plan"));
		goto out;
	}
	if (g.code && !cli_municipality(s, g.code, &m))
		goto out;
	ra.municipality_id = m.id;
	ra.g = &g;
	err = store_tx_run(s, !strcmp(g.verb, "set") ? STORE_TX_WRITE : STORE_TX_READ,
			   !strcmp(g.verb, "set") ? set_body : rules_body, &ra);
	if (err)
		fprintf(stderr, "rede: retention %s failed: %s\n", g.verb,
			ra.fail ? ra.fail : rede_err_name(err));
	else
		rc = 0;
out:
	store_close(s);
	return rc;
}
