/* lexer.c - rules text to tokens.
 *
 * Columns count Unicode code points, so a policy officer's editor agrees
 * with the position in an error. Identifiers may be Chinese. Full-width
 * punctuation typed by a Chinese input method ("，" "（" "：") is the most
 * likely typo in these files, so it gets its own message naming the ASCII
 * character to use instead. ≤ ≥ ≠ × are accepted as operators. */
#include <string.h>

#include "policy/policy_int.h"

static const struct {
	const char *word;
	int kind;
} keywords[] = {
	{ "program", TK_PROGRAM }, { "unit", TK_UNIT },	    { "basis", TK_BASIS },
	{ "param", TK_PARAM },	   { "from", TK_FROM },	    { "in", TK_IN },
	{ "let", TK_LET },	   { "require", TK_REQUIRE }, { "amount", TK_AMOUNT },
	{ "output", TK_OUTPUT },   { "members", TK_MEMBERS }, { "others", TK_OTHERS },
	{ "where", TK_WHERE },	   { "if", TK_IF },	    { "then", TK_THEN },
	{ "else", TK_ELSE },	   { "and", TK_AND },	    { "or", TK_OR },
	{ "not", TK_NOT },	   { "true", TK_TRUE },	    { "false", TK_FALSE },
	{ "yuan", TK_YUAN },	   { "元", TK_YUAN },
};

const char *ptok_name(int kind)
{
	static const char *names[TK_COUNT_] = {
		[TK_EOF] = "the end of the file",
		[TK_IDENT] = "a name",
		[TK_STRING] = "a quoted label",
		[TK_INT] = "a number",
		[TK_DEC] = "a decimal number",
		[TK_DATE] = "a date",
		[TK_LPAREN] = "'('",
		[TK_RPAREN] = "')'",
		[TK_COMMA] = "','",
		[TK_COLON] = "':'",
		[TK_ASSIGN] = "'='",
		[TK_DOT] = "'.'",
		[TK_PLUS] = "'+'",
		[TK_MINUS] = "'-'",
		[TK_STAR] = "'*'",
		[TK_SLASH] = "'/'",
		[TK_LT] = "'<'",
		[TK_LE] = "'<='",
		[TK_GT] = "'>'",
		[TK_GE] = "'>='",
		[TK_EQ] = "'=='",
		[TK_NE] = "'!='",
	};

	if (kind >= TK_PROGRAM && kind < TK_COUNT_) {
		for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
			if (keywords[i].kind == kind)
				return keywords[i].word;
	}
	if (kind >= 0 && kind < TK_COUNT_ && names[kind])
		return names[kind];
	return "?";
}

/* Decodes one UTF-8 sequence; returns its length, 0 if malformed. */
static int utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0 && avail >= 2 && (s[1] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return *cp >= 0x80 ? 2 : 0;
	}
	if ((s[0] & 0xF0) == 0xE0 && avail >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
		      (s[2] & 0x3F);
		return *cp >= 0x800 && (*cp < 0xD800 || *cp > 0xDFFF) ? 3 : 0;
	}
	if ((s[0] & 0xF8) == 0xF0 && avail >= 4 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		      ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return *cp >= 0x10000 && *cp <= 0x10FFFF ? 4 : 0;
	}
	return 0;
}

/* Punctuation an input method produces that is never part of a name. */
static int is_cjk_punct(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF5E) ||
	       (cp >= 0x2010 && cp <= 0x2027) || cp == 0x00A0 || cp == 0x00B7 ||
	       (cp >= 0x2260 && cp <= 0x2265) || cp == 0x00D7;
}

/* The ASCII character a full-width one stands for, or 0. */
static char ascii_for(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return (char)(cp - 0xFEE0);
	switch (cp) {
	case 0x3000:
		return ' ';
	case 0x3001:
		return ',';
	case 0x3002:
		return '.';
	case 0x201C:
	case 0x201D:
		return '"';
	case 0x2018:
	case 0x2019:
		return '\'';
	}
	return 0;
}

typedef struct lexer {
	pctx *c;
	parena *a;
	const char *file;
	const char *t;
	size_t len, pos;
	int line, col;
	int line_has_token;
	ptoken *toks;
	int n, cap;
	int errs;
} lexer;

static void advance(lexer *L, size_t bytes)
{
	/* Only called with whole code points; columns count code points. */
	for (size_t i = 0; i < bytes; i++) {
		unsigned char ch = (unsigned char)L->t[L->pos + i];

		if (ch == '\n') {
			L->line++;
			L->col = 1;
			L->line_has_token = 0;
		} else if ((ch & 0xC0) != 0x80) {
			L->col++;
		}
	}
	L->pos += bytes;
}

