/* register.c - marriage registration (结婚登记): the refusals, each with
 * its article, and the registration itself. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/marriage/common.h"
#include "events/events.h"

/* What the registry shows about the pair. Refusals fill why and return 1;
 * "the registry cannot tell" sets *uncertain with the relation in kin_en. */
typedef struct pair_finding {
	registry_person man, woman;
	mar_kinship kinship;
	const char *kin_en, *kin_zh;
} pair_finding;

/* The party a field names, for messages shown at that field. */
static const char *party_en(const char *field)
{
	return strncmp(field, "man", 3) ? "the woman" : "the man";
}

static const char *party_zh(const char *field)
{
	return strncmp(field, "man", 3) ? "女方" : "男方";
}

static int refuse_age(const registry_person *p, const char *field, mz_day on, mz_err *why)
{
	int min;
	char day[11];

	if (!mar_age_check(p->sex, p->birth, on, &min))
		return 0;
	mz_day_format(on, day);
	mz_failf(why, MZ_EINVAL, field,
		 "%s%.0s is under the minimum marriage age of %d on %s (Civil Code Art. 1047)",
		 "%.0s%s未满法定婚龄%d周岁（登记日%s，民法典第一千零四十七条）", party_en(field),
		 party_zh(field), min, day);
	return 1;
}

static int refuse_married(store_conn *c, const registry_person *p, const char *field,
			  mz_err *why, mz_err *e)
{
	int64_t mid = 0;
	char since[11] = "";
	int r = mar_current_marriage(c, p->id, &mid, since, e);

	if (r <= 0)
		return r;
	mz_failf(why, MZ_ECONFLICT, field,
		 "%s%.0s is married according to the marriage register (marriage %lld of %s): no "
		 "second marriage (Civil Code Art. 1041, 1042, 1051)",
		 "%.0s婚姻登记档案显示%s现有配偶（婚姻编号%lld，%s登记），不得重婚（民法典第一千零四十一条、"
		 "第一千零四十二条、第一千零五十一条）",
		 party_en(field), party_zh(field), (long long)mid, since);
	return 1;
}

static int kinship_check(store_conn *c, pair_finding *f, mz_err *e)
{
	registry_membership_list a, b;
	int r;

	f->kinship = MAR_KIN_NONE_FOUND;
	f->kin_en = "the registry shows no shared household";
	f->kin_zh = "户籍登记中双方未曾同户";
	registry_membership_list_init(&a);
	registry_membership_list_init(&b);
	r = registry_person_memberships(c, f->man.id, &a, e) ||
	    registry_person_memberships(c, f->woman.id, &b, e);
	for (size_t i = 0; !r && i < a.n; i++)
		for (size_t j = 0; j < b.n; j++) {
			const char *en, *zh;
			mar_kinship k;

			if (a.items[i].household_id != b.items[j].household_id)
				continue;
			k = mar_kinship_judge(a.items[i].relation, b.items[j].relation, &en, &zh);
			if (k > f->kinship || (k == MAR_KIN_NONE_FOUND && f->kinship == MAR_KIN_NONE_FOUND)) {
				f->kinship = k;
				f->kin_en = en;
				f->kin_zh = zh;
			}
		}
	registry_membership_list_release(&a);
	registry_membership_list_release(&b);
	return r ? -1 : 0;
}

/* Returns -1 on error, 1 refused (why filled), 0 fine (f->kinship says
 * whether the officer must ask). */
