/* idcard.h - citizen ID numbers (公民身份号码, GB 11643-1999) and the
 * division codes of Guangzhou that such a number may carry.
 *
 * A number has 18 characters: a 6-digit address code (GB/T 2260, the place
 * of first registration, possibly a code that no longer exists), the birth
 * date YYYYMMDD, a 3-digit sequence (odd = male, even = female) and a check
 * character over the first 17 digits (ISO 7064 MOD 11-2). idcard_parse is the
 * one place that decides whether a number is valid; the registry, the import
 * and the API all call it, so every caller reports the same bilingual
 * messages (field "id_number").
 *
 * The functions here are pure and thread-safe; nothing is allocated. */
#ifndef MZ_IDCARD_H
#define MZ_IDCARD_H

#include "base/date.h"
#include "base/err.h"

typedef struct idcard_info {
	char number[19];  /* normalised: 18 characters, final 'x' upper-cased */
	mz_day birth;     /* from characters 7-14 */
	char sex;         /* 'M' (odd sequence) or 'F' (even sequence) */
	char division[7]; /* the address code, characters 1-6 */
} idcard_info;

/* Validates s as an 18-character citizen ID number and fills *out (if not
 * NULL). Surrounding ASCII whitespace is ignored; a final lowercase 'x' is
 * accepted and normalised to 'X'. Returns 0, or -1 with *e set to
 * MZ_EINVAL, field "id_number", and a precise English and Chinese message:
 * empty, full-width or other non-ASCII characters, a 15-digit
 * first-generation number (no longer valid: the 18-digit number must be
 * used), wrong length, a non-digit among the first 17, a bad check
 * character, an unknown address code (see idcard_division_valid), a birth
 * date that does not exist, is before 1900 or after today (Beijing time), or
 * a check character that does not match. Messages never echo bytes that are
 * not printable ASCII. */
int idcard_parse(const char *s, idcard_info *out, mz_err *e);

/* Same as idcard_parse with "today" given, for tests and for reproducible
 * batch runs. */
int idcard_parse_on(const char *s, mz_day today, idcard_info *out, mz_err *e);

/* The check character ('0'-'9' or 'X') for 17 digits (GB 11643-1999 §5.1.4,
 * ISO 7064 MOD 11-2), or '\0' when first17 is not 17 ASCII digits. */
char idcard_check_char(const char *first17);

/* Whether a 6-digit address code may appear in a number: a code that claims
 * Guangzhou (prefix 4401) must be one of Guangzhou's codes, current or
 * historical (gz_districts, or 440100 for the city); any other code must
 * start with a real province-level code. Returns 1 or 0. */
int idcard_division_valid(const char *code6);

/* Masks a number for display: the first 4 and the last 4 characters are
 * kept and the rest become '*' ("4401**********123X"). A string shorter
 * than 9 characters is masked entirely. out is always NUL-terminated; at
 * most the first 18 characters of number are used. */
void idcard_mask(const char *number, char out[19]);

/* Builds a valid number (for the demo city and tests) from an address code,
 * a birth date and a sequence 0-999, computing the check character. The
 * caller passes a real date and a 6-digit code; nothing is validated. */
void idcard_make(const char *code6, int y, int m, int d, int seq3, char out[19]);

/* Guangzhou's county-level divisions (GB/T 2260), current and historical.
 * The array ends with an entry whose code is NULL. The city itself
 * (GZ_CITY_CODE) is not in it. */
typedef struct gz_district {
	const char *code;      /* "440103" */
	const char *name;      /* "荔湾区" */
	const char *name_en;   /* "Liwan District" */
	int historical;        /* 1: the code no longer exists */
	const char *successor; /* historical: the district that took over its
				* area (the largest part), else NULL */
} gz_district;

#define GZ_CITY_CODE "440100"
#define GZ_CITY_NAME "广州市"
#define GZ_DISTRICT_COUNT 11 /* current districts */

extern const gz_district gz_districts[];

/* Looks up a 6-digit code in gz_districts (or GZ_CITY_CODE); NULL when the
 * code is not a Guangzhou code. */
const gz_district *gz_district_find(const char *code6);
/* The Chinese name ("越秀区", "东山区", "广州市"), or NULL if unknown. */
const char *gz_division_name(const char *code6);
/* 1 if code6 is a historical Guangzhou code, 0 otherwise (current or unknown). */
int gz_division_is_historical(const char *code6);

#endif
