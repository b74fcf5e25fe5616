/*
 * log.c - one line per event on stderr: "<UTC time> <level> <message>".
 *
 * English, lowercase, no personal data (callers' duty; see util.h). The
 * level comes from REDE_LOG (debug|info|warn|error), default info.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rede/util.h"

static const char *const level_names[LOG_LEVEL__COUNT] = {"debug", "info", "warn", "error"};
static enum log_level min_level = LOG_INFO;
static pthread_once_t level_once = PTHREAD_ONCE_INIT;
static bool level_forced;

static void level_from_env(void)
{
	const char *e = getenv("REDE_LOG");

	if (level_forced || !e)
		return;
	for (int i = 0; i < LOG_LEVEL__COUNT; i++)
		if (!strcmp(e, level_names[i]))
			min_level = (enum log_level)i;
}

void log_set_level(enum log_level lvl)
{
	level_forced = true;
	min_level = lvl;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	char line[1024], at[25];
	va_list ap;
	int n;

	pthread_once(&level_once, level_from_env);
	if (lvl < min_level || lvl >= LOG_LEVEL__COUNT)
		return;
	rede_time_iso(rede_now_ms(), at);
	n = snprintf(line, sizeof(line), "%s %s ", at, level_names[lvl]);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", line);
}
