/* rules.c - the refusal rules of marriage registration that need no
 * database: the minimum age and the kinship a household's relations show. */
#include <string.h>

#include "domains/marriage/marriage.h"

/* 民法典 第一千零四十七条: 结婚年龄，男不得早于二十二周岁，女不得早于二十周岁。
 * Reached on the birthday itself (someone born on 29 February reaches it
 * on 1 March in a common year: mz_age_on counts whole years). */
int mar_age_check(char sex, mz_day birth, mz_day on, int *min_age)
{
	int min = sex == 'M' ? MAR_MIN_AGE_MAN : MAR_MIN_AGE_WOMAN;

	if (min_age)
		*min_age = min;
	if (birth == MZ_DAY_INVALID)
		return -1;
	return mz_age_on(birth, on) >= min ? 0 : -1;
}

/* The household's relations say each member's generation from the head
 * (parent +1, child -1, ...) and whether the registry knows them to be of
 * the head's blood. Spouse and other are not: a child may be a step-child
 * of the head's spouse, so the registry cannot tell. */
typedef struct rel_kind {
	const char *name;
	int generation; /* relative to the head */
	int blood;      /* 1: the head's blood relative (or the head) */
} rel_kind;

static const rel_kind rels[] = {
	{ "head", 0, 1 },  { "child", -1, 1 },      { "grandchild", -2, 1 },
	{ "parent", 1, 1 }, { "grandparent", 2, 1 }, { "sibling", 0, 1 },
	{ "spouse", 0, 0 }, { "other", 0, 0 },
};

static const rel_kind *rel_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof(rels) / sizeof(rels[0]); i++)
		if (!strcmp(rels[i].name, name))
			return &rels[i];
	return NULL;
}

#define SET(en, zh) (*why_en = (en), *why_zh = (zh))

/* 民法典 第一千零四十八条: 直系血亲或者三代以内的旁系血亲禁止结婚。
 * "Three generations" counts the person as the first, the parents as the
 * second, the grandparents as the third: siblings, first cousins, uncles
 * and aunts with nephews and nieces are within it; a great-uncle and a
 * great-nephew are not (four generations on the younger side). */
mar_kinship mar_kinship_judge(const char *rel_a, const char *rel_b, const char **why_en,
			      const char **why_zh)
{
	const char *en_s, *zh_s;
	const rel_kind *a = rel_find(rel_a), *b = rel_find(rel_b), *t;

	if (!why_en)
		why_en = &en_s;
	if (!why_zh)
		why_zh = &zh_s;
	SET("no family link in the registry", "户籍登记中未见亲属关系");
	if (!a || !b)
		return MAR_KIN_UNCERTAIN;
	if (a->generation < b->generation || (a->generation == b->generation && strcmp(a->name, b->name) > 0)) {
		t = a;
		a = b;
		b = t;
	}
	/* a is the elder generation from here on. */
	if (!strcmp(a->name, "other") || !strcmp(b->name, "other")) {
		SET("one party's relation to the household head is 'other'",
		    "一方与户主关系为“其他”，无法判断");
		return MAR_KIN_UNCERTAIN;
	}
	if (!strcmp(a->name, "spouse") || !strcmp(b->name, "spouse")) {
		const rel_kind *o = !strcmp(a->name, "spouse") ? b : a;

		/* The head's spouse with the head's descendants: their own child
		 * (lineal) or a step-child; the registry cannot say which. */
		if (o->generation < 0) {
			SET("the household head's spouse and the head's descendant: a parent or a step-parent",
			    "户主配偶与户主晚辈：可能为父母子女或继父母子女");
			return MAR_KIN_UNCERTAIN;
		}
		SET("related by marriage only, as the registry shows", "户籍登记显示仅为姻亲");
		return MAR_KIN_NONE_FOUND;
	}
	/* Both of the head's blood. */
	if (!strcmp(a->name, "sibling") && !strcmp(b->name, "sibling")) {
		SET("siblings (collateral, second generation)", "兄弟姐妹（三代以内旁系血亲）");
		return MAR_KIN_PROHIBITED;
	}
	if (!strcmp(a->name, "sibling") || !strcmp(b->name, "sibling")) {
		const rel_kind *o = !strcmp(a->name, "sibling") ? b : a;

		if (o->generation > 0 || !strcmp(o->name, "head")) {
			SET(o->generation > 0 ? "a parent or grandparent of a sibling (lineal)"
					      : "siblings (collateral, second generation)",
			    o->generation > 0 ? "兄弟姐妹的父母或祖父母（直系血亲）"
					      : "兄弟姐妹（三代以内旁系血亲）");
			return MAR_KIN_PROHIBITED;
		}
		if (o->generation == -1) {
			SET("uncle or aunt and nephew or niece (collateral, third generation)",
			    "叔伯姑舅姨与侄甥（三代以内旁系血亲）");
			return MAR_KIN_PROHIBITED;
		}
		SET("great-uncle or great-aunt and great-nephew or great-niece: beyond three generations",
		    "叔祖与侄孙：超出三代旁系血亲");
		return MAR_KIN_NONE_FOUND;
	}
	if (a->generation > 0 && b->generation > 0) {
		/* The head's parents (or grandparents) with each other: most often
		 * spouses; a parent with a grandparent is his own parent or an
		 * in-law. */
		SET("two ascendants of the household head: spouses or parent and child, the registry cannot tell",
		    "均为户主长辈：可能为夫妻或父母子女，户籍无法判断");
		return MAR_KIN_UNCERTAIN;
	}
	if (a->generation < 0 && b->generation < 0) {
		SET(a->generation == b->generation ? "siblings or first cousins (collateral)"
						   : "parent and child, or uncle or aunt and nephew or niece",
		    a->generation == b->generation ? "兄弟姐妹或堂表兄弟姐妹（三代以内旁系血亲）"
						   : "父母子女或叔伯姑舅姨与侄甥");
		return MAR_KIN_PROHIBITED;
	}
	/* One is the head or an ascendant, the other the head or a descendant:
	 * a straight line through the head. */
	SET("lineal relatives through the household head", "经户主的直系血亲");
	return MAR_KIN_PROHIBITED;
}
