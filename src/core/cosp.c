/*
 * cosp.c - rules of COS-P courses, consultant visits and family groups
 * (see core_cosp.h).
 */
#include <string.h>

#include "rede/core_cosp.h"
#include "rede/core_course.h"
#include "rede/util.h"

const char *const core_cosp_channel_names[COSP_CHANNEL__COUNT] = {"letter", "phone", "sms",
								  "in_person"};
const char *const core_competence_names[COMPETENCE__COUNT] = {"cosp", "marte_meo", "icdp", "nbo",
							      "other"};
const char *const core_cosp_stage_names[COSP_STAGE__COUNT] = {
	"offered", "declined", "accepted", "placed", "dropped_out", "completed", "not_completed",
};

bool core_cosp_completed(const struct core_cosp_params *p, int attended, bool dropped_out)
{
	return !dropped_out && attended >= p->completion_min_attended;
}

enum core_cosp_stage core_cosp_stage(const struct core_cosp_params *p,
				     const struct core_cosp_facts *f, int32_t today)
{
	if (!f->answered)
		return COSP_OFFERED;
	if (!f->accepted)
		return COSP_DECLINED;
	if (f->dropped_out)
		return COSP_DROPPED_OUT;
	if (!f->placed)
		return COSP_ACCEPTED;
	if (f->last_session == CORE_NO_DATE || f->last_session >= today)
		return COSP_PLACED;
	return core_cosp_completed(p, f->attended, false) ? COSP_COMPLETED : COSP_NOT_COMPLETED;
}

void core_cosp_session_dates(int32_t start, int n, int64_t interval_days, int32_t *out)
{
	for (int i = 0; i < n; i++)
		out[i] = start + (int32_t)(i * interval_days);
}

bool core_cosp_dates_ascending(const int32_t *d, int n)
{
	for (int i = 1; i < n; i++)
		if (d[i] <= d[i - 1])
			return false;
	return true;
}

bool core_cosp_mask(const char *const *names, int count, const char *const *list, size_t n,
		    unsigned *mask)
{
	*mask = 0;
	for (size_t i = 0; i < n; i++) {
		int k = list[i] ? core_course_name_index(names, count, list[i]) : count;
		if (k == count)
			return false;
		*mask |= 1u << k;
	}
	return true;
}

int core_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0) */
	int w = (int)((day % 7 + 7) % 7);
	return (w + 3) % 7;
}

int core_year(int32_t day)
{
	char s[11];

	rede_date_format(day, s);
	return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
}

void core_consult_plan(int year, int n, int32_t *out)
{
	int32_t first = rede_days_from_civil(year, 1, 1);
	int32_t len = rede_days_from_civil(year + 1, 1, 1) - first;

	for (int i = 0; i < n; i++) {
		int32_t from = first + (int32_t)((int64_t)len * i / n);
		int32_t to = first + (int32_t)((int64_t)len * (i + 1) / n);
		int32_t d = from + (to - from) / 2;
		while (core_weekday(d) >= 5)
			d++;
		out[i] = d;
	}
}

int core_consult_period(int32_t day, int n)
{
	int year = core_year(day);
	int32_t first = rede_days_from_civil(year, 1, 1);
	int32_t len = rede_days_from_civil(year + 1, 1, 1) - first;

	for (int i = 0; i < n; i++)
		if (day < first + (int32_t)((int64_t)len * (i + 1) / n))
			return i + 1;
	return n;
}

int32_t core_fgroup_next_status(const struct core_fgroup_params *p, int32_t start_meeting,
				int32_t last_status)
{
	int32_t step = (int32_t)(p->status_meeting_weeks * 7), due;

	if (start_meeting == CORE_NO_DATE || step <= 0)
		return CORE_NO_DATE;
	due = start_meeting + step;
	while (last_status != CORE_NO_DATE && due <= last_status)
		due += step;
	return due;
}

bool core_fgroup_score_valid(const struct core_fgroup_params *p, int64_t score)
{
	return score >= p->score_min && score <= p->score_max;
}
