/* openapi_schemas_notices.c - the success responses of public notices and the inbox routes,
 * declared as data (notation: http/openapi_schema.h); each route table row
 * points at its own with .response. */
#include "http/openapi_schemas.h"

const http_schema oas_inbox = { "Inbox",
	"{items:[@InboxMessage], total:int, unread:int}" };
const http_schema oas_inbox_unread = { "InboxUnread",
	"{unread:int}" };
const http_schema oas_inbox_read_all_post = { "InboxReadAllPost",
	"{marked:int, unread:int}" };
const http_schema oas_inbox_read_post = { "InboxReadPost",
	"{id:id, unread:int}" };
const http_schema oas_inbox_message = { "InboxMessage",
	"{"
		"id:id, "
		"kind:str, "
		"params:{"
			"case_id?:int `an assistance case (GET /api/v1/cases/{id}); 0 when none`, "
			"program?:str, "
			"intake_street?:str, "
			"task?:str, "
			"due_on?:date, "
			"notice_until?:date, "
			"action?:str, "
			"payment_id?:int `a row id; 0 when none`, "
			"run_id?:int `a row id; 0 when none`, "
			"month?:month, "
			"amount_fen?:fen, "
			"reason?:str}, "
		"link:str, "
		"division_code:str `administrative division code: 6 digits a district, 9 a street, 12 a community`, "
		"created_at:datetime|null, "
		"read_at:datetime|null, "
		"unread:bool}" };
const http_schema *const openapi_schemas_notices[] = {
	&oas_inbox,
	&oas_inbox_unread,
	&oas_inbox_read_all_post,
	&oas_inbox_read_post,
	&oas_inbox_message,
	NULL
};
