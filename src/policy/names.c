/* names.c - the vocabulary of the household model: the enumerations of
 * policy.h by name and label, and the built-in attributes the rules read. */
#include <pthread.h>
#include <string.h>

#include "policy/policy_int.h"

typedef struct plist_item {
	const char *name, *zh;
} plist_item;

#define X_ITEM(e, name, zh) { name, zh },
static const plist_item sexes[] = { POLICY_SEXES(X_ITEM) };
static const plist_item relations[] = { POLICY_RELATIONS(X_ITEM) };
static const plist_item disabilities[] = { POLICY_DISABILITIES(X_ITEM) };
static const plist_item parents[] = { POLICY_PARENT_STATES(X_ITEM) };
static const plist_item pflags[] = { POLICY_PERSON_FLAGS(X_ITEM) };
static const plist_item hflags[] = { POLICY_HOUSEHOLD_FLAGS(X_ITEM) };
static const plist_item incomes[] = { POLICY_INCOMES(X_ITEM) };
static const plist_item expenses[] = { POLICY_EXPENSES(X_ITEM) };
static const plist_item assets[] = { POLICY_ASSETS(X_ITEM) };
#undef X_ITEM

static const struct {
	const plist_item *items;
	int n;
} lists[POLICY_LIST_COUNT] = {
	[POLICY_LIST_SEX] = { sexes, POLICY_SEX_COUNT },
	[POLICY_LIST_RELATION] = { relations, POLICY_REL_COUNT },
	[POLICY_LIST_DISABILITY] = { disabilities, POLICY_DIS_COUNT },
	[POLICY_LIST_PARENT_STATE] = { parents, POLICY_PARENT_COUNT },
	[POLICY_LIST_PERSON_FLAG] = { pflags, POLICY_PF_COUNT },
	[POLICY_LIST_HOUSEHOLD_FLAG] = { hflags, POLICY_HF_COUNT },
	[POLICY_LIST_INCOME] = { incomes, POLICY_INC_COUNT },
	[POLICY_LIST_EXPENSE] = { expenses, POLICY_EXP_COUNT },
	[POLICY_LIST_ASSET] = { assets, POLICY_AST_COUNT },
};

int plist_size(int list)
{
	return list >= 0 && list < POLICY_LIST_COUNT ? lists[list].n : 0;
}

const char *plist_name(int list, int i)
{
	if (i < 0 || i >= plist_size(list))
		return "?";
	return lists[list].items[i].name;
}

const char *plist_zh(int list, int i)
{
	if (i < 0 || i >= plist_size(list))
		return "?";
	return lists[list].items[i].zh;
}

int plist_find(int list, const char *name)
{
	for (int i = 0; name && i < plist_size(list); i++)
		if (!strcmp(lists[list].items[i].name, name))
			return i;
	return -1;
}

int policy_list_find(policy_list list, const char *name)
{
	return plist_find((int)list, name);
}

int policy_list_size(policy_list list)
{
	return plist_size((int)list);
}

const char *policy_list_name(policy_list list, int i)
{
	return plist_name((int)list, i);
}

const char *policy_list_label_zh(policy_list list, int i)
{
	return plist_zh((int)list, i);
}

/* Built-in attributes. Flags are added from the lists at first use, so a
 * new flag in policy.h is a new word of the language without more code. */
