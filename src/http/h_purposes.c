/*
 * h_purposes.c - the purpose of a look-up (issue 18; core_purpose.h).
 *
 * GET /api/v1/purposes lists the purposes a user may give (the short
 * list the UI offers). http_purpose takes the purpose a request gave -
 * `purpose` in the query string of a GET, in the body of a POST - for the
 * routes that imply none: the CPR reveal, the CPR look-up and a family
 * read outside one's caseload (docs/API.md, "Purpose"). It goes on the
 * request's audit entry.
 */
#include <string.h>

#include "http/handlers.h"
#include "rede/core_purpose.h"

enum rede_err h_purposes_list(struct http_req *req, struct store_conn *c, struct http_resp *resp)
{
	json_t *items = json_array();

	(void)req;
	(void)c;
	for (int i = 0; i < PURPOSE__COUNT; i++)
		if (core_purpose_choosable((enum core_purpose)i))
			json_array_append_new(items,
					      json_pack("{s:s, s:s}", "code", core_purpose_names[i],
							"label", core_purpose_labels[i]));
	http_json(resp, 200, json_pack("{s:o}", "items", items));
	return REDE_OK;
}

bool http_purpose(struct http_req *req, const char *given, bool required, struct http_resp *resp)
{
	enum core_purpose p = core_purpose_parse(given);

	if (!given || !*given) {
		if (!required)
			return true;
		if (!resp->status)
			http_problem(resp, 400, "Opslaget kræver et formål");
		http_problem_field(resp, "purpose", "Vælg formålet med opslaget");
		return false;
	}
	if (!core_purpose_choosable(p)) {
		http_field_error(resp, "purpose", "Ukendt formål");
		return false;
	}
	req->purpose_code = core_purpose_names[p];
	return true;
}
