/*
 * retention.c - retention periods and what a retention run may delete
 * (see core_retention.h).
 */
#include <string.h>

#include "rede/core_retention.h"
#include "rede/util.h"

const char *const core_case_kind_names[CASE_KIND__COUNT] = {
	"course", "referral", "health_visit", "handover", "family",
};

const char *const core_case_kind_labels[CASE_KIND__COUNT] = {
	"Forløb",
	"Henvisning uden forløb",
	"Sundhedsplejens besøg",
	"Overleveringssamtale",
	"Familie og personer",
};

const char *const core_retention_event_names[RET_FROM__COUNT] = {"end", "last_entry"};

static const char *const programmes[CASE_KIND__COUNT][4] = {
	{"home_pedagogue", "cosp", "family_group", NULL},
	{"home_pedagogue", NULL},
	{"visit_1_5y", "visit_3y", NULL},
	{"daycare", NULL},
	{"all", NULL},
};

enum core_case_kind core_case_kind_parse(const char *s)
{
	for (int i = 0; s && i < CASE_KIND__COUNT; i++)
		if (!strcmp(s, core_case_kind_names[i]))
			return (enum core_case_kind)i;
	return CASE_KIND__COUNT;
}

bool core_retention_programme_valid(enum core_case_kind k, const char *programme)
{
	if (k >= CASE_KIND__COUNT || !programme)
		return false;
	for (int i = 0; programmes[k][i]; i++)
		if (!strcmp(programme, programmes[k][i]))
			return true;
	return false;
}

enum core_retention_event core_retention_event_parse(const char *s)
{
	for (int i = 0; s && i < RET_FROM__COUNT; i++)
		if (!strcmp(s, core_retention_event_names[i]))
			return (enum core_retention_event)i;
	return RET_FROM__COUNT;
}

int32_t core_add_months(int32_t day, int64_t months)
{
	char text[11];
	int y, m, d;
	int64_t total;

	rede_date_format(day, text);
	y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
	m = (text[5] - '0') * 10 + (text[6] - '0');
	d = (text[8] - '0') * 10 + (text[9] - '0');
	total = (int64_t)y * 12 + (m - 1) + months;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	while (d > 28 && !rede_date_valid(y, m, d))
		d--;
	return rede_days_from_civil(y, m, d);
}

int32_t core_retention_expires(const struct core_retention_rule *r, int32_t end, int32_t last)
{
	int32_t from;

	if (end == CORE_NO_DATE)
		return CORE_NO_DATE;
	from = r->from == RET_FROM_LAST_ENTRY && last != CORE_NO_DATE && last > end ? last : end;
	return core_add_months(from, r->months);
}

bool core_retention_covered(int32_t end, int64_t created, const struct core_archive_cover *covers,
			    int n)
{
	if (end == CORE_NO_DATE)
		return false;
	for (int i = 0; i < n; i++)
		if (end <= covers[i].through && created < covers[i].exported_at)
			return true;
	return false;
}

enum core_retention_verdict core_retention_verdict(const struct core_retention_rule *r, int32_t end,
						   int32_t last, int32_t today, bool covered,
						   bool held)
{
	int32_t expires = core_retention_expires(r, end, last);

	if (expires == CORE_NO_DATE)
		return RET_OPEN;
	if (expires > today)
		return RET_KEPT;
	if (!covered)
		return RET_NOT_ARCHIVED;
	if (held)
		return RET_HELD;
	return RET_DELETE;
}
