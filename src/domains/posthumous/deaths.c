/* deaths.c - death registration: a notice or a report becomes the
 * registry's death (person.died, published once in this transaction) and
 * the posthumous case with its tasks. */
#include <string.h>

#include "access/audit.h"
#include "base/date.h"
#include "domains/posthumous/posthumous.h"
#include "registry/idcard.h"
#include "registry/registry.h"

static const char *const causes[] = { "disease", "natural", "accident", "other", "unknown", NULL };
static const char *const places[] = { "hospital", "home", "elsewhere", NULL };
static const char *const sources[] = { "hospital", "police", "family", NULL };
static const char *const documents[] = { "death_certificate", "police_notice", "id_card",
					  "hukou_book", "cremation_certificate", NULL };

static int one_of(const char *v, const char *const *set)
{
	for (size_t i = 0; v && set[i]; i++)
		if (!strcmp(v, set[i]))
			return 1;
	return 0;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* Every listed document must be one we know (a comma list, no blanks). */
static int check_documents(const char *list, mz_err *e)
{
	const char *p = or_empty(list);

	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		int ok = 0;

		for (size_t i = 0; documents[i]; i++)
			if (strlen(documents[i]) == n && !strncmp(p, documents[i], n))
				ok = 1;
		if (!ok)
			return mz_fail(e, MZ_EINVAL, "documents",
				       "documents must be a comma list of death_certificate,"
				       " police_notice, id_card, hukou_book, cremation_certificate",
				       "材料须为死亡医学证明、警方通知、身份证、户口簿、火化证明之一或多项");
		p += n + (end ? 1 : 0);
	}
	return 0;
}

static int check_report(const ph_death_report *in, mz_err *e)
{
	idcard_info info;
	mz_day d = mz_day_parse(or_empty(in->death_date));

	if (!one_of(in->source, sources))
		return mz_fail(e, MZ_EINVAL, "source", "source must be hospital, police or family",
			       "报告来源须为医院、公安或家属");
	if (!one_of(in->cause_category, causes))
		return mz_fail(e, MZ_EINVAL, "cause_category",
			       "cause_category must be disease, natural, accident, other or unknown",
			       "死亡原因类别不正确");
	if (!one_of(in->place_kind, places))
		return mz_fail(e, MZ_EINVAL, "place_kind",
			       "place_kind must be hospital, home or elsewhere",
			       "死亡地点类别须为医院、家中或其他");
	if (d == MZ_DAY_INVALID || d > mz_today())
		return mz_fail(e, MZ_EINVAL, "death_date",
			       "death_date must be a date YYYY-MM-DD not in the future",
			       "死亡日期须为不晚于今天的日期（YYYY-MM-DD）");
	/* A family's report names its agent: the agent follows the case and is
	 * who the progress page answers. Notices from a hospital or the police
	 * may come without one. */
	if (!strcmp(in->source, "family") && !*or_empty(in->reporter_id_number))
		return mz_fail(e, MZ_EINVAL, "reporter_id_number",
			       "a family's report names the reporting agent's ID number",
			       "家属报告须填写经办人身份证号码");
	if (*or_empty(in->reporter_id_number) &&
	    idcard_parse(in->reporter_id_number, &info, NULL))
		return mz_fail(e, MZ_EINVAL, "reporter_id_number",
			       "reporter_id_number is not a valid citizen ID number (GB 11643)",
			       "报告人身份证号码不正确");
	if (!strcmp(in->source, "family") && !*or_empty(in->reporter_name))
		return mz_fail(e, MZ_EINVAL, "reporter_name", "a family's report names the reporter",
			       "家属报告须填写报告人姓名");
	return check_documents(in->documents, e);
}

int ph_death_register(store_conn *c, const access_ctx *who, const ph_death_report *in,
		      ph_death_result *out, mz_err *e)
{
	registry_person p;
	char agent[19] = "";
	int64_t report_id;

	memset(out, 0, sizeof(*out));
	if (check_report(in, e))
		return -1;
	if (*or_empty(in->reporter_id_number)) {
		idcard_info info;

		if (idcard_parse(in->reporter_id_number, &info, e))
			return -1;
		memcpy(agent, info.number, sizeof(agent));
	}
	if (registry_person_find_by_number(c, who, in->id_number, &p, e))
		return -1;
	if (!strcmp(agent, p.id_number))
		return mz_fail(e, MZ_EINVAL, "reporter_id_number",
			       "the reporter cannot be the deceased", "报告人不能是死者本人");
	if (store_begin(c, e))
		return -1;
	if (ph_case_open_tx(c, who, p.id, p.division_code, in->death_date, in->cause_category,
			    in->place_kind, or_empty(in->place), 0, &out->case_id, &out->case_opened,
			    e))
		goto fail;
	report_id = store_insert_id(c, e, "INSERT INTO ph_reports (case_id, person_id, division_code,"
				       " source, reporter_name, reporter_id_number, reporter_relation,"
				       " reporter_phone, documents, reported_by, reported_at)"
				       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				    out->case_id, p.id, p.division_code, in->source,
				    or_empty(in->reporter_name), agent, or_empty(in->reporter_relation),
				    or_empty(in->reporter_phone), or_empty(in->documents), who->login,
				    mz_now_unix());
	if (report_id <= 0)
		goto fail;
	/* The registry's own death path: one person.died, in this transaction. */
	if (registry_person_record_death_tx(c, who, p.id, in->death_date, "死亡登记",
					    &out->death_recorded, e))
		goto fail;
	if (audit_append(c, who, AUDIT_WRITE, "posthumous.death.register", "person", p.id,
			 p.division_code, "死亡登记",
			 out->case_opened ? "{\"case\":\"opened\"}" : "{\"case\":\"joined\"}", e))
		goto fail;
	if (store_commit(c, e))
		return -1;
	out->person_id = p.id;
	return 0;
fail:
	store_rollback(c);
	return -1;
}
