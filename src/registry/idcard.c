/* idcard.c - citizen ID numbers (GB 11643-1999) and Guangzhou's division codes.
 *
 * The order of the checks is the order a caseworker fixes a typo in: first
 * what the number is made of (characters, length), then each part from
 * left to right (address code, birth date), and the check character last,
 * because a wrong check character only says "somewhere there is a typo"
 * while the earlier checks say where. */
#include "registry/idcard.h"

#include <stdio.h>
#include <string.h>

/* GB/T 2260: the city, its 11 districts, and the codes that numbers issued
 * before the district reforms of 2000, 2005 and 2014 still carry. */
const gz_district gz_districts[] = {
	{ "440103", "荔湾区", "Liwan District", 0, NULL },
	{ "440104", "越秀区", "Yuexiu District", 0, NULL },
	{ "440105", "海珠区", "Haizhu District", 0, NULL },
	{ "440106", "天河区", "Tianhe District", 0, NULL },
	{ "440111", "白云区", "Baiyun District", 0, NULL },
	{ "440112", "黄埔区", "Huangpu District", 0, NULL },
	{ "440113", "番禺区", "Panyu District", 0, NULL },
	{ "440114", "花都区", "Huadu District", 0, NULL },
	{ "440115", "南沙区", "Nansha District", 0, NULL },
	{ "440117", "从化区", "Conghua District", 0, NULL },
	{ "440118", "增城区", "Zengcheng District", 0, NULL },
	/* 2005: 东山 merged into 越秀, 芳村 into 荔湾. */
	{ "440102", "东山区", "Dongshan District", 1, "440104" },
	{ "440107", "芳村区", "Fangcun District", 1, "440103" },
	/* 2014: 萝岗 merged into 黄埔. */
	{ "440116", "萝岗区", "Luogang District", 1, "440112" },
	/* County-level cities that became districts: 番禺 and 花都 in 2000,
	 * 增城 and 从化 in 2014. */
	{ "440181", "番禺市", "Panyu City", 1, "440113" },
	{ "440182", "花都市", "Huadu City", 1, "440114" },
	{ "440183", "增城市", "Zengcheng City", 1, "440118" },
	{ "440184", "从化市", "Conghua City", 1, "440117" },
	{ NULL, NULL, NULL, 0, NULL },
};

static const gz_district gz_city = { GZ_CITY_CODE, GZ_CITY_NAME,
				     "Guangzhou", 0, NULL };

/* GB/T 2260 province-level codes. 71 (Taiwan), 81 (Hong Kong) and 82 (Macao)
 * appear in residence-permit numbers of the same format; 83 is the code
 * given to Taiwan residents' residence permits (2018). */
