// Who may open which safety-net page. Mirrors the route table
// (src/domains/safetynet/routes.c); the server enforces the real rules.
import { STAFF, canFor } from '../../lib/auth.js'

export const ACCESS = {
  read: [...STAFF, 'auditor'],
  work: STAFF,
  office: ['city_admin', 'district_officer', 'street_caseworker'],
  departments: ['city_admin', 'auditor'],
  admin: ['city_admin'],
}
export const can = canFor(ACCESS)
