// Who may open the registry pages: service providers see no registry data;
// auditors read it but do not change it. The server enforces the real rules.
import { STAFF, canFor } from '../../lib/auth.js'

export const ACCESS = {
  read: [...STAFF, 'auditor'],
  write: STAFF,
}
export const can = canFor(ACCESS)
