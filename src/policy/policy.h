/* policy.h - welfare rules as code: the rules language, dated parameters,
 * explained single-household decisions and whole-city batch evaluation.
 *
 * The room is pure: columns in, decisions out. No storage, no HTTP.
 *
 *   policy_set      every program of one directory of .rules files, parsed,
 *                   checked (types, cycles) and compiled. Immutable once
 *                   loaded, reference counted, safe to share between threads.
 *   policy_columns  households stored contiguously with member offsets, as a
 *                   struct of arrays the caller fills (screen/ from the
 *                   registry, household_json.c from one JSON input).
 *   policy_eval_batch      every program over every household, in parallel,
 *                          skipping households a condition already ruled out.
 *   policy_eval_household  one household with the full trace (JSON).
 * Both evaluation paths run the same compiled program through the same
 * interpreter (eval_vec.c), so they cannot disagree. A loaded set is
 * read-only: any number of threads may evaluate with it at once.
 *
 * The language and the household input are documented in docs/policy.md.
 * Money is integer fen; every division rounds explicitly. */
#ifndef MZ_POLICY_H
#define MZ_POLICY_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "base/money.h"

/* ---- the household model ------------------------------------------------
 * Each list is X(ENUM, "name in rules and JSON", "中文标签"). Numbers are
 * stable (append only): screen/ stores them in columns. */

#define POLICY_SEXES(X)                                                        \
	X(SEX_UNKNOWN, "unknown_sex", "性别不详")                              \
	X(SEX_MALE, "male", "男")                                              \
	X(SEX_FEMALE, "female", "女")

/* Relation to the applicant (申请人). */
#define POLICY_RELATIONS(X)                                                    \
	X(REL_APPLICANT, "applicant", "申请人")                                \
	X(REL_SPOUSE, "spouse", "配偶")                                        \
	X(REL_CHILD, "child", "子女")                                          \
	X(REL_PARENT, "parent", "父母")                                        \
	X(REL_SIBLING, "sibling", "兄弟姐妹")                                  \
	X(REL_GRANDPARENT, "grandparent", "祖父母外祖父母")                    \
	X(REL_GRANDCHILD, "grandchild", "孙子女外孙子女")                      \
	X(REL_CHILD_IN_LAW, "child_in_law", "儿媳女婿")                        \
	X(REL_OTHER, "other_relation", "其他")

#define POLICY_DISABILITIES(X)                                                 \
	X(DIS_NONE, "no_disability", "无残疾")                                 \
	X(DIS_VISUAL, "visual", "视力残疾")                                    \
	X(DIS_HEARING, "hearing", "听力残疾")                                  \
	X(DIS_SPEECH, "speech", "言语残疾")                                    \
	X(DIS_PHYSICAL, "physical", "肢体残疾")                                \
	X(DIS_INTELLECTUAL, "intellectual", "智力残疾")                        \
	X(DIS_PSYCHIATRIC, "psychiatric", "精神残疾")                          \
	X(DIS_MULTIPLE, "multiple", "多重残疾")

/* The state of a child's father or mother (孤儿, 事实无人抚养儿童). */
#define POLICY_PARENT_STATES(X)                                                \
	X(PARENT_PRESENT, "present", "正常")                                   \
	X(PARENT_DEAD, "dead", "死亡")                                         \
	X(PARENT_UNTRACEABLE, "untraceable", "查找不到")                       \
	X(PARENT_MISSING, "missing", "宣告失踪")                               \
	X(PARENT_SEVERELY_DISABLED, "severely_disabled", "重度残疾")           \
	X(PARENT_SERIOUSLY_ILL, "seriously_ill", "重病")                       \
	X(PARENT_IMPRISONED, "imprisoned", "服刑在押")                         \
	X(PARENT_IN_REHAB, "in_rehab", "强制隔离戒毒")                         \
	X(PARENT_OUT_OF_CONTACT, "out_of_contact", "失联")

