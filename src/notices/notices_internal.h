/* notices_internal.h - shared between the notices room's files. */
#ifndef MZ_NOTICES_INTERNAL_H
#define MZ_NOTICES_INTERNAL_H

#include "access/user.h"
#include "notices/notices.h"

/* notices_to_scope_tx over a list of accounts the caller read once (the
 * reminder job writes hundreds of notices from one list). */
int notices_to_users_tx(store_conn *c, const access_users *users, unsigned roles,
			const char *except, const notice_new *n, int *added, mz_err *e);
/* Every account (access_user_list under the system context "notices"). */
int notices_users_load(store_conn *c, access_users *users, mz_err *e);

#endif
