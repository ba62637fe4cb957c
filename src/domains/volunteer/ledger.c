/* ledger.c - the time bank's hour ledger, double entry.
 *
 * Every movement has two legs (vol_postings): -minutes on the account it
 * leaves, +minutes on the account it reaches. The city's bank issues every
 * credited hour, so it carries minus the sum of all other balances and the
 * sum over every account is always zero. A movement is never edited or
 * deleted: a correction is a reversing movement naming the one it undoes,
 * with its reason. Limits are enforced by one conditional UPDATE per debit
 * (balance - m >= -floor), so two requests racing for the last minutes of an
 * account cannot both pass, on either engine. */
#include <stdio.h>
#include <string.h>

#include "access/audit.h"
#include "domains/volunteer/volunteer.h"
#include "store/query.h"

int vol_bank_account(store_conn *c, int64_t *id, mz_err *e)
{
	int r = store_row(c, e, "SELECT id FROM vol_accounts WHERE kind = ? AND owner_id = ?",
			  STORE_INTO(id), "bank", 0);

	if (r == 0)
		return mz_fail(e, MZ_EINTERNAL, "", "the city's bank account is missing",
			       "时间银行总账户缺失");
	return r < 0 ? -1 : 0;
}

int vol_account_ensure_tx(store_conn *c, const char *kind, int64_t owner_id,
			  const char *division, const char *name, int64_t floor, int64_t *id,
			  mz_err *e)
{
	int r = store_row(c, e, "SELECT id FROM vol_accounts WHERE kind = ? AND owner_id = ?",
			  STORE_INTO(id), kind, owner_id);

	if (r != 0)
		return r < 0 ? -1 : 0;
	*id = store_insert_id(c, e, "INSERT INTO vol_accounts (kind, owner_id, division_code, name,"
			      " balance, floor_minutes, status, created_at)"
			      " VALUES (?, ?, ?, ?, 0, ?, 'open', ?) RETURNING id",
			      kind, owner_id, division, name, floor, mz_now_unix());
	return *id > 0 ? 0 : -1;
}

static int account_refusal(store_conn *c, int64_t id, int64_t minutes, mz_err *e)
{
	char status[8] = "";
	int64_t balance = 0;
	int r = store_row(c, e, "SELECT status, balance FROM vol_accounts WHERE id = ?",
			  STORE_INTO(STORE_TEXT(status), &balance), id);

	if (r < 0)
		return -1;
	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "account", "no such account", "账户不存在");
	if (strcmp(status, "open"))
		return mz_fail(e, MZ_ESTATE, "account", "the account is closed", "账户已关闭");
	return mz_failf(e, MZ_ESTATE, "minutes",
			"the balance (%lld minutes) does not cover %lld minutes within the account's limit",
			"余额（%lld 分钟）不足以支付 %lld 分钟（超出账户透支额度）",
			(long long)balance, (long long)minutes);
}

int vol_ledger_post_tx(store_conn *c, const access_ctx *who, const vol_move *m, int64_t *id_out,
		       mz_err *e)
{
	int64_t now = mz_now_unix(), n, id;
	char detail[160];

	if (m->minutes <= 0)
		return mz_fail(e, MZ_EINVAL, "minutes", "minutes must be positive", "时长须大于零");
	if (m->from_account == m->to_account)
		return mz_fail(e, MZ_EINVAL, "account", "a movement needs two different accounts",
			       "转出与转入账户不能相同");
	n = store_run(c, e, "UPDATE vol_accounts SET balance = balance - ? WHERE id = ?"
		      " AND status = 'open' AND (floor_minutes IS NULL OR balance - ? >= -floor_minutes)",
		      m->minutes, m->from_account, m->minutes);
	if (n < 0)
		return -1;
	if (n == 0)
		return account_refusal(c, m->from_account, m->minutes, e);
	n = store_run(c, e, "UPDATE vol_accounts SET balance = balance + ? WHERE id = ? AND status = 'open'",
		      m->minutes, m->to_account);
	if (n < 0)
		return -1;
	if (n == 0)
		return account_refusal(c, m->to_account, 0, e);
	id = store_insert_id(c, e, "INSERT INTO vol_movements (kind, from_account_id, to_account_id,"
			     " minutes, reverses_id, ref_kind, ref_id, division_code, reason, created_by,"
			     " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			     m->kind, m->from_account, m->to_account, m->minutes,
			     store_arg_id_or_null(m->reverses_id), m->ref_kind ? m->ref_kind : "",
			     m->ref_id, m->division, m->reason ? m->reason : "", who->login, now);
	if (id <= 0)
		return -1;
	if (store_run(c, e, "INSERT INTO vol_postings (account_id, movement_id, minutes, created_at)"
		      " VALUES (?, ?, ?, ?)", m->from_account, id, -m->minutes, now) < 0 ||
	    store_run(c, e, "INSERT INTO vol_postings (account_id, movement_id, minutes, created_at)"
		      " VALUES (?, ?, ?, ?)", m->to_account, id, m->minutes, now) < 0)
		return -1;
	snprintf(detail, sizeof(detail), "{\"kind\":\"%s\",\"from\":%lld,\"to\":%lld,\"minutes\":%lld}",
		 m->kind, (long long)m->from_account, (long long)m->to_account,
		 (long long)m->minutes);
	if (audit_append(c, who, AUDIT_WRITE, "volunteer.movement.post", "vol_movement", id,
			 m->division, m->reason ? m->reason : "", detail, e))
		return -1;
	if (id_out)
		*id_out = id;
	return 0;
}

