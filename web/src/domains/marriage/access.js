// Who may open which marriage-register page. Mirrors the route table
// (src/domains/marriage/routes.c): the registration officers are the
// district officers of the office's district and the city administrators;
// auditors read. A street caseworker does not register marriages. The
// server enforces the real rules.
import { canFor } from '../../lib/auth.js'

export const ACCESS = {
  read: ['city_admin', 'district_officer', 'auditor'],
  office: ['city_admin', 'district_officer'],
}
export const can = canFor(ACCESS)
