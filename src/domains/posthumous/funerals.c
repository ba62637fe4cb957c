/* funerals.c - funeral homes, cremation records, the basic funeral
 * service fee waiver (基本殡葬服务费减免: free for everyone in Guangzhou)
 * and the "1+N" eco-burial choice with its subsidy; the eco-burial rate
 * per district for the dashboard and the hall. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "base/buf.h"
#include "base/date.h"
#include "domains/posthumous/cases_internal.h"
#include "domains/posthumous/posthumous.h"
#include "registry/registry.h"

/* "1+N": niche storage of ashes first (the 1), plus sea scattering, lawn,
 * tree, flower-bed and wall burial (the N). A traditional grave is the
 * only choice that is not land-saving. */
static const char *const burial_kinds[] = { "niche", "sea", "lawn", "tree", "flower_bed",
					     "wall", "grave", NULL };

int ph_home_create(store_conn *c, const access_ctx *who, const char *name, const char *division,
		   const char *address, const char *phone, int64_t *id, mz_err *e)
{
	if (!name || strlen(name) < 2)
		return mz_fail(e, MZ_EINVAL, "name", "name is required", "须填写殡仪馆名称");
	if (!division || strlen(division) != 6 || strncmp(division, "4401", 4))
		return mz_fail(e, MZ_EINVAL, "division_code",
			       "division_code must be a district of Guangzhou (6 digits)",
			       "所在区须为广州市的区（6位代码）");
	if (!access_in_scope(who, division))
		return mz_fail(e, MZ_EFORBIDDEN, "division_code", "the district is outside your scope",
			       "该区不在您的管辖范围内");
	if (store_begin(c, e))
		return -1;
	*id = store_insert_id(c, e, "INSERT INTO ph_funeral_homes (name, division_code, address,"
				 " phone, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING"
				 " RETURNING id",
			      name, division, address ? address : "", phone ? phone : "",
			      mz_now_unix());
	if (*id == 0)
		mz_fail(e, MZ_ECONFLICT, "name", "a funeral home of that name exists",
			"同名殡仪馆已存在");
	if (*id <= 0 || audit_append(c, who, AUDIT_WRITE, "posthumous.home.create",
				     "ph_funeral_home", *id, division, NULL, NULL, e)) {
		store_rollback(c);
		return -1;
	}
	return store_commit(c, e);
}

json_t *ph_homes_list(store_conn *c, mz_err *e)
{
	json_t *items = json_array();
	store_stmt *st = store_prepare(c, "SELECT id, name, division_code, address, phone FROM"
				       " ph_funeral_homes ORDER BY division_code, name", e);
	int r;

	if (!st) {
		json_decref(items);
		return NULL;
	}
	while ((r = store_step(st, e)) == 1)
		json_array_append_new(items, json_pack(
			"{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)store_col_i64(st, 0), "name",
			store_col_text(st, 1), "division_code", store_col_text(st, 2), "address",
			store_col_text(st, 3), "phone", store_col_text(st, 4)));
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{s:o}", "items", items);
}

int ph_funeral_of_case(store_conn *c, int64_t person_id, int64_t case_id, json_t **out,
		       mz_err *e)
{
	int64_t id = 0, home = 0, fee = 0, waived = 0, eco = 0, subsidy = 0;
	char cremated[11] = "", no[64] = "", kind[16] = "", hname[128] = "";
	int r = store_row(c, e, "SELECT f.id, f.home_id, h.name, f.cremated_on, f.cremation_no,"
				" f.basic_fee_fen, f.waived_fen, f.burial_kind, f.eco, f.subsidy_fen"
				" FROM ph_funerals f JOIN ph_funeral_homes h ON h.id = f.home_id"
				" WHERE f.person_id = ? AND f.case_id = ?",
			  STORE_INTO(&id, &home, STORE_TEXT(hname), STORE_TEXT(cremated),
				     STORE_TEXT(no), &fee, &waived, STORE_TEXT(kind), &eco,
				     &subsidy),
			  person_id, case_id);

	*out = NULL;
	if (r <= 0)
		return r;
	*out = json_pack("{s:I,s:I,s:s,s:s,s:s,s:I,s:I,s:I,s:s,s:b,s:I}", "id", (json_int_t)id,
			 "home_id", (json_int_t)home, "home_name", hname, "cremated_on", cremated,
			 "cremation_no", no, "basic_fee_fen", (json_int_t)fee, "waived_fen",
			 (json_int_t)waived, "payable_fen", (json_int_t)(fee - waived),
			 "burial_kind", kind, "eco", (int)eco, "subsidy_fen", (json_int_t)subsidy);
	return 0;
}

