/* bank.c - what the time bank does with the ledger: credit confirmed
 * service, exchange points for services, transfer to family.
 *
 * 广州公益时间银行 (launched city-wide 2019-08-26): 1 hour of service =
 * 1 point; points may be exchanged once 100 hours of service have been
 * credited; a cap on points held (1,500 points, unverified). The numbers
 * are dated parameters in vol_params. */
#include <string.h>

#include "access/audit.h"
#include "domains/volunteer/volunteer.h"
#include "registry/registry.h"
#include "store/query.h"

/* The volunteer's account and division; the volunteer must be in scope, and
 * a volunteer login may act only for itself. */
static int volunteer_account_tx(store_conn *c, const access_ctx *who, int64_t volunteer_id,
				int64_t *account, char division[16], mz_err *e)
{
	char name[128] = "", status[16] = "";
	int64_t self = 0;
	int r;

	if (vol_acting_volunteer(c, who, &self, e))
		return -1;
	if (self && self != volunteer_id)
		return mz_fail(e, MZ_ENOTFOUND, "", "no such volunteer", "志愿者不存在");
	r = store_row(c, e, "SELECT name, division_code, status FROM vol_volunteers WHERE id = ? AND "
		      ACCESS_SCOPE_SQL("division_code"),
		      STORE_INTO(STORE_TEXT(name), store_out_text(division, 16), STORE_TEXT(status)),
		      volunteer_id, access_scope_arg(who));
	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "", "no such volunteer", "志愿者不存在");
	if (r < 0)
		return -1;
	return vol_account_ensure_tx(c, "volunteer", volunteer_id, division, name, 0, account, e);
}

int vol_credit_service_tx(store_conn *c, const access_ctx *who, int64_t volunteer_id,
			  const char *kind, const char *ref_kind, int64_t ref_id, int64_t minutes,
			  const char *division, int64_t *credited, mz_err *e)
{
	char vdiv[16] = "", name[128] = "";
	int64_t cap, bank, account, balance = 0;
	vol_move m;

	*credited = 0;
	if (minutes <= 0)
		return 0;
	if (vol_param_int(c, "bank.cap_minutes", mz_today(), &cap, e) || vol_bank_account(c, &bank, e))
		return -1;
	if (store_row(c, e, "SELECT name, division_code FROM vol_volunteers WHERE id = ?",
		      STORE_INTO(STORE_TEXT(name), STORE_TEXT(vdiv)), volunteer_id) <= 0)
		return mz_fail(e, MZ_ENOTFOUND, "", "no such volunteer", "志愿者不存在");
	if (vol_account_ensure_tx(c, "volunteer", volunteer_id, vdiv, name, 0, &account, e) ||
	    store_row(c, e, "SELECT balance FROM vol_accounts WHERE id = ?", STORE_INTO(&balance),
		      account) < 0)
		return -1;
	/* The cap bounds what an account holds: service beyond it is still
	 * recorded on the order, but earns no more points. */
	if (balance + minutes > cap)
		minutes = cap > balance ? cap - balance : 0;
	if (!minutes)
		return 0;
	m = (vol_move){ .kind = kind, .from_account = bank, .to_account = account,
			.minutes = minutes, .ref_kind = ref_kind, .ref_id = ref_id,
			.division = division, .reason = "服务时长确认入账" };
	if (vol_ledger_post_tx(c, who, &m, NULL, e))
		return -1;
	*credited = minutes;
	return 0;
}

/* Minutes of service credited to an account and not reversed since. The
 * credits first (materialized), then the reversals of those credits: on
 * Citus, where movements are distributed by id, an EXISTS correlated on
 * reverses_id is refused; a join to the credits' intermediate result is not. */
