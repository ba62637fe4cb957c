// Who may open which posthumous page. Mirrors the route table
// (src/domains/posthumous/routes.c); the server enforces the real rules.
import { STAFF, OFFICERS, canFor } from '../../lib/auth.js'

export const ACCESS = {
  read: [...STAFF, 'auditor'],
  write: STAFF,
  admin: OFFICERS,
  // A funeral home's staff: its own home's cremations (the server checks the link).
  home: ['service_provider'],
}
export const can = canFor(ACCESS)
