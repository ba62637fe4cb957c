// Who may open which elderly-care page. Mirrors the route table
// (src/domains/eldercare/routes.c); the server enforces the real rules.
import { STAFF, OFFICERS, canFor } from '../../lib/auth.js'

export const ACCESS = {
  any: [...STAFF, 'auditor', 'service_provider'],
  counter: [...STAFF, 'service_provider'],
  canteens: [...STAFF, 'auditor', 'service_provider'],
  staff: [...STAFF, 'auditor'],
  write: STAFF,
  office: ['city_admin', 'district_officer', 'street_caseworker'],
  params: OFFICERS,
}
export const can = canFor(ACCESS)