static int earned_minutes(store_conn *c, int64_t account, int64_t *out, mz_err *e)
{
	return store_row(c, e, "WITH credits AS MATERIALIZED (SELECT id, minutes FROM vol_movements"
			 "  WHERE to_account_id = ? AND kind IN ('service', 'activity')),"
			 " reversed AS MATERIALIZED (SELECT DISTINCT r.reverses_id AS id FROM vol_movements r"
			 "  JOIN credits k ON k.id = r.reverses_id)"
			 " SELECT COALESCE(SUM(k.minutes), 0) FROM credits k LEFT JOIN reversed x ON x.id = k.id"
			 " WHERE x.id IS NULL",
			 STORE_INTO(out), account) < 0 ? -1 : 0;
}

int vol_exchange(store_conn *c, const access_ctx *who, int64_t volunteer_id,
		 const char *service_code, int64_t minutes, const char *reason, int64_t *movement_id,
		 mz_err *e)
{
	char division[16] = "", svc[32] = "";
	int64_t account, bank, earned = 0, threshold;
	vol_move m;
	int r;

	if (store_begin(c, e))
		return -1;
	if (volunteer_account_tx(c, who, volunteer_id, &account, division, e) ||
	    vol_bank_account(c, &bank, e) ||
	    vol_param_int(c, "bank.exchange_min_minutes", mz_today(), &threshold, e) ||
	    earned_minutes(c, account, &earned, e))
		goto fail;
	r = store_row(c, e, "SELECT code FROM vol_services WHERE code = ?", STORE_INTO(STORE_TEXT(svc)),
		      service_code);
	if (r <= 0) {
		if (r == 0)
			mz_fail(e, MZ_EINVAL, "service_code", "no such service in the catalogue",
				"服务目录中没有该服务");
		goto fail;
	}
	/* 广州公益时间银行: points are exchanged from 100 hours of service. */
	if (earned < threshold) {
		mz_failf(e, MZ_ESTATE, "minutes",
			 "points can be exchanged from %lld hours of credited service; this volunteer has %lld minutes",
			 "累计服务满%lld小时方可兑换，该志愿者已累计%lld分钟",
			 (long long)(threshold / 60), (long long)earned);
		goto fail;
	}
	m = (vol_move){ .kind = "exchange", .from_account = account, .to_account = bank,
			.minutes = minutes, .ref_kind = "service", .division = division,
			.reason = reason };
	if (vol_ledger_post_tx(c, who, &m, movement_id, e) || store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

int vol_transfer_family(store_conn *c, const access_ctx *who, int64_t volunteer_id,
			int64_t person_id, int64_t minutes, const char *reason,
			int64_t *movement_id, mz_err *e)
{
	char division[16] = "";
	int64_t account, family, vperson = 0;
	registry_person self, kin;
	vol_move m;

	if (store_begin(c, e))
		return -1;
	if (volunteer_account_tx(c, who, volunteer_id, &account, division, e) ||
	    store_row(c, e, "SELECT person_id FROM vol_volunteers WHERE id = ?", STORE_INTO(&vperson),
		      volunteer_id) < 0 ||
	    registry_person_find_any(c, vperson, &self, e))
		goto fail;
	if (registry_person_find_any(c, person_id, &kin, e)) {
		mz_fail(e, MZ_EINVAL, "person_id", "no such person", "受让人不存在");
		goto fail;
	}
	/* Transfers go only to family: a member of the volunteer's own
	 * household in the registry, alive, not the volunteer. */
	if (kin.id == self.id || !self.household_id || kin.household_id != self.household_id ||
	    kin.death != MZ_DAY_INVALID) {
		mz_fail(e, MZ_ESTATE, "person_id",
			"points go only to a living member of the volunteer's own household",
			"时间积分只能转赠给同一户籍家庭的在世成员");
		goto fail;
	}
	if (vol_account_ensure_tx(c, "family", kin.id, kin.division_code, kin.name, 0, &family, e))
		goto fail;
	m = (vol_move){ .kind = "transfer", .from_account = account, .to_account = family,
			.minutes = minutes, .ref_kind = "person", .ref_id = kin.id,
			.division = division, .reason = reason };
	if (vol_ledger_post_tx(c, who, &m, movement_id, e) || store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}
