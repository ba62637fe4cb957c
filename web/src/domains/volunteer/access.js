// Who may open which volunteer page. Mirrors src/domains/volunteer/routes.c;
// the server enforces the real rules (and a volunteer's login sees only its
// own records).
import { STAFF, canFor } from '../../lib/auth.js'

export const ACCESS = {
  staff: [...STAFF, 'auditor'],
  write: STAFF,
  office: ['city_admin', 'district_officer', 'street_caseworker'],
  ledger: [...STAFF, 'auditor'],
  check: ['city_admin', 'auditor'],
  volunteer: ['service_provider'],
  activities: [...STAFF, 'auditor', 'service_provider'],
}
export const can = canFor(ACCESS)
