/* list_export.h - a staff list declared once, served as JSON pages and as
 * an XLSX workbook with the same filters.
 *
 * A list_def names the function that reads one page of the list (the
 * domain call the JSON route always made: scope, audit and filters stay
 * inside it), the columns a spreadsheet shows (key in each JSON item,
 * Chinese header, cell kind) and the Chinese names of its filters. Two
 * thin handlers per list then share it:
 *
 *	static int api_cases_list(http_request *req, http_response *res)
 *	{ return http_list_json(req, res, &cases_list); }
 *	static int api_cases_xlsx(http_request *req, http_response *res)
 *	{ return http_list_xlsx(req, res, &cases_list); }
 *
 * The XLSX route declares the same inputs as the JSON route (http_query
 * answers only declared parameters), so the workbook holds exactly the
 * rows the user filtered, in the order they sorted: page after page of the
 * same call until the total is reached. The workbook is written in
 * libxlsxwriter's constant-memory mode and sent from its temporary file,
 * so a big export costs disk and time, not memory; the one limit left is a
 * worksheet's (LIST_XLSX_MAX rows; a note row says when the list was cut).
 * A request with the header X-Export-Columns: key,key,... gets those
 * columns first, in that order (the page's column settings), then the
 * others as declared; an unknown key is refused 400 on "columns".
 * A request with the header X-Export-Token: <token> has its progress
 * recorded as it goes (jobs/export_runs.h; GET /api/v1/exports/:token),
 * which the page shows while it waits. Row 1 is the title, row 2 names
 * the filters in force, row 3 the column headers. Numbers are numbers
 * (amounts in yuan with two decimals, from integer fen), dates and times
 * are dates, ID numbers are masked, codes are written as their Chinese
 * label. The export itself is audited (list.export: which list, filters,
 * rows) besides the reads the page function audits. */
#ifndef MZ_HTTP_LIST_EXPORT_H
#define MZ_HTTP_LIST_EXPORT_H

#include <jansson.h>
#include <stdint.h>

#include "http/http.h"

/* A worksheet holds 1 048 576 rows: the title, filters and header rows and
 * the note row (with a blank row before it) leave this many for data. */
#define LIST_XLSX_MAX 1048571
/* The most columns a list declares (and a workbook writes). */
#define LIST_EXPORT_COLS_MAX 64

typedef enum list_cell {
	LIST_TEXT = 0,  /* a string (or any scalar as text) */
	LIST_INT,       /* an integer or real number */
	LIST_YUAN,      /* integer fen, written as yuan (number, format 0.00) */
	LIST_DATE,      /* "YYYY-MM-DD..." text, or Unix seconds: a date cell */
	LIST_DATETIME,  /* ISO text or Unix seconds (Beijing time): date and time */
	LIST_ID_MASKED, /* an ID number: masked unless it already is */
	LIST_LABEL,     /* a code written as its label (labels[]); unknown: as is */
	LIST_BOOL,      /* true: 是, false: 否 */
	LIST_DIVISION,  /* a division code written as its name */
	LIST_PROGRAM,   /* a program code written as its name in the rules in force */
} list_cell;

typedef struct list_column {
	const char *key;  /* member of each item; NULL ends the array */
	const char *head; /* the Chinese column header */
	list_cell cell;
	/* LIST_LABEL: { "code", "中文", "code", "中文", ..., NULL }; a comma
	 * list of codes is written as the labels joined by "、". */
	const char *const *labels;
	double width; /* column width in characters, 0: 12 */
} list_column;

typedef struct list_def {
	const char *name;  /* audit detail and the file name: "<name>.xlsx" */
	const char *title; /* the sheet title (Chinese) */
	const list_column *cols;
	/* { "param", "中文名", ..., NULL }: how row 2 names a query filter;
	 * a declared filter not named here is shown by its parameter name. */
	const char *const *filter_names;
	/* One page of the list, as the JSON route answers it: an object with
	 * the array items_key (default "items") and "total". NULL with req->err
	 * filled on a refusal. The caller owns the result. */
	json_t *(*page)(http_request *req, int64_t page, int64_t page_size);
	int64_t page_max;      /* the largest page_size the JSON route allows */
	const char *items_key; /* NULL: "items" */
} list_def;

/* GET of the list as JSON: ?page, ?page_size (1..page_max) and the list's
 * filters; the page function's answer is the response. */
int http_list_json(http_request *req, http_response *res, const list_def *d);

/* GET of the list as an XLSX download with the same filters and order. */
int http_list_xlsx(http_request *req, http_response *res, const list_def *d);

/* The label of code in a LIST_LABEL table, or NULL. */
const char *list_label(const char *const *labels, const char *code);

#endif