#define TY(b, e) { (b), 0, (e) }
static const pattr fixed_attrs[] = {
	{ "age", "年龄", LV_M, TY(T_INT, 0), OP_AGE, 0 },
	{ "sex", "性别", LV_M, TY(T_ENUM, POLICY_LIST_SEX), OP_PCOL8, PC_SEX },
	{ "relation", "与申请人关系", LV_M, TY(T_ENUM, POLICY_LIST_RELATION), OP_PCOL8,
	  PC_RELATION },
	{ "disability", "残疾类别", LV_M, TY(T_ENUM, POLICY_LIST_DISABILITY), OP_PCOL8,
	  PC_DISABILITY },
	{ "disability_grade", "残疾等级", LV_M, TY(T_INT, 0), OP_PCOL8, PC_GRADE },
	{ "selfcare_unable", "不能自理的日常活动项数", LV_M, TY(T_INT, 0), OP_PCOL8,
	  PC_SELFCARE },
	{ "father", "父亲状况", LV_M, TY(T_ENUM, POLICY_LIST_PARENT_STATE), OP_PCOL8,
	  PC_FATHER },
	{ "mother", "母亲状况", LV_M, TY(T_ENUM, POLICY_LIST_PARENT_STATE), OP_PCOL8,
	  PC_MOTHER },
	{ "father_grade", "父亲残疾等级", LV_M, TY(T_INT, 0), OP_PCOL8, PC_FATHER_GRADE },
	{ "mother_grade", "母亲残疾等级", LV_M, TY(T_INT, 0), OP_PCOL8, PC_MOTHER_GRADE },
	{ "father_months", "父亲该状况持续月数", LV_M, TY(T_INT, 0), OP_MONTHS_SINCE, 0 },
	{ "mother_months", "母亲该状况持续月数", LV_M, TY(T_INT, 0), OP_MONTHS_SINCE, 1 },
	{ "religious_apart_months", "宗教教职人员离家另居月数", LV_M, TY(T_INT, 0), OP_MONTHS_SINCE, 2 },
	{ "size", "家庭登记人数", LV_H, TY(T_INT, 0), OP_HSIZE, 0 },
	{ "housing_units", "家庭拥有住房套数", LV_H, TY(T_INT, 0), OP_HI32, 0 },
	{ "vehicle_count", "家庭拥有机动车辆数", LV_H, TY(T_INT, 0), OP_HI32, 1 },
};
#undef TY

#define NFIXED ((int)(sizeof(fixed_attrs) / sizeof(fixed_attrs[0])))
#define NATTRS (NFIXED + POLICY_PF_COUNT + POLICY_HF_COUNT)

static pattr all_attrs[NATTRS];
static pthread_once_t attrs_once = PTHREAD_ONCE_INIT;

static void attrs_fill(void)
{
	int n = 0;

	for (int i = 0; i < NFIXED; i++)
		all_attrs[n++] = fixed_attrs[i];
	for (int i = 0; i < POLICY_PF_COUNT; i++) {
		pattr a = { pflags[i].name, pflags[i].zh, LV_M, { T_BOOL, 0, 0 }, OP_PFLAG, i };
		all_attrs[n++] = a;
	}
	for (int i = 0; i < POLICY_HF_COUNT; i++) {
		pattr a = { hflags[i].name, hflags[i].zh, LV_H, { T_BOOL, 0, 0 }, OP_HFLAG, i };
		all_attrs[n++] = a;
	}
}

static void attrs_build(void)
{
	pthread_once(&attrs_once, attrs_fill);
}

const pattr *pattr_find(const char *name)
{
	attrs_build();
	for (int i = 0; i < NATTRS; i++)
		if (!strcmp(all_attrs[i].name, name))
			return &all_attrs[i];
	return NULL;
}

const pattr *pattr_at(int i)
{
	attrs_build();
	return i >= 0 && i < NATTRS ? &all_attrs[i] : NULL;
}

int pattr_count(void)
{
	return NATTRS;
}

const char *ptype_name(ptype t)
{
	switch (t.base) {
	case T_BOOL:
		return "bool";
	case T_INT:
		return t.scale ? "rate" : "int";
	case T_MONEY:
		return t.scale ? "money (unrounded)" : "money";
	case T_DATE:
		return "date";
	case T_ENUM:
		switch (t.en) {
		case POLICY_LIST_SEX:
			return "sex";
		case POLICY_LIST_RELATION:
			return "relation";
		case POLICY_LIST_DISABILITY:
			return "disability";
		case POLICY_LIST_PARENT_STATE:
			return "parent_state";
		}
		return "enum";
	}
	return "error";
}
