/*
 * date_range.c - plausible dates per date field (issue 21, item 4): an
 * expected birth date in 2099 or a visit in 1990 is refused by the server,
 * not only by the form. The ranges are the web UI's own data,
 * web/data/date_ranges.json (days before and after the Danish today, per
 * field name), compiled in by the build (build/gen/web_data.c), so the form,
 * its date picker and the server read one source. A field's name uses the
 * longest key it equals or ends with ("_" + key); "default" is for the rest
 * - the same rule as web/js/dates.js.
 *
 * The file is parsed once (pthread_once); a broken file is a build defect
 * and leaves only the built-in default. Thread-safe after that.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "archive/embedded.h"
#include "rede/http.h"
#include "rede/util.h"

#define MAX_RANGES 64

static struct range {
	char key[40];
	int32_t past_days, future_days;
} ranges[MAX_RANGES];
static int n_ranges;
static struct range fallback = {"default", 3660, 732};
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
	json_t *root = NULL, *v;
	const char *key;
	json_error_t jerr;

	for (int i = 0; i < web_data_count; i++)
		if (!strcmp(web_data[i].name, "date_ranges.json"))
			root = json_loads(web_data[i].text, 0, &jerr);
	if (!json_is_object(root))
		goto out;
	json_object_foreach(root, key, v)
	{
		json_t *past = json_object_get(v, "past_days"),
		       *fut = json_object_get(v, "future_days");

		if (key[0] == '_' || !json_is_integer(past) || !json_is_integer(fut) ||
		    strlen(key) >= sizeof(ranges[0].key) || n_ranges == MAX_RANGES)
			continue;
		snprintf(ranges[n_ranges].key, sizeof(ranges[0].key), "%s", key);
		ranges[n_ranges].past_days = (int32_t)json_integer_value(past);
		ranges[n_ranges].future_days = (int32_t)json_integer_value(fut);
		if (!strcmp(key, "default"))
			fallback = ranges[n_ranges];
		n_ranges++;
	}
out:
	json_decref(root);
}

static const struct range *range_for(const char *field)
{
	const struct range *best = &fallback;
	size_t fl = strlen(field), best_len = 0;

	pthread_once(&once, load);
	for (int i = 0; i < n_ranges; i++) {
		size_t kl = strlen(ranges[i].key);

		if (!strcmp(ranges[i].key, "default") || kl <= best_len || kl > fl)
			continue;
		if (!strcmp(field, ranges[i].key) || (fl > kl && field[fl - kl - 1] == '_' &&
						      !strcmp(field + fl - kl, ranges[i].key))) {
			best = &ranges[i];
			best_len = kl;
		}
	}
	return best;
}

void http_date_range(const char *field, int32_t *min, int32_t *max)
{
	const struct range *r = range_for(field ? field : "");
	int32_t today = rede_today();

	*min = today - r->past_days;
	*max = today + r->future_days;
}

bool http_date_plausible_msg(const char *field, int32_t day, char *msg, size_t msgsz)
{
	int32_t min, max;
	char a[11], b[11];

	http_date_range(field, &min, &max);
	if (day >= min && day <= max)
		return true;
	rede_date_format_da(min, a);
	rede_date_format_da(max, b);
	snprintf(msg, msgsz, "Datoen skal ligge mellem %s og %s", a, b);
	return false;
}

bool http_date_plausible(struct http_resp *resp, const char *field, int32_t day)
{
	char msg[80];

	if (http_date_plausible_msg(field, day, msg, sizeof(msg)))
		return true;
	http_field_error(resp, field, msg);
	return false;
}
