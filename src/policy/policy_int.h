/* policy_int.h - internals shared by the files of policy/; not a public
 * contract. The pipeline is
 *
 *   lexer.c    text -> tokens (line:column in code points)
 *   parser.c   tokens -> one policy_program per file: symbols (params,
 *              named values), conditions, amount, outputs; names unresolved
 *   check.c    names resolved (own, qualified "dibao.standard", built-in),
 *              types and levels inferred, cycles rejected, program order
 *   compile.c  each program -> a linear list of vector instructions over
 *              registers of household (H) or member (M) rows
 *   params.c   dated parameter lookup, resolved once per run per division
 *   eval_vec.c the interpreter over chunks of households (batch and trace)
 *   eval_trace.c  the single-household JSON explanation
 */
#ifndef MZ_POLICY_INT_H
#define MZ_POLICY_INT_H

#include <stdarg.h>
#include <stdatomic.h>

#include "policy/policy.h"

/* Zeroed memory for large arrays: huge pages where the kernel allows, so a
 * 20-million-row column costs a few hundred page faults, not 40,000. */
void *pbig_calloc(size_t n, size_t size);
void pbig_free(void *p);

/* ---- arena: every AST node and string of a set lives here ---------------- */
typedef struct parena_block parena_block;
typedef struct parena {
	parena_block *head;
} parena;
void *parena_alloc(parena *a, size_t n); /* zeroed, 16-aligned; aborts on OOM */
char *parena_strndup(parena *a, const char *s, size_t n);
void parena_release(parena *a);

/* ---- diagnostics --------------------------------------------------------- */
typedef struct pctx {
	policy_diags *diags; /* never NULL inside the loader */
	mz_err *e;           /* first error, may be NULL */
	int nerr;
} pctx;
/* Records an error at file:line:col; en_fmt and zh_fmt consume the same
 * arguments. Always returns -1. */
int perr(pctx *c, const char *file, int line, int col, const char *en_fmt,
	 const char *zh_fmt, ...) __attribute__((format(printf, 5, 7)));
