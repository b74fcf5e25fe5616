/*
 * sparring.c - the rules of faglig sparring and competence development
 * (see core_sparring.h).
 */
#include <stdio.h>
#include <string.h>

#include "rede/core_course.h"
#include "rede/core_sparring.h"
#include "rede/util.h"

const char *const core_sparring_form_names[SPARRING_FORM__COUNT] = {
	"individual", "group", "ppr", "health_visiting", "family_department", "leader",
};

int core_sparring_form_parse(const char *name)
{
	return core_course_name_index(core_sparring_form_names, SPARRING_FORM__COUNT, name);
}

int core_training_kind_parse(const char *name)
{
	return core_course_name_index(core_training_kind_names, TRAINING_KIND__COUNT, name);
}

int64_t core_sparring_target(const struct core_sparring_params *p, int64_t days)
{
	if (p->target_period_days <= 0 || days <= 0)
		return 0;
	return (p->target_minutes * days * 2 + p->target_period_days) / (2 * p->target_period_days);
}

bool core_sparring_flagged(const struct core_sparring_params *p, int32_t last, int32_t since,
			   int32_t today)
{
	int32_t from = last != CORE_NO_DATE ? last : since;

	if (p->flag_weeks <= 0 || from == CORE_NO_DATE)
		return false;
	return (int64_t)today - from >= p->flag_weeks * 7;
}

static int month_len(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return len[m - 1];
}

int32_t core_training_refresher_due(int32_t done_on, int64_t months)
{
	char s[11];
	int y, m, d;
	int64_t total;

	if (months <= 0 || done_on == CORE_NO_DATE)
		return CORE_NO_DATE;
	rede_date_format(done_on, s);
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return CORE_NO_DATE;
	total = (int64_t)y * 12 + (m - 1) + months;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	if (d > month_len(y, m))
		d = month_len(y, m);
	return rede_days_from_civil(y, m, d);
}

bool core_sparring_case_prompt(const struct core_sparring_params *p, bool has_alerts,
			       int32_t last_discussed, int32_t started_on, int32_t today)
{
	int32_t from = last_discussed != CORE_NO_DATE ? last_discussed : started_on;

	if (!has_alerts || p->case_prompt_weeks <= 0 || from == CORE_NO_DATE)
		return false;
	return (int64_t)today - from >= p->case_prompt_weeks * 7;
}

void core_sparring_spread(int64_t total, const int64_t *parts, int n, int64_t *out)
{
	int64_t whole = 0, given = 0;

	for (int i = 0; i < n; i++)
		whole += parts[i] > 0 ? parts[i] : 0;
	for (int i = 0; i < n; i++) {
		out[i] = whole > 0 && parts[i] > 0 ? total * parts[i] / whole : 0;
		given += out[i];
	}
	if (whole <= 0)
		return;
	/* The remainder (fewer units than parts with a fraction) one unit
	 * each to the largest parts that were rounded down. */
	while (given < total) {
		int best = -1;
		for (int i = 0; i < n; i++)
			if (parts[i] > 0 && out[i] * whole < total * parts[i] &&
			    (best < 0 || parts[i] > parts[best]))
				best = i;
		if (best < 0)
			break;
		out[best]++;
		given++;
	}
}