json_t *ph_funeral_record(store_conn *c, const access_ctx *who, int64_t case_id,
			  const ph_funeral_in *in, mz_err *e)
{
	return ph_funeral_record_as(c, who, who, case_id, in, e);
}

json_t *ph_funeral_record_as(store_conn *c, const access_ctx *who, const access_ctx *scope,
			     int64_t case_id, const ph_funeral_in *in, mz_err *e)
{
	char division[16] = "", death[11] = "", pname[48];
	int64_t person_id = 0, cap = 0, subsidy = 0, fid, home_ok = 0;
	mz_day day = mz_day_parse(in->cremated_on ? in->cremated_on : "");
	int known = 0, eco, r;
	json_t *out = NULL;

	for (size_t i = 0; in->burial_kind && burial_kinds[i]; i++)
		known |= !strcmp(in->burial_kind, burial_kinds[i]);
	if (!known)
		return mz_fail(e, MZ_EINVAL, "burial_kind",
			       "burial_kind must be niche, sea, lawn, tree, flower_bed, wall or grave",
			       "安葬方式须为骨灰寄存、海葬、草坪葬、树葬、花坛葬、壁葬或墓穴"), NULL;
	if (day == MZ_DAY_INVALID || day > mz_today())
		return mz_fail(e, MZ_EINVAL, "cremated_on",
			       "cremated_on must be a date YYYY-MM-DD not in the future",
			       "火化日期须为不晚于今天的日期"), NULL;
	if (!in->cremation_no || strlen(in->cremation_no) < 2)
		return mz_fail(e, MZ_EINVAL, "cremation_no", "cremation_no is required",
			       "须填写火化证明编号"), NULL;
	if (in->basic_fee_fen < 0)
		return mz_fail(e, MZ_EINVAL, "basic_fee_fen", "basic_fee_fen must be 0 or more",
			       "基本殡葬服务费不能为负"), NULL;
	eco = strcmp(in->burial_kind, "grave") != 0;
	if (store_begin(c, e))
		return NULL;
	r = store_row(c, e, "SELECT person_id, division_code, death_date FROM ph_cases WHERE id = ?"
			    " AND " ACCESS_SCOPE_SQL("division_code"),
		      STORE_INTO(&person_id, STORE_TEXT(division), STORE_TEXT(death)), case_id,
		      access_scope_arg(scope));
	if (r == 0)
		mz_failf(e, MZ_ENOTFOUND, "id", "no posthumous case %lld", "身后事案件 %lld 不存在",
			 (long long)case_id);
	if (r <= 0)
		goto fail;
	if (day < mz_day_parse(death)) {
		mz_fail(e, MZ_EINVAL, "cremated_on", "cremated_on cannot be before the death",
			"火化日期不能早于死亡日期");
		goto fail;
	}
	r = store_row(c, e, "SELECT id FROM ph_funeral_homes WHERE id = ?", STORE_INTO(&home_ok),
		      in->home_id);
	if (r == 0)
		mz_fail(e, MZ_EINVAL, "home_id", "no such funeral home", "殡仪馆不存在");
	if (r <= 0)
		goto fail;
	/* 基本殡葬服务项目减免: the basic services are free, up to the cap in
	 * force on the cremation day; the eco-burial subsidy is the one of the
	 * kind chosen (a grave gets none). */
	snprintf(pname, sizeof(pname), "eco_subsidy.%s_fen", in->burial_kind);
	if (ph_param(c, "funeral.basic_waiver_cap_fen", day, &cap, e) ||
	    (eco && ph_param(c, pname, day, &subsidy, e)))
		goto fail;
	fid = store_insert_id(c, e, "INSERT INTO ph_funerals (case_id, person_id, division_code,"
				    " home_id, cremated_on, cremation_no, basic_fee_fen, waived_fen,"
				    " burial_kind, eco, subsidy_fen, recorded_by, recorded_at)"
				    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
				    " ON CONFLICT (person_id) DO NOTHING RETURNING id",
			      case_id, person_id, division, in->home_id, in->cremated_on,
			      in->cremation_no, in->basic_fee_fen,
			      in->basic_fee_fen < cap ? in->basic_fee_fen : cap, in->burial_kind,
			      eco, subsidy, who->login, mz_now_unix());
	if (fid == 0)
		mz_fail(e, MZ_ECONFLICT, "id", "the funeral of this case is recorded already",
			"该案件的殡葬信息已登记");
	if (fid <= 0 || audit_append(c, who, AUDIT_WRITE, "posthumous.funeral.record",
				     "ph_funeral", fid, division, NULL, NULL, e) ||
	    ph_funeral_of_case(c, person_id, case_id, &out, e) || store_commit(c, e))
		goto fail;
	return out;
fail:
	json_decref(out);
	store_rollback(c);
	return NULL;
}