/* snprintf for messages, where cutting a long text short is acceptable. */
void pfmt(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* An error whose English and Chinese texts are already formatted. */
#define perr_text(c, file, line, col, en, zh)                                  \
	perr((c), (file), (line), (col), "%s%.0s", "%.0s%s", (en), (zh))
#define PMAX_ERRORS 50
#define PMAX_DEPTH 200 /* expression nesting: keeps every recursive pass shallow */

/* ---- types and levels ----------------------------------------------------- */
enum { T_ERR = 0, T_BOOL, T_INT, T_MONEY, T_ENUM, T_DATE };
/* A numeric value is an int64 v meaning v / 10^(4*scale): scale 1 holds a
 * rate (1.5 -> 15000) or money times a rate before rounding. */
typedef struct ptype {
	uint8_t base;
	uint8_t scale; /* 0 or 1 */
	uint8_t en;    /* policy_list of an enum */
} ptype;
#define PSCALE 10000

/* Where a value lives: a constant, one per household, or one per member. */
enum { LV_CONST = 0, LV_H = 1, LV_M = 2 };

/* ---- tokens --------------------------------------------------------------- */
enum ptok {
	TK_EOF,
	TK_IDENT,
	TK_STRING,
	TK_INT,
	TK_DEC,
	TK_DATE,
	TK_LPAREN,
	TK_RPAREN,
	TK_COMMA,
	TK_COLON,
	TK_ASSIGN,
	TK_DOT,
	TK_PLUS,
	TK_MINUS,
	TK_STAR,
	TK_SLASH,
	TK_LT,
	TK_LE,
	TK_GT,
	TK_GE,
	TK_EQ,
	TK_NE,
	/* keywords */
	TK_PROGRAM,
	TK_UNIT,
	TK_BASIS,
	TK_PARAM,
	TK_FROM,
	TK_IN,
	TK_LET,
	TK_REQUIRE,
	TK_AMOUNT,
	TK_OUTPUT,
	TK_MEMBERS,
	TK_OTHERS,
	TK_WHERE,
	TK_IF,
	TK_THEN,
	TK_ELSE,
	TK_AND,
	TK_OR,
	TK_NOT,
	TK_TRUE,
	TK_FALSE,
	TK_YUAN,
	TK_COUNT_
};

typedef struct ptoken {
	uint8_t kind;
	uint8_t first_on_line;
	int line, col;
	uint32_t off, len; /* bytes of the source text */
	const char *s;     /* identifiers and decoded strings (arena) */
} ptoken;

const char *ptok_name(int kind); /* "'require'", "a name", ... */
/* Splits text into tokens (ending with TK_EOF). Returns the number of
 * errors recorded (0 = fine); *out lives in the arena. */
int plex(pctx *c, parena *a, const char *file, const char *text, size_t len,
	 ptoken **out, int *ntok);

/* ---- AST ------------------------------------------------------------------ */
enum pnk {
	NK_LIT,   /* v (scaled) with type */
	NK_DATE,  /* v = day number (only as age_on's argument) */
	NK_IDENT, /* unresolved: name, qual (a.b) */
	NK_REF,   /* sym: a parameter or a named value */
	NK_ATTR,  /* built-in attribute: attr, arg (kind index) */
	NK_ENUMC, /* enum constant: v = index, type.en = list */
	NK_UN,    /* op: OPN_NEG, OPN_NOT; a */
	NK_BIN,   /* op; a, b */
	NK_IF,    /* a ? b : c */
	NK_IN,    /* a in list; v = bitmask after check */
	NK_CALL,  /* fn; a, b */
	NK_AGG,   /* fn (aggregation), others; a = where (or NULL), b = body */
	NK_PROG   /* fn (enrolled/eligible/amount); prog_ref */
};

enum pop {
	OPN_NONE,
	OPN_NEG,
	OPN_NOT,
	OPN_ADD,
	OPN_SUB,
	OPN_MUL,
	OPN_LT,
	OPN_LE,
	OPN_GT,
	OPN_GE,
	OPN_EQ,
	OPN_NE,
	OPN_AND,
	OPN_OR
};

enum pfn {
	FN_NONE,
	FN_ROUND,
	FN_FLOOR,
	FN_CEIL,
	FN_DIV_ROUND,
	FN_DIV_FLOOR,
	FN_DIV_CEIL,
	FN_MIN,
	FN_MAX,
	FN_AGE_ON,
	FN_INCOME,
	FN_EXPENSE,
	FN_ASSET,
	/* aggregations */
	FN_SUM,
	FN_COUNT,
	FN_ANY,
	FN_ALL,
	FN_AGG_MIN,
	FN_AGG_MAX,
	/* other programs */
	FN_ENROLLED,
	FN_ELIGIBLE,
	FN_AMOUNT
};

typedef struct psym psym;
typedef struct pnode pnode;

struct pnode {
	uint8_t kind, op, fn, level;
	uint8_t others; /* NK_AGG over `others` */
	uint8_t negated; /* NK_IN: `not in` */
	uint16_t depth;  /* of the subtree: every pass over it recurses */
	ptype type;
	int line, col;
	uint32_t off, len; /* source span */
	int id;            /* unique in the set */
	int attr, arg;     /* NK_ATTR; NK_CALL kind index */
	int64_t v;
	const char *name, *qual; /* NK_IDENT; NK_PROG program code */
	psym *sym;
	policy_program *file;     /* the program whose text holds this node */
	policy_program *prog_ref; /* NK_PROG */
	pnode *a, *b, *c;
	pnode **list; /* NK_IN */
	int nlist;
};

/* One dated line of a parameter. */
typedef struct pline {
	mz_day from;
	int64_t div;  /* normalized 12-digit code, 0 = everywhere */
	int divlen;   /* significant digits: 0 (everywhere), 2, 4, 6, 9, 12 */
	int64_t value;
	int line, col;
} pline;

enum { SYM_PARAM = 1, SYM_LET = 2 };

struct psym {
	int kind;
	const char *name, *label;
	int line, col;
	int id; /* unique in the set */
	policy_program *prog;
	ptype type;
	uint8_t level;
	pnode *expr; /* SYM_LET */
	pline *lines; /* SYM_PARAM */
	int nlines, caplines;
	int state;     /* check: 0 unvisited, 1 in progress, 2 done, 3 failed */
	uint64_t deps; /* programs whose results this value reads */
	int exported;  /* read by another program: computed once, in the prelude */
	int pre_reg;   /* its (virtual) register in the prelude */
};

typedef struct pcond {
	const char *id, *label;
	pnode *expr;
	int line, col;
} pcond;

/* ---- compiled code -------------------------------------------------------- */
enum popcode {
	OP_CONST,   /* d = k */
	OP_PARAM,   /* d(H) = parameter slot k of the household's division */
	OP_BCAST,   /* d(M) = a(H) of the member's household */
	OP_AGE,     /* d(M) = age on the run date */
	OP_AGE_ON,  /* d(M) = age on day k */
	OP_MONTHS_SINCE, /* d(M) = whole months from a parent's since-date (k: 0 father, 1 mother) to the run date */
	OP_PCOL8,   /* d(M) = person uint8 column k (PC_*) */
	OP_PFLAG,   /* d(M) = person flag bit k */
	OP_INCOME,  /* d(M) = income kind k */
	OP_EXPENSE, /* d(M) = expense kind k */
	OP_HSIZE,   /* d(H) = number of members */
	OP_HI32,    /* d(H) = household int column k (0 housing, 1 vehicles) */
	OP_HFLAG,   /* d(H) = household flag bit k */
	OP_ASSET,   /* d(H) = asset kind k */
	OP_ENR_H,   /* d(H) = household enrolled in program bit k */
	OP_ENR_P,   /* d(M) = person enrolled in program bit k */
	OP_RES_ELIG, /* d = eligible in program k (this run), row of d's level */
	OP_RES_AMT,  /* d = amount of program k */
	OP_NEG,
	OP_NOT,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_SCALE,   /* d = a * k */
	OP_RDIV_R,  /* d = a / k rounded half away from zero */
	OP_RDIV_F,  /* floor */
	OP_RDIV_C,  /* ceil */
	OP_DIV_R,   /* d = a / b rounded; b == 0 gives 0 */
	OP_DIV_F,
	OP_DIV_C,
	OP_MIN,
	OP_MAX,
	OP_LT,
	OP_LE,
	OP_GT,
	OP_GE,
	OP_EQ,
	OP_NE,
	OP_AND,
	OP_OR,
	OP_SEL,     /* d = a ? b : c */
	OP_IN,      /* d = (k >> a) & 1 (a in 0..63) */
	OP_AGG_SUM, /* d(H) = over members m of the household where b (or all): */
	OP_AGG_CNT, /*        sum a, count, any a, all a, min a, max a      */
	OP_AGG_ANY,
	OP_AGG_ALL,
	OP_AGG_MIN,
	OP_AGG_MAX,
	OP_AGGO_SUM, /* d(M) = the same over the other members of the household */
	OP_AGGO_CNT,
	OP_AGGO_ANY,
	OP_AGGO_ALL,
	OP_AGGO_MIN,
	OP_AGGO_MAX,
	OP_FILTER,  /* condition k holds where a; rows where it fails are dropped */
	OP_PFLAGS_ANY, /* d(M) = (person flags & k) != 0 */
	OP_LINCOMB, /* d(M) = sum of the signed income/expense columns of term list k */
	/* with an immediate k instead of register b */
	OP_ADD_K,
	OP_SUB_K,
	OP_RSUB_K,  /* d = k - a */
	OP_LT_K,
	OP_LE_K,
	OP_GT_K,
	OP_GE_K,
	OP_EQ_K,
	OP_NE_K,
	OP_MIN_K,
	OP_MAX_K,
	OP_SEL_K,   /* d = a ? b : k */
	OP_SEL_KB,  /* d = a ? k : b */
	OP_COUNT_
};

/* One term of OP_LINCOMB: +/- income or expense column `kind`. */
typedef struct plinterm {
	uint8_t expense; /* 0 income, 1 expense */
	int8_t sign;
	uint8_t kind;
} plinterm;

/* The uint8 person columns read by OP_PCOL8. */
enum { PC_SEX, PC_RELATION, PC_DISABILITY, PC_GRADE, PC_SELFCARE, PC_FATHER, PC_MOTHER,
       PC_FATHER_GRADE, PC_MOTHER_GRADE };

/* Register numbers from PRE_BASE up name registers of the prelude, the
 * shared code computing every exported value once per chunk. */
#define PRE_BASE (1 << 24)

typedef struct pinst {
	uint8_t op, lv;
	uint16_t pad_;
	int32_t d, a, b, c;
	int64_t k;
} pinst;

typedef struct pcompiled {
	/* The trace runs `ins` over virtual registers (one per value, kept for
	 * reading back); the batch runs `bins`: the same instructions without
	 * those no decision needs, over physical registers reused once dead. */
	pinst *ins;
	int nins, capins;
	int trace_from; /* instructions from here run only when tracing */
	pinst *bins;
	int nbins;
	int nphys;
	int bamount_reg, bout_reg[POLICY_MAX_OUTPUTS];
	plinterm *terms; /* OP_LINCOMB term lists: k = offset, count in c */
	int nterms, capterms;
	int nregs, capregs;
	uint8_t *reg_lv;
	int *vmap;      /* prelude only: virtual -> physical register */
	int uses_pre;   /* reads values of the prelude */
	int *cond_reg;  /* per condition */
	uint8_t *cond_lv;
	int amount_reg; /* at the unit's level; -1 = no amount (0) */
	int out_reg[POLICY_MAX_OUTPUTS];
	psym **pslot;   /* parameters read, own and other programs' */
	int npslot, cappslot;
	int32_t *node_reg; /* [set->nnodes]: register at the node's own level */
	int32_t *sym_reg;  /* [set->nsyms]: register of a named value */
	psym **lets;       /* named values computed, for the trace */
	int nlets, caplets;
} pcompiled;

struct policy_program {
	policy_set *set;
	int index; /* in the set, code order = enrolment bit */
	const char *code, *name_zh, *name_en, *path;
	const char *text;
	size_t text_len;
	int line, col; /* of `program` */
	policy_unit unit;
	const char **basis;
	int nbasis;
	psym **syms; /* params and named values, in file order */
	int nsyms, capsyms;
	pcond *conds;
	int nconds, capconds;
	pnode *amount;
	const char *amount_label;
	psym *outputs[POLICY_MAX_OUTPUTS];
	pnode *out_ident[POLICY_MAX_OUTPUTS];
	int noutputs;
	uint64_t deps; /* programs whose results the conditions/amount read */
	int state;     /* order: 0, 1 visiting, 2 done */
	pcompiled cc;
};

struct policy_set {
	atomic_int refs;
	parena arena;
	char *source;
	policy_program **progs; /* code order */
	size_t n;
	policy_program **order; /* evaluation order (dependencies first) */
	policy_program *pre;    /* the prelude (no conditions), or NULL */
	int nnodes, nsyms;
};

/* parser.c: parses one file into a program (added to nothing yet). Returns
 * NULL when nothing usable was parsed; errors go to c. */
policy_program *pparse(pctx *c, policy_set *s, const char *path, const char *text,
		       size_t len);
pnode *pnode_new(policy_set *s, policy_program *file, int kind, const ptoken *t);
int pfunction_name(const char *s); /* a built-in function or aggregation */

/* check.c: resolves, types and orders every program of s. 0 or -1. */
int pcheck_set(pctx *c, policy_set *s);
/* Built-in names: attributes and enum constants. */
typedef struct pattr {
	const char *name, *zh;
	uint8_t level;
	ptype type;
	uint8_t op; /* popcode */
	int k;
} pattr;
const pattr *pattr_find(const char *name);
const pattr *pattr_at(int i);
int pattr_count(void);
const char *ptype_name(ptype t); /* "money", "rate", "relation", ... */

/* compile.c: pcompile_set marks the exported values, compiles the prelude,
 * then every program. */
void pcompile_set(policy_set *s);
void pcompile_program(policy_program *p);
void pcompiled_release(pcompiled *cc);

/* params.c */
/* Normalizes a 6-, 9- or 12-digit code to 12 digits and its significant
 * length; -1 when malformed. */
int pdiv_normalize(int64_t code, int64_t *out12, int *len);
/* The index of the line of param in force on date for a household in
 * division code12, or -1: the most specific division first, then the
 * latest start not after date. */
int pparam_lookup(const psym *param, mz_day date, int64_t code12);
/* Formats a parameter value by type ("1120.00", "1.5", "是"). */
void pvalue_format(ptype t, int64_t v, char *out, size_t cap);
void pdiv_format(int64_t div12, int len, char *out, size_t cap);

/* eval_vec.c: one evaluation run (batch or trace) */
typedef struct prun_prog {
	int active;
	int64_t *pv;      /* [ndiv * npslot] */
	int32_t *pline;   /* [ndiv * npslot] line index, -1 = none */
	uint8_t *inforce; /* [ndiv] */
	int all_inforce;
} prun_prog;

typedef struct prun {
	const policy_set *s;
	const policy_columns *c;
	mz_day date;
	int16_t *age_tab; /* age of a birth on date - i, i < age_n */
	int age_n;
	prun_prog *pp;       /* per program index */
	prun_prog pre;       /* the prelude's parameters */
	int use_pre;         /* an active program reads the prelude */
	policy_result *res;  /* per program index */
	int64_t *div12;      /* normalized division codes */
	int maxhh;           /* largest household */
} prun;

typedef struct ptrace {
	uint8_t **cond; /* [nconds][rows]: condition value per row of its level */
} ptrace;

typedef struct pchunk {
	size_t h0, nh, p0, np;
	size_t caph, capp;
	uint32_t *off; /* nh + 1 local member offsets */
	uint32_t *p2h;
	uint32_t *hsel;  /* selected households (when !hdense) */
	size_t nhsel;
	int hdense;      /* every household is selected */
	int cdense;      /* compute every row (cheaper than following hsel when
			  * most rows are selected; the extra rows are ignored) */
	uint32_t *psel;  /* members of the selected households (when !cdense) */
	size_t npsel;
	uint8_t *palive;
	int64_t *mem;
	int64_t **reg;
	int nreg;
	int64_t **pre; /* the prelude's registers, kept while the programs run */
	int npre;
} pchunk;

int prun_init(prun *R, const policy_set *s, const policy_columns *c, mz_day date,
	      uint64_t programs, mz_err *e);
void prun_release(prun *R);
/* trace: size registers for the trace instructions (virtual registers). */
void pchunk_init(pchunk *ck, const prun *R, size_t caph, size_t capp, int trace);
void pchunk_release(pchunk *ck);
void pchunk_set(pchunk *ck, const prun *R, size_t h0, size_t nh);
/* Runs program p over the chunk and writes its results; with tr, every
 * instruction runs on every row and condition values are recorded. */
void prun_program(const prun *R, const policy_program *p, pchunk *ck, ptrace *tr);
/* Runs the prelude over the whole chunk (before the programs). */
void prun_prelude(const prun *R, pchunk *ck, int trace);

/* names.c */
const char *plist_name(int list, int i);
const char *plist_zh(int list, int i);
int plist_size(int list);
int plist_find(int list, const char *name);

#endif
