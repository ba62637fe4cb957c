// Who may open the policy pages: whoever reads the registry (the worklist names
// households). The server enforces the real rules.
import { STAFF, canFor } from '../../lib/auth.js'

export const ACCESS = {
  read: [...STAFF, 'auditor'],
}
export const can = canFor(ACCESS)