json_t *ph_eco_rate(store_conn *c, const access_ctx *who, int year, mz_err *e)
{
	char lo[11], hi[11];
	json_t *items = json_array();
	int64_t all = 0, eco_all = 0;
	store_stmt *st;
	int r;

	snprintf(lo, sizeof(lo), "%04d-01-01", year);
	snprintf(hi, sizeof(hi), "%04d-01-01", year + 1);
	st = store_prepare(c, "SELECT SUBSTR(division_code, 1, 6), COUNT(*), SUM(eco) FROM"
			      " ph_funerals WHERE cremated_on >= ? AND cremated_on < ? AND "
			      ACCESS_SCOPE_SQL("division_code")
			      " GROUP BY SUBSTR(division_code, 1, 6) ORDER BY 1", e);
	if (!st) {
		json_decref(items);
		return NULL;
	}
	store_params(st, lo, hi, access_scope_arg(who));
	while ((r = store_step(st, e)) == 1) {
		int64_t n = store_col_i64(st, 1), k = store_col_i64(st, 2);
		char name[64] = "";

		all += n;
		eco_all += k;
		json_array_append_new(items, json_pack("{s:s,s:s,s:I,s:I,s:f}", "code",
						       store_col_text(st, 0), "name", name,
						       "funerals", (json_int_t)n, "eco",
						       (json_int_t)k, "rate",
						       n ? (double)k / (double)n : 0.0));
	}
	store_done(st);
	if (r < 0) {
		json_decref(items);
		return NULL;
	}
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		char name[128] = "";

		if (registry_division_lookup(c, json_string_value(json_object_get(it, "code")), name,
					     sizeof(name), e) < 0) {
			json_decref(items);
			return NULL;
		}
		json_object_set_new(it, "name", json_string(name));
	}
	if (audit_append(c, who, AUDIT_READ, "posthumous.eco_rate.read", "ph_funeral", 0, NULL,
			 NULL, NULL, e)) {
		json_decref(items);
		return NULL;
	}
	/* Guangzhou: 84.25% in 2020, goal >= 90% by 2025 (seeds 001, 002). */
	return json_pack("{s:i,s:o,s:{s:I,s:I,s:f},s:f}", "year", year, "districts", items,
			 "city", "funerals", (json_int_t)all, "eco", (json_int_t)eco_all, "rate",
			 all ? (double)eco_all / (double)all : 0.0, "goal", 0.90);
}