static int pair_check(store_conn *c, const char *man_no, const char *woman_no, mz_day on,
		      pair_finding *f, mz_err *why, mz_err *e)
{
	int r;

	memset(f, 0, sizeof(*f));
	if (mar_party_find(c, man_no, "man_id_number", &f->man, e) ||
	    mar_party_find(c, woman_no, "woman_id_number", &f->woman, e))
		return -1;
	/* 民法典 第一千零四十九条: 要求结婚的男女双方 — one man and one woman. */
	if (f->man.sex != 'M')
		return mz_fail(why, MZ_EINVAL, "man_id_number",
			       "the ID number is not a man's (Civil Code Art. 1049)",
			       "该身份号码不是男方的（民法典第一千零四十九条）"), 1;
	if (f->woman.sex != 'F')
		return mz_fail(why, MZ_EINVAL, "woman_id_number",
			       "the ID number is not a woman's (Civil Code Art. 1049)",
			       "该身份号码不是女方的（民法典第一千零四十九条）"), 1;
	if (refuse_age(&f->man, "man_id_number", on, why) ||
	    refuse_age(&f->woman, "woman_id_number", on, why))
		return 1;
	if ((r = refuse_married(c, &f->man, "man_id_number", why, e)) != 0 ||
	    (r = refuse_married(c, &f->woman, "woman_id_number", why, e)) != 0)
		return r;
	/* Kinship as far as the registry's family links show: members of one
	 * household, now or in the past, judged by their relations to its
	 * head; the gravest finding over every household they shared. */
	if (kinship_check(c, f, e))
		return -1;
	{
		if (f->kinship == MAR_KIN_PROHIBITED) {
			mz_failf(why, MZ_EINVAL, "kinship",
				 "the registry shows the parties are %s%.0s: marriage is prohibited between "
				 "lineal relatives and collateral relatives within three generations "
				 "(Civil Code Art. 1048)",
				 "%.0s户籍登记显示双方为%s，直系血亲或者三代以内的旁系血亲禁止结婚（民法典第一千零四十八条）",
				 f->kin_en, f->kin_zh);
			return 1;
		}
	}
	return 0;
}

int mar_marriage_precheck(store_conn *c, const access_ctx *who, const char *man_no,
			  const char *woman_no, char finding[16], mz_err *why, mz_err *e)
{
	pair_finding f;
	int r;

	mz_err_clear(why);
	r = pair_check(c, man_no, woman_no, mz_today(), &f, why, e);
	if (r < 0)
		return -1;
	if (audit_append(c, who, AUDIT_READ, "marriage.precheck", "person", f.man.id,
			 f.man.division_code, NULL, NULL, e))
		return -1;
	if (r > 0)
		mz_strlcpy(finding, "refused", 16);
	else if (f.kinship == MAR_KIN_UNCERTAIN) {
		mz_strlcpy(finding, "ask", 16);
		mz_failf(why, MZ_EINVAL, "kinship_note",
			 "the registry cannot tell whether the parties are related (%s%.0s): ask them and "
			 "record their answer (Civil Code Art. 1048)",
			 "%.0s户籍登记无法判断双方是否为禁婚亲属（%s），请询问当事人并记录（民法典第一千零四十八条）",
			 f.kin_en, f.kin_zh);
	} else
		mz_strlcpy(finding, "ok", 16);
	return 0;
}

static int insert_marriage(store_conn *c, const access_ctx *who, const mar_marriage_new *in,
			   const pair_finding *f, const char *today, int64_t *id_out, mz_err *e)
{
	char number[40];
	int64_t id;

	id = store_insert_id(c, e,
		"INSERT INTO mar_marriages (office_code, division_code, registered_on, man_id, woman_id,"
		" man_id_number, woman_id_number, man_name, woman_name, certificate_no, status,"
		" kinship_finding, kinship_note, cross_province, other_province, other_reference,"
		" appointment_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" '', 'registered', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		in->office_code, in->office_code, today, f->man.id, f->woman.id, f->man.id_number,
		f->woman.id_number, f->man.name, f->woman.name,
		f->kinship == MAR_KIN_UNCERTAIN ? "uncertain" : "none_found",
		in->kinship_note ? in->kinship_note : "", (int64_t)(in->cross_province != 0),
		in->other_province ? in->other_province : "",
		in->other_reference ? in->other_reference : "",
		store_arg_id_or_null(in->appointment_id), who->login, mz_now_unix(), mz_now_unix());
	if (id <= 0)
		return -1;
	/* The unique index on current spouses refuses a second marriage that
	 * another office registered since our check (ECONFLICT). */
	if (store_run(c, e, "INSERT INTO mar_spouses (person_id, marriage_id, division_code, since)"
			    " VALUES (?, ?, ?, ?)", f->man.id, id, in->office_code, today) < 0 ||
	    store_run(c, e, "INSERT INTO mar_spouses (person_id, marriage_id, division_code, since)"
			    " VALUES (?, ?, ?, ?)", f->woman.id, id, in->office_code, today) < 0)
		return -1;
	if (mar_certificate_issue_tx(c, who, "J", id, 0, in->office_code, 0, "", number, e) ||
	    store_run(c, e, "UPDATE mar_marriages SET certificate_no = ? WHERE id = ?", number, id) < 0)
		return -1;
	*id_out = id;
	return 0;
}

