/*
 * caseload_facts.h - what the caseload keeps on write (migration 0028):
 * caseload_open, one row per staff member and open (planned or active)
 * home-pedagogue course, so GET /api/v1/caseload reads the caller's open
 * courses instead of every course the caller was ever assigned to.
 *
 * Every write that changes a home-pedagogue course's status or staff calls
 * store_caseload_open_refresh in its own transaction (today: save_staff in
 * enrolments.c, which store_enrolment_insert and store_enrolment_update run
 * after the status is written; COS-P and family-group courses are other
 * programmes and never in it). docs/ARCHITECTURE.md lists the paths.
 */
#ifndef REDE_STORE_CASELOAD_FACTS_H
#define REDE_STORE_CASELOAD_FACTS_H

#include <stdint.h>

#include "rede/store.h"

/* Make caseload_open's rows of the course agree with its stored status,
 * programme and staff (delete them, then insert them again when the course
 * is an open home-pedagogue course). Runs in the caller's transaction. */
enum rede_err store_caseload_open_refresh(struct store_conn *c, int64_t enrolment_id);

#endif