int vol_ledger_reverse(store_conn *c, const access_ctx *who, int64_t movement_id,
		       const char *reason, int64_t *id_out, mz_err *e)
{
	char kind[16] = "", division[16] = "";
	int64_t from = 0, to = 0, minutes = 0, reverses = 0, done = 0;
	vol_move m;
	int r;

	if (!reason || strlen(reason) < 4)
		return mz_fail(e, MZ_EINVAL, "reason", "a correction needs its reason",
			       "冲正须填写原因");
	if (store_begin(c, e))
		return -1;
	r = store_row(c, e, "SELECT kind, from_account_id, to_account_id, minutes,"
		      " COALESCE(reverses_id, 0), division_code FROM vol_movements WHERE id = ? AND "
		      ACCESS_SCOPE_SQL("division_code"),
		      STORE_INTO(STORE_TEXT(kind), &from, &to, &minutes, &reverses,
				 STORE_TEXT(division)), movement_id, access_scope_arg(who));
	if (r == 0)
		mz_fail(e, MZ_ENOTFOUND, "", "no such movement", "流水不存在");
	if (r <= 0)
		goto fail;
	if (reverses || !strcmp(kind, "reversal")) {
		mz_fail(e, MZ_ESTATE, "", "a reversal is not reversed: post a new movement",
			"冲正流水不能再冲正");
		goto fail;
	}
	if (store_row(c, e, "SELECT COUNT(*) FROM vol_movements WHERE reverses_id = ?",
		      STORE_INTO(&done), movement_id) < 0)
		goto fail;
	if (done) {
		mz_fail(e, MZ_ESTATE, "", "this movement has already been reversed", "该流水已冲正");
		goto fail;
	}
	m = (vol_move){ .kind = "reversal", .from_account = to, .to_account = from,
			.minutes = minutes, .reverses_id = movement_id, .ref_kind = "movement",
			.ref_id = movement_id, .division = division, .reason = reason };
	if (vol_ledger_post_tx(c, who, &m, id_out, e) || store_commit(c, e))
		goto fail;
	return 0;
fail:
	store_rollback(c);
	return -1;
}

int vol_ledger_check(store_conn *c, vol_ledger_report *out, mz_err *e)
{
	memset(out, 0, sizeof(*out));
	if (store_begin_read(c, e))
		return -1;
	if (store_row(c, e, "SELECT COUNT(*), COALESCE(SUM(balance), 0) FROM vol_accounts WHERE id > ?",
		      STORE_INTO(&out->accounts, &out->total), 0) < 0 ||
	    store_row(c, e, "SELECT COUNT(*) FROM vol_movements WHERE id > ?",
		      STORE_INTO(&out->movements), 0) < 0 ||
	    store_row(c, e, "SELECT COUNT(*) FROM vol_accounts a WHERE a.balance <> COALESCE(("
		      "SELECT SUM(p.minutes) FROM vol_postings p WHERE p.account_id = a.id), 0)"
		      " AND a.id > ?", STORE_INTO(&out->bad_balances), 0) < 0 ||
	    /* Movements are distributed by id, postings with their accounts:
	     * on Citus a subquery on postings correlated by movement is refused.
	     * So the movements are read once (materialized), their postings
	     * summed per movement against that list (a join to an intermediate
	     * result, which every shard takes), and the two compared; a movement
	     * without legs, with other than two, legs not summing to zero, or no
	     * credit of its minutes to its to-account is bad. */
	    store_row(c, e, "WITH m AS MATERIALIZED (SELECT id, to_account_id, minutes"
		      "  FROM vol_movements WHERE id > ?),"
		      " legs AS MATERIALIZED (SELECT p.movement_id, COUNT(*) AS n, SUM(p.minutes) AS total,"
		      "  SUM(CASE WHEN p.account_id = m.to_account_id THEN p.minutes END) AS credit"
		      "  FROM vol_postings p JOIN m ON m.id = p.movement_id GROUP BY p.movement_id)"
		      " SELECT COUNT(*) FROM m LEFT JOIN legs l ON l.movement_id = m.id"
		      " WHERE l.n IS NULL OR l.n <> 2 OR l.total <> 0 OR l.credit IS NULL"
		      " OR l.credit <> m.minutes",
		      STORE_INTO(&out->bad_movements), 0) < 0 ||
	    store_row(c, e, "SELECT COUNT(*) FROM vol_accounts WHERE floor_minutes IS NOT NULL"
		      " AND balance < -floor_minutes AND id > ?", STORE_INTO(&out->below_floor), 0) < 0) {
		store_rollback(c);
		return -1;
	}
	store_rollback(c);
	out->ok = !out->bad_balances && !out->bad_movements && !out->below_floor && !out->total;
	return 0;
}

int vol_account_get(store_conn *c, const access_ctx *who, int64_t id, vol_account *out,
		    mz_err *e)
{
	int64_t vid = 0, floor = 0;
	int floor_null = 0, r;
	store_out floor_out = { .i64 = &floor, .is_null = &floor_null };

	if (vol_acting_volunteer(c, who, &vid, e))
		return -1;
	memset(out, 0, sizeof(*out));
	r = store_row(c, e, "SELECT id, kind, owner_id, division_code, name, balance, floor_minutes,"
		      " status FROM vol_accounts WHERE id = ? AND " ACCESS_SCOPE_SQL("division_code")
		      " AND (? = 0 OR (kind = 'volunteer' AND owner_id = ?))",
		      STORE_INTO(&out->id, STORE_TEXT(out->kind), &out->owner_id,
				 STORE_TEXT(out->division_code), STORE_TEXT(out->name), &out->balance,
				 floor_out,
				 STORE_TEXT(out->status)),
		      id, access_scope_arg(who), vid, vid);
	if (r == 0)
		return mz_fail(e, MZ_ENOTFOUND, "", "no such account", "账户不存在");
	if (r < 0)
		return -1;
	out->floor = floor;
	out->has_floor = !floor_null;
	return 0;
}