int mar_marriage_register(store_conn *c, const access_ctx *who, const mar_marriage_new *in,
			  int64_t *id_out, mz_err *e)
{
	pair_finding f;
	mz_err why = { 0 };
	char today[11], payload[160];
	json_t *detail;
	int r;

	if (mar_office_check(c, who, in->office_code, NULL, e))
		return -1;
	/* 民法典 第一千零四十九条: 男女双方应当亲自到婚姻登记机关申请结婚登记。 */
	if (!in->both_present)
		return mz_fail(e, MZ_EINVAL, "both_present",
			       "both parties must appear in person (Civil Code Art. 1049)",
			       "双方须亲自到场（民法典第一千零四十九条）");
	/* 婚姻登记条例 (2025): each signs that they have no spouse and no
	 * prohibited kinship with the other. */
	if (!in->man_declares)
		return mz_fail(e, MZ_EINVAL, "man_declares",
			       "the man must sign the declaration of no spouse and no prohibited kinship",
			       "男方须签署无配偶及无禁婚亲属关系声明");
	if (!in->woman_declares)
		return mz_fail(e, MZ_EINVAL, "woman_declares",
			       "the woman must sign the declaration of no spouse and no prohibited kinship",
			       "女方须签署无配偶及无禁婚亲属关系声明");
	if (in->cross_province && (!in->other_province || !*in->other_province))
		return mz_fail(e, MZ_EINVAL, "other_province",
			       "a cross-province registration names the other province",
			       "跨省通办须填写对方省份");
	if (in->cross_province && (!in->other_reference || !*in->other_reference))
		return mz_fail(e, MZ_EINVAL, "other_reference",
			       "a cross-province registration records the other province's reference",
			       "跨省通办须填写对方省份的登记（核查）编号");
	mz_day_format(mz_today(), today);
	if (store_begin(c, e))
		return -1;
	r = pair_check(c, in->man_id_number, in->woman_id_number, mz_today(), &f, &why, e);
	if (r > 0) {
		*e = why;
		goto fail;
	}
	if (r < 0)
		goto fail;
	if (f.kinship == MAR_KIN_UNCERTAIN && (!in->kinship_note || strlen(in->kinship_note) < 4)) {
		mz_failf(e, MZ_EINVAL, "kinship_note",
			 "the registry cannot tell whether the parties are related (%s%.0s): ask them and "
			 "record their answer in kinship_note (Civil Code Art. 1048)",
			 "%.0s户籍登记无法判断双方是否为禁婚亲属（%s），请询问当事人并在核实记录中填写（民法典第一千零四十八条）",
			 f.kin_en, f.kin_zh);
		goto fail;
	}
	if (in->appointment_id &&
	    store_run(c, e, "UPDATE mar_appointments SET status = 'done', updated_at = ?"
			    " WHERE id = ? AND status IN ('booked', 'confirmed')",
		      mz_now_unix(), in->appointment_id) < 0)
		goto fail;
	if (insert_marriage(c, who, in, &f, today, id_out, e))
		goto fail;
	detail = json_pack("{s:s,s:s,s:b,s:s,s:s}", "kinship",
			   f.kinship == MAR_KIN_UNCERTAIN ? "uncertain" : "none_found", "kinship_basis",
			   f.kin_en, "cross_province", in->cross_province != 0, "other_province",
			   in->other_province ? in->other_province : "", "other_reference",
			   in->other_reference ? in->other_reference : "");
	r = audit_append(c, who, AUDIT_WRITE, "marriage.register", "marriage", *id_out,
			 in->office_code, NULL, detail, e);
	json_decref(detail);
	snprintf(payload, sizeof(payload), "{\"man_id\":\"%lld\",\"woman_id\":\"%lld\"}",
		 (long long)f.man.id, (long long)f.woman.id);
	if (r || events_publish(c, who, EVENT_MARRIAGE_REGISTERED, *id_out, in->office_code, payload,
				NULL, e))
		goto fail;
	return store_commit(c, e);
fail:
	store_rollback(c);
	return -1;
}
