/* org_link.h - a staff account that acts for one organisation.
 *
 * A funeral home's staff, a service provider's operators, a volunteer who
 * signs in: each is a service_provider account linked to exactly one
 * organisation, because the account's division scope alone would let it
 * see every other organisation of its district. The domain owns the
 * organisation and the table that holds the link; linking is the same
 * everywhere and lives here: the account must exist within the linker's
 * scope and be a service_provider, a login is linked to one organisation at
 * a time (a new link replaces an old one), and the change is audited with
 * the login in the same transaction.
 *
 * The domain first checks its own rules (the reason, the organisation and
 * that it lies in the linker's scope), then calls access_org_link_set with
 * the organisation's division and a description of its link table:
 *
 *	static const access_org_link home_staff = {
 *		.unlink_sql = "DELETE FROM ph_home_users WHERE login = ?",
 *		.link_sql = "INSERT INTO ph_home_users (login, home_id, linked_by, linked_at)"
 *			    " VALUES (?, ?, ?, ?)",
 *		.link_records_linker = 1,
 *		.audit_action = "posthumous.home.link_user",
 *		.audit_entity = "ph_funeral_home",
 *	};
 */
#ifndef MZ_ORG_LINK_H
#define MZ_ORG_LINK_H

#include <stdint.h>

#include "access/access.h"
#include "base/err.h"
#include "store/store.h"

typedef struct access_org_link {
	/* Drops whatever link the login has; one parameter: the login. */
	const char *unlink_sql;
	/* Writes the new link; parameters: the login, the organisation's id,
	 * and when link_records_linker is set also the linker's login and the
	 * time (Unix seconds). */
	const char *link_sql;
	int link_records_linker;
	const char *audit_action; /* "eldercare.provider.link_user", ... */
	const char *audit_entity; /* the organisation's entity name, "ec_provider", ... */
	/* The English message when the account is no service_provider (NULL:
	 * "only a service_provider account can be linked"). */
	const char *role_rule_en;
} access_org_link;

/* Links login to the organisation org_id of division (the division is the
 * audit record's): checks that login names a service_provider account
 * within who's scope, then in one transaction drops the login's previous
 * link, writes the new one and appends the audit record (detail
 * {"login": ...}). The caller has checked the reason and that the
 * organisation lies in who's scope. 0, or -1 with e filled and nothing
 * changed. The login's errors are MZ_EINVAL on field "login": missing, no
 * account of that login within who's scope, or an account of another role
 * (the English text link->role_rule_en). */
int access_org_link_set(store_conn *c, const access_ctx *who, const access_org_link *link,
			int64_t org_id, const char *division, const char *login, const char *reason,
			mz_err *e);

#endif
