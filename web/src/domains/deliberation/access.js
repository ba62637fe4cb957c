// Who may open which deliberation page. Mirrors the route table
// (src/domains/deliberation/routes.c); the server enforces the real rules.
import { STAFF, canFor } from '../../lib/auth.js'

export const ACCESS = {
  read: [...STAFF, 'auditor'],
  write: STAFF,
  office: ['city_admin', 'district_officer', 'street_caseworker'],
}
export const can = canFor(ACCESS)
