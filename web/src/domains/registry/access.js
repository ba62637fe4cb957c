// Who may open the registry pages: service providers see no registry data;
// auditors read it but do not change it. The server enforces the real rules.
import { STAFF, canFor } from '../../lib/auth.js'

export const ACCESS = {
  read: [...STAFF, 'auditor'],
  write: STAFF,
  // The household page lists the household's enrollments: the roles of
  // GET /api/v1/enrollments (CASE_READERS in src/domains/assistance/routes.c).
  enrollments: [...STAFF, 'auditor'],
}
export const can = canFor(ACCESS)
