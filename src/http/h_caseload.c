/*
 * h_caseload.c - GET /api/v1/caseload: the caller's own planned and active
 * courses (those they are assigned to), each with its week, weeks left and
 * the alerts of core_course_alerts (warning week, no contact, goal not
 * rated, network meeting without consent). The thresholds are programme
 * parameters from the setting table.
 */
#include "http/h_course.h"
#include "rede/util.h"

enum rede_err h_caseload_get(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	req->audit_action = "search";
	req->audit_entity = "enrolment";
	req->audit_detail = xstrdup("caseload");
	return course_list(req, c, true, true, NULL, resp);
}