/* Per-person flags: bit numbers in policy_columns.p_flags. */
#define POLICY_PERSON_FLAGS(X)                                                 \
	X(PF_IN_PRISON, "in_prison", "服刑在押")                               \
	X(PF_COMPULSORY_REHAB, "compulsory_rehab", "强制隔离戒毒")             \
	X(PF_DECLARED_MISSING, "declared_missing", "宣告失踪")                 \
	X(PF_RELIGIOUS_APART, "religious_apart", "宗教教职人员离家另居")   \
	X(PF_FULL_TIME_STUDENT, "full_time_student", "全日制本科及以下在校生") \
	X(PF_CANNOT_LIVE_INDEPENDENTLY, "cannot_live_independently",           \
	  "无法独立生活")                                                      \
	X(PF_SUPPORT_DUTY, "support_duty", "负有法定赡养抚养扶养义务")         \
	X(PF_LIVES_TOGETHER, "lives_together", "长期共同居住")                 \
	X(PF_MAJOR_ILLNESS, "major_illness", "重特大疾病")                     \
	X(PF_UNEMPLOYED, "unemployed", "失业")                                 \
	X(PF_NEEDS_LONG_TERM_CARE, "needs_long_term_care", "需要长期照护")     \
	X(PF_LACKS_LEGAL_CAPACITY, "lacks_legal_capacity", "无民事行为能力")   \
	X(PF_LOCAL_HUKOU, "local_hukou", "本市户籍")                           \
	X(PF_RECEIVES_DIBAO, "receives_dibao", "本人享受低保（含在其他家庭）")

/* Per-household flags: bit numbers in policy_columns.hh_flags. */
#define POLICY_HOUSEHOLD_FLAGS(X)                                              \
	X(HF_RURAL, "rural", "农村")                                           \
	X(HF_APPLY_ALONE, "apply_alone", "申请人按单人户申请")

/* Monthly income by kind, fen (the caller averages the verification period). */
#define POLICY_INCOMES(X)                                                      \
	X(INC_WAGE, "wage", "工资性收入")                                      \
	X(INC_BUSINESS, "business", "经营净收入")                              \
	X(INC_PROPERTY, "property", "财产净收入")                              \
	X(INC_EMPLOYEE_PENSION, "employee_pension", "职工基本养老金")          \
	X(INC_RESIDENTS_PENSION_BASIC, "residents_pension_basic",              \
	  "城乡居民基础养老金")                                                \
	X(INC_RESIDENTS_PENSION_PERSONAL, "residents_pension_personal",        \
	  "城乡居民个人账户养老金")                                            \
	X(INC_SUPPORT, "support", "赡养抚养扶养费")                            \
	X(INC_SUPPORT_SIBLING_ELDER, "support_sibling_elder",                  \
	  "兄弟姐妹或60岁以上老人给付的赡养扶养费")                            \
	X(INC_UNEMPLOYMENT, "unemployment", "失业保险金")                      \
	X(INC_INSURANCE_BENEFIT, "insurance_benefit", "其他社会保险待遇")      \
	X(INC_OTHER_TRANSFER, "other_transfer", "其他转移净收入")              \
	X(INC_VETERANS, "veterans", "优待抚恤金")                              \
	X(INC_FAMILY_PLANNING, "family_planning", "计划生育奖励扶助金")        \
	X(INC_SCHOLARSHIP, "scholarship", "奖学金助学金")                      \
	X(INC_HEROISM, "heroism", "见义勇为奖励")                              \
	X(INC_SOCIAL_ASSISTANCE, "social_assistance", "政府社会救助款物")      \
	X(INC_ELDERLY_ALLOWANCE, "elderly_allowance", "高龄津贴")

/* Monthly expenses by kind, fen. */
#define POLICY_EXPENSES(X)                                                     \
	X(EXP_TAX, "tax", "个人所得税")                                        \
	X(EXP_SOCIAL_INSURANCE, "social_insurance", "个人缴纳社会保险费")      \
	X(EXP_MEDICAL, "medical", "自负医疗费用")                              \
	X(EXP_DISABILITY, "disability_cost", "残疾康复护理刚性支出")

/* Household assets by kind, fen (current value). */
#define POLICY_ASSETS(X)                                                       \
	X(AST_DEPOSITS, "deposits", "存款")                                    \
	X(AST_SECURITIES, "securities", "有价证券与基金")                      \
	X(AST_COMMERCIAL_INSURANCE, "commercial_insurance", "商业保险")        \
	X(AST_CLAIMS, "claims", "债权")                                        \
	X(AST_INTERNET_FINANCE, "internet_finance", "互联网金融资产")          \
	X(AST_VEHICLES, "vehicles", "机动车辆价值")                            \
	X(AST_REAL_ESTATE, "real_estate", "自住房以外的房产价值")

