// Who may open the administration pages. The server enforces the real rules.
import { OFFICERS, canFor } from '../../lib/auth.js'

export const ACCESS = {
  users: OFFICERS,
  audit: ['auditor', 'city_admin'],
  // Jobs and event delivery run for the whole city: city administrators only.
  jobs: ['city_admin'],
  // The working-day calendar is the city's: city administrators enter it.
  calendar: ['city_admin'],
}
export const can = canFor(ACCESS)