static ptoken *push(lexer *L, int kind, size_t off, size_t len, int line, int col)
{
	ptoken *t;

	if (L->n == L->cap) {
		ptoken *nt;
		int ncap = L->cap ? L->cap * 2 : 256;

		nt = parena_alloc(L->a, (size_t)ncap * sizeof(*nt));
		if (L->n)
			memcpy(nt, L->toks, (size_t)L->n * sizeof(*nt));
		L->toks = nt;
		L->cap = ncap;
	}
	t = &L->toks[L->n++];
	memset(t, 0, sizeof(*t));
	t->kind = (uint8_t)kind;
	t->off = (uint32_t)off;
	t->len = (uint32_t)len;
	t->line = line;
	t->col = col;
	t->first_on_line = !L->line_has_token;
	L->line_has_token = 1;
	return t;
}

static int lex_error(lexer *L, int line, int col, const char *en, const char *zh,
		     const char *arg)
{
	L->errs++;
	return perr(L->c, L->file, line, col, en, zh, arg);
}

static int is_ident_start(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
	       ch >= 0x80;
}

static int is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static void lex_ident(lexer *L)
{
	size_t start = L->pos;
	int line = L->line, col = L->col;
	ptoken *t;

	while (L->pos < L->len) {
		unsigned char ch = (unsigned char)L->t[L->pos];
		uint32_t cp;
		int n;

		if (ch < 0x80) {
			if (!is_ident_start(ch) && !is_digit((char)ch))
				break;
			advance(L, 1);
			continue;
		}
		n = utf8_decode((const unsigned char *)L->t + L->pos, L->len - L->pos, &cp);
		if (!n || is_cjk_punct(cp))
			break;
		advance(L, (size_t)n);
	}
	t = push(L, TK_IDENT, start, L->pos - start, line, col);
	t->s = parena_strndup(L->a, L->t + start, L->pos - start);
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (!strcmp(keywords[i].word, t->s)) {
			t->kind = (uint8_t)keywords[i].kind;
			break;
		}
}

/* Numbers: 123, 1120.50, and dates 2021-04-01 (four digits, '-', two, '-', two). */
static void lex_number(lexer *L)
{
	size_t start = L->pos, p = L->pos;
	int line = L->line, col = L->col;
	int kind = TK_INT;

	while (p < L->len && is_digit(L->t[p]))
		p++;
	if (p - start == 4 && p + 6 <= L->len && L->t[p] == '-' && is_digit(L->t[p + 1]) &&
	    is_digit(L->t[p + 2]) && L->t[p + 3] == '-' && is_digit(L->t[p + 4]) &&
	    is_digit(L->t[p + 5])) {
		p += 6;
		kind = TK_DATE;
	} else if (p + 1 < L->len && L->t[p] == '.' && is_digit(L->t[p + 1])) {
		p++;
		while (p < L->len && is_digit(L->t[p]))
			p++;
		kind = TK_DEC;
	}
	advance(L, p - start);
	push(L, kind, start, p - start, line, col);
}

static void lex_string(lexer *L)
{
	int line = L->line, col = L->col;
	size_t start = L->pos;
	char *out;
	size_t n = 0;
	ptoken *t;

	advance(L, 1);
	out = parena_alloc(L->a, L->len - L->pos + 1);
	for (;;) {
		char ch;

		if (L->pos >= L->len || L->t[L->pos] == '\n') {
			lex_error(L, line, col, "label is not closed: add '\"' at its end%s",
				  "标签缺少结尾的引号 '\"'%s", "");
			break;
		}
		ch = L->t[L->pos];
		if (ch == '"') {
			advance(L, 1);
			break;
		}
		if (ch == '\\' && L->pos + 1 < L->len &&
		    (L->t[L->pos + 1] == '"' || L->t[L->pos + 1] == '\\')) {
			out[n++] = L->t[L->pos + 1];
			advance(L, 2);
			continue;
		}
		out[n++] = ch;
		L->pos++; /* column counting: bytes of one code point */
		if (((unsigned char)ch & 0xC0) != 0x80)
			L->col++;
	}
	out[n] = '\0';
	t = push(L, TK_STRING, start, L->pos - start, line, col);
	t->s = out;
}

