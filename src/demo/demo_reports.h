/*
 * demo_reports.h - SYNTHETIC data for the reports in `rede demo` (issue
 * 7): the demo municipality's programme round and alternative-intervention
 * cost, and three practices with a typology self-assessment each, so the
 * reports and the typology comparison have something to show.
 */
#ifndef REDE_DEMO_DEMO_REPORTS_H
#define REDE_DEMO_DEMO_REPORTS_H

#include <stdint.h>

#include "rede/store.h"

/* Inside the caller's transaction; today is the assessments' date. */
enum rede_err demo_reports(struct store_conn *c, int64_t municipality_id, int64_t leader_id);

#endif