#define POLICY_X_ENUM(e, name, zh) POLICY_##e,
enum policy_sex { POLICY_SEXES(POLICY_X_ENUM) POLICY_SEX_COUNT };
enum policy_relation { POLICY_RELATIONS(POLICY_X_ENUM) POLICY_REL_COUNT };
enum policy_disability { POLICY_DISABILITIES(POLICY_X_ENUM) POLICY_DIS_COUNT };
enum policy_parent_state { POLICY_PARENT_STATES(POLICY_X_ENUM) POLICY_PARENT_COUNT };
enum policy_person_flag { POLICY_PERSON_FLAGS(POLICY_X_ENUM) POLICY_PF_COUNT };
enum policy_household_flag { POLICY_HOUSEHOLD_FLAGS(POLICY_X_ENUM) POLICY_HF_COUNT };
enum policy_income { POLICY_INCOMES(POLICY_X_ENUM) POLICY_INC_COUNT };
enum policy_expense { POLICY_EXPENSES(POLICY_X_ENUM) POLICY_EXP_COUNT };
enum policy_asset { POLICY_ASSETS(POLICY_X_ENUM) POLICY_AST_COUNT };
#undef POLICY_X_ENUM

/* Names of the lists above, for loaders: the index of name, or -1. */
typedef enum {
	POLICY_LIST_SEX,
	POLICY_LIST_RELATION,
	POLICY_LIST_DISABILITY,
	POLICY_LIST_PARENT_STATE,
	POLICY_LIST_PERSON_FLAG,
	POLICY_LIST_HOUSEHOLD_FLAG,
	POLICY_LIST_INCOME,
	POLICY_LIST_EXPENSE,
	POLICY_LIST_ASSET,
	POLICY_LIST_COUNT
} policy_list;
int policy_list_find(policy_list list, const char *name);
int policy_list_size(policy_list list);
const char *policy_list_name(policy_list list, int i);    /* "spouse" */
const char *policy_list_label_zh(policy_list list, int i); /* "配偶" */

/* ---- columns ---------------------------------------------------------------
 * Households are contiguous: the members of household h are persons
 * hh_offset[h] .. hh_offset[h+1]-1. A NULL optional column reads as zero.
 * The caller owns the arrays (or lets policy_columns_alloc own them). */
typedef struct policy_columns {
	size_t n_households;
	size_t n_persons;
	/* per household */
	uint32_t *hh_offset;   /* n_households + 1 entries, hh_offset[0] = 0 */
	uint32_t *hh_division; /* index into divisions[] */
	uint32_t *hh_flags;    /* bits 1 << POLICY_HF_*; optional */
	uint64_t *hh_enrolled; /* bits 1 << policy_set_program_bit(); optional */
	int64_t *hh_asset[POLICY_AST_COUNT];  /* fen; optional */
	int32_t *hh_housing_units;           /* dwellings owned; optional */
	int32_t *hh_vehicle_count;           /* motor vehicles owned; optional */
	/* per person */
	mz_day *p_birth;            /* required */
	uint8_t *p_sex;             /* enum policy_sex; optional */
	uint8_t *p_relation;        /* enum policy_relation; optional */
	uint8_t *p_disability;      /* enum policy_disability; optional */
	uint8_t *p_disability_grade; /* 1 (most severe) .. 4, 0 = none; optional */
	uint8_t *p_selfcare_unable; /* of the six self-care activities, how many
				     * cannot be done (0..6); optional */
	uint8_t *p_father;          /* enum policy_parent_state; optional */
	uint8_t *p_mother;
	/* Dated facts about a parent: since when the state holds (for
	 * out_of_contact, the day contact was lost; 0 = not given) and the
	 * disability grade of a severely_disabled parent (1..4; 0 = not given).
	 * The rules compute the test from them (father_months, father_grade),
	 * so "out of contact six months" is counted to the decision date, not
	 * declared. Optional. */
	mz_day *p_father_since;
	mz_day *p_mother_since;
	/* Since when a member who is religious personnel has lived apart (with
	 * the religious_apart flag; 0 = not given): the rules count the years
	 * to the decision date (religious_apart_months), as for a parent. */
	mz_day *p_apart_since;
	uint8_t *p_father_grade;
	uint8_t *p_mother_grade;
	uint32_t *p_flags;          /* bits 1 << POLICY_PF_*; optional */
	uint64_t *p_enrolled;       /* person-level enrolments; optional */
	int64_t *p_income[POLICY_INC_COUNT];  /* fen per month; optional */
	int64_t *p_expense[POLICY_EXP_COUNT]; /* fen per month; optional */
	/* divisions: GB/T 2260 codes (6 digits) or statistical codes (9 or 12) */
	size_t n_divisions;
	int64_t *divisions;
	void *owned_; /* internal: memory owned by policy_columns_alloc */
} policy_columns;