static int province_valid(int p)
{
	return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) ||
	       (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
	       (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 ||
	       p == 81 || p == 82 || p == 83;
}

static int is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

const gz_district *gz_district_find(const char *code6)
{
	if (!code6 || strncmp(code6, "4401", 4) != 0 || strlen(code6) != 6)
		return NULL;
	if (strcmp(code6, GZ_CITY_CODE) == 0)
		return &gz_city;
	for (const gz_district *d = gz_districts; d->code; d++)
		if (memcmp(d->code, code6, 6) == 0)
			return d;
	return NULL;
}

const char *gz_division_name(const char *code6)
{
	const gz_district *d = gz_district_find(code6);
	return d ? d->name : NULL;
}

int gz_division_is_historical(const char *code6)
{
	const gz_district *d = gz_district_find(code6);
	return d ? d->historical : 0;
}

int idcard_division_valid(const char *code6)
{
	char code[7];

	if (!code6 || strlen(code6) < 6 || !is_digits(code6, 6))
		return 0;
	memcpy(code, code6, 6);
	code[6] = '\0';
	if (memcmp(code, "4401", 4) == 0)
		return gz_district_find(code) != NULL;
	return province_valid(num(code, 2));
}

/* GB 11643-1999 §5.1.4: weight of position i (1-based from the left) is
 * 2^(18-i) mod 11; S mod 11 indexes the check characters below. */
char idcard_check_char(const char *first17)
{
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6,
					3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[11] = { '1', '0', 'X', '9', '8', '7',
					'6', '5', '4', '3', '2' };
	int sum = 0;

	if (!first17)
		return '\0';
	for (int i = 0; i < 17; i++) {
		if (first17[i] < '0' || first17[i] > '9')
			return '\0';
		sum += (first17[i] - '0') * weight[i];
	}
	return check[sum % 11];
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

/* A full-width digit (U+FF10-FF19) or X/x (U+FF38, U+FF58) at p: typed with
 * a Chinese input method, and the commonest reason a number "looks right"
 * but is not. */
static int is_fullwidth(const unsigned char *p)
{
	return (p[0] == 0xEF && p[1] == 0xBC &&
		((p[2] >= 0x90 && p[2] <= 0x99) || p[2] == 0xB8)) ||
	       (p[0] == 0xEF && p[1] == 0xBD && p[2] == 0x98);
}

static int fail_char(mz_err *e, int pos, char c)
{
	if (c >= 0x21 && c <= 0x7E && c != '\'')
		return mz_failf(e, MZ_EINVAL, "id_number",
				"character %d of the citizen ID number must be a digit, got '%c'",
				"公民身份号码第%d位应为数字，实际为'%c'", pos, c);
	return mz_failf(e, MZ_EINVAL, "id_number",
			"character %d of the citizen ID number must be a digit",
			"公民身份号码第%d位应为数字", pos);
}

int idcard_parse_on(const char *s, mz_day today, idcard_info *out, mz_err *e)
{
	const char *end;
	size_t len;
	char n[19];
	int y, m, d;
	char expect;
	mz_day birth;

	if (!s)
		s = "";
	while (is_space(*s))
		s++;
	end = s + strlen(s);
	while (end > s && is_space(end[-1]))
		end--;
	len = (size_t)(end - s);
	if (len == 0)
		return mz_fail(e, MZ_EINVAL, "id_number",
			       "citizen ID number is empty", "公民身份号码为空");

	for (size_t i = 0; i < len; i++) {
		const unsigned char *p = (const unsigned char *)s + i;
		if (*p < 0x80)
			continue;
		if (len - i >= 3 && is_fullwidth(p))
			return mz_fail(e, MZ_EINVAL, "id_number",
				       "citizen ID number contains full-width characters; type half-width digits 0-9 and X",
				       "公民身份号码含有全角字符，请输入半角数字0-9和X");
		return mz_fail(e, MZ_EINVAL, "id_number",
			       "citizen ID number may contain only digits 0-9 and a final X",
			       "公民身份号码只能包含数字0-9和末位X");
	}

	/* GB 11643-1999 replaced the 15-digit numbers of GB 11643-1989; the
	 * first-generation cards they were printed on stopped being valid
	 * identity documents on 2013-01-01. */
	if (len == 15 && is_digits(s, 15))
		return mz_fail(e, MZ_EINVAL, "id_number",
			       "15-digit first-generation ID numbers are no longer valid; use the 18-digit citizen ID number",
			       "15位第一代身份证号码已停止使用，请使用18位公民身份号码");
	if (len != 18)
		return mz_failf(e, MZ_EINVAL, "id_number",
				"citizen ID number must be 18 characters long, got %zu",
				"公民身份号码应为18位，实际为%zu位", len);
	for (int i = 0; i < 17; i++)
		if (s[i] < '0' || s[i] > '9')
			return fail_char(e, i + 1, s[i]);
	memcpy(n, s, 18);
	n[18] = '\0';
	if (n[17] == 'x')
		n[17] = 'X';
	if ((n[17] < '0' || n[17] > '9') && n[17] != 'X') {
		if (n[17] >= 0x21 && n[17] <= 0x7E && n[17] != '\'')
			return mz_failf(e, MZ_EINVAL, "id_number",
					"the check character (character 18) must be a digit or X, got '%c'",
					"第18位校验码应为数字或X，实际为'%c'", n[17]);
		return mz_fail(e, MZ_EINVAL, "id_number",
			       "the check character (character 18) must be a digit or X",
			       "第18位校验码应为数字或X");
	}

	if (!idcard_division_valid(n)) {
		if (memcmp(n, "4401", 4) == 0)
			return mz_failf(e, MZ_EINVAL, "id_number",
					"address code '%.6s' is not a Guangzhou division code, current or historical",
					"地址码'%.6s'不是广州市现行或历史行政区划代码", n);
		return mz_failf(e, MZ_EINVAL, "id_number",
				"address code '%.6s' does not start with a province code",
				"地址码'%.6s'的前两位不是省级行政区划代码", n);
	}

	y = num(n + 6, 4);
	m = num(n + 10, 2);
	d = num(n + 12, 2);
	if (y < 1900)
		return mz_failf(e, MZ_EINVAL, "id_number",
				"birth date %.4s-%.2s-%.2s is before 1900",
				"出生日期%.4s-%.2s-%.2s早于1900年", n + 6, n + 10,
				n + 12);
	if (!mz_date_valid(y, m, d))
		return mz_failf(e, MZ_EINVAL, "id_number",
				"birth date %.4s-%.2s-%.2s does not exist",
				"出生日期%.4s-%.2s-%.2s不存在", n + 6, n + 10,
				n + 12);
	birth = mz_day_from_ymd(y, m, d);
	if (birth > today)
		return mz_failf(e, MZ_EINVAL, "id_number",
				"birth date %.4s-%.2s-%.2s is in the future",
				"出生日期%.4s-%.2s-%.2s晚于今天", n + 6, n + 10,
				n + 12);

	expect = idcard_check_char(n);
	if (n[17] != expect)
		return mz_failf(e, MZ_EINVAL, "id_number",
				"wrong check character '%c', the first 17 digits give '%c'; the number has a typo",
				"校验码'%c'错误，按前17位应为'%c'，号码可能输入有误",
				n[17], expect);

	if (out) {
		memcpy(out->number, n, 19);
		out->birth = birth;
		out->sex = ((n[16] - '0') % 2) ? 'M' : 'F';
		memcpy(out->division, n, 6);
		out->division[6] = '\0';
	}
	return 0;
}

int idcard_parse(const char *s, idcard_info *out, mz_err *e)
{
	return idcard_parse_on(s, mz_today(), out, e);
}

void idcard_mask(const char *number, char out[19])
{
	size_t len = number ? strnlen(number, 18) : 0;

	for (size_t i = 0; i < len; i++)
		out[i] = (len > 8 && (i < 4 || i >= len - 4)) ? number[i] : '*';
	out[len] = '\0';
}

void idcard_make(const char *code6, int y, int m, int d, int seq3, char out[19])
{
	char first[32] = { 0 };

	snprintf(first, sizeof(first), "%.6s%04d%02d%02d%03d", code6,
		 ((y % 10000) + 10000) % 10000, ((m % 100) + 100) % 100,
		 ((d % 100) + 100) % 100, ((seq3 % 1000) + 1000) % 1000);
	memcpy(out, first, 17);
	out[17] = idcard_check_char(first);
	if (!out[17])
		out[17] = '0'; /* code6 was not 6 digits: garbage in, no crash */
	out[18] = '\0';
}
