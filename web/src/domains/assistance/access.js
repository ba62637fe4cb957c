// Who may open which social-assistance page. Mirrors the route table
// (src/domains/assistance/routes.c); the server enforces the real rules.
import { STAFF, OFFICERS, canFor } from '../../lib/auth.js'

export const ACCESS = {
  cases: [...STAFF, 'auditor'],
  staff: STAFF,
  intake: ['city_admin', 'district_officer', 'street_caseworker'],
  payroll: [...OFFICERS, 'auditor'],
  payrollWrite: OFFICERS,
  override: OFFICERS,
}
export const can = canFor(ACCESS)