/* Allocates every column (zeroed; large ones on huge pages, which saves
 * most page faults at city scale) for nh households, np persons and ndiv
 * divisions; the struct owns them until policy_columns_release. */
void policy_columns_alloc(policy_columns *c, size_t nh, size_t np, size_t ndiv);
void policy_columns_release(policy_columns *c); /* NULL-safe; frees owned memory only */
/* A view of household h of c as a one-household, one-division column set
 * (no copying: the view borrows c's arrays, and `scratch`, which must live
 * as long as the view). */
void policy_columns_view(const policy_columns *c, size_t h, uint32_t scratch[3],
			 policy_columns *view);

/* ---- loading ---------------------------------------------------------- */

typedef struct policy_set policy_set;
typedef struct policy_program policy_program;

typedef enum { POLICY_UNIT_HOUSEHOLD = 1, POLICY_UNIT_PERSON = 2 } policy_unit;

/* One load error: where and what, in English and Chinese. */
typedef struct policy_diag {
	char file[256];
	int line, col;
	char message[320];
	char message_zh[320];
} policy_diag;

typedef struct policy_diags {
	policy_diag *items;
	size_t n, cap;
} policy_diags;

void policy_diags_release(policy_diags *d); /* NULL-safe */
/* "dibao.rules:12:7: unknown name 'standrd'" (+ "\n  " + Chinese) into buf. */
void policy_diag_format(const policy_diag *d, char *buf, size_t cap);

/* Loads every *.rules file of dir (or the single file dir names). On any
 * error returns NULL, fills e (MZ_EPOLICY, field = "file:line:col", the
 * first error) and appends every error found to diags (if not NULL). The
 * returned set has one reference: drop it with policy_set_unref. */
policy_set *policy_set_load_dir(const char *dir, policy_diags *diags, mz_err *e);
/* Same from memory: n files given as names (used in messages) and texts. */
policy_set *policy_set_load_texts(const char *const *names,
				  const char *const *texts, size_t n,
				  policy_diags *diags, mz_err *e);
policy_set *policy_set_ref(policy_set *s);
void policy_set_unref(policy_set *s); /* NULL-safe; frees at zero */

size_t policy_set_count(const policy_set *s);
/* Programs in code order (the order of enrolment bits). */
const policy_program *policy_set_program(const policy_set *s, size_t i);
const policy_program *policy_set_find(const policy_set *s, const char *code);
/* The bit of program `code` in hh_enrolled / p_enrolled, or -1. */
int policy_set_program_bit(const policy_set *s, const char *code);
const char *policy_set_source(const policy_set *s); /* directory loaded */

const char *policy_program_code(const policy_program *p);
const char *policy_program_name_zh(const policy_program *p);
const char *policy_program_name_en(const policy_program *p);
policy_unit policy_program_unit(const policy_program *p);
const char *policy_program_path(const policy_program *p);
const char *policy_program_text(const policy_program *p); /* the rules file */
size_t policy_program_condition_count(const policy_program *p);
const char *policy_program_condition_id(const policy_program *p, size_t i);
const char *policy_program_condition_label(const policy_program *p, size_t i);
size_t policy_program_output_count(const policy_program *p);
const char *policy_program_output_name(const policy_program *p, size_t i);
/* Name, unit, basis, parameters with every dated line (value, start,
 * division, file:line), conditions and named values. Caller owns the JSON. */