int plex(pctx *c, parena *a, const char *file, const char *text, size_t len,
	 ptoken **out, int *ntok)
{
	lexer L = { 0 };

	L.c = c;
	L.a = a;
	L.file = file;
	L.t = text;
	L.len = len;
	L.line = 1;
	L.col = 1;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		L.pos = 3; /* a byte-order mark some editors add */
	while (L.pos < L.len && L.errs < 20) {
		unsigned char ch = (unsigned char)L.t[L.pos];
		int line = L.line, col = L.col;
		int kind = -1;
		size_t n = 1;

		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
			advance(&L, 1);
			continue;
		}
		if (ch == '#') {
			while (L.pos < L.len && L.t[L.pos] != '\n')
				L.pos++;
			continue;
		}
		if (ch >= 0x80) {
			uint32_t cp;
			int k = utf8_decode((const unsigned char *)L.t + L.pos, L.len - L.pos, &cp);

			if (!k) {
				lex_error(&L, line, col,
					  "the file is not valid UTF-8 here%s: save it as UTF-8",
					  "此处不是有效的 UTF-8 编码%s：请以 UTF-8 保存文件", "");
				return L.errs;
			}
			if (cp == 0x2264 || cp == 0x2265 || cp == 0x2260 || cp == 0x00D7) {
				kind = cp == 0x2264 ? TK_LE : cp == 0x2265 ? TK_GE
					: cp == 0x2260 ? TK_NE : TK_STAR;
				push(&L, kind, L.pos, (size_t)k, line, col);
				advance(&L, (size_t)k);
				continue;
			}
			if (is_cjk_punct(cp)) {
				char glyph[8] = { 0 }, fix = ascii_for(cp);

				memcpy(glyph, L.t + L.pos, (size_t)k);
				if (fix) {
					char msg[160], msgzh[160];

					pfmt(msg, sizeof(msg),
						 "full-width character '%s': type the ASCII '%c' instead",
						 glyph, fix);
					pfmt(msgzh, sizeof(msgzh),
						 "全角字符 '%s'：请改用半角 '%c'", glyph, fix);
					L.errs++;
					perr_text(L.c, L.file, line, col, msg, msgzh);
				} else {
					lex_error(&L, line, col,
						  "punctuation '%s' is not allowed here",
						  "此处不能使用标点 '%s'", glyph);
				}
				advance(&L, (size_t)k);
				continue;
			}
			lex_ident(&L);
			continue;
		}
		if (is_ident_start(ch)) {
			lex_ident(&L);
			continue;
		}
		if (is_digit((char)ch)) {
			lex_number(&L);
			continue;
		}
		if (ch == '"') {
			lex_string(&L);
			continue;
		}
		switch (ch) {
		case '(':
			kind = TK_LPAREN;
			break;
		case ')':
			kind = TK_RPAREN;
			break;
		case ',':
			kind = TK_COMMA;
			break;
		case ':':
			kind = TK_COLON;
			break;
		case '.':
			kind = TK_DOT;
			break;
		case '+':
			kind = TK_PLUS;
			break;
		case '-':
			kind = TK_MINUS;
			break;
		case '*':
			kind = TK_STAR;
			break;
		case '/':
			kind = TK_SLASH;
			break;
		case '=':
			kind = TK_ASSIGN;
			if (L.pos + 1 < L.len && L.t[L.pos + 1] == '=') {
				kind = TK_EQ;
				n = 2;
			}
			break;
		case '<':
			kind = TK_LT;
			if (L.pos + 1 < L.len && L.t[L.pos + 1] == '=') {
				kind = TK_LE;
				n = 2;
			}
			break;
		case '>':
			kind = TK_GT;
			if (L.pos + 1 < L.len && L.t[L.pos + 1] == '=') {
				kind = TK_GE;
				n = 2;
			}
			break;
		case '!':
			if (L.pos + 1 < L.len && L.t[L.pos + 1] == '=') {
				kind = TK_NE;
				n = 2;
			}
			break;
		}
		if (kind < 0) {
			char glyph[2] = { (char)ch, 0 };

			if (ch == '&' || ch == '|' || ch == '!')
				lex_error(&L, line, col,
					  "'%s' is not an operator here: write 'and', 'or' or 'not'",
					  "'%s' 不是运算符：请写 and、or 或 not", glyph);
			else
				lex_error(&L, line, col, "unexpected character '%s'",
					  "无法识别的字符 '%s'", glyph);
			advance(&L, 1);
			continue;
		}
		push(&L, kind, L.pos, n, line, col);
		advance(&L, n);
	}
	push(&L, TK_EOF, L.pos, 0, L.line, L.col);
	L.toks[L.n - 1].first_on_line = 1;
	*out = L.toks;
	*ntok = L.n;
	return L.errs;
}
