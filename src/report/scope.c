/*
 * scope.c - what every report builder shares: the scope of its queries,
 * the programme parameters in force, settings with a default, and the
 * months of a period.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"
#include "report/report_internal.h"
#include "store/settings.h"

void report_rq_scope(const struct report_scope *s, const struct report_muni *m,
		     struct store_rq_scope *out)
{
	*out = (struct store_rq_scope){
		.municipality_id = m ? m->id : 0,
		.from = s->from,
		.to = s->to,
		.one_unit = s->unit_mode == RUNIT_ONE,
		.unit_id = s->unit_id,
		.member_units = s->unit_mode == RUNIT_MEMBER,
		.user_id = s->user_id,
		.prefetch = s->prefetch,
	};
}

int64_t report_setting(struct store_conn *c, int64_t municipality_id, const char *key, int64_t dflt)
{
	int64_t v;

	return store_setting_int(c, municipality_id, key, &v) == REDE_OK ? v : dflt;
}

struct params_arg {
	const char *const *prefixes;
	json_t *o;
};

static int param_one(const char *key, const char *val, void *arg)
{
	struct params_arg *a = arg;
	char *end;
	long long n;

	for (const char *const *p = a->prefixes; *p; p++)
		if (str_starts(key, *p)) {
			n = strtoll(val, &end, 10);
			json_object_set_new(a->o, key,
					    *val && !*end ? json_integer(n) : json_string(val));
			break;
		}
	return 0;
}

enum rede_err report_params(struct store_conn *c, int64_t municipality_id,
			    const char *const *prefixes, json_t **out)
{
	struct params_arg a = {prefixes, json_object()};
	enum rede_err err = store_setting_each_in(c, municipality_id, param_one, &a);

	if (err) {
		json_decref(a.o);
		return err;
	}
	*out = a.o;
	return REDE_OK;
}

enum rede_err report_add_params(struct store_conn *c, const struct report_scope *s,
				struct report *r, const char *const *prefixes)
{
	for (int i = 0; i < s->nmunis; i++) {
		json_t *vals = NULL, *entry = NULL;
		size_t k;
		enum rede_err err = report_params(c, s->munis[i].id, prefixes, &vals);

		if (err)
			return err;
		/* Merge with what another report of an evaluation kit put there. */
		json_array_foreach(
			r->parameters, k,
			entry) if (!strcmp(json_string_value(json_object_get(entry,
									     "municipality")),
					   s->munis[i].code)) break;
		if (k < json_array_size(r->parameters)) {
			json_object_update(json_object_get(entry, "values"), vals);
			json_decref(vals);
		} else {
			json_array_append_new(r->parameters,
					      json_pack("{s:s, s:o}", "municipality",
							s->munis[i].code, "values", vals));
		}
	}
	return REDE_OK;
}

static const char *const month_da[12] = {"jan.", "feb.", "mar.", "apr.", "maj",  "jun.",
					 "jul.", "aug.", "sep.", "okt.", "nov.", "dec."};

void report_month_label(const char *ym, char *out, size_t n)
{
	int y = 0, m = 0;

	if (sscanf(ym, "%d-%d", &y, &m) != 2 || m < 1 || m > 12) {
		snprintf(out, n, "%s", ym);
		return;
	}
	snprintf(out, n, "%s %d", month_da[m - 1], y);
}

void report_month_rows(struct report_table *t, const char *from, const char *to)
{
	int y, m, ty, tm;
	char id[16], label[32];

	if (sscanf(from, "%d-%d", &y, &m) != 2 || sscanf(to, "%d-%d", &ty, &tm) != 2)
		return;
	/* At most 50 years of months: a guard, periods are checked before. */
	for (int guard = 0; (y < ty || (y == ty && m <= tm)) && guard < 600; guard++) {
		snprintf(id, sizeof(id), "%04d-%02d", y, m);
		report_month_label(id, label, sizeof(label));
		report_row(t, id, label);
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
}

int report_round_row(struct report_table *t, int64_t round)
{
	char id[24], label[40];

	snprintf(id, sizeof(id), "%lld", (long long)round);
	if (round)
		snprintf(label, sizeof(label), "Runde %lld", (long long)round);
	else
		snprintf(label, sizeof(label), "Uden runde");
	return report_row(t, id, label);
}