json_t *policy_program_describe(const policy_program *p);

/* A reloadable holder: the server keeps one, and keeps serving the last
 * good set when a reload finds a broken file. */
typedef struct policy_holder policy_holder;
/* Loads dir; NULL on error (the server must refuse to start). */
policy_holder *policy_holder_new(const char *dir, policy_diags *diags, mz_err *e);
void policy_holder_free(policy_holder *h); /* NULL-safe */
/* Reloads the directory; on error keeps the current set and returns -1. */
int policy_holder_reload(policy_holder *h, policy_diags *diags, mz_err *e);
/* The current set with a new reference (policy_set_unref when done). */
policy_set *policy_holder_get(policy_holder *h);

/* ---- evaluation --------------------------------------------------------- */

#define POLICY_MAX_OUTPUTS 4
/* policy_result.failed: 0 = no condition failed (eligible); i + 1 = the
 * first failed condition is condition i (policy_program_condition_id);
 * POLICY_FAILED_NOT_IN_FORCE = a parameter has no value that day there. */
#define POLICY_FAILED_NONE 0
#define POLICY_FAILED_NOT_IN_FORCE 255

/* The decision of one program over all households (unit household) or all
 * persons (unit person). Amounts and outputs are 32-bit (fen: up to 21
 * million yuan a month) and saturate rather than wrap. */
typedef struct policy_result {
	const policy_program *program;
	size_t n;
	uint8_t *eligible;
	int32_t *amount;  /* fen per month, 0 when not eligible */
	uint8_t *failed;  /* see POLICY_FAILED_* */
	int32_t *output[POLICY_MAX_OUTPUTS]; /* the program's `output` values */
} policy_result;

typedef struct policy_batch {
	size_t n;              /* = policy_set_count */
	policy_result *result; /* indexed like policy_set_program; unevaluated
				* programs have n = 0 and NULL arrays */
} policy_batch;

typedef struct policy_batch_opts {
	int threads;       /* 0 = one per online CPU */
	uint64_t programs; /* bit i = policy_set_program(i); 0 = all. Programs
			    * they depend on are evaluated too. */
	/* optional; called from the calling thread, done/total in chunks */
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;
} policy_batch_opts;

/* Evaluates the programs over every household of c on date. Parameters are
 * resolved once per run per division. Returns 0, or -1 with e filled for
 * malformed columns (bad offsets, division index out of range). */
int policy_eval_batch(const policy_set *s, const policy_columns *c, mz_day date,
		      const policy_batch_opts *opts, policy_batch *out, mz_err *e);
void policy_batch_release(policy_batch *b); /* NULL-safe */

/* Evaluates every program for household h of c with the full trace:
 * {"date", "division", "programs":[{"code","name","eligible","amount_fen",
 * "failed","reasons","conditions":[{"id","label","passed","text"}],
 * "values","members","params":[{"name","label","value","from","division",
 * "source"}], "outputs", "persons" (unit person)}]}. member_ids (optional,
 * one per member of h) label members in the trace. Caller owns the JSON;
 * NULL with e filled on malformed columns. */
json_t *policy_eval_household(const policy_set *s, const policy_columns *c,
			      size_t h, mz_day date, const char *const *member_ids,
			      mz_err *e);

/* ---- the household JSON input (docs/policy.md) ---------------------------- */

/* One household parsed into owning columns (1 household, 1 division). */
typedef struct policy_household {
	policy_columns cols;
	char **member_ids; /* "id" of each member, or "1", "2", ... */
} policy_household;

/* Parses the household JSON. Enrolments name programs of s (s may be NULL
 * when there are none). Members may give "age" instead of "birth_date": the
 * age is taken as reached on `date`. Errors: MZ_EINVAL with the field path
 * ("members[1].incomes.wage"). */
int policy_household_from_json(const json_t *in, const policy_set *s, mz_day date,
			       policy_household *out, mz_err *e);
void policy_household_release(policy_household *hh); /* NULL-safe */

/* Parse + evaluate + trace in one call (the CLI and the API). */
json_t *policy_eval_json(const policy_set *s, const json_t *household, mz_day date,
			 mz_err *e);

#endif
